"""The mediator: deadlines, pressure on the obstacle, suspensions (MODEL step 7).

docs/model.md ("Talks", mediator). Every array argument is run ``r``'s slice of a
World block. Twin: :mod:`engine.mechanisms.talks.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import kernel
from engine.core.rng import uniform


@kernel
def release_pressure(day, glob, state, log, log_count):
    """Lift every pause and pressure sanction (logged when some was on)."""
    for i in range(state.shape[0]):
        state[i, L.S_AID_PAUSED] = 0.0
        state[i, L.S_PRESSURE_SANCTIONS] = 0.0
        state[i, L.S_PRESSURE_FELT] = 0.0
    if glob[L.G_PRESSURE_KIND] >= 0.0:
        log_event(log, log_count, day, L.EV_PRESSURE, -1, -1, 0.0)
    glob[L.G_PRESSURE_KIND] = -1.0
    glob[L.G_OBSTACLE] = -1.0


@kernel
def suspend(day, days, glob, state, log, log_count):
    """Suspend the talks for ``days`` days (float64)."""
    glob[L.G_TALKS_STATUS] = L.TALKS_SUSPENDED
    glob[L.G_SUSPEND_UNTIL] = day + days
    release_pressure(day, glob, state, log, log_count)


@kernel
def suspension_days(seed, day, index, talks_param):
    """Length of a suspension: ``suspend_min + floor(Exp(suspend_mean))`` days.

    index : int64 sub-stream (0 a breakdown, 1 a relapse).
    """
    u = uniform(seed, day, L.STREAM_SUSPEND, index)
    return talks_param[L.TP_SUSPEND_MIN] + np.floor(-talks_param[L.TP_SUSPEND_MEAN] * np.log(u))


@kernel
def deadline(seed, day, glob, state, talks_param, talks_roles, log, log_count):
    """At a missed deadline the mediator extends, escalates, or disengages for a spell."""
    if glob[L.G_DEADLINE_DAY] < 0.0 or day < glob[L.G_DEADLINE_DAY]:
        return
    glob[L.G_DEADLINES_MISSED] += 1.0
    span = talks_param[L.TP_DEADLINE_DAYS]
    nxt = day + span if span > 0.0 else -1.0
    u = uniform(seed, day, L.STREAM_DEADLINE, 0)
    if u < talks_param[L.TP_EXTEND_PROB]:
        choice = 0
    elif u < talks_param[L.TP_EXTEND_PROB] + talks_param[L.TP_ESCALATE_PROB]:
        choice = 1
        glob[L.G_PRESSURE_LEVEL] += talks_param[L.TP_ESCALATE_STEP]
    else:
        choice = 2
        glob[L.G_PRESSURE_LEVEL] = 1.0
        nxt = -1.0
    glob[L.G_DEADLINE_DAY] = nxt
    log_event(log, log_count, day, L.EV_DEADLINE_MISSED, talks_roles[L.TR_MEDIATOR], choice,
              glob[L.G_PRESSURE_LEVEL])
    if choice == 2:
        suspend(day, talks_param[L.TP_DISENGAGE_DAYS], glob, state, log, log_count)


@kernel
def press(day, role, glob, state, talks_param, talks_roles, patron_of, log, log_count):
    """Press the obstacle (largest gap) harder as the deadline nears.

    ``P = min(us_pressure * level * urgency, 1)``, ``urgency = 1 - days_left / deadline_days``
    clipped to [0, 1]. A belligerent with a patron has its aid and intelligence paused
    once ``P >= aid_threshold``; one without gets sanctions or tariffs of level P. The
    pressure it feels is P times the lever's credibility.
    """
    level = 0.0
    if talks_roles[L.TR_MEDIATOR] >= 0 and glob[L.G_DEADLINE_DAY] >= 0.0:
        span = talks_param[L.TP_DEADLINE_DAYS] if talks_param[L.TP_DEADLINE_DAYS] > 0.0 else 30.0
        urgency = min(max(1.0 - (glob[L.G_DEADLINE_DAY] - day) / span, 0.0), 1.0)
        level = min(talks_param[L.TP_US_PRESSURE] * glob[L.G_PRESSURE_LEVEL] * urgency, 1.0)
    obstacle = -1
    worst = 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        if state[i, L.S_GAP] > worst:
            worst = state[i, L.S_GAP]
            obstacle = i
        state[i, L.S_AID_PAUSED] = 0.0
        state[i, L.S_PRESSURE_SANCTIONS] = 0.0
        state[i, L.S_PRESSURE_FELT] = 0.0
    kind = -1
    if obstacle >= 0:
        backed = False
        for j in range(role.shape[0]):
            if patron_of[j] == obstacle:
                backed = True
        if backed:
            # a pause, once on, stays while the same party is the obstacle
            held = glob[L.G_PRESSURE_KIND] == 0.0 and glob[L.G_OBSTACLE] == obstacle
            if level >= talks_param[L.TP_AID_THRESHOLD] or held:
                kind = 0
                state[obstacle, L.S_AID_PAUSED] = 1.0
                state[obstacle, L.S_PRESSURE_FELT] = level * talks_param[L.TP_CRED_AID]
        elif level > 0.0:
            kind = 1
            state[obstacle, L.S_PRESSURE_SANCTIONS] = level * talks_param[L.TP_CRED_SANCTIONS]
            state[obstacle, L.S_PRESSURE_FELT] = level * talks_param[L.TP_CRED_SANCTIONS]
    target = obstacle if kind >= 0 else -1
    if kind != glob[L.G_PRESSURE_KIND] or target != glob[L.G_OBSTACLE]:
        log_event(log, log_count, day, L.EV_PRESSURE, target, kind, level)
    glob[L.G_PRESSURE_KIND] = kind
    glob[L.G_OBSTACLE] = target
