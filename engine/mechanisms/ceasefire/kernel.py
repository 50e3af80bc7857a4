"""Ceasefire and relapse (MODEL step 8).

docs/model.md ("Ceasefire"). Every array argument is run ``r``'s slice of a World
block. Twin: :mod:`engine.mechanisms.ceasefire.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import helper, kernel
from engine.core.rng import uniform
from engine.mechanisms.talks.bargaining import strength, utility
from engine.mechanisms.talks.mediator import suspend, suspension_days


@kernel
def ceasefire_step(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low,
                   ideal, salience, terms, log, log_count):
    """Resentment, the day's violation hazard, and escalation into relapse.

    Resentment drifts toward the deal's grievance ``1 - U_i(terms)`` and jumps with a
    new leadership or a violation. Hazard
    ``h = h0 (1 - g_e G) (1 - p_e P) (1 + r_e max_i resentment_i)`` with guarantee
    strength G and peacekeeping strength P of the terms; a violation escalates into
    relapse with probability ``min(relapse_prob (1 + r_e resentment), 1)``.
    """
    if talks_param[L.TP_ON] <= 0.0 or glob[L.G_CEASEFIRE] <= 0.0 or glob[L.G_ENDED] > 0.0:
        return
    worst = 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        grievance = 1.0 - utility(i, terms, talks_param, ideal, salience)
        state[i, L.S_RESENTMENT] += talks_param[L.TP_RESENT_DECAY] * (
            grievance - state[i, L.S_RESENTMENT]
        )
        if state[i, L.S_LEADER_CHANGED_DAY] == day:
            state[i, L.S_RESENTMENT] = min(
                state[i, L.S_RESENTMENT] + talks_param[L.TP_LEADER_SHOCK], 1.0
            )
        worst = max(worst, state[i, L.S_RESENTMENT])
    force = strength(talks_roles[L.TR_PEACEKEEPERS], terms, issue_strong_low)
    hazard = (
        talks_param[L.TP_VIOLATION_HAZARD]
        * (1.0 - talks_param[L.TP_GUARANTEE_EFFECT] * glob[L.G_GUARANTEE_STRENGTH])
        * (1.0 - talks_param[L.TP_PEACEKEEPER_EFFECT] * force)
        * (1.0 + talks_param[L.TP_RESENTMENT_EFFECT] * worst)
    )
    if uniform(seed, day, L.STREAM_CEASEFIRE, 0) >= min(hazard, 1.0):
        return
    glob[L.G_VIOLATIONS] += 1.0
    log_event(log, log_count, day, L.EV_VIOLATION, -1, -1, hazard)
    for i in range(role.shape[0]):
        if role[i] == L.ROLE_BELLIGERENT:
            state[i, L.S_RESENTMENT] = min(
                state[i, L.S_RESENTMENT] + talks_param[L.TP_VIOLATION_RESENT], 1.0
            )
    escalate = min(talks_param[L.TP_RELAPSE_PROB] * (1.0 + talks_param[L.TP_RESENTMENT_EFFECT] * worst),
                   1.0)
    if uniform(seed, day, L.STREAM_CEASEFIRE, 1) < escalate:
        relapse(seed, day, glob, state, talks_param, log, log_count)


@helper
def back_to_war(day, glob, log, log_count):
    """Back to war from a ceasefire: the fronts unfreeze, relief and guarantees lapse,
    the relapse is counted and logged with the days the ceasefire held. Shared by this
    relapse and the talks game's renege (engine/mechanisms/talks_game/kernel.py)."""
    held = day - glob[L.G_CEASEFIRE_DAY]
    glob[L.G_CEASEFIRE] = 0.0
    glob[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_COLLAPSED
    glob[L.G_RELAPSES] += 1.0
    glob[L.G_SANCTIONS_RELIEF] = 0.0
    glob[L.G_GUARANTEE_STRENGTH] = 0.0
    log_event(log, log_count, day, L.EV_RELAPSE, -1, -1, held)


@kernel
def relapse(seed, day, glob, state, talks_param, log, log_count):
    """Back to war (:func:`back_to_war`); the deal's signing and ratification are
    void and the talks pause."""
    back_to_war(day, glob, log, log_count)
    glob[L.G_SIGN_DAY] = -1.0
    glob[L.G_RATIFY_DAY] = -1.0
    suspend(day, suspension_days(seed, day, np.int64(1), talks_param), glob, state, log, log_count)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (ceasefire_step,)
