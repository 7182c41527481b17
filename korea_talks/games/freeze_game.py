"""The freeze-for-freeze game: North Korea (freeze / test) against the United States
(suspend exercises / continue), a 2x2 game whose equilibria come from support enumeration
in pure Python (:mod:`korea_talks.games.bimatrix`, checked against nashpy in the tests).

The compute path imports neither numpy nor pandas, so the game's widget also runs in a
browser's Pyodide core; :meth:`FreezeGame.matrices` and :meth:`FreezeGame.payoff_table`
make numpy arrays and a DataFrame at the edge, for the book's pages.

The article's first-stage proposal, "moratorium for moratorium" (S7, S9), is the cell
(freeze, suspend). Whether it is self-enforcing depends on the payoff ordering: in a
prisoner's dilemma it is not, in a stag hunt it is one of two equilibria (trust decides),
and when freezing dominates it is the only equilibrium.

>>> game = FreezeGame.default()
>>> game.classify().name
"prisoner's dilemma"
>>> [eq.label() for eq in game.equilibria()]
['(test, continue)']
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from korea_talks.actors import get_actor
from korea_talks.datafiles import DATA_DIR, read_toml
from korea_talks.games.bimatrix import equilibria_2x2

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

NK_ACTIONS = ("freeze", "test")
"""North Korea's actions (rows): freeze = no nuclear or missile tests (S9)."""
US_ACTIONS = ("suspend", "continue")
"""The United States' actions (columns): suspend or continue the large joint exercises (S9)."""
CELLS = ("freeze_suspend", "freeze_continue", "test_suspend", "test_continue")
PLAYERS = ("north_korea", "united_states")
"""The two players, as the payoff file and :class:`FreezeGame` name them."""
PLAYER_ACTORS = {"north_korea": "DPRK", "united_states": "US"}
"""The actor of :mod:`korea_talks.actors` each player of the games stands for."""


def player_name(player: str) -> str:
    """How the module writes a player of the games: ``north_korea`` -> ``North Korea``."""
    return get_actor(PLAYER_ACTORS[player]).name


PayoffRows = tuple[tuple[float, float], tuple[float, float]]
"""One player's 2x2 payoffs as plain tuples, rows freeze/test, columns suspend/continue."""

PAYOFFS_FILE = DATA_DIR / "freeze_game_payoffs.toml"


class FreezeGameError(ValueError):
    """A payoff the game cannot use: the message names the cell and what is allowed."""


def _likelier(probabilities: tuple[float, float]) -> int:
    """The index of the more likely action (the first on a tie)."""
    return 0 if probabilities[0] >= probabilities[1] else 1


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: each player's probabilities over its two actions."""

    north_korea: tuple[float, float]
    united_states: tuple[float, float]

    @property
    def pure(self) -> bool:
        """True when both players play one action for sure."""
        return max(self.north_korea) > 1 - 1e-9 and max(self.united_states) > 1 - 1e-9

    def label(self) -> str:
        """``(freeze, suspend)`` for a pure equilibrium, probabilities otherwise."""
        if self.pure:
            return (
                f"({NK_ACTIONS[_likelier(self.north_korea)]}, "
                f"{US_ACTIONS[_likelier(self.united_states)]})"
            )
        return (
            f"({player_name('north_korea')} freezes with p={self.north_korea[0]:.2f}, "
            f"{get_actor('US').short_name} suspends with p={self.united_states[0]:.2f})"
        )


@dataclass(frozen=True)
class GameType:
    """The name of a payoff ordering and what it means for the proposal."""

    name: str
    north_korea: str
    united_states: str
    meaning: str


ORDERING_MEANING = {
    "prisoner's dilemma": (
        "Each side gains by defecting whatever the other does, so mutual freeze is not "
        "self-enforcing in one round: the proposal needs repetition, verification or a third "
        "party to hold (S7, S9)."
    ),
    "stag hunt": (
        "Mutual freeze is an equilibrium, but so is mutual escalation: the proposal holds if "
        "each side trusts the other to step back first, which is why the author stresses "
        "talks and guarantees (S6, S9)."
    ),
    "freezing dominates": (
        "Stepping back is best whatever the other side does: the proposal is self-enforcing "
        "and only needs to be offered (S9)."
    ),
    "chicken": (
        "Each side wants the other to back down and fears mutual escalation most: two "
        "lopsided equilibria and a mixed one; the risk of collision is the lever (S3)."
    ),
    "deadlock": (
        "Each side prefers mutual escalation to mutual restraint: no sequencing makes the "
        "proposal hold until the payoffs themselves change (S6)."
    ),
    "mixed orderings": (
        "The two sides see different games; read the equilibria: they say which cells are "
        "stable given both views."
    ),
}


