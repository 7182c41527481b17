"""Answer specifications: one TOML file per exercise set, validated on load.

``korea_talks/data/answers_<set>.toml`` holds a ``[set]`` table and a list of
``[[question]]`` tables. Every question names its kind (the answer's format), its
sections, its points and the hint shown when the answer is wrong. This file is public:
it holds no answers. The practice key, ``korea_talks/data/practice/answers_<set>.toml``,
holds each fixed answer only as a salt and a SHA-256 digest (see
:func:`korea_talks.checks.normalize.digest`), and common mistakes the same way with a
hint of their own; only the practice edition's checker reads it.

>>> spec = get_question("set1.q1")
>>> spec.label, spec.kind, spec.sections
('q1', 'choice', ('S1',))
>>> get_question("set9.q1")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
korea_talks.checks.specs.UnknownQuestionError: unknown question 'set9.q1'; ...
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from korea_talks.checks.protocol import QuestionIdError, parse_question_id
from korea_talks.datasets import DATA_DIR
from korea_talks.sections import UnknownSectionError, validate_section_ids

KINDS = (
    "choice",
    "choices",
    "integer",
    "integers",
    "number",
    "text",
    "sections",
    "date",
    "property",
    "written",
)
"""The kinds of question a spec may declare (the form of the answer)."""

ITEM_TYPES = (
    "recall",
    "application",
    "evidence",
    "prediction",
    "by-hand",
    "counterfactual",
    "data",
    "simulation",
    "model",
    "design",
    "interpretation",
)
"""What a question asks the student to do (``recall`` is pure recall of the text)."""


PRACTICE_DIR = "practice"
"""The folder of :data:`DATA_DIR` holding the practice keys."""


class AnswerSpecError(ValueError):
    """An answer specification file is malformed."""


class UnknownQuestionError(ValueError):
    """A question id that no answer specification defines."""


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer (stored as a digest) and the hint it deserves."""

    digest: str
    hint: str


@dataclass(frozen=True)
class QuestionSpec:
    """How one graded question is checked."""

    set_id: str
    label: str
    kind: str
    sections: tuple[str, ...]
    hint: str
    points: int = 1
    expects: str = ""
    options: tuple[str, ...] = ()
    decimals: int = 0
    property_name: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    needs: str = ""
    min_words: int = 0
    max_words: int = 0
    rubric: tuple[dict[str, Any], ...] = ()
    item_type: str = ""

    @property
    def id(self) -> str:
        """The full question id, e.g. ``set1.q3``."""
        return f"{self.set_id}.{self.label}"

    @property
    def hand_graded(self) -> bool:
        """True for written answers, which a person grades with the rubric."""
        return self.kind == "written"

    @property
    def fixed(self) -> bool:
        """True for a question with one right answer (checked by digest or by the key)."""
        return self.kind not in ("property", "written")

    @property
    def pass_line(self) -> str:
        """The line a practice check prints when the answer earns the question.

        (A graded check prints :func:`~korea_talks.checks.protocol.recorded_line`
        instead, whatever the answer.)
        """
        if self.hand_graded:
            return f"{self.label}: recorded for grading by hand"
        return f"{self.label}: correct"


@dataclass(frozen=True)
class PracticeKey:
    """The practice edition's key of one fixed answer: salt, digest and common mistakes."""

    salt: str
    digest: str
    mistakes: tuple[Mistake, ...] = ()


class PracticeKeyMissingError(LookupError):
    """The practice key of a set is not installed (as in a graded course's environment)."""


@dataclass(frozen=True)
class SetSpec:
    """One exercise set: its id, title, notebook name and questions in order."""

    id: str
    title: str
    notebook: str
    sections: tuple[str, ...]
    questions: tuple[QuestionSpec, ...]
    chapters: tuple[str, ...] = ()
    """The book chapters (file names under ``book/chapters``) the set practises."""

    def question(self, label: str) -> QuestionSpec:
        """The question with this label (``q3``)."""
        for spec in self.questions:
            if spec.label == label:
                return spec
        raise UnknownQuestionError(
            f"set {self.id} has no question {label!r}; it has "
            + ", ".join(q.label for q in self.questions)
        )


def _require(table: dict, key: str, where: str, kind: type | tuple = str) -> Any:
    if key not in table:
        raise AnswerSpecError(f"{where}: missing key {key!r}")
    value = table[key]
    if not isinstance(value, kind):
        raise AnswerSpecError(f"{where}: {key!r} must be a {kind}, not {type(value).__name__}")
    return value


