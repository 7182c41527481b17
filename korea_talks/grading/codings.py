"""The instructor's codings: the right letters of the graded reading items.

An item whose letter is a coded reading of the article (:mod:`korea_talks.checks.codings`)
is marked, in the graded edition, against a coding that only the instructor holds: a
TOML file beside the key notebook, ``<key>.codings.toml`` (for the key
``exercises/source/set3-russia.ipynb``, ``exercises/source/set3-russia.codings.toml``).
It has one table per coded question, mapping each text its graded variants offer to
``true`` or ``false``::

    [q1]
    "a statement the section makes" = true  # S5
    "a statement it does not make" = false

The package never holds it (the wheel is built from ``korea_talks/`` alone), so a student
who reads the installed package finds no graded letter. :func:`load_codings` refuses a
file that is missing, is not TOML, codes another question, leaves a graded option
uncoded, repeats a text of the practice coding (the practice answers would then say
something about a graded one) or gives a variant no single right answer.

>>> codings_path(Path("exercises/source/set3-russia.ipynb")).as_posix()
'exercises/source/set3-russia.codings.toml'
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from korea_talks.grading.variants import TemplatedSet, VariantError

SUFFIX = ".codings.toml"
"""What the name of a key's codings file ends with, after the key notebook's stem."""


class CodingsError(VariantError):
    """The instructor's codings file cannot mark the graded reading items."""


def codings_path(key: Path) -> Path:
    """Where the codings of the key notebook ``key`` are kept: beside it."""
    return Path(key).with_name(Path(key).stem + SUFFIX)


def coded_items(spec: TemplatedSet) -> dict[str, Any]:
    """The templates of the set's coded reading items, by question id."""
    return {q.id: q.template for q in spec.questions if q.template and q.template.coded}


def _table(path: Path, label: str, value: object) -> dict[str, bool]:
    """One question's table, checked: every value true or false."""
    if not isinstance(value, dict):
        raise CodingsError(f"{path}: [{label}] must be a table of texts, each true or false")
    wrong = [text for text, flag in value.items() if not isinstance(flag, bool)]
    if wrong:
        raise CodingsError(
            f"{path}: [{label}] codes {wrong[0]!r} as {value[wrong[0]]!r}; "
            "each text is coded true or false"
        )
    return dict(value)


def load_codings(path: Path, spec: TemplatedSet) -> dict[str, dict[str, bool]]:
    """The instructor's coding of each coded reading item of ``spec``, by question id
    (empty when the set has none; raises :class:`CodingsError`)."""
    from korea_talks.checks.properties import CODED_READINGS

    coded = coded_items(spec)
    if not coded:
        return {}
    labels = {qid.split(".")[-1]: qid for qid in coded}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CodingsError(
            f"{path}: cannot read the instructor's codings ({exc.strerror}); the graded "
            f"variants of {', '.join(labels)} are marked against them: keep the codings "
            f"file beside the key notebook, named <key>{SUFFIX}"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CodingsError(f"{path}: not a TOML file of codings ({exc})") from None
    unknown = sorted(set(data) - set(labels))
    if unknown:
        raise CodingsError(
            f"{path}: tables {unknown} code no reading item; allowed: {', '.join(labels)}"
        )
    codings: dict[str, dict[str, bool]] = {}
    for label, qid in labels.items():
        if label not in data:
            raise CodingsError(f"{path}: no table [{label}]; every one of {', '.join(labels)}")
        table = _table(path, label, data[label])
        template = coded[qid]
        shared = sorted(set(table) & set(CODED_READINGS[template.compute]))
        if shared:
            raise CodingsError(
                f"{path}: [{label}] codes {shared[0]!r}, a text of the practice coding; "
                "graded texts must differ from practice ones"
            )
        for index, params in enumerate(template.graded):
            try:
                template.answer({**params, "coding": table})
            except ValueError as exc:
                raise CodingsError(
                    f"{path}: [{label}] cannot mark graded variant {index}: {exc}"
                ) from None
        codings[qid] = table
    return codings


def key_codings(key: Path, spec: TemplatedSet) -> dict[str, dict[str, bool]]:
    """The codings kept beside the key notebook ``key`` (see :func:`load_codings`)."""
    return load_codings(codings_path(key), spec)
