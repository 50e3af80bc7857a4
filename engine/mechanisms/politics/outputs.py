"""Domestic politics' recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output, Result

OUTPUTS = (
    Output(
        "war_support", "0..1", "War support", "state[i, L.S_WAR_SUPPORT]", per="state", states="belligerent"
    ),
)

# Per-run results: the runs-file column and ``warsim run --json`` key (economy/results.py writes them).
RESULTS = (
    Result(
        "war_support",
        "0..1",
        "War support",
        "share of the public backing the war at the end",
        column="war_support_{state}",
        json="indicators.war_support.{state}",
    ),
)
