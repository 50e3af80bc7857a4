"""Plain-Python twin of :mod:`engine.mechanisms.events.kernel`."""

from __future__ import annotations

from dataclasses import dataclass

from engine import layout as L
from engine.mechanisms.events.build import EVENT_CODES


def apply_event(model, day: int, kind: int, target: int, value: float) -> None:
    if kind == L.EV_REINFORCEMENT:
        st = model.state_list[target]
        st.reserve = max(st.reserve + value, 0.0)
    elif kind == L.EV_RECRUITMENT:
        st = model.state_list[target]
        st.recruit_event = max(value, 0.0)
        st.recruit_mult = st.recruit_event * st.recruit_politics
    elif kind == L.EV_PRODUCTION:
        st = model.state_list[target]
        st.production_event = max(value, 0.0)
        st.production_mult = st.production_event * st.production_econ
    elif kind == L.EV_DEADLINE:
        model.talks.deadline_day = day + max(value, 0.0)
    elif kind == L.EV_SUMMIT:
        model.talks.summit_host = model.state_list[target]
    elif kind == L.EV_LEAK:
        model.talks.leak_today = True
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


@dataclass
class Scheduled:
    kind: str
    target_index: int
    day: int
    value: float


def setup(model) -> None:
    """The scheduled events, with their days and target rows."""
    s = model.scenario
    model.scheduled = [
        Scheduled(e.kind, model.target_index(e), s.day_of(e.date), e.value) for e in s.events
    ]


def day(model, day: int) -> None:
    """MODEL step 1."""
    apply_events(model, day)
