"""The economy's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output(
        "gdp_index",
        "100 = start",
        "GDP",
        "100.0 * state[i, L.S_GDP] / state[i, L.S_GDP0] if state[i, L.S_GDP0] > 0.0 else 100.0",
        per="state",
        states="economy",
    ),
    Output(
        "growth_pct", "%/year", "GDP growth", "100.0 * state[i, L.S_GROWTH]", per="state", states="economy"
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
