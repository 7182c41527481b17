"""The article's sections, defined once.

Every chapter, move, rule, exercise and glossary entry cites the article through these
ids, so a reader can always go from an explanation back to the passage it rests on.
The titles are ours, not the author's (except where :attr:`Section.authors_heading` is
true); the summaries paraphrase the argument.

>>> get_section("S9").title
'The roadmap'
>>> validate_section_ids(["S1", "S9"])
('S1', 'S9')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ARTICLE_CITATION_KEY = "toloraya2017"
"""The key of the article in ``book/references.bib``."""


@dataclass(frozen=True)
class Section:
    """One section of the article."""

    id: str
    title: str
    summary: str
    authors_heading: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "S1",
        "Thesis",
        "The crisis caught Moscow unprepared; open war stays unlikely and pressure is not "
        "working; managed tension suits Washington's rivalry with Beijing, so talks will "
        "come sooner or later; Seoul's new government can lead, and Russia should back it.",
    ),
    Section(
        "S2",
        "Spring 2017: how the crisis arose",
        "Washington's turn to talk of military options looked improvised; Pyongyang had "
        "been fairly quiet early in 2017, routine missile tests aside; more and better "
        "missile tests followed the US show of force and the South Korean election; a "
        "nuclear test may follow unless talks resume.",
    ),
    Section(
        "S3",
        "Why force is no answer",
        "There is no need for urgency: North Korea will not start a war and cannot occupy "
        "the South; Washington's concern for its own territory is understandable, but a "
        "strike on the arsenal would probably fail and could kill millions; years of "
        "'strategic patience' never tested a verifiable compromise.",
    ),
    Section(
        "S4",
        "Coercive diplomacy and China",
        "The crisis was partly a display of US resolve aimed at China; Beijing's promised "
        "'100 days' buys time, since it fears chaos in a buffer state more than the bomb; "
        "'all options' also includes talks, which Russia would join.",
    ),
    Section(
        "S5",
        "Russia's geopolitical and strategic involvement",
        "North Korea is a UN member state whose sovereignty must be respected; whenever "
        "Moscow turned away from Pyongyang it lost influence and regional security "
        "suffered.",
        authors_heading=True,
    ),
    Section(
        "S6",
        "Isolation, sanctions, pressure won't work",
        "Sanctions alone block reform; only security guarantees can lead North Korea to "
        "give up its deterrent, so denuclearization is the end of the process, not its "
        "entry ticket; for Russia the status quo is the lesser evil, and absorption of the "
        "North would upset the regional order.",
        authors_heading=True,
    ),
    Section(
        "S7",
        "Russia's strategic role and initiatives",
        "Now is the time to talk; even Washington needs partners to reach and keep a deal; "
        "everyone wants to avoid a regional arms race; Kim might possibly come to be seen as "
        "calculating rather than paranoid, ready for war or cooperation if treated as an "
        "equal; his earlier offers (a peace treaty, a mutual moratorium) were turned down.",
        authors_heading=True,
    ),
    Section(
        "S8",
        "Seoul in the driver's seat",
        "President Moon's government is realistic; his envoy met President Putin in May "
        "2017; Seoul's mix of direct dialogue, multiparty talks and regional collective "
        "security matches Russia's proposals.",
    ),
    Section(
        "S9",
        "The roadmap",
        "Start a new process with a broad security agenda: direct US-DPRK talks, then a "
        "freeze for a halt of 'hostile actions'; leave CVID as a distant goal; run "
        "inter-Korean dialogue in parallel without the nuclear issue; revive the Six-Party "
        "working group chaired by Russia as a secretariat; convene foreign ministers with "
        "the UN and IAEA in September; first agenda item: a freeze for the duration of "
        "talks in exchange for easing sanctions.",
    ),
    Section(
        "S10",
        "Conditions for a settlement",
        "All sides must accept reality: Washington and Seoul coexist with the North and "
        "Seoul drops absorption; Pyongyang accepts that nuclear weapons bar prosperity once "
        "a new security regime exists; China, Russia and Japan help bridge the gaps.",
    ),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)
_BY_ID = {s.id: s for s in SECTIONS}


class UnknownSectionError(ValueError):
    """A section id that is not one of S1-S10."""


def get_section(section_id: str) -> Section:
    """Return the section with this id, or raise :class:`UnknownSectionError`.

    >>> get_section("S11")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    korea_talks.sections.UnknownSectionError: unknown section id 'S11'; ... S1, S2, ..., S10
    """
    try:
        return _BY_ID[section_id]
    except (KeyError, TypeError):
        raise UnknownSectionError(
            f"unknown section id {section_id!r}; the article's sections are "
            + ", ".join(SECTION_IDS)
        ) from None


def validate_section_ids(ids: Iterable[str]) -> tuple[str, ...]:
    """Check that every id names a section; return them as a tuple in the given order."""
    checked = tuple(ids)
    for section_id in checked:
        get_section(section_id)
    return checked


def sort_key(section_id: str) -> int:
    """Order section ids by their number (``S2`` before ``S10``).

    >>> sorted(["S10", "S2", "S1"], key=sort_key)
    ['S1', 'S2', 'S10']
    """
    return SECTION_IDS.index(get_section(section_id).id)
