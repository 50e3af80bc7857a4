"""The battlefield's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output, Result

OUTPUTS = (
    Output(
        "troops",
        "people",
        "Troops in theatre",
        "state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]",
        per="state",
        states="belligerent",
        description="troops in theatre: reserve plus committed to sectors",
    ),
    Output(
        "casualties", "people", "Casualties", "state[i, L.S_CASUALTIES]", per="state", states="belligerent"
    ),
    Output(
        "territory_km2", "km2", "Ground gained", "state[i, L.S_TERRITORY]", per="state", states="belligerent"
    ),
    Output(
        "fire_stock",
        "shell-eq",
        "Firepower stockpile",
        "state[i, L.S_FIRE_STOCK]",
        per="state",
        states="belligerent",
    ),
    Output("morale", "0..1", "Morale", "state[i, L.S_MORALE]", per="state", states="belligerent"),
    Output("depth_km", "km", "Depth advanced", "front[f, L.F_DEPTH]", per="front"),
)

# Per-run results: the runs-file columns and ``warsim run --json`` keys (engine/results.py).
RESULTS = (
    Result(
        "territory_change_km2",
        "km2",
        "Ground gained",
        "ground gained since the start, signed",
        column="territory_change_km2_{state}",
        json="territory_change_km2.{state}",
    ),
    Result(
        "casualties",
        "people",
        "Casualties",
        "killed and wounded since the start",
        column="casualties_{state}",
        json="casualties.{state}",
    ),
    Result(
        "casualties_per_day",
        "people/day",
        "Casualties per day",
        "casualties over days simulated",
        json="casualties_per_day.{state}",
    ),
    Result(
        "troops",
        "people",
        "Troops in theatre",
        "troops in theatre at the end (belligerents)",
        column="troops_{state}",
        json="troops.{state}",
    ),
    Result(
        "morale",
        "0..1",
        "Morale",
        "army morale at the end (belligerents)",
        column="morale_{state}",
        json="morale.{state}",
    ),
    Result(
        "depth_km",
        "km",
        "Depth advanced",
        "depth of the line beyond the start line at the end",
        column="depth_km_{front}",
        json="fronts.{front}.depth_km",
    ),
    Result(
        "attacker_troops",
        "people",
        "Attacker's troops",
        "attacker's troops in the sector at the end",
        json="fronts.{front}.attacker_troops",
    ),
    Result(
        "defender_troops",
        "people",
        "Defender's troops",
        "defender's troops in the sector at the end",
        json="fronts.{front}.defender_troops",
    ),
    Result(
        "settlements_captured",
        "-",
        "Settlements captured",
        "names of the settlements the attacker holds",
        json="fronts.{front}.settlements_captured",
    ),
)
