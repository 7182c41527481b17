"""The freeze-for-freeze game (equilibria by pure-Python support enumeration), its repeated
version and the sequencing game tree."""

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
    Round,
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
    "Round",
    "compare_orders",
    "guarantee_first_conditions",
    "patience_threshold",
    "play_match",
    "sequencing_tree",
    "solve",
    "symmetric_game",
]
