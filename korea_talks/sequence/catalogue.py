"""Load and validate the move catalogue and the model's parameters.

The moves live in ``korea_talks/data/moves.toml`` and the tunable numbers (initial state,
growth of capability, verdict threshold, probabilities) in
``korea_talks/data/sequence_parameters.toml``. Both are checked on load: a problem raises
:class:`~korea_talks.sequence.errors.CatalogueError` naming the file, the move (or
parameter) and the field.

A move has preconditions (if one fails, the move "goes nowhere" and the reason is
reported) and an ordered list of rules: the first rule whose conditions hold fires.
A rule may carry a ``chance`` (a probability parameter): in deterministic mode it fires
when the parameter says the article expects it to; with a seed it fires at random.

Conditions are short expressions over the state: ``us_dprk_channel``,
``not security_regime``, ``trust >= 4``, ``freeze >= 1``. Effects change variables:
a number is added (``trust = 1.5``), ``"= 2"`` sets a value, ``"at least 1"`` raises a
value to a floor, and ``true``/``false`` open or close a flag.

>>> cat = load_catalogue()
>>> len(cat.moves) >= 24
True
>>> cat.get("us_direct_talks").actor
'US'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from korea_talks.actors import ACTORS
from korea_talks.datafiles import DATA_DIR, Entry, read_toml
from korea_talks.sections import sort_key
from korea_talks.sequence.conditions import (
    OPERATORS,
    Chance,
    CompiledEffect,
    Test,
)
from korea_talks.sequence.errors import CatalogueError, SequenceModelError, UnknownMoveError
from korea_talks.sequence.frames import frame
from korea_talks.sequence.state import INDEX, NAMES, VARIABLES, State, get_variable

if TYPE_CHECKING:  # the rule table is made by korea_talks.sequence.frames, on demand
    import pandas as pd

MOVES_PATH = DATA_DIR / "moves.toml"
PRESETS_PATH = DATA_DIR / "presets.toml"
PARAMETERS_PATH = DATA_DIR / "sequence_parameters.toml"

_COND_RE = re.compile(
    r"^\s*(not\s+)?([a-z_]+)\s*(?:(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?|[a-z_]+))?\s*$"
)
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Condition:
    """A test on one state variable, e.g. ``trust >= 4`` or ``not strike``.

    The right-hand side may name a threshold parameter (``capability >= parity_capability``):
    ``threshold`` holds its name and ``value`` its default; the simulator reads the value
    of the parameters in use, so a lens or a sensitivity run can move it.
    """

    variable: str
    op: str
    value: float
    source: str
    threshold: str | None = None


@dataclass(frozen=True)
class Effect:
    """A change of one variable: ``add`` a number, ``set`` a value or raise to ``at_least``."""

    variable: str
    kind: str
    value: float

    def describe(self) -> str:
        """Say the effect in a few words, e.g. ``trust +1.5`` or ``freeze at least 1``."""
        var = get_variable(self.variable)
        if var.kind == "flag":
            return f"{self.variable} {'opens' if self.value else 'closes'}"
        if self.kind == "add":
            return f"{self.variable} {self.value:+g}"
        if self.kind == "set":
            return f"{self.variable} = {self.value:g}"
        return f"{self.variable} at least {self.value:g}"


@dataclass(frozen=True)
class Precondition:
    """What must hold for a move to have any effect, and the reason given if it does not."""

    id: str
    require: tuple[Condition, ...]
    reason: str
    sections: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One case of a move: conditions, an optional chance, effects and their explanation."""

    id: str
    when: tuple[Condition, ...]
    chance: str | None
    effects: tuple[Effect, ...]
    text: str
    sections: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Move:
    """A diplomatic or military move by one actor."""

    id: str
    actor: str
    label: str
    description: str
    sections: tuple[str, ...]
    preconditions: tuple[Precondition, ...]
    rules: tuple[Rule, ...]

    @property
    def uncertain(self) -> bool:
        """True if one of the move's rules depends on a documented probability."""
        return any(rule.chance for rule in self.rules)


