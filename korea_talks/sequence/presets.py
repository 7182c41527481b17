"""Preset sequences: the author's roadmap, its rivals and what actually happened.

Presets are data (``korea_talks/data/presets.toml``). The historical preset,
"what-happened-2017-2019", dates every step and names the sources of each date
(keys of the book's bibliography).

>>> get_preset("author-roadmap").moves[:2]
['us_direct_talks', 'us_moratorium_for_moratorium']
>>> sorted(PRESETS)[:3]
['author-roadmap', 'cvid-first', 'maximum-pressure']
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from korea_talks.sequence.catalogue import DATA_DIR, Catalogue, load_catalogue
from korea_talks.sequence.errors import CatalogueError, UnknownPresetError, closest

PRESETS_PATH = DATA_DIR / "presets.toml"


@dataclass(frozen=True)
class PresetStep:
    """One step of a preset: a move id and, for history, its date, sources and a note."""

    move: str
    date: dt.date | None = None
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Preset:
    """A named sequence of moves with a title, a summary and its sections."""

    name: str
    title: str
    summary: str
    sections: tuple[str, ...]
    steps: tuple[PresetStep, ...]

    @property
    def moves(self) -> list[str]:
        """The move ids of the preset, in order."""
        return [step.move for step in self.steps]

    @property
    def dated(self) -> bool:
        """True if every step carries a date and at least one source."""
        return all(step.date and step.sources for step in self.steps)


def load_presets(
    path: Path | str | None = None, catalogue: Catalogue | None = None
) -> dict[str, Preset]:
    """Load and check the presets file; every move id must be in the catalogue."""
    path = Path(path) if path is not None else PRESETS_PATH
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if not path.is_file():
        raise CatalogueError(f"{path}: file not found (expected a TOML file of presets)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML ({exc})") from None
    presets: dict[str, Preset] = {}
    for number, table in enumerate(data.get("presets", []), start=1):
        name = table.get("name")
        owner = f"{path}: preset {name or number!r}"
        if not isinstance(name, str) or name in presets:
            raise CatalogueError(f"{owner}, field 'name': missing or used twice")
        steps = []
        for i, raw in enumerate(table.get("steps", []), start=1):
            move = raw.get("move")
            if move not in catalogue.moves:
                raise CatalogueError(
                    f"{owner}, step {i}, field 'move': unknown move id {move!r}; closest: "
                    + ", ".join(closest(str(move), list(catalogue.moves)))
                )
            date = raw.get("date")
            if date is not None:
                try:
                    date = dt.date.fromisoformat(str(date))
                except ValueError:
                    raise CatalogueError(
                        f"{owner}, step {i}, field 'date': {date!r}; allowed: YYYY-MM-DD"
                    ) from None
            sources = raw.get("sources", [])
            if date is not None and not sources:
                raise CatalogueError(
                    f"{owner}, step {i}, field 'sources': a dated step needs at least one "
                    "bibliography key"
                )
            steps.append(PresetStep(move, date, tuple(sources), raw.get("note", "")))
        presets[name] = Preset(
            name,
            table.get("title", name),
            table.get("summary", ""),
            tuple(table.get("sections", [])),
            tuple(steps),
        )
    return presets


PRESETS: dict[str, Preset] = load_presets()
"""The presets shipped with the package, by name."""


def get_preset(name: str) -> Preset:
    """Return the preset called ``name``, or raise :class:`UnknownPresetError`.

    >>> try:
    ...     get_preset("cvid first")
    ... except UnknownPresetError as error:
    ...     print(str(error)[:48])
    unknown preset 'cvid first'; closest: cvid-first
    """
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise UnknownPresetError(
            f"unknown preset {name!r}; closest: "
            + ", ".join(closest(str(name), list(PRESETS)))
            + "; all presets: "
            + ", ".join(PRESETS)
        ) from None
