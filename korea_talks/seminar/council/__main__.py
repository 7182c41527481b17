"""``python -m korea_talks.seminar.council``: serve a council session, or write its debrief or log.

python -m korea_talks.seminar.council serve --db council.sqlite [--teams US China ...]
python -m korea_talks.seminar.council debrief --db council.sqlite --out debrief.html
python -m korea_talks.seminar.council log --db council.sqlite --out council-log.jsonl
"""

from __future__ import annotations

import sys

from korea_talks.seminar.council.cli import main

if __name__ == "__main__":
    sys.exit(main())
