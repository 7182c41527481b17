"""Variants of an exercise item: one template, many parameter sets, one per student.

An automatically marked item may be a **template**: the answer spec of its set gives a
``[question.variants]`` table with the name of a model or data function (``compute``, a
key of :data:`korea_talks.checks.properties.COMPUTE`) and two disjoint pools of
parameter sets (keyword arguments of that function):

``practice``
    the variants of the practice edition (and of the instructor's key), chosen with the
    public seed :data:`PRACTICE_SEED`; their answers say nothing about graded ones,
    since no graded variant shares their parameters;
``graded``
    the variants students are graded on; which one a student gets is chosen by
    :func:`variant_for` from the course secret (held by the instructor only) and the
    student's roster id, so nobody without the secret can tell which variant anyone has.

The answer of a variant is never typed: :meth:`ItemTemplate.answer` computes it from the
model or the data at grading time. Question texts name a parameter with a placeholder
``{{q4.start}}`` (question label, parameter name), filled in by :func:`render`.

>>> secret = b"a course secret of at least sixteen bytes"
>>> variant_for(secret, "ada", "set1.q4", 5) == variant_for(secret, "ada", "set1.q4", 5)
True
>>> 0 <= variant_for(secret, "ben", "set1.q4", 5) < 5
True
>>> render("from {{q4.start}} to {{q4.end}}", {"q4": {"start": "2016-01-01",
...                                                   "end": "2016-12-31"}})
'from 2016-01-01 to 2016-12-31'
>>> render("under {{q4.lenses}}", {"q4": {"lenses": ["washington", "seoul"]}})
'under washington, seoul'

A **design** item (a property check that re-runs a model on the student's own design,
such as ``sequence_meets``) may be a template too: its variants are constraints (the
lens a design must succeed under, a move it must include, a cap on its length...) merged
into the check's parameters by :meth:`ItemTemplate.property_params`; see
:func:`design_template`. The practice edition checks the practice variant.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

PRACTICE_SEED = b"korea-talks practice edition: public seed, never a course secret"
"""The fixed, public key that chooses the practice edition's variants."""

MIN_SECRET_BYTES = 16
"""A course secret shorter than this is refused (it could be guessed)."""

PLACEHOLDER = re.compile(r"\{\{\s*(q\d+)\.([A-Za-z_]\w*)\s*\}\}")
"""``{{q4.start}}``: the value of parameter ``start`` of question ``q4``'s variant."""


class VariantError(ValueError):
    """A template, a secret or a roster id that cannot choose or compute a variant."""


def variant_for(course_secret: bytes, roster_id: str, item_id: str, n_variants: int) -> int:
    """The index (0 to ``n_variants - 1``) of the variant of ``item_id`` for ``roster_id``.

    HMAC-SHA256 keyed with the course secret over the roster id and the item id (joined
    by a separator neither may contain), read as a 256-bit number modulo the number of
    variants (the bias of the modulo is below 2**-240). Deterministic; without the
    secret, the index cannot be told from the ids.

    >>> variant_for(b"0123456789abcdef", "ada", "set1.q4", 1)
    0
    >>> variant_for(b"0123456789abcdef", "ada", "set1.q4", 0)
    Traceback (most recent call last):
    ...
    korea_talks.grading.variants.VariantError: an item needs at least one variant, not 0
    """
    if n_variants < 1:
        raise VariantError(f"an item needs at least one variant, not {n_variants}")
    if "\x1f" in roster_id or "\x1f" in item_id:
        raise VariantError("a roster id or item id may not contain the unit separator")
    message = f"{roster_id}\x1f{item_id}".encode("utf-8", "surrogatepass")
    number = int.from_bytes(hmac.new(course_secret, message, hashlib.sha256).digest(), "big")
    return number % n_variants


@dataclass(frozen=True)
class Variant:
    """One variant of an item: its pool (``practice`` or ``graded``), index and parameters."""

    item_id: str
    pool: str
    index: int
    params: Mapping[str, Any]

    @property
    def name(self) -> str:
        """A short name for reports: ``graded-2`` (the pool and the index)."""
        return f"{self.pool}-{self.index}"