@dataclass(frozen=True)
class Probability:
    """A documented probability for a response the article (or a critic) hedges.

    ``low``-``high`` is the documented range the uncertainty mode draws from.
    """

    name: str
    value: float
    sections: tuple[str, ...]
    rationale: str
    low: float = 0.0
    high: float = 1.0
    sources: tuple[str, ...] = ()

    @property
    def deterministic(self) -> bool:
        """Does the response happen in deterministic mode? (its more likely branch)"""
        return self.value >= 0.5


@dataclass(frozen=True)
class Threshold:
    """A number that rules and verdicts compare the state with, and its defensible range."""

    name: str
    value: float
    low: float
    high: float
    sections: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tunable:
    """One parameter a reader can vary: a threshold, a growth rate or a probability."""

    name: str
    kind: str
    value: float
    low: float
    high: float
    sections: tuple[str, ...]
    sources: tuple[str, ...]
    rationale: str


GROWTH_NAMES = ("growth_no_freeze", "growth_moratorium")
"""Names of the two growth rates a reader can vary (the programme freeze stops growth)."""


@dataclass(frozen=True)
class Parameters:
    """The tunable numbers of the model, each with sections and a rationale."""

    initial: State
    growth: tuple[float, float, float]
    growth_sections: tuple[str, ...]
    growth_rationale: str
    verdict_sections: tuple[str, ...]
    verdict_rationale: str
    probabilities: dict[str, Probability]
    path: Path
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    growth_ranges: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 1.0), (0.0, 1.0))

    @property
    def war_tension(self) -> float:
        """The crisis threshold: tension at which the path records a war scare."""
        return self.thresholds["war_tension"].value

    @property
    def settlement_trust(self) -> float:
        """The trust a settlement track needs."""
        return self.thresholds["settlement_trust"].value

    def tunables(self) -> list[Tunable]:
        """Every parameter a reader can vary, with its value and documented range.

        >>> [t.name for t in load_parameters().tunables()][:3]
        ['war_tension', 'settlement_trust', 'parity_capability']
        """
        out = [
            Tunable(t.name, "threshold", t.value, t.low, t.high, t.sections, t.sources, t.rationale)
            for t in self.thresholds.values()
        ]
        for level, name in enumerate(GROWTH_NAMES):
            low, high = self.growth_ranges[level]
            out.append(
                Tunable(
                    name,
                    "growth",
                    self.growth[level],
                    low,
                    high,
                    self.growth_sections,
                    (),
                    self.growth_rationale,
                )
            )
        out.extend(
            Tunable(
                p.name, "probability", p.value, p.low, p.high, p.sections, p.sources, p.rationale
            )
            for p in self.probabilities.values()
        )
        return out

    def with_value(self, name: str, value: float) -> Parameters:
        """A copy with parameter ``name`` set to ``value`` (ranges are not checked here).

        >>> load_parameters().with_value("settlement_trust", 5).settlement_trust
        5.0
        """
        if name in self.thresholds:
            thresholds = dict(self.thresholds)
            thresholds[name] = replace(thresholds[name], value=float(value))
            return replace(self, thresholds=thresholds)
        if name in GROWTH_NAMES:
            growth = list(self.growth)
            growth[GROWTH_NAMES.index(name)] = float(value)
            return replace(self, growth=(growth[0], growth[1], growth[2]))
        if name in self.probabilities:
            probabilities = dict(self.probabilities)
            probabilities[name] = replace(probabilities[name], value=float(value))
            return replace(self, probabilities=probabilities)
        known = [t.name for t in self.tunables()]
        raise CatalogueError(f"unknown parameter {name!r}; allowed: {', '.join(known)}")


