"""Energy: oil exports under sanctions, the world oil price, export revenue.

MODEL step 4; docs/model.md ("Energy"). Twin: :mod:`engine.reference.economy`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import economy_layout as E
from engine import layout as L
from engine.rng import normal, uniform

BN_PER_MBD_DOLLAR = 0.365  # 1e6 bbl/day * $1/bbl * 365 days = $0.365bn a year


@njit(cache=True)
def export_volumes(w, r):
    """Each exporter loses ``volume_cut * B`` of its exports; the losses are summed."""
    lost = 0.0
    for j in range(w.role.shape[0]):
        p = w.econ_param[r, j]
        cut = p[E.EP_OIL_EXPORT] * p[E.EP_VOLUME_CUT] * w.state[r, j, L.S_SANCTIONS_BITE]
        w.state[r, j, L.S_OIL_VOLUME] = p[E.EP_OIL_EXPORT] - cut
        lost += cut
    w.glob[r, L.G_LOST_SUPPLY] = lost


@njit(cache=True)
def oil_price(w, r, day, odds):
    """Ornstein-Uhlenbeck log price with jumps, plus news premia.

    ``x += kappa * (ln mean - x) + sigma * z (+ jump)``;
    ``ln P = x + impact * (lost - lost_0) / world_supply - peace_push * odds``.
    """
    gp = w.glob_param[r]
    g = w.glob[r]
    seed = w.seed[r]
    x = g[L.G_OIL_LOG_BASE]
    x += gp[L.GP_OIL_REVERSION] * (np.log(gp[L.GP_OIL_MEAN]) - x) + gp[
        L.GP_OIL_VOLATILITY
    ] * normal(seed, day, L.STREAM_OIL, 0)
    if uniform(seed, day, L.STREAM_OIL_JUMP, 0) < gp[L.GP_OIL_JUMP_HAZARD]:
        x += gp[L.GP_OIL_JUMP_SIZE] * normal(seed, day, L.STREAM_OIL_JUMP, 1)
    g[L.G_OIL_LOG_BASE] = x
    supply_news = gp[L.GP_OIL_PRICE_IMPACT] * (g[L.G_LOST_SUPPLY] - g[L.G_LOST_SUPPLY0])
    news = supply_news / gp[L.GP_OIL_WORLD_SUPPLY] - gp[L.GP_OIL_PEACE_PUSH] * odds
    price = np.exp(x + news)
    g[L.G_OIL_PRICE] = price
    g[L.G_OIL_PRICE_SUM] += price
    g[L.G_OIL_DAYS] += 1.0


@njit(cache=True)
def oil_revenue(w, r):
    """Revenue = volume x (price - discount); the discount widens with the bite and a cap.

    ``discount = base + per_bite * B``; under a price cap the capped share ``B`` of
    exports sells at most at the cap: ``discount += B * max(P - discount - cap, 0)``.
    """
    price = w.glob[r, L.G_OIL_PRICE]
    for j in range(w.role.shape[0]):
        p = w.econ_param[r, j]
        s = w.state[r, j]
        bite = s[L.S_SANCTIONS_BITE]
        discount = p[E.EP_DISCOUNT_BASE] + p[E.EP_DISCOUNT_BITE] * bite
        cap = s[L.S_PRICE_CAP]
        if cap > 0.0:
            discount += bite * max(price - discount - cap, 0.0)
        discount = min(discount, price)
        s[L.S_OIL_DISCOUNT] = discount
        s[L.S_OIL_REVENUE] = s[L.S_OIL_VOLUME] * (price - discount) * BN_PER_MBD_DOLLAR
