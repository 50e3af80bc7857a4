"""The battlefield: mobilisation, allocation of reserves, combat and movement.

MODEL step 2-3; the equations are in docs/model.md ("Battlefield").
Twin: :mod:`engine.reference.front`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import layout as L
from engine.kernels.events import log_event
from engine.rng import lognormal_factor, uniform


@njit(cache=True, inline="always")
def logistic(x):
    """The logistic function, written to avoid overflow for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + np.exp(-x))
    e = np.exp(x)
    return e / (1.0 + e)


@njit(cache=True)
def mobilise(w, r):
    """Recruits, returning wounded and produced firepower arrive; today's fire is drawn.

    For each belligerent ``i``:
    ``reserve += wounded_return * casualties_yesterday``;
    ``reserve += min(recruits_per_day * recruit_mult, ceiling - troops)``;
    ``stock += fire_production * production_mult``; then
    ``fire_used = min(stock, fire_rate * production_mult)`` leaves the stock: the
    army's rate of fire follows its supply (fire_rate is the rate at the reference
    supply), so more production or aid means more fire, not just a bigger stock.
    """
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        p = w.state_param[r, i]
        # S_CASUALTIES_TODAY still holds yesterday's losses: combat resets it.
        s[L.S_RESERVE] += p[L.SP_WOUNDED_RETURN] * s[L.S_CASUALTIES_TODAY]
        troops = s[L.S_RESERVE] + s[L.S_COMMITTED]
        recruits = p[L.SP_RECRUITS_PER_DAY] * s[L.S_RECRUIT_MULT]
        room = p[L.SP_TROOP_CEILING] - troops
        recruits = min(recruits, max(room, 0.0))
        s[L.S_RESERVE] += recruits
        s[L.S_RECRUITED] += recruits
        s[L.S_FIRE_STOCK] += p[L.SP_FIRE_PRODUCTION] * s[L.S_PRODUCTION_MULT]
        used = min(s[L.S_FIRE_STOCK], p[L.SP_FIRE_RATE] * s[L.S_PRODUCTION_MULT])
        s[L.S_FIRE_USED] = used
        s[L.S_FIRE_STOCK] -= used


@njit(cache=True)
def allocate(w, r):
    """Send part of each belligerent's free reserve to its sectors.

    The free reserve is what exceeds ``reserve_keep`` of the troops in theatre;
    ``alloc_rate`` of it moves per day (a bounded reassignment). Sector ``f``
    wants a share ``weight_f / sum(weight)`` of the side's committed troops, with
    ``weight_f = priority_f * (1 + threat_weight * enemy_f / (own_f + enemy_f))``;
    the move is split over the sectors in proportion to their shortfall (or to
    their weight when none falls short). Frozen sectors get nothing.
    """
    n_fronts = w.front_attacker.shape[0]
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        p = w.state_param[r, i]
        troops = s[L.S_RESERVE] + s[L.S_COMMITTED]
        free = s[L.S_RESERVE] - p[L.SP_RESERVE_KEEP] * troops
        if free <= 0.0:
            continue
        send = p[L.SP_ALLOC_RATE] * free
        total_weight = 0.0
        for f in range(n_fronts):
            if w.front[r, f, L.F_FROZEN] > 0.0 or w.glob[r, L.G_CEASEFIRE] > 0.0:
                continue
            if w.front_attacker[f] != i and w.front_defender[f] != i:
                continue
            total_weight += _weight(w, r, f, i, p[L.SP_THREAT_WEIGHT])
        if total_weight <= 0.0:
            continue
        pool = s[L.S_COMMITTED] + send
        total_gap = 0.0
        for f in range(n_fronts):
            if w.front[r, f, L.F_FROZEN] > 0.0 or w.glob[r, L.G_CEASEFIRE] > 0.0:
                continue
            if w.front_attacker[f] != i and w.front_defender[f] != i:
                continue
            want = pool * _weight(w, r, f, i, p[L.SP_THREAT_WEIGHT]) / total_weight
            total_gap += max(want - _own(w, r, f, i), 0.0)
        for f in range(n_fronts):
            if w.front[r, f, L.F_FROZEN] > 0.0 or w.glob[r, L.G_CEASEFIRE] > 0.0:
                continue
            if w.front_attacker[f] != i and w.front_defender[f] != i:
                continue
            weight = _weight(w, r, f, i, p[L.SP_THREAT_WEIGHT])
            if total_gap > 0.0:
                want = pool * weight / total_weight
                share = max(want - _own(w, r, f, i), 0.0) / total_gap
            else:
                share = weight / total_weight
            moved = send * share
            if w.front_attacker[f] == i:
                w.front[r, f, L.F_ATTACKER_TROOPS] += moved
            else:
                w.front[r, f, L.F_DEFENDER_TROOPS] += moved
            s[L.S_RESERVE] -= moved
            s[L.S_COMMITTED] += moved


