"""The bibliography: every entry names a real author and carries the source's own title.

A title written by us (a description such as "glossary entry", "fork with ...",
"unofficial translation") belongs in ``note``; a copy read elsewhere is named in
``note`` or ``howpublished`` while author and title stay those of the original.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = parse_file(ROOT / "book" / "references.bib").entries

# Phrases that describe a source instead of naming it: ours, not the source's.
DESCRIPTIVE_TITLE = re.compile(
    r"\((?:[^)]*\b(?:entry|fork|translation|implementation|commentary|summary|"
    r"read through|reprint|copy|mirror|excerpt)\b[^)]*)\)"
    r"|\b(?:glossary entry|read through|mirror of|copy of|our summary)\b",
    re.I,
)
NOT_AN_AUTHOR = re.compile(r"^(?:\{?)(?:anonymous|unknown|n\.?\s*a\.?|various|staff)(?:\}?)$", re.I)


def _authors(key: str) -> list[str]:
    return [str(person) for person in ENTRIES[key].persons.get("author", [])]


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_has_an_author_and_a_title(key: str):
    authors = _authors(key)
    assert authors, f"{key}: no author (use the institution, e.g. {{{{Reuters}}}})"
    assert not any(NOT_AN_AUTHOR.match(a.strip()) for a in authors), f"{key}: {authors}"
    title = ENTRIES[key].fields.get("title", "").strip()
    assert len(title) >= 3, f"{key}: no title"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_no_title_is_a_description_written_by_us(key: str):
    title = ENTRIES[key].fields.get("title", "")
    assert not DESCRIPTIVE_TITLE.search(title), (
        f"{key}: title {title!r} describes the source; put the description in note"
    )


@pytest.mark.parametrize(
    "title",
    [
        "Six Party Talks (glossary entry)",
        "bdm model (fork with Python 3)",
        "Joint Declaration (unofficial translation)",
        "Speech, read through a copy",
    ],
)
def test_the_check_catches_descriptive_titles(title: str):
    assert DESCRIPTIVE_TITLE.search(title)


@pytest.mark.parametrize(
    "title",
    [
        "Russia's Take on the North Korean Crisis",
        "Trump, {X}i end visit with 100-day plan",
        "Cooperation under the Security Dilemma",
    ],
)
def test_the_check_passes_real_titles(title: str):
    assert not DESCRIPTIVE_TITLE.search(title)


# Hosts that republish other people's texts: a place where a source was read, never the
# address a citation points to.
MIRROR_HOSTS = (
    "questionai.com",
    "steemit.com",
    "tedmontgomery.com",
    "yumpu.com",
    "liquisearch.com",
    "docslib.org",
    "wideo.ovh",
    "derechos.org",
    "scoop.co.nz",
    "pastebin.com",
    "scribd.com",
    "kcnawatch",
)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_no_entry_points_at_a_mirror(key: str):
    url = ENTRIES[key].fields.get("url", "")
    assert not any(host in url for host in MIRROR_HOSTS), (
        f"{key}: the url is a copy; cite the original and name the copy in note"
    )


def test_an_entry_read_through_a_copy_says_so_and_keeps_the_original():
    """Curated: entries known to be read through a copy name it outside the title."""
    for key in (
        "un2017jointstatement",
        "state2012leapday",
        "reuters2019draft",
        "kim2017nbcmissile",
    ):
        fields = ENTRIES[key].fields
        where = (fields.get("note", "") + " " + fields.get("howpublished", "")).lower()
        assert "read" in where and "copy" in where, key
        assert "copy" not in fields["title"].lower(), key
