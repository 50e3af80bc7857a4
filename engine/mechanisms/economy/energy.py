"""Energy: oil exports under sanctions, the world oil price, export revenue.

MODEL step 4; docs/model.md ("Energy"). Every array argument is run ``r``'s
slice of a World block. Twin: :mod:`engine.mechanisms.economy.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.jit import kernel
from engine.core.rng import normal, uniform

BN_PER_MBD_DOLLAR = 0.365  # 1e6 bbl/day * $1/bbl * 365 days = $0.365bn a year


@kernel
def export_volumes(glob, state, econ_param):
    """Each exporter loses ``volume_cut * B`` of its exports; the losses are summed.

    econ_param : float64[N, N_ECON_PARAM].
    """
    lost = 0.0
    for j in range(state.shape[0]):
        cut = econ_param[j, L.EP_OIL_EXPORT] * econ_param[j, L.EP_VOLUME_CUT] * state[
            j, L.S_SANCTIONS_BITE
        ]
        state[j, L.S_OIL_VOLUME] = econ_param[j, L.EP_OIL_EXPORT] - cut
        lost += cut
    glob[L.G_LOST_SUPPLY] = lost


@kernel
def oil_price(seed, day, odds, glob, glob_param):
    """Ornstein-Uhlenbeck log price with jumps, plus news premia.

    ``x += kappa * (ln mean - x) + sigma * z (+ jump)``;
    ``ln P = x + impact * (lost - lost_0) / world_supply - peace_push * odds``.
    """
    x = glob[L.G_OIL_LOG_BASE]
    x += glob_param[L.GP_OIL_REVERSION] * (np.log(glob_param[L.GP_OIL_MEAN]) - x) + glob_param[
        L.GP_OIL_VOLATILITY
    ] * normal(seed, day, L.STREAM_OIL, 0)
    if uniform(seed, day, L.STREAM_OIL_JUMP, 0) < glob_param[L.GP_OIL_JUMP_HAZARD]:
        x += glob_param[L.GP_OIL_JUMP_SIZE] * normal(seed, day, L.STREAM_OIL_JUMP, 1)
    glob[L.G_OIL_LOG_BASE] = x
    supply_news = glob_param[L.GP_OIL_PRICE_IMPACT] * (glob[L.G_LOST_SUPPLY] - glob[L.G_LOST_SUPPLY0])
    news = supply_news / glob_param[L.GP_OIL_WORLD_SUPPLY] - glob_param[L.GP_OIL_PEACE_PUSH] * odds
    price = np.exp(x + news)
    glob[L.G_OIL_PRICE] = price
    glob[L.G_OIL_PRICE_SUM] += price
    glob[L.G_OIL_DAYS] += 1.0


@kernel
def oil_revenue(glob, state, econ_param):
    """Revenue = volume x (price - discount); the discount widens with the bite and a cap.

    ``discount = base + per_bite * B``; under a price cap the capped share ``B`` of
    exports sells at most at the cap: ``discount += B * max(P - discount - cap, 0)``.
    """
    price = glob[L.G_OIL_PRICE]
    for j in range(state.shape[0]):
        bite = state[j, L.S_SANCTIONS_BITE]
        discount = econ_param[j, L.EP_DISCOUNT_BASE] + econ_param[j, L.EP_DISCOUNT_BITE] * bite
        cap = state[j, L.S_PRICE_CAP]
        if cap > 0.0:
            discount += bite * max(price - discount - cap, 0.0)
        discount = min(discount, price)
        state[j, L.S_OIL_DISCOUNT] = discount
        state[j, L.S_OIL_REVENUE] = state[j, L.S_OIL_VOLUME] * (price - discount) * BN_PER_MBD_DOLLAR
