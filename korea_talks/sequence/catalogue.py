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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from korea_talks.actors import ACTORS
from korea_talks.datafiles import DATA_DIR, Entry, read_toml
from korea_talks.sections import sort_key
from korea_talks.sequence.errors import CatalogueError, UnknownMoveError
from korea_talks.sequence.state import INDEX, NAMES, VARIABLES, State, get_variable

MOVES_PATH = DATA_DIR / "moves.toml"
PARAMETERS_PATH = DATA_DIR / "sequence_parameters.toml"

_COND_RE = re.compile(r"^\s*(not\s+)?([a-z_]+)\s*(?:(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?))?\s*$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Condition:
    """A test on one state variable, e.g. ``trust >= 4`` or ``not strike``."""

    variable: str
    op: str
    value: float
    source: str


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
    """A documented probability for a response the article hedges."""

    name: str
    value: float
    deterministic: bool
    sections: tuple[str, ...]
    rationale: str


@dataclass(frozen=True)
class Parameters:
    """The tunable numbers of the model, each with sections and a rationale."""

    initial: State
    growth: tuple[float, float, float]
    growth_sections: tuple[str, ...]
    growth_rationale: str
    war_tension: float
    settlement_trust: float
    verdict_sections: tuple[str, ...]
    verdict_rationale: str
    probabilities: dict[str, Probability]
    path: Path


@dataclass(frozen=True)
class Catalogue:
    """The moves (by id, in file order) and the parameters of the model."""

    moves: dict[str, Move]
    parameters: Parameters
    path: Path

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
            raise UnknownMoveError(move_id, self.moves) from None

    def check_sequence(self, move_ids: Iterable[str]) -> list[Move]:
        """Return the moves of a sequence of ids, raising on the first unknown id."""
        if isinstance(move_ids, str):
            move_ids = [move_ids]
        return [self.get(move_id) for move_id in move_ids]

    def by_actor(self) -> dict[str, list[Move]]:
        """Moves grouped by actor, actors in :data:`ACTORS` order."""
        groups: dict[str, list[Move]] = {actor: [] for actor in ACTORS}
        for move in self.moves.values():
            groups[move.actor].append(move)
        return groups

    def rule_table(self) -> pd.DataFrame:
        """One row per precondition and rule: move, actor, rule id, when, effects, sections.

        This is the table the book prints; it is generated, never typed by hand.
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
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------- loading


def parse_condition(text: str, where: str = "condition") -> Condition:
    """Parse a condition such as ``"trust >= 4"`` or ``"not strike"``.

    >>> parse_condition("trust >= 4")
    Condition(variable='trust', op='>=', value=4.0, source='trust >= 4')
    >>> parse_condition("not strike").op
    '=='
    """
    match = _COND_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise CatalogueError(
            f"{where}: {text!r} is not a condition; allowed: 'name', 'not name' or "
            "'name OP number' with OP one of >=, <=, >, <, ==, !="
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
    return Condition(name, op, float(number), text.strip())


def _sections(entry: Entry) -> tuple[str, ...]:
    return tuple(sorted(entry.sections(), key=sort_key))


def _conditions(entry: Entry, name: str, required: bool) -> tuple[Condition, ...]:
    allowed = 'a list of conditions such as ["us_dprk_channel", "trust >= 4"]'
    value = entry.table.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or (required and not value):
        entry.fail(name, "missing, empty or not a list", allowed)
    return tuple(parse_condition(item, entry.where(name)) for item in value)


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


def _parse_move(
    entry: Entry,
    rule_ids: set[str],
    move_ids: set[str],
    probabilities: dict[str, Probability],
) -> Move:
    move_id = _identifier(entry, move_ids)
    entry.keys(
        required=("id", "actor", "label", "description", "sections", "rules"),
        optional=("preconditions",),
    )
    actor = entry.choice("actor", ACTORS)
    preconditions = []
    for pre in entry.entries("preconditions", "precondition", required=False):
        pre_id = _identifier(pre, rule_ids)
        pre.keys(required=("id", "require", "reason", "sections", "rationale"))
        preconditions.append(
            Precondition(
                pre_id,
                _conditions(pre, "require", required=True),
                pre.text("reason"),
                _sections(pre),
                pre.text("rationale"),
            )
        )
    rules = []
    for rule in entry.entries("rules", "rule"):
        rule_id = _identifier(rule, rule_ids)
        rule.keys(
            required=("id", "text", "sections", "rationale"),
            optional=("when", "chance", "effects"),
        )
        chance = rule.choice("chance", sorted(probabilities)) if rule.has("chance") else None
        rules.append(
            Rule(
                rule_id,
                _conditions(rule, "when", required=False),
                chance,
                _effects(rule),
                rule.text("text"),
                _sections(rule),
                rule.text("rationale"),
            )
        )
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


def load_parameters(path: Path | str | None = None) -> Parameters:
    """Load and check ``sequence_parameters.toml`` (or the file at ``path``)."""
    path = Path(path) if path is not None else PARAMETERS_PATH
    data = read_toml(path, error=CatalogueError)
    data.keys(required=("initial_state", "capability_growth", "verdict", "probabilities"))
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
    growth_table.keys(required=("per_step_by_freeze_level", "sections", "rationale"))
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
    verdict_table = data.entry("verdict", "parameter verdict")
    verdict_table.keys(required=("war_tension", "settlement_trust", "sections", "rationale"))
    probabilities = {}
    probability_tables = data.entry("probabilities", "probabilities")
    for name in probability_tables.table:
        table = probability_tables.entry(name, f"probability {name!r}")
        table.keys(required=("value", "deterministic", "sections", "rationale"))
        probabilities[name] = Probability(
            name,
            table.number("value", low=0, high=1),
            table.flag("deterministic"),
            _sections(table),
            table.text("rationale"),
        )
    return Parameters(
        initial=tuple(initial),
        growth=(float(growth[0]), float(growth[1]), float(growth[2])),
        growth_sections=_sections(growth_table),
        growth_rationale=growth_table.text("rationale"),
        war_tension=verdict_table.number("war_tension", low=0, high=10),
        settlement_trust=verdict_table.number("settlement_trust", low=0, high=10),
        verdict_sections=_sections(verdict_table),
        verdict_rationale=verdict_table.text("rationale"),
        probabilities=probabilities,
        path=path,
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
        move = _parse_move(entry, rule_ids, move_ids, parameters.probabilities)
        moves[move.id] = move
    catalogue = Catalogue(moves, parameters, path)
    if path == MOVES_PATH and params_path == PARAMETERS_PATH:
        _CACHE[key] = catalogue
    return catalogue
