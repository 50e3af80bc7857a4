"""The truce after a deal of the talks game: incidents, trust and the choice to resume.

Under a deal of the talks game (``talks.model = "bargaining"`` with
``[talks.bargaining.truce]``), each day of the ceasefire (docs/talks_game.md, "The
truce"; docs/model.md, "Ceasefire"):

1. **Incidents** come from spoilers and front-line units (Stedman 1997) at the
   ceasefire's hazard ``h = h0 (1 - g_e G)(1 - p_e P)(1 + r_e R)``, the red-line
   ceasefire's own draw (:func:`engine.mechanisms.ceasefire.kernel.incident`): guarantees
   and peacekeepers in the signed terms lower it (Fortna 2004). Each is blamed on one
   side, with even odds.
2. **Trust.** Side i's trust ``q_i`` is its belief that the other side keeps the deal.
   At signing it is the weight its belief puts on the other's types that would keep the
   deal at the expected power shift, ``q_i = sum_o b_i(o) 1[W_k(o) - g <= s_k]`` (kept
   within ``[eps, 1 - eps]``, eps the tremble). Side i reads the incidents as a
   Bayesian who believes one blamed on the other side is ``m`` times likelier when that
   side means to resume (Kydd and Walter 2002: the spoilers' lever is this doubt): an
   incident blamed on the other side gives ``q' = q (h/2) / (q h/2 + (1 - q) m h/2)``, a
   day without one ``q' = q (1 - h/2) / (q (1 - h/2) + (1 - q)(1 - m h/2))`` (trust
   rebuilds while the truce is quiet: Fortna 2004's falling hazard of relapse).
3. **Escalation.** An incident spreads into war with the red-line ceasefire's chance
   ``e = min(relapse_prob (1 + r_e R), 1)`` (a violation by the blamed side).
4. **Re-decision** (Fearon 1995; Powell 2006; Walter 2002). On an incident day each
   side re-decides: keeping the truce is worth ``q s + (1 - q)(W - b)`` (the other side
   strikes first with chance ``1 - q``, and a side caught keeping the truce loses the
   first-strike advantage ``b``), resuming ``W - g`` (the guarantee's cost of
   defection), with ``W`` its war value under its belief at the power shift (expected
   until the renege check's day, realised from then). It resumes when
   ``q (W - s) + (1 - q) b - g > 0``; with ``s > W`` that is trust below
   ``q* = (b - g) / (b + s - W)``.

Kernel rules: run ``r``'s slices, element-wise, nothing allocated. Twin:
:mod:`engine.mechanisms.ceasefire.reference_truce`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import helper, kernel
from engine.core.rng import normal, uniform
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.aims import guarantee
from engine.mechanisms.bargaining.kernel import felt_cost, war_value, win_prob
from engine.mechanisms.ceasefire.kernel import incident


@helper
def trust_after(q, like_keep, like_resume):
    """Bayes' rule on the truce's day: ``q l_k / (q l_k + (1 - q) l_r)`` with the day's
    likelihood under a side that keeps the deal (``l_k``) and one that means to resume."""
    den = q * like_keep + (1.0 - q) * like_resume
    return q * like_keep / den if den > 0.0 else q


@helper
def share_of(i, st):
    """Side ``i``'s share of the deal."""
    return st[C.S_SHARE_A] if i == 0 else 1.0 - st[C.S_SHARE_A]


@helper
def state_of(i, talks_roles):
    """The engine state of side ``i`` (0 A, 1 B)."""
    return talks_roles[L.TR_SIDE_A] if i == 0 else talks_roles[L.TR_SIDE_B]


@kernel
def shift_now(day, ipar, par, st):
    """The power shift (towards B) as the sides see it on ``day`` of a deal: expected
    until the renege check's day, the realised one from then (the check's keyed draw,
    ``normal(seed, deal + shift_days, STREAM_SHIFT, 0)``)."""
    check = np.int64(st[C.S_DEAL_DAY]) + ipar[C.I_SHIFT_DAYS]
    if day < check:
        return par[C.P_SHIFT]
    return par[C.P_SHIFT] + par[C.P_SHIFT_SD] * normal(ipar[C.I_SEED], check, C.STREAM_SHIFT, 0)


@kernel
def war_after_shift(i, j, o, shift, par, side, types, st):
    """Value of resuming the war for side ``i`` of type ``j`` against type ``o`` of the
    other side, at the power shift ``shift`` (the core's ``war_value``, felt cost)."""
    p = win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, 1 - i, o])
    sign = -1.0 if i == 0 else 1.0
    pq = min(max(p + sign * shift, 0.0), 1.0)
    return war_value(pq, felt_cost(i, j, side, types, st), side[i, C.SP_DISCOUNT], par[C.P_HAZARD])


