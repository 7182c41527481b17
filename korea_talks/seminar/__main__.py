"""``python -m korea_talks.seminar``: serve a seminar session, or write its debrief or log.

python -m korea_talks.seminar serve --db class.sqlite [--teams US DPRK ...] [--host 0.0.0.0]
python -m korea_talks.seminar debrief --db class.sqlite --out debrief.html
python -m korea_talks.seminar log --db class.sqlite --out class-log.jsonl
"""

from __future__ import annotations

import sys

from korea_talks.seminar.cli import main

if __name__ == "__main__":
    sys.exit(main())
