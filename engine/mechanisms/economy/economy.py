"""Economy: scheduled economic events, sanctions, aid, growth, budgets and war production.

MODEL step 4; the equations are in docs/model.md ("Economy, sanctions, energy and
markets"). Every array argument is run ``r``'s slice of a World block: ``state``
float64[N, N_STATE], ``econ_param`` float64[N, N_ECON_PARAM], ``sanctions``,
``sanctions_bite`` and ``aid`` float64[N, N] (sender -> target).
Twin: :mod:`engine.mechanisms.economy.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import kernel
from engine.core.maths import pow_

DAYS_PER_YEAR = 365.0


@kernel
def apply_econ_events(
    day, state, econ_param, sanctions, aid,
    econ_event_day, econ_event_value, econ_event_kind, econ_event_a, econ_event_b,
    log, log_count,
):
    """Scheduled sanctions packages, aid decisions, financing and price caps due today."""
    for e in range(econ_event_kind.shape[0]):
        if econ_event_day[e] != day:
            continue
        kind = econ_event_kind[e]
        a = econ_event_a[e]
        b = econ_event_b[e]
        v = econ_event_value[e]
        if kind == L.EV_SANCTIONS:
            sanctions[a, b] = min(sanctions[a, b] + v, 1.0)
        elif kind == L.EV_AID:
            aid[a, b] = v
        elif kind == L.EV_FINANCING:
            state[b, L.S_FISCAL_BUFFER] += v * econ_param[a, L.EP_AID_SCALE]
        elif kind == L.EV_PRICE_CAP:
            state[b, L.S_PRICE_CAP] = v
        log_event(log, log_count, day, kind, a, b, v)


@kernel
def phase_relief(glob, glob_param):
    """Agreed relief is phased in: ``relief += (agreed - relief) / relief_phase_days``."""
    glob[L.G_RELIEF_APPLIED] += (glob[L.G_SANCTIONS_RELIEF] - glob[L.G_RELIEF_APPLIED]) / glob_param[
        L.GP_RELIEF_PHASE_DAYS
    ]


@kernel
def sanctions_bite(intensity, glob, state, sanctions, bite):
    """Bite of each sender's sanctions and their combined bite on each target.

    ``bite_ij = min(coverage_ij * intensity, 1) * (1 - relief)``; the mediator's
    pressure on ``j`` acts like one more sender; the combined bite is
    ``B_j = 1 - prod_i (1 - bite_ij) * (1 - pressure_j)``.
    """
    n = state.shape[0]
    keep = 1.0 - glob[L.G_RELIEF_APPLIED]
    for j in range(n):
        untouched = 1.0
        for i in range(n):
            b = min(sanctions[i, j] * intensity, 1.0) * keep
            bite[i, j] = b
            untouched *= 1.0 - b
        pressure = min(max(state[j, L.S_PRESSURE_SANCTIONS], 0.0) * intensity, 1.0) * keep
        untouched *= 1.0 - pressure
        state[j, L.S_SANCTIONS_BITE] = 1.0 - untouched


@kernel
def aid_flows(scaled, glob_param, state, econ_param, aid):
    """Money and materiel each state receives from patrons (a mediator's pause stops part).

    ``scaled`` 0.0 gives the flows at each patron's reference scale (1), 1.0 at its own.
    """
    n = state.shape[0]
    pause_share = glob_param[L.GP_AID_PAUSE_SHARE]
    for b in range(n):
        paused = min(max(state[b, L.S_AID_PAUSED], 0.0), 1.0)
        flowing = 1.0 - pause_share * paused
        money = 0.0
        materiel = 0.0
        for a in range(n):
            scale = econ_param[a, L.EP_AID_SCALE] if scaled > 0.0 else 1.0
            level = aid[a, b] * scale * flowing
            share = econ_param[a, L.EP_MATERIEL_SHARE]
            money += level * (1.0 - share)
            materiel += level * share
        state[b, L.S_AID_MONEY_IN] = money
        state[b, L.S_AID_MATERIEL_IN] = materiel


@kernel
def grow(glob, state, econ_param):
    """Today's growth ``g = trend - drag_s * B - drag_w * war + dividend * peace + cycle``;
    GDP grows by ``exp(g / 365)``; the cyclical part decays by its half-life."""
    at_war = 1.0 - min(max(glob[L.G_CEASEFIRE], 0.0), 1.0)
    for j in range(state.shape[0]):
        if econ_param[j, L.EP_ECONOMY] == 0.0:
            continue
        g = (
            econ_param[j, L.EP_TREND_GROWTH]
            - econ_param[j, L.EP_SANCTIONS_DRAG] * state[j, L.S_SANCTIONS_BITE]
            - econ_param[j, L.EP_WAR_DRAG] * at_war
            + econ_param[j, L.EP_PEACE_DIVIDEND] * (1.0 - at_war)
            + state[j, L.S_CYCLE]
        )
        state[j, L.S_GROWTH] = g
        state[j, L.S_GDP] *= np.exp(g / DAYS_PER_YEAR)
        state[j, L.S_CYCLE] *= econ_param[j, L.EP_CYCLE_DECAY]


@kernel
def budget(day, update_buffer, glob_param, state, econ_param, log, log_count):
    """Budgets, war spending, the fiscal buffer, war production and economic pain.

    ``financing = revenue + aid money + borrowing + buffer / horizon``; spending
    ``need = (civil + war) * GDP`` is cut by ``shortfall = max(need - financing, 0)``,
    ``war_cut_share`` of it from war spending. The buffer pays the deficit beyond
    borrowing (only when ``update_buffer`` is 1.0). Production factor
    ``(effort / effort_0)**elasticity * supply / supply_0`` with
    ``effort = war budget + materiel aid`` and ``supply = 1 - component_hit * B``.
    """
    horizon = glob_param[L.GP_BUFFER_HORIZON]
    cut = glob_param[L.GP_WAR_CUT_SHARE]
    for j in range(state.shape[0]):
        if econ_param[j, L.EP_ECONOMY] == 0.0:
            continue
        y = state[j, L.S_GDP]
        revenue = econ_param[j, L.EP_REVENUE_SHARE] * y + econ_param[j, L.EP_FISCAL_TAKE] * state[
            j, L.S_OIL_REVENUE
        ]
        aid_money = state[j, L.S_AID_MONEY_IN]
        need = (econ_param[j, L.EP_CIVIL_SHARE] + econ_param[j, L.EP_WAR_SHARE]) * y
        borrowing = econ_param[j, L.EP_BORROWING]
        financing = revenue + aid_money + borrowing + state[j, L.S_FISCAL_BUFFER] / horizon
        shortfall = max(need - financing, 0.0)
        war_budget = max(econ_param[j, L.EP_WAR_SHARE] * y - cut * shortfall, 0.0)
        deficit = need - shortfall - revenue - aid_money
        state[j, L.S_SHORTFALL] = shortfall
        state[j, L.S_WAR_BUDGET] = war_budget
        state[j, L.S_DEFICIT] = deficit
        if update_buffer > 0.0:
            before = state[j, L.S_FISCAL_BUFFER]
            if deficit > borrowing:
                after = max(before - (deficit - borrowing) / DAYS_PER_YEAR, 0.0)
            elif deficit < 0.0:
                after = before - deficit / DAYS_PER_YEAR
            else:
                after = before
            state[j, L.S_FISCAL_BUFFER] = after
            if before > 0.0 and after <= 0.0:
                log_event(log, log_count, day, L.EV_BUFFER_EMPTY, j, -1, deficit)
        # war production
        effort = war_budget + state[j, L.S_AID_MATERIEL_IN]
        supply = 1.0 - econ_param[j, L.EP_COMPONENT_HIT] * state[j, L.S_SANCTIONS_BITE]
        factor = 1.0
        if state[j, L.S_EFFORT_REF] > 0.0:
            factor = pow_(effort / state[j, L.S_EFFORT_REF], glob_param[L.GP_BUDGET_ELASTICITY])
        if state[j, L.S_SUPPLY_REF] > 0.0:
            factor *= supply / state[j, L.S_SUPPLY_REF]
        state[j, L.S_PRODUCTION_ECON] = factor
        state[j, L.S_PRODUCTION_MULT] = state[j, L.S_PRODUCTION_EVENT] * factor
        # economic pain: growth below trend and spending that could not be financed
        pain = max(econ_param[j, L.EP_TREND_GROWTH] - state[j, L.S_GROWTH], 0.0) / glob_param[
            L.GP_PAIN_SCALE
        ]
        if need > 0.0:
            pain += shortfall / need
        state[j, L.S_ECON_PAIN] = min(max(pain, 0.0), 1.0)
