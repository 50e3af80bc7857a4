"""The battlefield's columns: armies, firepower, morale, sectors and the battle's parameters.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

import math

from engine.core.columns import Array, Column

COLUMNS = {
    "state": (
        Column(
            "morale_factor",
            "-",
            "max(morale, 1e-6)**morale_effect, once per state per day in combat",
        ),
        Column("reserve", "people", "troops in theatre not committed to a sector"),
        Column("fire_stock", "shell-equivalents", "firepower stockpile"),
        Column("fire_used", "shell-equivalents", "firepower expended today"),
        Column("morale", "0..1", "army morale"),
        Column("casualties", "people", "cumulative killed and wounded since the start"),
        Column("casualties_today", "people", "killed and wounded today"),
        Column("recruited", "people", "cumulative recruits arrived"),
        Column("territory", "issue index", "cumulative ground gained, signed (km2)"),
        Column("recruit_mult", "-", "multiplier on recruitment set by events and politics"),
        Column("production_mult", "-", "multiplier on firepower production set by events and economy"),
        Column("committed", "people", "troops committed to sectors, summed"),
        Column(
            "combat_power",
            "-",
            "multiplier on the state's combat effectiveness: 1, or in the talks game "
            "exp(strength_effect (theta - centre)) of its drawn strength type (docs/talks_game.md)",
        ),
    ),
    "state_param": (
        Column("troops", "people", "troops in theatre at the start", twin="spec.troops"),
        Column(
            "recruits_per_day",
            "people/day",
            "recruits reaching the theatre per day",
            twin="spec.recruits_per_day",
        ),
        Column("troop_ceiling", "people", "most troops the state can field in theatre", twin="troop_ceiling"),
        Column(
            "fire_production",
            "shell-eq/day",
            "firepower produced or delivered per day",
            twin="spec.fire_production",
        ),
        Column(
            "fire_rate", "shell-eq/day", "firepower the army wants to expend per day", twin="spec.fire_rate"
        ),
        Column("fire_stock", "shell-eq", "firepower stockpile at the start", twin="spec.fire_stock"),
        Column("morale", "0..1", "morale at the start", twin="spec.morale"),
        Column("morale_recovery", "1/day", "daily recovery of morale toward 1", twin="spec.morale_recovery"),
        Column(
            "morale_sensitivity",
            "-",
            "morale lost per unit of daily loss rate (casualties/troops)",
            twin="spec.morale_sensitivity",
        ),
        Column(
            "collapse_morale", "0..1", "army breaks when morale falls below this", twin="spec.collapse_morale"
        ),
        Column(
            "reserve_keep", "0..1", "share of in-theatre troops kept in reserve", twin="spec.reserve_keep"
        ),
        Column(
            "alloc_rate", "1/day", "share of the free reserve sent to sectors per day", twin="spec.alloc_rate"
        ),
        Column(
            "threat_weight",
            "-",
            "weight of enemy pressure in allocation priorities",
            twin="spec.threat_weight",
        ),
        Column(
            "wounded_return",
            "-",
            "share of a day's casualties back in the reserve the next day",
            twin="spec.wounded_return",
        ),
    ),
    "front": (
        Column("attacker_troops", "people", "attacker's troops in the sector"),
        Column("defender_troops", "people", "defender's troops in the sector"),
        Column("depth", "-", "depth advanced beyond the start line (km), in [0, max_depth]"),
        Column("attacker_losses", "people", "attacker's cumulative casualties here"),
        Column("defender_losses", "people", "defender's cumulative casualties here"),
        Column("advance_today", "km", "depth change today, signed"),
        Column("log_ratio", "-", "log combat-power ratio today, ln R"),
        Column("attacker_fire_share", "0..1", "attacker's share of the sector's firepower today"),
        Column("frozen", "-", "1 while a ceasefire freezes the sector"),
        Column("breakthroughs", "count", "breakthroughs so far"),
    ),
    "front_param": (
        Column("length", "km", "frontage", twin="length"),
        Column("max_depth", "km", "operational depth the attacker can gain", twin="max_depth"),
        Column("fortification", "-", "defender multiplier (>= 1)", twin="fortification"),
        Column("priority", "0..1", "strategic value in allocation", twin="priority"),
        Column("intensity", "-", "assault tempo relative to an average sector", twin="intensity"),
        Column("depth", "km", "depth at the start", twin="depth0"),
    ),
    "glob_param": (
        Column(
            "log_ratio_needed",
            "-",
            "ln R*, computed once per run from ratio_needed",
            twin=lambda m: math.log(m.scenario.battle.ratio_needed),
        ),
        Column(
            "log_ratio_counter",
            "-",
            "ln R_c, computed once per run from ratio_counter",
            twin=lambda m: math.log(m.scenario.battle.ratio_counter),
        ),
        Column("mu", "-", "Helmbold exponent: 1 square law, 0 linear law", twin="scenario.battle.mu"),
        Column(
            "attrition",
            "1/day",
            "base attrition coefficient k (casualties per troop-equivalent per day)",
            twin="scenario.battle.attrition",
        ),
        Column(
            "fire_elasticity",
            "-",
            "elasticity of effectiveness to firepower share",
            twin="scenario.battle.fire_elasticity",
        ),
        Column("advance_max", "km/day", "top advance rate v_max", twin="scenario.battle.advance_max"),
        Column(
            "ratio_needed",
            "-",
            "combat-power ratio at half the top rate, R*",
            twin="scenario.battle.ratio_needed",
        ),
        Column("ratio_scale", "-", "logistic width s on ln R", twin="scenario.battle.ratio_scale"),
        Column("counter_max", "km/day", "top counter-attack rate", twin="scenario.battle.counter_max"),
        Column(
            "ratio_counter",
            "-",
            "ratio below which the defender counter-attacks, R_c",
            twin="scenario.battle.ratio_counter",
        ),
        Column(
            "advance_noise", "-", "lognormal sigma of the daily advance", twin="scenario.battle.advance_noise"
        ),
        Column("loss_noise", "-", "lognormal sigma of daily losses", twin="scenario.battle.loss_noise"),
        Column(
            "breakthrough_hazard",
            "-",
            "daily breakthrough hazard at R = R*",
            twin="scenario.battle.breakthrough_hazard",
        ),
        Column(
            "breakthrough_exponent",
            "-",
            "elasticity of the hazard to R / R*",
            twin="scenario.battle.breakthrough_exponent",
        ),
        Column(
            "breakthrough_km", "km", "depth gained by a breakthrough", twin="scenario.battle.breakthrough_km"
        ),
        Column(
            "morale_effect",
            "-",
            "elasticity of effectiveness to morale",
            twin="scenario.battle.morale_effect",
        ),
        Column(
            "movement",
            "-",
            "1 lets the line move, 0 freezes it (closed-form checks)",
            twin="scenario.battle.movement",
        ),
    ),
}


def _taken(m) -> dict:
    return {
        (f, j): float(town.taken)
        for f, fr in enumerate(m.front_list)
        for j, town in enumerate(fr.settlements)
    }


ARRAYS = (
    Array(
        "settlement_depth",
        "float64",
        "R, F, MAX_SETTLEMENTS",
        "depth of each settlement (km; inf where none)",
    ),
    Array(
        "settlement_taken",
        "float64",
        "R, F, MAX_SETTLEMENTS",
        "1 once a settlement is captured",
        dynamic=True,
        twin=_taken,
    ),
    Array("front_attacker", "int64", "F", "attacking state of each sector"),
    Array("front_defender", "int64", "F", "defending state of each sector"),
    Array("settlement_count", "int64", "F", "settlements in each sector"),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    "EV_SETTLEMENT_CAPTURED": 5,  # log only: a: front, b: settlement; value: depth (km)
    "EV_SETTLEMENT_RETAKEN": 6,  # log only: a: front, b: settlement; value: depth (km)
    "EV_BREAKTHROUGH": 7,  # log only: a: front; value: km gained
    "EV_COLLAPSE": 8,  # log only: a: state whose army broke
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_LOSSES": 1,  # normal pair index: sector (attacker's, defender's loss noise)
    "STREAM_ADVANCE": 3,
    "STREAM_BREAKTHROUGH": 4,
}
