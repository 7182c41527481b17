"""Lenses: rival, sourced readings of how the actors respond to the same moves.

The move catalogue (``moves.toml``) and its parameters are the author's reading, corrected
where the article itself demands it. A lens is a data file in
``korea_talks/data/lenses/`` that overrides parameters and probabilities by name and adds
or replaces rules and preconditions by id. Every lens-specific rule names its sources
(bibliography keys) and a one-line rationale. Lenses are checked on load: an unknown move,
rule, parameter or field raises :class:`~korea_talks.sequence.errors.LensError` naming the
file and the field.

>>> [lens.id for lens in load_lenses().values()]
['author', 'washington', 'beijing', 'pyongyang', 'seoul']
>>> get_lens("washington").title
'Washington: maximum pressure and CVID'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from korea_talks.datafiles import DATA_DIR, Entry, read_toml
from korea_talks.sequence import catalogue as cat
from korea_talks.sequence.catalogue import (
    Catalogue,
    Move,
    Parameters,
    Precondition,
    Rule,
    load_catalogue,
)
from korea_talks.sequence.errors import CatalogueError, LensError, closest
from korea_talks.sequence.frames import frame

if TYPE_CHECKING:  # the tables are made by korea_talks.sequence.frames, on demand
    import pandas as pd

LENS_DIR = DATA_DIR / "lenses"
DEFAULT_LENS = "author"


@dataclass(frozen=True)
class RuleChange:
    """A lens rule or precondition: the move it belongs to and what it replaces, if any."""

    move: str
    item: Rule | Precondition
    replaces: str | None
    before: str | None


@dataclass(frozen=True)
class Lens:
    """One reading of the actors' responses, kept as data."""

    id: str
    title: str
    summary: str
    order: int
    sources: tuple[str, ...]
    parameters: Parameters
    changes: tuple[RuleChange, ...]
    path: Path

    @property
    def overridden(self) -> list[str]:
        """Names of the parameters whose values this lens changes from the author's."""
        base = {t.name: t.value for t in load_catalogue().parameters.tunables()}
        return [
            t.name
            for t in self.parameters.tunables()
            if t.name not in base or base[t.name] != t.value
        ]


def _parse_change(
    entry: Entry,
    kind: str,
    base: Catalogue,
    parameters: Parameters,
    seen: set[str],
) -> RuleChange:
    move_id = entry.text("move")
    if move_id not in base.moves:
        entry.fail(
            "move",
            f"unknown move id {move_id!r}",
            "a move of the catalogue; closest: " + ", ".join(closest(move_id, list(base.moves))),
        )
    move = base.moves[move_id]
    existing = [r.id for r in (move.rules if kind == "rule" else move.preconditions)]
    for key in ("replace", "before"):
        if entry.has(key):
            target = entry.text(key)
            if target not in existing:
                entry.fail(
                    key,
                    f"{target!r} is not a {kind} of move {move_id!r}",
                    ", ".join(existing) or "(the move has none)",
                )
    if entry.has("replace") and entry.has("before"):
        entry.fail("before", "give 'replace' or 'before', not both")
    table = dict(entry.table)
    table.setdefault("sections", list(move.sections))
    body = Entry(entry.file, entry.name, table, entry.error)
    extra = ("move", "replace", "before")
    item: Rule | Precondition
    if kind == "rule":
        item = cat.parse_rule(
            body, seen, parameters.probabilities, parameters.thresholds, True, extra
        )
    else:
        item = cat.parse_precondition(body, seen, parameters.thresholds, True, extra)
    return RuleChange(
        move_id,
        item,
        str(entry.table["replace"]) if entry.has("replace") else None,
        str(entry.table["before"]) if entry.has("before") else None,
    )


