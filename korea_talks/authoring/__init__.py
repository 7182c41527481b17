"""Instructor notebook -> student notebook.

``python -m korea_talks.authoring build exercises/`` executes every instructor source in
``exercises/source/``, checks that each model solution earns its question, and writes the
student notebooks beside the folder (see :mod:`korea_talks.authoring.build`).
"""

from korea_talks.authoring.build import (
    AuthoringError,
    build_all,
    build_set,
    stale,
    student_path,
    to_student,
)

__all__ = ["AuthoringError", "build_all", "build_set", "stale", "student_path", "to_student"]
