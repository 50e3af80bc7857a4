"""Plain-Python twin of :mod:`engine.mechanisms.talks.bargaining`, on agent attributes."""

from __future__ import annotations

import math


def interp_knots(x: float, xs: list[float], ys: list[float]) -> float:
    if not xs:
        return 0.5
    if x <= xs[0]:
        return ys[0]
    for j in range(1, len(xs)):
        if x <= xs[j]:
            return ys[j - 1] + (x - xs[j - 1]) / (xs[j] - xs[j - 1]) * (ys[j] - ys[j - 1])
    return ys[-1]


def held_area(talks) -> float:
    if talks.holder is None:
        return 0.0
    return talks.area0 + talks.holder.territory


def territory_value(talks, area: float) -> float:
    return interp_knots(area, talks.knots_area, talks.knots_value)


def utility(talks, st, x: dict, penalised: bool) -> float:
    """Salience-weighted closeness of ``x`` to the state's ideal, minus the red-line penalty."""
    p = talks.spec.utility_exponent
    u = 0.0
    for k in talks.issues:
        d = abs(x[k] - st.ideal[k])
        u += st.salience[k] * (1.0 - (d if p == 1.0 else d**p))  # as the kernel: no pow at p = 1
    if penalised:
        u -= talks.spec.red_line_penalty * violation(talks, st, x)
    return u


def violation(talks, st, x: dict) -> float:
    v = 0.0
    for k in talks.issues:
        v += max(st.red_lo[k] - x[k], 0.0) + max(x[k] - st.red_hi[k], 0.0)
    return v


def believed_trend(st) -> float:
    return st.belief_trend + st.belief_bias * abs(st.belief_trend)


def batna(talks, st) -> float:
    """Fight on for the horizon, then settle on the no-deal point at the expected line."""
    t = talks.spec
    horizon = t.horizon_days
    x = dict(talks.no_deal)
    area = held_area(talks)
    terr = talks.territory_issue
    if terr is not None:
        x[terr] = territory_value(talks, area)
    u_now = utility(talks, st, x, False)
    own = believed_trend(st) + st.risk * math.sqrt(st.belief_var)
    gain = own if st is talks.holder else -own
    if terr is not None:
        x[terr] = territory_value(talks, area + gain * horizon)
    u_war = utility(talks, st, x, False)
    pain = (
        t.casualty_cost * st.loss_rate * 365.0
        + t.econ_cost * st.econ_pain
        + t.pressure_cost * st.pressure_felt
    )
    cost = (1.0 - st.resolve) * pain * (1.0 + t.weariness * (1.0 - st.war_support))
    dh = st.discount**horizon
    return (1.0 - dh) * (u_now - cost) + dh * u_war


def other_side(talks, st):
    return talks.side_b if st is talks.side_a else talks.side_a


def leverage(talks, st) -> float:
    t = talks.spec
    if not st.is_belligerent:
        return t.patron_weight
    other = other_side(talks, st)
    own, opp = st.troops, other.troops
    cap = 0.5 if own + opp <= 0.0 else own / (own + opp)
    trend = math.tanh(believed_trend(st) / t.trend_scale_km2)
    backing = 0.0
    for _ in st.patrons:
        backing += 1.0
    backing *= 1.0 - (1.0 if st.aid_paused else 0.0)
    return 2.0 * cap * max(1.0 + t.trend_weight * trend, 0.0) * (1.0 + t.patron_weight * backing)


def strength(talks, role: str, x: dict) -> float:
    k = talks.role_issue[role]
    if k is None:
        return 0.0
    return 1.0 - x[k] if talks.strong_low[k] else x[k]


def update_red_lines(model, freeze: float) -> None:
    talks = model.talks
    for st in model.state_list:
        give = st.red_give
        for k in talks.issues:
            lo0, hi0 = st.red_lo0[k], st.red_hi0[k]
            lo = max(lo0 - give, 0.0) if lo0 > 0.0 else lo0
            hi = min(hi0 + give, 1.0) if hi0 < 1.0 else hi0
            if k == talks.territory_issue and st.red_relative:
                line = freeze + st.red_offset
                if st.ideal[k] > freeze:
                    lo = min(max(max(lo0 - give, line), 0.0), 1.0)
                else:
                    hi = min(max(max(hi0, line) + give, 0.0), 1.0)
            st.red_lo[k] = lo
            st.red_hi[k] = hi


