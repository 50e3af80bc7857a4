"""Domestic politics: war support, recruitment, elections and collapse of support.

MODEL step 5; the equations are in docs/model.md ("Domestic politics"). Every
array argument is run ``r``'s slice of a World block. Twin: :mod:`engine.mechanisms.politics.reference`.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import kernel
from engine.core.maths import end_run, logistic, pow_
from engine.core.rng import uniform


@kernel
def hold_election(seed, day, i, state, state_param, econ_param, log, log_count):
    """An election replaces the leadership with probability ``logistic((mid - support) / scale)``.

    A new leadership shifts resolve by ``resolve_shift`` and stamps the day it took over.
    """
    support = state[i, L.S_WAR_SUPPORT]
    chance = logistic(
        (econ_param[i, L.EP_REPLACE_MIDPOINT] - support) / econ_param[i, L.EP_REPLACE_SCALE]
    )
    replaced = uniform(seed, day, L.STREAM_ELECTION, i) < chance
    if replaced:
        state[i, L.S_LEADER_CHANGED_DAY] = day
        resolve = state_param[i, L.SP_RESOLVE] + econ_param[i, L.EP_RESOLVE_SHIFT]
        state_param[i, L.SP_RESOLVE] = min(max(resolve, 0.0), 1.0)
    log_event(log, log_count, day, L.EV_ELECTION, i, 1 if replaced else 0, support)


@kernel
def politics_day(seed, day, role, glob, state, state_param, econ_param, election_day,
                 election_state, log, log_count):
    """War support, its pull on recruitment, elections due today, collapse of support.

    ``support += recovery * (support_0 - support) - c_cas * casualties_today / population
    - c_pain * pain (+ rally)``, clipped to [0, 1]; recruitment factor
    ``(support / support_0) ** elasticity``.
    election_day : int64[NEL]; election_state : int64[NEL] (shared).
    """
    n = role.shape[0]
    for i in range(n):
        if econ_param[i, L.EP_POLITICS] == 0.0:
            continue
        anchor = state_param[i, L.SP_WAR_SUPPORT]
        population = max(state_param[i, L.SP_POPULATION], 1.0)
        support = state[i, L.S_WAR_SUPPORT]
        support += (
            econ_param[i, L.EP_SUPPORT_RECOVERY] * (anchor - support)
            - econ_param[i, L.EP_CASUALTY_SENSITIVITY] * state[i, L.S_CASUALTIES_TODAY] / population
            - econ_param[i, L.EP_PAIN_SENSITIVITY] * state[i, L.S_ECON_PAIN]
        )
        if uniform(seed, day, L.STREAM_RALLY, i) < econ_param[i, L.EP_RALLY_HAZARD]:
            support += econ_param[i, L.EP_RALLY_SIZE]
            state[i, L.S_RALLIES] += 1.0
            log_event(log, log_count, day, L.EV_RALLY, i, -1, econ_param[i, L.EP_RALLY_SIZE])
        support = min(max(support, 0.0), 1.0)
        state[i, L.S_WAR_SUPPORT] = support
        factor = 1.0
        if anchor > 0.0:
            factor = pow_(support / anchor, econ_param[i, L.EP_RECRUIT_ELASTICITY])
        state[i, L.S_RECRUIT_POLITICS] = factor
        state[i, L.S_RECRUIT_MULT] = state[i, L.S_RECRUIT_EVENT] * factor
    for k in range(election_state.shape[0]):
        if election_day[k] == day:
            hold_election(seed, day, election_state[k], state, state_param, econ_param, log,
                          log_count)
    if glob[L.G_CEASEFIRE] > 0.0 and glob[L.G_CEASEFIRE_DAY] >= 0.0:
        since = day - glob[L.G_CEASEFIRE_DAY]
        for i in range(n):
            delay = econ_param[i, L.EP_ELECTION_DELAY]
            if econ_param[i, L.EP_POLITICS] == 0.0 or delay <= 0.0:
                continue
            if state[i, L.S_CEASEFIRE_ELECTION] == 0.0 and since >= delay:
                state[i, L.S_CEASEFIRE_ELECTION] = 1.0
                hold_election(seed, day, i, state, state_param, econ_param, log, log_count)
    for i in range(n):
        floor = econ_param[i, L.EP_COLLAPSE_SUPPORT]
        if role[i] != L.ROLE_BELLIGERENT or econ_param[i, L.EP_POLITICS] == 0.0:
            continue
        if floor > 0.0 and state[i, L.S_WAR_SUPPORT] < floor and glob[L.G_ENDED] == 0.0:
            end_run(day, i, L.OUTCOME_COLLAPSE, glob)
            log_event(log, log_count, day, L.EV_SUPPORT_COLLAPSE, i, -1, state[i, L.S_WAR_SUPPORT])


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (politics_day,)
