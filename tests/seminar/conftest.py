"""Shared helpers of the seminar tests."""

from __future__ import annotations

import pytest

from korea_talks.seminar.engine import INSTRUCTOR, Seminar


@pytest.fixture
def seminar() -> Seminar:
    """A started session with four teams (China and Japan are played by the model)."""
    s = Seminar(("US", "DPRK", "ROK", "Russia"))
    s.submit({"kind": "start", "team": INSTRUCTOR})
    return s
