"""Actors of the expected-utility bargaining model, validated on construction.

An actor has a position on one issue scale, a capability (its clout, any non-negative
number: only ratios matter) and a salience from 0 to 100 (how much the issue matters to
it, read by the model as the chance that it resists a challenge).

>>> table = ec_emission_standards()
>>> len(table), table.names[0], table.positions[0]
(10, 'Netherlands', 4.0)
>>> ActorTable.from_records([("A", 1.0, 10.0, 50.0)])
Traceback (most recent call last):
...
korea_talks.bargaining.actors.ActorInputError: the model needs at least two actors; got 1
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from korea_talks.actors import UnknownActorError, actor_named
from korea_talks.datasets import DataFileError, load_table

SALIENCE_RANGE = (0.0, 100.0)
"""Salience is given on 0-100; the model divides it by 100."""

SIX_PARTIES_FILE = "six_parties_2017"
SIX_PARTIES_FILES = {2017: SIX_PARTIES_FILE, 2024: "six_parties_2024"}
"""The data file of each year's six-party estimates (``data/<name>.csv``)."""
SIX_PARTIES_COLUMNS = (
    "actor",
    "position",
    "capability",
    "salience",
    "position_basis",
    "capability_basis",
    "salience_basis",
    "sections",
)


class ActorInputError(ValueError):
    """An actor table the model cannot use: the message names the actor and the value."""


