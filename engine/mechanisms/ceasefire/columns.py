"""The ceasefire's columns: resentment, violations (incidents), relapses and their parameters.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Column

COLUMNS = {
    "state": (Column("resentment", "0..1", "resentment under a ceasefire"),),
    "glob": (
        Column("ceasefire", "-", "1 while a ceasefire holds"),
        Column("guarantee_strength", "-", "strength of signed security guarantees (0..1), talks -> markets"),
        Column("violations", "count", "ceasefire violations", twin="talks.violations"),
        Column("relapses", "count", "ceasefires that collapsed back into war", twin="talks.relapses"),
        Column("incident_hazard", "1/day", "the day's chance of an incident under a ceasefire "
               "(0 when none holds)", twin="incident_hazard"),
    ),
    "talks_param": (
        Column(
            "violation_hazard",
            "-",
            "daily violation hazard of an unguarded ceasefire",
            twin="talks.spec.violation_hazard",
        ),
        Column(
            "guarantee_effect",
            "-",
            "share of the hazard removed by full guarantees",
            twin="talks.spec.guarantee_effect",
        ),
        Column(
            "peacekeeper_effect",
            "-",
            "share of the hazard removed by a full peacekeeping force",
            twin="talks.spec.peacekeeper_effect",
        ),
        Column(
            "resentment_effect",
            "-",
            "rise of the hazard per unit of resentment",
            twin="talks.spec.resentment_effect",
        ),
        Column(
            "relapse_prob",
            "0..1",
            "chance a violation escalates into relapse (at zero resentment)",
            twin="talks.spec.relapse_prob",
        ),
        Column(
            "resent_decay",
            "-",
            "daily pull of resentment back to the deal's grievance",
            twin="talks.spec.resentment_decay",
        ),
        Column(
            "violation_resent", "-", "resentment added by a violation", twin="talks.spec.violation_resentment"
        ),
        Column(
            "leader_shock",
            "-",
            "resentment added when a leadership changes under a ceasefire",
            twin="talks.spec.leader_shock",
        ),
    ),
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_CEASEFIRE": 24,  # index 0: violation (incident) today, 1: escalation into relapse, 2: side blamed
}
