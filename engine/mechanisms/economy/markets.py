"""Markets as indicators: defence and reconstruction equity indices, the client's bonds.

MODEL step 4; docs/model.md ("Markets"). Twin: :mod:`engine.mechanisms.economy.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.jit import helper, kernel
from engine.core.rng import normal_pair


@helper
def settlement_odds(glob):
    """Odds of a settlement the markets price: 1 under a ceasefire, else talks progress."""
    q = max(glob[L.G_CEASEFIRE], glob[L.G_TALKS_PROGRESS])
    return min(max(q, 0.0), 1.0)


@kernel
def markets(seed, day, odds, glob, glob_param, econ_glob_param):
    """Indices move with the change in odds ``dq`` plus noise; the bond prices its recovery.

    ``ln D += -beta_D * dq + sigma * z_D``, ``ln C += beta_C * dq + sigma * z_C``,
    ``bond = floor + span * odds * (1 - w_g + w_g * guarantee)``.
    econ_glob_param : float64[N_ECON_GLOB_PARAM].
    """
    dq = odds - glob[L.G_SETTLE_ODDS]
    sigma = glob_param[L.GP_MARKET_VOLATILITY]
    z_defence, z_recon = normal_pair(seed, day, L.STREAM_MARKETS, 0)
    glob[L.G_DEFENCE_INDEX] *= np.exp(-glob_param[L.GP_DEFENCE_BETA] * dq + sigma * z_defence)
    glob[L.G_RECON_INDEX] *= np.exp(glob_param[L.GP_RECON_BETA] * dq + sigma * z_recon)
    weight = econ_glob_param[L.EG_GUARANTEE_WEIGHT]
    recovery = (1.0 - weight) + weight * glob[L.G_GUARANTEE_STRENGTH]
    glob[L.G_BOND_PRICE] = glob_param[L.GP_BOND_FLOOR] + econ_glob_param[L.EG_BOND_SPAN] * odds * recovery
    glob[L.G_SETTLE_ODDS] = odds
