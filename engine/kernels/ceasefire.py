"""Ceasefire and relapse (MODEL step 8).

docs/model.md ("Ceasefire"). Twin: :mod:`engine.reference.ceasefire`.
"""

from __future__ import annotations

from numba import njit

from engine import layout as L
from engine import talks_layout as T
from engine.kernels.bargaining import strength, utility
from engine.kernels.events import log_event
from engine.kernels.mediator import suspend, suspension_days
from engine.rng import uniform


@njit(cache=True)
def ceasefire_step(w, r, day):
    """Resentment, the day's violation hazard, and escalation into relapse.

    Resentment drifts toward the deal's grievance ``1 - U_i(terms)`` and jumps with a
    new leadership or a violation. Hazard
    ``h = h0 (1 - g_e G) (1 - p_e P) (1 + r_e max_i resentment_i)`` with guarantee
    strength G and peacekeeping strength P of the terms; a violation escalates into
    relapse with probability ``min(relapse_prob (1 + r_e resentment), 1)``.
    """
    g = w.glob[r]
    tp = w.talks_param[r]
    if tp[T.TP_ON] <= 0.0 or g[L.G_CEASEFIRE] <= 0.0 or g[L.G_ENDED] > 0.0:
        return
    terms = w.terms[r]
    worst = 0.0
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        grievance = 1.0 - utility(w, r, i, terms, False)
        s[L.S_RESENTMENT] += tp[T.TP_RESENT_DECAY] * (grievance - s[L.S_RESENTMENT])
        if s[L.S_LEADER_CHANGED_DAY] == day:
            s[L.S_RESENTMENT] = min(s[L.S_RESENTMENT] + tp[T.TP_LEADER_SHOCK], 1.0)
        worst = max(worst, s[L.S_RESENTMENT])
    force = strength(w, r, w.talks_roles[T.TR_PEACEKEEPERS], terms)
    hazard = (
        tp[T.TP_VIOLATION_HAZARD]
        * (1.0 - tp[T.TP_GUARANTEE_EFFECT] * g[L.G_GUARANTEE_STRENGTH])
        * (1.0 - tp[T.TP_PEACEKEEPER_EFFECT] * force)
        * (1.0 + tp[T.TP_RESENTMENT_EFFECT] * worst)
    )
    if uniform(w.seed[r], day, L.STREAM_CEASEFIRE, 0) >= min(hazard, 1.0):
        return
    g[L.G_VIOLATIONS] += 1.0
    log_event(w, r, day, L.EV_VIOLATION, -1, -1, hazard)
    for i in range(w.role.shape[0]):
        if w.role[i] == L.ROLE_BELLIGERENT:
            s = w.state[r, i]
            s[L.S_RESENTMENT] = min(s[L.S_RESENTMENT] + tp[T.TP_VIOLATION_RESENT], 1.0)
    escalate = min(tp[T.TP_RELAPSE_PROB] * (1.0 + tp[T.TP_RESENTMENT_EFFECT] * worst), 1.0)
    if uniform(w.seed[r], day, L.STREAM_CEASEFIRE, 1) < escalate:
        relapse(w, r, day)


@njit(cache=True)
def relapse(w, r, day):
    """Back to war: the fronts unfreeze, relief and guarantees lapse, talks pause."""
    g = w.glob[r]
    held = day - g[L.G_CEASEFIRE_DAY]
    g[L.G_CEASEFIRE] = 0.0
    g[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_COLLAPSED
    g[L.G_RELAPSES] += 1.0
    g[L.G_SANCTIONS_RELIEF] = 0.0
    g[L.G_GUARANTEE_STRENGTH] = 0.0
    g[L.G_SIGN_DAY] = -1.0
    g[L.G_RATIFY_DAY] = -1.0
    log_event(w, r, day, L.EV_RELAPSE, -1, -1, held)
    suspend(w, r, day, suspension_days(w, r, day, 1))
