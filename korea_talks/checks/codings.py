"""Coded readings: choice items whose right letter is a reading of the article.

Some choice items ask which of the offered texts a section of the article makes, or which
observation counts against the author's reading: the right letter comes from a
**coding**, a table that flags each text by hand (``True``: the author says so, or the
observation counts against his reading), each with its section id, not from the data or
a model. A compute function of such an item takes the options' texts and a ``coding``;
without one it uses the package's **practice** coding, which flags only the texts of the
practice variants.

The codings of the graded variants' texts are the instructor's: they are kept in the
instructor's key (:mod:`korea_talks.grading.codings`), never in the package, and no text
is in both, so neither the package nor the practice answers say anything about a graded
letter.

>>> coding = {"the author says this": True, "he does not": False, "nor this": False}
>>> flagged_letters(coding, ("he does not", "the author says this", "nor this"))
['b']
>>> the_one(coding, ("he does not", "nor this", "the author says this"))
'c'
>>> the_one(coding, ("he does not", "a text nobody coded"))
Traceback (most recent call last):
...
ValueError: options not in the coding: ['a text nobody coded']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Coding = Mapping[str, bool]
"""A coding: each text an item may offer, flagged ``True`` or ``False``."""

LETTERS = "abcdefgh"
"""The letters of the options, in order."""


def flagged_letters(coding: Coding, options: Sequence[str]) -> list[str]:
    """The letters of the options the coding flags (raises ``ValueError`` for an option
    the coding does not hold: a text nobody coded has no right answer)."""
    unknown = [option for option in options if option not in coding]
    if unknown:
        raise ValueError(f"options not in the coding: {unknown}")
    return [LETTERS[i] for i, option in enumerate(options) if coding[option]]


def the_one(coding: Coding, options: Sequence[str]) -> str:
    """The letter of the one option the coding flags (raises ``ValueError`` unless every
    option is coded and exactly one is flagged).

    >>> the_one({"x": True, "y": True}, ("x", "y"))
    Traceback (most recent call last):
    ...
    ValueError: exactly one option must be flagged, not ['a', 'b']
    """
    flagged = flagged_letters(coding, options)
    if len(flagged) != 1:
        raise ValueError(f"exactly one option must be flagged, not {flagged}")
    return flagged[0]
