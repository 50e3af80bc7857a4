"""The economy's columns: GDP, budgets, sanctions, oil, aid and markets.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column


def _economy(field: str, scale: float = 1.0):
    """Twin of a per-state economy parameter: the scenario's value (0 without an economy)."""
    return lambda st: getattr(st.spec.economy, field) * scale if st.spec.economy is not None else 0.0


COLUMNS = {
    "state": (
        Column("econ_pain", "-", "economic pain (0..1), written by economy, read by politics and talks"),
        Column("gdp", "$bn/year", "GDP level, constant prices"),
        Column("gdp0", "$bn/year", "GDP at the start"),
        Column("growth", "fraction/year", "today's annualised GDP growth"),
        Column("cycle", "fraction/year", "cyclical growth above trend, decaying"),
        Column("sanctions_bite", "0..1", "combined sanctions bite on this state today", twin="bite"),
        Column("oil_volume", "mb/d", "oil exports today"),
        Column("oil_discount", "$/bbl", "discount of its oil below the world price"),
        Column("oil_revenue", "$bn/year", "oil export revenue, annualised"),
        Column("fiscal_buffer", "$bn", "fiscal buffer: liquid reserves"),
        Column("war_budget", "$bn/year", "war spending, annualised"),
        Column("deficit", "$bn/year", "budget deficit, annualised"),
        Column("aid_money_in", "$bn/year", "budget aid received, annualised"),
        Column("aid_materiel_in", "$bn/year", "materiel aid received, annualised"),
        Column("production_econ", "-", "economy's factor on firepower production"),
        Column("price_cap", "$/bbl", "price cap on its oil (0: none)"),
        Column("effort_ref", "-", "war budget + materiel on day 0 ($bn/year), production normaliser"),
        Column("supply_ref", "-", "component supply factor on day 0 (-), production normaliser"),
        Column("shortfall", "$bn/year", "financing shortfall cut from spending"),
    ),
    "glob": (
        Column("oil_price", "$/bbl", "world (Brent) oil price today"),
        Column("oil_log_base", "ln $/bbl", "fundamental log price x_t before news premia"),
        Column("oil_price_sum", "-", "sum of daily prices so far ($/bbl), for the run mean"),
        Column("lost_supply", "mb/d", "exports lost to sanctions today"),
        Column("lost_supply0", "-", "exports lost to sanctions on day 0 (mb/d), the price's reference"),
        Column("defence_index", "100 = start", "European defence-equity index (100 at the start)"),
        Column("recon_index", "100 = start", "reconstruction index (100 at the start)"),
        Column("bond_price", "cents", "supported belligerent's bond price (cents on the dollar)"),
        Column("settle_odds", "0..1", "settlement odds the markets price"),
        Column("relief_applied", "0..1", "sanctions relief phased in so far"),
        Column("oil_days", "days", "days priced so far (for the run mean)"),
    ),
    "glob_param": (
        Column("oil_price0", "$/bbl", "oil price at the start", twin="oil.price0"),
        Column("oil_mean", "$/bbl", "long-run mean oil price", twin="oil.mean"),
        Column("oil_reversion", "1/day", "daily mean-reversion rate of the log price", twin="oil_reversion"),
        Column("oil_volatility", "-", "daily sigma of the log price", twin="oil.volatility"),
        Column("oil_jump_hazard", "-", "daily probability of a price jump", twin="oil.jump_hazard"),
        Column("oil_jump_size", "-", "sigma of a jump in the log price", twin="oil.jump_size"),
        Column(
            "oil_price_impact",
            "-",
            "log-price change per unit share of world supply lost",
            twin="oil.price_impact",
        ),
        Column("oil_world_supply", "mb/d", "world oil supply", twin="oil.world_supply_mbd"),
        Column("oil_peace_push", "-", "log-price fall at certain settlement", twin="oil.peace_push"),
        Column("sanctions_intensity", "-", "how hard sanctions bite (0..1), the lever", twin="intensity"),
        Column(
            "relief_phase_days",
            "days",
            "time constant of phasing in agreed relief",
            twin="scenario.economy.relief_phase_days",
        ),
        Column(
            "aid_pause_share",
            "0..1",
            "share of a state's aid stopped by a mediator pause",
            twin="scenario.economy.aid_pause_share",
        ),
        Column(
            "buffer_horizon",
            "years",
            "years over which a buffer may be drawn down",
            twin="scenario.economy.buffer_horizon_years",
        ),
        Column(
            "war_cut_share",
            "0..1",
            "share of a financing shortfall cut from war spending",
            twin="scenario.economy.war_cut_share",
        ),
        Column(
            "budget_elasticity",
            "-",
            "elasticity of production to war budget + materiel",
            twin="scenario.economy.budget_elasticity",
        ),
        Column(
            "pain_scale",
            "fraction/year",
            "growth shortfall below trend that is full pain",
            twin=lambda m: m.scenario.economy.pain_scale_pct / 100.0,
        ),
        Column(
            "defence_beta",
            "-",
            "log change of the defence index per unit of settlement odds",
            twin="markets_spec.defence_beta",
        ),
        Column(
            "recon_beta",
            "-",
            "log change of the reconstruction index per unit of settlement odds",
            twin="markets_spec.reconstruction_beta",
        ),
        Column("market_volatility", "-", "daily sigma of the equity indices", twin="markets_spec.volatility"),
        Column("bond_floor", "cents", "bond price at zero settlement odds", twin="markets_spec.bond_floor"),
    ),
    "econ_param": (
        Column(
            "economy",
            "-",
            "1 when the state's economy is modelled",
            twin=lambda st: float(st.spec.economy is not None),
        ),
        Column("gdp", "$bn/year", "GDP at the start", twin="gdp0"),
        Column("trend_growth", "fraction/year", "trend (potential) growth", twin="trend_growth"),
        Column(
            "cycle_growth",
            "fraction/year",
            "cyclical growth above trend at the start",
            twin=_economy("cycle_growth_pct", 0.01),
        ),
        Column(
            "cycle_decay", "-", "daily factor on the cyclical growth, 2**(-1/half_life)", twin="cycle_decay"
        ),
        Column(
            "sanctions_drag", "fraction/year", "growth lost at full sanctions bite", twin="sanctions_drag"
        ),
        Column("war_drag", "fraction/year", "growth lost while at war", twin="war_drag"),
        Column("peace_dividend", "fraction/year", "growth gained under a ceasefire", twin="peace_dividend"),
        Column("war_share", "share of GDP", "war spending", twin=_economy("war_share")),
        Column("civil_share", "share of GDP", "other public spending", twin=_economy("civil_share")),
        Column("revenue_share", "share of GDP", "non-oil budget revenue", twin=_economy("revenue_share")),
        Column(
            "borrowing",
            "$bn/year",
            "deficit it can borrow each year without drawing the buffer",
            twin=_economy("borrowing_bn"),
        ),
        Column("fiscal_buffer", "$bn", "fiscal buffer at the start", twin=_economy("fiscal_buffer_bn")),
        Column("oil_export", "mb/d", "oil exports without sanctions", twin=_economy("oil_export_mbd")),
        Column(
            "discount_base",
            "$/bbl",
            "discount below the world price without sanctions",
            twin=_economy("discount_base"),
        ),
        Column("discount_bite", "$/bbl", "extra discount at full bite", twin=_economy("discount_per_bite")),
        Column(
            "fiscal_take",
            "0..1",
            "share of export revenue that reaches the budget",
            twin=_economy("fiscal_take"),
        ),
        Column("volume_cut", "0..1", "share of export volume lost at full bite", twin=_economy("volume_cut")),
        Column(
            "component_hit",
            "0..1",
            "share of production efficiency lost at full bite",
            twin=_economy("component_hit"),
        ),
        Column(
            "aid",
            "$bn/year",
            "aid this patron gives its client at the start",
            twin=_economy("aid_bn_per_year"),
        ),
        Column("materiel_share", "0..1", "share of its aid given as materiel", twin="materiel_share"),
        Column("aid_scale", "1 = the scenario's level", "scale on its aid and financing", twin="aid_scale"),
    ),
    "econ_glob_param": (
        Column(
            "bond_span", "cents", "bond price gained at certain settlement", twin="markets_spec.bond_span"
        ),
        Column(
            "guarantee_weight",
            "0..1",
            "share of that gain that needs strong guarantees",
            twin="markets_spec.guarantee_weight",
        ),
        Column(
            "reference_intensity",
            "-",
            "sanctions intensity under which the start figures were observed",
            twin="reference_intensity",
        ),
    ),
}


