"""Building the World's "economy" block from scenarios (see :func:`engine.world.build_world`)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine import layout as L
from engine.core.build import BuildContext
from engine.mechanisms.economy.kernel import economy_day, init_economy
from engine.mechanisms.economy.schema import econ_event_kind_code
from engine.scenario import Scenario

# World fields of the economy block, in order (engine.world.World).
ECONOMY_FIELDS = (
    "econ_param",  # float64[R, N, N_ECON_PARAM]: per-state economy and politics parameters
    "econ_glob_param",  # float64[R, N_ECON_GLOB_PARAM]
    "sanctions",  # float64[R, N, N]: coverage sender -> target (0..1)
    "sanctions_bite",  # float64[R, N, N]: effective bite today sender -> target (0..1)
    "aid",  # float64[R, N, N]: aid level patron -> recipient ($bn/year, before scale and pause)
    "econ_event_day",  # int64[R, NEE]
    "econ_event_value",  # float64[R, NEE]
    "econ_event_kind",  # int64[NEE]: EV_SANCTIONS, EV_AID, EV_FINANCING, EV_PRICE_CAP
    "econ_event_a",  # int64[NEE]: sender state
    "econ_event_b",  # int64[NEE]: target state
    "election_day",  # int64[R, NEL]
    "election_state",  # int64[NEL]
)


def signature(s: Scenario) -> tuple:
    """Structure of the economy block that all runs of one World share."""
    return (
        tuple((e.kind, e.sender, e.target) for e in s.economy.events),
        tuple((c, len(st.politics.elections) if st.politics else 0) for c, st in s.states.items()),
    )


def economy_globals(s: Scenario, row: np.ndarray) -> None:
    """Write the economy's global parameters into a ``glob_param`` row (GP_* 20..39)."""
    e, oil, mk = s.economy, s.economy.oil, s.economy.markets
    row[L.GP_OIL_PRICE0] = oil.price0
    row[L.GP_OIL_MEAN] = oil.mean
    row[L.GP_OIL_REVERSION] = math.log(2.0) / oil.half_life_days
    row[L.GP_OIL_VOLATILITY] = oil.volatility
    row[L.GP_OIL_JUMP_HAZARD] = oil.jump_hazard
    row[L.GP_OIL_JUMP_SIZE] = oil.jump_size
    row[L.GP_OIL_PRICE_IMPACT] = oil.price_impact
    row[L.GP_OIL_WORLD_SUPPLY] = oil.world_supply_mbd
    row[L.GP_OIL_PEACE_PUSH] = oil.peace_push
    row[L.GP_SANCTIONS_INTENSITY] = e.sanctions_intensity
    row[L.GP_RELIEF_PHASE_DAYS] = e.relief_phase_days
    row[L.GP_AID_PAUSE_SHARE] = e.aid_pause_share
    row[L.GP_BUFFER_HORIZON] = e.buffer_horizon_years
    row[L.GP_WAR_CUT_SHARE] = e.war_cut_share
    row[L.GP_BUDGET_ELASTICITY] = e.budget_elasticity
    row[L.GP_PAIN_SCALE] = e.pain_scale_pct / 100.0
    row[L.GP_DEFENCE_BETA] = mk.defence_beta
    row[L.GP_RECON_BETA] = mk.reconstruction_beta
    row[L.GP_MARKET_VOLATILITY] = mk.volatility
    row[L.GP_BOND_FLOOR] = mk.bond_floor


