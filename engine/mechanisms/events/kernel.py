"""Events: scheduled (by date) and stochastic (daily hazards), MODEL step 1.

Every argument is run ``r``'s slice of a World block (see :mod:`engine.core.simulate`).
Twin: :mod:`engine.mechanisms.events.reference`.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import kernel
from engine.core.rng import uniform


@kernel
def apply_event(day, kind, target, value, glob, state, front_param, log, log_count):
    """Carry out one event of ``kind`` on ``target`` (a state or front index).

    glob : float64[N_GLOBAL]; state : float64[N, N_STATE];
    front_param : float64[F, N_FRONT_PARAM].
    """
    if kind == L.EV_REINFORCEMENT:
        state[target, L.S_RESERVE] = max(state[target, L.S_RESERVE] + value, 0.0)
    elif kind == L.EV_RECRUITMENT:
        # the event's factor composes with domestic politics' factor
        state[target, L.S_RECRUIT_EVENT] = max(value, 0.0)
        state[target, L.S_RECRUIT_MULT] = (
            state[target, L.S_RECRUIT_EVENT] * state[target, L.S_RECRUIT_POLITICS]
        )
    elif kind == L.EV_PRODUCTION:
        # the event's factor composes with the economy's factor
        state[target, L.S_PRODUCTION_EVENT] = max(value, 0.0)
        state[target, L.S_PRODUCTION_MULT] = (
            state[target, L.S_PRODUCTION_EVENT] * state[target, L.S_PRODUCTION_ECON]
        )
    elif kind == L.EV_FIRE_DELIVERY:
        state[target, L.S_FIRE_STOCK] = max(state[target, L.S_FIRE_STOCK] + value, 0.0)
    elif kind == L.EV_DEADLINE:
        # talks: the mediator's deadline `value` days from today
        glob[L.G_DEADLINE_DAY] = day + max(value, 0.0)
    elif kind == L.EV_SUMMIT:
        glob[L.G_SUMMIT_TODAY] = target + 1.0
    elif kind == L.EV_LEAK:
        glob[L.G_LEAK_TODAY] = 1.0
    elif kind == L.EV_FORTIFY:
        fortification = front_param[target, L.FP_FORTIFICATION] * value
        front_param[target, L.FP_FORTIFICATION] = max(fortification, 1.0)
    log_event(log, log_count, day, kind, target, -1, value)


@kernel
def apply_events(
    seed, day, glob, state, front_param,
    event_day, event_value, event_kind, event_target,
    hazard_rate, hazard_value, hazard_kind, hazard_target,
    log, log_count,
):
    """Scheduled events due today, then stochastic events whose hazard fires.

    Scheduled events fire in file order; hazard ``h`` fires when the keyed
    uniform draw ``(seed, day, STREAM_HAZARD, h)`` falls below its rate.
    event_day : int64[NE]; event_value : float64[NE]; event_kind, event_target :
    int64[NE] (shared); hazard_* likewise over NH hazards.
    """
    for e in range(event_kind.shape[0]):
        if event_day[e] == day:
            apply_event(day, event_kind[e], event_target[e], event_value[e],
                        glob, state, front_param, log, log_count)
    for h in range(hazard_kind.shape[0]):
        if uniform(seed, day, L.STREAM_HAZARD, h) < hazard_rate[h]:
            apply_event(day, hazard_kind[h], hazard_target[h], hazard_value[h],
                        glob, state, front_param, log, log_count)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (apply_events,)
