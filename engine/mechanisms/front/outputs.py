"""The battlefield's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output("troops", "people", "Troops in theatre", per="state", states="belligerent"),
    Output("casualties", "people", "Casualties", per="state", states="belligerent"),
    Output("territory_km2", "km2", "Ground gained", per="state", states="belligerent"),
    Output("fire_stock", "shell-eq", "Firepower stockpile", per="state", states="belligerent"),
    Output("morale", "0..1", "Morale", per="state", states="belligerent"),
    Output("depth_km", "km", "Depth advanced", per="front"),
)
