"""Plain-Python twin of :mod:`engine.mechanisms.front.kernel`, written on agent objects."""

from __future__ import annotations

import math

from engine import layout as L


def mobilise(state) -> None:
    """Recruits and production arrive; today's firepower leaves the stock."""
    if not state.is_belligerent:
        return
    spec = state.spec
    state.reserve += spec.wounded_return * state.casualties_today  # yesterday's losses
    recruits = spec.recruits_per_day * state.recruit_mult
    recruits = min(recruits, max(state.troop_ceiling - state.troops, 0.0))
    state.reserve += recruits
    state.recruited += recruits
    state.fire_stock += spec.fire_production * state.production_mult
    # the rate of fire follows supply: more production or aid, more fire
    state.fire_used = min(state.fire_stock, spec.fire_rate * state.production_mult)
    state.fire_stock -= state.fire_used


def allocate(state, fronts, ceasefire: bool) -> None:
    """Move part of the free reserve to the state's sectors, filling shortfalls first."""
    if not state.is_belligerent:
        return
    spec = state.spec
    free = state.reserve - spec.reserve_keep * state.troops
    if free <= 0.0:
        return
    send = spec.alloc_rate * free
    mine = [
        f
        for f in fronts
        if not f.frozen and not ceasefire and state in (f.attacker, f.defender)
    ]

    def weight(front):
        own = front.troops_of(state)
        total = front.attacker_troops + front.defender_troops
        threat = (total - own) / total if total > 0.0 else 0.0
        return front.priority * (1.0 + spec.threat_weight * threat)

    total_weight = sum_in_order(weight(f) for f in mine)
    if total_weight <= 0.0:
        return
    pool = state.committed + send
    total_gap = sum_in_order(
        max(pool * weight(f) / total_weight - f.troops_of(state), 0.0) for f in mine
    )
    for f in mine:
        w = weight(f)
        if total_gap > 0.0:
            share = max(pool * w / total_weight - f.troops_of(state), 0.0) / total_gap
        else:
            share = w / total_weight
        moved = send * share
        f.add_troops(state, moved)
        state.reserve -= moved
        state.committed += moved


def sum_in_order(values) -> float:
    """Left-to-right sum (the kernels' order), not math.fsum."""
    total = 0.0
    for v in values:
        total += v
    return total


def pow_(x: float, e: float) -> float:
    """``x**e``, skipping pow when ``e`` is 1 (as the kernel does)."""
    return x if e == 1.0 else x**e


def _power(x: float, e: float) -> float:
    if e == 0.0:
        return 1.0
    if x <= 0.0:
        return 0.0
    return pow_(x, e)


def _helmbold_terms(att: float, dfd: float, mu: float) -> tuple[float, float]:
    """``(D**mu * A**(1-mu), A**mu * D**(1-mu))`` with one pow (kernel's helmbold_terms)."""
    if att > 0.0 and dfd > 0.0:
        q = pow_(dfd / att, mu)
        return att * q, dfd / q
    return _power(dfd, mu) * _power(att, 1.0 - mu), _power(att, mu) * _power(dfd, 1.0 - mu)


def _sector_fire(state, troops: float) -> float:
    if state.committed <= 0.0:
        return 0.0
    return state.fire_used * troops / state.committed


def _effectiveness(share: float, factor: float, battle) -> float:
    return pow_(2.0 * share, battle.fire_elasticity) * factor


