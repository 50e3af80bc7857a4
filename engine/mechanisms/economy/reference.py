"""Plain-Python twin of the economy, energy and market kernels.

Written on the reference model's agents: each :class:`RefState` carries its economy as
ordinary attributes (``gdp``, ``fiscal_buffer``, ``oil_revenue``...), sanctions and aid
are dicts keyed by (sender, target) agents, and the world oil market lives on the model.
The arithmetic follows docs/model.md in the same order as the kernels, so the two agree
to rounding.
"""

from __future__ import annotations

import math

from engine import layout as L
from engine.reference.maths import pow_
from engine.reference.rng import RandomSource

DAYS_PER_YEAR = 365.0
BN_PER_MBD_DOLLAR = 0.365


# ---------------------------------------------------------------- set-up
def setup(model) -> None:
    """Give the model its oil market, sanctions and aid, and each state its economy."""
    s = model.scenario
    e = s.economy
    model.intensity = e.sanctions_intensity
    model.reference_intensity = e.reference_intensity
    model.oil = e.oil
    model.markets_spec = e.markets
    model.oil_reversion = math.log(2.0) / e.oil.half_life_days
    model.oil_log_base = math.log(e.oil.price0)
    model.oil_price = e.oil.price0
    model.oil_price_sum = 0.0
    model.oil_days = 0
    model.lost_supply = 0.0
    model.lost_supply0 = 0.0
    model.defence_index = 100.0
    model.recon_index = 100.0
    model.bond_price = e.markets.bond_floor
    model.settle_odds = 0.0
    model.relief_applied = 0.0
    by_code = {st.code: st for st in model.state_list}
    model.sanctions = {}
    for sn in e.sanctions:
        key = (by_code[sn.sender], by_code[sn.target])
        model.sanctions[key] = min(model.sanctions.get(key, 0.0) + sn.level, 1.0)
    model.bite = {}
    model.aid = {}
    for st in model.state_list:
        if st.role == "patron" and st.spec.economy is not None:
            model.aid[(st, by_code[st.spec.backs])] = st.spec.economy.aid_bn_per_year
        _setup_state(st)
    model.econ_events = [
        (s.day_of(ev.date), ev.kind, by_code[ev.sender], by_code[ev.target], ev.value)
        for ev in e.events
    ]
    init_economy(model)


def _setup_state(st) -> None:
    ec = st.spec.economy
    st.has_economy = ec is not None
    st.gdp = ec.gdp_bn if ec else 0.0
    st.gdp0 = st.gdp
    st.growth = 0.0
    st.cycle = ec.cycle_growth_pct / 100.0 if ec else 0.0
    st.fiscal_buffer = ec.fiscal_buffer_bn if ec else 0.0
    st.price_cap = ec.price_cap if ec else 0.0
    st.bite = 0.0
    st.oil_volume = 0.0
    st.oil_discount = 0.0
    st.oil_revenue = 0.0
    st.war_budget = 0.0
    st.deficit = 0.0
    st.shortfall = 0.0
    st.aid_money_in = 0.0
    st.aid_materiel_in = 0.0
    st.production_econ = 1.0
    st.production_event = 1.0
    st.effort_ref = 0.0
    st.supply_ref = 0.0
    # the plain parameters, in the units the rules use (fractions a year)
    st.trend_growth = ec.trend_growth_pct / 100.0 if ec else 0.0
    st.cycle_decay = 2.0 ** (-1.0 / ec.cycle_half_life_days) if ec else 0.0
    st.sanctions_drag = ec.sanctions_drag_pct / 100.0 if ec else 0.0
    st.war_drag = ec.war_drag_pct / 100.0 if ec else 0.0
    st.peace_dividend = ec.peace_dividend_pct / 100.0 if ec else 0.0
    st.aid_scale = ec.aid_scale if ec else 0.0
    st.materiel_share = ec.materiel_share if ec else 0.0


def _econ(st, name: str) -> float:
    return getattr(st.spec.economy, name) if st.spec.economy is not None else 0.0


