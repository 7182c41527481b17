"""The one place where the models' plain records become pandas tables.

The sequence engine, the lenses, the explorer and the bargaining model compute with the
standard library only and return plain records (tuples of dicts, dicts of counts), so
that they run where pandas does not exist (a browser's Pyodide core). The book and the
notebooks want DataFrames; the thin functions here make them, importing pandas only when
called. Importing this module needs no compiled library; it imports nothing of the
package, so any model module can hand its records here.

>>> table = frame([{"lens": "author", "rank": 5}, {"lens": "washington", "rank": 3}])
>>> list(table["lens"]), int(table["rank"].sum())
(['author', 'washington'], 8)
>>> counts = series({"war-risk": 0, "stalemate": 2}, name="runs", index_name="verdict")
>>> counts.name, counts.index.name, int(counts["stalemate"])
('runs', 'verdict', 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported when a table is made, never at module import
    import pandas as pd


def frame(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    index: Iterable[Any] | None = None,
    index_name: str | None = None,
    attrs: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """A DataFrame with one row per record (``columns`` fixes their order, even when empty;
    ``index`` gives the row labels, 0, 1, ... by default)."""
    import pandas as pd

    table = pd.DataFrame(
        list(rows),
        columns=list(columns) if columns is not None else None,
        index=list(index) if index is not None else None,
    )
    if index_name is not None:
        table.index.name = index_name
    if attrs:
        table.attrs.update(attrs)
    return table


def series(values: Mapping[Any, Any], *, name: str, index_name: str | None = None) -> pd.Series:
    """A Series from a mapping (its keys become the index, in their order)."""
    import pandas as pd

    column = pd.Series(list(values.values()), index=list(values.keys()), name=name)
    if index_name is not None:
        column.index.name = index_name
    return column
