"""Beliefs' recorded series (kept in the World, not written to files).

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output(
        "belief_trend",
        "km2/day",
        "Believed own territory trend",
        "state[i, L.S_BELIEF_TREND] + state[i, L.S_BELIEF_BIAS] * abs(state[i, L.S_BELIEF_TREND])",
        per="state",
        states="belligerent",
        description="own territory trend as the state believes it: observed trend plus optimism bias",
        written=False,
    ),
)
