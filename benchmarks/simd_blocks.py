"""Would runs in SIMD blocks of a fixed width pay for combat? (issue 12 item 4, a prototype)

``python -m benchmarks.simd_blocks`` times the transcendental core of one combat
sector-day, the part the profile says combat's 140 ns are made of, laid out two ways
over the same numbers:

``per run``
    runs outer, sectors inner, scalar: what the engine does now (one run's arrays).
``blocks of W``
    sectors outer, a fixed block of ``W`` runs inner on ``[sector, W]`` arrays: the
    layout a SIMD driver would use, so LLVM may vectorise across runs.

Both compute the same values bit for bit (checked): two normals from one pair of
uniforms (log, sqrt, cos, sin), three exps for lognormal factors, the Helmbold pow,
a log and two exps for the logistics. No ``fastmath``: reassociation would change
the results. The report is the nanoseconds per sector-day of each and their ratio;
the engine is not changed by it.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def _core(u1, u2, a, b):
    r = math.sqrt(-2.0 * math.log(u1))
    z1 = r * math.cos(6.283185307179586 * u2)
    z2 = r * math.sin(6.283185307179586 * u2)
    f1 = math.exp(0.2 * z1)
    f2 = math.exp(0.2 * z2)
    f3 = math.exp(0.1 * (z1 - z2))
    loss = f1 * a * (b / a) ** 0.7
    ratio = math.log(a / b)
    p = 1.0 / (1.0 + math.exp(-ratio * f2))
    h = 1.0 - math.exp(-0.01 * f3 * p)
    return loss + h


@njit(cache=True)
def per_run(u1, u2, a, b, out):
    """``[run, sector]`` arrays, runs outer (the engine's layout)."""
    for r in range(u1.shape[0]):
        for s in range(u1.shape[1]):
            out[r, s] = _core(u1[r, s], u2[r, s], a[r, s], b[r, s])


@njit(cache=True)
def blocks(u1, u2, a, b, out):
    """``[block, sector, W]`` arrays, a block of W runs innermost (a SIMD driver's layout)."""
    for k in range(u1.shape[0]):
        for s in range(u1.shape[1]):
            for j in range(u1.shape[2]):
                out[k, s, j] = _core(u1[k, s, j], u2[k, s, j], a[k, s, j], b[k, s, j])


def _best(fn, args, repeats: int = 7) -> float:
    fn(*args)
    best = float("inf")
    for _ in range(repeats):
        t = time.thread_time()
        fn(*args)
        best = min(best, time.thread_time() - t)
    return best


def main(argv: list[str] | None = None) -> None:
    runs, sectors = 4096, 9
    rng = np.random.default_rng(1)
    u1, u2 = rng.uniform(1e-9, 1.0, (2, runs, sectors))
    a, b = rng.uniform(1e3, 1e5, (2, runs, sectors))
    out = np.empty((runs, sectors))
    t_run = _best(per_run, (u1, u2, a, b, out))
    print(f"{runs} runs x {sectors} sectors, one thread, CPU time, best of 7")
    print(f"  per run (scalar):   {t_run / (runs * sectors) * 1e9:6.1f} ns per sector-day")
    for w in (4, 8, 16):
        args = [np.ascontiguousarray(x.reshape(runs // w, w, sectors).transpose(0, 2, 1))
                for x in (u1, u2, a, b)]
        got = np.empty_like(args[0])
        t_blk = _best(blocks, (*args, got))
        same = np.array_equal(got.transpose(0, 2, 1).reshape(runs, sectors), out)
        print(f"  blocks of W={w:<3d}     {t_blk / (runs * sectors) * 1e9:6.1f} ns per sector-day"
              f"  ({t_run / t_blk:.2f}x; bit-identical: {same})")


if __name__ == "__main__":
    main(sys.argv[1:])
