"""Scalar maths shared by several twins (plain Python twin of :mod:`engine.core.maths`)."""

from __future__ import annotations

import math


def pow_(x: float, e: float) -> float:
    """``x**e``, skipping pow when ``e`` is 1 (as :func:`engine.core.maths.pow_`)."""
    return x if e == 1.0 else x**e


def logistic(x: float) -> float:
    """The logistic function, written to avoid overflow for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
