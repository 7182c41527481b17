"""``python -m korea_talks.grade``: the class grader's entry point.

It delegates to :func:`korea_talks.grading.__main__.main`; see that module for the
options.
"""

from korea_talks.grading.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