@dataclass(frozen=True)
class Catalogue:
    """The moves (by id, in file order) and the parameters of the model."""

    moves: dict[str, Move]
    parameters: Parameters
    path: Path
    lens: str = "author"
    _compiled: dict[str, CompiledMove] = field(default_factory=dict, repr=False, compare=False)

    def with_parameters(self, parameters: Parameters) -> Catalogue:
        """The same moves under other parameter values (a fresh, uncompiled catalogue)."""
        return Catalogue(self.moves, parameters, self.path, self.lens)

    def compiled(self, move_id: str) -> CompiledMove:
        """The move ``move_id`` compiled under this catalogue's parameters (cached).

        >>> load_catalogue().compiled("dprk_test_moratorium").rules[0].rule.id
        'unilateral-test-moratorium'
        """
        found = self._compiled.get(move_id)
        if found is None:
            found = compile_move(self.get(move_id), self.parameters)
            self._compiled[move_id] = found
        return found

    def get(self, move_id: str) -> Move:
        """Return the move with this id, or raise :class:`UnknownMoveError`.

        >>> try:
        ...     load_catalogue().get("us_direct_talk")
        ... except UnknownMoveError as error:
        ...     print(error.suggestions[0])
        us_direct_talks
        """
        try:
            return self.moves[move_id]
        except (KeyError, TypeError):
            raise UnknownMoveError(
                move_id, self.moves, preset=isinstance(move_id, str) and move_id in preset_names()
            ) from None

    def check_sequence(self, move_ids: Iterable[str]) -> list[Move]:
        """Return the moves of a sequence of ids, raising on the first unknown id.

        >>> load_catalogue().check_sequence(5)
        Traceback (most recent call last):
        ...
        korea_talks.sequence.errors.SequenceModelError: a sequence must be a list of move ids \
(strings), not int 5; e.g. ["us_direct_talks", "us_moratorium_for_moratorium"]
        """
        raw: object = move_ids  # callers may pass anything; say what was wrong
        if isinstance(raw, str):
            return [self.get(raw)]
        if isinstance(raw, bytes | bytearray) or not isinstance(raw, Iterable):
            raise SequenceModelError(
                "a sequence must be a list of move ids (strings), not "
                f"{type(raw).__name__} {repr(raw)[:40]}; "
                'e.g. ["us_direct_talks", "us_moratorium_for_moratorium"]'
            )
        return [self.get(move_id) for move_id in raw]

    def by_actor(self) -> dict[str, list[Move]]:
        """Moves grouped by actor, actors in :data:`ACTORS` order."""
        groups: dict[str, list[Move]] = {actor: [] for actor in ACTORS}
        for move in self.moves.values():
            groups[move.actor].append(move)
        return groups

    def rule_table(self) -> pd.DataFrame:
        """One row per precondition and rule: move, actor, rule id, when, effects, sections.

        This is the table the book prints; it is generated, never typed by hand. It is
        :meth:`rule_rows` as a DataFrame (needs pandas).
        """
        return frame(self.rule_rows())

    def rule_rows(self) -> list[dict[str, str]]:
        """The rows of :meth:`rule_table` as plain dicts (standard library only).

        >>> load_catalogue().rule_rows()[0]["kind"] in ("precondition", "rule")
        True
        """
        rows = []
        for move in self.moves.values():
            for pre in move.preconditions:
                rows.append(
                    {
                        "move": move.id,
                        "actor": move.actor,
                        "rule": pre.id,
                        "kind": "precondition",
                        "when": "unless " + " and ".join(c.source for c in pre.require),
                        "effect": "goes nowhere: " + pre.reason,
                        "chance": "",
                        "sections": ", ".join(pre.sections),
                        "rationale": pre.rationale,
                    }
                )
            for rule in move.rules:
                rows.append(
                    {
                        "move": move.id,
                        "actor": move.actor,
                        "rule": rule.id,
                        "kind": "rule",
                        "when": " and ".join(c.source for c in rule.when) or "otherwise",
                        "effect": "; ".join(e.describe() for e in rule.effects) or "no change",
                        "chance": rule.chance or "",
                        "sections": ", ".join(rule.sections),
                        "rationale": rule.rationale,
                    }
                )
        return rows


