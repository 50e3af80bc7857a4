"""Scaling: cost per day against the number of sectors and the number of runs.

Sectors: one run of a synthetic world (:mod:`scenarios.synthetic_arrays`)
from 10^2 to 10^6 sectors, stepped on one thread (a single run has nothing to
spread over threads). Runs: the reference scenario with 10 to 10^4 runs per
kernel call on all threads. For each size the days stepped are chosen so each
timed call does about the same total work; the figure is seconds per day per
sector (or per run). The fitted slope of log(seconds per day) on log(size)
should be 1: the cost grows linearly.
"""

from __future__ import annotations

import numpy as np

from benchmarks.harness import interleaved
from benchmarks.results import Figure

SLOPE_TARGET = (0.9, 1.1)


def _days_for(size: int, work: float, lo: int = 3, hi: int = 2000) -> int:
    return int(min(max(round(work / size), lo), hi))


def loglog_slope(sizes, seconds) -> float:
    """Least-squares slope of ``log(seconds)`` on ``log(sizes)``."""
    return float(np.polyfit(np.log(np.asarray(sizes, float)), np.log(np.asarray(seconds, float)), 1)[0])


def run(quick: bool) -> list[Figure]:
    return sectors(quick) + runs(quick)


def sectors(quick: bool) -> list[Figure]:
    from engine.core.simulate import run_days
    from scenarios.synthetic_arrays import synthetic_world

    sizes = [10**2, 10**3, 10**4, 10**5] if quick else [10**2, 10**3, 10**4, 10**5, 10**6]
    work = 3e5 if quick else 3e6  # sector-days per timed call
    repeats = 2 if quick else 3
    figures, per_day = [], []
    for n in sizes:
        w, _ = synthetic_world(n)
        days = _days_for(n, work)
        t = interleaved({"step": lambda w=w, days=days: run_days(w, days, parallel=False)},
                        repeats=repeats, warmup=1)["step"]
        scale = 1.0 / (days * n)
        per_day.append(t.median / days)
        figures.append(Figure("scaling", "sectors", "s_per_sector_day", "s", t.median * scale,
                              t.low * scale, t.high * scale, repeats, size=n, runs=1, threads=1,
                              note=f"synthetic world, 1 pair, {days} days per call, one thread"))
        del w
    slope = loglog_slope(sizes, per_day)
    figures.append(Figure("scaling", "sectors", "slope", "1", slope, repeats=repeats, size=max(sizes), runs=1,
                          target=SLOPE_TARGET[0], sense="range", target_high=SLOPE_TARGET[1],
                          note=f"log-log slope of seconds per day on sectors, {min(sizes)}..{max(sizes)}"))
    return figures


def runs(quick: bool) -> list[Figure]:
    import numba

    from engine.core.simulate import run_days
    from engine.scenario import load_scenario
    from engine.world import build_world

    s = load_scenario("ukraine_2025")
    sizes = [10, 100, 1000] if quick else [10, 100, 1000, 10**4]
    work = 2e4 if quick else 2e5  # run-days per timed call
    repeats = 2 if quick else 3
    threads = int(numba.get_num_threads())
    figures, per_day = [], []
    for n in sizes:
        days = _days_for(n, work, hi=365)
        w, _ = build_world(s, list(range(n)), days=days)
        start = {name: np.copy(getattr(w, name)) for name in w._fields}

        def fresh(w=w, start=start):
            for name, arr in start.items():
                getattr(w, name)[...] = arr
            return w

        t = interleaved({"step": (fresh, lambda w, days=days: run_days(w, days, parallel=True))},
                        repeats=repeats, warmup=1)["step"]
        scale = 1.0 / (days * n)
        per_day.append(t.median / days)
        figures.append(Figure("scaling", "runs", "s_per_run_day", "s", t.median * scale, t.low * scale,
                              t.high * scale, repeats, size=len(s.fronts), runs=n, threads=threads,
                              note=f"ukraine_2025, {days} days per call, all threads"))
    slope = loglog_slope(sizes, per_day)
    figures.append(Figure("scaling", "runs", "slope", "1", slope, repeats=repeats, size=len(s.fronts),
                          runs=max(sizes), threads=threads, target=SLOPE_TARGET[0], sense="range",
                          target_high=SLOPE_TARGET[1],
                          note=f"log-log slope of seconds per day on runs per call, "
                               f"{min(sizes)}..{max(sizes)}"))
    return figures