def state_econ_params(st) -> list[float]:
    """One state's row of ``econ_param`` (percentages become fractions)."""
    row = [0.0] * L.N_ECON_PARAM
    ec = st.economy
    if ec is not None:
        row[L.EP_ECONOMY] = 1.0
        row[L.EP_GDP] = ec.gdp_bn
        row[L.EP_TREND_GROWTH] = ec.trend_growth_pct / 100.0
        row[L.EP_CYCLE_GROWTH] = ec.cycle_growth_pct / 100.0
        row[L.EP_CYCLE_DECAY] = 2.0 ** (-1.0 / ec.cycle_half_life_days)
        row[L.EP_SANCTIONS_DRAG] = ec.sanctions_drag_pct / 100.0
        row[L.EP_WAR_DRAG] = ec.war_drag_pct / 100.0
        row[L.EP_PEACE_DIVIDEND] = ec.peace_dividend_pct / 100.0
        row[L.EP_WAR_SHARE] = ec.war_share
        row[L.EP_CIVIL_SHARE] = ec.civil_share
        row[L.EP_REVENUE_SHARE] = ec.revenue_share
        row[L.EP_BORROWING] = ec.borrowing_bn
        row[L.EP_FISCAL_BUFFER] = ec.fiscal_buffer_bn
        row[L.EP_OIL_EXPORT] = ec.oil_export_mbd
        row[L.EP_DISCOUNT_BASE] = ec.discount_base
        row[L.EP_DISCOUNT_BITE] = ec.discount_per_bite
        row[L.EP_FISCAL_TAKE] = ec.fiscal_take
        row[L.EP_VOLUME_CUT] = ec.volume_cut
        row[L.EP_COMPONENT_HIT] = ec.component_hit
        row[L.EP_AID] = ec.aid_bn_per_year
        row[L.EP_MATERIEL_SHARE] = ec.materiel_share
        row[L.EP_AID_SCALE] = ec.aid_scale
    po = st.politics
    if po is not None:
        row[L.EP_POLITICS] = 1.0
        row[L.EP_CASUALTY_SENSITIVITY] = po.casualty_sensitivity
        row[L.EP_PAIN_SENSITIVITY] = po.pain_sensitivity
        row[L.EP_SUPPORT_RECOVERY] = po.support_recovery
        row[L.EP_RECRUIT_ELASTICITY] = po.recruit_elasticity
        row[L.EP_RALLY_HAZARD] = po.rally_hazard
        row[L.EP_RALLY_SIZE] = po.rally_size
        row[L.EP_COLLAPSE_SUPPORT] = po.collapse_support
        row[L.EP_ELECTION_DELAY] = po.elections_after_ceasefire_days
        row[L.EP_REPLACE_MIDPOINT] = po.replace_midpoint
        row[L.EP_REPLACE_SCALE] = po.replace_scale
        row[L.EP_RESOLVE_SHIFT] = po.resolve_shift
    return row


def economy_arrays(scenarios: list[Scenario], codes: list[str]) -> dict[str, np.ndarray]:
    """The per-run and shared arrays of the economy block (dynamic columns not included)."""
    n_runs, n = len(scenarios), len(codes)
    idx = {c: i for i, c in enumerate(codes)}
    s0 = scenarios[0]
    events = s0.economy.events
    elections = [(c, d) for c, st in s0.states.items() if st.politics for d in st.politics.elections]
    out = {
        "econ_param": np.zeros((n_runs, n, L.N_ECON_PARAM)),
        "econ_glob_param": np.zeros((n_runs, L.N_ECON_GLOB_PARAM)),
        "sanctions": np.zeros((n_runs, n, n)),
        "sanctions_bite": np.zeros((n_runs, n, n)),
        "aid": np.zeros((n_runs, n, n)),
        "econ_event_day": np.zeros((n_runs, len(events)), dtype=np.int64),
        "econ_event_value": np.zeros((n_runs, len(events))),
        "econ_event_kind": np.array([econ_event_kind_code(e.kind) for e in events], np.int64),
        "econ_event_a": np.array([idx[e.sender] for e in events], np.int64),
        "econ_event_b": np.array([idx[e.target] for e in events], np.int64),
        "election_day": np.zeros((n_runs, len(elections)), dtype=np.int64),
        "election_state": np.array([idx[c] for c, _ in elections], np.int64),
    }
    for r, s in enumerate(scenarios):
        out["econ_param"][r] = np.array([state_econ_params(s.states[c]) for c in codes]).reshape(
            n, L.N_ECON_PARAM
        )
        out["econ_glob_param"][r, L.EG_BOND_SPAN] = s.economy.markets.bond_span
        out["econ_glob_param"][r, L.EG_GUARANTEE_WEIGHT] = s.economy.markets.guarantee_weight
        out["econ_glob_param"][r, L.EG_REFERENCE_INTENSITY] = s.economy.reference_intensity
        for sn in s.economy.sanctions:
            a, b = idx[sn.sender], idx[sn.target]
            out["sanctions"][r, a, b] = min(out["sanctions"][r, a, b] + sn.level, 1.0)
        for c, st in s.states.items():
            if st.role == "patron" and st.economy is not None and st.backs is not None:
                out["aid"][r, idx[c], idx[st.backs]] = st.economy.aid_bn_per_year
        for j, e in enumerate(s.economy.events):
            out["econ_event_day"][r, j] = s.day_of(e.date)
            out["econ_event_value"][r, j] = e.value
        ds = [d for c, st in s.states.items() if st.politics for d in st.politics.elections]
        for j, d in enumerate(ds):
            out["election_day"][r, j] = s.day_of(d)
    return out


