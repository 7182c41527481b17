"""The freeze-for-freeze game (equilibria from nashpy), its repeated version and the
sequencing game tree."""

from korea_talks.games.freeze_game import (
    Equilibrium,
    FreezeGame,
    FreezeGameError,
    GameType,
    symmetric_game,
)
from korea_talks.games.repeated import (
    STRATEGIES,
    MatchResult,
    RepeatedGameError,
    patience_threshold,
    play_match,
)
from korea_talks.games.sequencing_tree import (
    compare_orders,
    guarantee_first_conditions,
    sequencing_tree,
    solve,
)

__all__ = [
    "STRATEGIES",
    "Equilibrium",
    "FreezeGame",
    "FreezeGameError",
    "GameType",
    "MatchResult",
    "RepeatedGameError",
    "compare_orders",
    "guarantee_first_conditions",
    "patience_threshold",
    "play_match",
    "sequencing_tree",
    "solve",
    "symmetric_game",
]
