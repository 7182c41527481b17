"""How a parallel test run (pytest-xdist, ``make test``) shares the files among workers.

``--dist loadfile`` keeps every test file on one worker, so that module fixtures (a graded
class, a book build, a JupyterLab server) are made once. The browser tests of the built
book go further: they share one visit of every page per worker (the ``site`` and
``phone_site`` fixtures of ``tests/browser/conftest.py``: widgets loaded, screenshots
taken), so their files run on one worker together instead of visiting every page twice.
"""

from __future__ import annotations

from typing import Any

SHARED_SITE_VISIT = "tests/browser (one visit of every page)"
SANDBOXED_GRADING = "tests/grading (one worker: the hostile classes count processes)"
"""The scope of the grading tests: they start sandboxed kernels, and the hostile classes
check that no process is left after their grading. On one worker, one after another, a
kernel of another grading test can never pass for a process the class left behind."""
"""The scope of the files that read the shared visits of the built book."""
SITE_VISIT_FILES = frozenset(
    f"tests/browser/{name}.py"
    for name in (
        "test_accessibility",
        "test_exercise_pages",
        "test_layout",
        "test_page_weight",
        "test_site",
    )
)


def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    """With ``--dist loadfile``: one scope per file, but one for all :data:`SITE_VISIT_FILES`
    and one for the grading tests (:data:`SANDBOXED_GRADING`)."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path in SITE_VISIT_FILES:
                return SHARED_SITE_VISIT
            if path.startswith("tests/grading/"):
                return SANDBOXED_GRADING
            return path

    return FileScheduling(config, log)
