"""A run continued in parts equals the run of the whole (hypothesis, under every lens)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_talks.sequence import UnknownMoveError, lens_ids, load_catalogue, simulate
from korea_talks.sequence.errors import SequenceModelError
from korea_talks.sequence.simulate import Progress, advance

MOVE_IDS = sorted(load_catalogue().moves)
LENSES = lens_ids()
EVENTFUL = ["us_direct_talks", "dprk_walk_out", "us_demand_cvid", "us_show_of_force", "us_strike"]
"""Moves that open and break talks, raise tension and strike: what the verdict's words name
(drawn more often than chance would, so that the causes cross the cuts)."""
move_ids = st.one_of(st.sampled_from(MOVE_IDS), st.sampled_from(EVENTFUL))


@st.composite
def split_sequences(draw: st.DrawFn) -> list[list[str]]:
    """A sequence of up to 40 moves cut into up to five parts (some may be empty)."""
    sequence = draw(st.lists(move_ids, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(sequence)), max_size=4)))
    bounds = [0, *cuts, len(sequence)]
    return [sequence[a:b] for a, b in itertools.pairwise(bounds)]


def in_parts(parts: list[list[str]], lens: str) -> tuple[Progress, list[object]]:
    progress = None
    lines: list[object] = []
    for part in parts:
        progress = advance(progress, part, lens=lens)
        lines.extend(progress.lines)
    assert progress is not None
    return progress, lines


@settings(max_examples=80, deadline=None)
@given(split_sequences())
def test_running_in_parts_equals_running_the_whole(parts: list[list[str]]) -> None:
    whole_moves = [m for part in parts for m in part]
    for lens in LENSES:
        whole = simulate(whole_moves, lens=lens)
        progress, lines = in_parts(parts, lens)
        assert progress.sequence == whole.sequence
        assert progress.lens == whole.lens
        assert progress.final_state == whole.final_state
        assert progress.verdict is whole.verdict
        assert progress.verdict_text == whole.verdict_text
        assert progress.verdict_rule == whole.verdict_rule
        assert progress.verdict_cause == whole.verdict_cause
        assert progress.near_miss == whole.near_miss
        if whole_moves:
            assert lines == whole.explanation
        else:
            assert lines == []


SCENES = {
    "strike": [
        "us_direct_talks",
        *["us_show_of_force"] * 3,
        "us_strike",
        "us_direct_talks",
        "us_strike",
    ],
    "walk-out": ["us_direct_talks", "dprk_walk_out", "us_sanctions", "us_show_of_force"],
    "ruinous demand": ["us_direct_talks", "us_demand_cvid", "us_sanctions", "us_direct_talks"],
}


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_every_cut_of_a_run_that_strikes_or_breaks_down_matches(scene: str) -> None:
    """The steps the verdict names (strike, collapse, war scare) survive every cut."""
    sequence = SCENES[scene]
    for lens in LENSES:
        whole = simulate(sequence, lens=lens)
        for cut in range(len(sequence) + 1):
            progress, lines = in_parts([sequence[:cut], sequence[cut:]], lens)
            assert (progress.verdict_text, progress.verdict_cause, lines) == (
                whole.verdict_text,
                whole.verdict_cause,
                whole.explanation,
            )
        progress, lines = in_parts([[m] for m in sequence], lens)
        assert (progress.verdict_text, lines) == (whole.verdict_text, whole.explanation)


def test_continuing_under_another_lens_is_refused() -> None:
    progress = advance(None, ["us_direct_talks"], lens=LENSES[1])
    with pytest.raises(SequenceModelError, match="start a new run"):
        advance(progress, ["us_direct_talks"], lens=LENSES[0])
    assert advance(progress, ["us_direct_talks"]).lens == LENSES[1]


def test_an_unknown_move_is_refused_and_the_run_is_unchanged() -> None:
    progress = advance(None, ["us_direct_talks"])
    with pytest.raises(UnknownMoveError):
        advance(progress, ["no_such_move"])
    assert progress.sequence == ("us_direct_talks",)
