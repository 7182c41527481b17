"""The seminar engine: teams, offers, answers, the shared sequence and the scores.

Plain Python over the sequence model; no web code. A session is a list of **actions**,
one typed record per kind (:mod:`~korea_talks.seminar.engine.actions`), each checked by
:meth:`Seminar.check` and then applied by :meth:`Seminar.apply` through one table of
handlers (:data:`~korea_talks.seminar.engine.session.HANDLERS`, a
:class:`~korea_talks.seminar.engine.handlers.HandlerTable`). The engine is
deterministic: replaying the same actions gives the same session, which is how
:mod:`korea_talks.seminar.store` resumes after a restart.

Modules
    :mod:`~korea_talks.seminar.engine.actions`  the records, their log format and times;
    :mod:`~korea_talks.seminar.engine.handlers` the handler table and the checks every
                                                kind shares (the council's too);
    :mod:`~korea_talks.seminar.engine.records`  the sequence and timeline records, and the
                                                model's cached runs;
    :mod:`~korea_talks.seminar.engine.offers`   offers, answers, moves made alone, the
                                                model's answers;
    :mod:`~korea_talks.seminar.engine.clock`    rounds and the instructor's clock;
    :mod:`~korea_talks.seminar.engine.views`    the session as plain data for the pages;
    :mod:`~korea_talks.seminar.engine.session`  the session and the handler table.

Team actions
    ``offer``    propose a move or a package of moves, with conditions, to one or more
                 actors (teams, or actors the model plays);
    ``answer``   accept, reject or counter an open offer, with a typed reason;
    ``act``      make a move of one's own actor alone (a unilateral step);
    ``withdraw`` take back one's own open offer;
    ``message``  write to one other team in play (only the two read it);
    ``team-note`` write a note only one's own team reads.
Instructor actions
    ``start``, ``next-round``, ``pause``, ``resume``, ``end``, ``reopen`` (the clock),
    ``set-lens``, ``void``, ``broadcast`` (words to every team) and ``inject`` (a scenario
    event of the data file, announced to every team). The server itself writes
    ``downtime`` when it starts again while a round was running: the round's clock does
    not run while the server is down (:mod:`~korea_talks.seminar.engine.channels` holds
    the channels; :mod:`~korea_talks.seminar.engine.clock` the clock).

Actors no team plays (and always the UN and IAEA) are answered by the model under the
instructor's lens: a country accepts when the package does not lower its score by its
confidential brief and crosses none of its red lines; the UN and IAEA accept when their
moves would take effect (their preconditions hold). When every addressee has accepted and
the conditions hold, the package's moves enter the shared sequence and the model runs them.

>>> s = Seminar(teams=("US", "DPRK"))
>>> _ = s.submit({"kind": "start", "team": "instructor"})
>>> ack = s.submit({"kind": "offer", "team": "US", "to": ["DPRK"],
...                 "moves": ["us_direct_talks"]})
>>> ack["offer"]
'O1'
>>> _ = s.submit({"kind": "answer", "team": "DPRK", "offer": "O1", "answer": "accept",
...               "reason": "builds-trust"})
>>> s.offers["O1"].status, [e.move for e in s.sequence]
('agreed', ['us_direct_talks'])
"""

from korea_talks.seminar.engine.actions import (
    INSTRUCTOR,
    INSTRUCTOR_KINDS,
    TEAM_KINDS,
    ActionRecord,
    SeminarError,
)
from korea_talks.seminar.engine.offers import (
    MAX_CONDITIONS,
    MAX_MOVES_PER_OFFER,
    MAX_NOTE,
    Answer,
    Offer,
)
from korea_talks.seminar.engine.records import Event, SequenceEntry
from korea_talks.seminar.engine.session import Seminar

__all__ = [
    "INSTRUCTOR",
    "INSTRUCTOR_KINDS",
    "MAX_CONDITIONS",
    "MAX_MOVES_PER_OFFER",
    "MAX_NOTE",
    "TEAM_KINDS",
    "ActionRecord",
    "Answer",
    "Event",
    "Offer",
    "Seminar",
    "SeminarError",
    "SequenceEntry",
]
