"""Domestic politics: war support, recruitment, elections and collapse of support.

MODEL step 5; the equations are in docs/model.md ("Domestic politics").
Twin: :mod:`engine.reference.politics`.
"""

from __future__ import annotations

from numba import njit

from engine import economy_layout as E
from engine import layout as L
from engine.kernels.events import log_event
from engine.kernels.front import logistic
from engine.rng import uniform


@njit(cache=True)
def hold_election(w, r, day, i):
    """An election replaces the leadership with probability ``logistic((mid - support) / scale)``.

    A new leadership shifts resolve by ``resolve_shift`` and stamps the day it took over.
    """
    p = w.econ_param[r, i]
    s = w.state[r, i]
    support = s[L.S_WAR_SUPPORT]
    chance = logistic((p[E.EP_REPLACE_MIDPOINT] - support) / p[E.EP_REPLACE_SCALE])
    replaced = uniform(w.seed[r], day, L.STREAM_ELECTION, i) < chance
    if replaced:
        s[L.S_LEADER_CHANGED_DAY] = day
        resolve = w.state_param[r, i, L.SP_RESOLVE] + p[E.EP_RESOLVE_SHIFT]
        w.state_param[r, i, L.SP_RESOLVE] = min(max(resolve, 0.0), 1.0)
    log_event(w, r, day, L.EV_ELECTION, i, 1 if replaced else 0, support)


@njit(cache=True)
def politics_day(w, r, day):
    """War support, its pull on recruitment, elections due today, collapse of support.

    ``support += recovery * (support_0 - support) - c_cas * casualties_today / population
    - c_pain * pain (+ rally)``, clipped to [0, 1]; recruitment factor
    ``(support / support_0) ** elasticity``.
    """
    n = w.role.shape[0]
    seed = w.seed[r]
    for i in range(n):
        p = w.econ_param[r, i]
        if p[E.EP_POLITICS] == 0.0:
            continue
        s = w.state[r, i]
        anchor = w.state_param[r, i, L.SP_WAR_SUPPORT]
        population = max(w.state_param[r, i, L.SP_POPULATION], 1.0)
        support = s[L.S_WAR_SUPPORT]
        support += (
            p[E.EP_SUPPORT_RECOVERY] * (anchor - support)
            - p[E.EP_CASUALTY_SENSITIVITY] * s[L.S_CASUALTIES_TODAY] / population
            - p[E.EP_PAIN_SENSITIVITY] * s[L.S_ECON_PAIN]
        )
        if uniform(seed, day, L.STREAM_RALLY, i) < p[E.EP_RALLY_HAZARD]:
            support += p[E.EP_RALLY_SIZE]
            s[L.S_RALLIES] += 1.0
            log_event(w, r, day, L.EV_RALLY, i, -1, p[E.EP_RALLY_SIZE])
        support = min(max(support, 0.0), 1.0)
        s[L.S_WAR_SUPPORT] = support
        factor = 1.0
        if anchor > 0.0:
            factor = (support / anchor) ** p[E.EP_RECRUIT_ELASTICITY]
        s[L.S_RECRUIT_POLITICS] = factor
        s[L.S_RECRUIT_MULT] = s[L.S_RECRUIT_EVENT] * factor
    for k in range(w.election_state.shape[0]):
        if w.election_day[r, k] == day:
            hold_election(w, r, day, w.election_state[k])
    if w.glob[r, L.G_CEASEFIRE] > 0.0 and w.glob[r, L.G_CEASEFIRE_DAY] >= 0.0:
        since = day - w.glob[r, L.G_CEASEFIRE_DAY]
        for i in range(n):
            delay = w.econ_param[r, i, E.EP_ELECTION_DELAY]
            if w.econ_param[r, i, E.EP_POLITICS] == 0.0 or delay <= 0.0:
                continue
            if w.state[r, i, L.S_CEASEFIRE_ELECTION] == 0.0 and since >= delay:
                w.state[r, i, L.S_CEASEFIRE_ELECTION] = 1.0
                hold_election(w, r, day, i)
    for i in range(n):
        floor = w.econ_param[r, i, E.EP_COLLAPSE_SUPPORT]
        if w.role[i] != L.ROLE_BELLIGERENT or w.econ_param[r, i, E.EP_POLITICS] == 0.0:
            continue
        if floor > 0.0 and w.state[r, i, L.S_WAR_SUPPORT] < floor and w.glob[r, L.G_ENDED] == 0.0:
            w.glob[r, L.G_ENDED] = 1.0
            w.glob[r, L.G_END_DAY] = day
            w.glob[r, L.G_OUTCOME] = L.OUTCOME_COLLAPSE
            w.glob[r, L.G_COLLAPSED_STATE] = i
            log_event(w, r, day, L.EV_SUPPORT_COLLAPSE, i, -1, w.state[r, i, L.S_WAR_SUPPORT])
