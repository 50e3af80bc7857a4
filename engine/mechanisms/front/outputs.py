"""The battlefield's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output(
        "troops",
        "people",
        "Troops in theatre",
        "state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]",
        per="state",
        states="belligerent",
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
