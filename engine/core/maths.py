"""Scalar maths shared by several mechanisms (inlined into each kernel)."""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.jit import helper


@helper
def logistic(x):
    """The logistic function, written to avoid overflow for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + np.exp(-x))
    e = np.exp(x)
    return e / (1.0 + e)


@helper
def pow_(x, e):
    """``x**e``, skipping the call to pow when ``e`` is 1 (pow(x, 1) is x exactly, so no
    bit changes; the reference scenario's elasticities are 1)."""
    return x if e == 1.0 else x**e


@helper
def end_run(day, i, outcome, glob):
    """End the run today with ``outcome``, state ``i`` having broken (glob: float64[N_GLOBAL])."""
    glob[L.G_ENDED] = 1.0
    glob[L.G_END_DAY] = day
    glob[L.G_OUTCOME] = outcome
    glob[L.G_COLLAPSED_STATE] = i
