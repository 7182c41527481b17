"""The contest between the camps: where their lenses agree, where they split, and why.

- :data:`CONTESTED_MOVES` - the moves the debate turned on: the author's roadmap, pressure,
  CVID, dismantling, guarantees, monitoring and the moves of 2018-2019;
- :func:`disagreement` - over random sequences of those moves, the share on which the
  lenses do not all give the same verdict (a model whose lenses never disagree would be one
  model under five names);
- :func:`camp_verdicts` - every camp's own preset under every lens, as plain records;
- :func:`where_lenses_split` - for a set of moves, which orderings each lens accepts, the
  rule that decides under each lens, and the orderings on which the lenses split.

Everything returns plain records (lists of dicts, numbers), ready for a table or a widget.

>>> rows = camp_verdicts()
>>> {r["lens"]: r["verdict"] for r in rows if r["preset_camp"] == r["lens"]}["washington"]
'settlement-track'
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from korea_talks.sequence.explore import explore
from korea_talks.sequence.lenses import get_lens, lens_catalogue, lens_ids
from korea_talks.sequence.orderings import INFEASIBLE
from korea_talks.sequence.presets import camp_presets
from korea_talks.sequence.simulate import VERDICTS, Verdict, simulate, verdict_of

CONTESTED_MOVES: tuple[str, ...] = (
    "us_direct_talks",
    "us_moratorium_for_moratorium",
    "rok_inter_korean_dialogue",
    "russia_working_group",
    "un_ministers_meeting",
    "dprk_freeze_for_relief",
    "us_security_guarantees",
    "dprk_denuclearization_step",
    "us_sanctions",
    "un_sanctions_resolution",
    "china_oil_cutoff",
    "us_demand_cvid",
    "iaea_monitoring",
    "dprk_inventory_declaration",
    "dprk_yongbyon_for_partial_relief",
    "us_end_of_war_declaration",
    "un_civilian_sanctions_relief",
)
"""The moves the camps argued about: the roadmap (S9, S10), pressure and CVID (S4, S6),
dismantling, guarantees and monitoring, and the moves of the 2018-2019 debate."""


@dataclass(frozen=True)
class Disagreement:
    """How often the lenses disagree over random sequences of contested moves."""

    sequences: int
    disagreeing: int
    lenses: tuple[str, ...]
    by_pattern: dict[str, int]

    @property
    def share(self) -> float:
        """The share of sequences on which the lenses do not all give the same verdict."""
        return self.disagreeing / self.sequences if self.sequences else 0.0


def disagreement(
    sequences: int = 3000,
    *,
    lengths: tuple[int, int] = (4, 6),
    moves: Sequence[str] = CONTESTED_MOVES,
    lenses: Sequence[str] | None = None,
    seed: int = 0,
) -> Disagreement:
    """Draw ``sequences`` random sequences of contested moves (lengths inclusive; a move may
    recur, as talks and sanctions did) and count those on which the lenses' deterministic
    verdicts are not all the same.

    >>> result = disagreement(200, seed=1)
    >>> 0.0 <= result.share <= 1.0, result.sequences
    (True, 200)
    """
    names = tuple(lenses) if lenses is not None else tuple(lens_ids())
    catalogues = [lens_catalogue(name) for name in names]
    rng = random.Random(seed)
    pool = list(moves)
    disagreeing = 0
    patterns: Counter[str] = Counter()
    for _ in range(sequences):
        sequence = rng.choices(pool, k=rng.randint(lengths[0], lengths[1]))
        verdicts = [verdict_of(sequence, catalogue=c).value for c in catalogues]
        if len(set(verdicts)) > 1:
            disagreeing += 1
            patterns[" / ".join(verdicts)] += 1
    return Disagreement(sequences, disagreeing, names, dict(patterns.most_common(10)))


def camp_verdicts() -> list[dict[str, str]]:
    """Every camp's own preset run under every lens: one record per (preset, lens).

    Keys: ``preset``, ``preset_camp`` (the lens whose theory the preset states), ``lens``,
    ``verdict`` and ``deciding_rule`` (the first move that went nowhere, else the verdict's
    rule).
    """
    rows = []
    for camp, preset in camp_presets().items():
        for lens in lens_ids():
            result = simulate(preset.moves, lens=lens)
            failed = result.failed_steps
            rows.append(
                {
                    "preset": preset.name,
                    "preset_camp": camp,
                    "lens": lens,
                    "verdict": result.verdict.value,
                    "deciding_rule": failed[0].rule_id if failed else result.verdict_rule,
                }
            )
    return rows


def where_lenses_split(
    moves: Sequence[str],
    *,
    target: Verdict | str = Verdict.VERIFIED_FREEZE,
    limit: int = 10,
) -> dict[str, list[dict[str, object]]]:
    """For every ordering of ``moves`` (1 to 9 distinct moves), what each lens makes of it.

    Returns two lists of plain records:

    - ``"lenses"``: one per lens: ``lens``, ``title``, ``orderings``, ``feasible``,
      ``accepted`` (feasible orderings reaching at least ``target``), ``best_verdict``,
      ``example`` (an accepted ordering, or ``()``) and ``deciding_rule`` (why the others
      fail: the precondition that first blocks most orderings, or the verdict rule of the
      best feasible ordering);
    - ``"splits"``: up to ``limit`` orderings accepted by some lenses and not by others,
      with each lens's verdict.

    >>> report = where_lenses_split(["us_direct_talks", "us_moratorium_for_moratorium"])
    >>> [row["lens"] for row in report["lenses"]][:2]
    ['author', 'washington']
    """
    target = Verdict(target)
    names = lens_ids()
    explorations = [explore(moves, lens=name, target=target) for name in names]
    ranks = [v.rank for v in VERDICTS]
    accepted_sets = []
    lens_rows: list[dict[str, object]] = []
    for name, result in zip(names, explorations, strict=True):
        codes = result.codes
        accepted = {
            i for i, code in enumerate(codes) if code < INFEASIBLE and ranks[code] >= target.rank
        }
        accepted_sets.append(accepted)
        example = result.ordering(min(accepted)) if accepted else ()
        if result.feasible:
            best = result.orderings(result.best_verdict, limit=1)[0]
            deciding = simulate(best, lens=name).verdict_rule
        else:
            deciding = str(result.blocking_rows[0]["rule"])
        lens_rows.append(
            {
                "lens": name,
                "title": get_lens(name).title,
                "orderings": result.total,
                "feasible": result.feasible,
                "accepted": len(accepted),
                "best_verdict": result.best_verdict.value if result.feasible else "",
                "example": example,
                "deciding_rule": deciding,
            }
        )
    everywhere = set.intersection(*accepted_sets) if accepted_sets else set()
    anywhere = set.union(*accepted_sets) if accepted_sets else set()
    splits: list[dict[str, object]] = []
    for index in sorted(anywhere - everywhere)[:limit]:
        verdicts = {}
        for name, result in zip(names, explorations, strict=True):
            code = result.codes[index]
            verdicts[name] = VERDICTS[code & 0x7F].value + (
                "" if code < INFEASIBLE else " (a move goes nowhere)"
            )
        splits.append(
            {
                "ordering": explorations[0].ordering(index),
                "accepted_by": [n for n, s in zip(names, accepted_sets, strict=True) if index in s],
                "verdicts": verdicts,
            }
        )
    return {"lenses": lens_rows, "splits": splits}
