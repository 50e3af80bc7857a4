"""Markets as indicators: defence and reconstruction equity indices, the client's bonds.

MODEL step 4; docs/model.md ("Markets"). Twin: :mod:`engine.reference.economy`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import economy_layout as E
from engine import layout as L
from engine.rng import normal


@njit(cache=True)
def settlement_odds(w, r):
    """Odds of a settlement the markets price: 1 under a ceasefire, else talks progress."""
    q = max(w.glob[r, L.G_CEASEFIRE], w.glob[r, L.G_TALKS_PROGRESS])
    return min(max(q, 0.0), 1.0)


@njit(cache=True)
def markets(w, r, day, odds):
    """Indices move with the change in odds ``dq`` plus noise; the bond prices its recovery.

    ``ln D += -beta_D * dq + sigma * z_D``, ``ln C += beta_C * dq + sigma * z_C``,
    ``bond = floor + span * odds * (1 - w_g + w_g * guarantee)``.
    """
    gp = w.glob_param[r]
    g = w.glob[r]
    seed = w.seed[r]
    dq = odds - g[L.G_SETTLE_ODDS]
    sigma = gp[L.GP_MARKET_VOLATILITY]
    z_defence = normal(seed, day, L.STREAM_MARKETS, 0)
    z_recon = normal(seed, day, L.STREAM_MARKETS, 1)
    g[L.G_DEFENCE_INDEX] *= np.exp(-gp[L.GP_DEFENCE_BETA] * dq + sigma * z_defence)
    g[L.G_RECON_INDEX] *= np.exp(gp[L.GP_RECON_BETA] * dq + sigma * z_recon)
    weight = w.econ_glob_param[r, E.EG_GUARANTEE_WEIGHT]
    recovery = (1.0 - weight) + weight * g[L.G_GUARANTEE_STRENGTH]
    g[L.G_BOND_PRICE] = gp[L.GP_BOND_FLOOR] + w.econ_glob_param[r, E.EG_BOND_SPAN] * odds * recovery
    g[L.G_SETTLE_ODDS] = odds
