"""Bargaining arithmetic shared by the talks kernels: the territory map, utility of a
draft, red lines, BATNA and leverage.

docs/model.md ("Talks") has the equations. Every array argument is run ``r``'s
slice of a World block: per state and issue ``ideal``, ``salience``, ``red_lo``,
``red_hi`` float64[N, K]; issue vectors ``x`` float64[K].
Twin: :mod:`engine.mechanisms.talks.reference_bargaining`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.jit import helper, kernel


@helper
def interp_knots(x, xs, ys):
    """Piecewise-linear map through knots ``(xs, ys)``, flat beyond the end knots."""
    n = xs.shape[0]
    if n == 0:
        return 0.5
    if x <= xs[0]:
        return ys[0]
    for j in range(1, n):
        if x <= xs[j]:
            return ys[j - 1] + (x - xs[j - 1]) / (xs[j] - xs[j - 1]) * (ys[j] - ys[j - 1])
    return ys[n - 1]


@helper
def held_area(state, talks_param, talks_roles):
    """Km2 the territory holder holds today: its start area plus its net gains."""
    h = talks_roles[L.TR_HOLDER]
    if h < 0:
        return 0.0
    return talks_param[L.TP_AREA0] + state[h, L.S_TERRITORY]


@kernel
def utility(i, x, talks_param, ideal, salience):
    """``U_i(x) = sum_k s_ik (1 - |x_k - ideal_ik|^p)`` (no red-line penalty)."""
    p = talks_param[L.TP_EXPONENT]
    u = 0.0
    if p == 1.0:
        # the linear loss (the reference scenario's): pow(d, 1) is d exactly, so skipping
        # the call changes no bit and saves one pow per issue (a third of the talks' day)
        for k in range(x.shape[0]):
            u += salience[i, k] * (1.0 - abs(x[k] - ideal[i, k]))
        return u
    for k in range(x.shape[0]):
        u += salience[i, k] * (1.0 - abs(x[k] - ideal[i, k]) ** p)
    return u


@kernel
def violation(i, x, red_lo, red_hi):
    """Total distance of ``x`` outside state i's red lines (issue units)."""
    v = 0.0
    for k in range(x.shape[0]):
        v += max(red_lo[i, k] - x[k], 0.0) + max(x[k] - red_hi[i, k], 0.0)
    return v


@kernel
def penalised_utility(i, x, talks_param, ideal, salience, red_lo, red_hi):
    """``U_i(x)`` minus ``red_line_penalty * violation``."""
    u = utility(i, x, talks_param, ideal, salience)
    return u - talks_param[L.TP_RED_PENALTY] * violation(i, x, red_lo, red_hi)


@helper
def believed_trend(state, i):
    """Believed daily change of i's own territory: smoothed observation plus optimism."""
    m = state[i, L.S_BELIEF_TREND]
    return m + state[i, L.S_BELIEF_BIAS] * abs(m)


@kernel
def batna(i, x, state, state_param, talks_param, talks_roles, ideal, salience, no_deal,
          territory_area, territory_value):
    """Value of fighting on for the horizon H (utility per day of the settlement).

    ``(1 - d^H) (U_i(S_now) - c_i) + d^H U_i(S_H)``: the no-deal point with the
    territory at today's line while fighting, then at the line i expects after H
    days; ``c_i`` the cost of fighting weighted by (1 - resolve) and war support.
    x : float64[K] scratch; territory_area, territory_value : float64[NKN] knots.
    """
    horizon = talks_param[L.TP_HORIZON]
    for k in range(x.shape[0]):
        x[k] = no_deal[k]
    t = talks_roles[L.TR_TERRITORY]
    area = held_area(state, talks_param, talks_roles)
    if t >= 0:
        x[t] = interp_knots(area, territory_area, territory_value)
    u_now = utility(i, x, talks_param, ideal, salience)
    own = believed_trend(state, i) + state_param[i, L.SP_RISK] * np.sqrt(state[i, L.S_BELIEF_VAR])
    gain = own if i == talks_roles[L.TR_HOLDER] else -own
    if t >= 0:
        x[t] = interp_knots(area + gain * horizon, territory_area, territory_value)
    u_war = utility(i, x, talks_param, ideal, salience)
    pain = (
        talks_param[L.TP_CASUALTY_COST] * state[i, L.S_LOSS_RATE] * 365.0
        + talks_param[L.TP_ECON_COST] * state[i, L.S_ECON_PAIN]
        + talks_param[L.TP_PRESSURE_COST] * state[i, L.S_PRESSURE_FELT]
    )
    weariness = 1.0 + talks_param[L.TP_WEARINESS] * (1.0 - state[i, L.S_WAR_SUPPORT])
    cost = (1.0 - state_param[i, L.SP_RESOLVE]) * pain * weariness
    dh = state_param[i, L.SP_DISCOUNT] ** horizon
    return (1.0 - dh) * (u_now - cost) + dh * u_war


