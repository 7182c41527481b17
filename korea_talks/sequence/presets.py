"""Preset sequences: the author's roadmap, its rivals and what actually happened.

Presets are data (``korea_talks/data/presets.toml``). The historical preset,
"what-happened-2017-2019", dates every step and names the sources of each date
(keys of the book's bibliography).

>>> get_preset("author-roadmap").moves[:2]
['us_direct_talks', 'us_moratorium_for_moratorium']
>>> sorted(PRESETS)[:3]
['author-roadmap', 'beijing-dual-track', 'cvid-first']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from korea_talks.datafiles import Entry, read_toml
from korea_talks.sequence.catalogue import PRESETS_PATH, Catalogue, load_catalogue
from korea_talks.sequence.errors import CatalogueError, UnknownPresetError, closest


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
    camp: str | None = None
    """The lens whose theory of success the preset states (None for other presets)."""

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
    """Load and check the presets file; every move id must be in the catalogue.

    A preset may ``extends`` an earlier one: its steps follow the earlier preset's.
    """
    path = Path(path) if path is not None else PRESETS_PATH
    catalogue = catalogue if catalogue is not None else load_catalogue()
    data = read_toml(path, error=CatalogueError)
    data.keys(required=("presets",))
    presets: dict[str, Preset] = {}
    for entry in data.entries("presets", "preset"):
        entry.keys(
            required=("name", "title", "summary", "sections", "steps"), optional=("extends", "camp")
        )
        name = entry.text("name")
        if name in presets:
            entry.fail("name", f"{name!r} is used twice", "a name no other preset has")
        if not isinstance(entry.table["steps"], list) or not entry.table["steps"]:
            entry.fail("steps", "missing or empty", "a list of steps such as [{ move = ... }]")
        steps: list[PresetStep] = []
        if entry.has("extends"):
            base = entry.choice("extends", list(presets))
            steps.extend(presets[base].steps)
        for number, raw in enumerate(entry.table["steps"], start=1):
            step = Entry(entry.file, f"{entry.name}, step {number}", raw, CatalogueError)
            if not isinstance(raw, dict):
                step.fail(None, "not a table", "a table such as { move = ... }")
            step.keys(required=("move",), optional=("date", "sources", "note"))
            move = step.text("move")
            if move not in catalogue.moves:
                step.fail(
                    "move",
                    f"unknown move id {move!r}",
                    "a move id of the catalogue; closest: "
                    + ", ".join(closest(move, list(catalogue.moves))),
                )
            date = step.date("date", required=False)
            sources = step.texts("sources", required=date is not None)
            steps.append(PresetStep(move, date, sources, step.text("note", "")))
        presets[name] = Preset(
            name,
            entry.text("title"),
            entry.text("summary"),
            entry.sections(),
            tuple(steps),
            entry.text("camp") if entry.has("camp") else None,
        )
    return presets


def camp_presets() -> dict[str, Preset]:
    """Each camp's own preset, by the id of its lens.

    >>> camp_presets()["washington"].name
    'washington-big-deal'
    """
    return {p.camp: p for p in PRESETS.values() if p.camp is not None}


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
