"""Team briefs of the seminar simulation, kept as data and checked on load.

Each of the six teams (``US``, ``DPRK``, ``ROK``, ``China``, ``Russia``, ``Japan``) has a
file ``korea_talks/data/seminar/briefs/<team>.toml`` with a **public** brief (what every
team may read) and a **confidential** brief (only the team and the instructor): the
situation as the team sees it, interests with weights, red lines, the best alternative to
agreement (BATNA), domestic constraints, and what the team's capital will accept (terms it
may agree to, and where it must stop). Every interest says in ``rationale`` why its weight
is what it is. Every point carries ``sources`` (keys of the book's bibliography) or an
``assumption`` (why it is a teaching assumption). Interests and red lines are written over
the sequence model's state variables, so that the model can score a session.
``briefs/scenario.toml`` dates the moment all briefs speak from.

``korea_talks/data/seminar/session.toml`` holds what is shared: the typed reasons of an
answer, the red-line penalty and the defaults of a session.

>>> briefs = load_briefs()
>>> sorted(briefs)
['China', 'DPRK', 'Japan', 'ROK', 'Russia', 'US']
>>> round(sum(i.weight for i in briefs["US"].interests), 6)
1.0
>>> load_scenario().label
'mid-July 2017'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from korea_talks.datafiles import DATA_DIR, DataFileError, Entry, read_toml
from korea_talks.seminar.model import holds
from korea_talks.sequence import ACTORS, VARIABLES, CatalogueError, load_catalogue
from korea_talks.sequence.catalogue import Condition, parse_condition

SEMINAR_DIR = DATA_DIR / "seminar"
BRIEFS_DIR = SEMINAR_DIR / "briefs"
SESSION_PATH = SEMINAR_DIR / "session.toml"
SCENARIO_PATH = BRIEFS_DIR / "scenario.toml"

TEAMS: tuple[str, ...] = ("US", "DPRK", "ROK", "China", "Russia", "Japan")
"""The six teams a class can field, each playing the actor of the same id."""

MODEL_ONLY_ACTORS: tuple[str, ...] = tuple(a for a in ACTORS if a not in TEAMS)
"""Actors no team can play (the UN and IAEA): the model always answers for them."""

ANSWERS: tuple[str, ...] = ("accept", "reject", "counter")
_WANTS = {"scale": ("high", "low"), "level": ("high", "low"), "flag": ("true", "false")}
_VARIABLES = {v.name: v for v in VARIABLES}


class BriefError(DataFileError):
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
    """What a team wants of the model's end state, with a weight (weights sum to 1).

    ``rationale`` says in one line why the weight is what it is.
    """

    id: str
    variable: str
    want: str
    weight: float
    point: Point
    rationale: str

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
        return all(holds(condition, state) for condition in self.when)


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
    situation: tuple[Point, ...] = ()
    may_agree: tuple[Point, ...] = ()
    must_stop: tuple[Point, ...] = ()

    def points(self) -> list[Point]:
        """Every point of the brief, public and confidential, in reading order."""
        return [
            *self.public,
            *self.situation,
            *(i.point for i in self.interests),
            *(r.point for r in self.red_lines),
            self.batna,
            *self.domestic,
            *self.may_agree,
            *self.must_stop,
        ]

    def words(self) -> int:
        """How many words the team reads: the text of every point of the brief."""
        return sum(len(point.text.split()) for point in self.points())

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


def _point(entry: Entry, extra: tuple[str, ...] = ()) -> Point:
    entry.keys(required=("text",), optional=("sources", "assumption", *extra))
    sources = entry.texts("sources", required=False)
    assumption = entry.text("assumption", "")
    if bool(sources) == bool(assumption):
        entry.fail(
            None,
            "give either 'sources' (bibliography keys) or 'assumption' (why this is a "
            "teaching assumption), exactly one of the two",
        )
    return Point(entry.text("text"), sources, assumption)


def _conditions(entry: Entry, field: str) -> tuple[Condition, ...]:
    try:
        return tuple(parse_condition(c, entry.where(field)) for c in entry.texts(field))
    except CatalogueError as exc:
        raise BriefError(str(exc)) from None


def _load_brief(path: Path, team: str) -> Brief:
    data = read_toml(path, error=BriefError)
    data.keys(required=("team", "public", "confidential"))
    data.choice("team", (team,))
    public = data.entry("public", "public brief")
    public.keys(required=("points",))
    conf = data.entry("confidential", "confidential brief")
    conf.keys(
        required=(
            "situation",
            "interests",
            "red_lines",
            "batna",
            "domestic",
            "may_agree",
            "must_stop",
        )
    )
    interests: list[Interest] = []
    for entry in conf.entries("interests", "interest"):
        ident = entry.text("id")
        if any(i.id == ident for i in interests):
            entry.fail("id", f"{ident!r} is used twice")
        variable = entry.choice("variable", _VARIABLES)
        want = entry.choice("want", _WANTS[_VARIABLES[variable].kind])
        weight = entry.number("weight", low=0.01, high=1)
        rationale = entry.text("rationale")
        point = _point(entry, ("id", "variable", "want", "weight", "rationale"))
        interests.append(Interest(ident, variable, want, weight, point, rationale))
    total = sum(i.weight for i in interests)
    if abs(total - 1.0) > 1e-6:
        conf.fail("interests", f"the weights sum to {total:g}", "weights that sum to exactly 1")
    red_lines = tuple(
        RedLine(e.text("id"), _conditions(e, "when"), _point(e, ("id", "when")))
        for e in conf.entries("red_lines", "red line")
    )
    batna_entry = conf.entry("batna", "batna")
    catalogue = load_catalogue()
    batna_moves = batna_entry.texts("moves")
    for move in batna_moves:
        if move not in catalogue.moves:
            batna_entry.fail("moves", f"unknown move id {move!r}", "ids of moves.toml")
    return Brief(
        team,
        ACTORS[team],
        tuple(_point(e) for e in public.entries("points", "public point")),
        tuple(interests),
        red_lines,
        _point(batna_entry, ("moves",)),
        batna_moves,
        tuple(_point(e) for e in conf.entries("domestic", "domestic constraint")),
        path,
        tuple(_point(e) for e in conf.entries("situation", "situation point")),
        tuple(_point(e) for e in conf.entries("may_agree", "term the capital accepts")),
        tuple(_point(e) for e in conf.entries("must_stop", "limit of the capital")),
    )


@cache
def load_briefs(folder: Path | None = None) -> dict[str, Brief]:
    """Load and check the six teams' briefs (default: the packaged ones)."""
    folder = folder if folder is not None else BRIEFS_DIR
    return {team: _load_brief(folder / f"{team}.toml", team) for team in TEAMS}


