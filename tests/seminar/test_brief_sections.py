"""The team briefs read as one-to-two-page instructions: every section, sourced, dated right.

Each confidential brief gives the situation, interests with weights, red lines, the
alternative to agreement, domestic constraints and what the team's capital will accept
(terms it may agree to, and where it must stop). Every point names bibliography keys or
says that it is a teaching assumption; nothing in a brief is dated after the moment the
game starts (``briefs/scenario.toml``); phrases quoted from the article are short and found
in it.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from korea_talks.seminar.briefs import (
    BRIEFS_DIR,
    TEAMS,
    Brief,
    BriefError,
    _load_brief,
    load_briefs,
    load_scenario,
)

REPO = Path(__file__).resolve().parents[2]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (REPO / "book/references.bib").read_text(), re.M))
ARTICLE = Path(os.environ.get("KOREA_TALKS_ARTICLE", "/nonexistent"))
"""A local copy of the article's text, named by ``KOREA_TALKS_ARTICLE``: the project may not
redistribute the article, so the check of quoted phrases runs only where a copy is at hand
(see CONTRIBUTING.md)."""

MIN_WORDS, MAX_WORDS = 450, 900
"""One to two printed pages of instructions, public and confidential brief together."""

MAX_QUOTED_WORDS = 10
"""The longest phrase a brief may quote: short phrases only, never sentences."""

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE = re.compile(r"\b(?:(\d{1,2}) )?(" + "|".join(MONTHS) + r") (\d{4})\b")
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
QUOTE = re.compile(r"(?:(?<=\s)|^)'(.+?)'(?=[\s,.;:)]|$)")
SECTION_AFTER = re.compile(r"[^()']{0,60}\((S\d+)")


def _sections(brief: Brief) -> dict[str, int]:
    return {
        "public brief": len(brief.public),
        "situation": len(brief.situation),
        "interests": len(brief.interests),
        "red lines": len(brief.red_lines),
        "alternative to agreement": len(brief.batna_moves),
        "domestic constraints": len(brief.domestic),
        "terms the capital may agree to": len(brief.may_agree),
        "where the capital must stop": len(brief.must_stop),
    }


@pytest.mark.parametrize("team", TEAMS)
def test_every_brief_has_every_section(team: str) -> None:
    sections = _sections(load_briefs()[team])
    empty = [name for name, count in sections.items() if count == 0]
    assert not empty, f"{team}: empty sections {empty}"
    assert sections["interests"] >= 3 and sections["situation"] >= 2


@pytest.mark.parametrize("team", TEAMS)
def test_every_brief_is_one_to_two_pages(team: str) -> None:
    words = load_briefs()[team].words()
    assert MIN_WORDS <= words <= MAX_WORDS, f"{team}: {words} words"


@pytest.mark.parametrize("team", TEAMS)
def test_every_point_is_in_the_bibliography_or_a_marked_teaching_assumption(team: str) -> None:
    for point in load_briefs()[team].points():
        if point.sourced:
            assert set(point.sources) <= BIB_KEYS, (team, point.text, point.sources)
        else:
            assert point.assumption.startswith("Teaching assumption"), (team, point.assumption)


def _latest_date(text: str) -> datetime.date | None:
    """The latest date a text names (a month alone counts as its first day).

    >>> _latest_date("On 4 July 2017 and in May 2016")
    datetime.date(2017, 7, 4)
    >>> _latest_date("in 2018") is None
    True
    """
    dates = [
        datetime.date(int(year), MONTHS.index(month) + 1, int(day or 1))
        for day, month, year in DATE.findall(text)
    ]
    return max(dates) if dates else None


@pytest.mark.parametrize("team", TEAMS)
def test_no_brief_speaks_of_anything_after_the_game_starts(team: str) -> None:
    start = load_scenario().date
    for point in load_briefs()[team].points():
        latest = _latest_date(point.text)
        assert latest is None or latest <= start, (team, point.text)
        years = [int(y) for y in YEAR.findall(point.text)]
        assert all(year <= start.year for year in years), (team, point.text)


def test_the_date_check_catches_a_later_date() -> None:
    later = _latest_date("resolution 2371 of 5 August 2017")
    assert later == datetime.date(2017, 8, 5)
    assert later > load_scenario().date


def _quotes(text: str) -> list[tuple[str, str | None]]:
    """The phrases a text quotes, each with the section id that follows it, if any.

    >>> _quotes("the 'lesser evil' (S6) and 'veto it'")
    [('lesser evil', 'S6'), ('veto it', None)]
    """
    found = []
    for match in QUOTE.finditer(text):
        section = SECTION_AFTER.match(text[match.end() :])
        found.append((match.group(1), section.group(1) if section else None))
    return found


def _normalised(text: str) -> str:
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    return " ".join(text.split())


@pytest.mark.parametrize("team", TEAMS)
def test_quotations_are_short_phrases(team: str) -> None:
    for point in load_briefs()[team].points():
        for phrase, _ in _quotes(point.text):
            assert len(phrase.split()) <= MAX_QUOTED_WORDS, (team, phrase)


@pytest.mark.skipif(
    not ARTICLE.is_file(),
    reason="no copy of the article's text: set KOREA_TALKS_ARTICLE to check quoted phrases",
)
@pytest.mark.parametrize("team", TEAMS)
def test_phrases_quoted_with_a_section_id_are_the_articles_words(team: str) -> None:
    article = _normalised(ARTICLE.read_text(encoding="utf-8"))
    for point in load_briefs()[team].points():
        for phrase, section in _quotes(point.text):
            if section is not None:
                assert phrase in article, (team, phrase, section)


def test_a_brief_without_its_capitals_limits_is_refused(tmp_path: Path) -> None:
    text = (BRIEFS_DIR / "US.toml").read_text()
    text = text[: text.index("[[confidential.must_stop]]")]
    (tmp_path / "US.toml").write_text(text)
    with pytest.raises(BriefError, match="must_stop"):
        _load_brief(tmp_path / "US.toml", "US")


def test_a_scenario_without_a_real_date_is_refused(tmp_path: Path) -> None:
    (tmp_path / "scenario.toml").write_text('date = "mid-July"\nlabel = "mid-July 2017"\n')
    with pytest.raises(BriefError, match="TOML date"):
        load_scenario(tmp_path / "scenario.toml")
