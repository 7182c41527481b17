"""Computations behind the templated items of exercise sets 3 and 4.

Each function computes the answer of one kind of item for the parameters of a variant
(see :mod:`korea_talks.grading.variants`), from the bargaining model
(:mod:`korea_talks.bargaining`), the freeze game (:mod:`korea_talks.games`) or a coded
reading of the article kept here with its section ids: the answer is never typed.
Every parameter is a plain value, so that a question text can show it through a
placeholder such as ``{{q3.party}}``. :data:`COMPUTE` registers them beside the
project's other model answers in :data:`korea_talks.checks.properties.COMPUTE`.

>>> changes_past_threshold("Russia", 50.0, "above")
['a']
>>> least_salience_reaching("Russia", 50.0, "above")
62
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

LETTERS = "abcd"
"""The letters of a four-option item, in order."""

S5_S6_STATEMENTS: Mapping[str, bool] = {
    # what S5-S6 say (True), each in the module's words, with its section
    "each time Moscow distanced itself from Pyongyang it lost influence over events, "
    "and regional security suffered too": True,  # S5
    "North Korea is an established UN member state whose sovereignty and right to "
    "exist should be respected": True,  # S5
    "for Russia the Korean issue matters but is probably not an acute threat "
    "calling for immediate action": True,  # S6
    "even a peaceful absorption of the North by the South would revise the regional "
    "order set after the Second World War": True,  # S6
    # what S5-S6 do not say (False): invented, or the opposite of the passage
    "North Korea moved closer to Japan whenever Moscow kept its distance": False,
    "China took over Russia's trade with the North": False,
    "Russia has concentrated large military and economic resources on the peninsula "
    "since the Korean War": False,  # S6 says the opposite
    "sanctions and pressure alone can bring about the North's demilitarization": False,
    "the North's nuclear programme is no challenge to the non-proliferation regime": False,
    "Moscow's distance from Pyongyang led to the founding of the Six-Party talks": False,
}
"""Statements about S5-S6 for the reading item of set 3: whether the author says so."""

S6_POLICIES: Mapping[str, bool] = {
    # inconsistent with S6 (True): disarmament first, guarantees or talks after it
    "complete, verifiable disarmament demanded before any talks begin": True,
    "security guarantees withheld until the whole arsenal is gone": True,
    "sanctions eased only once the North has dismantled its weapons": True,
    # consistent with S6 (False): disarmament as the end of a process with guarantees
    "a freeze of tests first, security guarantees next, disarmament at the end": False,
    "talks opened without preconditions": False,
    "a regional security mechanism built alongside the talks": False,
    "disarmament kept as the end goal of a long process, with guarantees on the way": False,
    "a freeze of production in exchange for easing sanctions while talks go on": False,
}
"""Policies for the application item of set 3: whether a policy puts the North's giving
up its deterrent before guarantees, where S6 puts it at the end ("not a prerequisite but
the end goal", S6)."""


def _the_one(table: Mapping[str, bool], options: tuple[str, ...]) -> str:
    """The letter of the one option flagged in ``table`` (raises ``ValueError`` unless
    every option is in the table and exactly one is flagged)."""
    unknown = [o for o in options if o not in table]
    if unknown:
        raise ValueError(f"options not in the coded table: {unknown}")
    flagged = [LETTERS[i] for i, option in enumerate(options) if table[option]]
    if len(flagged) != 1:
        raise ValueError(f"exactly one option must be flagged, not {flagged}")
    return flagged[0]


def article_statement(a: str, b: str, c: str, d: str) -> str:
    """The letter of the one statement that S5-S6 make (:data:`S5_S6_STATEMENTS`).

    >>> article_statement("China took over Russia's trade with the North",
    ...     "talks", "x", "y")
    Traceback (most recent call last):
    ...
    ValueError: options not in the coded table: ['talks', 'x', 'y']
    """
    return _the_one(S5_S6_STATEMENTS, (a, b, c, d))


def inconsistent_policy(a: str, b: str, c: str, d: str) -> str:
    """The letter of the one policy inconsistent with S6's order (:data:`S6_POLICIES`)."""
    return _the_one(S6_POLICIES, (a, b, c, d))


def _forecast(year: int, party: str, **values: float) -> float:
    """The bargaining model's weighted mean after its rounds, one party's numbers changed."""
    from korea_talks.bargaining import run_model, six_parties

    table = six_parties(year)
    if values:
        table = table.replace(party, **values)
    return float(run_model(table).predicted_outcome)


def _past(value: float, threshold: float, side: str) -> bool:
    if side not in ("above", "below"):
        raise ValueError(f"side is 'above' or 'below', not {side!r}")
    return value > threshold if side == "above" else value < threshold


def _party(year: int, party: str) -> Any:
    from korea_talks.bargaining import six_parties

    return {actor.name: actor for actor in six_parties(year).actors}[party]


def changes_past_threshold(party: str, threshold: float, side: str, year: int = 2017) -> list[str]:
    """The single changes to one party's numbers that move the forecast past a threshold.

    The forecast is ``predicted_outcome`` of the six-party table of ``year``; ``side`` is
    ``"above"`` or ``"below"`` (strictly). Options: a) the party's salience raised to 100;
    b) its salience halved; c) its capability doubled (at most 1); d) its capability
    halved.

    >>> changes_past_threshold("China", 45.0, "below")
    ['b', 'd']
    """
    actor = _party(year, party)
    changes = {
        "a": {"salience": 100.0},
        "b": {"salience": actor.salience / 2},
        "c": {"capability": min(1.0, actor.capability * 2)},
        "d": {"capability": actor.capability / 2},
    }
    return sorted(
        letter
        for letter, values in changes.items()
        if _past(_forecast(year, party, **values), threshold, side)
    )


def least_salience_reaching(party: str, threshold: float, side: str, year: int = 2017) -> int:
    """The smallest whole salience (0 to 100) of ``party`` at which the forecast is past
    ``threshold`` on ``side``, all else as coded; every value is tried, since the model's
    forecast need not move steadily with salience (raises ``ValueError`` if none does).

    >>> least_salience_reaching("North Korea", 45.0, "below")
    0
    """
    for salience in range(101):
        if _past(_forecast(year, party, salience=float(salience)), threshold, side):
            return salience
    raise ValueError(f"no salience of {party} moves the forecast {side} {threshold}")


COMPUTE: dict[str, Callable[..., object]] = {
    "article_statement": article_statement,
    "inconsistent_policy": inconsistent_policy,
    "changes_past_threshold": changes_past_threshold,
    "least_salience_reaching": least_salience_reaching,
}
"""The computations of this module, by the name a ``[question.variants]`` table uses."""
