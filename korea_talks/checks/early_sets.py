"""Computations behind the templated items of exercise sets 3 and 4.

Each function computes the answer of one kind of item for the parameters of a variant
(see :mod:`korea_talks.grading.variants`), from the bargaining model
(:mod:`korea_talks.bargaining`), the freeze game (:mod:`korea_talks.games`) or a coded
reading of the article (:mod:`korea_talks.checks.codings`; the package holds only the
practice coding): the answer is never typed.
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

from korea_talks.checks.codings import Coding, flagged_letters, the_one

S5_S6_STATEMENTS: Coding = {
    # the practice variant's statements: what S5 says (True), or not (False, invented)
    "each time Moscow distanced itself from Pyongyang it lost influence over events, "
    "and regional security suffered too": True,  # S5
    "North Korea moved closer to Japan whenever Moscow kept its distance": False,
    "China took over Russia's trade with the North": False,
    "Moscow's distance from Pyongyang led to the founding of the Six-Party talks": False,
}
"""The practice coding of the reading item of set 3: whether S5-S6 make each statement.
The graded variants' statements, none of them here, are coded in the instructor's key
(:mod:`korea_talks.checks.codings`)."""

S6_POLICIES: Coding = {
    # inconsistent with S6 (True): disarmament first, talks after it
    "complete, verifiable disarmament demanded before any talks begin": True,
    # consistent with S6 (False): disarmament as the end of a process with guarantees
    "a freeze of tests first, security guarantees next, disarmament at the end": False,
    "talks opened without preconditions": False,
    "a regional security mechanism built alongside the talks": False,
}
"""The practice coding of the application item of set 3: whether a policy puts the
North's giving up its deterrent before what S6 puts first ("not a prerequisite but the
end goal", S6). The graded variants' policies are coded in the instructor's key."""


def article_statement(a: str, b: str, c: str, d: str, coding: Coding | None = None) -> str:
    """The letter of the one statement that S5-S6 make, by ``coding`` (by default the
    practice coding :data:`S5_S6_STATEMENTS`).

    >>> article_statement("China took over Russia's trade with the North",
    ...     "talks", "x", "y")
    Traceback (most recent call last):
    ...
    ValueError: options not in the coding: ['talks', 'x', 'y']
    """
    return the_one(S5_S6_STATEMENTS if coding is None else coding, (a, b, c, d))


def inconsistent_policy(a: str, b: str, c: str, d: str, coding: Coding | None = None) -> str:
    """The letter of the one policy inconsistent with S6's order, by ``coding`` (by
    default the practice coding :data:`S6_POLICIES`)."""
    return the_one(S6_POLICIES if coding is None else coding, (a, b, c, d))


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


S7_GESTURES: Coding = {
    # the practice variant's options: listed in S7 among Kim's gestures (True) or not
    "the idea of a peace treaty": True,  # S7, a gesture to the US
    "a joint space programme with the United States": False,
    "inspections by the IAEA of all nuclear sites": False,
    "a North Korean seat on the Security Council": False,
    "a request for Russian mediation in its talks with Washington": False,
}
"""The practice coding of the reading item of set 4: whether S7 lists an option among
Kim's gestures. The graded variants' options, none of them here, are coded in the
instructor's key (:mod:`korea_talks.checks.codings`)."""


def s7_gestures(a: str, b: str, c: str, d: str, e: str, coding: Coding | None = None) -> list[str]:
    """The letters of the options that S7 lists among Kim's gestures, by ``coding`` (by
    default the practice coding :data:`S7_GESTURES`)."""
    return flagged_letters(S7_GESTURES if coding is None else coding, (a, b, c, d, e))


ROLES = {
    # each player's temptation, reward, punishment and sucker payoffs, by cell
    "north_korea": ("test_suspend", "freeze_suspend", "test_continue", "freeze_continue"),
    "united_states": ("freeze_continue", "freeze_suspend", "test_continue", "test_suspend"),
}
"""The cells holding each player's T, R, P and S payoffs in the freeze game."""


def _game(changes: Mapping[str, Mapping[str, float]] | None = None) -> Any:
    """The default freeze game with some cells of some players changed."""
    from korea_talks.games import FreezeGame

    game = FreezeGame.default()
    payoffs = {"north_korea": dict(game.north_korea), "united_states": dict(game.united_states)}
    for player, cells in (changes or {}).items():
        payoffs[player].update(cells)
    return FreezeGame(payoffs["north_korea"], payoffs["united_states"])


def _both(role: int, value: float) -> dict[str, dict[str, float]]:
    """Set the payoff of one role (0 T, 1 R, 2 P, 3 S) to ``value`` for both players."""
    return {player: {cells[role]: value} for player, cells in ROLES.items()}


def equilibrium_cells(nk_cell: str, nk_value: float, us_cell: str, us_value: float) -> str:
    """The pure Nash equilibria of the default game with one payoff of each player
    changed, as sorted cell names joined by commas ("" if there is none).

    >>> equilibrium_cells("test_suspend", 5.0, "freeze_continue", 5.0)
    'freeze_suspend,test_continue'
    """
    game = _game({"north_korea": {nk_cell: nk_value}, "united_states": {us_cell: us_value}})
    cells = []
    for eq in game.equilibria():
        if eq.pure:
            nk = "freeze" if eq.north_korea[0] == 1 else "test"
            us = "suspend" if eq.united_states[0] == 1 else "continue"
            cells.append(f"{nk}_{us}")
    return ",".join(sorted(cells))


def changes_to_type(target: str, t: float, r: float, p: float, s: float) -> list[str]:
    """The single changes, each made for both players, that turn the default game into
    ``target`` (a name :meth:`FreezeGame.classify` gives).

    Options: a) the temptation payoff (T) set to ``t``; b) the mutual-freeze payoff (R)
    set to ``r``; c) the mutual-testing payoff (P) set to ``p``; d) the sucker's payoff
    (S) set to ``s``.

    >>> changes_to_type("stag hunt", 5.0, 9.0, 7.0, 4.0)
    ['a', 'b']
    """
    values = (t, r, p, s)
    return [
        "abcd"[role]
        for role in range(4)
        if _game(_both(role, values[role])).classify().name == target
    ]


def patience_with(strategy: str, player: str, cell: str, value: float) -> float:
    """The smallest discount factor at which a mutual freeze holds when both play
    ``strategy``, with one payoff of one player changed (raises ``ValueError`` if no
    patience is enough).

    >>> patience_with("grim-trigger", "north_korea", "test_suspend", 9.0)
    0.5
    """
    from korea_talks.games import patience_threshold

    needed = patience_threshold(_game({player: {cell: value}}), strategy)
    if needed is None:
        raise ValueError("no discount factor makes the freeze hold with these payoffs")
    return float(needed)


COMPUTE: dict[str, Callable[..., object]] = {
    "article_statement": article_statement,
    "inconsistent_policy": inconsistent_policy,
    "changes_past_threshold": changes_past_threshold,
    "least_salience_reaching": least_salience_reaching,
    "s7_gestures": s7_gestures,
    "equilibrium_cells": equilibrium_cells,
    "changes_to_type": changes_to_type,
    "patience_with": patience_with,
}
"""The computations of this module, by the name a ``[question.variants]`` table uses."""

CODINGS: dict[str, Coding] = {
    "article_statement": S5_S6_STATEMENTS,
    "inconsistent_policy": S6_POLICIES,
    "s7_gestures": S7_GESTURES,
}
"""The computations of this module that read a coding, each with its practice coding."""