def init_dynamic(state: np.ndarray, econ_param: np.ndarray, glob: np.ndarray, glob_param) -> None:
    """Start values of the economy's dynamic columns (before :func:`init_economy` runs)."""
    state[:, :, L.S_GDP] = econ_param[:, :, L.EP_GDP]
    state[:, :, L.S_GDP0] = econ_param[:, :, L.EP_GDP]
    state[:, :, L.S_CYCLE] = econ_param[:, :, L.EP_CYCLE_GROWTH]
    state[:, :, L.S_FISCAL_BUFFER] = econ_param[:, :, L.EP_FISCAL_BUFFER]
    state[:, :, L.S_PRODUCTION_ECON] = 1.0
    state[:, :, L.S_PRODUCTION_EVENT] = 1.0
    state[:, :, L.S_RECRUIT_POLITICS] = 1.0
    state[:, :, L.S_RECRUIT_EVENT] = 1.0
    glob[:, L.G_OIL_PRICE] = glob_param[:, L.GP_OIL_PRICE0]
    glob[:, L.G_OIL_LOG_BASE] = np.log(glob_param[:, L.GP_OIL_PRICE0])
    glob[:, L.G_DEFENCE_INDEX] = 100.0
    glob[:, L.G_RECON_INDEX] = 100.0
    glob[:, L.G_BOND_PRICE] = glob_param[:, L.GP_BOND_FLOOR]


def price_caps(scenarios: list[Scenario], codes: list[str]) -> np.ndarray:
    """Initial price caps per run and state ($/bbl; 0: none)."""
    out = np.zeros((len(scenarios), len(codes)))
    for r, s in enumerate(scenarios):
        for i, c in enumerate(codes):
            ec = s.states[c].economy
            out[r, i] = ec.price_cap if ec is not None else 0.0
    return out


def build(ctx: BuildContext) -> None:
    """The economy block, its run-level parameters and the start of its dynamic columns."""
    a = ctx.arrays
    a.update(economy_arrays(ctx.scenarios, ctx.codes))
    for r, s in enumerate(ctx.scenarios):
        economy_globals(s, a["glob_param"][r])
    init_dynamic(a["state"], a["econ_param"], a["glob"], a["glob_param"])
    a["state"][:, :, L.S_PRICE_CAP] = price_caps(ctx.scenarios, ctx.codes)


def init(world) -> None:
    """Day-0 snapshot of every run (the references production and the oil price use)."""
    init_economy_all(world)


@njit(cache=True)
def init_economy_all(w):
    """:func:`engine.mechanisms.economy.kernel.init_economy` for every run of a new World."""
    for run in range(w.seed.shape[0]):
        r = np.int64(run)
        init_economy(w.glob[r], w.glob_param[r], w.state[r], w.econ_param[r], w.econ_glob_param[r],
                     w.sanctions[r], w.sanctions_bite[r], w.aid[r], w.log[r], w.log_count[r : r + 1])


def economy_only(world, r: int, day: int) -> None:
    """Step only the economy of run ``r`` for ``day`` (tests hold the other mechanisms still)."""
    _economy_only(world, np.int64(r), np.int64(day))


@njit(cache=True)
def _economy_only(w, r, day):
    economy_day(w.seed[r], day, w.glob[r], w.glob_param[r], w.state[r], w.econ_param[r],
                w.econ_glob_param[r], w.sanctions[r], w.sanctions_bite[r], w.aid[r],
                w.econ_event_day[r], w.econ_event_value[r], w.econ_event_kind, w.econ_event_a,
                w.econ_event_b, w.log[r], w.log_count[r : r + 1])