# --------------------------------------------------------------------------- loading


@cache
def preset_names() -> frozenset[str]:
    """The names of the presets in the presets file, read without checking the presets.

    The catalogue uses them to point a preset name given as a move to the presets; the
    presets themselves (:mod:`korea_talks.sequence.presets`) are checked against the
    catalogue, so they cannot be loaded here.

    >>> "author-roadmap" in preset_names()
    True
    """
    with PRESETS_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    entries = data.get("presets", [])
    return frozenset(e["name"] for e in entries if isinstance(e, dict) and "name" in e)


def parse_condition(
    text: str, where: str = "condition", thresholds: Mapping[str, Threshold] | None = None
) -> Condition:
    """Parse a condition such as ``"trust >= 4"`` or ``"not strike"``.

    The number may be replaced by the name of a threshold parameter.

    >>> parse_condition("trust >= 4")
    Condition(variable='trust', op='>=', value=4.0, source='trust >= 4', threshold=None)
    >>> parse_condition("not strike").op
    '=='
    >>> parse_condition("capability >= parity_capability",
    ...                 thresholds=load_parameters().thresholds).threshold
    'parity_capability'
    """
    match = _COND_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise CatalogueError(
            f"{where}: {text!r} is not a condition; allowed: 'name', 'not name' or "
            "'name OP number' (or 'name OP threshold') with OP one of >=, <=, >, <, ==, !="
        )
    negated, name, op, number = match.groups()
    if name not in INDEX:
        raise CatalogueError(
            f"{where}: unknown state variable {name!r}; allowed: {', '.join(NAMES)}"
        )
    if op is None:
        if get_variable(name).kind == "scale":
            raise CatalogueError(
                f"{where}: {name!r} is a 0-10 scale; compare it with a number, e.g. '{name} >= 4'"
            )
        return Condition(name, "==" if negated else ">=", 0.0 if negated else 1.0, text.strip())
    if negated:
        raise CatalogueError(f"{where}: {text!r}: use 'not' only with a flag, without OP")
    if number[0].isalpha() or number[0] == "_":
        known = thresholds or {}
        if number not in known:
            raise CatalogueError(
                f"{where}: {text!r}: unknown threshold {number!r}; allowed: a number or one "
                f"of {', '.join(sorted(known)) or '(no thresholds defined)'}"
            )
        return Condition(name, op, known[number].value, text.strip(), number)
    return Condition(name, op, float(number), text.strip())


def _sections(entry: Entry) -> tuple[str, ...]:
    return tuple(sorted(entry.sections(), key=sort_key))


def _conditions(
    entry: Entry,
    name: str,
    required: bool,
    thresholds: Mapping[str, Threshold] | None = None,
) -> tuple[Condition, ...]:
    allowed = 'a list of conditions such as ["us_dprk_channel", "trust >= 4"]'
    value = entry.table.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or (required and not value):
        entry.fail(name, "missing, empty or not a list", allowed)
    return tuple(parse_condition(item, entry.where(name), thresholds) for item in value)


_KEY_RE = re.compile(r"^[A-Za-z][\w:-]*$")


def _sources(entry: Entry, required: bool = False) -> tuple[str, ...]:
    """Bibliography keys of a rule or parameter (the tests check them against the book)."""
    keys = entry.texts("sources", required=required)
    for key in keys:
        if not _KEY_RE.match(key):
            entry.fail(
                "sources", f"{key!r} is not a bibliography key", 'keys such as ["toloraya2017"]'
            )
    return keys


