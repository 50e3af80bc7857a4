"""The battlefield's part of the outputs: ground, casualties, troops, morale, sectors, log text.

engine/results.py composes every mechanism's ``results.py`` in day order: ``summary``
(its keys of ``warsim run --json``), ``columns`` (its columns of a batch's runs files),
``EVENT_NAMES`` and ``describe`` (its kinds of the event log). The keys and columns are
declared in ``outputs.py`` (``RESULTS``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import layout as L
from engine.core.events import name_at

EVENT_NAMES = {
    L.EV_SETTLEMENT_CAPTURED: "settlement_captured",
    L.EV_SETTLEMENT_RETAKEN: "settlement_retaken",
    L.EV_BREAKTHROUGH: "breakthrough",
    L.EV_COLLAPSE: "collapse",
}


def summary(w, st, r: int) -> dict[str, Any]:
    """Run ``r``'s ground gained (km2, signed), casualties, troops and morale per state, and
    each sector's final line."""
    belligerents = [i for i in range(len(st.states)) if w.role[i] == L.ROLE_BELLIGERENT]
    fronts = {}
    for f, fid in enumerate(st.fronts):
        taken = [
            name
            for j, name in enumerate(st.settlements[f])
            if w.settlement_taken[r, f, j] > 0.0
            and w.settlement_depth[r, f, j] > w.front_param[r, f, L.FP_DEPTH]
        ]
        fronts[fid] = {
            "depth_km": round(float(w.front[r, f, L.F_DEPTH]), 4),
            "attacker_troops": int(round(w.front[r, f, L.F_ATTACKER_TROOPS])),
            "defender_troops": int(round(w.front[r, f, L.F_DEFENDER_TROOPS])),
            "settlements_captured": taken,
        }
    return {
        "territory_change_km2": {
            c: round(float(w.state[r, i, L.S_TERRITORY]), 3) for i, c in enumerate(st.states)
        },
        "casualties": {
            c: int(round(w.state[r, i, L.S_CASUALTIES])) for i, c in enumerate(st.states)
        },
        "casualties_per_day": {
            st.states[i]: round(float(w.state[r, i, L.S_CASUALTIES]) / max(int(w.day[r]), 1), 1)
            for i in belligerents
        },
        "troops": {
            st.states[i]: int(round(w.state[r, i, L.S_RESERVE] + w.state[r, i, L.S_COMMITTED]))
            for i in belligerents
        },
        "morale": {st.states[i]: round(float(w.state[r, i, L.S_MORALE]), 4) for i in belligerents},
        "fronts": fronts,
    }


def columns(w, st) -> dict[str, np.ndarray]:
    """Per-run columns of the results dataset (one array over runs each):
    ``territory_change_km2_<STATE>``, ``casualties_<STATE>``, ``troops_<STATE>`` and
    ``morale_<STATE>`` (belligerents), ``depth_km_<front>``."""
    cols: dict[str, np.ndarray] = {}
    for i, code in enumerate(st.states):
        cols[f"territory_change_km2_{code}"] = w.state[:, i, L.S_TERRITORY].copy()
        cols[f"casualties_{code}"] = w.state[:, i, L.S_CASUALTIES].copy()
    for i, code in enumerate(st.states):
        if w.role[i] == L.ROLE_BELLIGERENT:
            cols[f"troops_{code}"] = w.state[:, i, L.S_RESERVE] + w.state[:, i, L.S_COMMITTED]
            cols[f"morale_{code}"] = w.state[:, i, L.S_MORALE].copy()
    for f, fid in enumerate(st.fronts):
        cols[f"depth_km_{fid}"] = w.front[:, f, L.F_DEPTH].copy()
    return cols


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for a battlefield log record, or None when the kind is not the front's."""
    state, front = name_at(st.states, a), name_at(st.fronts, a)
    if kind in (L.EV_SETTLEMENT_CAPTURED, L.EV_SETTLEMENT_RETAKEN):
        town = name_at(name_at(st.settlements, a, ()), b)
        verb = "captured" if kind == L.EV_SETTLEMENT_CAPTURED else "retaken by the defender"
        return f"{front}: {town} {verb} (depth {value:.1f} km)"
    if kind == L.EV_BREAKTHROUGH:
        return f"{front}: breakthrough, the line moves {value:.1f} km"
    if kind == L.EV_COLLAPSE:
        return f"{state}'s army breaks (morale {value:.2f})"
    return None
