"""The book's structure: every chapter has the parts a reader relies on, every section of
the article is discussed, and every page is in the table of contents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from korea_talks.sections import SECTION_IDS

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CHAPTERS = sorted((ROOT / "book" / "chapters").glob("[0-9][0-9]-*.md"))

REQUIRED_PARTS = {
    "learning objectives": r"^#+ .*learning objectives",
    "discussion questions": r"^#+ .*discussion",
    "self-check": r"^#+ .*(self-check|check your understanding)",
    "further reading": r"^#+ .*further reading",
}


def _prose(chapter: Path) -> str:
    """The chapter's text without its code cells (a comment there is not a heading)."""
    text = chapter.read_text(encoding="utf-8")
    return re.sub(r"^```\{code-cell\}.*?^```$", "", text, flags=re.S | re.M)


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        for value in node.values():
            files.extend(_toc_files(value))
    elif isinstance(node, list):
        for item in node:
            files.extend(_toc_files(item))
    return files


TOC_FILES = {TOC["root"], *_toc_files(TOC)}


def test_there_are_ten_chapters_in_order():
    numbers = [int(p.name[:2]) for p in CHAPTERS]
    assert numbers == list(range(1, 11))


def test_every_page_under_book_is_in_the_toc():
    pages = {
        p.relative_to(ROOT).with_suffix("").as_posix()
        for p in (ROOT / "book").rglob("*.md")
        if "assets" not in p.parts and not any(part.startswith(".") for part in p.parts)
    }
    assert pages - TOC_FILES == set()
    assert {f.removesuffix(".md") for f in TOC_FILES} - pages == set()


def test_every_section_of_the_article_is_cited_by_a_chapter():
    text = "\n".join(p.read_text(encoding="utf-8") for p in CHAPTERS)
    cited = set(re.findall(r"\bS(?:10|[1-9])\b", text))
    assert set(SECTION_IDS) - cited == set()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_every_part(chapter: Path):
    text = chapter.read_text(encoding="utf-8")
    prose = _prose(chapter)
    missing = [
        name
        for name, pattern in REQUIRED_PARTS.items()
        if not re.search(pattern, prose, re.I | re.M)
    ]
    assert not missing, f"{chapter.name} lacks: {', '.join(missing)}"
    assert "{term}`" in text, f"{chapter.name} links no glossary term"
    assert "{cite}`" in text, f"{chapter.name} cites nothing"
    assert "```{code-cell}" in text, f"{chapter.name} has nothing to run"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_three_to_five_discussion_questions(chapter: Path):
    text = _prose(chapter)
    match = re.search(r"^(#+) .*discussion.*$", text, re.I | re.M)
    assert match, chapter.name
    level = len(match.group(1))
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    block = rest[: end.start()] if end else rest
    questions = re.findall(r"^\s*(?:\d+\.|[-*])\s+\S", block, re.M)
    assert 3 <= len(questions) <= 5, f"{chapter.name}: {len(questions)} discussion questions"
