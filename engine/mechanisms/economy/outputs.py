"""The economy's recorded series.

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output

OUTPUTS = (
    Output("gdp_index", "100 = start", "GDP", per="state", states="economy"),
    Output("growth_pct", "%/year", "GDP growth", per="state", states="economy"),
    Output("economic_pain", "0..1", "Economic pain", per="state", states="economy"),
    Output("oil_revenue_bn", "$bn/year", "Oil revenue", per="state", states="economy"),
    Output("fiscal_buffer_bn", "$bn", "Fiscal buffer", per="state", states="economy"),
    Output("sanctions_bite", "0..1", "Sanctions bite", per="state", states="economy"),
    Output("oil_price", "$/bbl", "Oil price"),
    Output("defence_index", "100 = start", "Defence equities"),
    Output("reconstruction_index", "100 = start", "Reconstruction equities"),
    Output("bond_price", "cents", "Bond price"),
    Output("settlement_odds", "0..1", "Settlement odds priced"),
    Output("sanctions_relief", "0..1", "Sanctions relief phased in"),
)
