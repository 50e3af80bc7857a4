"""Turning a stepped World into outputs: per-run summaries and the event log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from engine import layout as L
from engine.mechanisms.economy import results as economy_results
from engine.mechanisms.talks import results as talks_results
from engine.world import EVENT_NAMES, Structure, World


def outcome_name(code: float) -> str:
    return L.OUTCOME_NAMES[int(code)]


def territory_change(w: World, st: Structure) -> dict[str, np.ndarray]:
    """km2 gained per state (signed), each an array over runs."""
    return {c: w.state[:, i, L.S_TERRITORY].copy() for i, c in enumerate(st.states)}


def casualties(w: World, st: Structure) -> dict[str, np.ndarray]:
    return {c: w.state[:, i, L.S_CASUALTIES].copy() for i, c in enumerate(st.states)}


def ceasefire_day(w: World) -> np.ndarray:
    """Day the ceasefire began, or -1, per run."""
    return w.glob[:, L.G_CEASEFIRE_DAY].astype(np.int64)


def summary(w: World, st: Structure, r: int = 0) -> dict[str, Any]:
    """The ``warsim run --json`` object for run ``r`` (docs/cli.md lists the keys)."""
    s = st.scenario
    cf = int(w.glob[r, L.G_CEASEFIRE_DAY])
    belligerents = [c for i, c in enumerate(st.states) if w.role[i] == L.ROLE_BELLIGERENT]
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
    collapsed = int(w.glob[r, L.G_COLLAPSED_STATE])
    return {
        "scenario": s.scenario.name,
        "seed": int(w.seed[r]),
        "days": int(w.day[r]),
        "start": s.scenario.start.isoformat(),
        "end": (s.scenario.start + dt.timedelta(days=int(w.day[r]) - 1)).isoformat(),
        "outcome": outcome_name(w.glob[r, L.G_OUTCOME]),
        "ceasefire_day": cf if cf >= 0 else None,
        "collapsed_state": st.states[collapsed] if collapsed >= 0 else None,
        "terms": talks_results.terms(w, st, r),
        "territory_change_km2": {
            c: round(float(w.state[r, i, L.S_TERRITORY]), 3) for i, c in enumerate(st.states)
        },
        "casualties": {
            c: int(round(w.state[r, i, L.S_CASUALTIES])) for i, c in enumerate(st.states)
        },
        "casualties_per_day": {
            c: round(float(w.state[r, st.states.index(c), L.S_CASUALTIES]) / max(int(w.day[r]), 1), 1)
            for c in belligerents
        },
        "troops": {
            c: int(round(w.state[r, i, L.S_RESERVE] + w.state[r, i, L.S_COMMITTED]))
            for i, c in enumerate(st.states)
            if w.role[i] == L.ROLE_BELLIGERENT
        },
        "morale": {
            c: round(float(w.state[r, i, L.S_MORALE]), 4)
            for i, c in enumerate(st.states)
            if w.role[i] == L.ROLE_BELLIGERENT
        },
        "fronts": fronts,
        "indicators": economy_results.indicators(w, st, r),
        "talks": talks_results.talks(w, st, r),
        "events_logged": int(w.log_count[r]),
    }


def event_log(w: World, st: Structure, r: int = 0) -> list[dict[str, Any]]:
    """Run ``r``'s event log as records, oldest first."""
    start = st.scenario.scenario.start
    out = []
    n = min(int(w.log_count[r]), w.log.shape[1])
    for k in range(n):
        day, kind, a, b, value = w.log[r, k]
        kind = int(kind)
        out.append(
            {
                "day": int(day),
                "date": (start + dt.timedelta(days=int(day))).isoformat(),
                "kind": EVENT_NAMES.get(kind, str(kind)),
                "text": describe_event(st, kind, int(a), int(b), float(value)),
                "a": int(a),
                "b": int(b),
                "value": float(value),
            }
        )
    return out


def describe_event(st: Structure, kind: int, a: int, b: int, value: float) -> str:
    """One human sentence for a log record."""
    state = st.states[a] if 0 <= a < len(st.states) else "?"
    front = st.fronts[a] if 0 <= a < len(st.fronts) else "?"
    if kind == L.EV_REINFORCEMENT:
        return f"{state} reinforces the theatre with {value:,.0f} troops"
    if kind == L.EV_RECRUITMENT:
        return f"{state} recruitment set to x{value:.2f}"
    if kind == L.EV_PRODUCTION:
        return f"{state} firepower production set to x{value:.2f}"
    if kind == L.EV_FIRE_DELIVERY:
        return f"{state} receives {value:,.0f} shell-equivalents"
    if kind == L.EV_FORTIFY:
        return f"{front}: fortification x{value:.2f}"
    if kind in (L.EV_SETTLEMENT_CAPTURED, L.EV_SETTLEMENT_RETAKEN):
        names = st.settlements[a] if 0 <= a < len(st.settlements) else ()
        town = names[b] if 0 <= b < len(names) else "?"
        verb = "captured" if kind == L.EV_SETTLEMENT_CAPTURED else "retaken by the defender"
        return f"{front}: {town} {verb} (depth {value:.1f} km)"
    if kind == L.EV_BREAKTHROUGH:
        return f"{front}: breakthrough, the line moves {value:.1f} km"
    if kind == L.EV_COLLAPSE:
        return f"{state}'s army breaks (morale {value:.2f})"
    text = economy_results.describe(st, kind, a, b, value)
    if text is not None:
        return text
    text = talks_results.describe(st, kind, a, b, value)
    if text is not None:
        return text
    return f"event {kind}"


def run_columns(w: World, st: Structure) -> dict[str, np.ndarray]:
    """Flat per-run columns of the results dataset (one array over runs each).

    Names follow docs/datasets.md: ``outcome``, ``ceasefire_day`` (-1: none),
    ``territory_change_km2_<STATE>``, ``casualties_<STATE>``, then each
    mechanism's final indicators and signed terms.
    """
    cols: dict[str, np.ndarray] = {
        "days_run": w.day.astype(np.int32),
        "outcome": np.array([outcome_name(c) for c in w.glob[:, L.G_OUTCOME]]),
        "ceasefire_day": ceasefire_day(w).astype(np.int32),
    }
    for i, code in enumerate(st.states):
        cols[f"territory_change_km2_{code}"] = w.state[:, i, L.S_TERRITORY].copy()
        cols[f"casualties_{code}"] = w.state[:, i, L.S_CASUALTIES].copy()
    for i, code in enumerate(st.states):
        if w.role[i] == L.ROLE_BELLIGERENT:
            cols[f"troops_{code}"] = w.state[:, i, L.S_RESERVE] + w.state[:, i, L.S_COMMITTED]
            cols[f"morale_{code}"] = w.state[:, i, L.S_MORALE].copy()
    for f, fid in enumerate(st.fronts):
        cols[f"depth_km_{fid}"] = w.front[:, f, L.F_DEPTH].copy()
    cols.update(economy_results.indicator_columns(w, st))
    cols.update(talks_results.columns(w, st))
    return cols
