"""Talks: BATNA and ripeness, envoys' shuttle, drafts, leaks, breakdown, signing and
ratification (MODEL step 7); the alternating-offers protocol for the Rubinstein check.

docs/model.md ("Talks"). Twin: :mod:`engine.reference.talks`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import layout as L
from engine import talks_layout as T
from engine.kernels.bargaining import (
    batna,
    held_area,
    leverage,
    strength,
    territory_value,
    update_red_lines,
    utility,
    violation,
)
from engine.kernels.events import log_event
from engine.kernels.mediator import deadline, press, release_pressure, suspend, suspension_days
from engine.rng import uniform


@njit(cache=True)
def talks_step(w, r, day):
    """One day of talks for run r (a no-op without talks or under a ceasefire)."""
    g = w.glob[r]
    tp = w.talks_param[r]
    if tp[T.TP_ON] <= 0.0 or g[L.G_ENDED] > 0.0:
        return
    if g[L.G_TALKS_STATUS] != L.TALKS_CEASEFIRE:
        x = np.empty(w.draft.shape[1])
        if tp[T.TP_PROTOCOL] > 0.0:
            alternating(w, r, day)
        else:
            _shuttle_day(w, r, day, x)
    g[L.G_LEAK_TODAY] = 0.0
    g[L.G_SUMMIT_TODAY] = 0.0


@njit(cache=True)
def _shuttle_day(w, r, day, x):
    g = w.glob[r]
    assess(w, r, day, x)
    if g[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        if day >= g[L.G_RATIFY_DAY]:
            ratify(w, r, day)
        return
    if g[L.G_TALKS_STATUS] == L.TALKS_SUSPENDED:
        if day < g[L.G_SUSPEND_UNTIL]:
            return
        resume(w, r, day)
    deadline(w, r, day)
    if g[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    press(w, r, day)
    if g[L.G_SUMMIT_TODAY] > 0.0:
        meeting(w, r, day, -1, int(g[L.G_SUMMIT_TODAY]) - 1, x)
    move_envoys(w, r, day, x)
    if g[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    if g[L.G_LEAK_TODAY] > 0.0 or uniform(w.seed[r], day, L.STREAM_LEAK, 0) < w.talks_param[
        r, T.TP_LEAK_HAZARD
    ]:
        leak(w, r, day)
    breakdown(w, r, day)


@njit(cache=True)
def assess(w, r, day, x):
    """Freeze point, BATNAs, red lines, utility of the draft, gaps, ripeness, progress."""
    g = w.glob[r]
    tp = w.talks_param[r]
    t = w.talks_roles[T.TR_TERRITORY]
    freeze = territory_value(w, r, held_area(w, r)) if t >= 0 else 0.0
    g[L.G_FREEZE_POINT] = freeze
    if t >= 0:
        w.no_deal[r, t] = freeze
    first = g[L.G_GAP0] < 0.0
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        b = batna(w, r, i, x)
        if first:
            s[L.S_BATNA0] = b
        else:
            s[L.S_BATNA_TREND] += tp[T.TP_BELIEF_RATE] * ((b - s[L.S_BATNA]) - s[L.S_BATNA_TREND])
        s[L.S_BATNA] = b
        # hurt: the fall of the BATNA since talks began, plus the mediator's pressure felt
        hurt = min(max((s[L.S_BATNA0] - b) / tp[T.TP_HURT_SCALE] + s[L.S_PRESSURE_FELT], 0.0), 1.0)
        s[L.S_RED_GIVE] = tp[T.TP_RED_GIVE] * (1.0 - w.state_param[r, i, L.SP_RESOLVE]) * hurt
    update_red_lines(w, r, freeze)
    total = 0.0
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        u = utility(w, r, i, w.draft[r], True)
        s[L.S_DRAFT_UTILITY] = u
        gap = max(s[L.S_BATNA] + tp[T.TP_SIGN_MARGIN] - u, 0.0) + violation(w, r, i, w.draft[r])
        s[L.S_GAP] = gap
        total += gap
        # hysteresis: the BATNA must clearly fall to turn ripe and clearly rise to stop
        band = tp[T.TP_RIPE_DEADBAND]
        close = u >= s[L.S_BATNA] - tp[T.TP_RIPE_TOL]
        if s[L.S_RIPE] > 0.0:
            ripe = 1.0 if close and s[L.S_BATNA_TREND] <= band else 0.0
        else:
            ripe = 1.0 if close and s[L.S_BATNA_TREND] < -band else 0.0
        if ripe != s[L.S_RIPE] and g[L.G_TALKS_STATUS] == L.TALKS_ACTIVE:
            log_event(w, r, day, L.EV_RIPE, i, -1, ripe)
        s[L.S_RIPE] = ripe
    g[L.G_GAP] = total
    if first:
        g[L.G_GAP0] = total
        g[L.G_BEST_GAP] = total
        g[L.G_BEST_GAP_DAY] = day
    if g[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        g[L.G_TALKS_PROGRESS] = 1.0
    elif g[L.G_GAP0] > 0.0:
        g[L.G_TALKS_PROGRESS] = min(max(1.0 - total / g[L.G_GAP0], 0.0), 1.0)
    else:
        g[L.G_TALKS_PROGRESS] = 1.0


@njit(cache=True)
def next_stop(w, e, here):
    """Mediator's envoys cycle through the other capitals; the rest shuttle between home
    and the mediator's capital (or the other side's, without a mediator)."""
    n = w.role.shape[0]
    principal = w.envoy_principal[e]
    mediator = w.talks_roles[T.TR_MEDIATOR]
    if principal == mediator:
        for step in range(1, n + 1):
            j = (here + step) % n
            if w.role[j] != L.ROLE_MEDIATOR:
                return j
        return -1
    if here != principal:
        return principal
    if mediator >= 0:
        return mediator
    a = w.talks_roles[T.TR_SIDE_A]
    return w.talks_roles[T.TR_SIDE_B] if principal == a else a


@njit(cache=True)
def move_envoys(w, r, day, x):
    """Envoys arrive (and meet their host), or leave for their next stop."""
    tp = w.talks_param[r]
    for e in range(w.envoy_principal.shape[0]):
        env = w.envoy[r, e]
        if day < env[T.EN_READY_DAY]:
            continue
        if env[T.EN_TRAVELLING] > 0.0:
            here = int(env[T.EN_DEST])
            env[T.EN_LOCATION] = here
            env[T.EN_TRAVELLING] = 0.0
            env[T.EN_READY_DAY] = day + tp[T.TP_STAY_DAYS]
            if here != w.envoy_principal[e]:
                meeting(w, r, day, e, here, x)
                if w.glob[r, L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
                    return
        else:
            here = int(env[T.EN_LOCATION])
            dest = next_stop(w, e, here)
            if dest < 0 or dest == here:
                env[T.EN_READY_DAY] = day + tp[T.TP_STAY_DAYS]
                continue
            env[T.EN_DEST] = dest
            env[T.EN_TRAVELLING] = 1.0
            env[T.EN_READY_DAY] = day + w.travel_days[r, here, dest]


@njit(cache=True)
def meeting(w, r, day, e, host, x):
    """Envoy e (-1: a summit of the mediator's leaders) meets ``host``.

    The counter-party c is the host when the envoy is the mediator's, else the envoy's
    principal. A ripe belligerent's demand yields toward the draft; the draft moves
    toward c's demand by ``min(concession * skill * trust * leverage_c * s_ck / max s_c, 1)``
    per issue; the mediator's pen then fits the draft to the red lines and its mandate.
    """
    g = w.glob[r]
    tp = w.talks_param[r]
    mediator = w.talks_roles[T.TR_MEDIATOR]
    principal = w.envoy_principal[e] if e >= 0 else mediator
    c = host if principal == mediator else principal
    if c < 0 or c == mediator or w.role[c] == L.ROLE_MEDIATOR:
        return
    skill = w.envoy_param[r, e, T.EP_SKILL] if e >= 0 else 1.0
    trust = w.trust[r, e, host] if e >= 0 else 1.0
    n_issues = w.draft.shape[1]
    if w.role[c] == L.ROLE_BELLIGERENT:
        give = tp[T.TP_YIELD] * skill * trust
        if w.state[r, c, L.S_RIPE] <= 0.0:
            give *= tp[T.TP_UNRIPE]
        for k in range(n_issues):
            w.demand[r, c, k] += give * (w.draft[r, k] - w.demand[r, c, k])
    lev = leverage(w, r, c)
    w.state[r, c, L.S_LEVERAGE] = lev
    top = 0.0
    for k in range(n_issues):
        top = max(top, w.salience[r, c, k])
    for k in range(n_issues):
        x[k] = w.draft[r, k]
        if top > 0.0:
            step = min(tp[T.TP_CONCESSION] * skill * trust * lev * w.salience[r, c, k] / top, 1.0)
            w.draft[r, k] += step * (w.demand[r, c, k] - w.draft[r, k])
    if principal == mediator and mediator >= 0:
        pen(w, r, e)
    change = 0.0
    for k in range(n_issues):
        change = max(change, abs(w.draft[r, k] - x[k]))
    if change > tp[T.TP_VERSION_STEP]:
        g[L.G_DRAFT_VERSION] += 1.0
    if e >= 0:
        w.trust[r, e, host] += tp[T.TP_TRUST_GAIN] * (1.0 - w.trust[r, e, host])
        w.envoy[r, e, T.EN_MEETINGS] += 1.0
    g[L.G_MEETINGS] += 1.0
    if w.role[c] == L.ROLE_BELLIGERENT:
        g[L.G_ROUNDS] += 1.0
    log_event(w, r, day, L.EV_MEETING, e, host, g[L.G_DRAFT_VERSION])
    try_sign(w, r, day)


@njit(cache=True)
def pen(w, r, e):
    """The mediator's pen: into the belligerents' common red-line range where there is
    one, else to a leverage-weighted point between the clashing lines; then within its
    envoy's mandate around the mediator's ideal."""
    a = w.talks_roles[T.TR_SIDE_A]
    b = w.talks_roles[T.TR_SIDE_B]
    mediator = w.talks_roles[T.TR_MEDIATOR]
    mandate = w.envoy_param[r, e, T.EP_MANDATE] if e >= 0 else 1.0
    lev_a = leverage(w, r, a)
    lev_b = leverage(w, r, b)
    for k in range(w.draft.shape[1]):
        lo = max(w.red_lo[r, a, k], w.red_lo[r, b, k])
        hi = min(w.red_hi[r, a, k], w.red_hi[r, b, k])
        d = w.draft[r, k]
        if lo <= hi:
            d = min(max(d, lo), hi)
        else:
            high_lev = lev_a if w.red_lo[r, a, k] >= w.red_lo[r, b, k] else lev_b
            weight = high_lev / (lev_a + lev_b) if lev_a + lev_b > 0.0 else 0.5
            d = hi + (lo - hi) * weight
        centre = w.ideal[r, mediator, k]
        w.draft[r, k] = min(max(d, centre - mandate, 0.0), centre + mandate, 1.0)


@njit(cache=True)
def try_sign(w, r, day):
    """Sign when every belligerent's draft utility beats its BATNA by the margin and no
    red line is crossed; ratification follows after ``ratify_days``."""
    g = w.glob[r]
    tp = w.talks_param[r]
    if g[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        # 1e-12: an offer of exactly the BATNA is accepted despite rounding
        if violation(w, r, i, w.draft[r]) > 1e-12:
            return
        want = w.state[r, i, L.S_BATNA] + tp[T.TP_SIGN_MARGIN] - 1e-12
        if utility(w, r, i, w.draft[r], True) < want:
            return
    g[L.G_TALKS_STATUS] = L.TALKS_SIGNED
    g[L.G_SIGNINGS] += 1.0
    g[L.G_SIGN_DAY] = day
    g[L.G_RATIFY_DAY] = day + tp[T.TP_RATIFY_DAYS]
    g[L.G_TALKS_PROGRESS] = 1.0
    for k in range(w.draft.shape[1]):
        w.terms[r, k] = w.draft[r, k]
    release_pressure(w, r, day)
    log_event(w, r, day, L.EV_SIGNED, -1, -1, g[L.G_DRAFT_VERSION])
    if tp[T.TP_RATIFY_DAYS] <= 0.0:
        ratify(w, r, day)


@njit(cache=True)
def ratify(w, r, day):
    """Each belligerent ratifies, failing with ``ratify_fail * (1 - slack)``, slack the
    deal's margin over its BATNA in units of ``ratify_slack`` (clipped to [0, 1])."""
    g = w.glob[r]
    tp = w.talks_param[r]
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        u = utility(w, r, i, w.terms[r], True)
        slack = min(max((u - w.state[r, i, L.S_BATNA]) / tp[T.TP_RATIFY_SLACK], 0.0), 1.0)
        chance = w.state_param[r, i, L.SP_RATIFY_FAIL] * (1.0 - slack)
        if uniform(w.seed[r], day, L.STREAM_RATIFY, i) < chance:
            g[L.G_TALKS_STATUS] = L.TALKS_ACTIVE
            g[L.G_RATIFY_FAILS] += 1.0
            g[L.G_SIGN_DAY] = -1.0
            g[L.G_RATIFY_DAY] = -1.0
            g[L.G_BEST_GAP] = g[L.G_GAP]
            g[L.G_BEST_GAP_DAY] = day
            for k in range(w.draft.shape[1]):
                w.demand[r, i, k] += tp[T.TP_BACKLASH] * (w.ideal[r, i, k] - w.demand[r, i, k])
            _lose_trust(w, r)
            log_event(w, r, day, L.EV_RATIFY_FAILED, i, -1, chance)
            return
    start_ceasefire(w, r, day)


@njit(cache=True)
def start_ceasefire(w, r, day):
    """Ratified: the fronts freeze, relief and guarantees take effect."""
    g = w.glob[r]
    g[L.G_TALKS_STATUS] = L.TALKS_CEASEFIRE
    g[L.G_CEASEFIRE] = 1.0
    g[L.G_CEASEFIRE_DAY] = day
    g[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_HOLDING
    g[L.G_TALKS_PROGRESS] = 1.0
    terms = w.terms[r]
    g[L.G_SANCTIONS_RELIEF] = strength(w, r, w.talks_roles[T.TR_SANCTIONS], terms)
    g[L.G_GUARANTEE_STRENGTH] = strength(w, r, w.talks_roles[T.TR_GUARANTEES], terms)
    for i in range(w.role.shape[0]):
        if w.role[i] == L.ROLE_BELLIGERENT:
            w.state[r, i, L.S_RESENTMENT] = 1.0 - utility(w, r, i, terms, False)
    log_event(w, r, day, L.EV_RATIFIED, -1, -1, g[L.G_DRAFT_VERSION])
    log_event(w, r, day, L.EV_CEASEFIRE, -1, -1, g[L.G_GUARANTEE_STRENGTH])


@njit(cache=True)
def _lose_trust(w, r):
    loss = w.talks_param[r, T.TP_TRUST_LOSS]
    for e in range(w.trust.shape[1]):
        for h in range(w.trust.shape[2]):
            w.trust[r, e, h] *= 1.0 - loss


@njit(cache=True)
def leak(w, r, day):
    """A draft leaks: the most aggrieved belligerent's demand snaps back toward its ideal
    (domestic backlash), trust falls, and its patrons table counter-proposals."""
    g = w.glob[r]
    tp = w.talks_param[r]
    g[L.G_LEAKS] += 1.0
    aggrieved = -1
    worst = np.inf
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        margin = w.state[r, i, L.S_DRAFT_UTILITY] - w.state[r, i, L.S_BATNA]
        if margin < worst:
            worst = margin
            aggrieved = i
    n_issues = w.draft.shape[1]
    for k in range(n_issues):
        w.demand[r, aggrieved, k] += tp[T.TP_BACKLASH] * (
            w.ideal[r, aggrieved, k] - w.demand[r, aggrieved, k]
        )
    _lose_trust(w, r)
    log_event(w, r, day, L.EV_LEAK, aggrieved, -1, g[L.G_LEAKS])
    for p in range(w.role.shape[0]):
        if w.patron_of[p] != aggrieved:
            continue
        top = 0.0
        for k in range(n_issues):
            top = max(top, w.salience[r, p, k])
        if top <= 0.0:
            continue
        for k in range(n_issues):
            pull = tp[T.TP_PATRON_PULL] * w.salience[r, p, k] / top
            w.draft[r, k] += pull * (w.ideal[r, p, k] - w.draft[r, k])
        g[L.G_DRAFT_VERSION] += 1.0
        log_event(w, r, day, L.EV_COUNTER_PROPOSAL, p, -1, g[L.G_DRAFT_VERSION])


@njit(cache=True)
def breakdown(w, r, day):
    """Suspend the talks when the gap has not shrunk for ``patience_days``."""
    g = w.glob[r]
    tp = w.talks_param[r]
    if g[L.G_GAP] < g[L.G_BEST_GAP] - tp[T.TP_GAP_EPS]:
        g[L.G_BEST_GAP] = g[L.G_GAP]
        g[L.G_BEST_GAP_DAY] = day
    elif day - g[L.G_BEST_GAP_DAY] >= tp[T.TP_PATIENCE]:
        days = suspension_days(w, r, day, 0)
        g[L.G_BREAKDOWNS] += 1.0
        log_event(w, r, day, L.EV_BREAKDOWN, -1, -1, days)
        suspend(w, r, day, days)


@njit(cache=True)
def resume(w, r, day):
    """Talks resume after a suspension, with a fresh deadline."""
    g = w.glob[r]
    span = w.talks_param[r, T.TP_DEADLINE_DAYS]
    g[L.G_TALKS_STATUS] = L.TALKS_ACTIVE
    g[L.G_SUSPEND_UNTIL] = -1.0
    g[L.G_BEST_GAP] = g[L.G_GAP]
    g[L.G_BEST_GAP_DAY] = day
    g[L.G_DEADLINE_DAY] = day + span if span > 0.0 else -1.0
    log_event(w, r, day, L.EV_RESUME, -1, -1, g[L.G_GAP])


@njit(cache=True)
def alternating(w, r, day):
    """Alternating offers on one issue (Rubinstein 1982) over a finite horizon.

    Side A proposes on even days, B on odd. The proposer offers the responder exactly
    its continuation value, ``d_resp * V_resp(next)``, where V is the proposer's share
    found by backward induction over ``horizon`` offers (the last proposer takes all;
    Stahl 1972). The responder's BATNA is that continuation value; the offer is signed
    by the common rule. As the horizon grows the share tends to
    ``(1 - d_B) / (1 - d_A d_B)`` for A proposing first.
    """
    g = w.glob[r]
    if g[L.G_TALKS_STATUS] == L.TALKS_SIGNED:
        if day >= g[L.G_RATIFY_DAY]:
            ratify(w, r, day)
        return
    if g[L.G_TALKS_STATUS] != L.TALKS_ACTIVE:
        return
    a = w.talks_roles[T.TR_SIDE_A]
    b = w.talks_roles[T.TR_SIDE_B]
    proposer = a if day % 2 == 0 else b
    responder = b if proposer == a else a
    offers = int(w.talks_param[r, T.TP_HORIZON])
    share = 1.0  # share of whoever proposes the last offer
    for step in range(offers - 1, 0, -1):
        # the proposer at `step` gives the proposer at `step + 1` its discounted share
        nxt = proposer if (step + 1) % 2 == 0 else responder
        share = 1.0 - w.state_param[r, nxt, L.SP_DISCOUNT] * share
    next_share = share  # responder's share when it proposes tomorrow
    d_resp = w.state_param[r, responder, L.SP_DISCOUNT]
    d_prop = w.state_param[r, proposer, L.SP_DISCOUNT]
    own = 1.0 - d_resp * next_share
    w.state[r, responder, L.S_BATNA] = d_resp * next_share
    w.state[r, proposer, L.S_BATNA] = d_prop * (1.0 - next_share)
    lo = w.ideal[r, proposer, 0]
    hi = w.ideal[r, responder, 0]
    w.draft[r, 0] = lo + (1.0 - own) * (hi - lo)
    g[L.G_DRAFT_VERSION] += 1.0
    g[L.G_MEETINGS] += 1.0
    g[L.G_ROUNDS] += 1.0
    for i in range(w.role.shape[0]):
        if w.role[i] == L.ROLE_BELLIGERENT:
            w.state[r, i, L.S_DRAFT_UTILITY] = utility(w, r, i, w.draft[r], True)
    log_event(w, r, day, L.EV_MEETING, -1, responder, g[L.G_DRAFT_VERSION])
    try_sign(w, r, day)
