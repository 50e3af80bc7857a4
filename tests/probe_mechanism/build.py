"""Building the probe mechanism's columns and array."""

from __future__ import annotations

import numpy as np

from engine import layout as L

RATE = 2.0


def build(ctx) -> None:
    ctx.arrays["state_param"][:, :, L.SP_FATIGUE_RATE] = RATE
    ctx.arrays["fatigue_peak"] = np.zeros((ctx.n_runs, len(ctx.codes)))
