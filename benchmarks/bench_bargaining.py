"""Time the expected-utility bargaining model: one round for 50 actors, a 10-round run of
the EC case and of the six-party table. Prints figures; asserts nothing.

Run: python benchmarks/bench_bargaining.py
"""

from __future__ import annotations

import random

import numpy as np
from timing import report, timed

from korea_talks.bargaining import ActorTable, ec_emission_standards, run_model, six_parties_2017
from korea_talks.bargaining.model import run_round


def main() -> None:
    rng = random.Random(2017)
    table = ActorTable.from_records(
        (f"actor{i}", rng.uniform(0.01, 1), rng.uniform(0, 100), rng.uniform(0, 100))
        for i in range(50)
    )
    x = np.array(table.positions)
    width = float(np.ptp(x))
    report("one round, 50 actors", timed(lambda: run_round(table, x, width), 30))
    report("10 rounds, 50 actors", timed(lambda: run_model(table, rounds=10), 5))
    ec = ec_emission_standards()
    report(
        "10 rounds, EC emission standards (10 actors)", timed(lambda: run_model(ec, rounds=10), 30)
    )
    six = six_parties_2017()
    report("10 rounds, six parties 2017", timed(lambda: run_model(six, rounds=10), 30))


if __name__ == "__main__":
    main()
