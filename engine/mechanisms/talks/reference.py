"""Plain-Python twin of :mod:`engine.mechanisms.talks.kernel` and :mod:`engine.mechanisms.talks.mediator`:
the talks as envoys, states and a talks table doing what the docs say, step by step."""

from __future__ import annotations

import math

from engine import layout as L
from engine.mechanisms.talks import agents
from engine.mechanisms.talks.reference_bargaining import (
    batna,
    held_area,
    leverage,
    strength,
    territory_value,
    update_red_lines,
    utility,
    violation,
)


# ------------------------------------------------------------------ mediator
def release_pressure(model, day: int) -> None:
    talks = model.talks
    for st in model.state_list:
        st.aid_paused = 0.0
        st.pressure_sanctions = 0.0
        st.pressure_felt = 0.0
    if talks.pressure_kind >= 0:
        model.log(day, L.EV_PRESSURE, -1, -1, 0.0)
    talks.pressure_kind = -1
    talks.obstacle = None


def suspend(model, day: int, days: float) -> None:
    model.talks.status = L.TALKS_SUSPENDED
    model.talks.suspend_until = day + days
    release_pressure(model, day)


def suspension_days(model, day: int, index: int) -> float:
    t = model.talks.spec
    u = model.rng_source.uniform(day, L.STREAM_SUSPEND, index)
    return t.suspend_min_days + math.floor(-t.suspend_mean_days * math.log(u))


