"""Building the events' arrays (scheduled events and hazards) for a World."""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.build import BuildContext
from engine.mechanisms.events.schema import EVENT_KINDS

# Scheduled and stochastic event kinds of the scenario file -> event codes.
EVENT_CODES = {
    "reinforcement": L.EV_REINFORCEMENT,
    "recruitment": L.EV_RECRUITMENT,
    "production": L.EV_PRODUCTION,
    "fire_delivery": L.EV_FIRE_DELIVERY,
    "fortify": L.EV_FORTIFY,
    "deadline": L.EV_DEADLINE,
    "summit": L.EV_SUMMIT,
    "leak": L.EV_LEAK,
}
assert set(EVENT_CODES) == set(EVENT_KINDS)


def signature(s) -> tuple:
    return (tuple((e.kind, e.target) for e in s.events), tuple((h.kind, h.target) for h in s.hazards))


def target_index(e, idx, fidx) -> int:
    """Row of the state or front an event acts on."""
    return idx[e.target] if EVENT_KINDS[e.kind][0] == "state" else fidx[e.target]


def build(ctx: BuildContext) -> None:
    s0, idx, fidx = ctx.s0, ctx.idx, ctx.fidx

    def numbers(s):
        return (
            np.array([s.day_of(e.date) for e in s.events], dtype=np.int64),
            np.array([e.value for e in s.events], dtype=np.float64),
            np.array([h.rate for h in s.hazards], dtype=np.float64),
            np.array([h.value for h in s.hazards], dtype=np.float64),
        )

    rows = ctx.per_scenario(numbers)
    for j, name in enumerate(("event_day", "event_value", "hazard_rate", "hazard_value")):
        dtype = np.int64 if name == "event_day" else np.float64
        width = len(s0.events) if name.startswith("event") else len(s0.hazards)
        ctx.arrays[name] = np.array([row[j] for row in rows], dtype=dtype).reshape(ctx.n_runs, width)
    ctx.arrays["event_kind"] = np.array([EVENT_CODES[e.kind] for e in s0.events], np.int64)
    ctx.arrays["event_target"] = np.array([target_index(e, idx, fidx) for e in s0.events], np.int64)
    ctx.arrays["hazard_kind"] = np.array([EVENT_CODES[h.kind] for h in s0.hazards], np.int64)
    ctx.arrays["hazard_target"] = np.array([target_index(h, idx, fidx) for h in s0.hazards], np.int64)
