"""The scripted session: a short seminar used by the book, the browser test and the dry run.

Round 1: the United States demands dismantlement first and North Korea rejects it; the
United States offers talks with the same demand attached, North Korea counters with talks
and a mutual moratorium, and Washington accepts. Round 2: Russia offers Seoul, Beijing and
the UN a package (its working group, inter-Korean dialogue, the ministers' meeting) on
condition that the US-DPRK channel is open; Japan links talks to the abductions alone.

>>> from korea_talks.seminar.engine import Seminar
>>> s = play_scripted_session(Seminar())
>>> [o.status for o in s.offers.values()]
['rejected', 'countered', 'agreed', 'agreed']
"""

from __future__ import annotations

from typing import Any

from korea_talks.seminar.engine import INSTRUCTOR, Seminar

SCRIPT: tuple[tuple[str, dict[str, Any]], ...] = (
    (INSTRUCTOR, {"kind": "start"}),
    ("US", {"kind": "offer", "to": ["DPRK"], "moves": ["us_demand_cvid"]}),
    ("DPRK", {"kind": "answer", "offer": "O1", "answer": "reject", "reason": "crosses-red-line"}),
    ("US", {"kind": "offer", "to": ["DPRK"], "moves": ["us_direct_talks", "us_demand_cvid"]}),
    (
        "DPRK",
        {
            "kind": "answer",
            "offer": "O2",
            "answer": "counter",
            "reason": "wrong-sequence",
            "moves": ["us_direct_talks", "us_moratorium_for_moratorium"],
        },
    ),
    ("US", {"kind": "answer", "offer": "O3", "answer": "accept", "reason": "better-than-batna"}),
    (INSTRUCTOR, {"kind": "next-round"}),
    (
        "Russia",
        {
            "kind": "offer",
            "to": ["ROK", "China", "UN/IAEA"],
            "moves": ["russia_working_group", "rok_inter_korean_dialogue", "un_ministers_meeting"],
            "conditions": ["if us_dprk_channel"],
        },
    ),
    ("ROK", {"kind": "answer", "offer": "O4", "answer": "accept", "reason": "meets-interests"}),
    ("China", {"kind": "answer", "offer": "O4", "answer": "accept", "reason": "builds-trust"}),
    ("Japan", {"kind": "act", "move": "japan_links_abductions"}),
    (INSTRUCTOR, {"kind": "end"}),
)
"""(team, action) pairs, in order; the script's teams are all six."""


def play_scripted_session(seminar: Seminar) -> Seminar:
    """Play :data:`SCRIPT` on ``seminar`` (skipping answers the model gives itself)."""
    for team, action in SCRIPT:
        if team not in seminar.teams and team != INSTRUCTOR:
            continue
        seminar.submit({**action, "team": team})
    return seminar
