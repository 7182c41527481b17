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

__all__ = [
    "STRATEGIES",
    "Equilibrium",
    "FreezeGame",
    "FreezeGameError",
    "GameType",
    "MatchResult",
    "RepeatedGameError",
    "patience_threshold",
    "play_match",
    "symmetric_game",
]
