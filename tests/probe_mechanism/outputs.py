"""The probe mechanism's series and its per-run result."""

from __future__ import annotations

from engine.core.columns import Output, Result

OUTPUTS = (
    Output("fatigue", "-", "War fatigue", "state[i, L.S_FATIGUE]", per="state", states="belligerent"),
)
RESULTS = (
    Result("fatigue_peak", "-", "Peak war fatigue", "highest war fatigue a belligerent reached",
           column="fatigue_peak_{state}", json="fatigue_peak.{state}"),
)
