"""The mediator: deadlines, pressure on the obstacle, suspensions (MODEL step 7).

docs/model.md ("Talks", mediator). Twin: :mod:`engine.reference.mediator`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import layout as L
from engine import talks_layout as T
from engine.kernels.events import log_event
from engine.rng import uniform


@njit(cache=True)
def release_pressure(w, r, day):
    """Lift every pause and pressure sanction (logged when some was on)."""
    for i in range(w.role.shape[0]):
        w.state[r, i, L.S_AID_PAUSED] = 0.0
        w.state[r, i, L.S_PRESSURE_SANCTIONS] = 0.0
        w.state[r, i, L.S_PRESSURE_FELT] = 0.0
    if w.glob[r, L.G_PRESSURE_KIND] >= 0.0:
        log_event(w, r, day, L.EV_PRESSURE, -1, -1, 0.0)
    w.glob[r, L.G_PRESSURE_KIND] = -1.0
    w.glob[r, L.G_OBSTACLE] = -1.0


@njit(cache=True)
def suspend(w, r, day, days):
    """Suspend the talks for ``days`` days."""
    w.glob[r, L.G_TALKS_STATUS] = L.TALKS_SUSPENDED
    w.glob[r, L.G_SUSPEND_UNTIL] = day + days
    release_pressure(w, r, day)


@njit(cache=True)
def suspension_days(w, r, day, index):
    """Length of a suspension: ``suspend_min + floor(Exp(suspend_mean))`` days."""
    tp = w.talks_param[r]
    u = uniform(w.seed[r], day, L.STREAM_SUSPEND, index)
    return tp[T.TP_SUSPEND_MIN] + np.floor(-tp[T.TP_SUSPEND_MEAN] * np.log(u))


@njit(cache=True)
def deadline(w, r, day):
    """At a missed deadline the mediator extends, escalates, or disengages for a spell."""
    g = w.glob[r]
    tp = w.talks_param[r]
    if g[L.G_DEADLINE_DAY] < 0.0 or day < g[L.G_DEADLINE_DAY]:
        return
    g[L.G_DEADLINES_MISSED] += 1.0
    span = tp[T.TP_DEADLINE_DAYS]
    nxt = day + span if span > 0.0 else -1.0
    u = uniform(w.seed[r], day, L.STREAM_DEADLINE, 0)
    if u < tp[T.TP_EXTEND_PROB]:
        choice = 0
    elif u < tp[T.TP_EXTEND_PROB] + tp[T.TP_ESCALATE_PROB]:
        choice = 1
        g[L.G_PRESSURE_LEVEL] += tp[T.TP_ESCALATE_STEP]
    else:
        choice = 2
        g[L.G_PRESSURE_LEVEL] = 1.0
        nxt = -1.0
    g[L.G_DEADLINE_DAY] = nxt
    log_event(w, r, day, L.EV_DEADLINE_MISSED, w.talks_roles[T.TR_MEDIATOR], choice,
              g[L.G_PRESSURE_LEVEL])
    if choice == 2:
        suspend(w, r, day, tp[T.TP_DISENGAGE_DAYS])


@njit(cache=True)
def press(w, r, day):
    """Press the obstacle (largest gap) harder as the deadline nears.

    ``P = min(us_pressure * level * urgency, 1)``, ``urgency = 1 - days_left / deadline_days``
    clipped to [0, 1]. A belligerent with a patron has its aid and intelligence paused
    once ``P >= aid_threshold``; one without gets sanctions or tariffs of level P. The
    pressure it feels is P times the lever's credibility.
    """
    g = w.glob[r]
    tp = w.talks_param[r]
    level = 0.0
    if w.talks_roles[T.TR_MEDIATOR] >= 0 and g[L.G_DEADLINE_DAY] >= 0.0:
        span = tp[T.TP_DEADLINE_DAYS] if tp[T.TP_DEADLINE_DAYS] > 0.0 else 30.0
        urgency = min(max(1.0 - (g[L.G_DEADLINE_DAY] - day) / span, 0.0), 1.0)
        level = min(tp[T.TP_US_PRESSURE] * g[L.G_PRESSURE_LEVEL] * urgency, 1.0)
    obstacle = -1
    worst = 0.0
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        if w.state[r, i, L.S_GAP] > worst:
            worst = w.state[r, i, L.S_GAP]
            obstacle = i
        w.state[r, i, L.S_AID_PAUSED] = 0.0
        w.state[r, i, L.S_PRESSURE_SANCTIONS] = 0.0
        w.state[r, i, L.S_PRESSURE_FELT] = 0.0
    kind = -1
    if obstacle >= 0:
        backed = False
        for j in range(w.role.shape[0]):
            if w.patron_of[j] == obstacle:
                backed = True
        if backed:
            # a pause, once on, stays while the same party is the obstacle
            held = g[L.G_PRESSURE_KIND] == 0.0 and g[L.G_OBSTACLE] == obstacle
            if level >= tp[T.TP_AID_THRESHOLD] or held:
                kind = 0
                w.state[r, obstacle, L.S_AID_PAUSED] = 1.0
                w.state[r, obstacle, L.S_PRESSURE_FELT] = level * tp[T.TP_CRED_AID]
        elif level > 0.0:
            kind = 1
            w.state[r, obstacle, L.S_PRESSURE_SANCTIONS] = level * tp[T.TP_CRED_SANCTIONS]
            w.state[r, obstacle, L.S_PRESSURE_FELT] = level * tp[T.TP_CRED_SANCTIONS]
    target = obstacle if kind >= 0 else -1
    if kind != g[L.G_PRESSURE_KIND] or target != g[L.G_OBSTACLE]:
        log_event(w, r, day, L.EV_PRESSURE, target, kind, level)
    g[L.G_PRESSURE_KIND] = kind
    g[L.G_OBSTACLE] = target
