"""Answer specifications: one TOML file per exercise set, validated on load.

``korea_talks/data/answers_<set>.toml`` holds a ``[set]`` table and a list of
``[[question]]`` tables. Every question names its kind (the answer's format), its item
type, its sections, its points and the hint shown when the answer is wrong. This file is
public: it holds no answers. The practice key,
``korea_talks/data/practice/answers_<set>.toml``, holds each fixed answer only as a salt
and a SHA-256 digest (see :func:`korea_talks.checks.normalize.digest`), and common
mistakes the same way with a hint of their own; only the practice edition's checker
reads it.

>>> spec = get_question("set1.q2")
>>> spec.label, spec.kind, spec.sections
('q2', 'choice', ('S2',))
>>> get_question("set9.q1")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
korea_talks.checks.specs.UnknownQuestionError: unknown question 'set9.q1'; ...
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from korea_talks.checks.protocol import QuestionIdError, parse_question_id
from korea_talks.datafiles import DATA_DIR, DataFileError, Entry, parse_toml, read_toml

if TYPE_CHECKING:
    from korea_talks.grading.variants import ItemTemplate

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
    "lookup",
)
"""What a question asks the student to do (``recall`` is pure recall of the text;
``lookup`` runs a model or a query and reads its result off, without reasoning about it)."""

PRACTICE_DIR = "practice"
"""The folder of :data:`DATA_DIR` holding the practice keys."""


class AnswerSpecError(DataFileError):
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
    template: ItemTemplate | None = None
    """The item's variants (:mod:`korea_talks.grading.variants`), when it has any."""

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


_QUESTION_KEYS = (
    "points",
    "expects",
    "options",
    "decimals",
    "property",
    "params",
    "needs",
    "min_words",
    "max_words",
    "rubric",
    "variants",
)
"""The optional keys of a ``[[question]]`` table (``id``, ``kind``, ``sections`` and
``hint`` are required)."""


def _rubric(entry: Entry) -> tuple[dict[str, Any], ...]:
    items = []
    for item in entry.entries("rubric", "rubric item", required=False):
        item.keys(required=("criterion", "points"))
        items.append({"criterion": item.text("criterion"), "points": item.integer("points", low=0)})
    return tuple(items)


def _mistakes(entry: Entry) -> tuple[Mistake, ...]:
    mistakes = []
    for mistake in entry.entries("mistake", "mistake", required=False):
        mistake.keys(required=("digest", "hint"))
        mistakes.append(Mistake(mistake.text("digest"), mistake.text("hint")))
    return tuple(mistakes)


def _question(set_id: str, entry: Entry) -> QuestionSpec:
    if any(entry.has(key) for key in ("salt", "digest", "mistake")):
        entry.fail(
            None,
            "the public answer format holds no answer data",
            "salts, digests and mistakes in the practice key (data/practice/)",
        )
    entry.keys(required=("id", "kind", "item_type", "sections", "hint"), optional=_QUESTION_KEYS)
    spec = QuestionSpec(
        set_id=set_id,
        label=entry.text("id"),
        kind=entry.choice("kind", KINDS),
        sections=entry.sections(),
        hint=entry.text("hint"),
        points=entry.integer("points", low=0, default=1),
        expects=entry.text("expects", ""),
        options=entry.texts("options", required=False),
        decimals=entry.integer("decimals", low=0, default=0),
        property_name=entry.text("property", ""),
        params=dict(entry.entry("params", "params", required=False).table),
        needs=entry.text("needs", ""),
        min_words=entry.integer("min_words", low=0, default=0),
        max_words=entry.integer("max_words", low=0, default=0),
        rubric=_rubric(entry),
        item_type=entry.choice("item_type", ITEM_TYPES),
    )
    where = entry.where()
    kind = spec.kind
    if entry.has("variants"):
        from korea_talks.checks.properties import DESIGN_PARAMS
        from korea_talks.grading.variants import VariantError, design_template, template_from_table

        model = spec.params if spec.property_name == "model_answer" else None
        design = spec.property_name in DESIGN_PARAMS
        if not spec.fixed and model is None and not design:
            raise AnswerSpecError(
                f"{where}: only a question with one right answer, a model answer or a "
                "design has variants"
            )
        table = entry.entry("variants", "variants").table
        try:
            if design:
                template = design_template(spec.id, spec.property_name, spec.params, table)
            else:
                template = template_from_table(
                    spec.id, kind, spec.decimals, table, model, spec.options
                )
        except VariantError as exc:
            raise AnswerSpecError(f"{where}: {exc}") from None
        spec = dataclasses.replace(spec, template=template)
        if design:  # the practice edition checks a design against the practice variant
            params = template.property_params(template.practice_variant().params)
            spec = dataclasses.replace(spec, params=params)
    if kind in ("property",) and not spec.property_name:
        raise AnswerSpecError(f"{where}: a property question needs 'property'")
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
    data = parse_toml(text, where, error=AnswerSpecError)
    data.keys(required=("set", "question"))
    head = data.entry("set", "set")
    head.keys(required=("id", "title", "notebook", "sections"), optional=("chapters",))
    set_id = head.text("id")
    questions = tuple(_question(set_id, q) for q in data.entries("question", "question"))
    labels = [q.label for q in questions]
    if len(set(labels)) != len(labels):
        data.fail("question", f"question ids repeat: {labels}", "a different id for each")
    spec = SetSpec(
        id=set_id,
        title=head.text("title"),
        notebook=head.text("notebook"),
        sections=head.sections(),
        questions=questions,
        chapters=head.texts("chapters", required=False),
    )
    if any(q.template for q in questions):
        from korea_talks.grading.variants import VariantError, check_followers

        try:
            check_followers(spec)
        except VariantError as exc:
            raise AnswerSpecError(f"{where}: {exc}") from None
    return spec


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
    data = read_toml(path, error=AnswerSpecError)
    data.keys(required=("set",), optional=("question",))  # a set of model answers needs none
    keys: dict[str, PracticeKey] = {}
    for entry in data.entries("question", "question", required=False):
        entry.keys(required=("id", "salt", "digest"), optional=("mistake",))
        keys[entry.text("id")] = PracticeKey(
            entry.text("salt"), entry.text("digest"), _mistakes(entry)
        )
    fixed = {q.label for q in spec.questions if q.fixed}
    if set(keys) != fixed:
        data.fail(
            "question", f"keys for {sorted(keys)}", f"exactly the fixed questions {sorted(fixed)}"
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
