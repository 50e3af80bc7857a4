"""Economy: scheduled economic events, sanctions, aid, growth, budgets and war production.

MODEL step 4; the equations are in docs/model.md ("Economy, sanctions, energy and
markets"). The oil price is in :mod:`engine.kernels.energy`, the market indicators in
:mod:`engine.kernels.markets`; :func:`economy_day` composes the step.
Twin: :mod:`engine.reference.economy`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import economy_layout as E
from engine import layout as L
from engine.kernels.energy import export_volumes, oil_price, oil_revenue
from engine.kernels.events import log_event
from engine.kernels.markets import markets, settlement_odds

DAYS_PER_YEAR = 365.0


@njit(cache=True)
def apply_econ_events(w, r, day):
    """Scheduled sanctions packages, aid decisions, financing and price caps due today."""
    for e in range(w.econ_event_kind.shape[0]):
        if w.econ_event_day[r, e] != day:
            continue
        kind = w.econ_event_kind[e]
        a = w.econ_event_a[e]
        b = w.econ_event_b[e]
        v = w.econ_event_value[r, e]
        if kind == L.EV_SANCTIONS:
            w.sanctions[r, a, b] = min(w.sanctions[r, a, b] + v, 1.0)
        elif kind == L.EV_AID:
            w.aid[r, a, b] = v
        elif kind == L.EV_FINANCING:
            w.state[r, b, L.S_FISCAL_BUFFER] += v * w.econ_param[r, a, E.EP_AID_SCALE]
        elif kind == L.EV_PRICE_CAP:
            w.state[r, b, L.S_PRICE_CAP] = v
        log_event(w, r, day, kind, a, b, v)


@njit(cache=True)
def phase_relief(w, r):
    """Agreed relief is phased in: ``relief += (agreed - relief) / relief_phase_days``."""
    g = w.glob[r]
    g[L.G_RELIEF_APPLIED] += (g[L.G_SANCTIONS_RELIEF] - g[L.G_RELIEF_APPLIED]) / w.glob_param[
        r, L.GP_RELIEF_PHASE_DAYS
    ]


@njit(cache=True)
def sanctions_bite(w, r, intensity):
    """Bite of each sender's sanctions and their combined bite on each target.

    ``bite_ij = min(coverage_ij * intensity, 1) * (1 - relief)``; the mediator's
    pressure on ``j`` acts like one more sender; the combined bite is
    ``B_j = 1 - prod_i (1 - bite_ij) * (1 - pressure_j)``.
    """
    n = w.role.shape[0]
    keep = 1.0 - w.glob[r, L.G_RELIEF_APPLIED]
    for j in range(n):
        untouched = 1.0
        for i in range(n):
            b = min(w.sanctions[r, i, j] * intensity, 1.0) * keep
            w.sanctions_bite[r, i, j] = b
            untouched *= 1.0 - b
        pressure = min(max(w.state[r, j, L.S_PRESSURE_SANCTIONS], 0.0) * intensity, 1.0) * keep
        untouched *= 1.0 - pressure
        w.state[r, j, L.S_SANCTIONS_BITE] = 1.0 - untouched


@njit(cache=True)
def aid_flows(w, r, scaled):
    """Money and materiel each state receives from patrons (a mediator's pause stops part).

    ``scaled`` False gives the flows at each patron's reference scale (1).
    """
    n = w.role.shape[0]
    pause_share = w.glob_param[r, L.GP_AID_PAUSE_SHARE]
    for b in range(n):
        paused = min(max(w.state[r, b, L.S_AID_PAUSED], 0.0), 1.0)
        flowing = 1.0 - pause_share * paused
        money = 0.0
        materiel = 0.0
        for a in range(n):
            scale = w.econ_param[r, a, E.EP_AID_SCALE] if scaled else 1.0
            level = w.aid[r, a, b] * scale * flowing
            share = w.econ_param[r, a, E.EP_MATERIEL_SHARE]
            money += level * (1.0 - share)
            materiel += level * share
        w.state[r, b, L.S_AID_MONEY_IN] = money
        w.state[r, b, L.S_AID_MATERIEL_IN] = materiel


@njit(cache=True)
def grow(w, r):
    """Today's growth ``g = trend - drag_s * B - drag_w * war + dividend * peace + cycle``;
    GDP grows by ``exp(g / 365)``; the cyclical part decays by its half-life."""
    at_war = 1.0 - min(max(w.glob[r, L.G_CEASEFIRE], 0.0), 1.0)
    for j in range(w.role.shape[0]):
        p = w.econ_param[r, j]
        if p[E.EP_ECONOMY] == 0.0:
            continue
        s = w.state[r, j]
        g = (
            p[E.EP_TREND_GROWTH]
            - p[E.EP_SANCTIONS_DRAG] * s[L.S_SANCTIONS_BITE]
            - p[E.EP_WAR_DRAG] * at_war
            + p[E.EP_PEACE_DIVIDEND] * (1.0 - at_war)
            + s[L.S_CYCLE]
        )
        s[L.S_GROWTH] = g
        s[L.S_GDP] *= np.exp(g / DAYS_PER_YEAR)
        s[L.S_CYCLE] *= p[E.EP_CYCLE_DECAY]


@njit(cache=True)
def budget(w, r, day, update_buffer):
    """Budgets, war spending, the fiscal buffer, war production and economic pain.

    ``financing = revenue + aid money + borrowing + buffer / horizon``; spending
    ``need = (civil + war) * GDP`` is cut by ``shortfall = max(need - financing, 0)``,
    ``war_cut_share`` of it from war spending. The buffer pays the deficit beyond
    borrowing. Production factor ``(effort / effort_0)**elasticity * supply / supply_0``
    with ``effort = war budget + materiel aid`` and ``supply = 1 - component_hit * B``.
    """
    gp = w.glob_param[r]
    horizon = gp[L.GP_BUFFER_HORIZON]
    cut = gp[L.GP_WAR_CUT_SHARE]
    for j in range(w.role.shape[0]):
        p = w.econ_param[r, j]
        if p[E.EP_ECONOMY] == 0.0:
            continue
        s = w.state[r, j]
        y = s[L.S_GDP]
        revenue = p[E.EP_REVENUE_SHARE] * y + p[E.EP_FISCAL_TAKE] * s[L.S_OIL_REVENUE]
        aid_money = s[L.S_AID_MONEY_IN]
        need = (p[E.EP_CIVIL_SHARE] + p[E.EP_WAR_SHARE]) * y
        financing = revenue + aid_money + p[E.EP_BORROWING] + s[L.S_FISCAL_BUFFER] / horizon
        shortfall = max(need - financing, 0.0)
        war_budget = max(p[E.EP_WAR_SHARE] * y - cut * shortfall, 0.0)
        deficit = need - shortfall - revenue - aid_money
        s[L.S_SHORTFALL] = shortfall
        s[L.S_WAR_BUDGET] = war_budget
        s[L.S_DEFICIT] = deficit
        if update_buffer:
            before = s[L.S_FISCAL_BUFFER]
            if deficit > p[E.EP_BORROWING]:
                after = max(before - (deficit - p[E.EP_BORROWING]) / DAYS_PER_YEAR, 0.0)
            elif deficit < 0.0:
                after = before - deficit / DAYS_PER_YEAR
            else:
                after = before
            s[L.S_FISCAL_BUFFER] = after
            if before > 0.0 and after <= 0.0:
                log_event(w, r, day, L.EV_BUFFER_EMPTY, j, -1, deficit)
        # war production
        effort = war_budget + s[L.S_AID_MATERIEL_IN]
        supply = 1.0 - p[E.EP_COMPONENT_HIT] * s[L.S_SANCTIONS_BITE]
        factor = 1.0
        if s[L.S_EFFORT_REF] > 0.0:
            factor = (effort / s[L.S_EFFORT_REF]) ** gp[L.GP_BUDGET_ELASTICITY]
        if s[L.S_SUPPLY_REF] > 0.0:
            factor *= supply / s[L.S_SUPPLY_REF]
        s[L.S_PRODUCTION_ECON] = factor
        s[L.S_PRODUCTION_MULT] = s[L.S_PRODUCTION_EVENT] * factor
        # economic pain: growth below trend and spending that could not be financed
        pain = max(p[E.EP_TREND_GROWTH] - s[L.S_GROWTH], 0.0) / gp[L.GP_PAIN_SCALE]
        if need > 0.0:
            pain += shortfall / need
        s[L.S_ECON_PAIN] = min(max(pain, 0.0), 1.0)


@njit(cache=True)
def economy_day(w, r, day):
    """MODEL step 4 for run ``r``: events, sanctions, oil, aid, growth, budgets, markets."""
    apply_econ_events(w, r, day)
    phase_relief(w, r)
    odds = settlement_odds(w, r)
    sanctions_bite(w, r, w.glob_param[r, L.GP_SANCTIONS_INTENSITY])
    export_volumes(w, r)
    oil_price(w, r, day, odds)
    oil_revenue(w, r)
    aid_flows(w, r, True)
    grow(w, r)
    budget(w, r, day, True)
    markets(w, r, day, odds)


@njit(cache=True)
def init_economy(w, r):
    """Day-0 snapshot: the references that production and the oil price are measured from.

    The references are taken at the reference intensity and the patrons' reference
    aid (under which the scenario's start figures were observed), then the day-0
    columns at the run's own levels, so a run with harder sanctions or less aid
    starts with less production.
    """
    sanctions_bite(w, r, w.econ_glob_param[r, E.EG_REFERENCE_INTENSITY])
    export_volumes(w, r)
    w.glob[r, L.G_LOST_SUPPLY0] = w.glob[r, L.G_LOST_SUPPLY]
    oil_revenue(w, r)
    aid_flows(w, r, False)
    for j in range(w.role.shape[0]):
        w.state[r, j, L.S_GROWTH] = w.econ_param[r, j, E.EP_TREND_GROWTH] + w.state[r, j, L.S_CYCLE]
    budget(w, r, 0, False)
    for j in range(w.role.shape[0]):
        s = w.state[r, j]
        if w.econ_param[r, j, E.EP_ECONOMY] == 0.0:
            continue
        s[L.S_EFFORT_REF] = s[L.S_WAR_BUDGET] + s[L.S_AID_MATERIEL_IN]
        s[L.S_SUPPLY_REF] = 1.0 - w.econ_param[r, j, E.EP_COMPONENT_HIT] * s[L.S_SANCTIONS_BITE]
    sanctions_bite(w, r, w.glob_param[r, L.GP_SANCTIONS_INTENSITY])
    export_volumes(w, r)
    oil_revenue(w, r)
    aid_flows(w, r, True)
    budget(w, r, 0, False)
    for j in range(w.role.shape[0]):
        w.state[r, j, L.S_ECON_PAIN] = 0.0
    w.glob[r, L.G_SETTLE_ODDS] = settlement_odds(w, r)


@njit(cache=True)
def init_economy_all(w):
    """:func:`init_economy` for every run of a freshly built World."""
    for r in range(w.seed.shape[0]):
        init_economy(w, r)