def _effects(entry: Entry) -> tuple[Effect, ...]:
    value = entry.table.get("effects", {})
    if not isinstance(value, dict):
        entry.fail("effects", "not a table", "a table such as { trust = 1, tension = -1 }")
    effects = []
    for name, raw in value.items():
        if name not in INDEX:
            entry.fail("effects", f"unknown state variable {name!r}", ", ".join(NAMES))
        var = get_variable(name)
        if var.kind == "flag":
            if not isinstance(raw, bool):
                entry.fail("effects", f"{name} is a flag", "true or false")
            effects.append(Effect(name, "set", float(raw)))
            continue
        if isinstance(raw, bool):
            entry.fail("effects", f"{name} is not a flag", "a number")
        if isinstance(raw, int | float):
            effects.append(Effect(name, "add", float(raw)))
            continue
        match = re.match(r"^\s*(=|at least)\s*(-?\d+(?:\.\d+)?)\s*$", str(raw))
        if not match:
            entry.fail(
                "effects",
                f"{name} = {raw!r}",
                "a number to add, '= value' or 'at least value'",
            )
        kind = "set" if match.group(1) == "=" else "at_least"
        number = float(match.group(2))
        if not var.low <= number <= var.high:
            entry.fail("effects", f"{name} = {raw!r} is outside {var.low:g}-{var.high:g}")
        effects.append(Effect(name, kind, number))
    return tuple(effects)


def _identifier(entry: Entry, seen: set[str]) -> str:
    value = entry.table.get("id")
    if not isinstance(value, str) or not _ID_RE.match(value):
        entry.fail(
            "id",
            f"{value!r} is not a valid id",
            "lower-case letters, digits, '_' and '-', starting with a letter",
        )
    if value in seen:
        entry.fail("id", f"{value!r} is used twice")
    seen.add(value)
    return value


PRECONDITION_KEYS = ("id", "require", "reason", "sections", "rationale")
RULE_KEYS = ("id", "text", "sections", "rationale")
RULE_OPTIONAL_KEYS = ("when", "chance", "effects", "sources")


def parse_precondition(
    entry: Entry,
    seen: set[str],
    thresholds: Mapping[str, Threshold] | None = None,
    sources_required: bool = False,
    extra_keys: tuple[str, ...] = (),
) -> Precondition:
    """Check one precondition table (used by the catalogue and by lens files)."""
    pre_id = _identifier(entry, seen)
    entry.keys(required=PRECONDITION_KEYS, optional=("sources", *extra_keys))
    return Precondition(
        pre_id,
        _conditions(entry, "require", True, thresholds),
        entry.text("reason"),
        _sections(entry),
        entry.text("rationale"),
        _sources(entry, sources_required),
    )


def parse_rule(
    entry: Entry,
    seen: set[str],
    probabilities: Mapping[str, Probability],
    thresholds: Mapping[str, Threshold] | None = None,
    sources_required: bool = False,
    extra_keys: tuple[str, ...] = (),
) -> Rule:
    """Check one rule table (used by the catalogue and by lens files)."""
    rule_id = _identifier(entry, seen)
    entry.keys(required=RULE_KEYS, optional=(*RULE_OPTIONAL_KEYS, *extra_keys))
    chance = entry.choice("chance", sorted(probabilities)) if entry.has("chance") else None
    return Rule(
        rule_id,
        _conditions(entry, "when", False, thresholds),
        chance,
        _effects(entry),
        entry.text("text"),
        _sections(entry),
        entry.text("rationale"),
        _sources(entry, sources_required),
    )


def _parse_move(
    entry: Entry,
    rule_ids: set[str],
    move_ids: set[str],
    probabilities: dict[str, Probability],
    thresholds: Mapping[str, Threshold] | None = None,
) -> Move:
    move_id = _identifier(entry, move_ids)
    entry.keys(
        required=("id", "actor", "label", "description", "sections", "rules"),
        optional=("preconditions",),
    )
    actor = entry.choice("actor", ACTORS)
    preconditions = [
        parse_precondition(pre, rule_ids, thresholds)
        for pre in entry.entries("preconditions", "precondition", required=False)
    ]
    rules = [
        parse_rule(rule, rule_ids, probabilities, thresholds)
        for rule in entry.entries("rules", "rule")
    ]
    last = rules[-1]
    if last.when or last.chance:
        entry.fail(
            "rules",
            f"the last rule ({last.id!r}) has a 'when' or a 'chance'",
            "a last rule with neither, so that some rule always fires",
        )
    return Move(
        move_id,
        actor,
        entry.text("label"),
        entry.text("description"),
        _sections(entry),
        tuple(preconditions),
        tuple(rules),
    )


