"""Report: is the seminar's scoring balanced under every lens?

For each lens of the sequence model and each team: the score of the team's alternative to
agreement, the best score a seeded search found (korea_talks.seminar.balance.search), and
the gain over the alternative; then the zone of agreement found (a sequence in which every
team beats its alternative), its gains, the author's roadmap's gains, and the search time.
Prints figures; asserts nothing (tests/seminar/test_balance.py asserts the balance).
Run: python benchmarks/bench_seminar_balance.py
"""

from __future__ import annotations

import time

from korea_talks.seminar.balance import gains, search
from korea_talks.seminar.briefs import TEAMS
from korea_talks.sequence import get_preset, lens_ids


def main() -> None:
    roadmap = get_preset("author-roadmap").moves
    print(f"{'lens':<11}{'team':<8}{'alternative':>12}{'best score':>12}", end="")
    print(f"{'gain':>8}{'roadmap gain':>14}")
    for lens in lens_ids():
        start = time.perf_counter()
        result = search(lens)
        seconds = time.perf_counter() - start
        on_roadmap = gains(roadmap, lens)
        for team in TEAMS:
            alternative = result.batna[team]
            gain = result.best_gain[team]
            print(
                f"{lens:<11}{team:<8}{alternative:>12.1f}{alternative + gain:>12.1f}"
                f"{gain:>8.1f}{on_roadmap[team]:>14.1f}"
            )
        zone = ", ".join(f"{team} {g:+.1f}" for team, g in result.zone_gains.items())
        print(f"  zone of agreement ({'found' if result.zone_exists else 'NOT found'}): {zone}")
        print(f"  sequence: {' > '.join(result.zone)}")
        print(f"  search time: {seconds:.2f} s")


if __name__ == "__main__":
    main()
