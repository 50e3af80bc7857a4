"""Events: scheduled (by date), stochastic (daily hazards), and the event log."""

from __future__ import annotations

from numba import njit

from engine import layout as L
from engine.rng import uniform


@njit(cache=True)
def log_event(w, r, day, kind, a, b, value):
    """Append ``(day, kind, a, b, value)`` to run r's log (dropped past capacity)."""
    n = w.log_count[r]
    if n < w.log.shape[1]:
        w.log[r, n, L.LOG_DAY] = day
        w.log[r, n, L.LOG_KIND] = kind
        w.log[r, n, L.LOG_A] = a
        w.log[r, n, L.LOG_B] = b
        w.log[r, n, L.LOG_VALUE] = value
    w.log_count[r] = n + 1


@njit(cache=True)
def apply_event(w, r, day, kind, target, value):
    """Carry out one event of ``kind`` on ``target`` (a state or front index)."""
    if kind == L.EV_REINFORCEMENT:
        w.state[r, target, L.S_RESERVE] = max(w.state[r, target, L.S_RESERVE] + value, 0.0)
    elif kind == L.EV_RECRUITMENT:
        # the event's factor composes with domestic politics' factor
        s = w.state[r, target]
        s[L.S_RECRUIT_EVENT] = max(value, 0.0)
        s[L.S_RECRUIT_MULT] = s[L.S_RECRUIT_EVENT] * s[L.S_RECRUIT_POLITICS]
    elif kind == L.EV_PRODUCTION:
        # the event's factor composes with the economy's factor
        s = w.state[r, target]
        s[L.S_PRODUCTION_EVENT] = max(value, 0.0)
        s[L.S_PRODUCTION_MULT] = s[L.S_PRODUCTION_EVENT] * s[L.S_PRODUCTION_ECON]
    elif kind == L.EV_FIRE_DELIVERY:
        w.state[r, target, L.S_FIRE_STOCK] = max(w.state[r, target, L.S_FIRE_STOCK] + value, 0.0)
    elif kind == L.EV_DEADLINE:
        # talks: the mediator's deadline `value` days from today
        w.glob[r, L.G_DEADLINE_DAY] = day + max(value, 0.0)
    elif kind == L.EV_SUMMIT:
        w.glob[r, L.G_SUMMIT_TODAY] = target + 1.0
    elif kind == L.EV_LEAK:
        w.glob[r, L.G_LEAK_TODAY] = 1.0
    elif kind == L.EV_FORTIFY:
        f = w.front_param[r, target, L.FP_FORTIFICATION] * value
        w.front_param[r, target, L.FP_FORTIFICATION] = max(f, 1.0)
    log_event(w, r, day, kind, target, -1, value)


@njit(cache=True)
def apply_events(w, r, day):
    """Scheduled events due today, then stochastic events whose hazard fires.

    Scheduled events fire in file order; hazard ``h`` fires when the keyed
    uniform draw ``(seed, day, STREAM_HAZARD, h)`` falls below its rate.
    """
    for e in range(w.event_kind.shape[0]):
        if w.event_day[r, e] == day:
            apply_event(w, r, day, w.event_kind[e], w.event_target[e], w.event_value[r, e])
    for h in range(w.hazard_kind.shape[0]):
        if uniform(w.seed[r], day, L.STREAM_HAZARD, h) < w.hazard_rate[r, h]:
            apply_event(w, r, day, w.hazard_kind[h], w.hazard_target[h], w.hazard_value[r, h])
