"""The probe mechanism's series."""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output("fatigue", "-", "War fatigue", "state[i, L.S_FATIGUE]", per="state", states="belligerent"),
)
