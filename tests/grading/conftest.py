"""Keep pytest (and nbval, when it is switched on) away from the fixture submissions;
the ``sandbox`` fixture for tests that run student code."""

import os

import pytest

from korea_talks.grading.sandbox import probe

collect_ignore_glob = ["fixtures/*"]


@pytest.fixture(scope="session")
def sandbox():
    """Skip (locally) or fail (in CI) when bubblewrap cannot confine a kernel here."""
    status = probe()
    if not status.confined:
        message = f"bubblewrap cannot run here: {status.reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return status
