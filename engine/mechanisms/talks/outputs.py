"""The talks' recorded series (kept in the World for the reason and the live view, not
written to files).

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output(
        "batna", "utility", "BATNA", "state[i, L.S_BATNA]", per="state", states="belligerent", written=False
    ),
    Output(
        "draft_utility",
        "utility",
        "Utility of the draft",
        "state[i, L.S_DRAFT_UTILITY]",
        per="state",
        states="belligerent",
        written=False,
    ),
    Output(
        "ripe", "-", "Ripe for a deal", "state[i, L.S_RIPE]", per="state", states="belligerent", written=False
    ),
    Output("talks_progress", "0..1", "Talks progress", "glob[L.G_TALKS_PROGRESS]", written=False),
    Output("talks_status", "-", "Talks status", "glob[L.G_TALKS_STATUS]", written=False),
    Output("draft_version", "-", "Draft version", "glob[L.G_DRAFT_VERSION]", written=False),
    Output(
        "freeze_point", "-", "Territory issue at the current line", "glob[L.G_FREEZE_POINT]", written=False
    ),
    Output("gap", "utility", "Gap to a deal", "glob[L.G_GAP]", written=False),
    Output("pressure_level", "-", "Mediator's escalation", "glob[L.G_PRESSURE_LEVEL]", written=False),
)
