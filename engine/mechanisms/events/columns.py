"""Scheduled and stochastic events' columns: the factors and flags events set.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column

COLUMNS = {
    "state": (
        Column("production_event", "-", "events' factor on firepower production"),
        Column("recruit_event", "-", "events' factor on recruitment"),
    ),
    "glob": (
        Column(
            "leak_today",
            "-",
            "1 when a scheduled leak fires today (events -> talks)",
            twin="talks.leak_today",
        ),
        Column(
            "summit_today",
            "state index + 1",
            "host state + 1 when a scheduled summit is held today (events -> talks)",
            twin=lambda m: 0 if m.talks.summit_host is None else m.talks.summit_host.index + 1,
        ),
    ),
}

ARRAYS = (
    Array("event_day", "int64", "R, NE", "day each scheduled event fires"),
    Array("event_value", "float64", "R, NE", "value of each scheduled event"),
    Array("hazard_rate", "float64", "R, NH", "daily probability of each stochastic event"),
    Array("hazard_value", "float64", "R, NH", "value of each stochastic event"),
    Array("event_kind", "int64", "NE", "EV_* code of each scheduled event"),
    Array("event_target", "int64", "NE", "state or front index each scheduled event acts on"),
    Array("hazard_kind", "int64", "NH", "EV_* code of each stochastic event"),
    Array("hazard_target", "int64", "NH", "state or front index each stochastic event acts on"),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    "EV_REINFORCEMENT": 0,  # a: state; value: troops added to the reserve (people)
    "EV_RECRUITMENT": 1,  # a: state; value: new recruitment multiplier
    "EV_PRODUCTION": 2,  # a: state; value: new firepower production multiplier
    "EV_FIRE_DELIVERY": 3,  # a: state; value: shell-equivalents added to the stock
    "EV_FORTIFY": 4,  # a: front; value: fortification multiplier applied
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_HAZARD": 5,
}
