"""Domestic politics' part of the outputs: final war support, and its log sentences.

Composed by engine/results.py with the other mechanisms' (``summary``, ``columns``,
``EVENT_NAMES``, ``describe``); declared in ``outputs.py`` (``RESULTS``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import layout as L
from engine.core.events import name_at

EVENT_NAMES = {
    L.EV_ELECTION: "election",
    L.EV_RALLY: "rally",
    L.EV_SUPPORT_COLLAPSE: "support_collapse",
}


def summary(w, st, r: int) -> dict[str, Any]:
    """Its keys of ``warsim run --json``: ``indicators.war_support`` of each belligerent."""
    support = {c: round(float(w.state[r, i, L.S_WAR_SUPPORT]), 4) for i, c in enumerate(st.states)
               if w.role[i] == L.ROLE_BELLIGERENT}
    return {"indicators": {"war_support": support}}


def columns(w, st) -> dict[str, np.ndarray]:
    """``war_support_<STATE>`` per run, belligerents only (results dataset)."""
    return {f"war_support_{code}": w.state[:, i, L.S_WAR_SUPPORT].copy()
            for i, code in enumerate(st.states) if w.role[i] == L.ROLE_BELLIGERENT}


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for a politics log record (None if not one of its kinds)."""
    name_a = name_at(st.states, a)
    if kind == L.EV_ELECTION:
        verb = "replaces its leadership" if b == 1 else "keeps its leadership"
        return f"{name_a} holds an election and {verb} (war support {value:.2f})"
    if kind == L.EV_RALLY:
        return f"{name_a}: rally round the flag (+{value:.3f} war support)"
    if kind == L.EV_SUPPORT_COLLAPSE:
        return f"{name_a}'s war support breaks ({value:.2f})"
    return None
