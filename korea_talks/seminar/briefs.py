"""Team briefs of the seminar simulation, kept as data and checked on load.

Each of the six teams (``US``, ``DPRK``, ``ROK``, ``China``, ``Russia``, ``Japan``) has a
file ``korea_talks/data/seminar/briefs/<team>.toml`` with a **public** brief (what every
team may read) and a **confidential** brief (only the team and the instructor):
interests with weights, red lines, the best alternative to agreement (BATNA) and domestic
constraints. Every point carries ``sources`` (keys of the book's bibliography) or an
``assumption`` (why it is a teaching assumption). Interests and red lines are written over
the sequence model's state variables, so that the model can score a session.

``korea_talks/data/seminar/session.toml`` holds what is shared: the typed reasons of an
answer, the red-line penalty and the defaults of a session.

>>> briefs = load_briefs()
>>> sorted(briefs)
['China', 'DPRK', 'Japan', 'ROK', 'Russia', 'US']
>>> round(sum(i.weight for i in briefs["US"].interests), 6)
1.0
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from korea_talks.sequence import ACTORS, VARIABLES, load_catalogue
from korea_talks.sequence.catalogue import DATA_DIR, Condition, parse_condition

SEMINAR_DIR = DATA_DIR / "seminar"
BRIEFS_DIR = SEMINAR_DIR / "briefs"
SESSION_PATH = SEMINAR_DIR / "session.toml"

TEAMS: tuple[str, ...] = ("US", "DPRK", "ROK", "China", "Russia", "Japan")
"""The six teams a class can field, each playing the actor of the same id."""

MODEL_ONLY_ACTORS: tuple[str, ...] = tuple(a for a in ACTORS if a not in TEAMS)
"""Actors no team can play (the UN and IAEA): the model always answers for them."""

ANSWERS: tuple[str, ...] = ("accept", "reject", "counter")
_WANTS = {"scale": ("high", "low"), "level": ("high", "low"), "flag": ("true", "false")}
_VARIABLES = {v.name: v for v in VARIABLES}


class BriefError(ValueError):
    """A brief or the session file is missing or invalid; the message names file and field."""


@dataclass(frozen=True)
class Point:
    """One sourced point of a brief, or a point marked as a teaching assumption."""

    text: str
    sources: tuple[str, ...]
    assumption: str

    @property
    def sourced(self) -> bool:
        """True if the point rests on sources rather than on a teaching assumption."""
        return bool(self.sources)


@dataclass(frozen=True)
class Interest:
    """What a team wants of the model's end state, with a weight (weights sum to 1)."""

    id: str
    variable: str
    want: str
    weight: float
    point: Point

    def satisfaction(self, state: dict[str, float | bool | int]) -> float:
        """How far ``state`` meets the interest, from 0 (not at all) to 1 (fully)."""
        var = _VARIABLES[self.variable]
        value = float(state[self.variable])
        if var.kind == "flag":
            return 1.0 if bool(value) == (self.want == "true") else 0.0
        share = (value - var.low) / (var.high - var.low)
        return share if self.want == "high" else 1.0 - share


@dataclass(frozen=True)
class RedLine:
    """An end state the team must not accept: every condition of ``when`` holds."""

    id: str
    when: tuple[Condition, ...]
    point: Point

    def crossed(self, state: dict[str, float | bool | int]) -> bool:
        """True if all the conditions hold in ``state``."""
        values = tuple(float(state[v.name]) for v in VARIABLES)
        return all(condition.holds(values) for condition in self.when)


@dataclass(frozen=True)
class Brief:
    """A team's public and confidential brief."""

    team: str
    name: str
    public: tuple[Point, ...]
    interests: tuple[Interest, ...]
    red_lines: tuple[RedLine, ...]
    batna: Point
    batna_moves: tuple[str, ...]
    domestic: tuple[Point, ...]
    path: Path

    def score(self, state: dict[str, float | bool | int], penalty: float) -> float:
        """The team's score of an end state: 0-100 by its interests, less red-line penalties."""
        total = sum(i.weight * i.satisfaction(state) for i in self.interests)
        crossed = sum(1 for line in self.red_lines if line.crossed(state))
        return round(100.0 * total - penalty * crossed, 1)

    def crossed(self, state: dict[str, float | bool | int]) -> list[RedLine]:
        """The red lines crossed in ``state``."""
        return [line for line in self.red_lines if line.crossed(state)]


@dataclass(frozen=True)
class Reason:
    """A typed reason for an answer, tied to a negotiation concept for the debrief."""

    id: str
    label: str
    answers: tuple[str, ...]
    concept: str


@dataclass(frozen=True)
class Concept:
    """A negotiation concept of the debrief, with the work it comes from."""

    id: str
    text: str
    cite: str
    reference: str


@dataclass(frozen=True)
class SessionRules:
    """What all briefs share: reasons, the red-line penalty and session defaults."""

    reasons: dict[str, Reason]
    red_line_penalty: float
    penalty_rationale: str
    rounds: int
    round_minutes: float
    concepts: dict[str, Concept]


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BriefError(f"{path}: file not found (expected a TOML file)")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BriefError(f"{path}: not valid TOML ({exc})") from None


def _text(where: str, table: dict[str, Any], name: str) -> str:
    value = table.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BriefError(f"{where}, field {name!r}: missing or empty; allowed: a text")
    return value.strip()


