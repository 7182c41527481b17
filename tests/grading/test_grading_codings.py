"""The instructor's codings of the reading items: read from beside the key, checked, and
refused with a clear reason when they cannot mark every graded variant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from korea_talks.checks import load_set, load_sets
from korea_talks.checks.marking import mark
from korea_talks.checks.properties import CODED_READINGS
from korea_talks.checks.protocol import canonical_text, recorded_line
from korea_talks.cli import main
from korea_talks.grading.codings import CodingsError, codings_path, key_codings, load_codings
from korea_talks.grading.variants import VariantError, student_variants

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "exercises" / "source"
SPEC = load_set("set3")
KEY = SOURCE / f"{SPEC.notebook}.ipynb"
SECRET = b"a course secret for the codings tests"


def _key(set_id: str) -> Path:
    return SOURCE / f"{load_set(set_id).notebook}.ipynb"


@pytest.mark.parametrize("set_id", sorted(load_sets()))
def test_every_reading_item_has_a_coding_beside_its_key(set_id):
    spec = load_set(set_id)
    coded = {q.id for q in spec.questions if q.template and q.template.coded}
    assert set(key_codings(_key(set_id), spec)) == coded
    assert codings_path(_key(set_id)).is_file() == bool(coded)


def test_the_reading_items_are_coded():
    coded = {
        q.id for s in load_sets().values() for q in s.questions if q.template and q.template.coded
    }
    assert coded >= {"set2.q2", "set3.q1", "set4.q1"}


@pytest.mark.parametrize("set_id", ["set2", "set3", "set4"])
def test_no_graded_text_is_in_the_practice_coding(set_id):
    spec = load_set(set_id)
    for qid, coding in key_codings(_key(set_id), spec).items():
        template = spec.question(qid.split(".")[1]).template
        practice = CODED_READINGS[template.compute]
        graded_texts = {text for params in template.graded for text in params.values()}
        assert not graded_texts & set(practice), qid
        assert graded_texts <= set(coding), qid  # every graded option is coded
        practice_texts = {text for params in template.practice for text in params.values()}
        assert practice_texts <= set(practice), qid


def test_each_student_is_marked_against_the_instructors_coding():
    codings = key_codings(KEY, SPEC)
    for name in ("ada", "ben", "cara", "dan"):
        mine = student_variants(SPEC, SECRET, name, codings)
        for qid in codings:
            template = SPEC.question(qid.split(".")[1]).template
            letter = template.answer(mine[qid].params)
            line = recorded_line(qid.split(".")[1], canonical_text(letter))
            assert mark(qid, line, mine[qid].params).points == 1
            wrong = next(x for x in "abcd" if x != letter)
            line = recorded_line(qid.split(".")[1], canonical_text(wrong))
            assert mark(qid, line, mine[qid].params).points == 0


def test_a_graded_reading_without_the_coding_cannot_be_marked():
    bare = student_variants(SPEC, SECRET, "ada")  # as written into the notebooks
    template = SPEC.question("q1").template
    with pytest.raises(VariantError, match="instructor's coding"):
        template.answer(bare["set3.q1"].params)
    with pytest.raises(VariantError, match="do not code this item"):
        student_variants(SPEC, SECRET, "ada", {})


def _copy(tmp_path: Path, text: str | None) -> Path:
    """A copy of set 3's key, with ``text`` as its codings file (none when ``None``)."""
    key = tmp_path / KEY.name
    shutil.copy(KEY, key)
    if text is not None:
        codings_path(key).write_text(text, encoding="utf-8")
    return key


def _good() -> str:
    return codings_path(KEY).read_text(encoding="utf-8")


def _q1_text(index: int) -> str:
    return SPEC.question("q1").template.graded[0]["abcd"[index]]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: None, "cannot read the instructor's codings"),
        (lambda t: "[q1\n", "not a TOML file of codings"),
        (lambda t: t + "\n[q9]\n", "code no reading item; allowed: q1, q2"),
        (lambda t: t.split("[q2]")[0], "no table [q2]"),
        (lambda t: t.replace("= true", '= "yes"', 1), "each text is coded true or false"),
        (lambda t: t.replace(f'"{_q1_text(1)}" = false', ""), "cannot mark graded variant 0"),
        (
            lambda t: t.replace(f'"{_q1_text(1)}" = false', f'"{_q1_text(1)}" = true'),
            "exactly one option must be flagged",
        ),
        (
            lambda t: t.replace("[q2]", '[q2]\n"talks opened without preconditions" = false'),
            "a text of the practice coding",
        ),
    ],
)
def test_a_bad_codings_file_is_refused_with_its_reason(tmp_path, edit, message):
    key = _copy(tmp_path, edit(_good()))
    with pytest.raises(CodingsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_codings(codings_path(key), SPEC)


@pytest.mark.parametrize(
    ("text", "message"),
    [(None, "cannot read the instructor's codings"), ("[q1]\nx = 1\n", "true or false")],
)
def test_the_grader_refuses_a_missing_or_bad_codings_file(tmp_path, capsys, text, message):
    key = _copy(tmp_path, text)
    subs = tmp_path / "subs" / "ada"
    subs.mkdir(parents=True)
    (subs / KEY.name).write_text("{}")
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nada\n")
    secret = tmp_path / "course.secret"
    secret.write_bytes(SECRET)
    out = tmp_path / "out" / "gradebook.csv"
    args = ["grade", str(tmp_path / "subs"), "--key", str(key), "--out", str(out)]
    args += ["--roster", str(roster), "--secret-file", str(secret), "--allow-unconfined"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert not out.exists()


def test_without_a_secret_no_codings_are_needed():
    """Grading against the practice variants (no course secret) needs no codings file:
    the package's practice coding marks them."""
    template = SPEC.question("q1").template
    assert template.answer(template.practice_variant().params) in "abcd"