@dataclass(frozen=True)
class ItemTemplate:
    """An item with parameters: the function that computes its answer, and its pools."""

    item_id: str
    compute: str
    kind: str
    decimals: int
    practice: tuple[Mapping[str, Any], ...]
    graded: tuple[Mapping[str, Any], ...]
    tolerance: float | None = None
    """For a simulated estimate: how far from the computed answer it may be."""
    follows: str = ""
    """The id of an item whose variant index this one shares (a question that builds on
    an earlier one's numbers); both pools must have the same length as that item's."""
    options: tuple[str, ...] = ()
    """For a ``choice`` or ``choices`` item: the letters its compute function returns
    (the option texts, and the stem, name the variant's parameters with placeholders)."""
    check: str = "model_answer"
    """The property check that marks a variant: ``model_answer`` (an answer computed by
    ``compute``) or a design check such as ``sequence_meets``, whose variants are
    constraints merged into its parameters (no answer to compute)."""
    base: Mapping[str, Any] = field(default_factory=dict)
    """A design item's parameters shared by every variant (each variant's override them)."""

    @property
    def design(self) -> bool:
        """True for a design item: a variant is a set of constraints, not an answer."""
        return self.check != "model_answer"

    @property
    def coded(self) -> bool:
        """True for an item whose letter is a coded reading of the article: its graded
        variants are marked against the instructor's coding (a ``coding`` parameter added
        by :func:`student_variants`), which the package does not hold."""
        from korea_talks.checks.properties import CODED_READINGS

        return not self.design and self.compute in CODED_READINGS

    def _require_coding(self, params: Mapping[str, Any]) -> None:
        """Refuse a graded variant of a coded item without the instructor's coding (the
        package's practice coding cannot mark it)."""
        if self.coded and "coding" not in params and dict(params) not in self.practice:
            raise VariantError(
                f"{self.item_id}: a graded variant of a coded reading is marked against the "
                "instructor's coding (the key's .codings.toml file), which was not given"
            )

    def with_coding(
        self, params: Mapping[str, Any], codings: Mapping[str, Mapping[str, bool]]
    ) -> dict[str, Any]:
        """A graded variant's parameters as the grader marks them: with the instructor's
        coding (from ``codings``, by question id) when the item is a coded reading."""
        if not self.coded:
            return dict(params)
        if self.item_id not in codings:
            raise VariantError(f"{self.item_id}: the instructor's codings do not code this item")
        return {**params, "coding": dict(codings[self.item_id])}

    @property
    def chooser(self) -> str:
        """The item id that chooses the index: its own, or the one it follows."""
        return self.follows or self.item_id

    def practice_variant(self) -> Variant:
        """The practice edition's variant, chosen with the public :data:`PRACTICE_SEED`."""
        index = variant_for(PRACTICE_SEED, "practice", self.chooser, len(self.practice))
        return Variant(self.item_id, "practice", index, self._full(self.practice[index]))

    def graded_variant(self, course_secret: bytes, roster_id: str) -> Variant:
        """The graded variant of the student ``roster_id`` under ``course_secret``."""
        index = variant_for(course_secret, roster_id, self.chooser, len(self.graded))
        return Variant(self.item_id, "graded", index, self._full(self.graded[index]))

    def _full(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        """A variant's parameters as its question text and its check see them: for a
        design item, the shared parameters with the variant's merged in."""
        return {**self.base, **params} if self.design else params

    def answer(self, params: Mapping[str, Any]) -> Any:
        """The right answer for ``params``, computed by the model or data function."""
        from korea_talks.checks.properties import COMPUTE

        if self.design:
            raise VariantError(f"{self.item_id}: a design item has many right answers")
        self._require_coding(params)
        return COMPUTE[self.compute](**dict(params))

    def property_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of the item's property check for the variant ``params``: a design
        check's shared parameters with the variant's merged in, or a ``model_answer``'s.

        >>> t = design_template("set7.q4", "sequence_meets", {"verdicts": ["moratorium"],
        ...     "max_moves": 5}, {"practice": [{"lenses": ["beijing"]}],
        ...                       "graded": [{"lenses": ["seoul"], "max_moves": 4}]})
        >>> t.property_params(t.graded[0])
        {'verdicts': ['moratorium'], 'max_moves': 4, 'lenses': ['seoul']}
        """
        if self.design:
            return {**self.base, **params}
        self._require_coding(params)
        check: dict[str, Any] = {
            "compute": self.compute,
            "kind": self.kind,
            "decimals": self.decimals,
            "args": dict(params),
        }
        if self.tolerance is not None:
            check["tolerance"] = self.tolerance
        if self.options:
            check["options"] = list(self.options)
        return check


def template_from_table(
    item_id: str,
    kind: str,
    decimals: int,
    table: Mapping[str, Any],
    model_answer: Mapping[str, Any] | None = None,
    options: Sequence[str] = (),
) -> ItemTemplate:
    """Validate a ``[question.variants]`` table (raises :class:`VariantError`).

    A ``choice`` (or ``choices``) item passes its ``options``: its compute function
    returns the right letter (or letters) for each variant, so the letter is computed,
    never typed, and differs from variant to variant.

    For a ``model_answer`` property question, ``model_answer`` holds its ``params``: the
    function, kind and decimals come from there, and the practice pool must be exactly
    the ``args`` the practice edition checks with.

    >>> t = template_from_table("set1.q5", "number", 1, {"compute": "success_percentage",
    ...     "practice": [{"start": "2017-01-01", "end": "2017-12-31"}],
    ...     "graded": [{"start": "2016-01-01", "end": "2016-12-31"}]})
    >>> t.practice_variant().params["start"]
    '2017-01-01'
    >>> template_from_table("set1.q5", "number", 1, {"compute": "success_percentage",
    ...     "practice": [{"start": "x"}], "graded": [{"start": "x"}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_talks.grading.variants.VariantError: set1.q5: a graded variant repeats ...
    """
    from korea_talks.checks.properties import COMPUTE

    unknown = set(table) - {"compute", "practice", "graded", "follows"}
    if unknown:
        raise VariantError(f"{item_id}: unknown keys {sorted(unknown)} in variants")
    tolerance = None
    follows = table.get("follows", "")
    if not isinstance(follows, str) or (follows and "." in follows):
        raise VariantError(f"{item_id}: 'follows' names a question of the set, e.g. 'q3'")
    if follows:
        follows = f"{item_id.split('.')[0]}.{follows}"
    if model_answer is not None:
        table = {"compute": model_answer.get("compute"), **table}
        kind = str(model_answer.get("kind", "text"))
        decimals = int(model_answer.get("decimals", 0))
        tolerance = model_answer.get("tolerance")
        options = tuple(model_answer.get("options", options))
        if table.get("practice") != [dict(model_answer.get("args", {}))]:
            raise VariantError(
                f"{item_id}: the practice pool of a model answer must be [its args] "
                f"({dict(model_answer.get('args', {}))})"
            )
    compute = table.get("compute")
    if compute not in COMPUTE:
        raise VariantError(
            f"{item_id}: variants need 'compute', one of {', '.join(sorted(COMPUTE))}"
        )
    pools = []
    for pool in ("practice", "graded"):
        sets = table.get(pool)
        if not isinstance(sets, list) or not sets or not all(isinstance(s, dict) for s in sets):
            raise VariantError(f"{item_id}: variants need a non-empty list of tables '{pool}'")
        pools.append(tuple(dict(s) for s in sets))
    practice, graded = pools
    for params in graded:
        if params in practice:
            raise VariantError(
                f"{item_id}: a graded variant repeats a practice one ({params}); "
                "the pools must be disjoint"
            )
    return ItemTemplate(
        item_id,
        str(compute),
        kind,
        decimals,
        practice,
        graded,
        None if tolerance is None else float(tolerance),
        follows,
        tuple(options),
    )


def design_template(
    item_id: str, check: str, base: Mapping[str, Any], table: Mapping[str, Any]
) -> ItemTemplate:
    """Validate the ``[question.variants]`` table of a design item (raises
    :class:`VariantError`): two pools of constraints, each a table of parameters of the
    property check ``check`` (:data:`korea_talks.checks.properties.DESIGN_PARAMS`) that
    override the item's shared ``params`` for the students who get that variant.

    >>> design_template("set7.q4", "sequence_meets", {}, {"practice": [{"colour": 1}],
    ...     "graded": [{"max_moves": 4}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_talks.grading.variants.VariantError: set7.q4: a variant of sequence_meets sets ...
    """
    from korea_talks.checks.properties import DESIGN_PARAMS

    if check not in DESIGN_PARAMS:
        raise VariantError(
            f"{item_id}: variants of a property item need one of the checks "
            f"{', '.join(sorted(DESIGN_PARAMS))} or model_answer, not {check!r}"
        )
    unknown = set(table) - {"practice", "graded"}
    if unknown:
        raise VariantError(f"{item_id}: unknown keys {sorted(unknown)} in design variants")
    pools = []
    for pool in ("practice", "graded"):
        sets = table.get(pool)
        if not isinstance(sets, list) or not sets or not all(isinstance(s, dict) for s in sets):
            raise VariantError(f"{item_id}: variants need a non-empty list of tables '{pool}'")
        for params in sets:
            wrong = set(params) - set(DESIGN_PARAMS[check])
            if wrong or not params:
                raise VariantError(
                    f"{item_id}: a variant of {check} sets {sorted(wrong) or 'nothing'}; "
                    f"it may set {', '.join(DESIGN_PARAMS[check])}"
                )
        pools.append(tuple(dict(s) for s in sets))
    practice, graded = pools
    merged = [{**base, **p} for p in graded]
    for params, full in zip(graded, merged, strict=True):
        if {**base, **params} in [{**base, **p} for p in practice]:
            raise VariantError(
                f"{item_id}: a graded variant repeats a practice one ({params}); "
                "the pools must be disjoint"
            )
        if merged.count(full) > 1:
            raise VariantError(f"{item_id}: two graded variants are the same ({params})")
    return ItemTemplate(item_id, "", "property", 0, practice, graded, check=check, base=dict(base))


class TemplatedQuestion(Protocol):
    """What the variant functions read of a question of a set's answer spec."""

    @property
    def id(self) -> str: ...

    @property
    def template(self) -> ItemTemplate | None: ...


class TemplatedSet(Protocol):
    """What the variant functions read of a set's answer spec: a
    :class:`~korea_talks.checks.specs.SetSpec`, whose module imports this one."""

    @property
    def questions(self) -> Sequence[TemplatedQuestion]: ...


def check_followers(spec: TemplatedSet) -> None:
    """Refuse an item that follows an item without variants, or one with pools of
    another length (raises :class:`VariantError`)."""
    templates = {q.id: q.template for q in spec.questions if q.template}
    for item, template in templates.items():
        if not template.follows:
            continue
        leader = templates.get(template.follows)
        if leader is None or leader.follows:
            raise VariantError(f"{item}: follows {template.follows}, which has no own variants")
        if (len(leader.practice), len(leader.graded)) != (
            len(template.practice),
            len(template.graded),
        ):
            raise VariantError(f"{item}: its pools must be as long as those of {leader.item_id}")


def practice_variants(spec: TemplatedSet) -> dict[str, Variant]:
    """The practice variant of every templated item of a set, by question id."""
    return {q.id: q.template.practice_variant() for q in spec.questions if q.template}


def student_variants(
    spec: TemplatedSet,
    course_secret: bytes,
    roster_id: str,
    codings: Mapping[str, Mapping[str, bool]] | None = None,
) -> dict[str, Variant]:
    """The graded variant of every templated item of a set for one student, by question id.

    ``codings`` (the instructor's, by question id; see :mod:`korea_talks.grading.codings`)
    are added to the variants of coded items as their ``coding`` parameter, so that they
    can be marked; without them the variants serve only to write the question texts.
    """
    chosen = {
        q.id: q.template.graded_variant(course_secret, roster_id)
        for q in spec.questions
        if q.template
    }
    if codings is None:
        return chosen
    templates = {q.id: q.template for q in spec.questions if q.template}
    return {
        qid: Variant(v.item_id, v.pool, v.index, templates[qid].with_coding(v.params, codings))
        for qid, v in chosen.items()
    }


def values_by_label(variants: Mapping[str, Variant]) -> dict[str, Mapping[str, Any]]:
    """Variant parameters keyed by question label (``q4``), as :func:`render` takes them."""
    return {item_id.split(".")[-1]: v.params for item_id, v in variants.items()}


def render(text: str, values: Mapping[str, Mapping[str, Any]]) -> str:
    """Fill every ``{{qN.param}}`` of ``text`` with the variant parameters of ``qN``.

    >>> render("{{q9.x}}", {})
    Traceback (most recent call last):
    ...
    korea_talks.grading.variants.VariantError: no parameter 'x' of q9 to fill {{q9.x}}
    """

    def fill(match: re.Match[str]) -> str:
        label, name = match.group(1), match.group(2)
        if label not in values or name not in values[label]:
            raise VariantError(f"no parameter {name!r} of {label} to fill {match.group(0)}")
        value = values[label][name]
        if isinstance(value, list | tuple):
            return ", ".join(str(part) for part in value)
        return str(value)

    return PLACEHOLDER.sub(fill, text)


def read_secret(path: Path) -> bytes:
    """The course secret stored in ``path`` (surrounding whitespace ignored).

    Raises :class:`VariantError` when the file cannot be read or holds fewer than
    :data:`MIN_SECRET_BYTES` bytes, or holds the public practice seed.
    """
    try:
        secret = Path(path).read_bytes().strip()
    except OSError as exc:
        raise VariantError(f"{path}: cannot read the course secret ({exc.strerror})") from None
    if len(secret) < MIN_SECRET_BYTES:
        raise VariantError(
            f"{path}: a course secret needs at least {MIN_SECRET_BYTES} bytes (it has "
            f'{len(secret)}); make one with: python -c "import secrets; '
            'print(secrets.token_hex(32))" > course.secret'
        )
    if secret == PRACTICE_SEED:
        raise VariantError(f"{path}: the public practice seed cannot be a course secret")
    return secret
