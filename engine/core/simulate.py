"""Drivers: stepping many runs at once, ``prange`` over the run axis.

The day's code is generated from the registry (:mod:`engine.core.codegen` writes
``engine/core/day.py``): a driver takes the World, slices every block for run ``r``
once, and hands the small per-run arrays to every day step, day after day. Each run
only touches its own rows and draws keyed random numbers, so the result does not
depend on the thread count or on which runs share a call.
"""

from __future__ import annotations

import importlib
import importlib.util

import numpy as np

from engine.core import codegen

_path = codegen.ensure_current()
if _path == codegen.DAY_FILE:
    day_module = importlib.import_module("engine.core.day")
else:  # a test's extended registry: its own generated module
    _spec = importlib.util.spec_from_file_location("warsim_day", _path)
    day_module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(day_module)

run_one = day_module.run_one


def run_days(world, n_days: int, parallel: bool = True) -> None:
    """Advance every run of ``world`` by ``n_days`` days, in place."""
    if n_days <= 0:
        return
    if parallel and world.seed.shape[0] > 1:
        day_module.run_days_parallel(world, np.int64(n_days))
    else:
        day_module.run_days_serial(world, np.int64(n_days))