def _point(where: str, table: dict[str, Any]) -> Point:
    if not isinstance(table, dict):
        raise BriefError(f"{where}: not a table")
    sources = table.get("sources", [])
    assumption = table.get("assumption", "")
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise BriefError(f"{where}, field 'sources': allowed: a list of bibliography keys")
    if not isinstance(assumption, str):
        raise BriefError(f"{where}, field 'assumption': allowed: a text")
    if bool(sources) == bool(assumption.strip()):
        raise BriefError(
            f"{where}: give either 'sources' (bibliography keys) or 'assumption' (why this "
            "is a teaching assumption), exactly one of the two"
        )
    return Point(_text(where, table, "text"), tuple(sources), assumption.strip())


def _load_brief(path: Path, team: str) -> Brief:
    data = _read(path)
    where = str(path)
    if data.get("team") != team:
        raise BriefError(f"{where}, field 'team': {data.get('team')!r}; allowed: {team!r}")
    public = data.get("public", {}).get("points", [])
    conf = data.get("confidential", {})
    if not public:
        raise BriefError(f"{where}: [[public.points]] missing; a public brief needs points")
    interests = []
    seen: set[str] = set()
    for n, table in enumerate(conf.get("interests", []), start=1):
        owner = f"{where}, interest {n}"
        ident = _text(owner, table, "id")
        if ident in seen:
            raise BriefError(f"{owner}, field 'id': {ident!r} is used twice")
        seen.add(ident)
        variable = table.get("variable")
        if variable not in _VARIABLES:
            raise BriefError(
                f"{owner}, field 'variable': {variable!r}; allowed: {', '.join(_VARIABLES)}"
            )
        wants = _WANTS[_VARIABLES[variable].kind]
        want = str(table.get("want", ""))
        if want not in wants:
            raise BriefError(f"{owner}, field 'want': {want!r}; allowed: {', '.join(wants)}")
        weight = table.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not 0 < weight <= 1:
            raise BriefError(f"{owner}, field 'weight': {weight!r}; allowed: a number in (0, 1]")
        interests.append(Interest(ident, variable, want, float(weight), _point(owner, table)))
    if not interests:
        raise BriefError(f"{where}: [[confidential.interests]] missing")
    total = sum(i.weight for i in interests)
    if abs(total - 1.0) > 1e-6:
        raise BriefError(f"{where}: interest weights sum to {total:g}; allowed: exactly 1")
    red_lines = []
    for n, table in enumerate(conf.get("red_lines", []), start=1):
        owner = f"{where}, red line {n}"
        when = table.get("when")
        if not isinstance(when, list) or not when:
            raise BriefError(f"{owner}, field 'when': allowed: a list of model conditions")
        try:
            conditions = tuple(parse_condition(c, f"{owner}, field 'when'") for c in when)
        except ValueError as exc:
            raise BriefError(str(exc)) from None
        red_lines.append(RedLine(_text(owner, table, "id"), conditions, _point(owner, table)))
    batna_table = conf.get("batna", {})
    batna = _point(f"{where}, batna", batna_table)
    batna_moves = batna_table.get("moves", [])
    catalogue = load_catalogue()
    for move in batna_moves:
        if move not in catalogue.moves:
            raise BriefError(f"{where}, batna, field 'moves': unknown move id {move!r}")
    domestic = tuple(
        _point(f"{where}, domestic constraint {n}", t)
        for n, t in enumerate(conf.get("domestic", []), start=1)
    )
    if not domestic:
        raise BriefError(f"{where}: [[confidential.domestic]] missing")
    return Brief(
        team,
        ACTORS[team],
        tuple(_point(f"{where}, public point {n}", t) for n, t in enumerate(public, start=1)),
        tuple(interests),
        tuple(red_lines),
        batna,
        tuple(batna_moves),
        domestic,
        path,
    )


@cache
def load_briefs(folder: Path | None = None) -> dict[str, Brief]:
    """Load and check the six teams' briefs (default: the packaged ones)."""
    folder = folder if folder is not None else BRIEFS_DIR
    return {team: _load_brief(folder / f"{team}.toml", team) for team in TEAMS}


@cache
def load_session_rules(path: Path | None = None) -> SessionRules:
    """Load and check ``session.toml``: reasons, penalty, defaults."""
    path = path if path is not None else SESSION_PATH
    data = _read(path)
    where = str(path)
    concepts = data.get("concepts", {})
    if not isinstance(concepts, dict) or not concepts:
        raise BriefError(f"{where}: [concepts] missing")
    reasons: dict[str, Reason] = {}
    for n, table in enumerate(data.get("reasons", []), start=1):
        owner = f"{where}, reason {n}"
        ident = _text(owner, table, "id")
        answers = tuple(table.get("answers", []))
        if not answers or not set(answers) <= set(ANSWERS):
            raise BriefError(f"{owner}, field 'answers': allowed: some of {', '.join(ANSWERS)}")
        concept = _text(owner, table, "concept")
        if concept not in concepts:
            raise BriefError(
                f"{owner}, field 'concept': {concept!r}; allowed: {', '.join(concepts)}"
            )
        reasons[ident] = Reason(ident, _text(owner, table, "label"), answers, concept)
    scoring = data.get("scoring", {})
    penalty = scoring.get("red_line_penalty")
    if not isinstance(penalty, int | float) or not 0 <= penalty <= 100:
        raise BriefError(f"{where}, [scoring] red_line_penalty: {penalty!r}; allowed: 0-100")
    defaults = data.get("defaults", {})
    return SessionRules(
        reasons,
        float(penalty),
        _text(f"{where}, [scoring]", scoring, "rationale"),
        int(defaults.get("rounds", 6)),
        float(defaults.get("round_minutes", 8)),
        {
            str(k): Concept(
                str(k),
                _text(f"{where}, concept {k}", v, "text"),
                str(v.get("cite", "")),
                str(v.get("reference", "")),
            )
            for k, v in concepts.items()
        },
    )
