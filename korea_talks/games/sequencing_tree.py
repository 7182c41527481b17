"""The sequencing game: "guarantee first" or "CVID first" as a small extensive-form game
solved by backward induction (S6, S9).

The United States chooses the order; North Korea answers; where North Korea has given up
its leverage, the United States moves again; and where it has received guarantees, North
Korea chooses whether to dismantle as promised or to renege. Payoffs are ordinal judgements
(0 worst, 10 best) kept as data in ``korea_talks/data/sequencing_tree_payoffs.toml``, each
leaf with its sections, sources and a one-line rationale; the one outcome the tree shares
with the freeze-for-freeze game (the 2017 spiral) must have the same payoffs in both files.

Guarantees first is a *result with conditions*, not an assumption: it is chosen only if
North Korea gains more from dismantling than from reneging once guaranteed, and
:func:`guarantee_first_conditions` states the conditions with the numbers in use.

>>> outcome = solve(sequencing_tree())
>>> outcome.path[0], outcome.path[-1]
('guarantee first', 'dismantle as promised')
>>> outcome.payoffs
{'united_states': 7.0, 'north_korea': 6.0}
>>> solve(sequencing_tree(reading="washington")).path
['CVID first', 'refuse']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from korea_talks.datafiles import DATA_DIR, DataFileError, Entry, read_toml
from korea_talks.games.freeze_game import player_name
from korea_talks.sections import validate_section_ids

PLAYERS = ("united_states", "north_korea")
PAYOFFS_FILE = DATA_DIR / "sequencing_tree_payoffs.toml"
LEAVES = (
    "disarmed_guaranteed",
    "disarmed_pressed",
    "stalemate",
    "settlement",
    "reneged",
    "broken_deal",
    "exploited_guarantee",
)
"""The leaves of the tree, by key in the payoff file."""


class SequencingTreeError(DataFileError):
    """A malformed tree or payoff file: unknown player, empty choice, non-numeric payoff."""


@dataclass(frozen=True)
class Leaf:
    """An end of the game with each player's payoff and the reason for it."""

    label: str
    payoffs: Mapping[str, float]
    sections: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...] = ()

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
    best_action: str | None = None
    best: Outcome | None = None
    solved = {action: solve(child) for action, child in node.options.items()}
    for action, outcome in solved.items():
        if best is None or outcome.payoffs[node.player] > best.payoffs[node.player]:
            best_action, best = action, outcome
    if best is None or best_action is None:  # pragma: no cover - options are never empty
        raise SequencingTreeError(f"{node.player} has no option to choose from")
    alternatives = ", ".join(
        f"'{a}' -> {o.payoffs[node.player]:g}" for a, o in solved.items() if a != best_action
    )
    name = player_name(node.player)
    line = (
        f"{name} chooses '{best_action}' ({best.payoffs[node.player]:g} for it; "
        f"instead {alternatives})"
    )
    return Outcome([best_action, *best.path], best.payoffs, best.leaf, [line, *best.explanation])


def _leaf(entry: Entry) -> Leaf:
    entry.keys(
        required=("label", "united_states", "north_korea", "sections", "rationale"),
        optional=("sources", "freeze_game_cell"),
    )
    return Leaf(
        entry.text("label"),
        {player: entry.number(player, low=0, high=10) for player in PLAYERS},
        entry.sections(),
        entry.text("rationale"),
        entry.texts("sources", required=False),
    )


