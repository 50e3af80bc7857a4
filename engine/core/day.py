"""One simulated day of one run, composed from the mechanisms' kernels in day order.

The order follows docs/model.md ("One day") and :data:`engine.core.registry.MECHANISMS`:
events, front (mobilisation, allocation, combat, morale), economy, politics,
beliefs, talks, ceasefire; then the day's record. Every argument is run ``r``'s
slice of a World block, taken once per run by the drivers in
:mod:`engine.core.simulate`.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.jit import kernel
from engine.mechanisms.beliefs.kernel import update_beliefs
from engine.mechanisms.ceasefire.kernel import ceasefire_step
from engine.mechanisms.economy.kernel import economy_day
from engine.mechanisms.events.kernel import apply_events
from engine.mechanisms.front.kernel import allocate, combat, mobilise, update_morale
from engine.mechanisms.politics.kernel import politics_day
from engine.mechanisms.talks.kernel import talks_step


@kernel
def step_day(
    seed, day, record_every,
    # core
    role, glob, glob_param, state, state_param, log, log_count,
    # events
    event_day, event_value, event_kind, event_target,
    hazard_rate, hazard_value, hazard_kind, hazard_target,
    # front
    front, front_param, front_attacker, front_defender, settlement_count, settlement_depth,
    settlement_taken,
    # economy and politics
    econ_param, econ_glob_param, sanctions, sanctions_bite, aid,
    econ_event_day, econ_event_value, econ_event_kind, econ_event_a, econ_event_b,
    election_day, election_state,
    # beliefs, talks, ceasefire
    talks_param, talks_roles, issue_strong_low, ideal, salience, red_lo0, red_hi0, red_lo, red_hi,
    demand, draft, no_deal, terms, territory_area, territory_value, patron_of, envoy, envoy_param,
    envoy_principal, trust, travel_days, talks_scratch,
    # series
    series_state, series_front, series_global,
):
    """Advance one run by one day (the driver skips runs that have ended)."""
    # 1. events
    apply_events(seed, day, glob, state, front_param, event_day, event_value, event_kind,
                 event_target, hazard_rate, hazard_value, hazard_kind, hazard_target, log,
                 log_count)
    # 2. mobilisation and allocation
    mobilise(role, state, state_param)
    allocate(role, glob, state, state_param, front, front_param, front_attacker, front_defender)
    # 3. combat and morale
    combat(seed, day, role, glob, glob_param, state, front, front_param, front_attacker,
           front_defender, settlement_count, settlement_depth, settlement_taken, log, log_count)
    update_morale(day, role, glob, state, state_param, log, log_count)
    # 4. economy, sanctions, energy and markets
    economy_day(seed, day, glob, glob_param, state, econ_param, econ_glob_param, sanctions,
                sanctions_bite, aid, econ_event_day, econ_event_value, econ_event_kind,
                econ_event_a, econ_event_b, log, log_count)
    # 5. domestic politics
    politics_day(seed, day, role, glob, state, state_param, econ_param, election_day,
                 election_state, log, log_count)
    # 6. beliefs
    update_beliefs(day, role, glob, state, talks_param)
    # 7. talks
    talks_step(seed, day, role, glob, state, state_param, talks_param, talks_roles,
               issue_strong_low, ideal, salience, red_lo0, red_hi0, red_lo, red_hi, demand, draft,
               no_deal, terms, territory_area, territory_value, patron_of, envoy, envoy_param,
               envoy_principal, trust, travel_days, talks_scratch, log, log_count)
    # 8. ceasefire
    ceasefire_step(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low,
                   ideal, salience, terms, log, log_count)
    record(day, record_every, glob, state, front, series_state, series_front, series_global)


@kernel
def record(day, every, glob, state, front, series_state, series_front, series_global):
    """Write the end-of-day series row when ``day`` falls on the stride ``every``.

    series_state : float64[NREC, N, N_SERIES_STATE]; series_front : float64[NREC, F]
    (depth, km); series_global : float64[NREC, N_SERIES_GLOBAL].
    """
    if every <= 0 or day % every != 0:
        return
    k = day // every
    if k >= series_global.shape[0]:
        return
    for i in range(state.shape[0]):
        series_state[k, i, L.SS_TROOPS] = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        series_state[k, i, L.SS_CASUALTIES] = state[i, L.S_CASUALTIES]
        series_state[k, i, L.SS_TERRITORY_KM2] = state[i, L.S_TERRITORY]
        series_state[k, i, L.SS_FIRE_STOCK] = state[i, L.S_FIRE_STOCK]
        series_state[k, i, L.SS_MORALE] = state[i, L.S_MORALE]
        series_state[k, i, L.SS_WAR_SUPPORT] = state[i, L.S_WAR_SUPPORT]
        gdp0 = state[i, L.S_GDP0]
        series_state[k, i, L.SS_GDP_INDEX] = 100.0 * state[i, L.S_GDP] / gdp0 if gdp0 > 0.0 else 100.0
        series_state[k, i, L.SS_GROWTH_PCT] = 100.0 * state[i, L.S_GROWTH]
        series_state[k, i, L.SS_ECONOMIC_PAIN] = state[i, L.S_ECON_PAIN]
        series_state[k, i, L.SS_OIL_REVENUE_BN] = state[i, L.S_OIL_REVENUE]
        series_state[k, i, L.SS_FISCAL_BUFFER_BN] = state[i, L.S_FISCAL_BUFFER]
        series_state[k, i, L.SS_SANCTIONS_BITE] = state[i, L.S_SANCTIONS_BITE]
        series_state[k, i, L.SS_BATNA] = state[i, L.S_BATNA]
        series_state[k, i, L.SS_DRAFT_UTILITY] = state[i, L.S_DRAFT_UTILITY]
        trend = state[i, L.S_BELIEF_TREND]
        series_state[k, i, L.SS_BELIEF_TREND] = trend + state[i, L.S_BELIEF_BIAS] * abs(trend)
        series_state[k, i, L.SS_RIPE] = state[i, L.S_RIPE]
    for f in range(front.shape[0]):
        series_front[k, f] = front[f, L.F_DEPTH]
    series_global[k, L.SG_CEASEFIRE] = glob[L.G_CEASEFIRE]
    series_global[k, L.SG_TALKS_PROGRESS] = glob[L.G_TALKS_PROGRESS]
    series_global[k, L.SG_TALKS_STATUS] = glob[L.G_TALKS_STATUS]
    series_global[k, L.SG_DRAFT_VERSION] = glob[L.G_DRAFT_VERSION]
    series_global[k, L.SG_FREEZE_POINT] = glob[L.G_FREEZE_POINT]
    series_global[k, L.SG_GAP] = glob[L.G_GAP]
    series_global[k, L.SG_PRESSURE_LEVEL] = glob[L.G_PRESSURE_LEVEL]
    series_global[k, L.SG_OIL_PRICE] = glob[L.G_OIL_PRICE]
    series_global[k, L.SG_DEFENCE_INDEX] = glob[L.G_DEFENCE_INDEX]
    series_global[k, L.SG_RECONSTRUCTION_INDEX] = glob[L.G_RECON_INDEX]
    series_global[k, L.SG_BOND_PRICE] = glob[L.G_BOND_PRICE]
    series_global[k, L.SG_SETTLEMENT_ODDS] = glob[L.G_SETTLE_ODDS]
    series_global[k, L.SG_SANCTIONS_RELIEF] = glob[L.G_RELIEF_APPLIED]
