"""MODEL step 4: the economy's day composed from its parts, and its day-0 snapshot.

The economy proper (events, sanctions, aid, growth, budgets) is in
:mod:`.economy`, the oil price in :mod:`.energy`, the market indicators in
:mod:`.markets`. Twin: :mod:`engine.mechanisms.economy.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.jit import kernel
from engine.mechanisms.economy.economy import (
    aid_flows,
    apply_econ_events,
    budget,
    grow,
    phase_relief,
)
from engine.mechanisms.economy.economy import sanctions_bite as update_bite
from engine.mechanisms.economy.energy import export_volumes, oil_price, oil_revenue
from engine.mechanisms.economy.markets import markets, settlement_odds


@kernel
def economy_day(
    seed, day, glob, glob_param, state, econ_param, econ_glob_param, sanctions, sanctions_bite, aid,
    econ_event_day, econ_event_value, econ_event_kind, econ_event_a, econ_event_b,
    log, log_count,
):
    """MODEL step 4 for one run: events, sanctions, oil, aid, growth, budgets, markets."""
    apply_econ_events(day, state, econ_param, sanctions, aid, econ_event_day, econ_event_value,
                      econ_event_kind, econ_event_a, econ_event_b, log, log_count)
    phase_relief(glob, glob_param)
    odds = settlement_odds(glob)
    update_bite(glob_param[L.GP_SANCTIONS_INTENSITY], glob, state, sanctions, sanctions_bite)
    export_volumes(glob, state, econ_param)
    oil_price(seed, day, odds, glob, glob_param)
    oil_revenue(glob, state, econ_param)
    aid_flows(1.0, glob_param, state, econ_param, aid)
    grow(glob, state, econ_param)
    budget(day, 1.0, glob_param, state, econ_param, log, log_count)
    markets(seed, day, odds, glob, glob_param, econ_glob_param)


@kernel
def init_economy(glob, glob_param, state, econ_param, econ_glob_param, sanctions, bite, aid,
                 log, log_count):
    """Day-0 snapshot: the references that production and the oil price are measured from.

    The references are taken at the reference intensity and the patrons' reference
    aid (under which the scenario's start figures were observed), then the day-0
    columns at the run's own levels, so a run with harder sanctions or less aid
    starts with less production.
    """
    day0 = np.int64(0)  # a literal 0 would compile budget a second time
    update_bite(econ_glob_param[L.EG_REFERENCE_INTENSITY], glob, state, sanctions, bite)
    export_volumes(glob, state, econ_param)
    glob[L.G_LOST_SUPPLY0] = glob[L.G_LOST_SUPPLY]
    oil_revenue(glob, state, econ_param)
    aid_flows(0.0, glob_param, state, econ_param, aid)
    for j in range(state.shape[0]):
        state[j, L.S_GROWTH] = econ_param[j, L.EP_TREND_GROWTH] + state[j, L.S_CYCLE]
    budget(day0, 0.0, glob_param, state, econ_param, log, log_count)
    for j in range(state.shape[0]):
        if econ_param[j, L.EP_ECONOMY] == 0.0:
            continue
        state[j, L.S_EFFORT_REF] = state[j, L.S_WAR_BUDGET] + state[j, L.S_AID_MATERIEL_IN]
        state[j, L.S_SUPPLY_REF] = 1.0 - econ_param[j, L.EP_COMPONENT_HIT] * state[
            j, L.S_SANCTIONS_BITE
        ]
    update_bite(glob_param[L.GP_SANCTIONS_INTENSITY], glob, state, sanctions, bite)
    export_volumes(glob, state, econ_param)
    oil_revenue(glob, state, econ_param)
    aid_flows(1.0, glob_param, state, econ_param, aid)
    budget(day0, 0.0, glob_param, state, econ_param, log, log_count)
    for j in range(state.shape[0]):
        state[j, L.S_ECON_PAIN] = 0.0
    glob[L.G_SETTLE_ODDS] = settlement_odds(glob)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (economy_day,)