def _pairs(table_name: str):
    """Twin of an N x N sender -> target matrix kept by the reference model as a dict."""

    def read(m) -> dict:
        table = getattr(m, table_name)
        return {(a.index, b.index): table.get((a, b), 0.0) for a in m.state_list for b in m.state_list}

    return read


ARRAYS = (
    Array(
        "sanctions",
        "float64",
        "R, N, N",
        "sanctions coverage sender -> target (0..1)",
        dynamic=True,
        twin=_pairs("sanctions"),
    ),
    Array(
        "sanctions_bite",
        "float64",
        "R, N, N",
        "effective bite today sender -> target (0..1)",
        dynamic=True,
        twin=_pairs("bite"),
    ),
    Array(
        "aid",
        "float64",
        "R, N, N",
        "aid level patron -> recipient ($bn/year, before scale and pause)",
        dynamic=True,
        twin=_pairs("aid"),
    ),
    Array("econ_event_day", "int64", "R, NEE", "day each economic event fires"),
    Array("econ_event_value", "float64", "R, NEE", "value of each economic event"),
    Array("econ_event_kind", "int64", "NEE", "EV_SANCTIONS, EV_AID, EV_FINANCING or EV_PRICE_CAP"),
    Array("econ_event_a", "int64", "NEE", "sender state of each economic event"),
    Array("econ_event_b", "int64", "NEE", "target state of each economic event"),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    "EV_SANCTIONS": 20,  # a: sender, b: target; value: sanctions coverage added (0..1)
    "EV_AID": 21,  # a: patron, b: recipient; value: new aid level ($bn/year)
    "EV_FINANCING": 22,  # a: patron, b: recipient; value: lump sum into the fiscal buffer ($bn)
    "EV_PRICE_CAP": 23,  # a: sender, b: target; value: price cap ($/bbl)
    "EV_BUFFER_EMPTY": 26,  # log only: a: state whose fiscal buffer ran dry; value: deficit ($bn/yr)
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_OIL": 10,  # index 0: the log price's diffusion
    "STREAM_OIL_JUMP": 11,  # uniform index 0: jump or not; normal index 1: its size
    "STREAM_MARKETS": 12,  # normal pair index 0: defence index, reconstruction index
}
