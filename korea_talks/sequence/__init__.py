"""The negotiation-sequence model: build a sequence of moves and see where it leads.

Readers pick moves by the actors of the article (the US, North Korea, South Korea, China,
Russia, Japan, the UN and IAEA); :func:`simulate` runs them from the mid-2017 state and
explains every step with the rule that fired and the article sections it rests on.

- :func:`load_catalogue` - the moves, kept as data in ``korea_talks/data/moves.toml``;
- :mod:`~korea_talks.sequence.state` - the documented, bounded state variables;
- :func:`simulate` / :func:`simulate_many` - deterministic runs, or seeded random runs;
- :data:`PRESETS` / :func:`get_preset` - the author's roadmap, its rivals and history;
- :func:`explore` - every ordering of up to 9 moves, grouped by verdict;
- :func:`lenses` / ``simulate(..., lens=...)`` - rival, sourced readings of the actors;
- :func:`compare_lenses`, :func:`robust_orderings`, :func:`sensitivity` - one sequence
  under every lens, the orderings that hold under all of them, and the parameter values
  at which a verdict flips.

The engine computes with the standard library only, so the same code runs in a browser's
Pyodide core: results hold plain records (``SimulationResult.steps``,
``ExplorationResult.verdict_counts``, :func:`~korea_talks.sequence.lensing.lens_comparison`,
...). The DataFrames and Series the book reads (``result.trajectory``, ``counts``,
:func:`compare_lenses`, :func:`lenses`, :func:`sensitivity`) are made from those records
on demand by :mod:`korea_talks.sequence.frames`, the one module that imports pandas.

>>> from korea_talks.sequence import get_preset, simulate
>>> simulate(get_preset("author-roadmap").moves).verdict.value
'settlement-track'
"""

from korea_talks.actors import ACTORS
from korea_talks.sequence.catalogue import (
    Catalogue,
    Move,
    Parameters,
    Precondition,
    Rule,
    load_catalogue,
    load_parameters,
)
from korea_talks.sequence.errors import (
    CatalogueError,
    ExplorerError,
    LensError,
    SequenceModelError,
    UnknownMoveError,
    UnknownPresetError,
)
from korea_talks.sequence.explore import MAX_MOVES, ExplorationResult, explore
from korea_talks.sequence.lenses import Lens, get_lens, lens_ids, lenses
from korea_talks.sequence.lensing import (
    RobustOrderings,
    compare_lenses,
    robust_orderings,
    sensitivity,
)
from korea_talks.sequence.presets import PRESETS, Preset, PresetStep, get_preset, load_presets
from korea_talks.sequence.simulate import (
    BEST_VERDICT,
    GROWTH_RULE_ID,
    VERDICT_MEANINGS,
    VERDICTS,
    ExplanationLine,
    OutcomeDistribution,
    SimulationResult,
    Verdict,
    final_state,
    simulate,
    simulate_many,
    verdict_of,
)
from korea_talks.sequence.state import VARIABLES, StateVariable, state_as_dict

__all__ = [
    "ACTORS",
    "BEST_VERDICT",
    "GROWTH_RULE_ID",
    "MAX_MOVES",
    "PRESETS",
    "VARIABLES",
    "VERDICTS",
    "VERDICT_MEANINGS",
    "Catalogue",
    "CatalogueError",
    "ExplanationLine",
    "ExplorationResult",
    "ExplorerError",
    "Lens",
    "LensError",
    "Move",
    "OutcomeDistribution",
    "Parameters",
    "Precondition",
    "Preset",
    "PresetStep",
    "RobustOrderings",
    "Rule",
    "SequenceModelError",
    "SimulationResult",
    "StateVariable",
    "UnknownMoveError",
    "UnknownPresetError",
    "Verdict",
    "compare_lenses",
    "explore",
    "final_state",
    "get_lens",
    "get_preset",
    "lens_ids",
    "lenses",
    "load_catalogue",
    "load_parameters",
    "load_presets",
    "robust_orderings",
    "sensitivity",
    "simulate",
    "simulate_many",
    "state_as_dict",
    "verdict_of",
]
