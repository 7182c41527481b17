"""The seminar's negotiation simulation.

- :mod:`~korea_talks.seminar.engine` - teams, offers, answers, scores (plain Python);
- :mod:`~korea_talks.seminar.briefs` - the teams' public and confidential briefs (data);
- :mod:`~korea_talks.seminar.store` - the session in SQLite, written before acknowledged;
- :mod:`~korea_talks.seminar.debrief` - the debrief generated from the log;
- :mod:`~korea_talks.seminar.model` - the one door to the sequence model and its lenses;
- :mod:`~korea_talks.seminar.web` and :mod:`~korea_talks.seminar.views` - the server and
  its Solara pages; :mod:`~korea_talks.seminar.one_screen` - the notebook table;
- :mod:`~korea_talks.seminar.cli` - ``korea-talks seminar``.
"""
