"""The economy's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output, Result

OUTPUTS = (
    Output(
        "gdp_index",
        "100 = start",
        "GDP",
        "100.0 * state[i, L.S_GDP] / state[i, L.S_GDP0] if state[i, L.S_GDP0] > 0.0 else 100.0",
        per="state",
        states="economy",
        description="GDP level, constant prices, 100 at the start",
    ),
    Output(
        "growth_pct",
        "%/year",
        "GDP growth",
        "100.0 * state[i, L.S_GROWTH]",
        per="state",
        states="economy",
        description="today's annualised GDP growth, in percent",
    ),
    Output(
        "economic_pain", "0..1", "Economic pain", "state[i, L.S_ECON_PAIN]", per="state", states="economy"
    ),
    Output(
        "oil_revenue_bn",
        "$bn/year",
        "Oil revenue",
        "state[i, L.S_OIL_REVENUE]",
        per="state",
        states="economy",
    ),
    Output(
        "fiscal_buffer_bn",
        "$bn",
        "Fiscal buffer",
        "state[i, L.S_FISCAL_BUFFER]",
        per="state",
        states="economy",
    ),
    Output(
        "sanctions_bite",
        "0..1",
        "Sanctions bite",
        "state[i, L.S_SANCTIONS_BITE]",
        per="state",
        states="economy",
    ),
    Output("oil_price", "$/bbl", "Oil price", "glob[L.G_OIL_PRICE]"),
    Output("defence_index", "100 = start", "Defence equities", "glob[L.G_DEFENCE_INDEX]"),
    Output("reconstruction_index", "100 = start", "Reconstruction equities", "glob[L.G_RECON_INDEX]"),
    Output("bond_price", "cents", "Bond price", "glob[L.G_BOND_PRICE]"),
    Output("settlement_odds", "0..1", "Settlement odds priced", "glob[L.G_SETTLE_ODDS]"),
    Output("sanctions_relief", "0..1", "Sanctions relief phased in", "glob[L.G_RELIEF_APPLIED]"),
)

# Per-run results: the runs-file columns and ``warsim run --json`` keys (results.py).
RESULTS = (
    Result(
        "oil_price_final",
        "$/bbl",
        "Oil price at the end",
        "oil price on the last day",
        column="oil_price_final",
        json="indicators.oil_price_final",
    ),
    Result(
        "oil_price_mean",
        "$/bbl",
        "Mean oil price",
        "oil price averaged over the run",
        column="oil_price_mean",
        json="indicators.oil_price_mean",
    ),
    Result(
        "gdp_growth",
        "%/year",
        "GDP growth over the run",
        "annualised GDP growth over the run",
        column="gdp_growth_{state}",
        json="indicators.gdp_growth.{state}",
    ),
    Result(
        "economic_pain",
        "0..1",
        "Economic pain",
        "economic pain at the end",
        column="economic_pain_{state}",
        json="indicators.economic_pain.{state}",
    ),
    Result(
        "oil_revenue_bn",
        "$bn/year",
        "Oil revenue",
        "oil export revenue at the end, annualised",
        json="indicators.oil_revenue_bn.{state}",
    ),
    Result(
        "fiscal_buffer_bn",
        "$bn",
        "Fiscal buffer",
        "fiscal buffer at the end",
        json="indicators.fiscal_buffer_bn.{state}",
    ),
    Result(
        "production_multiplier",
        "-",
        "Production multiplier",
        "multiplier on firepower production at the end",
        json="indicators.production_multiplier.{state}",
    ),
    Result(
        "defence_index_change_pct",
        "%",
        "Defence equities change",
        "change of the defence index over the run",
        column="defence_index_change_pct",
        json="indicators.defence_index_change_pct",
    ),
    Result(
        "reconstruction_index_change_pct",
        "%",
        "Reconstruction equities change",
        "change of the reconstruction index over the run",
        column="reconstruction_index_change_pct",
        json="indicators.reconstruction_index_change_pct",
    ),
    Result(
        "bond_price_final",
        "cents",
        "Bond price at the end",
        "supported belligerent's bond price, last day",
        column="bond_price_final",
        json="indicators.bond_price_final",
    ),
    Result(
        "sanctions_level",
        "0..1",
        "Sanctions bite",
        "bite of the sanctions {state} puts on {target}",
        column="sanctions_level_{state}_{target}",
        json="indicators.sanctions_level.{state}.{target}",
    ),
    Result(
        "sanctions_relief_applied",
        "0..1",
        "Sanctions relief phased in",
        "sanctions relief at the end",
        json="indicators.sanctions_relief_applied",
    ),
)