@helper
def other_side(talks_roles, i):
    a = talks_roles[L.TR_SIDE_A]
    return talks_roles[L.TR_SIDE_B] if i == a else a


@kernel
def leverage(c, role, state, talks_param, talks_roles, patron_of):
    """Weight of c's counter-demands: capability x believed trend x patron backing.

    1 for a belligerent with half the troops, a flat trend and no patrons.
    patron_of : int64[N], the state a patron backs (-1 for others).
    """
    if role[c] != L.ROLE_BELLIGERENT:
        return talks_param[L.TP_PATRON_WEIGHT]
    o = other_side(talks_roles, c)
    own = state[c, L.S_RESERVE] + state[c, L.S_COMMITTED]
    opp = state[o, L.S_RESERVE] + state[o, L.S_COMMITTED]
    cap = 0.5 if own + opp <= 0.0 else own / (own + opp)
    trend = np.tanh(believed_trend(state, c) / talks_param[L.TP_TREND_SCALE])
    backing = 0.0
    for j in range(role.shape[0]):
        if patron_of[j] == c:
            backing += 1.0
    backing *= 1.0 - state[c, L.S_AID_PAUSED]
    return (
        2.0 * cap * max(1.0 + talks_param[L.TP_TREND_WEIGHT] * trend, 0.0)
        * (1.0 + talks_param[L.TP_PATRON_WEIGHT] * backing)
    )


@helper
def strength(k, x, issue_strong_low):
    """Strength on issue k's scale (guarantees, force, relief) of value ``x[k]``."""
    if k < 0:
        return 0.0
    return 1.0 - x[k] if issue_strong_low[k] == 1 else x[k]


@kernel
def update_red_lines(freeze, state, state_param, talks_roles, ideal, red_lo0, red_hi0, red_lo,
                     red_hi):
    """Today's red lines: as written, loosened by ``S_RED_GIVE``; a territorial line
    tied to the front follows ``freeze + offset`` (a holder never signs back what it holds,
    the other side never signs away more than ``offset`` beyond the line)."""
    t = talks_roles[L.TR_TERRITORY]
    for i in range(state.shape[0]):
        give = state[i, L.S_RED_GIVE]
        for k in range(red_lo.shape[1]):
            lo0 = red_lo0[i, k]
            hi0 = red_hi0[i, k]
            lo = max(lo0 - give, 0.0) if lo0 > 0.0 else lo0
            hi = min(hi0 + give, 1.0) if hi0 < 1.0 else hi0
            if k == t and state_param[i, L.SP_RED_RELATIVE] > 0.0:
                line = freeze + state_param[i, L.SP_RED_OFFSET]
                if ideal[i, k] > freeze:
                    lo = min(max(max(lo0 - give, line), 0.0), 1.0)
                else:
                    hi = min(max(max(hi0, line) + give, 0.0), 1.0)
            red_lo[i, k] = lo
            red_hi[i, k] = hi
