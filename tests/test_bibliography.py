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


# Hosts that republish other people's texts, each with the reason it is not a source. A
# citation names the original (publisher, agency, government, UN); none of these hosts may
# appear in an entry's ``url``, ``note`` or ``howpublished``: what could not be found at the
# original is marked unverified in ``note`` instead.
REPOSTING_HOSTS: dict[str, str] = {
    "questionai.com": "Q&A site that republishes encyclopedia articles",
    "steemit.com": "user blogs that repost news stories",
    "tedmontgomery.com": "personal site that reposts UN and government texts",
    "yumpu.com": "document-upload host",
    "scribd.com": "document-upload host",
    "docslib.org": "document-upload host",
    "pdfslide": "document-upload host",
    "vdocuments": "document-upload host",
    "documents.pub": "document-upload host",
    "studylib.net": "document-upload host",
    "readkong.com": "document-upload host",
    "pastebin.com": "paste host",
    "liquisearch.com": "scraped encyclopedia text",
    "wideo.ovh": "video re-upload site that copies news text",
    "derechos.org": "NGO collection reposting official documents",
    "scoop.co.nz": "press-release reposting service",
    "pressreader.com": "reseller of newspaper pages",
    "everycrsreport.com": "mirror of Congressional Research Service reports",
    "eurasiareview.com": "syndication site republishing think-tank papers",
    "spacewar.com": "aggregator of wire copy",
    "aol.com/article": "portal republishing wire copy",
}

# Archives keep a dated capture of the original page: they may be named in ``note`` as the
# place a text was read, but the citation's ``url`` is never an archive.
ARCHIVE_HOSTS: dict[str, str] = {
    "web.archive.org": "the Internet Archive's captures of original pages",
    "kcnawatch": "NK News's archive of North Korean state media",
}

# Wording that sends the reader to a named copy (an address) instead of the original.
NAMED_COPY = re.compile(
    r"\bread (?:in|through) (?:a|the) (?:\w+ )?copy (?:at|on|by)[^.;]{0,40}?\b[\w-]+\.[a-z]{2,}\b",
    re.I,
)

# Fields an organisation may fill instead of a person: the body responsible for the text.
RESPONSIBLE_BODY_FIELDS = ("organization", "institution")


def _host_problems(fields: dict[str, str]) -> list[str]:
    """Every use of a reposting host, an archive as address, or a named copy in ``fields``.

    >>> _host_problems({"url": "https://steemit.com/x"})
    ['url: steemit.com (user blogs that repost news stories)']
    >>> _host_problems({"note": "Read in the Internet Archive, web.archive.org/web/1/x"})
    []
    >>> _host_problems({"url": "http://web.archive.org/web/1/x"})
    ['url: web.archive.org (an archive is a place of reading, not the address cited)']
    """
    problems = []
    for name in ("url", "note", "howpublished"):
        value = fields.get(name, "").lower()
        problems += [
            f"{name}: {host} ({why})" for host, why in REPOSTING_HOSTS.items() if host in value
        ]
        if NAMED_COPY.search(value):
            problems.append(f"{name}: names a copy to read instead of the original")
    url = fields.get("url", "").lower()
    problems += [
        f"url: {host} (an archive is a place of reading, not the address cited)"
        for host in ARCHIVE_HOSTS
        if host in url
    ]
    return problems


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_no_entry_points_at_a_copy(key: str):
    fields = {name: str(value) for name, value in ENTRIES[key].fields.items()}
    problems = _host_problems(fields)
    assert not problems, f"{key}: cite the original and mark what is unverified: {problems}"


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://www.everycrsreport.com/files/R44994.html"},
        {"note": "Read in a copy at questionai.com, https://questionai.com/knowledge/x"},
        {"note": "Read in the copy at tedmontgomery.com"},
        {"note": "Read in a copy at example.org/some-repost"},
        {"howpublished": "The Washington Post, via PressReader (pressreader.com)"},
        {"url": "https://kcnawatch.org/newstream/1"},
    ],
)
def test_the_check_catches_copies(fields: dict[str, str]):
    assert _host_problems(fields)


def _responsible(key: str) -> bool:
    entry = ENTRIES[key]
    people = [str(p) for p in entry.persons.get("author", []) + entry.persons.get("editor", [])]
    people = [p for p in people if not NOT_AN_AUTHOR.match(p.strip())]
    return bool(people) or any(entry.fields.get(f, "").strip() for f in RESPONSIBLE_BODY_FIELDS)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_names_an_author_or_a_responsible_body(key: str):
    assert _responsible(key), f"{key}: name the author, or the organisation as author"


def test_the_author_check_refuses_an_anonymous_entry():
    from pybtex.database import Entry, Person

    ENTRIES["_anonymous"] = Entry("misc", fields={"title": "A text"})
    staff = {"author": [Person("{Staff}")]}
    ENTRIES["_staff"] = Entry("misc", fields={"title": "A text"}, persons=staff)
    try:
        assert not _responsible("_anonymous")
        assert not _responsible("_staff")
    finally:
        del ENTRIES["_anonymous"], ENTRIES["_staff"]


def test_same_author_same_year_citations_are_told_apart():
    """Two entries must not print the same author-year label (use 2017a, 2017b in ``year``)."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from table_citations import author_year

    seen: dict[str, str] = {}
    clashes = []
    for key, entry in ENTRIES.items():
        label = author_year(entry)
        if label in seen:
            clashes.append((label, seen[label], key))
        seen[label] = key
    assert not clashes, clashes


def test_an_unverified_original_says_so():
    """Curated: entries whose original could not be opened say so instead of naming a copy."""
    for key in ("toloraya2017", "state2012leapday", "reuters2019draft", "kim2017nbcmissile"):
        note = ENTRIES[key].fields.get("note", "").lower()
        assert "not verified" in note, key
        assert "copy" not in ENTRIES[key].fields["title"].lower(), key


# A note that admits the address was not opened, or was built from a site's scheme.
UNOPENED_ADDRESS = re.compile(r"\bnot opened\b|\baddress (?:follows|was built from)\b", re.I)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_no_entry_gives_an_address_it_did_not_open(key: str):
    """An address nobody opened is a guess: leave ``url`` out and say so in ``note``."""
    fields = ENTRIES[key].fields
    if fields.get("url"):
        assert not UNOPENED_ADDRESS.search(fields.get("note", "")), (
            f"{key}: the url was not opened; drop it and keep the honest note"
        )


@pytest.mark.parametrize(
    "note",
    [
        "The same path on the main site is given here and was not opened",
        "The address follows congress.gov's scheme for CRS products",
    ],
)
def test_the_check_catches_unopened_addresses(note: str):
    assert UNOPENED_ADDRESS.search(note)
