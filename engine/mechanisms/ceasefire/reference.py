"""Plain-Python twin of :mod:`engine.mechanisms.ceasefire.kernel`."""

from __future__ import annotations

from engine import layout as L
from engine.mechanisms.talks.reference import suspend, suspension_days
from engine.mechanisms.talks.reference_bargaining import strength, utility


def ceasefire_step(model, day: int) -> None:
    """Resentment, violations, and relapse into war."""
    talks = model.talks
    if not talks.on or not model.ceasefire or model.ended:
        return
    t = talks.spec
    worst = 0.0
    for st in model.state_list:
        if not st.is_belligerent:
            continue
        grievance = 1.0 - utility(talks, st, talks.terms, False)
        st.resentment += t.resentment_decay * (grievance - st.resentment)
        if st.leader_changed_day == day:
            st.resentment = min(st.resentment + t.leader_shock, 1.0)
        worst = max(worst, st.resentment)
    force = strength(talks, "peacekeepers", talks.terms)
    hazard = (
        t.violation_hazard
        * (1.0 - t.guarantee_effect * model.guarantee_strength)
        * (1.0 - t.peacekeeper_effect * force)
        * (1.0 + t.resentment_effect * worst)
    )
    if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 0) >= min(hazard, 1.0):
        return
    talks.violations += 1
    model.log(day, L.EV_VIOLATION, -1, -1, hazard)
    for st in model.state_list:
        if st.is_belligerent:
            st.resentment = min(st.resentment + t.violation_resentment, 1.0)
    escalate = min(t.relapse_prob * (1.0 + t.resentment_effect * worst), 1.0)
    if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 1) < escalate:
        relapse(model, day)


def back_to_war(model, day: int) -> None:
    """Back to war from a ceasefire: the fronts unfreeze, relief and guarantees lapse,
    the relapse is counted and logged with the days the ceasefire held (also the talks
    game's renege)."""
    held = day - model.ceasefire_day
    model.ceasefire = False
    model.outcome = L.OUTCOME_CEASEFIRE_COLLAPSED
    model.talks.relapses += 1
    model.sanctions_relief = 0.0
    model.guarantee_strength = 0.0
    model.log(day, L.EV_RELAPSE, -1, -1, held)


def relapse(model, day: int) -> None:
    """Back to war; the deal's signing and ratification are void and the talks pause."""
    talks = model.talks
    back_to_war(model, day)
    talks.sign_day = -1.0
    talks.ratify_day = -1.0
    suspend(model, day, suspension_days(model, day, 1))


def day(model, day: int) -> None:
    """MODEL step 8."""
    ceasefire_step(model, day)
