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


S7_GESTURES: Mapping[str, bool] = {
    # what S7 lists (True): Kim's gestures and initiatives, in the module's words
    "the idea of a peace treaty": True,  # S7, a gesture to the US
    "a 'moratorium for moratorium' formula": True,  # S7, a gesture to the US
    "initiatives to change relations with the South, turned down by Park Geun-hye's "
    "government": True,  # S7
    # not in S7 (False)
    "a joint space programme with the United States": False,
    "inspections by the IAEA of all nuclear sites": False,
    "a North Korean seat on the Security Council": False,
    "a declaration of the North's full nuclear inventory": False,
    "an offer to join the Non-Proliferation Treaty again at once": False,
}
"""Options for the reading item of set 4: whether S7 lists them among Kim's gestures."""


def s7_gestures(a: str, b: str, c: str, d: str, e: str) -> list[str]:
    """The letters of the options that S7 lists among Kim's gestures (:data:`S7_GESTURES`)."""
    options = (a, b, c, d, e)
    unknown = [o for o in options if o not in S7_GESTURES]
    if unknown:
        raise ValueError(f"options not in the coded table: {unknown}")
    return ["abcde"[i] for i, option in enumerate(options) if S7_GESTURES[option]]


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
