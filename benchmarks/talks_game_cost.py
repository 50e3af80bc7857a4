"""Cost of the talks game per simulated day (issue 13): the reference scenario with the
red-line talks and with ``talks.model = "bargaining"``, one run and 60 runs at once.

``python -m benchmarks.talks_game_cost`` prints microseconds per run-day (best of 3,
365 days, compiled beforehand) for both talks models and their ratio: wall time, and
the process's CPU time (all threads), which other jobs on a shared machine disturb less.
``--profile`` adds where a bargaining run's time goes: talks days, value-iteration
sweeps per talks day, and the CPU cost of one solve and of its parts on a day-0 state.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world


def per_run_day(s, n: int) -> tuple[float, float]:
    """Best-of-3 (wall, CPU) microseconds per run-day of ``n`` runs of 365 days."""
    wall = cpu = float("inf")
    for _ in range(3):
        w, _ = build_world(s, np.arange(1, n + 1), days=365)
        t, c = time.perf_counter(), time.process_time()
        run_days(w, 365, parallel=n > 1)
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return wall / n / 365 * 1e6, cpu / n / 365 * 1e6


def timed(f, *args, n: int = 200) -> float:
    """Mean CPU microseconds of ``f(*args)`` over ``n`` calls (after one warm-up call):
    the process's CPU time, which the other jobs on a shared machine disturb less."""
    f(*args)
    t = time.process_time()
    for _ in range(n):
        f(*args)
    return (time.process_time() - t) / n * 1e6


def profile(s) -> None:
    """Where a bargaining run's time goes (20 runs, and one solve taken apart)."""
    from engine.mechanisms.bargaining import columns as C
    from engine.mechanisms.bargaining import kernel as K
    from engine.mechanisms.talks_game.build import run_arrays

    w, _ = build_world(s, np.arange(1, 21), days=365)
    run_days(w, 365, parallel=False)
    st = w.game_st
    rounds = st[:, C.S_ROUNDS].sum()
    print(f"20 runs: {rounds:.0f} talks days, {st[:, C.S_SWEEPS].sum() / rounds:.1f} sweeps "
          f"per talks day, {st[:, C.S_UNCONVERGED].sum():.0f} solves at the sweep cap")
    run = run_arrays(s, 365, 1)
    ipar, par, side, types, quad, vals, st1, _ = run.arrays()
    K.solve(ipar, par, side, types, quad, vals, st1)

    def resolve():
        # the day's re-solve after the beliefs moved (warm start from the last solve)
        v, s2 = vals.copy(), st1.copy()
        v[C.V_BELIEF, 0] = [0.3, 0.3, 0.2, 0.2][: v.shape[2]]
        return K.solve(ipar, par, side, types, quad, v, s2)

    n = types.shape[2]
    print(f"one re-solve after a belief change: {resolve()} sweeps, {timed(resolve):.0f} us "
          f"(incl. copying the arrays)")
    pairs = [(i, j) for i in range(2) for j in range(n)]

    def searched(i, j):
        # accept_threshold from the floor, as on a solve's first sweep (no piece kept)
        vals[C.V_AT_PIECE, i, j] = 0.0
        return K.accept_threshold(i, j, vals[C.V_THR, i, j], ipar, par, side, types, quad,
                                  vals, st1)

    fresh = np.mean([timed(searched, i, j) for i, j in pairs])
    kept = np.mean([timed(K.accept_threshold, i, j, vals[C.V_THR, i, j], ipar, par, side, types,
                          quad, vals, st1) for i, j in pairs])
    offers = np.mean([timed(K.best_offers, i, ipar, par, side, types, quad, vals, st1)
                      for i in range(2)])
    print(f"one sweep: {timed(K.sweep, ipar, par, side, types, quad, vals, st1):.1f} us; "
          f"accept_threshold per type and side {fresh:.2f} us searched from the floor, "
          f"{kept:.2f} us from the piece kept; best_offers per side {offers:.2f} us (each "
          f"timed from Python, ~0.3 us of it the call)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", action="store_true", help="where a bargaining run's time goes")
    args = ap.parse_args()
    models = {"redlines": load_scenario("ukraine_2025", {"talks.model": "redlines"}),
              "bargaining": load_scenario("ukraine_2025", {"talks.model": "bargaining"})}
    for n in (1, 60):
        cost = {k: per_run_day(s, n) for k, s in models.items()}
        (rw, rc), (bw, bc) = cost["redlines"], cost["bargaining"]
        print(f"{n:>3} runs: redlines {rw:7.2f} us/run-day wall {rc:7.2f} CPU, bargaining "
              f"{bw:7.2f} wall {bc:7.2f} CPU (ratio {bw / rw:.1f}x wall, {bc / rc:.1f}x CPU)")
    if args.profile:
        profile(models["bargaining"])


if __name__ == "__main__":
    main()
