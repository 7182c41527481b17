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


def test_there_are_eleven_chapters_in_order():
    numbers = [int(p.name[:2]) for p in CHAPTERS]
    assert numbers == list(range(1, 12))


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


# The chapter template: an "Article sections" line under the title, numbered learning
# objectives that start with a verb a student can be assessed on, and the same order of
# parts in every chapter.
ASSESSABLE_VERBS = {
    "apply",
    "compare",
    "connect",
    "define",
    "describe",
    "distinguish",
    "explain",
    "give",
    "judge",
    "list",
    "model",
    "outline",
    "predict",
    "place",
    "put",
    "read",
    "run",
    "say",
    "separate",
    "set",
    "show",
    "state",
    "summarise",
    "summarize",
    "tell",
    "test",
    "trace",
    "use",
}
PART_ORDER = (
    ("learning objectives", r"^## Learning objectives$"),
    ("try it", r"^#+ Try it"),
    ("discussion questions", r"^## Discussion questions$"),
    ("self-check", r"^## Self-check$"),
    ("further reading", r"^## Further reading$"),
)


def _objectives(prose: str) -> str:
    match = re.search(r"^## Learning objectives\n(.*?)^## ", prose, re.S | re.M)
    assert match, "no learning objectives"
    return match.group(1)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_opens_with_an_article_sections_line(chapter: Path):
    prose = _prose(chapter)
    after_title = prose.split("\n# ", 1)[1].split("\n", 1)[1].lstrip("\n")
    first = after_title.split("\n\n", 1)[0]
    assert first.startswith("*Article sections: "), f"{chapter.name}: {first[:60]!r}"
    assert re.search(r"\bS(?:10|[1-9])\b", first), f"{chapter.name}: no section id"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_objectives_are_numbered_and_assessable(chapter: Path):
    block = _objectives(_prose(chapter))
    assert "After this chapter you can:" in block, chapter.name
    items = re.findall(r"^(\d+)\. (\w+)", block, re.M)
    assert len(items) >= 3, f"{chapter.name}: fewer than three numbered objectives"
    assert [int(n) for n, _ in items] == list(range(1, len(items) + 1)), chapter.name
    assert not re.search(r"^\s*[-*] ", block, re.M), f"{chapter.name}: bulleted objectives"
    vague = [verb for _, verb in items if verb.lower() not in ASSESSABLE_VERBS]
    assert not vague, f"{chapter.name}: objectives start with {vague}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_parts_come_in_the_same_order(chapter: Path):
    prose = _prose(chapter)
    positions = []
    for name, pattern in PART_ORDER:
        match = re.search(pattern, prose, re.M)
        assert match, f"{chapter.name} lacks the part {name!r}"
        positions.append(match.start())
    assert positions == sorted(positions), f"{chapter.name}: parts out of order"
    tail = prose[positions[2] :]
    headings = re.findall(r"^## (.+)$", tail, re.M)
    assert headings == ["Discussion questions", "Self-check", "Further reading"], (
        f"{chapter.name}: the chapter must end with these three parts, not {headings}"
    )


def test_the_assessable_verb_check_can_fail():
    assert "understand" not in ASSESSABLE_VERBS and "know" not in ASSESSABLE_VERBS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_figure_code_is_folded_and_lesson_code_stays_visible(chapter: Path):
    """Code that only draws a figure is hidden behind a toggle (or removed); at least one
    cell of lesson code stays in view."""
    text = chapter.read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```$", text, re.S | re.M)
    visible = 0
    for cell in cells:
        header = cell.split("\n---\n", 1)[0] if cell.startswith("---\n") else cell[:80]
        tagged = re.search(r"(hide-input|remove-input|remove-cell)", header)
        if "figure:" in header:
            assert tagged, f"{chapter.name}: a figure cell shows its plotting code"
        if not tagged:
            visible += 1
    assert visible >= 1, f"{chapter.name}: no lesson code left visible"
