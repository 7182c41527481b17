"""Property checks for open answers: many answers can be right.

A property check receives the student's answer and the parameters from the answer
specification and returns a list of problems (plain sentences); an empty list means the
answer has the required properties. Checks that need a model import it only when they
run, so the rest of the checker works while a model is missing.

>>> sorted(PROPERTIES)
['bargaining_change_meets', 'model_answer', 'sequence_meets']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from korea_talks.checks.early_sets import CODINGS as EARLY_CODINGS
from korea_talks.checks.early_sets import COMPUTE as EARLY_SETS
from korea_talks.checks.later_sets import COMPUTE as LATER_SETS
from korea_talks.checks.normalize import AnswerTypeError
from korea_talks.checks.readings import CODINGS as READING_CODINGS
from korea_talks.checks.readings import READINGS, missile_record

PropertyCheck = Callable[[Any, dict[str, Any]], list[str]]
PROPERTIES: dict[str, PropertyCheck] = {}
Recorder = Callable[[Any, dict[str, Any]], Any]
RECORDERS: dict[str, Recorder] = {}
"""How a graded check records an answer of each property (its form only, as plain data)."""


DESIGN_PARAMS: dict[str, tuple[str, ...]] = {
    "sequence_meets": (
        "verdicts",
        "must_include",
        "must_exclude",
        "max_moves",
        "first",
        "min_new_moves",
        "lenses",
    ),
    "bargaining_change_meets": ("year", "fields", "parties", "min_moves", "min_outcome"),
}
"""The design checks (a model re-run on the student's own design) and the parameters a
variant of a design item may set (:func:`korea_talks.grading.variants.design_template`)."""


class PropertyUnavailableError(ValueError):
    """A property check needs a model that is not installed in this checkout."""


def register(name: str) -> Callable[[PropertyCheck], PropertyCheck]:
    """Register a property check under ``name`` (the value of ``property`` in a spec)."""

    def wrap(func: PropertyCheck) -> PropertyCheck:
        PROPERTIES[name] = func
        return func

    return wrap


def records(name: str) -> Callable[[Recorder], Recorder]:
    """Register how answers to the property check ``name`` are recorded."""

    def wrap(func: Recorder) -> Recorder:
        RECORDERS[name] = func
        return func

    return wrap


def record_property(name: str, answer: Any, params: dict[str, Any]) -> Any:
    """The answer to a property question as plain data (raises :class:`AnswerTypeError`)."""
    if name not in RECORDERS:
        raise KeyError(f"no recorder for property check {name!r}")
    return RECORDERS[name](answer, params)


def run_property(name: str, answer: Any, params: dict[str, Any]) -> list[str]:
    """Run the property check ``name``; unknown names raise ``KeyError`` with the known ones."""
    if name not in PROPERTIES:
        raise KeyError(f"unknown property check {name!r}; known: {', '.join(sorted(PROPERTIES))}")
    return PROPERTIES[name](answer, params)


def _move_list(answer: Any) -> list[str]:
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        raise AnswerTypeError(
            f"expected a list of move ids such as ['us-dprk-talks', ...], got "
            f"{type(answer).__name__}"
        )
    if not all(isinstance(m, str) for m in answer):
        raise AnswerTypeError("expected every move to be a move id (a str)")
    return list(answer)


@records("sequence_meets")
def _record_moves(answer: Any, params: dict[str, Any]) -> list[str]:
    return _move_list(answer)


@register("sequence_meets")
def sequence_meets(answer: Any, params: dict[str, Any]) -> list[str]:
    """A negotiation sequence that the sequence model carries to an allowed verdict.

    Parameters: ``verdicts`` (allowed verdict values), optional ``must_include`` and
    ``must_exclude`` (move ids), ``max_moves``, ``first`` (the move that must come
    first), ``min_new_moves`` (``{preset, count}``: at least ``count`` moves that the
    preset does not contain, so that deleting moves from the preset cannot meet the task)
    and ``lenses`` (lens ids: the verdict must be allowed under each of them; by default
    the author's reading alone).
    """
    moves = _move_list(answer)
    try:
        from korea_talks.sequence import load_catalogue, simulate
    except ImportError:
        raise PropertyUnavailableError(
            "the sequence model (korea_talks.sequence) is not installed"
        ) from None
    catalogue = load_catalogue()
    unknown = [m for m in moves if m not in catalogue.moves]
    if unknown:
        return [f"unknown move id(s) {', '.join(map(repr, unknown))} (see the move catalogue)"]
    problems = []
    max_moves = params.get("max_moves")
    if max_moves and len(moves) > max_moves:
        problems.append(f"use at most {max_moves} moves (you used {len(moves)})")
    first = params.get("first")
    if first and (not moves or moves[0] != first):
        problems.append(f"the sequence must open with {first!r}")
    for move in params.get("must_include", ()):
        if move not in moves:
            problems.append(f"the sequence must contain {move!r}")
    for move in params.get("must_exclude", ()):
        if move in moves:
            problems.append(f"the sequence must not contain {move!r}")
    new = params.get("min_new_moves")
    if new:
        from korea_talks.sequence import get_preset

        old = set(get_preset(new["preset"]).moves)
        added = {m for m in moves if m not in old}
        if len(added) < int(new["count"]):
            problems.append(
                f"add at least {new['count']} moves that {new['preset']!r} does not contain "
                f"(you added {len(added)}): deleting moves is not enough"
            )
    if problems:
        return problems
    allowed = list(params.get("verdicts", ()))
    named = list(params.get("lenses", ()))
    for lens in named or [None]:
        result = simulate(moves, lens=lens) if lens else simulate(moves, catalogue=catalogue)
        verdict = str(getattr(result.verdict, "value", result.verdict))
        if verdict not in allowed:
            where = f" under the {lens!r} lens" if lens else ""
            problems.append(
                f"the model's verdict{where} is {verdict!r} ({result.verdict_text}); "
                f"the task asks for {' or '.join(map(repr, allowed))}"
            )
    return problems


def _preset_verdict(name: str) -> str:
    from korea_talks.sequence import get_preset, simulate

    return simulate(get_preset(name).moves).verdict.value


def _lens_verdict(
    lens: str, preset: str | None = None, moves: list[str] | None = None, **changes: float
) -> str:
    """The verdict of a preset (or of ``moves``) under ``lens``, with parameters changed."""
    from korea_talks.sequence import get_preset, verdict_of
    from korea_talks.sequence.lenses import lens_catalogue

    sequence = list(get_preset(preset).moves) if preset else list(moves or ())
    catalogue = lens_catalogue(lens)
    for name, value in changes.items():
        catalogue = catalogue.with_parameters(catalogue.parameters.with_value(name, value))
    return verdict_of(sequence, catalogue=catalogue).value


def _insertion_positions(preset: str, move: str, verdict: str, lens: str = "author") -> list[int]:
    """The positions (0: before the first move) at which inserting ``move`` into a preset
    makes its verdict ``verdict`` under ``lens``, in increasing order."""
    from korea_talks.sequence import get_preset, verdict_of
    from korea_talks.sequence.lenses import lens_catalogue

    base = list(get_preset(preset).moves)
    catalogue = lens_catalogue(lens)
    return [
        i
        for i in range(len(base) + 1)
        if verdict_of([*base[:i], move, *base[i:]], catalogue=catalogue).value == verdict
    ]


def _deletion_positions(preset: str, lens: str = "author") -> list[int]:
    """The positions (0: the first step) of a preset's steps whose deletion alone changes
    its verdict under ``lens``, in increasing order."""
    from korea_talks.sequence import get_preset, verdict_of
    from korea_talks.sequence.lenses import lens_catalogue

    base = list(get_preset(preset).moves)
    catalogue = lens_catalogue(lens)
    whole = verdict_of(base, catalogue=catalogue)
    return [
        i
        for i in range(len(base))
        if verdict_of([*base[:i], *base[i + 1 :]], catalogue=catalogue) != whole
    ]


def _robust_count(moves: list[str], target: str) -> int:
    """How many orderings of ``moves`` reach at least ``target`` under every lens."""
    from korea_talks.sequence import robust_orderings

    return robust_orderings(moves, target=target).count


def _freeze_equilibrium() -> str:
    from korea_talks.games import FreezeGame

    cells = []
    for eq in FreezeGame.default().equilibria():
        nk = "freeze" if eq.north_korea[0] == 1 else "test" if eq.north_korea[1] == 1 else ""
        us = "suspend" if eq.united_states[0] == 1 else "continue" if eq.united_states[1] else ""
        if nk and us:
            cells.append(f"{nk}_{us}")
    return ",".join(sorted(cells))


def _game_type() -> str:
    from korea_talks.games import FreezeGame

    return FreezeGame.default().classify().name


def _patience(strategy: str) -> float | None:
    from korea_talks.games import FreezeGame, patience_threshold

    return patience_threshold(FreezeGame.default(), strategy)


def _match_total(north_korea: str, united_states: str, rounds: int, player: str) -> float:
    from korea_talks.games import play_match

    return play_match(north_korea, united_states, rounds=rounds).totals[player]


def _bargaining_outcome(year: int = 2017, **changes: dict[str, float]) -> float:
    """The weighted mean after the rounds for ``year``'s six-party table, with changes."""
    from korea_talks.bargaining import run_model

    return run_model(_six_party_table(year, changes)).predicted_outcome


def _six_party_table(year: int, changes: dict[str, dict[str, float]]) -> Any:
    from korea_talks.bargaining import six_parties

    table = six_parties(year)
    for name, values in changes.items():
        table = table.replace(name, **values)
    return table


def _bargaining_median(year: int = 2017, **changes: dict[str, float]) -> float:
    """The model's first forecast (the median) for ``year``'s six-party table, with changes."""
    from korea_talks.bargaining import run_model

    return run_model(_six_party_table(year, changes)).initial_median


def _closest_actor(to: str) -> str:
    from korea_talks.bargaining import six_parties_2017

    table = six_parties_2017()
    target = dict(zip(table.names, table.positions, strict=True))[to]
    others = [(abs(p - target), n) for n, p in zip(table.names, table.positions, strict=True)]
    return min(o for o in others if o[1] != to)[1]


def _closest_actor_stability(to: str, noise: float, draws: int = 200_000) -> float:
    """How often the coded closest actor to ``to`` stays closest when every coded position
    moves by independent uniform noise in [-noise, noise] (a large seeded simulation)."""
    import numpy as np

    from korea_talks.bargaining import six_parties_2017

    table = six_parties_2017()
    names = list(table.names)
    positions = np.asarray(table.positions, dtype=float)
    target = names.index(to)
    coded = _closest_actor(to)
    rng = np.random.default_rng(20170704)
    moved = positions + rng.uniform(-noise, noise, size=(draws, len(names)))
    gaps = np.abs(moved - moved[:, [target]])
    gaps[:, target] = np.inf
    return float((gaps.argmin(axis=1) == names.index(coded)).mean())


def _launch_days(year: int, split: str) -> tuple[int, int, int, int]:
    """Launch days of ``year`` (by Korean date) and days of the year, before/after ``split``."""
    import pandas as pd

    tests = missile_record()
    days = tests.loc[tests["date_kst"].dt.year == year, "date_kst"].drop_duplicates()
    cut = pd.Timestamp(split)
    year_days = (pd.Timestamp(f"{year + 1}-01-01") - pd.Timestamp(f"{year}-01-01")).days
    after_days = (pd.Timestamp(f"{year + 1}-01-01") - cut).days
    return len(days), int((days >= cut).sum()), year_days, after_days


def _random_timing_share(year: int, split: str) -> float:
    """The chance that launch days placed at random in the year put as many after ``split``.

    Exact (hypergeometric): the launch days are drawn without repetition from the days of
    the year, and we ask how often at least the observed number fall after the split.
    """
    from math import comb

    launch, after, year_days, after_days = _launch_days(year, split)
    before_days = year_days - after_days
    total = comb(year_days, launch)
    hits = sum(
        comb(after_days, k) * comb(before_days, launch - k)
        for k in range(after, min(launch, after_days) + 1)
    )
    return hits / total


def _tests_between(start: str, end: str) -> Any:
    """The missiles tested from ``start`` to ``end`` (Korean dates, both included)."""
    tests = missile_record()
    return tests[(tests["date_kst"] >= start) & (tests["date_kst"] <= end)]


def _highest_apogee_missile(start: str, end: str) -> str:
    """The ``missile_name`` of the highest flight (apogee) from ``start`` to ``end``."""
    window = _tests_between(start, end)
    return str(window.loc[window["apogee_km"].idxmax(), "missile_name"])


def _success_percentage(start: str, end: str) -> float:
    """The percentage of missiles (rows) from ``start`` to ``end`` whose outcome is a success."""
    window = _tests_between(start, end)
    return float(100 * (window["outcome"] == "success").mean())


def _launch_days_split(year: int, split: str) -> list[int]:
    """Launch days of ``year`` (Korean dates) before ``split`` and from it to the year's end."""
    launch, after, _, _ = _launch_days(year, split)
    return [launch - after, after]


def _launch_day_count(start: str, end: str) -> int:
    """The launch days (distinct Korean dates) from ``start`` to ``end``, both included."""
    return int(_tests_between(start, end)["date_kst"].nunique())


def _missiles_per_year(years: list[int]) -> list[int]:
    """The missiles (rows) tested in each of ``years`` (Korean dates), 0 for a year without."""
    tests = missile_record()
    per_year = tests.groupby(tests["date_kst"].dt.year).size()
    return [int(n) for n in per_year.reindex(list(years), fill_value=0)]


COMPUTE: dict[str, Callable[..., object]] = {
    "preset_verdict": _preset_verdict,
    "lens_verdict": _lens_verdict,
    "insertion_positions": _insertion_positions,
    "deletion_positions": _deletion_positions,
    "robust_count": _robust_count,
    "freeze_equilibrium": _freeze_equilibrium,
    "game_type": _game_type,
    "patience": _patience,
    "match_total": _match_total,
    "bargaining_outcome": _bargaining_outcome,
    "bargaining_median": _bargaining_median,
    "closest_actor": _closest_actor,
    "random_timing_share": _random_timing_share,
    "closest_actor_stability": _closest_actor_stability,
    "highest_apogee_missile": _highest_apogee_missile,
    "success_percentage": _success_percentage,
    "launch_day_count": _launch_day_count,
    "launch_days_split": _launch_days_split,
    "missiles_per_year": _missiles_per_year,
    **EARLY_SETS,
    **LATER_SETS,
    **READINGS,
}
"""Model computations whose result a ``model_answer`` question expects."""

CODED_READINGS: dict[str, Mapping[str, bool]] = {**EARLY_CODINGS, **READING_CODINGS}
"""The computations of :data:`COMPUTE` whose answer is a coded reading of the article
(:mod:`korea_talks.checks.codings`), each with its practice coding: a graded variant of
their items is marked against the instructor's coding, passed as the ``coding`` argument."""


@records("model_answer")
def _record_model_answer(answer: Any, params: dict[str, Any]) -> Any:
    from korea_talks.checks.normalize import normalized_value

    return normalized_value(
        params.get("kind", "text"),
        answer,
        options=tuple(params.get("options", ())),
        decimals=int(params.get("decimals", 0)),
    )


@register("model_answer")
def model_answer(answer: Any, params: dict[str, Any]) -> list[str]:
    """An answer computed with one of the project's models, recomputed here.

    Parameters: ``compute`` (a key of :data:`COMPUTE`), ``args`` (its keyword arguments),
    ``kind`` (``text`` or ``number``) and, for numbers, ``decimals`` and optionally
    ``tolerance`` (for an estimate the student simulates: how far from the exact value it
    may be); a ``choice`` or ``choices`` answer also has its ``options`` (the letters).
    Recomputing keeps
    the key right when an instructor changes a model's data, and keeps it out of the
    notebook.
    """
    from korea_talks.checks.normalize import normalize

    try:
        expected = COMPUTE[params["compute"]](**params.get("args", {}))
    except ImportError:
        raise PropertyUnavailableError(f"the model for {params['compute']!r} is missing") from None
    kind = params.get("kind", "text")
    decimals = int(params.get("decimals", 0))
    options = tuple(params.get("options", ()))
    given = normalize(kind, answer, options=options, decimals=decimals)
    tolerance = params.get("tolerance")
    if kind == "number" and tolerance is not None:  # a simulated estimate of ``expected``
        if abs(float(answer) - float(str(expected))) <= float(tolerance):
            return []
        return ["that is too far from what the model gives for a simulation of that size"]
    if kind == "number":
        step = 0.5 * 10.0**-decimals
        near = {normalize(kind, float(answer) + d, decimals=decimals) for d in (-step, 0, step)}
        if normalize(kind, expected, decimals=decimals) in near:
            return []
    elif given == normalize(kind, expected, options=options):
        return []
    return ["that is not what the model gives"]


def _table_change(answer: Any) -> tuple[str, str, float]:
    shape = "a list [party, field, value] such as ['Japan', 'salience', 40]"
    if isinstance(answer, str) or not isinstance(answer, list | tuple) or len(answer) != 3:
        raise AnswerTypeError(f"expected {shape}")
    party, field, value = answer
    if not isinstance(party, str) or not isinstance(field, str):
        raise AnswerTypeError(f"expected {shape}: the party and the field are str")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerTypeError(f"expected {shape}: the value is a number")
    return party, field, float(value)


@records("bargaining_change_meets")
def _record_table_change(answer: Any, params: dict[str, Any]) -> list[object]:
    party, field, value = _table_change(answer)
    return [party, field, value]


@register("bargaining_change_meets")
def bargaining_change_meets(answer: Any, params: dict[str, Any]) -> list[str]:
    """One changed number of a year's six-party table that makes the bargaining model meet
    a target.

    Parameters: ``year`` (the table), ``fields`` (the fields that may change),
    ``parties`` (the parties whose row may change; by default any), ``min_moves`` (the
    model must find at least this many accepted offers) and
    ``min_outcome`` (the weighted mean after the rounds must be at least this).
    """
    party, field, value = _table_change(answer)
    try:
        from korea_talks.bargaining import ActorInputError, run_model, six_parties
    except ImportError:
        raise PropertyUnavailableError("the bargaining model is not installed") from None
    table = six_parties(int(params.get("year", 2024)))
    fields = list(params.get("fields", ("position", "capability", "salience")))
    if party not in table.names:
        return [f"unknown party {party!r}; the parties are {', '.join(table.names)}"]
    if field not in fields:
        return [f"change one of {', '.join(fields)}, not {field!r}"]
    parties = list(params.get("parties", ()))
    if parties and party not in parties:
        return [f"change the row of {' or '.join(parties)}, not {party!r}"]
    try:
        changed = table.replace(party, **{field: value})
    except ActorInputError as exc:
        return [str(exc)]
    result = run_model(changed, rounds=10)
    problems = []
    if len(result.moves) < int(params.get("min_moves", 0)):
        problems.append(
            f"with that change the model finds {len(result.moves)} accepted offers; the task "
            f"asks for at least {params.get('min_moves')}"
        )
    target = params.get("min_outcome")
    if target is not None and result.predicted_outcome < float(target):
        problems.append(
            f"the weighted mean after the rounds is {result.predicted_outcome:.1f}; the task "
            f"asks for at least {target}"
        )
    return problems
