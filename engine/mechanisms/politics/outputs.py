"""Domestic politics' recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output(
        "war_support", "0..1", "War support", "state[i, L.S_WAR_SUPPORT]", per="state", states="belligerent"
    ),
)
