"""The probe mechanism's day: fatigue grows with the day's losses."""

from __future__ import annotations

from engine import layout as L
from engine.core.jit import kernel


@kernel
def fatigue_day(role, glob, state, state_param, fatigue_peak):
    worst = 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        troops = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        state[i, L.S_FATIGUE] += state_param[i, L.SP_FATIGUE_RATE] * state[i, L.S_CASUALTIES_TODAY] / max(
            troops, 1.0
        )
        fatigue_peak[i] = max(fatigue_peak[i], state[i, L.S_FATIGUE])
        worst = max(worst, state[i, L.S_FATIGUE])
    glob[L.G_FATIGUE_MAX] = worst


DAY = (fatigue_day,)
