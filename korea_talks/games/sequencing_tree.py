"""The sequencing game: "guarantee first" or "CVID first" as a small extensive-form game
solved by backward induction (S6, S9).

The United States chooses the order; North Korea answers; where North Korea has given up
its leverage, the United States moves again. Payoffs are ordinal judgements (0 worst,
10 best), each with the sections it rests on and a one-line rationale. The point the tree
makes is a commitment problem: once North Korea has disarmed, nothing stops Washington from
pressing further, so a North Korea that looks ahead refuses to disarm first, while a
guarantee given first leaves its deterrent in place as collateral until the end.

>>> outcome = solve(sequencing_tree())
>>> outcome.path
['guarantee first', 'freeze, then step-by-step denuclearization', 'keep the guarantee']
>>> outcome.payoffs
{'united_states': 7.0, 'north_korea': 6.0}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from korea_talks.games.freeze_game import player_name
from korea_talks.sections import validate_section_ids

PLAYERS = ("united_states", "north_korea")


class SequencingTreeError(ValueError):
    """A malformed tree: unknown player, empty choice or non-numeric payoff."""


@dataclass(frozen=True)
class Leaf:
    """An end of the game with each player's payoff and the reason for it."""

    label: str
    payoffs: Mapping[str, float]
    sections: tuple[str, ...]
    rationale: str

    def __post_init__(self) -> None:
        if set(self.payoffs) != set(PLAYERS):
            raise SequencingTreeError(f"leaf {self.label!r}: payoffs must name {PLAYERS}")
        for player, value in self.payoffs.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SequencingTreeError(
                    f"leaf {self.label!r}: payoff of {player} is {value!r}, not a number"
                )
        validate_section_ids(self.sections)


@dataclass(frozen=True)
class Choice:
    """A decision node: ``player`` picks one of ``options`` (action label -> subtree)."""

    player: str
    options: Mapping[str, Choice | Leaf]
    sections: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.player not in PLAYERS:
            raise SequencingTreeError(f"unknown player {self.player!r}; allowed: {PLAYERS}")
        if not self.options:
            raise SequencingTreeError(f"{self.player} has no option to choose from")
        validate_section_ids(self.sections)


@dataclass(frozen=True)
class Outcome:
    """The subgame-perfect path, its end and a line per decision explaining it."""

    path: list[str]
    payoffs: dict[str, float]
    leaf: Leaf
    explanation: list[str]


def solve(node: Choice | Leaf) -> Outcome:
    """Backward induction: each mover picks the option whose solved payoff is highest for
    it (ties go to the option listed first)."""
    if isinstance(node, Leaf):
        return Outcome([], {k: float(v) for k, v in node.payoffs.items()}, node, [])
    best_action, best = None, None
    lines: list[str] = []
    solved = {action: solve(child) for action, child in node.options.items()}
    for action, outcome in solved.items():
        if best is None or outcome.payoffs[node.player] > best.payoffs[node.player]:
            best_action, best = action, outcome
    assert best is not None and best_action is not None
    alternatives = ", ".join(
        f"'{a}' -> {o.payoffs[node.player]:g}" for a, o in solved.items() if a != best_action
    )
    name = player_name(node.player)
    lines.append(
        f"{name} chooses '{best_action}' ({best.payoffs[node.player]:g} for it; "
        f"instead {alternatives})"
    )
    return Outcome([best_action, *best.path], best.payoffs, best.leaf, lines + best.explanation)


def sequencing_tree() -> Choice:
    """The default tree (payoffs: United States, North Korea)."""

    def leaf(label, us, nk, sections, rationale):
        return Leaf(label, {"united_states": us, "north_korea": nk}, tuple(sections), rationale)

    cvid_first = Choice(
        "north_korea",
        {
            "disarm first": Choice(
                "united_states",
                {
                    "honour the deal": leaf(
                        "disarmed, guaranteed",
                        8,
                        4,
                        ["S6", "S10"],
                        "Washington gets denuclearization; Pyongyang its guarantee, but "
                        "without a deterrent to back it.",
                    ),
                    "press for more": leaf(
                        "disarmed, then pressed",
                        9,
                        0,
                        ["S6"],
                        "The fear the author names: prior denuclearization as a cover for "
                        "regime change; nothing stops it once the arsenal is gone.",
                    ),
                },
                ("S6",),
            ),
            "refuse": leaf(
                "stalemate", 3, 3, ["S2", "S6"], "The 2017 status quo: tests, sanctions, no talks."
            ),
        },
        ("S6", "S9"),
    )
    guarantee_first = Choice(
        "north_korea",
        {
            "freeze, then step-by-step denuclearization": Choice(
                "united_states",
                {
                    "keep the guarantee": leaf(
                        "settlement track",
                        7,
                        6,
                        ["S9", "S10"],
                        "The roadmap: a freeze for guarantees, denuclearization as the final "
                        "goal; slower for Washington, but the tests stop.",
                    ),
                    "withdraw the guarantee": leaf(
                        "broken deal",
                        5,
                        2,
                        ["S7", "S9"],
                        "Reneging while Pyongyang still holds its arsenal gains little and "
                        "costs Washington the partners it needs (S7).",
                    ),
                },
                ("S9",),
            ),
            "pocket the guarantee and keep testing": leaf(
                "exploited guarantee",
                2,
                5,
                ["S4", "S9"],
                "Pyongyang gains time but loses Beijing's and Moscow's cover, and pressure "
                "returns.",
            ),
        },
        ("S9",),
    )
    return Choice(
        "united_states",
        {"CVID first": cvid_first, "guarantee first": guarantee_first},
        ("S6", "S9"),
    )


def compare_orders(tree: Choice | None = None) -> dict[str, Outcome]:
    """Solve each of the first mover's options separately: what each order leads to."""
    tree = tree or sequencing_tree()
    return {action: solve(child) for action, child in tree.options.items()}