def fight(front, battle, rng, day: int, log) -> None:
    """One day of attrition and movement in one sector (see kernels.front.combat)."""
    front.advance_today = 0.0
    if front.frozen:
        return
    a, d = front.attacker, front.defender
    att, dfd, phi = front.attacker_troops, front.defender_troops, front.fortification
    fire_a = _sector_fire(a, att)
    fire_d = _sector_fire(d, dfd)
    share_a = fire_a / (fire_a + fire_d) if fire_a + fire_d > 0.0 else 0.5
    front.attacker_fire_share = share_a
    eff_a = _effectiveness(share_a, a.morale_factor, battle) * a.combat_power
    eff_d = _effectiveness(1.0 - share_a, d.morale_factor, battle) * d.combat_power
    k = battle.attrition * front.intensity
    mu = battle.mu
    noise_a, noise_d = rng.lognormal_pair(day, L.STREAM_LOSSES, front.index, battle.loss_noise)
    hit_a, hit_d = _helmbold_terms(att, dfd, mu)
    loss_a = min(k * eff_d * hit_a * phi * noise_a, att)
    loss_d = min(k * eff_a * hit_d / phi * noise_d, dfd)
    log_ratio = math.log((eff_a * att + 1.0) / (eff_d * dfd * phi + 1.0))
    front.log_ratio = log_ratio
    front.attacker_troops = att - loss_a
    front.defender_troops = dfd - loss_d
    front.attacker_losses += loss_a
    front.defender_losses += loss_d
    for state, loss in ((a, loss_a), (d, loss_d)):
        state.casualties += loss
        state.casualties_today += loss
        state.committed -= loss
    if battle.movement:
        move(front, battle, rng, day, log_ratio, log)


def move(front, battle, rng, day: int, log_ratio: float, log) -> None:
    """Advance, counter-attack and breakthrough; settlements change hands."""
    scale, needed = battle.ratio_scale, front.model.log_ratio_needed
    # both logistics from one exp, as the kernel's advance_rate (model version 2)
    gap = front.model.log_ratio_counter - needed
    counter_odds = math.exp(-gap / scale)
    e = math.exp(-min(max((log_ratio - needed) / scale, -700.0), 700.0))
    rate = battle.advance_max / (1.0 + e) - battle.counter_max * e / (e + counter_odds)
    v = front.intensity * rate * rng.lognormal_factor(
        day, L.STREAM_ADVANCE, front.index, battle.advance_noise
    )
    hazard = battle.breakthrough_hazard * math.exp(
        battle.breakthrough_exponent * (log_ratio - front.model.log_ratio_needed)
    )
    jump = 0.0
    if rng.uniform(day, L.STREAM_BREAKTHROUGH, front.index) < min(hazard, 1.0):
        jump = battle.breakthrough_km
    old = front.depth
    new = min(max(old + v + jump, 0.0), front.max_depth)
    if jump > 0.0:
        front.breakthroughs += 1
        log(day, L.EV_BREAKTHROUGH, front.index, -1, new - old)
    front.depth = new
    front.advance_today = new - old
    area = front.length * (new - old)
    front.attacker.territory += area
    front.defender.territory -= area
    for j, town in enumerate(front.settlements):
        if not town.taken and new >= town.depth:
            town.taken = True
            log(day, L.EV_SETTLEMENT_CAPTURED, front.index, j, town.depth)
        elif town.taken and new < town.depth:
            town.taken = False
            log(day, L.EV_SETTLEMENT_RETAKEN, front.index, j, town.depth)


def update_morale(state, day: int, model) -> None:
    """Morale recovers and erodes with losses; below the threshold the army breaks."""
    if not state.is_belligerent:
        return
    spec = state.spec
    loss_rate = state.casualties_today / max(state.troops, 1.0)
    m = state.morale
    m += spec.morale_recovery * (1.0 - m) - spec.morale_sensitivity * loss_rate
    state.morale = min(max(m, 0.0), 1.0)
    if state.morale < spec.collapse_morale and not model.ended:
        model.end_with_collapse(state, day)


def day(model, day: int) -> None:
    """MODEL steps 2-3: mobilisation, allocation, combat and movement, morale."""
    for st in model.state_list:
        mobilise(st)
    for st in model.state_list:
        allocate(st, model.front_list, model.ceasefire)
    effect = model.scenario.battle.morale_effect
    for st in model.state_list:
        st.casualties_today = 0.0
        st.morale_factor = pow_(max(st.morale, 1e-6), effect)  # once per state per day
    if not model.ceasefire:
        for fr in model.front_list:
            fight(fr, model.scenario.battle, model.rng_source, day, model.log)
    for st in model.state_list:
        update_morale(st, day, model)


def setup(model) -> None:
    """ln R* and ln R_c once per run; each state's morale factor (set each day in combat)."""
    battle = model.scenario.battle
    model.log_ratio_needed = math.log(battle.ratio_needed)
    model.log_ratio_counter = math.log(battle.ratio_counter)
    for st in model.state_list:
        st.morale_factor = 0.0