@dataclass(frozen=True)
class Actor:
    """One actor: ``name``, ``position``, ``capability`` (>= 0), ``salience`` (0-100)."""

    name: str
    position: float
    capability: float
    salience: float

    def __post_init__(self) -> None:
        for field in ("position", "capability", "salience"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ActorInputError(
                    f"actor {self.name!r}: {field} must be a number, got {value!r}"
                )
            if not math.isfinite(value):
                raise ActorInputError(
                    f"actor {self.name!r}: {field} must be a finite number, got {value!r}"
                )
        if self.capability < 0:
            raise ActorInputError(
                f"actor {self.name!r}: capability {self.capability!r} is negative; "
                "allowed: any number >= 0"
            )
        low, high = SALIENCE_RANGE
        if not low <= self.salience <= high:
            raise ActorInputError(
                f"actor {self.name!r}: salience {self.salience!r} is outside its range; "
                f"allowed: {low:g} to {high:g}"
            )


@dataclass(frozen=True)
class ActorTable:
    """An ordered, validated set of at least two actors with distinct names."""

    actors: tuple[Actor, ...]

    def __post_init__(self) -> None:
        if len(self.actors) < 2:
            raise ActorInputError(f"the model needs at least two actors; got {len(self.actors)}")
        seen: set[str] = set()
        for actor in self.actors:
            if actor.name in seen:
                raise ActorInputError(f"actor name {actor.name!r} appears twice")
            seen.add(actor.name)

    @classmethod
    def from_records(cls, records: Iterable[Sequence[object]]) -> ActorTable:
        """Build from ``(name, capability, position, salience)`` tuples (the order of the
        published example tables)."""
        actors = []
        for record in records:
            if len(record) != 4:
                raise ActorInputError(
                    f"record {record!r}: expected (name, capability, position, salience)"
                )
            name, capability, position, salience = record
            actors.append(
                Actor(
                    str(name),
                    position=_number(name, "position", position),
                    capability=_number(name, "capability", capability),
                    salience=_number(name, "salience", salience),
                )
            )
        return cls(tuple(actors))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ActorTable:
        """Build from a DataFrame with columns actor, position, capability, salience."""
        missing = [c for c in ("actor", "position", "capability", "salience") if c not in frame]
        if missing:
            raise ActorInputError(f"missing column(s): {', '.join(missing)}")
        return cls.from_records(
            zip(
                frame["actor"],
                frame["capability"],
                frame["position"],
                frame["salience"],
                strict=True,
            )
        )

    def replace(self, name: str, **changes: float) -> ActorTable:
        """A copy with one actor's position, capability or salience changed."""
        if name not in self.names:
            raise ActorInputError(f"no actor named {name!r}; actors: {', '.join(self.names)}")
        actors = []
        for actor in self.actors:
            if actor.name == name:
                values = {
                    "position": actor.position,
                    "capability": actor.capability,
                    "salience": actor.salience,
                }
                unknown = set(changes) - set(values)
                if unknown:
                    raise ActorInputError(
                        f"cannot change {', '.join(sorted(unknown))}; allowed: "
                        "position, capability, salience"
                    )
                values.update({k: _number(name, k, v) for k, v in changes.items()})
                actor = Actor(name, **values)
            actors.append(actor)
        return ActorTable(tuple(actors))

    def __len__(self) -> int:
        return len(self.actors)

    @property
    def names(self) -> list[str]:
        """Actor names, in table order."""
        return [a.name for a in self.actors]

    @property
    def positions(self) -> list[float]:
        """Positions, in table order."""
        return [a.position for a in self.actors]

    def to_frame(self) -> pd.DataFrame:
        """One row per actor: actor, position, capability, salience."""
        return pd.DataFrame(
            {
                "actor": self.names,
                "position": self.positions,
                "capability": [a.capability for a in self.actors],
                "salience": [a.salience for a in self.actors],
            }
        )


def _number(name: object, field: str, value: object) -> float:
    if isinstance(value, bool):
        raise ActorInputError(f"actor {name!r}: {field} must be a number, got {value!r}")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ActorInputError(f"actor {name!r}: {field} must be a number, got {value!r}") from None


EC_EMISSION_STANDARDS_FILE = "ec_emission_standards"
"""The data file of the published example: ``data/ec_emission_standards.csv``."""


def _numeric_columns(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Read position, capability and salience as numbers; a bad cell names its row."""
    for column in ("position", "capability", "salience"):
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any():
            row = int(values.isna().to_numpy().nonzero()[0][0])
            raise DataFileError(
                f"{name}: row {row + 2}, column {column!r}: "
                f"{frame[column].iloc[row]!r} is not a number"
            )
        frame[column] = values.astype(float)
    return frame


def ec_emission_standards() -> ActorTable:
    """The European Community emission-standards case, the published example of the model.

    Ten member states with capability, position (in years) and salience (0-100), as
    published by Bueno de Mesquita (1994) and reused by Scholz, Calbert and Smith (2011);
    the numbers and their sources are in ``data/ec_emission_standards.csv``.
    """
    frame = load_table(
        EC_EMISSION_STANDARDS_FILE, required=("actor", "capability", "position", "salience")
    )
    return ActorTable.from_frame(_numeric_columns(EC_EMISSION_STANDARDS_FILE, frame))


def load_six_parties(year: int) -> pd.DataFrame:
    """Our estimates for the six parties in ``year`` (2017 or 2024), with their reasons.

    Each ``actor`` is the name of an actor of :mod:`korea_talks.actors`. Scale:
    0 = "denuclearization first, maximum pressure", 100 = "security guarantees and
    freeze first". Every row carries the basis for each number and a ``source`` column of
    bibliography keys. These are the module's estimates, not measurements.

    >>> sorted(load_six_parties(2017)["actor"])[:3]
    ['China', 'Japan', 'North Korea']
    >>> float(load_six_parties(2024).set_index("actor").loc["Russia", "position"])
    98.0
    >>> load_six_parties(2019)
    Traceback (most recent call last):
    ...
    korea_talks.datafiles.DataFileError: no six-party table for 2019; years with a table: 2017, 2024
    """
    if isinstance(year, bool) or year not in SIX_PARTIES_FILES:
        years = ", ".join(str(y) for y in SIX_PARTIES_FILES)
        raise DataFileError(f"no six-party table for {year!r}; years with a table: {years}")
    name = SIX_PARTIES_FILES[year]
    frame = load_table(name, required=SIX_PARTIES_COLUMNS)
    for row, actor in enumerate(frame["actor"], start=2):
        try:
            actor_named(actor)
        except UnknownActorError as exc:
            raise DataFileError(f"{name}: row {row}, column 'actor': {exc}") from None
    for column in SIX_PARTIES_COLUMNS:
        empty = frame[column].isna()
        if empty.any():
            row = int(empty.to_numpy().nonzero()[0][0]) + 2
            raise DataFileError(
                f"{name}: row {row}, column {column!r} is empty; every estimate needs its "
                "number, its basis and its article sections"
            )
    frame = _numeric_columns(name, frame)
    ActorTable.from_frame(frame)  # validates ranges and names
    return frame


def six_parties(year: int) -> ActorTable:
    """The six-party table of ``year`` (:func:`load_six_parties`) as an :class:`ActorTable`."""
    return ActorTable.from_frame(load_six_parties(year))


def load_six_parties_2017() -> pd.DataFrame:
    """Our mid-2017 estimates: :func:`load_six_parties` for 2017."""
    return load_six_parties(2017)


def six_parties_2017() -> ActorTable:
    """The six-party table (:func:`load_six_parties_2017`) as an :class:`ActorTable`."""
    return six_parties(2017)


def load_six_parties_2024() -> pd.DataFrame:
    """Our estimates for 2024, after the treaty and the vetoes: :func:`load_six_parties`."""
    return load_six_parties(2024)


def six_parties_2024() -> ActorTable:
    """The 2024 six-party table as an :class:`ActorTable`."""
    return six_parties(2024)