def _range(entry: Entry, key: str, value: float, low: float, high: float) -> tuple[float, float]:
    raw = entry.table.get(key)
    allowed = f"[low, high] with {low:g} <= low <= value ({value:g}) <= high <= {high:g}"
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw)
        or not low <= raw[0] <= value <= raw[1] <= high
    ):
        entry.fail(key, f"{raw!r}", allowed)
    return float(raw[0]), float(raw[1])


def parse_threshold(entry: Entry, name: str) -> Threshold:
    """Check one ``[thresholds.NAME]`` table (value, range, sections, rationale, sources)."""
    entry.keys(required=("value", "range", "sections", "rationale"), optional=("sources",))
    value = entry.number("value", low=0, high=10)
    low, high = _range(entry, "range", value, 0, 10)
    return Threshold(
        name,
        value,
        low,
        high,
        _sections(entry),
        entry.text("rationale"),
        _sources(entry),
    )


def parse_probability(entry: Entry, name: str) -> Probability:
    """Check one ``[probabilities.NAME]`` table (value, range, sections, rationale, sources)."""
    entry.keys(required=("value", "range", "sections", "rationale"), optional=("sources",))
    value = entry.number("value", low=0, high=1)
    low, high = _range(entry, "range", value, 0, 1)
    return Probability(
        name,
        value,
        _sections(entry),
        entry.text("rationale"),
        low,
        high,
        _sources(entry),
    )


def load_parameters(path: Path | str | None = None) -> Parameters:
    """Load and check ``sequence_parameters.toml`` (or the file at ``path``)."""
    path = Path(path) if path is not None else PARAMETERS_PATH
    data = read_toml(path, error=CatalogueError)
    data.keys(
        required=("initial_state", "capability_growth", "verdict", "thresholds", "probabilities")
    )
    initial_table = data.entry("initial_state", "parameter initial_state")
    initial_table.keys(required=("values", "sections", "rationale"))
    values = initial_table.entry("values", "parameter initial_state")
    values.keys(optional=NAMES)
    initial = []
    for var in VARIABLES:
        if var.kind == "flag":
            initial.append(float(values.flag(var.name, False)))
        else:
            initial.append(values.number(var.name, low=var.low, high=var.high, default=0.0))
    _sections(initial_table)
    initial_table.text("rationale")

    growth_table = data.entry("capability_growth", "parameter capability_growth")
    growth_table.keys(
        required=(
            "per_step_by_freeze_level",
            "range_no_freeze",
            "range_moratorium",
            "sections",
            "rationale",
        )
    )
    growth = growth_table.table["per_step_by_freeze_level"]
    if (
        not isinstance(growth, list)
        or len(growth) != 3
        or not all(
            isinstance(g, int | float) and not isinstance(g, bool) and g >= 0 for g in growth
        )
    ):
        growth_table.fail(
            "per_step_by_freeze_level",
            f"{growth!r}",
            "three non-negative numbers (no freeze, test moratorium, programme freeze)",
        )
    growth_ranges = tuple(
        _range(growth_table, key, float(growth[i]), 0, 10)
        for i, key in enumerate(("range_no_freeze", "range_moratorium"))
    )
    verdict_table = data.entry("verdict", "parameter verdict")
    verdict_table.keys(required=("sections", "rationale"))
    threshold_tables = data.entry("thresholds", "thresholds")
    thresholds = {
        name: parse_threshold(threshold_tables.entry(name, f"threshold {name!r}"), name)
        for name in threshold_tables.table
    }
    for needed in ("war_tension", "settlement_trust"):
        if needed not in thresholds:
            threshold_tables.fail(needed, "missing", "a [thresholds.NAME] table")
    probability_tables = data.entry("probabilities", "probabilities")
    probabilities = {
        name: parse_probability(probability_tables.entry(name, f"probability {name!r}"), name)
        for name in probability_tables.table
    }
    return Parameters(
        initial=tuple(initial),
        growth=(float(growth[0]), float(growth[1]), float(growth[2])),
        growth_sections=_sections(growth_table),
        growth_rationale=growth_table.text("rationale"),
        verdict_sections=_sections(verdict_table),
        verdict_rationale=verdict_table.text("rationale"),
        probabilities=probabilities,
        path=path,
        thresholds=thresholds,
        growth_ranges=(growth_ranges[0], growth_ranges[1]),
    )


