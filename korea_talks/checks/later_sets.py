"""Model computations behind the templated items of exercise sets 5 to 8.

Each function computes the answer of one kind of item from the negotiation-sequence
model (:mod:`korea_talks.sequence`) or the bargaining model
(:mod:`korea_talks.bargaining`), for the parameters of a variant (see
:mod:`korea_talks.grading.variants`): the answer is never typed. Every parameter is a
plain value (a str, a number or a list of them), so that a question text can show it
through a placeholder such as ``{{q2.lens}}``. :data:`COMPUTE` registers them beside the
project's other model answers in :data:`korea_talks.checks.properties.COMPUTE`.

>>> sorted(COMPUTE)[:3]
['best_verdict_lens', 'deciding_rule', 'deletion_ranks']
>>> deciding_rule("author-roadmap", "washington")
'no-reason-to-dismantle'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

LENS_ORDER = ("author", "washington", "beijing", "pyongyang", "seoul")
"""The lenses in the order of ``korea_talks.sequence.lenses.lens_ids()`` (checked by the tests)."""

NO_SINGLE_LENS = "none"
"""What :func:`best_verdict_lens` returns when no lens stands alone at the best verdict."""


def _verdict(moves: Sequence[str], lens: str) -> Any:
    from korea_talks.sequence import verdict_of
    from korea_talks.sequence.lenses import lens_catalogue

    return verdict_of(list(moves), catalogue=lens_catalogue(lens))


def _preset_moves(preset: str) -> list[str]:
    from korea_talks.sequence import get_preset

    return list(get_preset(preset).moves)


def lens_ranks(preset: str) -> list[int]:
    """The rank of a preset's verdict under each lens, in the order of :data:`LENS_ORDER`.

    A rank is ``Verdict.rank``: 0 war risk, 1 breakdown, 2 stalemate, 3 moratorium,
    4 verified freeze, 5 settlement track.

    >>> lens_ranks("washington-big-deal")
    [2, 5, 2, 3, 2]
    """
    moves = _preset_moves(preset)
    return [int(_verdict(moves, lens).rank) for lens in LENS_ORDER]


def best_verdict_lens(moves: Sequence[str]) -> str:
    """The one lens under which ``moves`` reach a better verdict than under every other
    lens (the camp whose theory of success the sequence satisfies), or ``"none"`` when
    two or more lenses share the best verdict.

    >>> from korea_talks.sequence import get_preset
    >>> best_verdict_lens(get_preset("beijing-dual-track").moves)
    'beijing'
    >>> best_verdict_lens(get_preset("author-roadmap").moves)
    'none'
    """
    ranks = {lens: int(_verdict(moves, lens).rank) for lens in LENS_ORDER}
    best = max(ranks.values())
    leaders = [lens for lens, rank in ranks.items() if rank == best]
    return leaders[0] if len(leaders) == 1 else NO_SINGLE_LENS


def deletion_ranks(preset: str, lens: str = "author") -> list[int]:
    """For each step of a preset, the rank of the verdict when that step alone is deleted.

    >>> deletion_ranks("author-roadmap", "washington")
    [2, 3, 3, 3, 3, 3, 3, 3]
    """
    moves = _preset_moves(preset)
    return [int(_verdict([*moves[:i], *moves[i + 1 :]], lens).rank) for i in range(len(moves))]


def deciding_rule(preset: str, lens: str) -> str:
    """The rule that decides a preset's verdict under ``lens``, as ``compare_lenses`` names it.

    >>> deciding_rule("beijing-dual-track", "washington")
    'guarantees-held-until-verified'
    """
    from korea_talks.sequence import compare_lenses

    table = compare_lenses(_preset_moves(preset)).set_index("lens")
    return str(table.loc[lens, "deciding_rule"])


def median_with_change(year: int, party: str, field: str, value: float) -> float:
    """The bargaining model's first forecast (the weighted median) for ``year``'s table
    with one number of one party changed.

    >>> median_with_change(2024, "South Korea", "position", 55)
    55.0
    """
    from korea_talks.bargaining import run_model, six_parties

    table = six_parties(year).replace(party, **{field: value})
    return float(run_model(table).initial_median)


def outcome_with_change(year: int, party: str, field: str, value: float) -> float:
    """The weighted mean after the rounds (``predicted_outcome``) for ``year``'s table with
    one number of one party changed.

    >>> round(outcome_with_change(2024, "Japan", "salience", 30), 1) >= 55
    True
    """
    from korea_talks.bargaining import run_model, six_parties

    table = six_parties(year).replace(party, **{field: value})
    return float(run_model(table).predicted_outcome)


def farthest_restoration_shift(into: int, source: int, fields: Sequence[str]) -> float:
    """Put each party in turn back to its ``source``-year numbers (the ``fields`` named)
    in the ``into``-year table; the change of ``predicted_outcome`` that is largest in
    size, with its sign.

    >>> round(farthest_restoration_shift(2024, 2017, ["position", "capability", "salience"]), 1)
    -6.6
    """
    from korea_talks.bargaining import run_model, six_parties

    table = six_parties(into)
    now = run_model(table).predicted_outcome
    shifts = []
    for actor in six_parties(source).actors:
        restored = table.replace(actor.name, **{f: getattr(actor, f) for f in fields})
        shifts.append(run_model(restored).predicted_outcome - now)
    return float(max(shifts, key=abs))


COMPUTE: dict[str, Callable[..., object]] = {
    "lens_ranks": lens_ranks,
    "best_verdict_lens": best_verdict_lens,
    "deletion_ranks": deletion_ranks,
    "deciding_rule": deciding_rule,
    "median_with_change": median_with_change,
    "outcome_with_change": outcome_with_change,
    "farthest_restoration_shift": farthest_restoration_shift,
}
"""The computations of this module, by the name a ``[question.variants]`` table uses."""
