"""Building the World's "talks" block from scenarios (see :func:`engine.world.build_world`).

Every numeric array is per run (leading axis R) so design points can differ;
the integer index arrays (which issue plays which role, who is whose envoy)
are structure shared by all runs.
"""

from __future__ import annotations

import math

import numpy as np

from engine import layout as L
from engine.core.build import BuildContext
from engine.scenario import Scenario

# World fields of the talks block, in order (engine.world.World).
TALKS_FIELDS = (
    "talks_param",  # float64[R, N_TALKS_PARAM]
    "talks_roles",  # int64[N_TALKS_ROLES]: TR_* indices (-1 when absent)
    "issue_strong_low",  # int64[K]: 1 when 0 is the strong end (guarantees, force, relief)
    "ideal",  # float64[R, N, K]: ideal point per state and issue
    "salience",  # float64[R, N, K]: weights, summing to 1 per state (0 for silent states)
    "red_lo0",  # float64[R, N, K]: red line as written, lower bound
    "red_hi0",  # float64[R, N, K]: red line as written, upper bound
    "red_lo",  # float64[R, N, K]: red line today (tied to the line, given way under hurt)
    "red_hi",  # float64[R, N, K]
    "demand",  # float64[R, N, K]: counter-demand a state's envoys carry (starts at the ideal)
    "draft",  # float64[R, K]: the draft on the table
    "no_deal",  # float64[R, K]: what holds without a deal (territory: the current line)
    "terms",  # float64[R, K]: terms of the last signed deal (NaN before any)
    "territory_area",  # float64[R, NKN]: knots, km2 held by the territory holder
    "territory_value",  # float64[R, NKN]: knots, issue value
    "patron_of",  # int64[N]: state a patron backs (-1 for others)
    "envoy",  # float64[R, E, N_ENVOY]
    "envoy_param",  # float64[R, E, N_ENVOY_PARAM]
    "envoy_principal",  # int64[E]
    "trust",  # float64[R, E, N]: trust of each host in each envoy (0..1)
    "travel_days",  # float64[R, N, N]: days between capitals
    "talks_scratch",  # float64[R, K]: scratch issue vector, so the day allocates nothing
)


def signature(s: Scenario) -> tuple:
    """Structure of the talks block that all runs of one World share."""
    t = s.talks
    return (
        t.enabled,
        t.model,
        t.protocol,
        t.mediator,
        tuple((k, i.role, i.strong) for k, i in s.issues.items()),
        tuple((k, e.principal, e.home) for k, e in s.envoys.items()),
        None if t.territory is None else (t.territory.holder, len(t.territory.area_km2)),
    )


def _mediator(s: Scenario, codes) -> int:
    if s.talks.mediator is not None:
        return codes.index(s.talks.mediator)
    for i, c in enumerate(codes):
        if s.states[c].role == "mediator":
            return i
    return -1


def _params(s: Scenario) -> np.ndarray:
    t = s.talks
    row = np.zeros(L.N_TALKS_PARAM)
    # the red-line talks run only as the first design; talks.model = "bargaining" hands
    # the agreement to engine/mechanisms/talks_game (docs/talks.md)
    row[L.TP_ON] = 1.0 if t.enabled and s.issues and t.model == "redlines" else 0.0
    row[L.TP_PROTOCOL] = 1.0 if t.protocol == "alternating" else 0.0
    row[L.TP_EXPONENT] = t.utility_exponent
    row[L.TP_RED_PENALTY] = t.red_line_penalty
    row[L.TP_HORIZON] = t.horizon_days
    row[L.TP_RIPE_TOL] = t.ripe_tolerance
    row[L.TP_SIGN_MARGIN] = t.sign_margin
    row[L.TP_CONCESSION] = t.concession
    row[L.TP_YIELD] = t.yield_rate
    row[L.TP_UNRIPE] = t.unripe_factor
    row[L.TP_BELIEF_RATE] = t.belief_rate
    row[L.TP_LEARNING] = t.learning
    row[L.TP_CASUALTY_COST] = t.casualty_cost
    row[L.TP_ECON_COST] = t.econ_cost
    row[L.TP_PRESSURE_COST] = t.pressure_cost
    row[L.TP_WEARINESS] = t.weariness
    row[L.TP_RED_GIVE] = t.red_line_give
    row[L.TP_HURT_SCALE] = t.hurt_scale
    row[L.TP_TREND_WEIGHT] = t.trend_weight
    row[L.TP_TREND_SCALE] = t.trend_scale_km2
    row[L.TP_PATRON_WEIGHT] = t.patron_weight
    row[L.TP_TRUST_GAIN] = t.trust_gain
    row[L.TP_TRUST_LOSS] = t.trust_loss
    row[L.TP_LEAK_HAZARD] = t.leak_hazard
    row[L.TP_BACKLASH] = t.backlash
    row[L.TP_PATRON_PULL] = t.patron_pull
    row[L.TP_PATIENCE] = t.patience_days
    row[L.TP_GAP_EPS] = t.gap_epsilon
    row[L.TP_SUSPEND_MIN] = t.suspend_min_days
    row[L.TP_SUSPEND_MEAN] = t.suspend_mean_days
    row[L.TP_DEADLINE_DAYS] = t.deadline_days
    row[L.TP_US_PRESSURE] = t.us_pressure
    row[L.TP_CRED_AID] = t.aid_credibility
    row[L.TP_CRED_SANCTIONS] = t.sanctions_credibility
    row[L.TP_AID_THRESHOLD] = t.aid_threshold
    row[L.TP_EXTEND_PROB] = t.extend_prob
    row[L.TP_ESCALATE_PROB] = t.escalate_prob
    row[L.TP_ESCALATE_STEP] = t.escalate_step
    row[L.TP_DISENGAGE_DAYS] = t.disengage_days
    row[L.TP_RATIFY_DAYS] = t.ratify_days
    row[L.TP_RATIFY_SLACK] = t.ratify_slack
    row[L.TP_VIOLATION_HAZARD] = t.violation_hazard
    row[L.TP_GUARANTEE_EFFECT] = t.guarantee_effect
    row[L.TP_PEACEKEEPER_EFFECT] = t.peacekeeper_effect
    row[L.TP_RESENTMENT_EFFECT] = t.resentment_effect
    row[L.TP_RELAPSE_PROB] = t.relapse_prob
    row[L.TP_RESENT_DECAY] = t.resentment_decay
    row[L.TP_VIOLATION_RESENT] = t.violation_resentment
    row[L.TP_STAY_DAYS] = t.stay_days
    row[L.TP_AREA0] = t.territory.area0_km2 if t.territory is not None else 0.0
    row[L.TP_VERSION_STEP] = t.version_step
    row[L.TP_LEADER_SHOCK] = t.leader_shock
    row[L.TP_RIPE_DEADBAND] = t.ripe_deadband
    return row


