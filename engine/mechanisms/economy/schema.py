"""Scenario sections of the economy, sanctions, energy and markets.

Tables (docs/scenarios.md; equations in docs/model.md):

``[economy]``                 world-level parameters: sanctions intensity, phasing of relief,
                              financing rules; ``[economy.oil]`` the oil price process;
                              ``[economy.markets]`` the market indicators' sensitivities;
                              ``[[economy.sanctions]]`` sanctions in force at the start
                              (sender, target, coverage); ``[[economy.events]]`` scheduled
                              sanctions packages, aid decisions, financing and price caps.
``[states.X.economy]``        a state's GDP, growth, budget, oil exports, aid it gives.

A state without an ``economy`` table is not modelled economically: its production
multiplier is left to events. Domestic politics (``[states.X.politics]``) has its own
folder, engine/mechanisms/politics.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.core.schema import Date, Num, _Strict, num


class OilMarket(_Strict):
    """World oil price: a mean-reverting log process with jumps plus news premia."""

    price0: Num = num(1.0, 1000.0, default=80.0, description="price at the start ($/bbl)")
    mean: Num = num(1.0, 1000.0, default=80.0, description="long-run mean ($/bbl)")
    half_life_days: Num = num(1.0, 1e5, default=730.0, description="mean-reversion half-life")
    volatility: Num = num(0.0, 0.2, default=0.0, description="daily sigma of the log price")
    jump_hazard: Num = num(0.0, 1.0, default=0.0, description="daily probability of a jump")
    jump_size: Num = num(0.0, 2.0, default=0.0, description="sigma of a jump in the log price")
    price_impact: Num = num(0.0, 100.0, default=0.0, description="d ln P / (lost supply share)")
    world_supply_mbd: Num = num(1.0, 1000.0, default=100.0, description="world supply (mb/d)")
    peace_push: Num = num(0.0, 2.0, default=0.0, description="ln P fall at certain settlement")


class Markets(_Strict):
    """Market indicators: sensitivities to settlement odds."""

    defence_beta: Num = num(0.0, 5.0, default=0.0, description="ln index fall per unit odds")
    reconstruction_beta: Num = num(0.0, 5.0, default=0.0, description="ln index rise per unit odds")
    volatility: Num = num(0.0, 0.2, default=0.0, description="daily sigma of the indices")
    bond_floor: Num = num(0.0, 100.0, default=50.0, description="bond price at zero odds (cents)")
    bond_span: Num = num(0.0, 100.0, default=0.0, description="cents gained at certain settlement")
    guarantee_weight: Num = num(0.0, 1.0, default=0.5, description="share needing guarantees")


class SanctionsInForce(_Strict):
    sender: str
    target: str
    level: Num = num(0.0, 1.0, description="coverage of the target's economy (0..1)")
    source: str = ""


class EconomyEvent(_Strict):
    date: Date
    kind: Literal["sanctions", "aid", "financing", "price_cap"]
    sender: str
    target: str
    value: Num = num(0.0, 1e6)
    name: str = ""
    source: str = ""


class Economy(_Strict):
    """World-level economy parameters (MODEL step 4)."""

    sanctions_intensity: Num = num(0.0, 1.0, default=0.6, description="how hard sanctions bite")
    reference_intensity: Num = num(
        0.0, 1.0, default=0.6, description="intensity under which the start figures were observed"
    )
    relief_phase_days: Num = num(1.0, 3650.0, default=180.0, description="relief time constant")
    aid_pause_share: Num = num(0.0, 1.0, default=0.5, description="aid stopped by a pause")
    buffer_horizon_years: Num = num(0.05, 50.0, default=1.0, description="buffer drawdown years")
    war_cut_share: Num = num(0.0, 1.0, default=0.5, description="shortfall cut from war spending")
    budget_elasticity: Num = num(0.0, 5.0, default=1.0, description="production vs war budget")
    pain_scale_pct: Num = num(0.01, 100.0, default=5.0, description="growth gap that is full pain")
    oil: OilMarket = Field(default_factory=OilMarket)
    markets: Markets = Field(default_factory=Markets)
    sanctions: list[SanctionsInForce] = Field(default_factory=list)
    events: list[EconomyEvent] = Field(default_factory=list)


class StateEconomy(_Strict):
    """A state's economy (MODEL step 4). Growth figures are in % a year."""

    gdp_bn: Num = num(0.0, 1e6, default=0.0, description="GDP ($bn/year)")
    trend_growth_pct: Num = num(-50.0, 50.0, default=0.0)
    cycle_growth_pct: Num = num(-50.0, 50.0, default=0.0, description="above trend at the start")
    cycle_half_life_days: Num = num(1.0, 1e5, default=365.0)
    sanctions_drag_pct: Num = num(0.0, 50.0, default=0.0, description="growth lost at full bite")
    war_drag_pct: Num = num(-50.0, 50.0, default=0.0, description="growth lost while at war")
    peace_dividend_pct: Num = num(-50.0, 50.0, default=0.0, description="growth gained in peace")
    war_share: Num = num(0.0, 1.0, default=0.0, description="war spending / GDP")
    civil_share: Num = num(0.0, 1.0, default=0.0, description="other spending / GDP")
    revenue_share: Num = num(0.0, 1.0, default=0.0, description="non-oil revenue / GDP")
    borrowing_bn: Num = num(0.0, 1e6, default=0.0, description="deficit borrowable ($bn/year)")
    fiscal_buffer_bn: Num = num(0.0, 1e6, default=0.0, description="liquid reserves ($bn)")
    oil_export_mbd: Num = num(0.0, 100.0, default=0.0, description="exports without sanctions")
    discount_base: Num = num(0.0, 500.0, default=0.0, description="$/bbl below the world price")
    discount_per_bite: Num = num(0.0, 500.0, default=0.0, description="$/bbl at full bite")
    fiscal_take: Num = num(0.0, 1.0, default=0.0, description="export revenue to the budget")
    volume_cut: Num = num(0.0, 1.0, default=0.0, description="export volume lost at full bite")
    component_hit: Num = num(0.0, 1.0, default=0.0, description="production lost at full bite")
    price_cap: Num = num(0.0, 1000.0, default=0.0, description="cap on its oil ($/bbl; 0 none)")
    aid_bn_per_year: Num = num(0.0, 1e6, default=0.0, description="aid to the state it backs")
    materiel_share: Num = num(0.0, 1.0, default=0.5, description="share of aid as materiel")
    aid_scale: Num = num(0.0, 10.0, default=1.0, description="scale on its aid and financing")


