"""Plain-Python twin of :mod:`engine.mechanisms.ceasefire.kernel`."""

from __future__ import annotations

from engine import layout as L
from engine.mechanisms.talks.reference import suspend, suspension_days
from engine.mechanisms.talks.reference_bargaining import strength, utility


def setup(model) -> None:
    """The day's incident hazard (0 until a ceasefire holds)."""
    model.incident_hazard = 0.0


def incident_hazard(h0, guarantee_effect, guarantee, peacekeeper_effect, force, resentment_effect,
                    worst):
    """``h0 (1 - g_e G) (1 - p_e P) (1 + r_e worst)``."""
    return (h0 * (1.0 - guarantee_effect * guarantee) * (1.0 - peacekeeper_effect * force)
            * (1.0 + resentment_effect * worst))


def resentment_day(model, day: int) -> float:
    """Resentment drifts toward the deal's grievance, jumps with a new leadership;
    returns the largest."""
    talks = model.talks
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
    return worst


def incident(model, day: int) -> float:
    """The day's incident: its chance of escalating, or -1 when there is none."""
    talks = model.talks
    t = talks.spec
    worst = resentment_day(model, day)
    force = strength(talks, "peacekeepers", talks.terms)
    hazard = incident_hazard(t.violation_hazard, t.guarantee_effect, model.guarantee_strength,
                             t.peacekeeper_effect, force, t.resentment_effect, worst)
    model.incident_hazard = hazard
    if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 0) >= min(hazard, 1.0):
        return -1.0
    talks.violations += 1
    for st in model.state_list:
        if st.is_belligerent:
            st.resentment = min(st.resentment + t.violation_resentment, 1.0)
    return min(t.relapse_prob * (1.0 + t.resentment_effect * worst), 1.0)


def ceasefire_step(model, day: int) -> None:
    """Resentment, violations, and relapse into war (the red-line talks)."""
    talks = model.talks
    if not talks.on or not model.ceasefire or model.ended:
        return
    escalate = incident(model, day)
    if escalate < 0.0:
        return
    model.log(day, L.EV_VIOLATION, -1, -1, model.incident_hazard)
    if model.rng_source.uniform(day, L.STREAM_CEASEFIRE, 1) < escalate:
        relapse(model, day)


def back_to_war(model, day: int, who: int = -1, why: int = -1) -> None:
    """Back to war from a ceasefire: the fronts unfreeze, relief and guarantees lapse,
    the relapse is counted and logged with the days held, who resumed and why (also
    the talks game's relapse)."""
    held = day - model.ceasefire_day
    model.ceasefire = False
    model.outcome = L.OUTCOME_CEASEFIRE_COLLAPSED
    model.talks.relapses += 1
    model.sanctions_relief = 0.0
    model.guarantee_strength = 0.0
    model.incident_hazard = 0.0
    model.log(day, L.EV_RELAPSE, who, why, held)


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