def travel_days(s: Scenario, a: str, b: str) -> float:
    """Days from capital a to capital b: great-circle km / ``km_per_day``, at least one."""
    if a == b:
        return 0.0
    sa, sb = s.states[a], s.states[b]
    la, lb = math.radians(sa.capital_lat), math.radians(sb.capital_lat)
    dlon = math.radians(sb.capital_lon - sa.capital_lon)
    c = math.sin(la) * math.sin(lb) + math.cos(la) * math.cos(lb) * math.cos(dlon)
    km = 6371.0 * math.acos(min(max(c, -1.0), 1.0))
    return max(1.0, float(round(km / s.talks.km_per_day)))


def _travel(s: Scenario, codes) -> np.ndarray:
    n = len(codes)
    return np.array([[travel_days(s, a, b) for b in codes] for a in codes]).reshape(n, n)


def _per_run(s: Scenario, codes):
    issues = list(s.issues)
    n, k = len(codes), len(issues)
    ideal = np.zeros((n, k))
    sal = np.zeros((n, k))
    lo = np.zeros((n, k))
    hi = np.ones((n, k))
    for i, c in enumerate(codes):
        b = s.states[c].bargaining
        for j, key in enumerate(issues):
            ideal[i, j] = b.ideal.get(key, s.issues[key].start)
            sal[i, j] = b.salience.get(key, 0.0)
            if key in b.red_lines:
                lo[i, j], hi[i, j] = b.red_lines[key]
        total = 0.0
        for v in sal[i]:  # left to right, as the reference model sums
            total += float(v)
        if total > 0.0:
            sal[i] /= total
    t = s.talks
    if t.territory is not None:
        area = np.array(t.territory.area_km2, float)
        value = np.array(t.territory.value, float)
    else:
        area = np.zeros(0)
        value = np.zeros(0)
    envoys = list(s.envoys.values())
    ep = np.array([[e.skill, e.mandate] for e in envoys]).reshape(len(envoys), L.N_ENVOY_PARAM)
    trust = np.array([[e.trust] * n for e in envoys]).reshape(len(envoys), n)
    return dict(
        talks_param=_params(s),
        ideal=ideal,
        salience=sal,
        red_lo0=lo,
        red_hi0=hi,
        draft=np.array([s.issues[key].start for key in issues], float),
        no_deal=np.array([s.issues[key].no_deal for key in issues], float),
        territory_area=area,
        territory_value=value,
        envoy_param=ep,
        trust=trust,
        travel_days=_travel(s, codes),
    )