# ---------------------------------------------------------------- rules
def settlement_odds(model) -> float:
    q = max(1.0 if model.ceasefire else 0.0, model.talks_progress)
    return min(max(q, 0.0), 1.0)


def apply_econ_events(model, day: int) -> None:
    for when, kind, sender, target, value in model.econ_events:
        if when != day:
            continue
        if kind == "sanctions":
            model.sanctions[(sender, target)] = min(model.sanctions.get((sender, target), 0.0) + value, 1.0)
            code = L.EV_SANCTIONS
        elif kind == "aid":
            model.aid[(sender, target)] = value
            code = L.EV_AID
        elif kind == "financing":
            target.fiscal_buffer += value * sender.aid_scale
            code = L.EV_FINANCING
        else:
            target.price_cap = value
            code = L.EV_PRICE_CAP
        model.log(day, code, sender.index, target.index, value)


def sanctions_bite(model, intensity: float) -> None:
    keep = 1.0 - model.relief_applied
    for target in model.state_list:
        untouched = 1.0
        for sender in model.state_list:
            b = min(model.sanctions.get((sender, target), 0.0) * intensity, 1.0) * keep
            model.bite[(sender, target)] = b
            untouched *= 1.0 - b
        pressure = min(max(target.pressure_sanctions, 0.0) * intensity, 1.0) * keep
        untouched *= 1.0 - pressure
        target.bite = 1.0 - untouched


def export_volumes(model) -> None:
    lost = 0.0
    for st in model.state_list:
        cut = _econ(st, "oil_export_mbd") * _econ(st, "volume_cut") * st.bite
        st.oil_volume = _econ(st, "oil_export_mbd") - cut
        lost += cut
    model.lost_supply = lost


def oil_price(model, day: int, odds: float, rng: RandomSource) -> None:
    oil = model.oil
    x = model.oil_log_base
    x += model.oil_reversion * (math.log(oil.mean) - x) + oil.volatility * rng.normal(
        day, L.STREAM_OIL, 0
    )
    if rng.uniform(day, L.STREAM_OIL_JUMP, 0) < oil.jump_hazard:
        x += oil.jump_size * rng.normal(day, L.STREAM_OIL_JUMP, 1)
    model.oil_log_base = x
    supply_news = oil.price_impact * (model.lost_supply - model.lost_supply0)
    news = supply_news / oil.world_supply_mbd - oil.peace_push * odds
    model.oil_price = math.exp(x + news)
    model.oil_price_sum += model.oil_price
    model.oil_days += 1


def oil_revenue(model) -> None:
    price = model.oil_price
    for st in model.state_list:
        discount = _econ(st, "discount_base") + _econ(st, "discount_per_bite") * st.bite
        if st.price_cap > 0.0:
            discount += st.bite * max(price - discount - st.price_cap, 0.0)
        st.oil_discount = min(discount, price)
        st.oil_revenue = st.oil_volume * (price - st.oil_discount) * BN_PER_MBD_DOLLAR


def aid_flows(model, scaled: bool) -> None:
    pause_share = model.scenario.economy.aid_pause_share
    for recipient in model.state_list:
        paused = 1.0 if recipient.aid_paused else 0.0
        flowing = 1.0 - pause_share * paused
        money = 0.0
        materiel = 0.0
        for donor in model.state_list:
            scale = donor.aid_scale if scaled else 1.0
            level = model.aid.get((donor, recipient), 0.0) * scale * flowing
            money += level * (1.0 - donor.materiel_share)
            materiel += level * donor.materiel_share
        recipient.aid_money_in = money
        recipient.aid_materiel_in = materiel


def grow(model) -> None:
    at_war = 0.0 if model.ceasefire else 1.0
    for st in model.state_list:
        if not st.has_economy:
            continue
        g = (
            st.trend_growth
            - st.sanctions_drag * st.bite
            - st.war_drag * at_war
            + st.peace_dividend * (1.0 - at_war)
            + st.cycle
        )
        st.growth = g
        st.gdp *= math.exp(g / DAYS_PER_YEAR)
        st.cycle *= st.cycle_decay


def _power(x: float, e: float) -> float:
    return pow_(x, e)


