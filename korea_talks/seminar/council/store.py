"""A Security Council session kept in SQLite, through the seminar's store.

:class:`CouncilStore` is the seminar's :class:`~korea_talks.seminar.store.SeminarStore`
with the council's session class: the same file layout, join codes, guard against guessed
codes, idempotency keys, and the same promise that an action is written to disk before it
is acknowledged.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "council.sqlite"
>>> store = CouncilStore.create(path, teams=("US", "Russia"))
>>> _ = store.act(store.codes["instructor"], {"kind": "start"})
>>> _ = store.act(store.codes["US"], {"kind": "table", "title": "T", "clauses": ["textile_ban"]})
>>> list(CouncilStore.open(path).council.drafts)
['D1']
"""

from __future__ import annotations

from typing import cast

from korea_talks.seminar.council.engine import Council
from korea_talks.seminar.store import SeminarStore


class CouncilStore(SeminarStore):
    """A council session backed by a SQLite file."""

    engine = Council

    @property
    def council(self) -> Council:
        """The session (the store's ``seminar`` attribute holds it)."""
        return cast(Council, self.seminar)
