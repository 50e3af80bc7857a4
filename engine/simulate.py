"""Stepping many runs at once: ``prange`` over the run axis.

Each run only touches its own rows and draws keyed random numbers, so the
result does not depend on the thread count or on which runs share a call.
"""

from __future__ import annotations

from numba import njit, prange

from engine.kernels.day import step_run


@njit(cache=True, parallel=True)
def _run_days(w, n_days):
    for r in prange(w.seed.shape[0]):
        for _ in range(n_days):
            step_run(w, r)


@njit(cache=True)
def _run_days_serial(w, n_days):
    for r in range(w.seed.shape[0]):
        for _ in range(n_days):
            step_run(w, r)


def run_days(world, n_days: int, parallel: bool = True) -> None:
    """Advance every run of ``world`` by ``n_days`` days, in place."""
    if n_days <= 0:
        return
    if parallel and world.seed.shape[0] > 1:
        _run_days(world, int(n_days))
    else:
        _run_days_serial(world, int(n_days))
