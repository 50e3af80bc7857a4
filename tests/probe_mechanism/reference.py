"""Plain-Python twin of the probe mechanism."""

from __future__ import annotations


def setup(model) -> None:
    for st in model.state_list:
        st.fatigue = 0.0
        st.fatigue_rate = model.scenario.fatigue.rate
        st.fatigue_peak = 0.0
    model.fatigue_max = 0.0


def day(model, day: int) -> None:
    worst = 0.0
    for st in model.state_list:
        if not st.is_belligerent:
            continue
        st.fatigue += st.fatigue_rate * st.casualties_today / max(st.troops, 1.0)
        st.fatigue_peak = max(st.fatigue_peak, st.fatigue)
        worst = max(worst, st.fatigue)
    model.fatigue_max = worst
