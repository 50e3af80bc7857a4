"""Drivers: stepping many runs at once, ``prange`` over the run axis.

A driver takes the World, slices every block for run ``r`` once, and hands the
small per-run arrays to :func:`engine.core.day.step_day` for each day. Each run
only touches its own rows and draws keyed random numbers, so the result does not
depend on the thread count or on which runs share a call.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from engine import layout as L
from engine.core.day import step_day
from engine.mechanisms.economy.kernel import economy_day, init_economy
from engine.mechanisms.politics.kernel import politics_day


@njit(cache=True)
def run_one(w, r, n_days):
    """Advance run ``r`` (int64) of World ``w`` by up to ``n_days`` days (it stops once ended)."""
    seed = w.seed[r]
    record_every = w.record_every[0]
    glob = w.glob[r]
    glob_param = w.glob_param[r]
    state = w.state[r]
    state_param = w.state_param[r]
    log = w.log[r]
    log_count = w.log_count[r : r + 1]
    event_day = w.event_day[r]
    event_value = w.event_value[r]
    hazard_rate = w.hazard_rate[r]
    hazard_value = w.hazard_value[r]
    front = w.front[r]
    front_param = w.front_param[r]
    settlement_depth = w.settlement_depth[r]
    settlement_taken = w.settlement_taken[r]
    econ_param = w.econ_param[r]
    econ_glob_param = w.econ_glob_param[r]
    sanctions = w.sanctions[r]
    sanctions_bite = w.sanctions_bite[r]
    aid = w.aid[r]
    econ_event_day = w.econ_event_day[r]
    econ_event_value = w.econ_event_value[r]
    election_day = w.election_day[r]
    talks_param = w.talks_param[r]
    ideal = w.ideal[r]
    salience = w.salience[r]
    red_lo0 = w.red_lo0[r]
    red_hi0 = w.red_hi0[r]
    red_lo = w.red_lo[r]
    red_hi = w.red_hi[r]
    demand = w.demand[r]
    draft = w.draft[r]
    no_deal = w.no_deal[r]
    terms = w.terms[r]
    territory_area = w.territory_area[r]
    territory_value = w.territory_value[r]
    envoy = w.envoy[r]
    envoy_param = w.envoy_param[r]
    trust = w.trust[r]
    travel_days = w.travel_days[r]
    talks_scratch = w.talks_scratch[r]
    series_state = w.series_state[r]
    series_front = w.series_front[r]
    series_global = w.series_global[r]
    # shared structure (no run axis), taken out of the World before the day loop too
    role = w.role
    event_kind = w.event_kind
    event_target = w.event_target
    hazard_kind = w.hazard_kind
    hazard_target = w.hazard_target
    front_attacker = w.front_attacker
    front_defender = w.front_defender
    settlement_count = w.settlement_count
    econ_event_kind = w.econ_event_kind
    econ_event_a = w.econ_event_a
    econ_event_b = w.econ_event_b
    election_state = w.election_state
    talks_roles = w.talks_roles
    issue_strong_low = w.issue_strong_low
    patron_of = w.patron_of
    envoy_principal = w.envoy_principal
    days = w.day[r : r + 1]
    for _ in range(n_days):
        if glob[L.G_ENDED] > 0.0:
            break
        day = days[0]
        step_day(
            seed, day, record_every,
            role, glob, glob_param, state, state_param, log, log_count,
            event_day, event_value, event_kind, event_target,
            hazard_rate, hazard_value, hazard_kind, hazard_target,
            front, front_param, front_attacker, front_defender, settlement_count,
            settlement_depth, settlement_taken,
            econ_param, econ_glob_param, sanctions, sanctions_bite, aid,
            econ_event_day, econ_event_value, econ_event_kind, econ_event_a, econ_event_b,
            election_day, election_state,
            talks_param, talks_roles, issue_strong_low, ideal, salience, red_lo0, red_hi0,
            red_lo, red_hi, demand, draft, no_deal, terms, territory_area, territory_value,
            patron_of, envoy, envoy_param, envoy_principal, trust, travel_days, talks_scratch,
            series_state, series_front, series_global,
        )
        days[0] = day + 1


@njit(cache=True, parallel=True)
def _run_days(w, n_days):
    for run in prange(w.seed.shape[0]):
        run_one(w, np.int64(run), n_days)


@njit(cache=True)
def _run_days_serial(w, n_days):
    for run in range(w.seed.shape[0]):
        run_one(w, np.int64(run), n_days)


def run_days(world, n_days: int, parallel: bool = True) -> None:
    """Advance every run of ``world`` by ``n_days`` days, in place."""
    if n_days <= 0:
        return
    if parallel and world.seed.shape[0] > 1:
        _run_days(world, np.int64(n_days))
    else:
        _run_days_serial(world, np.int64(n_days))


@njit(cache=True)
def init_economy_all(w):
    """The economy's day-0 snapshot for every run of a freshly built World."""
    for run in range(w.seed.shape[0]):
        r = np.int64(run)
        init_economy(w.glob[r], w.glob_param[r], w.state[r], w.econ_param[r], w.econ_glob_param[r],
                     w.sanctions[r], w.sanctions_bite[r], w.aid[r], w.log[r], w.log_count[r : r + 1])


def economy_only(world, r: int, day: int) -> None:
    """Step only the economy of run ``r`` for ``day`` (tests hold the other mechanisms still)."""
    _economy_only(world, np.int64(r), np.int64(day))


@njit(cache=True)
def _economy_only(w, r, day):
    economy_day(w.seed[r], day, w.glob[r], w.glob_param[r], w.state[r], w.econ_param[r],
                w.econ_glob_param[r], w.sanctions[r], w.sanctions_bite[r], w.aid[r],
                w.econ_event_day[r], w.econ_event_value[r], w.econ_event_kind, w.econ_event_a,
                w.econ_event_b, w.log[r], w.log_count[r : r + 1])


def politics_only(world, r: int, day: int) -> None:
    """Step only domestic politics of run ``r`` for ``day`` (tests hold the rest still)."""
    _politics_only(world, np.int64(r), np.int64(day))


@njit(cache=True)
def _politics_only(w, r, day):
    politics_day(w.seed[r], day, w.role, w.glob[r], w.state[r], w.state_param[r], w.econ_param[r],
                 w.election_day[r], w.election_state, w.log[r], w.log_count[r : r + 1])
