"""Errors raised by the negotiation-sequence model.

Every error subclasses :class:`ValueError` and says what was wrong and what is allowed,
so that a student sees one readable sentence instead of a deep traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from korea_talks.datafiles import DataFileError


class SequenceModelError(ValueError):
    """Base class of the errors of :mod:`korea_talks.sequence`."""


class CatalogueError(SequenceModelError, DataFileError):
    """The move catalogue or the parameter file is missing or invalid.

    The message names the file, the move (or parameter) and the field.
    """


class UnknownMoveError(SequenceModelError):
    """A move id that is not in the catalogue; the message names the closest valid ids."""

    def __init__(self, move_id: object, valid_ids: Iterable[str], preset: bool = False) -> None:
        valid = sorted(valid_ids)
        self.move_id = move_id
        self.suggestions = closest(str(move_id), valid)
        if preset:
            super().__init__(
                f"{move_id!r} is a preset, not a move: pass its moves, "
                f"get_preset({move_id!r}).moves (all presets: see PRESETS)"
            )
            return
        super().__init__(
            f"unknown move id {move_id!r}; the closest valid ids are "
            + ", ".join(self.suggestions)
            + f" ({len(valid)} moves in the catalogue; see load_catalogue().moves)"
        )


class UnknownPresetError(SequenceModelError):
    """A preset name that is not defined; the message lists the defined names."""


class ExplorerError(SequenceModelError):
    """The explorer was given too many, too few or repeated moves."""


def closest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidates closest to ``word`` (never an empty list).

    >>> closest("us_direct_talk", ["us_direct_talks", "dprk_walk_out", "us_strike"])
    ['us_direct_talks']
    """
    found = difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(word, candidates, n=n, cutoff=0.0)
    return found


class LensError(CatalogueError):
    """A lens file is missing or invalid, or a lens name is unknown.

    The message names the file, the rule (or parameter) and the field, and what is allowed.
    """
