"""The events' part of the outputs: the names and sentences of scheduled and drawn events.

The talks' scheduled kinds (deadline, summit, leak) are named here, where they are fired,
and described by the talks (engine/mechanisms/talks/results.py), which act on them.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.events import name_at
from engine.mechanisms.events.build import EVENT_CODES

EVENT_NAMES = {code: name for name, code in EVENT_CODES.items()}


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for a scheduled or drawn event on a state's forces or a sector, or None."""
    state, front = name_at(st.states, a), name_at(st.fronts, a)
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
    return None
