"""The battlefield: mobilisation, allocation of reserves, combat and movement, morale.

MODEL steps 2-3; the equations are in docs/model.md ("Battlefield"). Every array
argument is run ``r``'s slice of a World block (shapes without the run axis).
Twin: :mod:`engine.mechanisms.front.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import helper, kernel
from engine.core.maths import end_run
from engine.core.rng import lognormal_factor, lognormal_pair, uniform


@kernel
def mobilise(role, state, state_param):
    """Recruits, returning wounded and produced firepower arrive; today's fire is drawn.

    For each belligerent ``i``:
    ``reserve += wounded_return * casualties_yesterday``;
    ``reserve += min(recruits_per_day * recruit_mult, ceiling - troops)``;
    ``stock += fire_production * production_mult``; then
    ``fire_used = min(stock, fire_rate * production_mult)`` leaves the stock: the
    army's rate of fire follows its supply (fire_rate is the rate at the reference
    supply), so more production or aid means more fire, not just a bigger stock.

    role : int64[N]; state : float64[N, N_STATE]; state_param : float64[N, N_STATE_PARAM].
    """
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        # S_CASUALTIES_TODAY still holds yesterday's losses: combat resets it.
        state[i, L.S_RESERVE] += state_param[i, L.SP_WOUNDED_RETURN] * state[i, L.S_CASUALTIES_TODAY]
        troops = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        recruits = state_param[i, L.SP_RECRUITS_PER_DAY] * state[i, L.S_RECRUIT_MULT]
        room = state_param[i, L.SP_TROOP_CEILING] - troops
        recruits = min(recruits, max(room, 0.0))
        state[i, L.S_RESERVE] += recruits
        state[i, L.S_RECRUITED] += recruits
        mult = state[i, L.S_PRODUCTION_MULT]
        state[i, L.S_FIRE_STOCK] += state_param[i, L.SP_FIRE_PRODUCTION] * mult
        used = min(state[i, L.S_FIRE_STOCK], state_param[i, L.SP_FIRE_RATE] * mult)
        state[i, L.S_FIRE_USED] = used
        state[i, L.S_FIRE_STOCK] -= used


@helper
def _own(front, front_attacker, f, i):
    """Troops state ``i`` has in sector ``f`` (people)."""
    if front_attacker[f] == i:
        return front[f, L.F_ATTACKER_TROOPS]
    return front[f, L.F_DEFENDER_TROOPS]


@helper
def _weight(front, front_param, front_attacker, f, i, threat_weight):
    """Allocation weight ``priority * (1 + threat_weight * enemy / (own + enemy))``."""
    own = _own(front, front_attacker, f, i)
    total = front[f, L.F_ATTACKER_TROOPS] + front[f, L.F_DEFENDER_TROOPS]
    threat = (total - own) / total if total > 0.0 else 0.0
    return front_param[f, L.FP_PRIORITY] * (1.0 + threat_weight * threat)


@helper
def _fights_in(glob, front, front_attacker, front_defender, f, i):
    """Whether state ``i`` can send troops to sector ``f`` today."""
    if front[f, L.F_FROZEN] > 0.0 or glob[L.G_CEASEFIRE] > 0.0:
        return False
    return front_attacker[f] == i or front_defender[f] == i


@kernel
def allocate(role, glob, state, state_param, front, front_param, front_attacker, front_defender):
    """Send part of each belligerent's free reserve to its sectors.

    The free reserve is what exceeds ``reserve_keep`` of the troops in theatre;
    ``alloc_rate`` of it moves per day (a bounded reassignment). Sector ``f``
    wants a share ``weight_f / sum(weight)`` of the side's committed troops, with
    ``weight_f = priority_f * (1 + threat_weight * enemy_f / (own_f + enemy_f))``;
    the move is split over the sectors in proportion to their shortfall (or to
    their weight when none falls short). Frozen sectors get nothing.

    front : float64[F, N_FRONT]; front_param : float64[F, N_FRONT_PARAM];
    front_attacker, front_defender : int64[F] state indices.
    """
    n_fronts = front_attacker.shape[0]
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        troops = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        free = state[i, L.S_RESERVE] - state_param[i, L.SP_RESERVE_KEEP] * troops
        if free <= 0.0:
            continue
        send = state_param[i, L.SP_ALLOC_RATE] * free
        threat_weight = state_param[i, L.SP_THREAT_WEIGHT]
        total_weight = 0.0
        for f in range(n_fronts):
            if _fights_in(glob, front, front_attacker, front_defender, f, i):
                total_weight += _weight(front, front_param, front_attacker, f, i, threat_weight)
        if total_weight <= 0.0:
            continue
        pool = state[i, L.S_COMMITTED] + send
        total_gap = 0.0
        for f in range(n_fronts):
            if _fights_in(glob, front, front_attacker, front_defender, f, i):
                weight = _weight(front, front_param, front_attacker, f, i, threat_weight)
                want = pool * weight / total_weight
                total_gap += max(want - _own(front, front_attacker, f, i), 0.0)
        for f in range(n_fronts):
            if not _fights_in(glob, front, front_attacker, front_defender, f, i):
                continue
            weight = _weight(front, front_param, front_attacker, f, i, threat_weight)
            if total_gap > 0.0:
                want = pool * weight / total_weight
                share = max(want - _own(front, front_attacker, f, i), 0.0) / total_gap
            else:
                share = weight / total_weight
            moved = send * share
            if front_attacker[f] == i:
                front[f, L.F_ATTACKER_TROOPS] += moved
            else:
                front[f, L.F_DEFENDER_TROOPS] += moved
            state[i, L.S_RESERVE] -= moved
            state[i, L.S_COMMITTED] += moved


@helper
def pow_(x, e):
    """``x**e``, skipping the call to pow when ``e`` is 1 (pow(x, 1) is x exactly)."""
    return x if e == 1.0 else x**e


@helper
def power(x, e):
    """``x**e`` with ``0**0 = 1`` (a linear-law side with no troops still takes its
    share of fire) and ``x <= 0`` giving 0."""
    if e == 0.0:
        return 1.0
    if x <= 0.0:
        return 0.0
    return pow_(x, e)


@helper
def helmbold_terms(att, dfd, mu):
    """``(D**mu * A**(1-mu), A**mu * D**(1-mu))`` for troops ``A = att``, ``D = dfd``.

    With both sides present these are ``A * q`` and ``D / q`` with ``q = (D/A)**mu``:
    one pow instead of four (model version 2; the same equation, rounded differently).
    A side with no troops keeps :func:`power`'s conventions.
    """
    if att > 0.0 and dfd > 0.0:
        q = pow_(dfd / att, mu)
        return att * q, dfd / q
    return power(dfd, mu) * power(att, 1.0 - mu), power(att, mu) * power(dfd, 1.0 - mu)


@helper
def sector_fire(state, i, troops):
    """Firepower state ``i`` spends in a sector holding ``troops`` of its committed troops."""
    committed = state[i, L.S_COMMITTED]
    if committed <= 0.0:
        return 0.0
    return state[i, L.S_FIRE_USED] * troops / committed


@helper
def morale_factor(morale, morale_effect):
    """``max(morale, 1e-6)**morale_effect``: taken once per state per day."""
    return pow_(max(morale, 1e-6), morale_effect)


@helper
def effectiveness(fire_share, factor, fire_elasticity):
    """``(2 * fire_share)**fire_elasticity * morale_factor``."""
    return pow_(2.0 * fire_share, fire_elasticity) * factor


@kernel
def combat(
    seed, day, role, glob, glob_param, state, front, front_param, front_attacker,
    front_defender, settlement_count, settlement_depth, settlement_taken, log, log_count,
):
    """Lanchester-Helmbold attrition and movement in every sector not frozen.

    With troops ``A`` (attacker) and ``D`` (defender), fortification ``phi``,
    effectiveness ``e = (2*fire_share)**fire_elasticity * morale**morale_effect * power``
    (``power`` the state's ``combat_power``, 1 unless the talks game couples its type)
    and ``k = attrition * intensity``::

        loss_A = k * e_D * D**mu * A**(1-mu) * phi * noise
        loss_D = k * e_A * A**mu * D**(1-mu) / phi * noise
        ln R   = ln(e_A * A) - ln(e_D * D * phi)
        v      = intensity * (v_max * logistic((ln R - ln R*)/s) - v_c * logistic((ln R_c - ln R)/s))

    ``v`` times lognormal noise, plus a breakthrough jump with daily hazard
    ``h0 * (R/R*)**b``, moves the depth within ``[0, max_depth]``. Ground
    changes hands as ``length * delta_depth``; settlements whose depth is
    crossed are captured (or retaken) and logged.

    settlement_depth, settlement_taken : float64[F, MAX_SETTLEMENTS] (km; 1 once taken);
    settlement_count : int64[F].
    """
    mu = glob_param[L.GP_MU]
    fire_elasticity = glob_param[L.GP_FIRE_ELASTICITY]
    morale_effect = glob_param[L.GP_MORALE_EFFECT]
    loss_noise = glob_param[L.GP_LOSS_NOISE]
    counter_odds = counter_odds_factor(glob_param)
    for i in range(role.shape[0]):
        state[i, L.S_CASUALTIES_TODAY] = 0.0
        state[i, L.S_MORALE_FACTOR] = morale_factor(state[i, L.S_MORALE], morale_effect)
    if glob[L.G_CEASEFIRE] > 0.0:
        return
    for f in range(front_attacker.shape[0]):
        front[f, L.F_ADVANCE_TODAY] = 0.0
        if front[f, L.F_FROZEN] > 0.0:
            continue
        a = front_attacker[f]
        d = front_defender[f]
        att = front[f, L.F_ATTACKER_TROOPS]
        dfd = front[f, L.F_DEFENDER_TROOPS]
        phi = front_param[f, L.FP_FORTIFICATION]
        fire_a = sector_fire(state, a, att)
        fire_d = sector_fire(state, d, dfd)
        share_a = fire_a / (fire_a + fire_d) if fire_a + fire_d > 0.0 else 0.5
        front[f, L.F_ATTACKER_FIRE_SHARE] = share_a
        # combat power: 1, or the talks game's drawn strength type (talks_game.build)
        eff_a = effectiveness(share_a, state[a, L.S_MORALE_FACTOR], fire_elasticity) * state[
            a, L.S_COMBAT_POWER]
        eff_d = effectiveness(1.0 - share_a, state[d, L.S_MORALE_FACTOR], fire_elasticity) * state[
            d, L.S_COMBAT_POWER]
        k = glob_param[L.GP_ATTRITION] * front_param[f, L.FP_INTENSITY]
        # Both sides' loss noise from one polar pair (independent normals).
        noise_a, noise_d = lognormal_pair(seed, day, L.STREAM_LOSSES, f, loss_noise)
        hit_a, hit_d = helmbold_terms(att, dfd, mu)
        loss_a = min(k * eff_d * hit_a * phi * noise_a, att)
        loss_d = min(k * eff_a * hit_d / phi * noise_d, dfd)
        # ln R as the log of one quotient: one log a sector-day (model version 2)
        log_ratio = np.log((eff_a * att + 1.0) / (eff_d * dfd * phi + 1.0))
        front[f, L.F_LOG_RATIO] = log_ratio
        front[f, L.F_ATTACKER_TROOPS] = att - loss_a
        front[f, L.F_DEFENDER_TROOPS] = dfd - loss_d
        front[f, L.F_ATTACKER_LOSSES] += loss_a
        front[f, L.F_DEFENDER_LOSSES] += loss_d
        _casualties(state, a, loss_a)
        _casualties(state, d, loss_d)
        if glob_param[L.GP_MOVEMENT] > 0.0:
            _move(seed, day, f, log_ratio, counter_odds, glob_param, state, front, front_param,
                  front_attacker, front_defender, settlement_count, settlement_depth,
                  settlement_taken, log, log_count)


@helper
def _casualties(state, i, loss):
    state[i, L.S_CASUALTIES] += loss
    state[i, L.S_CASUALTIES_TODAY] += loss
    state[i, L.S_COMMITTED] -= loss


@helper
def counter_odds_factor(glob_param):
    """``exp(-(ln R_c - ln R*)/s)``: a run's constant, taken once a day by ``combat``."""
    gap = glob_param[L.GP_LOG_RATIO_COUNTER] - glob_param[L.GP_LOG_RATIO_NEEDED]
    return np.exp(-gap / glob_param[L.GP_RATIO_SCALE])


# |x| beyond which both logistics are 0 or 1 to double precision; keeps exp finite.
_LOGISTIC_CLIP = 700.0


@helper
def advance_rate(log_ratio, counter_odds, glob_param):
    """``v_max * logistic(x) - v_c * logistic((ln R_c - ln R)/s)`` (km/day), ``x = (ln R - ln R*)/s``.

    One exp for both logistics (model version 2): with ``E = exp(-x)`` and
    ``c = exp(-(ln R_c - ln R*)/s)`` (``counter_odds``), ``logistic(x) = 1/(1 + E)``
    and ``logistic((ln R_c - ln R)/s) = E/(E + c)``.
    """
    x = (log_ratio - glob_param[L.GP_LOG_RATIO_NEEDED]) / glob_param[L.GP_RATIO_SCALE]
    e = np.exp(-min(max(x, -_LOGISTIC_CLIP), _LOGISTIC_CLIP))
    return glob_param[L.GP_ADVANCE_MAX] / (1.0 + e) - glob_param[L.GP_COUNTER_MAX] * e / (e + counter_odds)


@helper
def _move(seed, day, f, log_ratio, counter_odds, glob_param, state, front, front_param,
          front_attacker, front_defender, settlement_count, settlement_depth, settlement_taken,
          log, log_count):
    """Advance, counter-attack and breakthrough in sector ``f``; settlements change hands."""
    # The sector's assault tempo scales how fast the line moves, as it scales losses.
    tempo = front_param[f, L.FP_INTENSITY]
    noise = lognormal_factor(seed, day, L.STREAM_ADVANCE, f, glob_param[L.GP_ADVANCE_NOISE])
    v = tempo * advance_rate(log_ratio, counter_odds, glob_param) * noise
    hazard = glob_param[L.GP_BREAKTHROUGH_HAZARD] * np.exp(
        glob_param[L.GP_BREAKTHROUGH_EXPONENT] * (log_ratio - glob_param[L.GP_LOG_RATIO_NEEDED])
    )
    jump = 0.0
    if uniform(seed, day, L.STREAM_BREAKTHROUGH, f) < min(hazard, 1.0):
        jump = glob_param[L.GP_BREAKTHROUGH_KM]
    old = front[f, L.F_DEPTH]
    new = min(max(old + v + jump, 0.0), front_param[f, L.FP_MAX_DEPTH])
    if jump > 0.0:
        front[f, L.F_BREAKTHROUGHS] += 1.0
        log_event(log, log_count, day, L.EV_BREAKTHROUGH, f, -1, new - old)
    front[f, L.F_DEPTH] = new
    front[f, L.F_ADVANCE_TODAY] = new - old
    area = front_param[f, L.FP_LENGTH] * (new - old)
    state[front_attacker[f], L.S_TERRITORY] += area
    state[front_defender[f], L.S_TERRITORY] -= area
    for j in range(settlement_count[f]):
        depth = settlement_depth[f, j]
        taken = settlement_taken[f, j] > 0.0
        if not taken and new >= depth:
            settlement_taken[f, j] = 1.0
            log_event(log, log_count, day, L.EV_SETTLEMENT_CAPTURED, f, j, depth)
        elif taken and new < depth:
            settlement_taken[f, j] = 0.0
            log_event(log, log_count, day, L.EV_SETTLEMENT_RETAKEN, f, j, depth)


@kernel
def update_morale(day, role, glob, state, state_param, log, log_count):
    """Morale recovers toward 1 and falls with the daily loss rate; an army breaks.

    ``morale += recovery * (1 - morale) - sensitivity * casualties_today / troops``.
    A belligerent whose morale falls below ``collapse_morale`` ends the run
    with outcome ``collapse``.
    """
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        troops = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        loss_rate = state[i, L.S_CASUALTIES_TODAY] / max(troops, 1.0)
        m = state[i, L.S_MORALE]
        m += state_param[i, L.SP_MORALE_RECOVERY] * (1.0 - m) - state_param[
            i, L.SP_MORALE_SENSITIVITY
        ] * loss_rate
        state[i, L.S_MORALE] = min(max(m, 0.0), 1.0)
        if state[i, L.S_MORALE] < state_param[i, L.SP_COLLAPSE_MORALE] and glob[L.G_ENDED] == 0.0:
            end_run(day, i, L.OUTCOME_COLLAPSE, glob)
            log_event(log, log_count, day, L.EV_COLLAPSE, i, -1, state[i, L.S_MORALE])


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (mobilise, allocate, combat, update_morale,)