def _ordering(t: float, r: float, p: float, s: float) -> str:
    """Name one player's ordering from temptation, reward, punishment and sucker payoffs."""
    if r > t and s > p:
        return "freezing dominates"
    if t > r > p > s:
        return "prisoner's dilemma"
    if r > t >= p > s:
        return "stag hunt"
    if t > r > s > p:
        return "chicken"
    if t > p > r:
        return "deadlock"
    return "other"


@dataclass(frozen=True)
class FreezeGame:
    """The 2x2 game. ``north_korea`` and ``united_states`` map each cell
    (``freeze_suspend``, ``freeze_continue``, ``test_suspend``, ``test_continue``) to that
    player's payoff.
    """

    north_korea: Mapping[str, float]
    united_states: Mapping[str, float]

    def __post_init__(self) -> None:
        for player, payoffs in (
            ("north_korea", self.north_korea),
            ("united_states", self.united_states),
        ):
            if not isinstance(payoffs, Mapping):
                raise FreezeGameError(
                    f"{player}: payoffs must be a mapping of the cells {', '.join(CELLS)}"
                )
            missing = [c for c in CELLS if c not in payoffs]
            extra = [c for c in payoffs if c not in CELLS]
            if missing or extra:
                raise FreezeGameError(
                    f"{player}: missing cell(s) {missing} / unknown cell(s) {extra}; "
                    f"allowed cells: {', '.join(CELLS)}"
                )
            clean: dict[str, float] = {}
            for cell in CELLS:
                value: object = payoffs[cell]
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise FreezeGameError(
                        f"{player}, cell {cell}: payoff {value!r} is not a number; "
                        "allowed: any finite number"
                    )
                if not math.isfinite(float(value)):
                    raise FreezeGameError(
                        f"{player}, cell {cell}: payoff {value!r} is not finite; "
                        "allowed: any finite number"
                    )
                clean[cell] = float(value)
            object.__setattr__(self, player, clean)

    @classmethod
    def default(cls, path: Path | None = None) -> FreezeGame:
        """The default payoffs of ``data/freeze_game_payoffs.toml`` (a prisoner's dilemma)."""
        path = Path(path) if path else PAYOFFS_FILE
        data = read_toml(path)
        data.keys(required=PLAYERS)
        payoffs = []
        for player in PLAYERS:
            table = data.entry(player, f"player {player!r}")
            table.keys(required=(*CELLS, "rationale"))
            reasons = table.entry("rationale", f"player {player!r}, rationale")
            reasons.keys(required=CELLS)
            for cell in CELLS:
                reason = reasons.entry(cell, f"player {player!r}, rationale of {cell}")
                reason.keys(required=("sections", "text"))
                reason.sections()
                reason.text("text")
            payoffs.append({cell: table.number(cell) for cell in CELLS})
        return cls(*payoffs)

    @classmethod
    def from_matrices(
        cls, north_korea: Sequence[Sequence[float]], united_states: Sequence[Sequence[float]]
    ) -> FreezeGame:
        """Build from two 2x2 tables (nested lists or numpy arrays; rows freeze/test,
        columns suspend/continue)."""
        tables = []
        for table in (north_korea, united_states):
            try:
                rows = [list(row) for row in table]
            except TypeError:
                rows = []
            if len(rows) != 2 or any(len(row) != 2 for row in rows):
                raise FreezeGameError(
                    "both payoff matrices must be 2x2 (rows freeze/test, columns suspend/continue)"
                )
            tables.append(rows)
        cells = {c: (i // 2, i % 2) for i, c in enumerate(CELLS)}
        nk: dict[str, Any] = {c: _plain(tables[0][i][j]) for c, (i, j) in cells.items()}
        us: dict[str, Any] = {c: _plain(tables[1][i][j]) for c, (i, j) in cells.items()}
        return cls(nk, us)  # the constructor checks every payoff

    def payoff_rows(
        self,
    ) -> tuple[tuple[tuple[float, float], ...], tuple[tuple[float, float], ...]]:
        """(A, B) as plain tuples: North Korea's and the United States' payoffs, rows
        freeze/test, columns suspend/continue.

        >>> FreezeGame.default().payoff_rows()[0][0]
        (6.0, 1.0)
        """
        nk, us = self.north_korea, self.united_states
        return (
            ((nk[CELLS[0]], nk[CELLS[1]]), (nk[CELLS[2]], nk[CELLS[3]])),
            ((us[CELLS[0]], us[CELLS[1]]), (us[CELLS[2]], us[CELLS[3]])),
        )

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) as numpy arrays, for notebooks and nashpy (imports numpy)."""
        import numpy as np

        a, b = self.payoff_rows()
        return np.array(a), np.array(b)

    def equilibria(self) -> list[Equilibrium]:
        """All Nash equilibria by support enumeration (rounded, deduplicated).

        A degenerate game (ties) may have infinitely many; like nashpy's support
        enumeration, this returns the pure ones and an isolated fully mixed one.
        """
        found: list[Equilibrium] = []
        for sigma_nk, sigma_us in equilibria_2x2(*self.payoff_rows()):
            eq = Equilibrium(
                (round(sigma_nk[0], 9), round(sigma_nk[1], 9)),
                (round(sigma_us[0], 9), round(sigma_us[1], 9)),
            )
            if eq not in found:
                found.append(eq)
        return found

    def classify(self) -> GameType:
        """Name the game from each player's ordering of its four payoffs."""
        nk, us = self.north_korea, self.united_states
        nk_type = _ordering(
            t=nk["test_suspend"],
            r=nk["freeze_suspend"],
            p=nk["test_continue"],
            s=nk["freeze_continue"],
        )
        us_type = _ordering(
            t=us["freeze_continue"],
            r=us["freeze_suspend"],
            p=us["test_continue"],
            s=us["test_suspend"],
        )
        name = nk_type if nk_type == us_type and nk_type != "other" else "mixed orderings"
        return GameType(name, nk_type, us_type, ORDERING_MEANING[name])

    def payoff_cells(self) -> list[list[str]]:
        """The bimatrix as text cells "NK payoff, US payoff", rows freeze/test.

        >>> FreezeGame.default().payoff_cells()[0][0]
        '6, 6'
        """
        a, b = self.payoff_rows()
        return [[f"{a[i][j]:g}, {b[i][j]:g}" for j in range(2)] for i in range(2)]

    def payoff_labels(self) -> tuple[list[str], list[str]]:
        """The row labels (North Korea's actions) and column labels (the United States')."""
        return [f"NK {x}" for x in NK_ACTIONS], [f"US {x}" for x in US_ACTIONS]

    def payoff_table(self) -> pd.DataFrame:
        """:meth:`payoff_cells` as a DataFrame with named rows and columns (imports pandas)."""
        import pandas as pd

        rows, columns = self.payoff_labels()
        return pd.DataFrame(
            self.payoff_cells(),
            index=pd.Index(rows, name=player_name("north_korea")),
            columns=pd.Index(columns, name=player_name("united_states")),
        )

    def describe(self) -> str:
        """Game name, equilibria and meaning in plain words."""
        kind = self.classify()
        eqs = ", ".join(eq.label() for eq in self.equilibria()) or "none found"
        return f"{kind.name.capitalize()}. Equilibria: {eqs}. {kind.meaning}"


def _plain(value: object) -> object:
    """A numpy scalar as the Python number it holds; anything else unchanged (checked later)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, bool) else value


def symmetric_game(t: float = 5, r: float = 3, p: float = 1, s: float = 0) -> FreezeGame:
    """A symmetric game from temptation, reward, punishment and sucker payoffs.

    >>> symmetric_game().classify().name
    "prisoner's dilemma"
    >>> symmetric_game(t=3, r=4, p=2, s=0).classify().name
    'stag hunt'
    """
    nk = {"freeze_suspend": r, "freeze_continue": s, "test_suspend": t, "test_continue": p}
    us = {"freeze_suspend": r, "freeze_continue": t, "test_suspend": s, "test_continue": p}
    return FreezeGame(nk, us)
