"""Plain-Python twin of :mod:`engine.kernels.events`."""

from __future__ import annotations

from engine import layout as L
from engine.world import EVENT_CODES


def apply_event(model, day: int, kind: int, target: int, value: float) -> None:
    if kind == L.EV_REINFORCEMENT:
        st = model.state_list[target]
        st.reserve = max(st.reserve + value, 0.0)
    elif kind == L.EV_RECRUITMENT:
        model.state_list[target].recruit_mult = max(value, 0.0)
    elif kind == L.EV_PRODUCTION:
        model.state_list[target].production_mult = max(value, 0.0)
    elif kind == L.EV_FIRE_DELIVERY:
        st = model.state_list[target]
        st.fire_stock = max(st.fire_stock + value, 0.0)
    elif kind == L.EV_FORTIFY:
        fr = model.front_list[target]
        fr.fortification = max(fr.fortification * value, 1.0)
    model.log(day, kind, target, -1, value)


def apply_events(model, day: int) -> None:
    """Today's scheduled events in file order, then hazards that fire."""
    s = model.scenario
    for e in model.scheduled:
        if e.day == day:
            apply_event(model, day, EVENT_CODES[e.kind], e.target_index, e.value)
    for h_index, h in enumerate(s.hazards):
        if model.rng_source.uniform(day, L.STREAM_HAZARD, h_index) < h.rate:
            apply_event(model, day, EVENT_CODES[h.kind], model.target_index(h), h.value)
