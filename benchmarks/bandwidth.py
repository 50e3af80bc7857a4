"""Hardware limit: a memory-bandwidth probe and the front kernel's share of it.

The probe is a streaming read-modify-write kernel, ``a[i] = a[i] * s + b[i]``
(STREAM's triad counting: 24 bytes per element, read ``a``, read ``b``,
write ``a``) over arrays far larger than the caches, timed in this process
on one thread (the front kernel of a single run uses one thread) and on all
threads. The front kernel's achieved bytes/s is the traffic of a day over a
world of ``n`` sectors divided by its time per day, where the traffic counts
every pass the day's kernels make over the sector arrays (see
:func:`day_traffic_bytes`). The same kernel timed at a size that fits in
cache tells whether it is bound by memory or by arithmetic: if the time per
sector is the same in and out of cache, memory is not what limits it.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from benchmarks.harness import interleaved
from benchmarks.results import Figure

TARGET_FRACTION = 0.5


@njit(cache=True)
def stream_rmw(a, b, s):
    """``a[i] = a[i] * s + b[i]`` on one thread (24 bytes of traffic per element)."""
    for i in range(a.shape[0]):
        a[i] = a[i] * s + b[i]


@njit(cache=True, parallel=True)
def stream_rmw_parallel(a, b, s):
    """``a[i] = a[i] * s + b[i]`` over all Numba threads."""
    for i in prange(a.shape[0]):
        a[i] = a[i] * s + b[i]


def probe(n_elements: int, repeats: int, parallel: bool) -> tuple[float, float, float]:
    """Bytes per second of the probe: (median, min, max) over repeats."""
    a = np.ones(n_elements)
    b = np.full(n_elements, 1e-9)
    fn = stream_rmw_parallel if parallel else stream_rmw
    t = interleaved({"probe": lambda: fn(a, b, 0.999999)}, repeats=repeats, warmup=1)["probe"]
    nbytes = 24.0 * n_elements
    return nbytes / t.median, nbytes / t.high, nbytes / t.low


def day_traffic_bytes(w) -> float:
    """Bytes one day moves over the sector arrays of a one-pair world, per sector.

    ``allocate`` makes up to three passes per belligerent (two here) reading
    each sector's state and parameter rows; ``combat`` makes one pass reading
    both rows and writing the state row, and reads the first cache line of the
    sector's settlement depths and flags; three int64 index reads per pass.
    Rows count whole (they are smaller than a few cache lines and the
    prefetcher streams them).
    """
    row = w.front.shape[2] * 8.0
    param_row = w.front_param.shape[2] * 8.0
    passes = 6 + 1
    return passes * (row + param_row + 24.0) + row + 2 * 64.0


def run(quick: bool) -> list[Figure]:
    import numba

    from engine.core.simulate import run_days
    from scenarios.synthetic_arrays import synthetic_world

    threads = int(numba.get_num_threads())
    n_probe = 2**23 if quick else 2**27  # 2 x 64 MiB or 2 x 1 GiB
    repeats = 3 if quick else 5
    in_cache_note = " (quick: arrays may fit in the last-level cache)" if quick else ""
    figures = []
    serial = probe(n_probe, repeats, parallel=False)
    figures.append(Figure("bandwidth", "probe_1_thread", "bytes_per_s", "B/s", *serial, repeats=repeats,
                          threads=1,
                          note=f"a = a*s + b over 2 x {n_probe * 8 / 2**20:.0f} MiB{in_cache_note}"))
    par = probe(n_probe, repeats, parallel=True)
    figures.append(Figure("bandwidth", "probe_all_threads", "bytes_per_s", "B/s", *par, repeats=repeats,
                          threads=threads, note=f"same, {threads} threads{in_cache_note}"))
    small, big = 10**3, (2 * 10**5 if quick else 4 * 10**6)
    per_sector = {}
    for n in (small, big):
        w, _ = synthetic_world(n)
        days = max(3, int((3e5 if quick else 3e6) / n))
        t = interleaved({"day": lambda w=w, days=days: run_days(w, days, parallel=False)},
                        repeats=repeats, warmup=1)["day"]
        traffic = day_traffic_bytes(w) * n * days
        per_sector[n] = t.median / (days * n)
        label = "in_cache" if n == small else "beyond_cache"
        figures.append(Figure("bandwidth", f"front_kernel_{label}", "bytes_per_s", "B/s", traffic / t.median,
                              traffic / t.high, traffic / t.low, repeats, size=n, runs=1, threads=1,
                              note=f"{day_traffic_bytes(w):.0f} B per sector-day, {days} days per call; "
                                   f"{w.front.nbytes / 2**20:.0f} MiB of sector state"))
        if n == big:
            fraction = traffic / t.median / serial[0]
            figures.append(Figure("bandwidth", "front_kernel_vs_probe", "fraction", "1", fraction,
                                  traffic / t.high / serial[0], traffic / t.low / serial[0], repeats,
                                  size=n, runs=1, threads=1, target=TARGET_FRACTION,
                                  note="front kernel bytes/s / one-thread probe bytes/s" + in_cache_note))
        del w
    slowdown = per_sector[big] / per_sector[small]
    figures.append(Figure("bandwidth", "beyond_vs_in_cache", "ratio", "x", slowdown,
                          repeats=repeats, size=big, runs=1, threads=1,
                          note=f"seconds per sector-day at {big} sectors / at {small} sectors: "
                               "about 1 means arithmetic-bound, not memory-bound"))
    return figures
