"""The instructors' discussion guide repeats every chapter's discussion questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "book" / "instructors" / "discussion-guide.md"
CHAPTERS = sorted((ROOT / "book" / "chapters").glob("[0-9][0-9]-*.md"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _questions(chapter: Path) -> list[str]:
    text = chapter.read_text(encoding="utf-8")
    match = re.search(r"^## .*discussion.*$", text, re.I | re.M)
    assert match, f"{chapter.name} has no discussion section"
    rest = text[match.end() :]
    end = re.search(r"^## ", rest, re.M)
    block = rest[: end.start()] if end else rest
    return [_flat(q) for q in re.findall(r"^\d+\.\s+(.*?)(?=^\d+\.|\Z)", block, re.M | re.S)]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_guide_repeats_the_chapter_questions(chapter: Path):
    guide = _flat(GUIDE.read_text(encoding="utf-8"))
    number = int(chapter.name[:2])
    assert f"## Chapter {number}." in guide, f"the guide has no section for chapter {number}"
    missing = [q[:60] for q in _questions(chapter) if q not in guide]
    assert not missing, f"{chapter.name}: questions not in the discussion guide: {missing}"


def test_every_question_has_a_note():
    guide = GUIDE.read_text(encoding="utf-8")
    questions = len(re.findall(r"^\d+\.\s", guide.split("## Chapter 1.", 1)[1], re.M))
    notes = guide.count("**What a good answer covers.**")
    assert questions == notes > 0
