"""Scenario section of domestic politics: a state's war support, rallies and elections.

Table (docs/scenarios.md; equations in docs/model.md, "Domestic politics"):

``[states.X.politics]``       a state's war-support dynamics and elections.

A state without a ``politics`` table is not modelled politically: its recruitment
multiplier is left to events.
"""

from __future__ import annotations

from pydantic import Field

from engine.core.schema import Date, Num, _Strict, num


class StatePolitics(_Strict):
    """A state's domestic politics (MODEL step 5)."""

    casualty_sensitivity: Num = num(0.0, 1e6, default=0.0, description="per casualty per capita")
    pain_sensitivity: Num = num(0.0, 1.0, default=0.0, description="per day at full pain")
    support_recovery: Num = num(0.0, 1.0, default=0.0, description="pull toward start (1/day)")
    recruit_elasticity: Num = num(0.0, 10.0, default=0.0)
    rally_hazard: Num = num(0.0, 1.0, default=0.0, description="daily probability")
    rally_size: Num = num(0.0, 1.0, default=0.0, description="support gained")
    collapse_support: Num = num(0.0, 1.0, default=0.0, description="gives up below (0 never)")
    elections: list[Date] = Field(default_factory=list, description="scheduled elections")
    elections_after_ceasefire_days: Num = num(0.0, 3650.0, default=0.0, description="0: none")
    replace_midpoint: Num = num(0.0, 1.0, default=0.5)
    replace_scale: Num = num(0.001, 1.0, default=0.1)
    resolve_shift: Num = num(-1.0, 1.0, default=0.0, description="resolve change if replaced")


# The tables this mechanism adds to each ``[states.X]`` (engine.scenario composes them).
STATE_SECTIONS = {
    "politics": (StatePolitics | None, Field(None, description="not modelled when absent")),
}


def problems(s) -> list[tuple[str, str]]:
    """Elections scheduled outside the run."""
    out: list[tuple[str, str]] = []
    start, end = s.scenario.start, s.end_date
    for code, st in s.states.items():
        if st.politics is None:
            continue
        for j, d in enumerate(st.politics.elections):
            if not start <= d <= end:
                out.append((f"states.{code}.politics.elections.{j}", f"{d} is outside the run"))
    return out
