"""Talks' part of the outputs: signed terms, talks counters, readable log lines."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import layout as L
from engine.core.events import name_at

_COUNTERS = {
    "rounds": L.G_ROUNDS,
    "meetings": L.G_MEETINGS,
    "leaks": L.G_LEAKS,
    "deadlines_missed": L.G_DEADLINES_MISSED,
    "draft_versions": L.G_DRAFT_VERSION,
    "breakdowns": L.G_BREAKDOWNS,
    "signings": L.G_SIGNINGS,
    "ratifications_failed": L.G_RATIFY_FAILS,
    "violations": L.G_VIOLATIONS,
    "relapses": L.G_RELAPSES,
}


EVENT_NAMES = {
    L.EV_MEETING: "meeting",
    L.EV_DEADLINE_MISSED: "deadline_missed",
    L.EV_PRESSURE: "pressure",
    L.EV_SIGNED: "signed",
    L.EV_RATIFIED: "ratified",
    L.EV_RATIFY_FAILED: "ratification_failed",
    L.EV_CEASEFIRE: "ceasefire",
    L.EV_VIOLATION: "violation",
    L.EV_RELAPSE: "relapse",
    L.EV_BREAKDOWN: "breakdown",
    L.EV_RESUME: "talks_resume",
    L.EV_RIPE: "ripeness",
    L.EV_COUNTER_PROPOSAL: "counter_proposal",
}


def summary(w, st, r: int) -> dict[str, Any]:
    """Its keys of ``warsim run --json``: the signed ``terms`` and the ``talks`` object."""
    return {"terms": terms(w, st, r), "talks": talks(w, st, r)}


def terms(w, st, r: int) -> dict[str, float] | None:
    """Issue -> value of the last signed deal, or None when nothing was signed."""
    talking = w.talks_param[r, L.TP_ON] > 0.0 or w.talks_param[r, L.TP_GAME] > 0.0
    if not talking or w.glob[r, L.G_SIGNINGS] <= 0.0:
        return None
    return {k: round(float(w.terms[r, j]), 4) for j, k in enumerate(st.scenario.issues)}


def talks(w, st, r: int) -> dict[str, Any]:
    """The ``talks`` object of ``warsim run --json``."""
    if w.talks_param[r, L.TP_GAME] > 0.0:
        from engine.mechanisms.talks_game.results import talks as game_talks

        return game_talks(w, st, r)
    if w.talks_param[r, L.TP_ON] <= 0.0:
        return {"status": "off"}
    g = w.glob[r]
    out: dict[str, Any] = {k: int(g[c]) for k, c in _COUNTERS.items()}
    out["status"] = L.TALKS_STATUS_NAMES[int(g[L.G_TALKS_STATUS])]
    out["progress"] = round(float(g[L.G_TALKS_PROGRESS]), 4)
    out["freeze_point"] = round(float(g[L.G_FREEZE_POINT]), 4)
    out["draft"] = {k: round(float(w.draft[r, j]), 4) for j, k in enumerate(st.scenario.issues)}
    out["batna"] = {
        c: round(float(w.state[r, i, L.S_BATNA]), 4)
        for i, c in enumerate(st.states)
        if w.role[i] == L.ROLE_BELLIGERENT
    }
    out["draft_utility"] = {
        c: round(float(w.state[r, i, L.S_DRAFT_UTILITY]), 4)
        for i, c in enumerate(st.states)
        if w.role[i] == L.ROLE_BELLIGERENT
    }
    return out


def columns(w, st) -> dict[str, np.ndarray]:
    """Per-run talks columns of the results dataset: counters and ``term_<issue>``."""
    cols: dict[str, np.ndarray] = {}
    for k, c in _COUNTERS.items():
        cols[f"talks_{k}"] = w.glob[:, c].astype(np.int32)
    cols["talks_progress"] = w.glob[:, L.G_TALKS_PROGRESS].copy()
    signed = w.glob[:, L.G_SIGNINGS] > 0.0
    for j, k in enumerate(st.scenario.issues):
        cols[f"term_{k}"] = np.where(signed, w.terms[:, j], np.nan)
    return cols


# how a deal of the talks game ended (bargaining.columns.BREAK_*)
_BREAK = ("reneged once the power shift was known", "resumed the war after an incident",
          "let an incident escalate")
_PRESSURE = ("an aid and intelligence pause", "sanctions and tariffs")
_DEADLINE = ("extends the deadline", "escalates pressure", "disengages for a while")


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for a talks log record, or None when the kind is not the talks'."""
    states = st.states
    envoys = list(st.scenario.envoys)

    def state(i):
        return name_at(states, i)

    if kind == L.EV_DEADLINE:
        return f"{state(a)} sets a deadline in {value:.0f} days"
    if kind == L.EV_SUMMIT:
        return f"summit with {state(a)}"
    if kind == L.EV_LEAK:
        who = f"; backlash in {state(a)}" if a >= 0 else ""
        return f"a draft leaks (leak {value:.0f}){who}"
    if kind == L.EV_MEETING:
        who = envoys[a] if 0 <= a < len(envoys) else "leaders' summit" if a == -1 else "?"
        return f"{who} meets {state(b)}; draft version {value:.0f}"
    if kind == L.EV_DEADLINE_MISSED:
        what = name_at(_DEADLINE, b)
        return f"deadline missed: {state(a)} {what} (pressure x{value:.2f})"
    if kind == L.EV_PRESSURE:
        if a < 0:
            return "mediator lifts its pressure"
        what = name_at(_PRESSURE, b)
        return f"mediator presses {state(a)} with {what} (level {value:.2f})"
    if kind == L.EV_SIGNED:
        return f"deal signed on draft version {value:.0f}; ratification pending"
    if kind == L.EV_RATIFIED:
        return f"deal ratified (draft version {value:.0f})"
    if kind == L.EV_RATIFY_FAILED:
        return f"ratification fails in {state(a)} (chance was {value:.2f}); talks reopen"
    if kind == L.EV_CEASEFIRE:
        return f"ceasefire begins; fronts freeze (guarantee strength {value:.2f})"
    if kind == L.EV_VIOLATION and a >= 0:
        # the talks game's truce (engine/mechanisms/ceasefire/truce.py): b is how it broke
        if b == 2:
            return f"an incident escalates: {state(a)}'s forces fight on (chance {value:.2f})"
        return (f"{state(a)} decides to resume the war: under its trust in the other side and "
                f"the power shift, fighting beats keeping the truce by {value:.3f}")
    if kind == L.EV_VIOLATION:
        return f"ceasefire violation (daily hazard {value:.3f})"
    if kind == L.EV_RELAPSE and b >= 0:
        who = state(a) if a >= 0 else "both sides"
        why = name_at(_BREAK, b)
        return f"ceasefire collapses after {value:.0f} days: {who} {why}; war resumes"
    if kind == L.EV_RELAPSE:
        return f"ceasefire collapses after {value:.0f} days; war resumes"
    if kind == L.EV_BREAKDOWN:
        return f"talks break down: the gap stopped shrinking; suspended {value:.0f} days"
    if kind == L.EV_RESUME:
        return f"talks resume (gap {value:.3f})"
    if kind == L.EV_RIPE:
        return f"{state(a)} {'is now ripe for a deal' if value > 0 else 'is no longer ripe'}"
    if kind == L.EV_COUNTER_PROPOSAL:
        return f"{state(a)} tables a counter-proposal; draft version {value:.0f}"
    return None
