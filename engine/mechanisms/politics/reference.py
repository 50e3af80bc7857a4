"""Plain-Python twin of :mod:`engine.mechanisms.politics.kernel`: war support, elections, collapse."""

from __future__ import annotations

from engine import layout as L
from engine.reference.maths import logistic, pow_


def setup(model) -> None:
    """Each state's politics as plain attributes; the election calendar as (day, state)."""
    for st in model.state_list:
        po = st.spec.politics
        st.politics = po
        st.resolve = st.spec.resolve
        st.support_at_start = st.spec.war_support
        st.recruit_politics = 1.0
        st.recruit_event = 1.0
        st.rallies = 0
        st.ceasefire_election_held = False
    model.elections = [
        (model.scenario.day_of(d), st)
        for st in model.state_list
        if st.politics is not None
        for d in st.politics.elections
    ]


def hold_election(model, day: int, st) -> None:
    po = st.politics
    chance = logistic((po.replace_midpoint - st.war_support) / po.replace_scale)
    replaced = model.rng_source.uniform(day, L.STREAM_ELECTION, st.index) < chance
    if replaced:
        st.leader_changed_day = day
        st.resolve = min(max(st.resolve + po.resolve_shift, 0.0), 1.0)
    model.log(day, L.EV_ELECTION, st.index, 1 if replaced else 0, st.war_support)


def politics_day(model, day: int) -> None:
    """MODEL step 5, in the kernel's order."""
    for st in model.state_list:
        po = st.politics
        if po is None:
            continue
        population = max(st.spec.population, 1.0)
        support = st.war_support
        support += (
            po.support_recovery * (st.support_at_start - support)
            - po.casualty_sensitivity * st.casualties_today / population
            - po.pain_sensitivity * st.econ_pain
        )
        if model.rng_source.uniform(day, L.STREAM_RALLY, st.index) < po.rally_hazard:
            support += po.rally_size
            st.rallies += 1
            model.log(day, L.EV_RALLY, st.index, -1, po.rally_size)
        st.war_support = min(max(support, 0.0), 1.0)
        factor = 1.0
        if st.support_at_start > 0.0:
            factor = pow_(st.war_support / st.support_at_start, po.recruit_elasticity)
        st.recruit_politics = factor
        st.recruit_mult = st.recruit_event * factor
    for when, st in model.elections:
        if when == day:
            hold_election(model, day, st)
    if model.ceasefire and model.ceasefire_day >= 0:
        since = day - model.ceasefire_day
        for st in model.state_list:
            po = st.politics
            if po is None or po.elections_after_ceasefire_days <= 0.0:
                continue
            if not st.ceasefire_election_held and since >= po.elections_after_ceasefire_days:
                st.ceasefire_election_held = True
                hold_election(model, day, st)
    for st in model.state_list:
        po = st.politics
        if not st.is_belligerent or po is None:
            continue
        if po.collapse_support > 0.0 and st.war_support < po.collapse_support and not model.ended:
            model.ended = True
            model.end_day = day
            model.outcome = L.OUTCOME_COLLAPSE
            model.collapsed_state = st
            model.log(day, L.EV_SUPPORT_COLLAPSE, st.index, -1, st.war_support)


def day(model, day: int) -> None:
    """MODEL step 5."""
    politics_day(model, day)
