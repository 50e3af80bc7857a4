"""Domestic politics' columns: war support, recruitment, elections.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column


def _politics(field: str):
    """Twin of a per-state politics parameter: the scenario's value (0 without politics)."""
    return lambda st: getattr(st.spec.politics, field) if st.spec.politics is not None else 0.0


COLUMNS = {
    "state": (
        Column("war_support", "0..1", "share of the public backing the war"),
        Column("leader_changed_day", "-", "day a new leadership took over (-1 never), politics -> talks"),
        Column("recruit_politics", "-", "politics' factor on recruitment"),
        Column("rallies", "count", "rally events so far"),
        Column(
            "ceasefire_election",
            "-",
            "1 once the post-ceasefire election was held",
            twin="ceasefire_election_held",
        ),
    ),
    "state_param": (
        Column("war_support", "0..1", "public war support at the start", twin="spec.war_support"),
        Column("population", "people", "population", twin="spec.population"),
    ),
    "econ_param": (
        Column(
            "politics",
            "-",
            "1 when the state's domestic politics is modelled",
            twin=lambda st: float(st.spec.politics is not None),
        ),
        Column(
            "casualty_sensitivity",
            "-",
            "support lost per day per (casualties per capita per day)",
            twin=_politics("casualty_sensitivity"),
        ),
        Column(
            "pain_sensitivity",
            "-",
            "support lost per day at full economic pain",
            twin=_politics("pain_sensitivity"),
        ),
        Column(
            "support_recovery",
            "1/day",
            "daily pull of support back toward its start",
            twin=_politics("support_recovery"),
        ),
        Column(
            "recruit_elasticity",
            "-",
            "elasticity of recruitment to support / support at start",
            twin=_politics("recruit_elasticity"),
        ),
        Column("rally_hazard", "-", "daily probability of a rally event", twin=_politics("rally_hazard")),
        Column("rally_size", "-", "support gained in a rally", twin=_politics("rally_size")),
        Column(
            "collapse_support",
            "0..1",
            "war support below which the state gives up (0: never)",
            twin=_politics("collapse_support"),
        ),
        Column(
            "election_delay",
            "days",
            "days from a ceasefire to an election (0: none)",
            twin=_politics("elections_after_ceasefire_days"),
        ),
        Column(
            "replace_midpoint",
            "-",
            "support at which an election replaces the leadership half the time",
            twin=_politics("replace_midpoint"),
        ),
        Column("replace_scale", "-", "logistic width of that probability", twin=_politics("replace_scale")),
        Column(
            "resolve_shift",
            "-",
            "change in resolve when a leadership is replaced",
            twin=_politics("resolve_shift"),
        ),
    ),
}

ARRAYS = (
    Array("election_day", "int64", "R, NEL", "day of each scheduled election"),
    Array("election_state", "int64", "NEL", "state holding each scheduled election"),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    "EV_ELECTION": 24,  # log only: a: state, b: 1 leadership replaced, 0 kept; value: war support
    "EV_RALLY": 25,  # log only: a: state; value: support gained
    "EV_SUPPORT_COLLAPSE": 27,  # log only: a: state whose war support broke; value: support
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_RALLY": 13,  # index: state
    "STREAM_ELECTION": 14,  # index: state
}
