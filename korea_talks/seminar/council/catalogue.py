"""The Security Council session's data: delegations, clauses, stances and briefs.

Read from ``korea_talks/data/council/``: ``members.toml`` (who sits and who votes),
``clauses.toml`` (what a draft may say, and the model's move for each clause),
``stances.csv`` (how the model votes for the members no team plays) and ``briefs.toml``
(each delegation's confidential instructions). Every clause names its precedent and
sources; every stance says whether it is sourced or a teaching assumption.

>>> council = load_council()
>>> [d.id for d in council.delegations if d.role == "permanent"]
['US', 'China', 'Russia', 'UK', 'France']
>>> council.clauses["export_bans"].move
'un_sanctions_resolution'
>>> council.stance("E8", ("relief",)), council.stance("E1", ("relief",))
('yes', 'abstain')
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from korea_talks.datafiles import DATA_DIR, DataFileError, read_toml
from korea_talks.sequence import load_catalogue

FOLDER = DATA_DIR / "council"
ROLES = ("permanent", "invited")
KINDS = ("sanctions", "monitoring", "relief", "humanitarian", "talks")
STANCES = ("for", "abstain", "against")


@dataclass(frozen=True)
class Delegation:
    """One delegation a team can play: a permanent member (votes) or an invited state."""

    id: str
    name: str
    role: str

    @property
    def votes(self) -> bool:
        """True for a permanent member; an invited state takes part without vote."""
        return self.role == "permanent"


@dataclass(frozen=True)
class Clause:
    """One operative paragraph a draft may contain, and the model's move for it."""

    id: str
    label: str
    text: str
    kind: str
    move: str
    precedent: str
    sources: tuple[str, ...]
    sections: tuple[str, ...]
    rationale: str


@dataclass(frozen=True)
class Stance:
    """How a voter the model plays regards one kind of clause, and on what basis."""

    voter: str
    kind: str
    stance: str
    for_if_with: str
    """A kind of clause whose presence in the same text turns this stance to "for" ("" none)."""
    basis: str
    sources: tuple[str, ...]
    rationale: str


@dataclass(frozen=True)
class Brief:
    """A delegation's confidential instructions."""

    delegation: str
    situation: str
    interests: tuple[str, ...]
    red_lines: tuple[str, ...]
    fallback: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CouncilData:
    """Everything the session reads from its data folder."""

    delegations: tuple[Delegation, ...]
    elected: dict[str, str]
    clauses: dict[str, Clause]
    stances: dict[tuple[str, str], Stance]
    briefs: dict[str, Brief]

    def delegation(self, team: str) -> Delegation:
        """The delegation ``team`` (its id); ``KeyError`` if there is none."""
        return {d.id: d for d in self.delegations}[team]

    def stance(self, voter: str, kinds: Iterable[str]) -> str:
        """How the model votes for ``voter`` on a draft whose clauses are of ``kinds``.

        ``voter`` is a permanent member or an elected seat (which votes by its profile). A
        member votes on the whole text: ``no`` if it is against any clause, ``abstain`` if
        it holds back on any, ``yes`` only if it is for every clause. A clause it holds
        back on counts as "for" when the text also has the kind of clause its stance names
        in ``for_if_with`` (relief with verification, say), and only then.

        >>> data = load_council()
        >>> data.stance("E1", ["relief", "talks"]), data.stance("E1", ["relief", "monitoring"])
        ('abstain', 'yes')
        """
        kinds = list(kinds)
        profile = self.elected.get(voter, voter)
        found = []
        for kind in kinds:
            stance = self.stances[profile, kind]
            found.append("for" if stance.for_if_with in kinds else stance.stance)
        if "against" in found:
            return "no"
        return "abstain" if "abstain" in found else "yes"


