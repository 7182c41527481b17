"""The Security Council format of the seminar: draft, amend and vote on a resolution.

Teams play the five permanent members, which vote, and South Korea, Japan and North
Korea, invited to take part without vote (rule 37 of the Council's provisional rules of
procedure). The model votes for the ten elected seats. A draft is adopted with nine votes
in favour and no negative vote of a permanent member (Charter, Article 27(3)); the adopted
text runs through the sequence model.

Modules
    :mod:`~korea_talks.seminar.council.votes`      the voting rule;
    :mod:`~korea_talks.seminar.council.catalogue`  delegations, clauses, stances, briefs;
    :mod:`~korea_talks.seminar.council.engine`     the session and its handler table;
    :mod:`~korea_talks.seminar.council.store`      the session in SQLite (the seminar's store);
    :mod:`~korea_talks.seminar.council.web`        the server and its pages;
    :mod:`~korea_talks.seminar.council.debrief`    the debrief page;
    :mod:`~korea_talks.seminar.council.cli`        ``korea-talks council``.
"""

from korea_talks.seminar.council.engine import Council
from korea_talks.seminar.council.votes import NINE, PERMANENT, Outcome, tally

__all__ = ["NINE", "PERMANENT", "Council", "Outcome", "tally"]
