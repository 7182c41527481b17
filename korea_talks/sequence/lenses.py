"""Lenses: rival, sourced readings of how the actors respond to the same moves.

The move catalogue (``moves.toml``) and its parameters are the author's reading, corrected
where the article itself demands it. A lens is a data file in
``korea_talks/data/lenses/`` that overrides parameters and probabilities by name and adds
or replaces rules and preconditions by id. Every lens-specific rule names its sources
(bibliography keys) and a one-line rationale. Lenses are checked on load: an unknown move,
rule, parameter or field raises :class:`~korea_talks.sequence.errors.LensError` naming the
file and the field.

>>> [lens.id for lens in load_lenses().values()]
['author', 'washington', 'beijing']
>>> get_lens("washington").title
'Washington: maximum pressure and CVID'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from korea_talks.sequence import catalogue as cat
from korea_talks.sequence.catalogue import (
    DATA_DIR,
    Catalogue,
    Move,
    Parameters,
    Precondition,
    Rule,
    load_catalogue,
)
from korea_talks.sequence.errors import CatalogueError, LensError, closest

LENS_DIR = DATA_DIR / "lenses"
DEFAULT_LENS = "author"
_LENS_FIELDS = {
    "id",
    "title",
    "summary",
    "order",
    "sources",
    "thresholds",
    "probabilities",
    "rules",
    "preconditions",
}
_CHANGE_FIELDS = {"move", "replace", "before"}


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


def _fail(path: Path, message: str) -> LensError:
    return LensError(f"{path}: {message}")


def _parse_change(
    path: Path,
    kind: str,
    number: int,
    table: Any,
    base: Catalogue,
    parameters: Parameters,
    seen: set[str],
) -> RuleChange:
    owner = f"{kind} number {number}"
    if not isinstance(table, dict):
        raise _fail(path, f"{owner}: not a table")
    move_id = table.get("move")
    if move_id not in base.moves:
        raise _fail(
            path,
            f"{owner}, field 'move': unknown move id {move_id!r}; closest: "
            + ", ".join(closest(str(move_id), list(base.moves))),
        )
    move = base.moves[move_id]
    existing = [r.id for r in (move.rules if kind == "rule" else move.preconditions)]
    for key in ("replace", "before"):
        target = table.get(key)
        if target is not None and target not in existing:
            raise _fail(
                path,
                f"{owner} (move {move_id!r}), field {key!r}: {target!r} is not a "
                f"{kind} of that move; allowed: " + (", ".join(existing) or "(none)"),
            )
    if table.get("replace") and table.get("before"):
        raise _fail(path, f"{owner}: give 'replace' or 'before', not both")
    fields = (cat._RULE_FIELDS if kind == "rule" else cat._PRE_FIELDS) | _CHANGE_FIELDS
    body = {k: v for k, v in table.items() if k not in _CHANGE_FIELDS}
    body.setdefault("sections", list(move.sections))
    cat._check_fields(path, owner, table, fields)
    item_id = cat._identifier(path, owner, body, seen)
    owner = f"{kind} {item_id!r} (move {move_id!r})"
    sources = cat._sources(path, owner, body, required=True)
    if kind == "rule":
        chance = body.get("chance")
        if chance is not None and chance not in parameters.probabilities:
            raise _fail(
                path,
                f"{owner}, field 'chance': unknown probability {chance!r}; allowed: "
                + ", ".join(sorted(parameters.probabilities)),
            )
        item: Rule | Precondition = Rule(
            item_id,
            cat._conditions(path, owner, body, "when", False, parameters.thresholds),
            chance,
            cat._effects(path, owner, body),
            cat._text(path, owner, body, "text"),
            cat._sections(path, owner, body),
            cat._text(path, owner, body, "rationale"),
            sources,
        )
    else:
        item = Precondition(
            item_id,
            cat._conditions(path, owner, body, "require", True, parameters.thresholds),
            cat._text(path, owner, body, "reason"),
            cat._sections(path, owner, body),
            cat._text(path, owner, body, "rationale"),
            sources,
        )
    return RuleChange(move_id, item, table.get("replace"), table.get("before"))


def _override_parameters(path: Path, data: dict[str, Any], base: Parameters) -> Parameters:
    thresholds = dict(base.thresholds)
    for name, table in data.get("thresholds", {}).items():
        parsed = cat.parse_threshold(path, name, table)
        if not parsed.sources:
            raise _fail(path, f"threshold {name!r}, field 'sources': a lens value needs sources")
        thresholds[name] = parsed
    probabilities = dict(base.probabilities)
    for name, table in data.get("probabilities", {}).items():
        if name not in probabilities:
            raise _fail(
                path,
                f"probability {name!r}: unknown; a lens overrides the model's probabilities: "
                + ", ".join(sorted(probabilities)),
            )
        parsed_p = cat.parse_probability(path, name, table)
        if not parsed_p.sources:
            raise _fail(path, f"probability {name!r}, field 'sources': a lens value needs sources")
        probabilities[name] = parsed_p
    return replace(base, thresholds=thresholds, probabilities=probabilities, path=path)


def load_lens(path: Path | str, base: Catalogue | None = None) -> Lens:
    """Load and check one lens file against the catalogue ``base`` (default: the packaged one).

    Any problem raises :class:`LensError` naming the file, the item and the field.
    """
    try:
        return _load_lens(Path(path), base)
    except LensError:
        raise
    except CatalogueError as exc:
        raise LensError(str(exc)) from None


def _load_lens(path: Path, base: Catalogue | None) -> Lens:
    base = base if base is not None else load_catalogue()
    if not path.is_file():
        raise _fail(path, "file not found (expected a TOML lens file)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"not valid TOML ({exc})") from None
    unknown = sorted(set(data) - _LENS_FIELDS)
    if unknown:
        raise _fail(
            path, f"unknown field {unknown[0]!r}; allowed: " + ", ".join(sorted(_LENS_FIELDS))
        )
    lens_id = data.get("id")
    if not isinstance(lens_id, str) or not cat._ID_RE.match(lens_id):
        raise _fail(path, f"field 'id': {lens_id!r}; allowed: a lower-case identifier")
    order = data.get("order", 99)
    if not isinstance(order, int) or isinstance(order, bool):
        raise _fail(path, f"field 'order': {order!r}; allowed: a whole number")
    parameters = _override_parameters(path, data, base.parameters)
    seen = {r.id for m in base.moves.values() for r in (*m.rules, *m.preconditions)}
    changes = []
    for kind, key in (("rule", "rules"), ("precondition", "preconditions")):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise _fail(path, f"field {key!r}: allowed: an array of tables [[{key}]]")
        for number, table in enumerate(items, start=1):
            changes.append(_parse_change(path, kind, number, table, base, parameters, seen))
    return Lens(
        lens_id,
        cat._text(path, "lens", data, "title"),
        cat._text(path, "lens", data, "summary"),
        order,
        cat._sources(path, "lens", data, required=True),
        parameters,
        tuple(changes),
        path,
    )


def _apply_changes(move: Move, changes: list[RuleChange]) -> Move:
    rules = list(move.rules)
    pres = list(move.preconditions)
    # insertions first, so that "before" always names a rule of the catalogue
    for change in sorted(changes, key=lambda c: c.before is None):
        target = rules if isinstance(change.item, Rule) else pres
        ids = [x.id for x in target]
        if change.replaces:
            target[ids.index(change.replaces)] = change.item  # type: ignore[call-overload]
        elif change.before:
            target.insert(ids.index(change.before), change.item)  # type: ignore[arg-type]
        elif isinstance(change.item, Rule):
            target.insert(len(target) - 1, change.item)  # before the catch-all last rule
        else:
            target.append(change.item)  # type: ignore[arg-type]
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
    return Catalogue(moves, lens.parameters, base.path, base._ids, lens.id)


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

    >>> table = lenses()
    >>> list(table["lens"])
    ['author', 'washington', 'beijing']
    >>> int(table.loc[table["lens"] == "author", "rule_changes"].iloc[0])
    0
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
    return pd.DataFrame(rows)


def lens_rule_table(name: str) -> pd.DataFrame:
    """The rules and preconditions a lens adds or replaces, with sources and rationale."""
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
    return pd.DataFrame(rows)
