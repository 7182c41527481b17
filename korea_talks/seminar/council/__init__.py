"""The Security Council format of the seminar: draft, amend and vote on a resolution.

Teams play the five permanent members, which vote, and South Korea, Japan and North
Korea, invited to take part without vote (rule 37 of the Council's provisional rules of
procedure). The model votes for the ten elected seats. A draft is adopted with nine votes
in favour and no negative vote of a permanent member (Charter, Article 27(3)); the adopted
text runs through the sequence model.

Modules
    :mod:`~korea_talks.seminar.council.votes`      the voting rule;
    :mod:`~korea_talks.seminar.council.catalogue`  delegations, clauses, stances, briefs;
    :mod:`~korea_talks.seminar.council.actions`    the typed records of actions and drafts;
    :mod:`~korea_talks.seminar.council.handlers`   each kind's check and apply, in one table;
    :mod:`~korea_talks.seminar.council.engine`     the session;
    :mod:`~korea_talks.seminar.council.store`      the session in SQLite (the seminar's store);
    :mod:`~korea_talks.seminar.council.web`        the server;
    :mod:`~korea_talks.seminar.council.page`       its one page (teams, President, projector);
    :mod:`~korea_talks.seminar.council.debrief`    the debrief page;
    :mod:`~korea_talks.seminar.council.pack`       the instructor pack (briefs, vote table);
    :mod:`~korea_talks.seminar.council.cli`        ``korea-talks council``.
"""

from korea_talks.seminar.council.engine import Council
from korea_talks.seminar.council.votes import NINE, PERMANENT, Outcome, tally

__all__ = ["NINE", "PERMANENT", "Council", "Outcome", "tally"]
