"""Bargaining arithmetic shared by the talks kernels: the territory map, utility of a
draft, red lines, BATNA and leverage.

docs/model.md ("Talks") has the equations. Twin: :mod:`engine.reference.bargaining`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import layout as L
from engine import talks_layout as T


@njit(cache=True)
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


@njit(cache=True)
def held_area(w, r):
    """Km2 the territory holder holds today: its start area plus its net gains."""
    h = w.talks_roles[T.TR_HOLDER]
    if h < 0:
        return 0.0
    return w.talks_param[r, T.TP_AREA0] + w.state[r, h, L.S_TERRITORY]


@njit(cache=True)
def territory_value(w, r, area):
    return interp_knots(area, w.territory_area[r], w.territory_value[r])


@njit(cache=True)
def utility(w, r, i, x, penalised):
    """``U_i(x) = sum_k s_ik (1 - |x_k - ideal_ik|^p)``, minus the red-line penalty.

    x : float64[K], issue values in [0, 1]; penalised : subtract
    ``red_line_penalty * violation`` when True.
    """
    p = w.talks_param[r, T.TP_EXPONENT]
    u = 0.0
    for k in range(x.shape[0]):
        u += w.salience[r, i, k] * (1.0 - abs(x[k] - w.ideal[r, i, k]) ** p)
    if penalised:
        u -= w.talks_param[r, T.TP_RED_PENALTY] * violation(w, r, i, x)
    return u


@njit(cache=True)
def violation(w, r, i, x):
    """Total distance of ``x`` outside state i's red lines (issue units)."""
    v = 0.0
    for k in range(x.shape[0]):
        v += max(w.red_lo[r, i, k] - x[k], 0.0) + max(x[k] - w.red_hi[r, i, k], 0.0)
    return v


@njit(cache=True)
def believed_trend(w, r, i):
    """Believed daily change of i's own territory: smoothed observation plus optimism."""
    m = w.state[r, i, L.S_BELIEF_TREND]
    return m + w.state[r, i, L.S_BELIEF_BIAS] * abs(m)


@njit(cache=True)
def batna(w, r, i, x):
    """Value of fighting on for the horizon H (utility per day of the settlement).

    ``(1 - d^H) (U_i(S_now) - c_i) + d^H U_i(S_H)``: the no-deal point with the
    territory at today's line while fighting, then at the line i expects after H
    days; ``c_i`` the cost of fighting weighted by (1 - resolve) and war support.
    x : float64[K] scratch.
    """
    s = w.state[r, i]
    p = w.state_param[r, i]
    tp = w.talks_param[r]
    horizon = tp[T.TP_HORIZON]
    for k in range(x.shape[0]):
        x[k] = w.no_deal[r, k]
    t = w.talks_roles[T.TR_TERRITORY]
    area = held_area(w, r)
    if t >= 0:
        x[t] = territory_value(w, r, area)
    u_now = utility(w, r, i, x, False)
    own = believed_trend(w, r, i) + p[L.SP_RISK] * np.sqrt(s[L.S_BELIEF_VAR])
    gain = own if i == w.talks_roles[T.TR_HOLDER] else -own
    if t >= 0:
        x[t] = territory_value(w, r, area + gain * horizon)
    u_war = utility(w, r, i, x, False)
    pain = (
        tp[T.TP_CASUALTY_COST] * s[L.S_LOSS_RATE] * 365.0
        + tp[T.TP_ECON_COST] * s[L.S_ECON_PAIN]
        + tp[T.TP_PRESSURE_COST] * s[L.S_PRESSURE_FELT]
    )
    cost = (1.0 - p[L.SP_RESOLVE]) * pain * (1.0 + tp[T.TP_WEARINESS] * (1.0 - s[L.S_WAR_SUPPORT]))
    dh = p[L.SP_DISCOUNT] ** horizon
    return (1.0 - dh) * (u_now - cost) + dh * u_war


@njit(cache=True)
def other_side(w, i):
    a = w.talks_roles[T.TR_SIDE_A]
    return w.talks_roles[T.TR_SIDE_B] if i == a else a


@njit(cache=True)
def leverage(w, r, c):
    """Weight of c's counter-demands: capability x believed trend x patron backing.

    1 for a belligerent with half the troops, a flat trend and no patrons.
    """
    tp = w.talks_param[r]
    if w.role[c] != L.ROLE_BELLIGERENT:
        return tp[T.TP_PATRON_WEIGHT]
    o = other_side(w, c)
    own = w.state[r, c, L.S_RESERVE] + w.state[r, c, L.S_COMMITTED]
    opp = w.state[r, o, L.S_RESERVE] + w.state[r, o, L.S_COMMITTED]
    cap = 0.5 if own + opp <= 0.0 else own / (own + opp)
    trend = np.tanh(believed_trend(w, r, c) / tp[T.TP_TREND_SCALE])
    backing = 0.0
    for j in range(w.role.shape[0]):
        if w.patron_of[j] == c:
            backing += 1.0
    backing *= 1.0 - w.state[r, c, L.S_AID_PAUSED]
    return (
        2.0 * cap * max(1.0 + tp[T.TP_TREND_WEIGHT] * trend, 0.0)
        * (1.0 + tp[T.TP_PATRON_WEIGHT] * backing)
    )


@njit(cache=True)
def strength(w, r, k, x):
    """Strength on issue k's scale (guarantees, force, relief) of value ``x[k]``."""
    if k < 0:
        return 0.0
    return 1.0 - x[k] if w.issue_strong_low[k] == 1 else x[k]


@njit(cache=True)
def update_red_lines(w, r, freeze):
    """Today's red lines: as written, loosened by ``S_RED_GIVE``; a territorial line
    tied to the front follows ``freeze + offset`` (a holder never signs back what it holds,
    the other side never signs away more than ``offset`` beyond the line)."""
    t = w.talks_roles[T.TR_TERRITORY]
    for i in range(w.role.shape[0]):
        give = w.state[r, i, L.S_RED_GIVE]
        for k in range(w.draft.shape[1]):
            lo0 = w.red_lo0[r, i, k]
            hi0 = w.red_hi0[r, i, k]
            lo = max(lo0 - give, 0.0) if lo0 > 0.0 else lo0
            hi = min(hi0 + give, 1.0) if hi0 < 1.0 else hi0
            if k == t and w.state_param[r, i, L.SP_RED_RELATIVE] > 0.0:
                line = freeze + w.state_param[r, i, L.SP_RED_OFFSET]
                if w.ideal[r, i, k] > freeze:
                    lo = min(max(max(lo0 - give, line), 0.0), 1.0)
                else:
                    hi = min(max(max(hi0, line) + give, 0.0), 1.0)
            w.red_lo[r, i, k] = lo
            w.red_hi[r, i, k] = hi
