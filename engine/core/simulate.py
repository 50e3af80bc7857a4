"""Drivers: stepping many runs at once, blocks of runs on a few threads.

The day's code is generated from the registry (:mod:`engine.core.codegen` writes
``engine/core/day.py``): a driver takes the World, slices every block for run ``r``
once, and hands the small per-run arrays to every day step, day after day. Each run
only touches its own rows and draws keyed random numbers, so the result does not
depend on the thread count or on which runs share a call.
"""

from __future__ import annotations

import importlib
import importlib.util
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from engine.core import codegen

_path = codegen.ensure_current()
if _path == codegen.DAY_FILE:
    day_module = importlib.import_module("engine.core.day")
else:  # a test's extended registry: its own generated module
    _spec = importlib.util.spec_from_file_location("warsim_day", _path)
    day_module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(day_module)

run_runs = day_module.run_runs

_POOLS: dict[int, ThreadPoolExecutor] = {}


def _pool(threads: int) -> ThreadPoolExecutor:
    """A lasting pool of ``threads`` worker threads (started once per thread count)."""
    if threads not in _POOLS:
        _POOLS[threads] = ThreadPoolExecutor(threads, thread_name_prefix="warsim-runs")
    return _POOLS[threads]


def run_days(world, n_days: int, parallel: bool = True) -> None:
    """Advance every run of ``world`` by ``n_days`` days, in place.

    With ``parallel``, Numba's thread count (``numba.get_num_threads()``, so
    ``numba.set_num_threads`` applies) of Python threads step blocks of runs
    through the compiled driver, which releases the GIL; each run reads and
    writes only its own rows, so the result is the same bit for bit whatever
    the thread count or the blocks.
    """
    if n_days <= 0:
        return
    n_runs = world.seed.shape[0]
    days = np.int64(n_days)
    threads = min(numba.get_num_threads(), n_runs) if parallel else 1
    if threads <= 1:
        run_runs(world, np.int64(0), np.int64(n_runs), days)
        return
    # blocks of a few runs, handed out as threads free up (runs ending in a ceasefire
    # are cheaper), yet few enough that each call's ~10 us of argument unboxing is noise
    block = max(1, min(32, n_runs // (8 * threads)))
    starts = range(0, n_runs, block)
    futures = [
        _pool(threads).submit(run_runs, world, np.int64(s), np.int64(min(s + block, n_runs)), days)
        for s in starts
    ]
    for f in futures:
        f.result()
