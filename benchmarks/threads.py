"""Threads: batch-kernel throughput at one thread and at all threads.

One World of many runs of the reference scenario is stepped to the end by
``run_days`` (``prange`` over runs) with ``numba.set_num_threads(1)`` and
with every thread, interleaved; the two end states must be bit-identical
(every run draws keyed random numbers and touches only its own rows).
"""

from __future__ import annotations

import numpy as np

from benchmarks.harness import agreement, interleaved, ratio_spread
from benchmarks.results import Figure

TARGET_SPEEDUP = 1.7


def run(quick: bool) -> list[Figure]:
    import numba

    from engine.core.simulate import run_days
    from engine.scenario import load_scenario
    from engine.world import build_world

    s = load_scenario("ukraine_2025")
    n_runs = 256 if quick else 2000
    days = 90 if quick else s.scenario.days
    repeats = 2 if quick else 5
    all_threads = int(numba.config.NUMBA_NUM_THREADS)
    before = numba.get_num_threads()

    def side(threads: int):
        def setup():
            numba.set_num_threads(threads)
            return build_world(s, list(range(n_runs)), days=days)[0]

        def work(w):
            run_days(w, days, parallel=True)
            return w

        return setup, work

    def check(outputs):
        a, b = outputs["one"], outputs["all"]
        for name in a._fields:
            if not np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True):
                raise AssertionError(f"threads: World.{name} differs between 1 and {all_threads} threads")

    try:
        t = interleaved({"one": side(1), "all": side(all_threads)}, repeats=repeats, warmup=1, check=check)
    finally:
        numba.set_num_threads(before)
    note = f"ukraine_2025, {n_runs} runs x {days} days per call; end states compared: see outputs_equal"
    figures = [agreement("threads", t, f"end states bit-identical at 1 and {all_threads} threads",
                         runs=n_runs, threads=all_threads)]
    for name, threads in (("one", 1), ("all", all_threads)):
        tm = t[name]
        figures.append(Figure("threads", f"{threads}_threads", "runs_per_s", "1/s", n_runs / tm.median,
                              n_runs / tm.high, n_runs / tm.low, repeats, size=len(s.fronts), runs=n_runs,
                              threads=threads, note=note))
    value, low, high = ratio_spread(t["one"], t["all"])
    figures.append(Figure("threads", "speedup", "ratio", "x", value, low, high, repeats, size=len(s.fronts),
                          runs=n_runs, threads=all_threads,
                          target=TARGET_SPEEDUP if all_threads == 2 else None,
                          note=f"1-thread seconds / {all_threads}-thread seconds; " + note))
    return figures
