"""The talks' recorded series (kept in the World for the reason and the live view, not
written to files).

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output("batna", "utility", "BATNA", per="state", states="belligerent", written=False),
    Output("draft_utility", "utility", "Utility of the draft", per="state", states="belligerent",
           written=False),
    Output("ripe", "-", "Ripe for a deal", per="state", states="belligerent", written=False),
    Output("talks_progress", "0..1", "Talks progress", written=False),
    Output("talks_status", "-", "Talks status", written=False),
    Output("draft_version", "-", "Draft version", written=False),
    Output("freeze_point", "-", "Territory issue at the current line", written=False),
    Output("gap", "utility", "Gap to a deal", written=False),
    Output("pressure_level", "-", "Mediator's escalation", written=False),
)