@njit(cache=True, inline="always")
def _own(w, r, f, i):
    if w.front_attacker[f] == i:
        return w.front[r, f, L.F_ATTACKER_TROOPS]
    return w.front[r, f, L.F_DEFENDER_TROOPS]


@njit(cache=True, inline="always")
def _weight(w, r, f, i, threat_weight):
    own = _own(w, r, f, i)
    total = w.front[r, f, L.F_ATTACKER_TROOPS] + w.front[r, f, L.F_DEFENDER_TROOPS]
    threat = (total - own) / total if total > 0.0 else 0.0
    return w.front_param[r, f, L.FP_PRIORITY] * (1.0 + threat_weight * threat)


@njit(cache=True)
def combat(w, r, day):
    """Lanchester-Helmbold attrition and movement in every sector not frozen.

    With troops ``A`` (attacker) and ``D`` (defender), fortification ``phi``,
    effectiveness ``e = (2*fire_share)**fire_elasticity * morale**morale_effect``
    and ``k = attrition * intensity``::

        loss_A = k * e_D * D**mu * A**(1-mu) * phi * noise
        loss_D = k * e_A * A**mu * D**(1-mu) / phi * noise
        ln R   = ln(e_A * A) - ln(e_D * D * phi)
        v      = intensity * (v_max * logistic((ln R - ln R*)/s) - v_c * logistic((ln R_c - ln R)/s))

    ``v`` times lognormal noise, plus a breakthrough jump with daily hazard
    ``h0 * (R/R*)**b``, moves the depth within ``[0, max_depth]``. Ground
    changes hands as ``length * delta_depth``; settlements whose depth is
    crossed are captured (or retaken) and logged.
    """
    gp = w.glob_param[r]
    mu = gp[L.GP_MU]
    seed = w.seed[r]
    n_fronts = w.front_attacker.shape[0]
    for i in range(w.role.shape[0]):
        w.state[r, i, L.S_CASUALTIES_TODAY] = 0.0
    if w.glob[r, L.G_CEASEFIRE] > 0.0:
        return
    for f in range(n_fronts):
        fr = w.front[r, f]
        fp = w.front_param[r, f]
        fr[L.F_ADVANCE_TODAY] = 0.0
        if fr[L.F_FROZEN] > 0.0:
            continue
        a = w.front_attacker[f]
        d = w.front_defender[f]
        att = fr[L.F_ATTACKER_TROOPS]
        dfd = fr[L.F_DEFENDER_TROOPS]
        phi = fp[L.FP_FORTIFICATION]
        fire_a = _sector_fire(w, r, a, att)
        fire_d = _sector_fire(w, r, d, dfd)
        share_a = fire_a / (fire_a + fire_d) if fire_a + fire_d > 0.0 else 0.5
        fr[L.F_ATTACKER_FIRE_SHARE] = share_a
        eff_a = _effectiveness(share_a, w.state[r, a, L.S_MORALE], gp)
        eff_d = _effectiveness(1.0 - share_a, w.state[r, d, L.S_MORALE], gp)
        k = gp[L.GP_ATTRITION] * fp[L.FP_INTENSITY]
        noise_a = lognormal_factor(seed, day, L.STREAM_LOSS_ATTACKER, f, gp[L.GP_LOSS_NOISE])
        noise_d = lognormal_factor(seed, day, L.STREAM_LOSS_DEFENDER, f, gp[L.GP_LOSS_NOISE])
        loss_a = k * eff_d * _power(dfd, mu) * _power(att, 1.0 - mu) * phi * noise_a
        loss_d = k * eff_a * _power(att, mu) * _power(dfd, 1.0 - mu) / phi * noise_d
        loss_a = min(loss_a, att)
        loss_d = min(loss_d, dfd)
        log_ratio = np.log(eff_a * att + 1.0) - np.log(eff_d * dfd * phi + 1.0)
        fr[L.F_LOG_RATIO] = log_ratio
        fr[L.F_ATTACKER_TROOPS] = att - loss_a
        fr[L.F_DEFENDER_TROOPS] = dfd - loss_d
        fr[L.F_ATTACKER_LOSSES] += loss_a
        fr[L.F_DEFENDER_LOSSES] += loss_d
        _casualties(w, r, a, loss_a)
        _casualties(w, r, d, loss_d)
        if gp[L.GP_MOVEMENT] > 0.0:
            _move(w, r, day, f, log_ratio)


@njit(cache=True, inline="always")
def _power(x, e):
    # 0**0 is 1 (a linear-law side with no troops still takes its share of fire)
    if e == 0.0:
        return 1.0
    if x <= 0.0:
        return 0.0
    return x**e