def _question(set_id: str, table: dict, where: str) -> QuestionSpec:
    label = _require(table, "id", where)
    where = f"{where} question {label}"
    kind = _require(table, "kind", where)
    if kind not in KINDS:
        raise AnswerSpecError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    try:
        sections = validate_section_ids(_require(table, "sections", where, list))
    except UnknownSectionError as exc:
        raise AnswerSpecError(f"{where}: {exc}") from None
    spec = QuestionSpec(
        set_id=set_id,
        label=label,
        kind=kind,
        sections=sections,
        hint=_require(table, "hint", where),
        points=int(table.get("points", 1)),
        expects=str(table.get("expects", "")),
        options=tuple(table.get("options", ())),
        decimals=int(table.get("decimals", 0)),
        property_name=str(table.get("property", "")),
        params=dict(table.get("params", {})),
        needs=str(table.get("needs", "")),
        min_words=int(table.get("min_words", 0)),
        max_words=int(table.get("max_words", 0)),
        rubric=tuple(table.get("rubric", ())),
        item_type=_require(table, "item_type", where),
    )
    if spec.item_type not in ITEM_TYPES:
        raise AnswerSpecError(
            f"{where}: item_type {spec.item_type!r} is not one of {', '.join(ITEM_TYPES)}"
        )
    if kind in ("property",) and not spec.property_name:
        raise AnswerSpecError(f"{where}: a property question needs 'property'")
    if "salt" in table or "digest" in table or "mistake" in table:
        raise AnswerSpecError(
            f"{where}: the public answer format holds no answer data; put salts, digests "
            "and mistakes in the practice key (data/practice/)"
        )
    if kind in ("choice", "choices") and not spec.options:
        raise AnswerSpecError(f"{where}: a choice question needs 'options'")
    if kind == "written":
        if not spec.rubric or spec.max_words <= spec.min_words:
            raise AnswerSpecError(f"{where}: a written question needs a rubric and word limits")
        total = sum(int(item.get("points", 0)) for item in spec.rubric)
        if total != spec.points:
            raise AnswerSpecError(
                f"{where}: rubric points add up to {total}, but the question is worth {spec.points}"
            )
    return spec


def parse_set(text: str, where: str = "<answer spec>") -> SetSpec:
    """Parse and validate the TOML text of one answer specification."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AnswerSpecError(f"{where}: not valid TOML ({exc})") from None
    head = _require(data, "set", where, dict)
    set_id = _require(head, "id", where)
    questions = tuple(_question(set_id, q, where) for q in _require(data, "question", where, list))
    labels = [q.label for q in questions]
    if len(set(labels)) != len(labels):
        raise AnswerSpecError(f"{where}: question ids repeat: {labels}")
    return SetSpec(
        id=set_id,
        title=_require(head, "title", where),
        notebook=_require(head, "notebook", where),
        sections=validate_section_ids(_require(head, "sections", where, list)),
        questions=questions,
        chapters=tuple(str(c) for c in head.get("chapters", ())),
    )


def spec_path(set_id: str) -> Path:
    """Where the answer specification of a set lives."""
    return DATA_DIR / f"answers_{set_id}.toml"


@cache
def load_set(set_id: str) -> SetSpec:
    """Load the answer specification of one set (``set1`` ... ``set6``)."""
    path = spec_path(set_id)
    if not path.is_file():
        known = ", ".join(sorted(load_sets())) or "none"
        raise UnknownQuestionError(f"no exercise set {set_id!r}; the sets are: {known}")
    spec = parse_set(path.read_text(encoding="utf-8"), where=path.name)
    if spec.id != set_id:
        raise AnswerSpecError(f"{path.name}: declares set id {spec.id!r}, expected {set_id!r}")
    return spec


def load_sets() -> dict[str, SetSpec]:
    """Every exercise set that has an answer specification, by id."""
    ids = sorted(p.stem.removeprefix("answers_") for p in DATA_DIR.glob("answers_*.toml"))
    return {set_id: load_set(set_id) for set_id in ids}


def practice_path(set_id: str) -> Path:
    """Where the practice key of a set lives."""
    return DATA_DIR / PRACTICE_DIR / f"answers_{set_id}.toml"


@cache
def load_practice_key(set_id: str) -> dict[str, PracticeKey]:
    """The practice key of a set, by question label (fixed answers only).

    Raises :class:`PracticeKeyMissingError` when the file is not installed, and
    :class:`AnswerSpecError` when it does not cover every fixed question of the set.
    """
    spec = load_set(set_id)
    path = practice_path(set_id)
    if not path.is_file():
        raise PracticeKeyMissingError(
            f"the practice key of {set_id} is not installed, so this environment cannot say "
            "whether an answer is right; use the graded edition's checks"
        )
    where = f"{PRACTICE_DIR}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AnswerSpecError(f"{where}: not valid TOML ({exc})") from None
    keys: dict[str, PracticeKey] = {}
    for table in _require(data, "question", where, list):
        label = _require(table, "id", where)
        at = f"{where} question {label}"
        keys[label] = PracticeKey(
            salt=_require(table, "salt", at),
            digest=_require(table, "digest", at),
            mistakes=tuple(
                Mistake(_require(m, "digest", at), _require(m, "hint", at))
                for m in table.get("mistake", ())
            ),
        )
    fixed = {q.label for q in spec.questions if q.fixed}
    if set(keys) != fixed:
        raise AnswerSpecError(
            f"{where}: keys for {sorted(keys)}, but the fixed questions are {sorted(fixed)}"
        )
    return keys


def get_question(question_id: str) -> QuestionSpec:
    """The specification of a question given as ``"<set>.<label>"``, e.g. ``"set1.q3"``."""
    try:
        parsed = parse_question_id(question_id)
    except QuestionIdError as exc:
        raise UnknownQuestionError(f"unknown question {question_id!r}; {exc}") from None
    set_id, label = parsed.set_id, parsed.label
    try:
        spec = load_set(set_id)
        return spec.question(label)
    except UnknownQuestionError as exc:
        raise UnknownQuestionError(f"unknown question {question_id!r}; {exc}") from None
