"""Benchmark: how often the camps' lenses disagree, and how fast the contest tools run.

Draws random sequences of 4 to 6 contested moves (korea_talks.sequence.contest.
CONTESTED_MOVES; a move may recur) and prints the share on which the lenses do not all give
the same verdict, for every lens and for the three lenses the model had before Pyongyang's
and Seoul's (author, Washington, Beijing), and for the contested moves widened by four more
moves of the 2017-2019 debate, with the commonest patterns of disagreement;
then every camp's preset under every lens, and the time of the split report. Prints
figures; asserts nothing (the fairness tests assert the target of 30%).
Run: python benchmarks/bench_sequence_contest.py
"""

from __future__ import annotations

from timing import report, timed

from korea_talks.sequence import get_preset, lens_ids
from korea_talks.sequence.contest import (
    CONTESTED_MOVES,
    camp_verdicts,
    disagreement,
    where_lenses_split,
)

SEQUENCES = 3000
DEBATE_MOVES = (
    "rok_no_more_thaad",
    "un_humanitarian_exemptions",
    "un_full_sanctions_relief",
    "us_liaison_offices",
)
"""Moves of the 2017-2019 debate outside the contested set (THAAD, relief by category, liaison
offices): printed as a second figure, since they change tension and trust more than verdicts."""


def main() -> None:
    every = disagreement(SEQUENCES)
    three = disagreement(SEQUENCES, lenses=("author", "washington", "beijing"))
    print(f"Random sequences of 4-6 contested moves: {SEQUENCES:,}")
    print(f"  lenses disagree, all {len(every.lenses)} lenses: {every.share:.1%}")
    print(f"  lenses disagree, author/washington/beijing only: {three.share:.1%}")
    wider = disagreement(SEQUENCES, moves=CONTESTED_MOVES + DEBATE_MOVES)
    print(
        f"  lenses disagree, all lenses, contested moves plus {len(DEBATE_MOVES)} debate moves "
        f"(THAAD cap, humanitarian exemptions, full relief, liaison offices): {wider.share:.1%}"
    )
    print("  commonest patterns (" + " / ".join(every.lenses) + "):")
    for pattern, count in list(every.by_pattern.items())[:6]:
        print(f"    {count:5d}  {pattern}")
    rows = camp_verdicts()
    names = lens_ids()
    print("Each camp's preset (rows) under each lens (columns):")
    print("  " + "preset".ljust(28) + "".join(n[:16].ljust(18) for n in names))
    for preset in dict.fromkeys(r["preset"] for r in rows):
        cells = {r["lens"]: r["verdict"] for r in rows if r["preset"] == preset}
        print("  " + preset.ljust(28) + "".join(cells[n].ljust(18) for n in names))
    report("disagreement(3000 sequences, 5 lenses)", timed(lambda: disagreement(SEQUENCES), 3))
    roadmap = get_preset("author-roadmap").moves
    report("where_lenses_split(8 roadmap moves)", timed(lambda: where_lenses_split(roadmap), 3))


if __name__ == "__main__":
    main()