def _load_members(path: Path) -> tuple[tuple[Delegation, ...], dict[str, str]]:
    data = read_toml(path)
    delegations = []
    for entry in data.entries("delegations", "delegation"):
        entry.keys(required=("id", "name", "role"))
        delegations.append(
            Delegation(entry.text("id"), entry.text("name"), entry.choice("role", ROLES))
        )
    elected = {}
    for entry in data.entries("elected", "elected seat"):
        entry.keys(required=("id", "profile"))
        elected[entry.text("id")] = entry.text("profile")
    return tuple(delegations), elected


def _load_clauses(path: Path) -> dict[str, Clause]:
    moves = set(load_catalogue().moves)
    clauses = {}
    for entry in read_toml(path).entries("clauses", "clause"):
        fields = ("id", "label", "text", "kind", "move", "precedent", "sources", "sections")
        entry.keys(required=(*fields, "rationale"))
        move = entry.text("move", default="")
        if move and move not in moves:
            entry.fail("move", f"{move!r} is not a move of the catalogue", "a move id, or ''")
        clause = Clause(
            id=entry.text("id"),
            label=entry.text("label"),
            text=entry.text("text"),
            kind=entry.choice("kind", KINDS),
            move=move,
            precedent=entry.text("precedent"),
            sources=entry.texts("sources"),
            sections=entry.sections(),
            rationale=entry.text("rationale"),
        )
        clauses[clause.id] = clause
    return clauses


def _load_stances(path: Path, voters: Iterable[str]) -> dict[tuple[str, str], Stance]:
    stances = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if (
                row["stance"] not in STANCES
                or row["kind"] not in KINDS
                or row["for_if_with"] not in ("", *KINDS)
            ):
                raise DataFileError(
                    f"{path}, line {number}: stance {row['stance']!r} of kind {row['kind']!r} "
                    f"(for_if_with {row['for_if_with']!r}); allowed: a stance of "
                    f"{', '.join(STANCES)}, and kinds of {', '.join(KINDS)}"
                )
            if row["basis"] == "sourced" and not row["source"]:
                raise DataFileError(f"{path}, line {number}: a sourced stance needs a source")
            stance = Stance(
                voter=row["voter"],
                kind=row["kind"],
                stance=row["stance"],
                for_if_with=row["for_if_with"],
                basis=row["basis"],
                sources=tuple(s for s in row["source"].split(";") if s),
                rationale=row["rationale"],
            )
            stances[stance.voter, stance.kind] = stance
    missing = [(v, k) for v in voters for k in KINDS if (v, k) not in stances]
    if missing:
        raise DataFileError(f"{path}: no stance for {missing[0][0]} on {missing[0][1]} clauses")
    return stances


def _load_briefs(path: Path) -> dict[str, Brief]:
    briefs = {}
    for entry in read_toml(path).entries("briefs", "brief"):
        entry.keys(
            required=("delegation", "situation", "interests", "red_lines", "fallback", "sources")
        )
        brief = Brief(
            delegation=entry.text("delegation"),
            situation=entry.text("situation"),
            interests=entry.texts("interests"),
            red_lines=entry.texts("red_lines"),
            fallback=entry.text("fallback"),
            sources=entry.texts("sources"),
        )
        briefs[brief.delegation] = brief
    return briefs


@lru_cache(maxsize=1)
def load_council(folder: Path = FOLDER) -> CouncilData:
    """Read and check the session's data (cached)."""
    delegations, elected = _load_members(folder / "members.toml")
    voters = [d.id for d in delegations if d.votes] + sorted(set(elected.values()))
    briefs = _load_briefs(folder / "briefs.toml")
    missing = [d.id for d in delegations if d.id not in briefs]
    if missing:
        raise DataFileError(f"{folder / 'briefs.toml'}: no brief for {', '.join(missing)}")
    return CouncilData(
        delegations=delegations,
        elected=elected,
        clauses=_load_clauses(folder / "clauses.toml"),
        stances=_load_stances(folder / "stances.csv", voters),
        briefs=briefs,
    )
