"""Class grading: merge answers into the key, run nbval, gradebook, feedback, items.

``python -m korea_talks.grade SUBMISSIONS/ --key exercises/set1-crisis.ipynb --out
gradebook.csv`` grades a class (see :mod:`korea_talks.grading.__main__`). The folder is
taken in entry by entry (:mod:`~korea_talks.grading.intake`); for each submission the
answer cells (found by cell id or tag) are put into the key, and nbval runs that
notebook in its own process with a per-cell timeout and a memory limit, its kernel in a
bubblewrap sandbox (:mod:`~korea_talks.grading.sandbox`), within limits on memory,
processes, disk and output per submission (:mod:`~korea_talks.grading.limits`). Every name
and text from a submission is shown escaped (:mod:`~korea_talks.grading.safe_text`). Each
check cell only records the answer; the grader checks it outside the sandbox
(:mod:`~korea_talks.grading.record`).
Broken submissions get a row with the reason; no submission file is ever written to.
"""

from korea_talks.grading.grade import Options, SubmissionResult, grade_submission
from korea_talks.grading.gradebook import (
    GradedClass,
    RubricScoresError,
    feedback,
    grade_class,
    gradebook,
    item_analysis,
    read_rubric_scores,
    written_answers,
)
from korea_talks.grading.merge import SubmissionError, read_submission, sha256_file
from korea_talks.grading.reference import BadKeyError, load_reference

__all__ = [
    "BadKeyError",
    "GradedClass",
    "Options",
    "RubricScoresError",
    "SubmissionError",
    "SubmissionResult",
    "feedback",
    "grade_class",
    "grade_submission",
    "gradebook",
    "item_analysis",
    "load_reference",
    "read_rubric_scores",
    "read_submission",
    "sha256_file",
    "written_answers",
]