@helper
def deal_guarantee(par, st):
    """The signed deal's cost of defection ``g`` (its guarantee level: aims.guarantee)."""
    return guarantee(st[C.S_SHARE_A], 0, par[C.P_G_CLIENT], par[C.P_GUARANTEE],
                     par[C.P_G_PER_LEVEL])


@kernel
def trust_at_signing(ipar, par, side, types, vals, st):
    """Each side's trust at signing: the weight of its belief on the other's types that
    keep the deal at the expected shift against its own true type, in ``[eps, 1 - eps]``."""
    g = deal_guarantee(par, st)
    eps = par[C.P_TREMBLE]
    for i in range(2):
        k = 1 - i
        j = ipar[C.I_TYPE_A + i]
        q = 0.0
        for o in range(types.shape[2]):
            if war_after_shift(k, o, j, par[C.P_SHIFT], par, side, types, st) - g <= share_of(k, st):
                q += vals[C.V_BELIEF, i, o]
        st[C.S_TRUST_A + i] = min(max(q, eps), 1.0 - eps)


@kernel
def resume_margin(i, day, ipar, par, side, types, vals, st):
    """How much side ``i`` gains by resuming the war rather than keeping the truce:
    ``q (W - s) + (1 - q) b - g`` (positive: it resumes)."""
    j = ipar[C.I_TYPE_A + i]
    shift = shift_now(day, ipar, par, st)
    w = 0.0
    for o in range(types.shape[2]):
        w += vals[C.V_BELIEF, i, o] * war_after_shift(i, j, o, shift, par, side, types, st)
    q = st[C.S_TRUST_A + i]
    return q * (w - share_of(i, st)) + (1.0 - q) * par[C.P_SURPRISE] - deal_guarantee(par, st)


@kernel
def end_truce(day, who, why, st):
    """The deal is over: the game's outcome is a collapse on ``day``, by side ``who``
    (0 A, 1 B, 2 both) for the reason ``why`` (``BREAK_*``)."""
    st[C.S_OUTCOME] = C.OUT_COLLAPSED
    st[C.S_END_DAY] = day
    st[C.S_RENEGER] = who
    st[C.S_BREAK] = why


@kernel
def truce_day(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low, ideal,
              salience, terms, ipar, par, side, types, vals, st, log, log_count):
    """One day of a deal's truce (the module's steps 1-4): the incident, the sides'
    trust, escalation, and each side's re-decision. Logs ``incident`` (blamed state, the
    state hit, its trust after) and, when the truce ends, ``violation`` (the state that
    broke it, ``BREAK_*``, the escalation chance or its margin); the game's outcome is
    then a collapse (:func:`end_truce`) and the caller ends the ceasefire."""
    escalate = incident(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low,
                        ideal, salience, terms)
    half = 0.5 * glob[L.G_INCIDENT_HAZARD]
    m = par[C.P_ATTRIB]
    quiet_keep = 1.0 - min(half, 1.0)
    quiet_resume = 1.0 - min(m * half, 1.0)
    if escalate < 0.0:
        for i in range(2):
            st[C.S_TRUST_A + i] = trust_after(st[C.S_TRUST_A + i], quiet_keep, quiet_resume)
        return
    blamed = np.int64(0) if uniform(seed, day, L.STREAM_CEASEFIRE, 2) < 0.5 else np.int64(1)
    hit = 1 - blamed
    st[C.S_INCIDENTS] += 1.0
    st[C.S_TRUST_A + hit] = trust_after(st[C.S_TRUST_A + hit], min(half, 1.0), min(m * half, 1.0))
    st[C.S_TRUST_A + blamed] = trust_after(st[C.S_TRUST_A + blamed], quiet_keep, quiet_resume)
    state_blamed = state_of(blamed, talks_roles)
    log_event(log, log_count, day, L.EV_INCIDENT, state_blamed, state_of(hit, talks_roles),
              st[C.S_TRUST_A + hit])
    if uniform(seed, day, L.STREAM_CEASEFIRE, 1) < escalate:
        log_event(log, log_count, day, L.EV_VIOLATION, state_blamed, C.BREAK_ESCALATED, escalate)
        end_truce(day, blamed, C.BREAK_ESCALATED, st)
        return
    if par[C.P_REDECIDE] <= 0.0:
        return
    resumers = 0
    who = -1
    for i in range(2):  # an int64 side index: one specialization of resume_margin
        margin = resume_margin(i, day, ipar, par, side, types, vals, st)
        if margin > 0.0:
            log_event(log, log_count, day, L.EV_VIOLATION, state_of(i, talks_roles),
                      C.BREAK_REDECIDE, margin)
            resumers += 1
            who = i
    if resumers > 0:
        end_truce(day, 2 if resumers == 2 else who, C.BREAK_REDECIDE, st)