def _override_parameters(data: Entry, base: Parameters) -> Parameters:
    thresholds = dict(base.thresholds)
    tables = data.entry("thresholds", "thresholds", required=False)
    for name in tables.table:
        entry = tables.entry(name, f"threshold {name!r}")
        thresholds[name] = cat.parse_threshold(entry, name)
        if not thresholds[name].sources:
            entry.fail("sources", "missing", "a lens value needs bibliography keys")
    probabilities = dict(base.probabilities)
    tables = data.entry("probabilities", "probabilities", required=False)
    for name in tables.table:
        entry = tables.entry(name, f"probability {name!r}")
        if name not in probabilities:
            entry.fail(
                None,
                "unknown; a lens overrides the model's probabilities",
                ", ".join(sorted(probabilities)),
            )
        probabilities[name] = cat.parse_probability(entry, name)
        if not probabilities[name].sources:
            entry.fail("sources", "missing", "a lens value needs bibliography keys")
    return replace(base, thresholds=thresholds, probabilities=probabilities, path=Path(data.file))


def load_lens(path: Path | str, base: Catalogue | None = None) -> Lens:
    """Load and check one lens file against the catalogue ``base`` (default: the packaged one).

    Any problem raises :class:`LensError` naming the file, the item and the field.
    """
    try:
        return _load_lens(Path(path), base if base is not None else load_catalogue())
    except LensError:
        raise
    except CatalogueError as exc:  # conditions are parsed by the catalogue's own checks
        raise LensError(str(exc)) from None


def _load_lens(path: Path, base: Catalogue) -> Lens:
    data = read_toml(path, error=LensError)
    data.keys(
        required=("id", "title", "summary", "sources"),
        optional=("order", "thresholds", "probabilities", "rules", "preconditions"),
    )
    lens_id = data.text("id")
    if not cat._ID_RE.match(lens_id):
        data.fail("id", f"{lens_id!r} is not a valid id", "a lower-case identifier")
    order = data.integer("order", default=99)
    parameters = _override_parameters(data, base.parameters)
    seen = {r.id for m in base.moves.values() for r in m.rules}
    seen.update(p.id for m in base.moves.values() for p in m.preconditions)
    changes = []
    for kind, key in (("rule", "rules"), ("precondition", "preconditions")):
        for entry in data.entries(key, kind, required=False):
            changes.append(_parse_change(entry, kind, base, parameters, seen))
    return Lens(
        lens_id,
        data.text("title"),
        data.text("summary"),
        order,
        cat._sources(data, required=True),
        parameters,
        tuple(changes),
        path,
    )


def _placed(items: list[Any], change: RuleChange, catch_all_last: bool) -> None:
    """Put ``change.item`` into ``items``: replacing, before a named one, or added."""
    ids = [x.id for x in items]
    if change.replaces:
        items[ids.index(change.replaces)] = change.item
    elif change.before:
        items.insert(ids.index(change.before), change.item)
    elif catch_all_last:
        items.insert(len(items) - 1, change.item)  # before the catch-all last rule
    else:
        items.append(change.item)


def _apply_changes(move: Move, changes: list[RuleChange]) -> Move:
    rules: list[Any] = list(move.rules)
    pres: list[Any] = list(move.preconditions)
    # insertions first, so that "before" always names a rule of the catalogue
    for change in sorted(changes, key=lambda c: c.before is None):
        is_rule = isinstance(change.item, Rule)
        _placed(rules if is_rule else pres, change, is_rule)
    last = rules[-1]
    if last.when or last.chance:
        raise LensError(
            f"move {move.id!r}: under the lens its last rule ({last.id!r}) has a 'when' or a "
            "'chance'; the last rule must always fire (replace it with one that does)"
        )
    return replace(move, rules=tuple(rules), preconditions=tuple(pres))


def apply_lens(lens: Lens, base: Catalogue | None = None) -> Catalogue:
    """The catalogue as ``lens`` reads it: its parameters, its rules and preconditions."""
    base = base if base is not None else load_catalogue()
    by_move: dict[str, list[RuleChange]] = {}
    for change in lens.changes:
        by_move.setdefault(change.move, []).append(change)
    moves = {
        move_id: _apply_changes(move, by_move[move_id]) if move_id in by_move else move
        for move_id, move in base.moves.items()
    }
    return Catalogue(moves, lens.parameters, base.path, lens.id)