def budget(model, day: int, update_buffer: bool) -> None:
    e = model.scenario.economy
    for st in model.state_list:
        if not st.has_economy:
            continue
        ec = st.spec.economy
        y = st.gdp
        revenue = ec.revenue_share * y + ec.fiscal_take * st.oil_revenue
        aid_money = st.aid_money_in
        need = (ec.civil_share + ec.war_share) * y
        financing = revenue + aid_money + ec.borrowing_bn + st.fiscal_buffer / e.buffer_horizon_years
        shortfall = max(need - financing, 0.0)
        st.war_budget = max(ec.war_share * y - e.war_cut_share * shortfall, 0.0)
        st.deficit = need - shortfall - revenue - aid_money
        st.shortfall = shortfall
        if update_buffer:
            before = st.fiscal_buffer
            if st.deficit > ec.borrowing_bn:
                after = max(before - (st.deficit - ec.borrowing_bn) / DAYS_PER_YEAR, 0.0)
            elif st.deficit < 0.0:
                after = before - st.deficit / DAYS_PER_YEAR
            else:
                after = before
            st.fiscal_buffer = after
            if before > 0.0 and after <= 0.0:
                model.log(day, L.EV_BUFFER_EMPTY, st.index, -1, st.deficit)
        effort = st.war_budget + st.aid_materiel_in
        supply = 1.0 - ec.component_hit * st.bite
        factor = 1.0
        if st.effort_ref > 0.0:
            factor = _power(effort / st.effort_ref, e.budget_elasticity)
        if st.supply_ref > 0.0:
            factor *= supply / st.supply_ref
        st.production_econ = factor
        st.production_mult = st.production_event * factor
        pain = max(st.trend_growth - st.growth, 0.0) / (e.pain_scale_pct / 100.0)
        if need > 0.0:
            pain += shortfall / need
        st.econ_pain = min(max(pain, 0.0), 1.0)


def markets(model, day: int, odds: float, rng: RandomSource) -> None:
    mk = model.markets_spec
    dq = odds - model.settle_odds
    z_defence, z_recon = rng.normal_pair(day, L.STREAM_MARKETS, 0)
    model.defence_index *= math.exp(-mk.defence_beta * dq + mk.volatility * z_defence)
    model.recon_index *= math.exp(mk.reconstruction_beta * dq + mk.volatility * z_recon)
    recovery = (1.0 - mk.guarantee_weight) + mk.guarantee_weight * model.guarantee_strength
    model.bond_price = mk.bond_floor + mk.bond_span * odds * recovery
    model.settle_odds = odds


def economy_day(model, day: int) -> None:
    """MODEL step 4, in the kernels' order."""
    apply_econ_events(model, day)
    phase = model.scenario.economy.relief_phase_days
    model.relief_applied += (model.sanctions_relief - model.relief_applied) / phase
    odds = settlement_odds(model)
    sanctions_bite(model, model.intensity)
    export_volumes(model)
    oil_price(model, day, odds, model.rng_source)
    oil_revenue(model)
    aid_flows(model, True)
    grow(model)
    budget(model, day, True)
    markets(model, day, odds, model.rng_source)


def init_economy(model) -> None:
    """Day-0 references at the reference intensity, then day-0 values at the run's own."""
    sanctions_bite(model, model.reference_intensity)
    export_volumes(model)
    model.lost_supply0 = model.lost_supply
    oil_revenue(model)
    aid_flows(model, False)
    for st in model.state_list:
        st.growth = st.trend_growth + st.cycle
    budget(model, 0, False)
    for st in model.state_list:
        if st.has_economy:
            st.effort_ref = st.war_budget + st.aid_materiel_in
            st.supply_ref = 1.0 - st.spec.economy.component_hit * st.bite
    sanctions_bite(model, model.intensity)
    export_volumes(model)
    oil_revenue(model)
    aid_flows(model, True)
    budget(model, 0, False)
    for st in model.state_list:
        st.econ_pain = 0.0
    model.settle_odds = settlement_odds(model)


def day(model, day: int) -> None:
    """MODEL step 4."""
    economy_day(model, day)
