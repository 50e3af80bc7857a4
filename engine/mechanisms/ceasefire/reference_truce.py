"""Plain-Python twin of :mod:`engine.mechanisms.ceasefire.truce` (same names, same loop
order), on the talks game's nested lists (``model.game``)."""

from __future__ import annotations

from engine import layout as L
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.reference import felt_cost, war_value, win_prob
from engine.mechanisms.bargaining.reference_aims import guarantee
from engine.mechanisms.ceasefire.reference import incident
from engine.reference.rng import normal


def trust_after(q, like_keep, like_resume):
    den = q * like_keep + (1.0 - q) * like_resume
    return q * like_keep / den if den > 0.0 else q


def share_of(i, st):
    return st[C.S_SHARE_A] if i == 0 else 1.0 - st[C.S_SHARE_A]


def shift_now(day, ipar, par, st):
    check = int(st[C.S_DEAL_DAY]) + ipar[C.I_SHIFT_DAYS]
    if day < check:
        return par[C.P_SHIFT]
    return par[C.P_SHIFT] + par[C.P_SHIFT_SD] * normal(ipar[C.I_SEED], check, C.STREAM_SHIFT, 0)


def war_after_shift(i, j, o, shift, par, side, types, st):
    p = win_prob(types[C.TY_STRENGTH][i][j], types[C.TY_STRENGTH][1 - i][o])
    sign = -1.0 if i == 0 else 1.0
    pq = min(max(p + sign * shift, 0.0), 1.0)
    return war_value(pq, felt_cost(i, j, side, types, st), side[i][C.SP_DISCOUNT], par[C.P_HAZARD])


def deal_guarantee(par, st):
    return guarantee(st[C.S_SHARE_A], 0, par[C.P_G_CLIENT], par[C.P_GUARANTEE],
                     par[C.P_G_PER_LEVEL])


def trust_at_signing(ipar, par, side, types, vals, st):
    g = deal_guarantee(par, st)
    eps = par[C.P_TREMBLE]
    for i in range(2):
        k = 1 - i
        j = ipar[C.I_TYPE_A + i]
        q = 0.0
        for o in range(len(types[0][0])):
            if war_after_shift(k, o, j, par[C.P_SHIFT], par, side, types, st) - g <= share_of(k, st):
                q += vals[C.V_BELIEF][i][o]
        st[C.S_TRUST_A + i] = min(max(q, eps), 1.0 - eps)


def resume_margin(i, day, ipar, par, side, types, vals, st):
    j = ipar[C.I_TYPE_A + i]
    shift = shift_now(day, ipar, par, st)
    w = 0.0
    for o in range(len(types[0][0])):
        w += vals[C.V_BELIEF][i][o] * war_after_shift(i, j, o, shift, par, side, types, st)
    q = st[C.S_TRUST_A + i]
    return q * (w - share_of(i, st)) + (1.0 - q) * par[C.P_SURPRISE] - deal_guarantee(par, st)


def end_truce(day, who, why, st):
    st[C.S_OUTCOME] = C.OUT_COLLAPSED
    st[C.S_END_DAY] = day
    st[C.S_RENEGER] = who
    st[C.S_BREAK] = why


def truce_day(model, day: int) -> None:
    """One day of a deal's truce: incident, trust, escalation, re-decision."""
    g = model.game
    ipar, par, side, types, vals, st = g.ipar, g.par, g.side, g.types, g.vals, g.st
    talks = model.talks
    states = (talks.side_a.index, talks.side_b.index)
    escalate = incident(model, day)
    half = 0.5 * model.incident_hazard
    m = par[C.P_ATTRIB]
    quiet_keep = 1.0 - min(half, 1.0)
    quiet_resume = 1.0 - min(m * half, 1.0)
    if escalate < 0.0:
        for i in range(2):
            st[C.S_TRUST_A + i] = trust_after(st[C.S_TRUST_A + i], quiet_keep, quiet_resume)
        return
    blamed = 0 if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 2) < 0.5 else 1
    hit = 1 - blamed
    st[C.S_INCIDENTS] += 1.0
    st[C.S_TRUST_A + hit] = trust_after(st[C.S_TRUST_A + hit], min(half, 1.0), min(m * half, 1.0))
    st[C.S_TRUST_A + blamed] = trust_after(st[C.S_TRUST_A + blamed], quiet_keep, quiet_resume)
    model.log(day, L.EV_INCIDENT, states[blamed], states[hit], st[C.S_TRUST_A + hit])
    if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 1) < escalate:
        model.log(day, L.EV_VIOLATION, states[blamed], C.BREAK_ESCALATED, escalate)
        end_truce(day, blamed, C.BREAK_ESCALATED, st)
        return
    if par[C.P_REDECIDE] <= 0.0:
        return
    resumers = 0
    who = -1
    for i in range(2):
        margin = resume_margin(i, day, ipar, par, side, types, vals, st)
        if margin > 0.0:
            model.log(day, L.EV_VIOLATION, states[i], C.BREAK_REDECIDE, margin)
            resumers += 1
            who = i
    if resumers > 0:
        end_truce(day, 2 if resumers == 2 else who, C.BREAK_REDECIDE, st)