# The tables this mechanism adds to a scenario and to each ``[states.X]``
# (engine.scenario composes them).
SECTIONS = {"economy": (Economy, Field(default_factory=Economy))}
STATE_SECTIONS = {
    "economy": (StateEconomy | None, Field(None, description="not modelled when absent")),
}


def problems(s) -> list[tuple[str, str]]:
    """Cross-section problems of the economy's tables (unknown codes, dates)."""
    out: list[tuple[str, str]] = []
    codes = set(s.states)
    start, end = s.scenario.start, s.end_date
    for j, sn in enumerate(s.economy.sanctions):
        out.extend(_pair_problems(codes, f"economy.sanctions.{j}", sn.sender, sn.target))
    for j, ev in enumerate(s.economy.events):
        where = f"economy.events.{j}"
        if not start <= ev.date <= end:
            out.append((f"{where}.date", f"{ev.date} is outside the run ({start} to {end})"))
        out.extend(_pair_problems(codes, where, ev.sender, ev.target))
        if ev.kind == "sanctions" and ev.value > 1.0:
            out.append((f"{where}.value", "sanctions coverage added must be in [0, 1]"))
    return out


def _pair_problems(codes, where, sender, target):
    out = []
    for field, who in (("sender", sender), ("target", target)):
        if who not in codes:
            out.append((f"{where}.{field}", f"unknown state '{who}'"))
    if sender == target:
        out.append((f"{where}.target", "must differ from the sender"))
    return out


def econ_event_kind_code(kind: str) -> int:
    from engine import layout as L

    return {
        "sanctions": L.EV_SANCTIONS,
        "aid": L.EV_AID,
        "financing": L.EV_FINANCING,
        "price_cap": L.EV_PRICE_CAP,
    }[kind]

