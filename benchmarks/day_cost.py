"""Cost of a simulated day on the reference scenario: one run, and 200 runs at once.

``python -m benchmarks.day_cost`` prints microseconds per run-day (best of 3) for
``build_world`` + ``run_days`` over 365 days, and the plain Mesa reference's time
for one run, as a quick check between full ``warsim bench`` runs.
"""

from __future__ import annotations

import time

import numpy as np

from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.scenario import load_scenario
from engine.world import build_world


def main() -> None:
    s = load_scenario("ukraine_2025")
    for n in (1, 200):
        best = float("inf")
        for _ in range(3):
            w, _ = build_world(s, np.arange(1, n + 1))
            t = time.perf_counter()
            run_days(w, 365, parallel=n > 1)
            best = min(best, time.perf_counter() - t)
        print(f"{n:>4} runs: {best * 1e3:8.1f} ms  {best / n / 365 * 1e6:6.2f} us per run-day")
    t = time.perf_counter()
    m = ReferenceModel(s, seed=1)
    while m.running:
        m.step()
    print(f"reference, one run: {(time.perf_counter() - t) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
