"""The practice edition's ``check``: right or not yet, at once, with a hint.

A practice notebook's setup cell imports it (``from korea_talks.checks.practice import
check``); it needs the practice keys in ``korea_talks/data/practice/``.
"""

from korea_talks.checks.checker import check

__all__ = ["check"]
