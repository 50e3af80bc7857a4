"""Talks: BATNA and ripeness, envoys' shuttle, drafts, leaks, breakdown, signing and
ratification (MODEL step 7); the alternating-offers protocol for the Rubinstein check.

docs/model.md ("Talks"). Every array argument is run ``r``'s slice of a World
block (engine/mechanisms/talks/build.py documents the talks block); ``scratch`` float64[K]
is the run's scratch row, so the day allocates nothing.
Twin: :mod:`engine.mechanisms.talks.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import kernel
from engine.core.rng import uniform
from engine.mechanisms.talks.bargaining import (
    batna,
    held_area,
    interp_knots,
    leverage,
    penalised_utility,
    strength,
    update_red_lines,
    utility,
    violation,
)
from engine.mechanisms.talks.mediator import (
    deadline,
    press,
    release_pressure,
    suspend,
    suspension_days,
)


@kernel
def talks_step(
    seed, day, role, glob, state, state_param, talks_param, talks_roles, issue_strong_low,
    ideal, salience, red_lo0, red_hi0, red_lo, red_hi, demand, draft, no_deal, terms,
    territory_area, territory_value, patron_of, envoy, envoy_param, envoy_principal, trust,
    travel_days, talks_scratch, log, log_count,
):
    """One day of talks for one run (a no-op without talks or under a ceasefire)."""
    if talks_param[L.TP_ON] <= 0.0 or glob[L.G_ENDED] > 0.0:
        return
    if glob[L.G_TALKS_STATUS] != L.TALKS_CEASEFIRE:
        if talks_param[L.TP_PROTOCOL] > 0.0:
            alternating(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                        issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms,
                        trust, log, log_count)
        else:
            _shuttle_day(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                         issue_strong_low, ideal, salience, red_lo0, red_hi0, red_lo, red_hi,
                         demand, draft, no_deal, terms, territory_area, territory_value,
                         patron_of, envoy, envoy_param, envoy_principal, trust, travel_days,
                         talks_scratch, log, log_count)
    glob[L.G_LEAK_TODAY] = 0.0
    glob[L.G_SUMMIT_TODAY] = 0.0


@kernel
def _shuttle_day(
    seed, day, role, glob, state, state_param, talks_param, talks_roles, issue_strong_low,
    ideal, salience, red_lo0, red_hi0, red_lo, red_hi, demand, draft, no_deal, terms,
    territory_area, territory_value, patron_of, envoy, envoy_param, envoy_principal, trust,
    travel_days, scratch, log, log_count,
):
    assess(day, role, glob, state, state_param, talks_param, talks_roles, ideal, salience,
           red_lo0, red_hi0, red_lo, red_hi, draft, no_deal, territory_area, territory_value,
           scratch, log, log_count)
    if glob[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        if day >= glob[L.G_RATIFY_DAY]:
            ratify(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                   issue_strong_low, ideal, salience, red_lo, red_hi, demand, terms, trust, log,
                   log_count)
        return
    if glob[L.G_TALKS_STATUS] == L.TALKS_SUSPENDED:
        if day < glob[L.G_SUSPEND_UNTIL]:
            return
        resume(day, glob, talks_param, log, log_count)
    deadline(seed, day, glob, state, talks_param, talks_roles, log, log_count)
    if glob[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    press(day, role, glob, state, talks_param, talks_roles, patron_of, log, log_count)
    if glob[L.G_SUMMIT_TODAY] > 0.0:
        meeting(seed, day, np.int64(-1), np.int64(glob[L.G_SUMMIT_TODAY]) - 1, role, glob, state,
                state_param, talks_param, talks_roles, issue_strong_low, ideal, salience, red_lo,
                red_hi, demand, draft, terms, patron_of, envoy, envoy_param, envoy_principal,
                trust, scratch, log, log_count)
    move_envoys(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms,
                patron_of, envoy, envoy_param, envoy_principal, trust, travel_days, scratch, log,
                log_count)
    if glob[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    if glob[L.G_LEAK_TODAY] > 0.0 or uniform(seed, day, L.STREAM_LEAK, 0) < talks_param[
        L.TP_LEAK_HAZARD
    ]:
        leak(day, role, glob, state, talks_param, ideal, salience, demand, draft, patron_of, trust,
             log, log_count)
    breakdown(seed, day, glob, state, talks_param, log, log_count)


@kernel
def assess(day, role, glob, state, state_param, talks_param, talks_roles, ideal, salience,
           red_lo0, red_hi0, red_lo, red_hi, draft, no_deal, territory_area, territory_value,
           scratch, log, log_count):
    """Freeze point, BATNAs, red lines, utility of the draft, gaps, ripeness, progress."""
    t = talks_roles[L.TR_TERRITORY]
    freeze = 0.0
    if t >= 0:
        area = held_area(state, talks_param, talks_roles)
        freeze = interp_knots(area, territory_area, territory_value)
    glob[L.G_FREEZE_POINT] = freeze
    if t >= 0:
        no_deal[t] = freeze
    first = glob[L.G_GAP0] < 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        b = batna(i, scratch, state, state_param, talks_param, talks_roles, ideal, salience,
                  no_deal, territory_area, territory_value)
        if first:
            state[i, L.S_BATNA0] = b
        else:
            state[i, L.S_BATNA_TREND] += talks_param[L.TP_BELIEF_RATE] * (
                (b - state[i, L.S_BATNA]) - state[i, L.S_BATNA_TREND]
            )
        state[i, L.S_BATNA] = b
        # hurt: the fall of the BATNA since talks began, plus the mediator's pressure felt
        hurt = min(max((state[i, L.S_BATNA0] - b) / talks_param[L.TP_HURT_SCALE]
                       + state[i, L.S_PRESSURE_FELT], 0.0), 1.0)
        state[i, L.S_RED_GIVE] = (
            talks_param[L.TP_RED_GIVE] * (1.0 - state_param[i, L.SP_RESOLVE]) * hurt
        )
    update_red_lines(freeze, state, state_param, talks_roles, ideal, red_lo0, red_hi0, red_lo,
                     red_hi)
    total = 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        u = penalised_utility(i, draft, talks_param, ideal, salience, red_lo, red_hi)
        state[i, L.S_DRAFT_UTILITY] = u
        gap = max(state[i, L.S_BATNA] + talks_param[L.TP_SIGN_MARGIN] - u, 0.0) + violation(
            i, draft, red_lo, red_hi
        )
        state[i, L.S_GAP] = gap
        total += gap
        # hysteresis: the BATNA must clearly fall to turn ripe and clearly rise to stop
        band = talks_param[L.TP_RIPE_DEADBAND]
        close = u >= state[i, L.S_BATNA] - talks_param[L.TP_RIPE_TOL]
        if state[i, L.S_RIPE] > 0.0:
            ripe = 1.0 if close and state[i, L.S_BATNA_TREND] <= band else 0.0
        else:
            ripe = 1.0 if close and state[i, L.S_BATNA_TREND] < -band else 0.0
        if ripe != state[i, L.S_RIPE] and glob[L.G_TALKS_STATUS] == L.TALKS_ACTIVE:
            log_event(log, log_count, day, L.EV_RIPE, i, -1, ripe)
        state[i, L.S_RIPE] = ripe
    glob[L.G_GAP] = total
    if first:
        glob[L.G_GAP0] = total
        glob[L.G_BEST_GAP] = total
        glob[L.G_BEST_GAP_DAY] = day
    if glob[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        glob[L.G_TALKS_PROGRESS] = 1.0
    elif glob[L.G_GAP0] > 0.0:
        glob[L.G_TALKS_PROGRESS] = min(max(1.0 - total / glob[L.G_GAP0], 0.0), 1.0)
    else:
        glob[L.G_TALKS_PROGRESS] = 1.0


@kernel
def next_stop(e, here, role, talks_roles, envoy_principal):
    """Mediator's envoys cycle through the other capitals; the rest shuttle between home
    and the mediator's capital (or the other side's, without a mediator)."""
    n = role.shape[0]
    principal = envoy_principal[e]
    mediator = talks_roles[L.TR_MEDIATOR]
    if principal == mediator:
        for step in range(1, n + 1):
            j = (here + step) % n
            if role[j] != L.ROLE_MEDIATOR:
                return j
        return -1
    if here != principal:
        return principal
    if mediator >= 0:
        return mediator
    a = talks_roles[L.TR_SIDE_A]
    return talks_roles[L.TR_SIDE_B] if principal == a else a


@kernel
def move_envoys(
    seed, day, role, glob, state, state_param, talks_param, talks_roles, issue_strong_low,
    ideal, salience, red_lo, red_hi, demand, draft, terms, patron_of, envoy, envoy_param,
    envoy_principal, trust, travel_days, scratch, log, log_count,
):
    """Envoys arrive (and meet their host), or leave for their next stop.

    envoy : float64[E, N_ENVOY]; travel_days : float64[N, N] (days between capitals).
    """
    for e in range(envoy_principal.shape[0]):
        if day < envoy[e, L.EN_READY_DAY]:
            continue
        if envoy[e, L.EN_TRAVELLING] > 0.0:
            here = np.int64(envoy[e, L.EN_DEST])
            envoy[e, L.EN_LOCATION] = here
            envoy[e, L.EN_TRAVELLING] = 0.0
            envoy[e, L.EN_READY_DAY] = day + talks_param[L.TP_STAY_DAYS]
            if here != envoy_principal[e]:
                meeting(seed, day, e, here, role, glob, state, state_param, talks_param,
                        talks_roles, issue_strong_low, ideal, salience, red_lo, red_hi, demand,
                        draft, terms, patron_of, envoy, envoy_param, envoy_principal, trust,
                        scratch, log, log_count)
                if glob[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
                    return
        else:
            here = np.int64(envoy[e, L.EN_LOCATION])
            dest = next_stop(e, here, role, talks_roles, envoy_principal)
            if dest < 0 or dest == here:
                envoy[e, L.EN_READY_DAY] = day + talks_param[L.TP_STAY_DAYS]
                continue
            envoy[e, L.EN_DEST] = dest
            envoy[e, L.EN_TRAVELLING] = 1.0
            envoy[e, L.EN_READY_DAY] = day + travel_days[here, dest]


@kernel
def meeting(
    seed, day, e, host, role, glob, state, state_param, talks_param, talks_roles,
    issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms, patron_of, envoy,
    envoy_param, envoy_principal, trust, scratch, log, log_count,
):
    """Envoy e (-1: a summit of the mediator's leaders) meets ``host``.

    The counter-party c is the host when the envoy is the mediator's, else the envoy's
    principal. A ripe belligerent's demand yields toward the draft; the draft moves
    toward c's demand by ``min(concession * skill * trust * leverage_c * s_ck / max s_c, 1)``
    per issue; the mediator's pen then fits the draft to the red lines and its mandate.
    """
    mediator = talks_roles[L.TR_MEDIATOR]
    principal = envoy_principal[e] if e >= 0 else mediator
    c = host if principal == mediator else principal
    if c < 0 or c == mediator or role[c] == L.ROLE_MEDIATOR:
        return
    skill = envoy_param[e, L.ENP_SKILL] if e >= 0 else 1.0
    confidence = trust[e, host] if e >= 0 else 1.0
    n_issues = draft.shape[0]
    if role[c] == L.ROLE_BELLIGERENT:
        give = talks_param[L.TP_YIELD] * skill * confidence
        if state[c, L.S_RIPE] <= 0.0:
            give *= talks_param[L.TP_UNRIPE]
        for k in range(n_issues):
            demand[c, k] += give * (draft[k] - demand[c, k])
    lev = leverage(c, role, state, talks_param, talks_roles, patron_of)
    state[c, L.S_LEVERAGE] = lev
    top = 0.0
    for k in range(n_issues):
        top = max(top, salience[c, k])
    for k in range(n_issues):
        scratch[k] = draft[k]
        if top > 0.0:
            step = min(talks_param[L.TP_CONCESSION] * skill * confidence * lev * salience[c, k] / top,
                       1.0)
            draft[k] += step * (demand[c, k] - draft[k])
    if principal == mediator and mediator >= 0:
        pen(e, role, state, talks_param, talks_roles, ideal, red_lo, red_hi, draft, patron_of,
            envoy_param)
    change = 0.0
    for k in range(n_issues):
        change = max(change, abs(draft[k] - scratch[k]))
    if change > talks_param[L.TP_VERSION_STEP]:
        glob[L.G_DRAFT_VERSION] += 1.0
    if e >= 0:
        trust[e, host] += talks_param[L.TP_TRUST_GAIN] * (1.0 - trust[e, host])
        envoy[e, L.EN_MEETINGS] += 1.0
    glob[L.G_MEETINGS] += 1.0
    if role[c] == L.ROLE_BELLIGERENT:
        glob[L.G_ROUNDS] += 1.0
    log_event(log, log_count, day, L.EV_MEETING, e, host, glob[L.G_DRAFT_VERSION])
    try_sign(seed, day, role, glob, state, state_param, talks_param, talks_roles,
             issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms, trust, log,
             log_count)


@kernel
def pen(e, role, state, talks_param, talks_roles, ideal, red_lo, red_hi, draft, patron_of,
        envoy_param):
    """The mediator's pen: into the belligerents' common red-line range where there is
    one, else to a leverage-weighted point between the clashing lines; then within its
    envoy's mandate around the mediator's ideal."""
    a = talks_roles[L.TR_SIDE_A]
    b = talks_roles[L.TR_SIDE_B]
    mediator = talks_roles[L.TR_MEDIATOR]
    mandate = envoy_param[e, L.ENP_MANDATE] if e >= 0 else 1.0
    lev_a = leverage(a, role, state, talks_param, talks_roles, patron_of)
    lev_b = leverage(b, role, state, talks_param, talks_roles, patron_of)
    for k in range(draft.shape[0]):
        lo = max(red_lo[a, k], red_lo[b, k])
        hi = min(red_hi[a, k], red_hi[b, k])
        d = draft[k]
        if lo <= hi:
            d = min(max(d, lo), hi)
        else:
            high_lev = lev_a if red_lo[a, k] >= red_lo[b, k] else lev_b
            weight = high_lev / (lev_a + lev_b) if lev_a + lev_b > 0.0 else 0.5
            d = hi + (lo - hi) * weight
        centre = ideal[mediator, k]
        draft[k] = min(max(d, centre - mandate, 0.0), centre + mandate, 1.0)


@kernel
def try_sign(seed, day, role, glob, state, state_param, talks_param, talks_roles,
             issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms, trust, log,
             log_count):
    """Sign when every belligerent's draft utility beats its BATNA by the margin and no
    red line is crossed; ratification follows after ``ratify_days``."""
    if glob[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        # 1e-12: an offer of exactly the BATNA is accepted despite rounding
        if violation(i, draft, red_lo, red_hi) > 1e-12:
            return
        want = state[i, L.S_BATNA] + talks_param[L.TP_SIGN_MARGIN] - 1e-12
        if penalised_utility(i, draft, talks_param, ideal, salience, red_lo, red_hi) < want:
            return
    glob[L.G_TALKS_STATUS] = L.TALKS_SIGNED
    glob[L.G_SIGNINGS] += 1.0
    glob[L.G_SIGN_DAY] = day
    glob[L.G_RATIFY_DAY] = day + talks_param[L.TP_RATIFY_DAYS]
    glob[L.G_TALKS_PROGRESS] = 1.0
    for k in range(draft.shape[0]):
        terms[k] = draft[k]
    release_pressure(day, glob, state, log, log_count)
    log_event(log, log_count, day, L.EV_SIGNED, -1, -1, glob[L.G_DRAFT_VERSION])
    if talks_param[L.TP_RATIFY_DAYS] <= 0.0:
        ratify(seed, day, role, glob, state, state_param, talks_param, talks_roles,
               issue_strong_low, ideal, salience, red_lo, red_hi, demand, terms, trust, log,
               log_count)


@kernel
def ratify(seed, day, role, glob, state, state_param, talks_param, talks_roles,
           issue_strong_low, ideal, salience, red_lo, red_hi, demand, terms, trust, log,
           log_count):
    """Each belligerent ratifies, failing with ``ratify_fail * (1 - slack)``, slack the
    deal's margin over its BATNA in units of ``ratify_slack`` (clipped to [0, 1])."""
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        u = penalised_utility(i, terms, talks_param, ideal, salience, red_lo, red_hi)
        slack = min(max((u - state[i, L.S_BATNA]) / talks_param[L.TP_RATIFY_SLACK], 0.0), 1.0)
        chance = state_param[i, L.SP_RATIFY_FAIL] * (1.0 - slack)
        if uniform(seed, day, L.STREAM_RATIFY, i) < chance:
            glob[L.G_TALKS_STATUS] = L.TALKS_ACTIVE
            glob[L.G_RATIFY_FAILS] += 1.0
            glob[L.G_SIGN_DAY] = -1.0
            glob[L.G_RATIFY_DAY] = -1.0
            glob[L.G_BEST_GAP] = glob[L.G_GAP]
            glob[L.G_BEST_GAP_DAY] = day
            for k in range(terms.shape[0]):
                demand[i, k] += talks_param[L.TP_BACKLASH] * (ideal[i, k] - demand[i, k])
            lose_trust(talks_param, trust)
            log_event(log, log_count, day, L.EV_RATIFY_FAILED, i, -1, chance)
            return
    start_ceasefire(day, role, glob, state, talks_param, talks_roles, issue_strong_low, ideal,
                    salience, terms, log, log_count)


@kernel
def start_ceasefire(day, role, glob, state, talks_param, talks_roles, issue_strong_low, ideal,
                    salience, terms, log, log_count):
    """Ratified: the fronts freeze, relief and guarantees take effect."""
    glob[L.G_TALKS_STATUS] = L.TALKS_CEASEFIRE
    glob[L.G_CEASEFIRE] = 1.0
    glob[L.G_CEASEFIRE_DAY] = day
    glob[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_HOLDING
    glob[L.G_TALKS_PROGRESS] = 1.0
    glob[L.G_SANCTIONS_RELIEF] = strength(talks_roles[L.TR_SANCTIONS], terms, issue_strong_low)
    glob[L.G_GUARANTEE_STRENGTH] = strength(talks_roles[L.TR_GUARANTEES], terms, issue_strong_low)
    for i in range(role.shape[0]):
        if role[i] == L.ROLE_BELLIGERENT:
            state[i, L.S_RESENTMENT] = 1.0 - utility(i, terms, talks_param, ideal, salience)
    log_event(log, log_count, day, L.EV_RATIFIED, -1, -1, glob[L.G_DRAFT_VERSION])
    log_event(log, log_count, day, L.EV_CEASEFIRE, -1, -1, glob[L.G_GUARANTEE_STRENGTH])


@kernel
def lose_trust(talks_param, trust):
    """Every host's trust in every envoy falls by ``trust_loss`` (trust: float64[E, N])."""
    loss = talks_param[L.TP_TRUST_LOSS]
    for e in range(trust.shape[0]):
        for h in range(trust.shape[1]):
            trust[e, h] *= 1.0 - loss


@kernel
def leak(day, role, glob, state, talks_param, ideal, salience, demand, draft, patron_of, trust,
         log, log_count):
    """A draft leaks: the most aggrieved belligerent's demand snaps back toward its ideal
    (domestic backlash), trust falls, and its patrons table counter-proposals."""
    glob[L.G_LEAKS] += 1.0
    aggrieved = -1
    worst = np.inf
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        margin = state[i, L.S_DRAFT_UTILITY] - state[i, L.S_BATNA]
        if margin < worst:
            worst = margin
            aggrieved = i
    n_issues = draft.shape[0]
    for k in range(n_issues):
        demand[aggrieved, k] += talks_param[L.TP_BACKLASH] * (
            ideal[aggrieved, k] - demand[aggrieved, k]
        )
    lose_trust(talks_param, trust)
    log_event(log, log_count, day, L.EV_LEAK, aggrieved, -1, glob[L.G_LEAKS])
    for p in range(role.shape[0]):
        if patron_of[p] != aggrieved:
            continue
        top = 0.0
        for k in range(n_issues):
            top = max(top, salience[p, k])
        if top <= 0.0:
            continue
        for k in range(n_issues):
            pull = talks_param[L.TP_PATRON_PULL] * salience[p, k] / top
            draft[k] += pull * (ideal[p, k] - draft[k])
        glob[L.G_DRAFT_VERSION] += 1.0
        log_event(log, log_count, day, L.EV_COUNTER_PROPOSAL, p, -1, glob[L.G_DRAFT_VERSION])


@kernel
def breakdown(seed, day, glob, state, talks_param, log, log_count):
    """Suspend the talks when the gap has not shrunk for ``patience_days``."""
    if glob[L.G_GAP] < glob[L.G_BEST_GAP] - talks_param[L.TP_GAP_EPS]:
        glob[L.G_BEST_GAP] = glob[L.G_GAP]
        glob[L.G_BEST_GAP_DAY] = day
    elif day - glob[L.G_BEST_GAP_DAY] >= talks_param[L.TP_PATIENCE]:
        days = suspension_days(seed, day, np.int64(0), talks_param)
        glob[L.G_BREAKDOWNS] += 1.0
        log_event(log, log_count, day, L.EV_BREAKDOWN, -1, -1, days)
        suspend(day, days, glob, state, log, log_count)


@kernel
def resume(day, glob, talks_param, log, log_count):
    """Talks resume after a suspension, with a fresh deadline."""
    span = talks_param[L.TP_DEADLINE_DAYS]
    glob[L.G_TALKS_STATUS] = L.TALKS_ACTIVE
    glob[L.G_SUSPEND_UNTIL] = -1.0
    glob[L.G_BEST_GAP] = glob[L.G_GAP]
    glob[L.G_BEST_GAP_DAY] = day
    glob[L.G_DEADLINE_DAY] = day + span if span > 0.0 else -1.0
    log_event(log, log_count, day, L.EV_RESUME, -1, -1, glob[L.G_GAP])


@kernel
def alternating(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms, trust,
                log, log_count):
    """Alternating offers on one issue (Rubinstein 1982) over a finite horizon.

    Side A proposes on even days, B on odd. The proposer offers the responder exactly
    its continuation value, ``d_resp * V_resp(next)``, where V is the proposer's share
    found by backward induction over ``horizon`` offers (the last proposer takes all;
    Stahl 1972). The responder's BATNA is that continuation value; the offer is signed
    by the common rule. As the horizon grows the share tends to
    ``(1 - d_B) / (1 - d_A d_B)`` for A proposing first.
    """
    if glob[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        if day >= glob[L.G_RATIFY_DAY]:
            ratify(seed, day, role, glob, state, state_param, talks_param, talks_roles,
                   issue_strong_low, ideal, salience, red_lo, red_hi, demand, terms, trust, log,
                   log_count)
        return
    if glob[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    a = talks_roles[L.TR_SIDE_A]
    b = talks_roles[L.TR_SIDE_B]
    proposer = a if day % 2 == 0 else b
    responder = b if proposer == a else a
    offers = np.int64(talks_param[L.TP_HORIZON])
    share = 1.0  # share of whoever proposes the last offer
    for step in range(offers - 1, 0, -1):
        # the proposer at `step` gives the proposer at `step + 1` its discounted share
        nxt = proposer if (step + 1) % 2 == 0 else responder
        share = 1.0 - state_param[nxt, L.SP_DISCOUNT] * share
    next_share = share  # responder's share when it proposes tomorrow
    d_resp = state_param[responder, L.SP_DISCOUNT]
    d_prop = state_param[proposer, L.SP_DISCOUNT]
    own = 1.0 - d_resp * next_share
    state[responder, L.S_BATNA] = d_resp * next_share
    state[proposer, L.S_BATNA] = d_prop * (1.0 - next_share)
    lo = ideal[proposer, 0]
    hi = ideal[responder, 0]
    draft[0] = lo + (1.0 - own) * (hi - lo)
    glob[L.G_DRAFT_VERSION] += 1.0
    glob[L.G_MEETINGS] += 1.0
    glob[L.G_ROUNDS] += 1.0
    for i in range(role.shape[0]):
        if role[i] == L.ROLE_BELLIGERENT:
            state[i, L.S_DRAFT_UTILITY] = penalised_utility(i, draft, talks_param, ideal, salience,
                                                            red_lo, red_hi)
    log_event(log, log_count, day, L.EV_MEETING, -1, responder, glob[L.G_DRAFT_VERSION])
    try_sign(seed, day, role, glob, state, state_param, talks_param, talks_roles,
             issue_strong_low, ideal, salience, red_lo, red_hi, demand, draft, terms, trust, log,
             log_count)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (talks_step,)
