"""Interval estimates for batch reports: Wilson score intervals for proportions and
the Kaplan-Meier survival curve with log-log (exponential Greenwood) bands.

References: Wilson (1927), "Probable inference, the law of succession, and
statistical inference", JASA 22; Kaplan and Meier (1958), JASA 53; Kalbfleisch
and Prentice (2002), The Statistical Analysis of Failure Time Data, s. 1.3.
"""

from __future__ import annotations

import numpy as np
import polars as pl

Z95 = 1.959963984540054  # standard normal quantile at 0.975


def wilson(k, n, z: float = Z95):
    """Wilson score interval for ``k`` successes in ``n`` trials.

    Parameters
    ----------
    k, n : int or arrays of int
        Successes and trials (n > 0).
    z : float
        Normal quantile (1.96 for 95%).

    Returns
    -------
    (low, high) : floats or arrays in [0, 1]
    """
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    # At k = 0 and k = n the bounds are exactly 0 and 1; rounding would leave 1e-16 gaps.
    low = np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k >= n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def wilson_exprs(k: pl.Expr, n: pl.Expr, z: float = Z95) -> tuple[pl.Expr, pl.Expr]:
    """:func:`wilson` as Polars expressions (for lazy group-bys)."""
    k, n = k.cast(pl.Float64), n.cast(pl.Float64)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denom
    half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom
    low = pl.when(k <= 0).then(0.0).otherwise((centre - half).clip(0.0, 1.0))
    high = pl.when(k >= n).then(1.0).otherwise((centre + half).clip(0.0, 1.0))
    return low, high


def kaplan_meier(time: np.ndarray, event: np.ndarray, z: float = Z95) -> dict[str, np.ndarray]:
    """Kaplan-Meier estimate of S(t) = P(T > t) from right-censored data.

    Parameters
    ----------
    time : int array, shape (n,)
        Event time, or the last time observed without the event (censored).
    event : bool array, shape (n,)
        True where the event happened at ``time``.
    z : float
        Normal quantile of the pointwise band.

    Returns
    -------
    dict of arrays over the distinct event times ``t``: ``time``, ``at_risk``
    (n_t, observed at ``t`` or later), ``events`` (d_t), ``censored`` (censored
    at ``t``), ``survival`` (S(t)), ``low`` and ``high`` (log-log band; NaN where
    undefined, at S = 0 or 1).
    """
    time = np.asarray(time, dtype=np.int64)
    event = np.asarray(event, dtype=bool)
    if time.size == 0:
        empty = np.zeros(0)
        return {k: empty for k in ("time", "at_risk", "events", "censored", "survival", "low", "high")}
    times = np.unique(time)
    d = np.bincount(np.searchsorted(times, time[event]), minlength=len(times)).astype(np.int64)
    c = np.bincount(np.searchsorted(times, time[~event]), minlength=len(times)).astype(np.int64)
    leaving = d + c
    at_risk = len(time) - np.concatenate(([0], np.cumsum(leaving)[:-1]))
    keep = d > 0
    times, d, c, at_risk = times[keep], d[keep], c[keep], at_risk[keep]
    surv = np.cumprod(1.0 - d / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.cumsum(d / (at_risk * (at_risk - d)))  # Greenwood's sum
        log_s = np.log(surv)
        se = np.sqrt(var) / np.abs(log_s)
        low = surv ** np.exp(z * se)
        high = surv ** np.exp(-z * se)
    bad = (surv <= 0.0) | (surv >= 1.0) | ~np.isfinite(se)
    low = np.where(bad, np.nan, low)
    high = np.where(bad, np.nan, high)
    return {
        "time": times,
        "at_risk": at_risk,
        "events": d,
        "censored": c,
        "survival": surv,
        "low": low,
        "high": high,
    }


def survival_at(curve: dict[str, np.ndarray], t: int) -> float:
    """S(t) from a :func:`kaplan_meier` curve (a step function, 1 before the first event)."""
    j = np.searchsorted(curve["time"], t, side="right") - 1
    return 1.0 if j < 0 else float(curve["survival"][j])


def median_time(curve: dict[str, np.ndarray]) -> int | None:
    """First time S(t) <= 0.5, or None when the curve stays above one half."""
    below = np.nonzero(curve["survival"] <= 0.5)[0]
    return int(curve["time"][below[0]]) if below.size else None