_CACHE: dict[tuple[Path, Path], Catalogue] = {}


def load_catalogue(
    path: Path | str | None = None, parameters_path: Path | str | None = None
) -> Catalogue:
    """Load and validate the move catalogue (default: the packaged ``moves.toml``).

    The default catalogue is read once and cached; pass a path to load another file
    (an instructor's edited copy, for instance).
    """
    path = Path(path) if path is not None else MOVES_PATH
    params_path = Path(parameters_path) if parameters_path is not None else PARAMETERS_PATH
    key = (path.resolve(), params_path.resolve())
    if key in _CACHE:
        return _CACHE[key]
    parameters = load_parameters(params_path)
    data = read_toml(path, error=CatalogueError)
    data.keys(required=("moves",))
    rule_ids: set[str] = set()
    move_ids: set[str] = set()
    moves = {}
    for entry in data.entries("moves", "move"):
        move = _parse_move(
            entry, rule_ids, move_ids, parameters.probabilities, parameters.thresholds
        )
        moves[move.id] = move
    catalogue = Catalogue(moves, parameters, path)
    if path == MOVES_PATH and params_path == PARAMETERS_PATH:
        _CACHE[key] = catalogue
    return catalogue


# --------------------------------------------------------------------------- compiled moves


class CompiledRule(NamedTuple):
    """A rule of a move, compiled: its tests, chance and effects, and the rule itself."""

    tests: tuple[Test, ...]
    chance: Chance | None
    effects: tuple[CompiledEffect, ...]
    rule: Rule


class CompiledPrecondition(NamedTuple):
    """A precondition of a move, compiled: its tests and the precondition itself."""

    tests: tuple[Test, ...]
    precondition: Precondition


class CompiledMove(NamedTuple):
    """A move compiled for the simulator: its preconditions and rules, in order."""

    preconditions: tuple[CompiledPrecondition, ...]
    rules: tuple[CompiledRule, ...]


def compile_condition(condition: Condition, parameters: Parameters) -> Test:
    """Compile one condition; a named threshold takes its value from ``parameters``."""
    value = (
        parameters.thresholds[condition.threshold].value if condition.threshold else condition.value
    )
    return Test(INDEX[condition.variable], OPERATORS[condition.op], value)


def compile_move(move: Move, parameters: Parameters) -> CompiledMove:
    """Compile ``move`` under ``parameters`` (thresholds and deterministic chances)."""
    pres = tuple(
        CompiledPrecondition(tuple(compile_condition(c, parameters) for c in pre.require), pre)
        for pre in move.preconditions
    )
    rules = []
    for rule in move.rules:
        chance = None
        if rule.chance:
            probability = parameters.probabilities[rule.chance]
            chance = Chance(rule.chance, probability.deterministic)
        rules.append(
            CompiledRule(
                tuple(compile_condition(c, parameters) for c in rule.when),
                chance,
                tuple(CompiledEffect(INDEX[e.variable], e.kind, e.value) for e in rule.effects),
                rule,
            )
        )
    return CompiledMove(pres, tuple(rules))
