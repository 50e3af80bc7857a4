"""Cost of the talks game per simulated day (issue 13): the reference scenario with the
red-line talks and with ``talks.model = "bargaining"``, one run and 60 runs at once.

``python -m benchmarks.talks_game_cost`` prints microseconds per run-day (best of 3,
365 days, compiled beforehand) for both talks models and their ratio.
"""

from __future__ import annotations

import time

import numpy as np

from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world


def per_run_day(s, n: int) -> float:
    best = float("inf")
    for _ in range(3):
        w, _ = build_world(s, np.arange(1, n + 1), days=365)
        t = time.perf_counter()
        run_days(w, 365, parallel=n > 1)
        best = min(best, time.perf_counter() - t)
    return best / n / 365 * 1e6


def main() -> None:
    models = {"redlines": load_scenario("ukraine_2025"),
              "bargaining": load_scenario("ukraine_2025", {"talks.model": "bargaining"})}
    for n in (1, 60):
        cost = {k: per_run_day(s, n) for k, s in models.items()}
        print(f"{n:>3} runs: redlines {cost['redlines']:8.2f} us/run-day, bargaining "
              f"{cost['bargaining']:8.2f} us/run-day ({cost['bargaining'] / cost['redlines']:.1f}x)")


if __name__ == "__main__":
    main()