@njit(cache=True, inline="always")
def _sector_fire(w, r, i, troops):
    committed = w.state[r, i, L.S_COMMITTED]
    if committed <= 0.0:
        return 0.0
    return w.state[r, i, L.S_FIRE_USED] * troops / committed


@njit(cache=True, inline="always")
def _effectiveness(fire_share, morale, gp):
    e = (2.0 * fire_share) ** gp[L.GP_FIRE_ELASTICITY]
    return e * max(morale, 1e-6) ** gp[L.GP_MORALE_EFFECT]


@njit(cache=True, inline="always")
def _casualties(w, r, i, loss):
    w.state[r, i, L.S_CASUALTIES] += loss
    w.state[r, i, L.S_CASUALTIES_TODAY] += loss
    w.state[r, i, L.S_COMMITTED] -= loss


# Inlined into combat: called per sector per day, and handing the World across a
# call boundary costs more than the movement's arithmetic (benchmarks/README.md).
@njit(cache=True, inline="always")
def _move(w, r, day, f, log_ratio):
    gp = w.glob_param[r]
    fr = w.front[r, f]
    fp = w.front_param[r, f]
    seed = w.seed[r]
    scale = gp[L.GP_RATIO_SCALE]
    push = gp[L.GP_ADVANCE_MAX] * logistic((log_ratio - np.log(gp[L.GP_RATIO_NEEDED])) / scale)
    back = gp[L.GP_COUNTER_MAX] * logistic((np.log(gp[L.GP_RATIO_COUNTER]) - log_ratio) / scale)
    # The sector's assault tempo scales how fast the line moves, as it scales losses.
    tempo = fp[L.FP_INTENSITY]
    v = tempo * (push - back) * lognormal_factor(seed, day, L.STREAM_ADVANCE, f, gp[L.GP_ADVANCE_NOISE])
    hazard = gp[L.GP_BREAKTHROUGH_HAZARD] * np.exp(
        gp[L.GP_BREAKTHROUGH_EXPONENT] * (log_ratio - np.log(gp[L.GP_RATIO_NEEDED]))
    )
    jump = 0.0
    if uniform(seed, day, L.STREAM_BREAKTHROUGH, f) < min(hazard, 1.0):
        jump = gp[L.GP_BREAKTHROUGH_KM]
    old = fr[L.F_DEPTH]
    new = min(max(old + v + jump, 0.0), fp[L.FP_MAX_DEPTH])
    if jump > 0.0:
        fr[L.F_BREAKTHROUGHS] += 1.0
        log_event(w, r, day, L.EV_BREAKTHROUGH, f, -1, new - old)
    fr[L.F_DEPTH] = new
    fr[L.F_ADVANCE_TODAY] = new - old
    area = fp[L.FP_LENGTH] * (new - old)
    w.state[r, w.front_attacker[f], L.S_TERRITORY] += area
    w.state[r, w.front_defender[f], L.S_TERRITORY] -= area
    for j in range(w.settlement_count[f]):
        depth = w.settlement_depth[r, f, j]
        taken = w.settlement_taken[r, f, j] > 0.0
        if not taken and new >= depth:
            w.settlement_taken[r, f, j] = 1.0
            log_event(w, r, day, L.EV_SETTLEMENT_CAPTURED, f, j, depth)
        elif taken and new < depth:
            w.settlement_taken[r, f, j] = 0.0
            log_event(w, r, day, L.EV_SETTLEMENT_RETAKEN, f, j, depth)


@njit(cache=True)
def update_morale(w, r, day):
    """Morale recovers toward 1 and falls with the daily loss rate; an army breaks.

    ``morale += recovery * (1 - morale) - sensitivity * casualties_today / troops``.
    A belligerent whose morale falls below ``collapse_morale`` ends the run
    with outcome ``collapse``.
    """
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        p = w.state_param[r, i]
        troops = s[L.S_RESERVE] + s[L.S_COMMITTED]
        loss_rate = s[L.S_CASUALTIES_TODAY] / max(troops, 1.0)
        m = s[L.S_MORALE]
        m += p[L.SP_MORALE_RECOVERY] * (1.0 - m) - p[L.SP_MORALE_SENSITIVITY] * loss_rate
        s[L.S_MORALE] = min(max(m, 0.0), 1.0)
        if s[L.S_MORALE] < p[L.SP_COLLAPSE_MORALE] and w.glob[r, L.G_ENDED] == 0.0:
            w.glob[r, L.G_ENDED] = 1.0
            w.glob[r, L.G_END_DAY] = day
            w.glob[r, L.G_OUTCOME] = L.OUTCOME_COLLAPSE
            w.glob[r, L.G_COLLAPSED_STATE] = i
            log_event(w, r, day, L.EV_COLLAPSE, i, -1, s[L.S_MORALE])
