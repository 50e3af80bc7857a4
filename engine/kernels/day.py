"""One simulated day for one run, composed from the mechanism kernels.

The order follows docs/model.md ("One day"): events, mobilisation and
allocation, combat, morale; then the day's record is written.
"""

from __future__ import annotations

from numba import njit

from engine import layout as L
from engine.kernels.beliefs import update_beliefs
from engine.kernels.ceasefire import ceasefire_step
from engine.kernels.economy import economy_day
from engine.kernels.events import apply_events
from engine.kernels.front import allocate, combat, mobilise, update_morale
from engine.kernels.politics import politics_day
from engine.kernels.talks import talks_step


@njit(cache=True)
def step_run(w, r):
    """Advance run ``r`` by one day (no-op once the run has ended)."""
    if w.glob[r, L.G_ENDED] > 0.0:
        return
    day = w.day[r]
    # 1. events
    apply_events(w, r, day)
    # 2. mobilisation and allocation
    mobilise(w, r)
    allocate(w, r)
    # 3. combat
    combat(w, r, day)
    update_morale(w, r, day)
    # 4. economy, sanctions, energy and markets
    economy_day(w, r, day)
    # 5. domestic politics
    politics_day(w, r, day)
    # 6. beliefs
    update_beliefs(w, r, day)
    # 7. talks
    talks_step(w, r, day)
    # 8. ceasefire
    ceasefire_step(w, r, day)
    record(w, r, day)
    w.day[r] = day + 1


@njit(cache=True)
def record(w, r, day):
    """Write the end-of-day series row when ``day`` falls on the stride."""
    every = w.record_every[0]
    if every <= 0 or day % every != 0:
        return
    k = day // every
    if k >= w.series_global.shape[1]:
        return
    for i in range(w.role.shape[0]):
        s = w.state[r, i]
        row = w.series_state[r, k, i]
        row[L.SS_TROOPS] = s[L.S_RESERVE] + s[L.S_COMMITTED]
        row[L.SS_CASUALTIES] = s[L.S_CASUALTIES]
        row[L.SS_TERRITORY] = s[L.S_TERRITORY]
        row[L.SS_FIRE_STOCK] = s[L.S_FIRE_STOCK]
        row[L.SS_MORALE] = s[L.S_MORALE]
        row[L.SS_WAR_SUPPORT] = s[L.S_WAR_SUPPORT]
        gdp0 = s[L.S_GDP0]
        row[L.SS_GDP_INDEX] = 100.0 * s[L.S_GDP] / gdp0 if gdp0 > 0.0 else 100.0
        row[L.SS_GROWTH] = 100.0 * s[L.S_GROWTH]
        row[L.SS_ECON_PAIN] = s[L.S_ECON_PAIN]
        row[L.SS_OIL_REVENUE] = s[L.S_OIL_REVENUE]
        row[L.SS_FISCAL_BUFFER] = s[L.S_FISCAL_BUFFER]
        row[L.SS_SANCTIONS_BITE] = s[L.S_SANCTIONS_BITE]
    for f in range(w.front_attacker.shape[0]):
        w.series_front[r, k, f] = w.front[r, f, L.F_DEPTH]
    w.series_global[r, k, L.SG_CEASEFIRE] = w.glob[r, L.G_CEASEFIRE]
    for i in range(w.role.shape[0]):
        s = w.state[r, i]
        row = w.series_state[r, k, i]
        row[L.SS_BATNA] = s[L.S_BATNA]
        row[L.SS_DRAFT_UTILITY] = s[L.S_DRAFT_UTILITY]
        row[L.SS_BELIEF_TREND] = s[L.S_BELIEF_TREND] + s[L.S_BELIEF_BIAS] * abs(s[L.S_BELIEF_TREND])
        row[L.SS_RIPE] = s[L.S_RIPE]
    sg = w.series_global[r, k]
    sg[L.SG_TALKS_PROGRESS] = w.glob[r, L.G_TALKS_PROGRESS]
    sg[L.SG_TALKS_STATUS] = w.glob[r, L.G_TALKS_STATUS]
    sg[L.SG_DRAFT_VERSION] = w.glob[r, L.G_DRAFT_VERSION]
    sg[L.SG_FREEZE_POINT] = w.glob[r, L.G_FREEZE_POINT]
    sg[L.SG_GAP] = w.glob[r, L.G_GAP]
    sg[L.SG_PRESSURE_LEVEL] = w.glob[r, L.G_PRESSURE_LEVEL]
    g = w.glob[r]
    w.series_global[r, k, L.SG_OIL_PRICE] = g[L.G_OIL_PRICE]
    w.series_global[r, k, L.SG_DEFENCE_INDEX] = g[L.G_DEFENCE_INDEX]
    w.series_global[r, k, L.SG_RECON_INDEX] = g[L.G_RECON_INDEX]
    w.series_global[r, k, L.SG_BOND_PRICE] = g[L.G_BOND_PRICE]
    w.series_global[r, k, L.SG_SETTLE_ODDS] = g[L.G_SETTLE_ODDS]
    w.series_global[r, k, L.SG_RELIEF] = g[L.G_RELIEF_APPLIED]