_LENSES: dict[str, Lens] = {}
_CATALOGUES: dict[str, Catalogue] = {}


def load_lenses(directory: Path | str | None = None) -> dict[str, Lens]:
    """All lenses of a directory (default: the packaged ones), by id, in their order."""
    if directory is None and _LENSES:
        return dict(_LENSES)
    folder = Path(directory) if directory is not None else LENS_DIR
    found = [load_lens(p) for p in sorted(folder.glob("*.toml"))]
    if not found:
        raise LensError(f"{folder}: no lens files (*.toml) found")
    ids = [lens.id for lens in found]
    for lens_id in ids:
        if ids.count(lens_id) > 1:
            raise LensError(f"{folder}: lens id {lens_id!r} is used by two files")
    ordered = {lens.id: lens for lens in sorted(found, key=lambda x: (x.order, x.id))}
    if directory is None:
        _LENSES.update(ordered)
    return ordered


def lens_ids() -> list[str]:
    """The ids of the packaged lenses, the author's first."""
    return list(load_lenses())


def get_lens(name: str) -> Lens:
    """The packaged lens called ``name`` (a clear :class:`LensError` if there is none)."""
    known = load_lenses()
    if name not in known:
        raise LensError(
            f"unknown lens {name!r}; allowed: {', '.join(known)}"
            + (f" (closest: {closest(str(name), list(known))[0]})" if known else "")
        )
    return known[name]


def lens_catalogue(name: str, base: Catalogue | None = None) -> Catalogue:
    """The catalogue read through the lens ``name`` (cached for the packaged catalogue)."""
    lens = get_lens(name)
    if not lens.changes and not lens.overridden:
        return base if base is not None else load_catalogue()
    if base is not None and base is not load_catalogue():
        return apply_lens(lens, base)
    if name not in _CATALOGUES:
        _CATALOGUES[name] = apply_lens(lens)
    return _CATALOGUES[name]


def lenses() -> pd.DataFrame:
    """One row per lens: id, title, a one-line summary and what it changes.

    :func:`lens_rows` as a DataFrame (needs pandas).

    >>> table = lenses()
    >>> list(table["lens"])
    ['author', 'washington', 'beijing', 'pyongyang', 'seoul']
    >>> int(table.loc[table["lens"] == "author", "rule_changes"].iloc[0])
    0
    """
    return frame(lens_rows())


def lens_rows() -> list[dict[str, Any]]:
    """The rows of :func:`lenses` as plain dicts (standard library only).

    >>> [row["lens"] for row in lens_rows()][:2]
    ['author', 'washington']
    """
    rows = []
    for lens in load_lenses().values():
        rows.append(
            {
                "lens": lens.id,
                "title": lens.title,
                "summary": lens.summary,
                "parameters_changed": ", ".join(lens.overridden),
                "rule_changes": len(lens.changes),
                "sources": ", ".join(lens.sources),
            }
        )
    return rows


def lens_rule_table(name: str) -> pd.DataFrame:
    """The rules and preconditions a lens adds or replaces, with sources and rationale.

    :func:`lens_rule_rows` as a DataFrame (needs pandas).
    """
    return frame(lens_rule_rows(name))


def lens_rule_rows(name: str) -> list[dict[str, Any]]:
    """The rows of :func:`lens_rule_table` as plain dicts (standard library only).

    >>> lens_rule_rows("author")
    []
    """
    rows = []
    for change in get_lens(name).changes:
        item = change.item
        is_rule = isinstance(item, Rule)
        rows.append(
            {
                "move": change.move,
                "rule": item.id,
                "kind": "rule" if is_rule else "precondition",
                "replaces": change.replaces or "",
                "when": " and ".join(
                    c.source for c in (item.when if isinstance(item, Rule) else item.require)
                )
                or "otherwise",
                "sources": ", ".join(item.sources),
                "rationale": item.rationale,
            }
        )
    return rows
