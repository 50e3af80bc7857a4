"""The probe mechanism's part of a finished run (composed by engine.results)."""

from __future__ import annotations

import numpy as np

from engine import layout as L


def summary(w, st, r: int) -> dict:
    """``fatigue_peak``: each belligerent's highest fatigue in run ``r``."""
    return {"fatigue_peak": {c: float(w.fatigue_peak[r, i]) for i, c in enumerate(st.states)
                             if w.role[i] == L.ROLE_BELLIGERENT}}


def columns(w, st) -> dict[str, np.ndarray]:
    """``fatigue_peak_<STATE>`` per run, belligerents only."""
    return {f"fatigue_peak_{c}": w.fatigue_peak[:, i].copy() for i, c in enumerate(st.states)
            if w.role[i] == L.ROLE_BELLIGERENT}
