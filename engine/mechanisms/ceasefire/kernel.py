"""Ceasefire and relapse (MODEL step 8).

docs/model.md ("Ceasefire"). Every array argument is run ``r``'s slice of a World
block. Twin: :mod:`engine.mechanisms.ceasefire.reference`.

The day's incident (:func:`incident`: resentment, the hazard, the draw) is one piece
shared by both talks models: the red-line talks' ceasefire (:func:`ceasefire_step`)
escalates it into relapse by a draw, the talks game's truce
(:mod:`engine.mechanisms.ceasefire.truce`) also lets it move the sides' trust and
their choice to resume.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import helper, kernel
from engine.core.rng import uniform
from engine.mechanisms.talks.bargaining import strength, utility
from engine.mechanisms.talks.mediator import suspend, suspension_days


@helper
def incident_hazard(h0, guarantee_effect, guarantee, peacekeeper_effect, force, resentment_effect,
                    worst):
    """Daily chance of an incident under a ceasefire (Fortna 2004: guarantees and
    peacekeepers make ceasefires last):
    ``h = h0 (1 - g_e G) (1 - p_e P) (1 + r_e max_i resentment_i)``."""
    return (h0 * (1.0 - guarantee_effect * guarantee) * (1.0 - peacekeeper_effect * force)
            * (1.0 + resentment_effect * worst))


@kernel
def resentment_day(day, role, state, talks_param, ideal, salience, terms):
    """Each belligerent's resentment drifts toward the deal's grievance ``1 - U_i(terms)``
    and jumps with a new leadership; returns the largest."""
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
    return worst


@kernel
def incident(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low, ideal,
             salience, terms):
    """The day's incident under a ceasefire: resentment (:func:`resentment_day`), the
    hazard (:func:`incident_hazard`, kept in ``G_INCIDENT_HAZARD``), the draw (keyed
    uniform ``(seed, day, STREAM_CEASEFIRE, 0)``). An incident is counted as a violation
    and adds resentment to every belligerent. Returns the chance that it escalates into
    relapse, ``min(relapse_prob (1 + r_e resentment), 1)``, or -1 when there is none."""
    worst = resentment_day(day, role, state, talks_param, ideal, salience, terms)
    force = strength(talks_roles[L.TR_PEACEKEEPERS], terms, issue_strong_low)
    hazard = incident_hazard(talks_param[L.TP_VIOLATION_HAZARD], talks_param[L.TP_GUARANTEE_EFFECT],
                             glob[L.G_GUARANTEE_STRENGTH], talks_param[L.TP_PEACEKEEPER_EFFECT],
                             force, talks_param[L.TP_RESENTMENT_EFFECT], worst)
    glob[L.G_INCIDENT_HAZARD] = hazard
    if uniform(seed, day, L.STREAM_CEASEFIRE, 0) >= min(hazard, 1.0):
        return -1.0
    glob[L.G_VIOLATIONS] += 1.0
    for i in range(role.shape[0]):
        if role[i] == L.ROLE_BELLIGERENT:
            state[i, L.S_RESENTMENT] = min(
                state[i, L.S_RESENTMENT] + talks_param[L.TP_VIOLATION_RESENT], 1.0
            )
    return min(talks_param[L.TP_RELAPSE_PROB] * (1.0 + talks_param[L.TP_RESENTMENT_EFFECT] * worst),
               1.0)


@kernel
def ceasefire_step(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low,
                   ideal, salience, terms, log, log_count):
    """The red-line talks' ceasefire: the day's :func:`incident` (a violation), which
    escalates into relapse with its chance (keyed uniform ``(seed, day,
    STREAM_CEASEFIRE, 1)``)."""
    if talks_param[L.TP_ON] <= 0.0 or glob[L.G_CEASEFIRE] <= 0.0 or glob[L.G_ENDED] > 0.0:
        return
    escalate = incident(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low,
                        ideal, salience, terms)
    if escalate < 0.0:
        return
    log_event(log, log_count, day, L.EV_VIOLATION, -1, -1, glob[L.G_INCIDENT_HAZARD])
    if uniform(seed, day, L.STREAM_CEASEFIRE, 1) < escalate:
        relapse(seed, day, glob, state, talks_param, log, log_count)


@helper
def back_to_war(day, who, why, glob, log, log_count):
    """Back to war from a ceasefire: the fronts unfreeze, relief and guarantees lapse,
    the relapse is counted and logged with the days the ceasefire held, the state that
    resumed the war (``who``, -1 none or both) and why (``why``: -1 the red-line
    ceasefire's draw, else the talks game's ``bargaining.columns.BREAK_*``). Shared by
    this relapse and the talks game's (engine/mechanisms/talks_game/kernel.py)."""
    held = day - glob[L.G_CEASEFIRE_DAY]
    glob[L.G_CEASEFIRE] = 0.0
    glob[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_COLLAPSED
    glob[L.G_RELAPSES] += 1.0
    glob[L.G_SANCTIONS_RELIEF] = 0.0
    glob[L.G_GUARANTEE_STRENGTH] = 0.0
    glob[L.G_INCIDENT_HAZARD] = 0.0
    log_event(log, log_count, day, L.EV_RELAPSE, who, why, held)


@kernel
def relapse(seed, day, glob, state, talks_param, log, log_count):
    """Back to war (:func:`back_to_war`); the deal's signing and ratification are
    void and the talks pause."""
    back_to_war(day, -1, -1, glob, log, log_count)
    glob[L.G_SIGN_DAY] = -1.0
    glob[L.G_RATIFY_DAY] = -1.0
    suspend(day, suspension_days(seed, day, np.int64(1), talks_param), glob, state, log, log_count)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (ceasefire_step,)