@dataclass(frozen=True)
class Scenario:
    """The moment every brief speaks from: nothing later may appear in a brief."""

    date: datetime.date
    label: str


@cache
def load_scenario(path: Path | None = None) -> Scenario:
    """Load ``briefs/scenario.toml``: the date and label of the game's starting moment."""
    data = read_toml(path if path is not None else SCENARIO_PATH, error=BriefError)
    data.keys(required=("date", "label"))
    date = data.table["date"]
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        data.fail("date", f"{date!r} is not a date", "a TOML date such as 2017-07-15")
    return Scenario(date, data.text("label"))


@cache
def load_session_rules(path: Path | None = None) -> SessionRules:
    """Load and check ``session.toml``: reasons, concepts, penalty, defaults."""
    data = read_toml(path if path is not None else SESSION_PATH, error=BriefError)
    data.keys(required=("defaults", "scoring", "concepts", "reasons"))
    concepts_table = data.entry("concepts", "concepts")
    concepts = {}
    for key in concepts_table.table:
        entry = concepts_table.entry(key, f"concept {key!r}")
        entry.keys(required=("text", "cite", "reference"))
        concepts[key] = Concept(
            key, entry.text("text"), entry.text("cite", ""), entry.text("reference", "")
        )
    reasons: dict[str, Reason] = {}
    for entry in data.entries("reasons", "reason"):
        entry.keys(required=("id", "label", "answers", "concept"))
        answers = entry.texts("answers")
        for answer in answers:
            if answer not in ANSWERS:
                entry.fail("answers", f"{answer!r} is unknown", ", ".join(ANSWERS))
        ident = entry.text("id")
        concept = entry.choice("concept", concepts)
        reasons[ident] = Reason(ident, entry.text("label"), answers, concept)
    scoring = data.entry("scoring", "scoring")
    scoring.keys(required=("red_line_penalty", "rationale"))
    defaults = data.entry("defaults", "defaults")
    defaults.keys(required=("rounds", "round_minutes"))
    return SessionRules(
        reasons,
        scoring.number("red_line_penalty", low=0, high=100),
        scoring.text("rationale"),
        defaults.integer("rounds", low=1, high=20),
        defaults.number("round_minutes", low=1, high=60),
        concepts,
    )