def deadline(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    if talks.deadline_day < 0.0 or day < talks.deadline_day:
        return
    talks.deadlines_missed += 1
    span = t.deadline_days
    nxt = day + span if span > 0.0 else -1.0
    u = model.rng_source.uniform(day, L.STREAM_DEADLINE, 0)
    if u < t.extend_prob:
        choice = 0
    elif u < t.extend_prob + t.escalate_prob:
        choice = 1
        talks.pressure_level += t.escalate_step
    else:
        choice = 2
        talks.pressure_level = 1.0
        nxt = -1.0
    talks.deadline_day = nxt
    who = talks.mediator.index if talks.mediator is not None else -1
    model.log(day, L.EV_DEADLINE_MISSED, who, choice, talks.pressure_level)
    if choice == 2:
        suspend(model, day, t.disengage_days)


def press(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    level = 0.0
    if talks.mediator is not None and talks.deadline_day >= 0.0:
        span = t.deadline_days if t.deadline_days > 0.0 else 30.0
        urgency = min(max(1.0 - (talks.deadline_day - day) / span, 0.0), 1.0)
        level = min(t.us_pressure * talks.pressure_level * urgency, 1.0)
    obstacle = None
    worst = 0.0
    for st in model.state_list:
        if not st.is_belligerent:
            continue
        if st.gap > worst:
            worst = st.gap
            obstacle = st
        st.aid_paused = 0.0
        st.pressure_sanctions = 0.0
        st.pressure_felt = 0.0
    kind = -1
    if obstacle is not None:
        if obstacle.patrons:
            held = talks.pressure_kind == 0 and talks.obstacle is obstacle
            if level >= t.aid_threshold or held:
                kind = 0
                obstacle.aid_paused = 1.0
                obstacle.pressure_felt = level * t.aid_credibility
        elif level > 0.0:
            kind = 1
            obstacle.pressure_sanctions = level * t.sanctions_credibility
            obstacle.pressure_felt = level * t.sanctions_credibility
    target = obstacle if kind >= 0 else None
    if kind != talks.pressure_kind or target is not talks.obstacle:
        model.log(day, L.EV_PRESSURE, target.index if target else -1, kind, level)
    talks.pressure_kind = kind
    talks.obstacle = target


# ------------------------------------------------------------------ talks
def talks_step(model, day: int) -> None:
    talks = model.talks
    if not talks.on or model.ended:
        return
    if talks.status != L.TALKS_CEASEFIRE:
        if talks.alternating:
            alternating(model, day)
        else:
            _shuttle_day(model, day)
    talks.leak_today = False
    talks.summit_host = None


def _shuttle_day(model, day: int) -> None:
    talks = model.talks
    assess(model, day)
    if talks.status == L.TALKS_SIGNED:
        if day >= talks.ratify_day:
            ratify(model, day)
        return
    if talks.status == L.TALKS_SUSPENDED:
        if day < talks.suspend_until:
            return
        resume(model, day)
    deadline(model, day)
    if talks.status != L.TALKS_ACTIVE:
        return
    press(model, day)
    if talks.summit_host is not None:
        meeting(model, day, None, talks.summit_host)
    move_envoys(model, day)
    if talks.status != L.TALKS_ACTIVE:
        return
    draw = model.rng_source.uniform(day, L.STREAM_LEAK, 0)
    if talks.leak_today or draw < talks.spec.leak_hazard:
        leak(model, day)
    breakdown(model, day)


def belligerents(model):
    return [st for st in model.state_list if st.is_belligerent]


def assess(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    terr = talks.territory_issue
    freeze = territory_value(talks, held_area(talks)) if terr is not None else 0.0
    talks.freeze_point = freeze
    if terr is not None:
        talks.no_deal[terr] = freeze
    first = talks.gap0 < 0.0
    for st in belligerents(model):
        b = batna(talks, st)
        if first:
            st.batna0 = b
        else:
            st.batna_trend += t.belief_rate * ((b - st.batna) - st.batna_trend)
        st.batna = b
        hurt = min(max((st.batna0 - b) / t.hurt_scale + st.pressure_felt, 0.0), 1.0)
        st.red_give = t.red_line_give * (1.0 - st.resolve) * hurt
    update_red_lines(model, freeze)
    total = 0.0
    for st in belligerents(model):
        u = utility(talks, st, talks.draft, True)
        st.draft_utility = u
        st.gap = max(st.batna + t.sign_margin - u, 0.0) + violation(talks, st, talks.draft)
        total += st.gap
        close = u >= st.batna - t.ripe_tolerance
        if st.ripe:
            ripe = close and st.batna_trend <= t.ripe_deadband
        else:
            ripe = close and st.batna_trend < -t.ripe_deadband
        if ripe != st.ripe and talks.status == L.TALKS_ACTIVE:
            model.log(day, L.EV_RIPE, st.index, -1, 1.0 if ripe else 0.0)
        st.ripe = ripe
    talks.gap = total
    if first:
        talks.gap0 = total
        talks.best_gap = total
        talks.best_gap_day = day
    if talks.status == L.TALKS_SIGNED:
        model.talks_progress = 1.0
    elif talks.gap0 > 0.0:
        model.talks_progress = min(max(1.0 - total / talks.gap0, 0.0), 1.0)
    else:
        model.talks_progress = 1.0


def next_stop(model, envoy, here):
    """The mediator's envoys tour the other capitals; others go home and back."""
    talks = model.talks
    states = model.state_list
    if envoy.principal is talks.mediator:
        n = len(states)
        for step in range(1, n + 1):
            j = states[(here.index + step) % n]
            if j.role != "mediator":
                return j
        return None
    if here is not envoy.principal:
        return envoy.principal
    if talks.mediator is not None:
        return talks.mediator
    return talks.side_b if envoy.principal is talks.side_a else talks.side_a


def move_envoys(model, day: int) -> None:
    talks = model.talks
    for envoy in talks.envoys:
        if day < envoy.ready_day:
            continue
        if envoy.travelling:
            envoy.location = envoy.dest
            envoy.travelling = False
            envoy.ready_day = day + talks.spec.stay_days
            if envoy.location is not envoy.principal:
                meeting(model, day, envoy, envoy.location)
                if talks.status != L.TALKS_ACTIVE:
                    return
        else:
            here = envoy.location
            dest = next_stop(model, envoy, here)
            if dest is None or dest is here:
                envoy.ready_day = day + talks.spec.stay_days
                continue
            envoy.dest = dest
            envoy.travelling = True
            envoy.ready_day = day + talks.travel[(here.code, dest.code)]


def meeting(model, day: int, envoy, host) -> None:
    """A meeting: the counter-party's demand, the draft's move, the mediator's pen."""
    talks, t = model.talks, model.talks.spec
    mediator = talks.mediator
    principal = envoy.principal if envoy is not None else mediator
    party = host if principal is mediator else principal
    if party is None or party is mediator or party.role == "mediator":
        return
    skill = envoy.skill if envoy is not None else 1.0
    trust = envoy.trust[host.code] if envoy is not None else 1.0
    if party.is_belligerent:
        give = t.yield_rate * skill * trust
        if not party.ripe:
            give *= t.unripe_factor
        for k in talks.issues:
            party.demand[k] += give * (talks.draft[k] - party.demand[k])
    lev = leverage(talks, party)
    party.leverage = lev
    top = max([0.0] + [party.salience[k] for k in talks.issues])
    before = dict(talks.draft)
    if top > 0.0:
        for k in talks.issues:
            step = min(t.concession * skill * trust * lev * party.salience[k] / top, 1.0)
            talks.draft[k] += step * (party.demand[k] - talks.draft[k])
    if principal is mediator and mediator is not None:
        pen(model, envoy)
    change = max([0.0] + [abs(talks.draft[k] - before[k]) for k in talks.issues])
    if change > t.version_step:
        talks.version += 1
    if envoy is not None:
        envoy.trust[host.code] += t.trust_gain * (1.0 - envoy.trust[host.code])
        envoy.meetings += 1
    talks.meetings += 1
    if party.is_belligerent:
        talks.rounds += 1
    model.log(day, L.EV_MEETING, envoy.index if envoy is not None else -1, host.index, talks.version)
    try_sign(model, day)


def pen(model, envoy) -> None:
    talks = model.talks
    a, b = talks.side_a, talks.side_b
    mandate = envoy.mandate if envoy is not None else 1.0
    lev_a = leverage(talks, a)
    lev_b = leverage(talks, b)
    for k in talks.issues:
        lo = max(a.red_lo[k], b.red_lo[k])
        hi = min(a.red_hi[k], b.red_hi[k])
        d = talks.draft[k]
        if lo <= hi:
            d = min(max(d, lo), hi)
        else:
            high_lev = lev_a if a.red_lo[k] >= b.red_lo[k] else lev_b
            weight = high_lev / (lev_a + lev_b) if lev_a + lev_b > 0.0 else 0.5
            d = hi + (lo - hi) * weight
        centre = talks.mediator.ideal[k]
        talks.draft[k] = min(max(d, centre - mandate, 0.0), centre + mandate, 1.0)


def try_sign(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    if talks.status != L.TALKS_ACTIVE:
        return
    for st in belligerents(model):
        if violation(talks, st, talks.draft) > 1e-12:
            return
        if utility(talks, st, talks.draft, True) < st.batna + t.sign_margin - 1e-12:
            return
    talks.status = L.TALKS_SIGNED
    talks.signings += 1
    talks.sign_day = day
    talks.ratify_day = day + t.ratify_days
    model.talks_progress = 1.0
    talks.terms = dict(talks.draft)
    release_pressure(model, day)
    model.log(day, L.EV_SIGNED, -1, -1, talks.version)
    if t.ratify_days <= 0.0:
        ratify(model, day)


def _lose_trust(model) -> None:
    loss = model.talks.spec.trust_loss
    for envoy in model.talks.envoys:
        for code in envoy.trust:
            envoy.trust[code] *= 1.0 - loss


def ratify(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    for st in belligerents(model):
        u = utility(talks, st, talks.terms, True)
        slack = min(max((u - st.batna) / t.ratify_slack, 0.0), 1.0)
        chance = st.ratify_fail * (1.0 - slack)
        if model.rng_source.uniform(day, L.STREAM_RATIFY, st.index) < chance:
            talks.status = L.TALKS_ACTIVE
            talks.ratify_fails += 1
            talks.sign_day = -1.0
            talks.ratify_day = -1.0
            talks.best_gap = talks.gap
            talks.best_gap_day = day
            for k in talks.issues:
                st.demand[k] += t.backlash * (st.ideal[k] - st.demand[k])
            _lose_trust(model)
            model.log(day, L.EV_RATIFY_FAILED, st.index, -1, chance)
            return
    start_ceasefire(model, day)


def start_ceasefire(model, day: int) -> None:
    talks = model.talks
    talks.status = L.TALKS_CEASEFIRE
    model.ceasefire = True
    model.ceasefire_day = day
    model.outcome = L.OUTCOME_CEASEFIRE_HOLDING
    model.talks_progress = 1.0
    model.sanctions_relief = strength(talks, "sanctions_relief", talks.terms)
    model.guarantee_strength = strength(talks, "guarantees", talks.terms)
    for st in belligerents(model):
        st.resentment = 1.0 - utility(talks, st, talks.terms, False)
    model.log(day, L.EV_RATIFIED, -1, -1, talks.version)
    model.log(day, L.EV_CEASEFIRE, -1, -1, model.guarantee_strength)


def leak(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    talks.leaks += 1
    aggrieved = None
    worst = math.inf
    for st in belligerents(model):
        margin = st.draft_utility - st.batna
        if margin < worst:
            worst = margin
            aggrieved = st
    for k in talks.issues:
        aggrieved.demand[k] += t.backlash * (aggrieved.ideal[k] - aggrieved.demand[k])
    _lose_trust(model)
    model.log(day, L.EV_LEAK, aggrieved.index, -1, talks.leaks)
    for patron in aggrieved.patrons:
        top = max([0.0] + [patron.salience[k] for k in talks.issues])
        if top <= 0.0:
            continue
        for k in talks.issues:
            pull = t.patron_pull * patron.salience[k] / top
            talks.draft[k] += pull * (patron.ideal[k] - talks.draft[k])
        talks.version += 1
        model.log(day, L.EV_COUNTER_PROPOSAL, patron.index, -1, talks.version)


def breakdown(model, day: int) -> None:
    talks, t = model.talks, model.talks.spec
    if talks.gap < talks.best_gap - t.gap_epsilon:
        talks.best_gap = talks.gap
        talks.best_gap_day = day
    elif day - talks.best_gap_day >= t.patience_days:
        days = suspension_days(model, day, 0)
        talks.breakdowns += 1
        model.log(day, L.EV_BREAKDOWN, -1, -1, days)
        suspend(model, day, days)


def resume(model, day: int) -> None:
    talks = model.talks
    span = talks.spec.deadline_days
    talks.status = L.TALKS_ACTIVE
    talks.suspend_until = -1.0
    talks.best_gap = talks.gap
    talks.best_gap_day = day
    talks.deadline_day = day + span if span > 0.0 else -1.0
    model.log(day, L.EV_RESUME, -1, -1, talks.gap)


def alternating(model, day: int) -> None:
    """Alternating offers: offer the responder exactly its discounted share as tomorrow's
    proposer, found by backward induction over the horizon (Stahl 1972; Rubinstein 1982)."""
    talks = model.talks
    if talks.status == L.TALKS_SIGNED:
        if day >= talks.ratify_day:
            ratify(model, day)
        return
    if talks.status != L.TALKS_ACTIVE:
        return
    proposer = talks.side_a if day % 2 == 0 else talks.side_b
    responder = talks.side_b if proposer is talks.side_a else talks.side_a
    offers = int(talks.spec.horizon_days)
    share = 1.0
    for step in range(offers - 1, 0, -1):
        nxt = proposer if (step + 1) % 2 == 0 else responder
        share = 1.0 - nxt.discount * share
    own = 1.0 - responder.discount * share
    responder.batna = responder.discount * share
    proposer.batna = proposer.discount * (1.0 - share)
    issue = talks.issues[0]
    lo, hi = proposer.ideal[issue], responder.ideal[issue]
    talks.draft[issue] = lo + (1.0 - own) * (hi - lo)
    talks.version += 1
    talks.meetings += 1
    talks.rounds += 1
    for st in belligerents(model):
        st.draft_utility = utility(talks, st, talks.draft, True)
    model.log(day, L.EV_MEETING, -1, responder.index, talks.version)
    try_sign(model, day)


def setup(model) -> None:
    """Every state's bargaining attributes and the model's talks table."""
    agents.setup(model)


def day(model, day: int) -> None:
    """MODEL step 7."""
    talks_step(model, day)