def load_leaves(path: Path | str | None = None, reading: str | None = None) -> dict[str, Leaf]:
    """The leaves of the tree from the payoff file, with a rival ``reading`` applied.

    The leaf that is also a cell of the freeze game must carry that cell's payoffs.
    """
    from korea_talks.games.freeze_game import FreezeGame

    data = read_toml(Path(path) if path else PAYOFFS_FILE, error=SequencingTreeError)
    data.keys(required=("leaves",), optional=("readings",))
    tables = data.entry("leaves", "leaves")
    tables.keys(required=LEAVES)
    leaves = {key: _leaf(tables.entry(key, f"leaf {key!r}")) for key in LEAVES}
    game = FreezeGame.default()
    for key in LEAVES:
        entry = tables.entry(key, f"leaf {key!r}")
        if entry.has("freeze_game_cell"):
            cell = entry.choice(
                "freeze_game_cell",
                ("freeze_suspend", "freeze_continue", "test_suspend", "test_continue"),
            )
            shared = {
                "united_states": game.united_states[cell],
                "north_korea": game.north_korea[cell],
            }
            if dict(leaves[key].payoffs) != shared:
                entry.fail(
                    "freeze_game_cell",
                    f"payoffs {dict(leaves[key].payoffs)} differ from the freeze game's cell "
                    f"{cell} {shared}",
                    "the same payoffs in both files",
                )
    if reading is not None:
        readings = data.entry("readings", "readings", required=False)
        if reading not in readings.table:
            readings.fail(None, f"unknown reading {reading!r}", ", ".join(readings.table) or "none")
        chosen = readings.entry(reading, f"reading {reading!r}")
        chosen.keys(required=("summary", "sources"), optional=LEAVES)
        sources = chosen.texts("sources")
        for key in LEAVES:
            if chosen.has(key):
                override = chosen.entry(key, f"reading {reading!r}, leaf {key!r}")
                override.keys(required=PLAYERS)
                leaf = leaves[key]
                leaves[key] = Leaf(
                    leaf.label,
                    {player: override.number(player, low=0, high=10) for player in PLAYERS},
                    leaf.sections,
                    f"{chosen.text('summary')} (reading {reading!r})",
                    sources,
                )
    return leaves


def sequencing_tree(
    leaves: Mapping[str, Leaf] | None = None, *, reading: str | None = None
) -> Choice:
    """The tree, with the leaves of the payoff file (or ``leaves``; ``reading`` applies a
    rival reading of the file)."""
    leaf = dict(leaves) if leaves is not None else load_leaves(reading=reading)
    cvid_first = Choice(
        "north_korea",
        {
            "disarm first": Choice(
                "united_states",
                {
                    "honour the deal": leaf["disarmed_guaranteed"],
                    "press for more": leaf["disarmed_pressed"],
                },
                ("S6",),
            ),
            "refuse": leaf["stalemate"],
        },
        ("S6", "S9"),
    )
    guarantee_first = Choice(
        "north_korea",
        {
            "freeze, then step-by-step denuclearization": Choice(
                "united_states",
                {
                    "keep the guarantee": Choice(
                        "north_korea",
                        {
                            "dismantle as promised": leaf["settlement"],
                            "renege: keep the relief, stall the dismantling": leaf["reneged"],
                        },
                        ("S6", "S10"),
                    ),
                    "withdraw the guarantee": leaf["broken_deal"],
                },
                ("S9",),
            ),
            "pocket the guarantee and keep testing": leaf["exploited_guarantee"],
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


def guarantee_first_conditions(leaves: Mapping[str, Leaf] | None = None) -> list[tuple[str, bool]]:
    """The conditions under which Washington chooses "guarantee first" and it ends in a
    settlement, each as (statement with the numbers in use, whether it holds).

    >>> [holds for _, holds in guarantee_first_conditions()]
    [True, True, True, True]
    >>> guarantee_first_conditions(load_leaves(reading="washington"))[0][1]
    False
    """
    leaf = dict(leaves) if leaves is not None else load_leaves()

    def nk(key: str) -> float:
        return float(leaf[key].payoffs["north_korea"])

    def us(key: str) -> float:
        return float(leaf[key].payoffs["united_states"])

    cvid_end = solve(sequencing_tree(leaf).options["CVID first"]).payoffs["united_states"]
    return [
        (
            f"North Korea, once guaranteed, gains more by dismantling ({nk('settlement'):g}) "
            f"than by reneging ({nk('reneged'):g})",
            nk("settlement") >= nk("reneged"),
        ),
        (
            f"Washington gains more by keeping the guarantee ({us('settlement'):g}) than by "
            f"withdrawing it ({us('broken_deal'):g})",
            us("settlement") >= us("broken_deal"),
        ),
        (
            f"North Korea gains more by freezing ({nk('settlement'):g}) than by pocketing the "
            f"guarantee and testing ({nk('exploited_guarantee'):g})",
            nk("settlement") >= nk("exploited_guarantee"),
        ),
        (
            f"Washington gains more from the settlement ({us('settlement'):g}) than from where "
            f"CVID first ends ({cvid_end:g})",
            us("settlement") > cvid_end,
        ),
    ]
