"""Building the probe mechanism's columns and array."""

from __future__ import annotations

import numpy as np

from engine import layout as L


def build(ctx) -> None:
    for r, s in enumerate(ctx.scenarios):
        ctx.arrays["state_param"][r, :, L.SP_FATIGUE_RATE] = s.fatigue.rate  # its own [fatigue]
    ctx.arrays["fatigue_peak"] = np.zeros((ctx.n_runs, len(ctx.codes)))
