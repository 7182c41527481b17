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

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from korea_talks.actors import UnknownActorError, actor_named
from korea_talks.datafiles import DATA_DIR, DataFileError
from korea_talks.sequence.frames import frame as make_frame

if TYPE_CHECKING:  # the tables are made by korea_talks.sequence.frames, on demand
    import pandas as pd

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

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> ActorTable:
        """Build from dicts with keys actor, position, capability, salience (as the data
        files are read, standard library only)."""
        return cls.from_records(
            (row["actor"], row["capability"], row["position"], row["salience"]) for row in rows
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
        """One row per actor: actor, position, capability, salience (needs pandas)."""
        return make_frame(
            (
                {
                    "actor": a.name,
                    "position": a.position,
                    "capability": a.capability,
                    "salience": a.salience,
                }
                for a in self.actors
            ),
            ["actor", "position", "capability", "salience"],
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


def _read_rows(name: str, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of ``data/<name>.csv`` (empty cells as None), checked: the file
    exists and is a CSV file, it has the ``required`` columns and a ``source`` on every row.

    The standard-library reader of the model's data files, with the checks (and messages)
    of :func:`korea_talks.datasets.load_table`, which reads the data chapters' tables with
    pandas.
    """
    path = DATA_DIR / f"{name}.csv"
    wanted = (*required, "source")
    if not path.is_file():
        raise DataFileError(
            f"{path}: file not found (expected a CSV file with columns {', '.join(wanted)})"
        )
    try:
        with path.open(encoding="utf8", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            rows = [{k: (v if v != "" else None) for k, v in row.items()} for row in reader]
            columns = list(reader.fieldnames or [])
    except (csv.Error, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not a readable CSV file ({exc})") from None
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise DataFileError(
            f"{path}: missing column(s) {', '.join(missing)}; the file must have "
            f"{', '.join(wanted)}"
        )
    unsourced = [number for number, row in enumerate(rows, start=2) if row["source"] is None]
    if unsourced:
        raise DataFileError(
            f"{path}: row {unsourced[0]}, column 'source': None is not valid; allowed: a "
            f"reference key or URL on every row ({len(unsourced)} bad row(s) in all)"
        )
    return columns, rows


def _numeric_columns(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Read position, capability and salience as numbers; a bad cell names its row."""
    for number, row in enumerate(rows, start=2):
        for column in ("position", "capability", "salience"):
            try:
                row[column] = float(row[column])
            except (TypeError, ValueError):
                raise DataFileError(
                    f"{name}: row {number}, column {column!r}: {row[column]!r} is not a number"
                ) from None
    return rows


def ec_emission_standards() -> ActorTable:
    """The European Community emission-standards case, the published example of the model.

    Ten member states with capability, position (in years) and salience (0-100), as
    published by Bueno de Mesquita (1994) and reused by Scholz, Calbert and Smith (2011);
    the numbers and their sources are in ``data/ec_emission_standards.csv``.
    """
    _, rows = _read_rows(
        EC_EMISSION_STANDARDS_FILE, required=("actor", "capability", "position", "salience")
    )
    return ActorTable.from_rows(_numeric_columns(EC_EMISSION_STANDARDS_FILE, rows))


def load_six_parties(year: int) -> pd.DataFrame:
    """Our estimates for the six parties in ``year`` (2017 or 2024), with their reasons.

    Each ``actor`` is the name of an actor of :mod:`korea_talks.actors`. Scale:
    0 = "denuclearization first, maximum pressure", 100 = "security guarantees and
    freeze first". Every row carries the basis for each number and a ``source`` column of
    bibliography keys. These are the module's estimates, not measurements. The rows of
    :func:`six_party_rows` as a DataFrame (needs pandas).

    >>> sorted(load_six_parties(2017)["actor"])[:3]
    ['China', 'Japan', 'North Korea']
    >>> float(load_six_parties(2024).set_index("actor").loc["Russia", "position"])
    98.0
    >>> load_six_parties(2019)
    Traceback (most recent call last):
    ...
    korea_talks.datafiles.DataFileError: no six-party table for 2019; years with a table: 2017, 2024
    """
    columns, rows = _six_party_table(year)
    return make_frame(rows, columns)


def six_party_rows(year: int) -> list[dict[str, Any]]:
    """The rows of :func:`load_six_parties` as plain dicts (standard library only).

    >>> [row["actor"] for row in six_party_rows(2017)][:2]
    ['United States', 'Japan']
    """
    return _six_party_table(year)[1]


def _six_party_table(year: int) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and the checked rows of the six-party table of ``year``."""
    if isinstance(year, bool) or year not in SIX_PARTIES_FILES:
        years = ", ".join(str(y) for y in SIX_PARTIES_FILES)
        raise DataFileError(f"no six-party table for {year!r}; years with a table: {years}")
    name = SIX_PARTIES_FILES[year]
    columns, rows = _read_rows(name, required=SIX_PARTIES_COLUMNS)
    for number, row in enumerate(rows, start=2):
        try:
            actor_named(row["actor"])
        except UnknownActorError as exc:
            raise DataFileError(f"{name}: row {number}, column 'actor': {exc}") from None
    for column in SIX_PARTIES_COLUMNS:
        for number, row in enumerate(rows, start=2):
            if row[column] is None:
                raise DataFileError(
                    f"{name}: row {number}, column {column!r} is empty; every estimate needs "
                    "its number, its basis and its article sections"
                )
    rows = _numeric_columns(name, rows)
    ActorTable.from_rows(rows)  # validates ranges and names
    return columns, rows


def six_parties(year: int) -> ActorTable:
    """The six-party table of ``year`` (:func:`load_six_parties`) as an :class:`ActorTable`."""
    return ActorTable.from_rows(six_party_rows(year))


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