def talks_arrays(scenarios: list[Scenario], codes: list[str]) -> dict[str, np.ndarray]:
    """The talks block for ``len(scenarios)`` runs (keys: :data:`TALKS_FIELDS`)."""
    s0 = scenarios[0]
    n_runs = len(scenarios)
    cache: dict[int, dict] = {}
    rows = []
    for s in scenarios:
        if id(s) not in cache:
            cache[id(s)] = _per_run(s, codes)
        rows.append(cache[id(s)])
    out = {key: np.stack([row[key] for row in rows]) for key in rows[0]}
    issues = list(s0.issues)
    roles = np.full(L.N_TALKS_ROLES, -1, np.int64)
    belligerents = [i for i, c in enumerate(codes) if s0.states[c].role == "belligerent"]
    roles[L.TR_SIDE_A] = belligerents[0] if belligerents else -1
    roles[L.TR_SIDE_B] = belligerents[1] if len(belligerents) > 1 else -1
    if s0.talks.territory is not None:
        roles[L.TR_HOLDER] = codes.index(s0.talks.territory.holder)
    roles[L.TR_MEDIATOR] = _mediator(s0, codes)
    for j, key in enumerate(issues):
        role = s0.issues[key].role
        slot = {
            "territory": L.TR_TERRITORY,
            "guarantees": L.TR_GUARANTEES,
            "peacekeepers": L.TR_PEACEKEEPERS,
            "sanctions_relief": L.TR_SANCTIONS,
        }.get(role)
        if slot is not None:
            roles[slot] = j
    envoys = list(s0.envoys.values())
    n_envoys = len(envoys)
    envoy = np.zeros((n_runs, n_envoys, L.N_ENVOY))
    for e, spec in enumerate(envoys):
        home = codes.index(spec.home)
        envoy[:, e, L.EN_LOCATION] = home
        envoy[:, e, L.EN_DEST] = home
    out.update(
        talks_roles=roles,
        issue_strong_low=np.array([1 if s0.issues[k].strong == "low" else 0 for k in issues], np.int64),
        red_lo=out["red_lo0"].copy(),
        red_hi=out["red_hi0"].copy(),
        demand=out["ideal"].copy(),
        terms=np.full((n_runs, len(issues)), np.nan),
        talks_scratch=np.zeros((n_runs, len(issues))),
        patron_of=np.array(
            [codes.index(s0.states[c].backs) if s0.states[c].backs else -1 for c in codes], np.int64
        ),
        envoy=envoy,
        envoy_principal=np.array([codes.index(e.principal) for e in envoys], np.int64),
    )
    return {key: out[key] for key in TALKS_FIELDS}


def init_talks(state: np.ndarray, state_param: np.ndarray, glob: np.ndarray, talks: dict) -> None:
    """Start values of the talks' state and global columns, and their state parameters."""
    on = talks["talks_param"][:, L.TP_ON]
    glob[:, L.G_TALKS_STATUS] = np.where(on > 0.0, L.TALKS_ACTIVE, L.TALKS_OFF)
    deadline = talks["talks_param"][:, L.TP_DEADLINE_DAYS]
    glob[:, L.G_DEADLINE_DAY] = np.where(deadline > 0.0, deadline, -1.0)
    glob[:, L.G_PRESSURE_LEVEL] = 1.0
    glob[:, L.G_SUSPEND_UNTIL] = -1.0
    glob[:, L.G_GAP0] = -1.0
    glob[:, L.G_BEST_GAP] = 0.0  # set on the first day of talks
    glob[:, L.G_SIGN_DAY] = -1.0
    glob[:, L.G_RATIFY_DAY] = -1.0
    glob[:, L.G_OBSTACLE] = -1.0
    glob[:, L.G_PRESSURE_KIND] = -1.0
    state[:, :, L.S_BELIEF_TREND] = state_param[:, :, L.SP_TREND_PRIOR]
    state[:, :, L.S_BELIEF_VAR] = state_param[:, :, L.SP_TREND_SD] ** 2
    state[:, :, L.S_BELIEF_BIAS] = state_param[:, :, L.SP_OPTIMISM]


def bargaining_params(st, row) -> None:
    """Write a state's bargaining parameters into its ``state_param`` row (SP_* 40..63)."""
    b = st.bargaining
    row[L.SP_DISCOUNT] = b.discount
    row[L.SP_RISK] = b.risk
    row[L.SP_OPTIMISM] = b.optimism
    row[L.SP_TREND_PRIOR] = b.trend_prior
    row[L.SP_TREND_SD] = b.trend_sd
    row[L.SP_RED_RELATIVE] = 0.0 if b.territory_offset is None else 1.0
    row[L.SP_RED_OFFSET] = 0.0 if b.territory_offset is None else b.territory_offset
    row[L.SP_RATIFY_FAIL] = b.ratify_fail


def build(ctx: BuildContext) -> None:
    """The talks block, the states' bargaining parameters and the talks' start values."""
    a = ctx.arrays
    for r, s in enumerate(ctx.scenarios):
        for i, c in enumerate(ctx.codes):
            a["state_param"][r, i, L.SP_RESOLVE] = s.states[c].resolve
            bargaining_params(s.states[c], a["state_param"][r, i])
    talks = talks_arrays(ctx.scenarios, ctx.codes)
    a.update(talks)
    init_talks(a["state"], a["state_param"], a["glob"], talks)
