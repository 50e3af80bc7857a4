"""The world: structure-of-arrays state with a leading run axis.

A :class:`World` holds every run of a kernel call side by side: ``state[r, i,
S_*]`` is state ``i`` of run ``r``. Column names are in :mod:`engine.layout`.
Structure (which states exist, who attacks where, event kinds) is shared by
all runs; numbers (parameters, event days and values) are per run, so each run
of a batch can carry its own design point.

Numba takes the World (a namedtuple of arrays) as one argument.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from engine import layout as L
from engine.economy_build import (
    ECONOMY_FIELDS,
    economy_arrays,
    economy_globals,
    economy_signature,
    init_dynamic,
    price_caps,
)
from engine.scenario import EVENT_KINDS, Scenario
from engine.talks_build import (
    TALKS_FIELDS,
    bargaining_params,
    init_talks,
    talks_arrays,
    talks_signature,
)

MAX_SETTLEMENTS = 16
LOG_CAPACITY = 512

EVENT_CODES = {
    "reinforcement": L.EV_REINFORCEMENT,
    "recruitment": L.EV_RECRUITMENT,
    "production": L.EV_PRODUCTION,
    "fire_delivery": L.EV_FIRE_DELIVERY,
    "fortify": L.EV_FORTIFY,
    "deadline": L.EV_DEADLINE,
    "summit": L.EV_SUMMIT,
    "leak": L.EV_LEAK,
}
EVENT_NAMES = {
    **{code: name for name, code in EVENT_CODES.items()},
    L.EV_SETTLEMENT_CAPTURED: "settlement_captured",
    L.EV_SETTLEMENT_RETAKEN: "settlement_retaken",
    L.EV_BREAKTHROUGH: "breakthrough",
    L.EV_COLLAPSE: "collapse",
    # economy and politics
    L.EV_SANCTIONS: "sanctions",
    L.EV_AID: "aid",
    L.EV_FINANCING: "financing",
    L.EV_PRICE_CAP: "price_cap",
    L.EV_ELECTION: "election",
    L.EV_RALLY: "rally",
    L.EV_BUFFER_EMPTY: "buffer_empty",
    L.EV_SUPPORT_COLLAPSE: "support_collapse",
    # talks and ceasefire
    L.EV_MEETING: "meeting",
    L.EV_DEADLINE_MISSED: "deadline_missed",
    L.EV_PRESSURE: "pressure",
    L.EV_SIGNED: "signed",
    L.EV_RATIFIED: "ratified",
    L.EV_RATIFY_FAILED: "ratification_failed",
    L.EV_CEASEFIRE: "ceasefire",
    L.EV_VIOLATION: "violation",
    L.EV_RELAPSE: "relapse",
    L.EV_BREAKDOWN: "breakdown",
    L.EV_RESUME: "talks_resume",
    L.EV_RIPE: "ripeness",
    L.EV_COUNTER_PROPOSAL: "counter_proposal",
}
assert set(EVENT_CODES) == set(EVENT_KINDS)

World = namedtuple(
    "World",
    [
        # ---- per run
        "seed",  # int64[R]: each run's seed
        "day",  # int64[R]: days stepped so far
        "glob",  # float64[R, N_GLOBAL]
        "glob_param",  # float64[R, N_GLOBAL_PARAM]
        "state",  # float64[R, N, N_STATE]
        "state_param",  # float64[R, N, N_STATE_PARAM]
        "front",  # float64[R, F, N_FRONT]
        "front_param",  # float64[R, F, N_FRONT_PARAM]
        "settlement_depth",  # float64[R, F, MAX_SETTLEMENTS] (km; inf where none)
        "settlement_taken",  # float64[R, F, MAX_SETTLEMENTS] (1 once captured)
        "event_day",  # int64[R, NE]: day each scheduled event fires
        "event_value",  # float64[R, NE]
        "hazard_rate",  # float64[R, NH]: daily probability
        "hazard_value",  # float64[R, NH]
        "log",  # float64[R, LOG_CAPACITY, N_LOG]: event log records
        "log_count",  # int64[R]: records written (may exceed capacity; extra dropped)
        "series_state",  # float64[R, NREC, N, N_SERIES_STATE]
        "series_front",  # float64[R, NREC, F]: depth (km)
        "series_global",  # float64[R, NREC, N_SERIES_GLOBAL]
        # ---- shared structure
        "role",  # int64[N]: ROLE_*
        "front_attacker",  # int64[F]: state index
        "front_defender",  # int64[F]
        "settlement_count",  # int64[F]
        "event_kind",  # int64[NE]
        "event_target",  # int64[NE]: state or front index
        "hazard_kind",  # int64[NH]
        "hazard_target",  # int64[NH]
        "record_every",  # int64[1]: series stride in days (0: no series)
        # ---- economy, sanctions, aid and politics (engine/economy_build.py documents them)
        *ECONOMY_FIELDS,
        # ---- beliefs, talks and ceasefire (engine/talks_build.py documents them)
        *TALKS_FIELDS,
    ],
)


@dataclass(frozen=True)
class Structure:
    """Names behind the integer indices of a World, for decoding results."""

    scenario: Scenario
    states: tuple[str, ...]
    fronts: tuple[str, ...]
    settlements: tuple[tuple[str, ...], ...]
    days: int
    record_every: int

    @property
    def n_records(self) -> int:
        return 0 if self.record_every <= 0 else -(-self.days // self.record_every)


def _state_params(st) -> list[float]:
    row = [0.0] * L.N_STATE_PARAM
    row[L.SP_TROOPS] = st.troops
    row[L.SP_RECRUITS_PER_DAY] = st.recruits_per_day
    row[L.SP_TROOP_CEILING] = st.troop_ceiling if st.troop_ceiling > 0 else np.inf
    row[L.SP_FIRE_PRODUCTION] = st.fire_production
    row[L.SP_FIRE_RATE] = st.fire_rate
    row[L.SP_FIRE_STOCK] = st.fire_stock
    row[L.SP_MORALE] = st.morale
    row[L.SP_MORALE_RECOVERY] = st.morale_recovery
    row[L.SP_MORALE_SENSITIVITY] = st.morale_sensitivity
    row[L.SP_COLLAPSE_MORALE] = st.collapse_morale
    row[L.SP_RESERVE_KEEP] = st.reserve_keep
    row[L.SP_ALLOC_RATE] = st.alloc_rate
    row[L.SP_THREAT_WEIGHT] = st.threat_weight
    row[L.SP_RESOLVE] = st.resolve
    row[L.SP_WAR_SUPPORT] = st.war_support
    row[L.SP_POPULATION] = st.population
    row[L.SP_WOUNDED_RETURN] = st.wounded_return
    bargaining_params(st, row)
    return row


def effective_intensity(s: Scenario, fid: str) -> float:
    """Assault tempo of a sector: ``intensity``, times ``attack_share * n_sectors``
    when the attacker's share of assaults is given (1 for an even spread)."""
    f = s.fronts[fid]
    if f.attack_share is None:
        return f.intensity
    return f.intensity * f.attack_share * len(s.fronts)


def _front_params(f, intensity: float) -> list[float]:
    row = [0.0] * L.N_FRONT_PARAM
    row[L.FP_LENGTH] = f.length_km
    row[L.FP_MAX_DEPTH] = f.max_depth_km
    row[L.FP_FORTIFICATION] = f.fortification
    row[L.FP_PRIORITY] = f.priority
    row[L.FP_INTENSITY] = intensity
    row[L.FP_DEPTH] = f.depth_km
    return row


def _battle_params(b) -> list[float]:
    row = [0.0] * L.N_GLOBAL_PARAM
    row[L.GP_MU] = b.mu
    row[L.GP_ATTRITION] = b.attrition
    row[L.GP_FIRE_ELASTICITY] = b.fire_elasticity
    row[L.GP_ADVANCE_MAX] = b.advance_max
    row[L.GP_RATIO_NEEDED] = b.ratio_needed
    row[L.GP_RATIO_SCALE] = b.ratio_scale
    row[L.GP_COUNTER_MAX] = b.counter_max
    row[L.GP_RATIO_COUNTER] = b.ratio_counter
    row[L.GP_ADVANCE_NOISE] = b.advance_noise
    row[L.GP_LOSS_NOISE] = b.loss_noise
    row[L.GP_BREAKTHROUGH_HAZARD] = b.breakthrough_hazard
    row[L.GP_BREAKTHROUGH_EXPONENT] = b.breakthrough_exponent
    row[L.GP_BREAKTHROUGH_KM] = b.breakthrough_km
    row[L.GP_MORALE_EFFECT] = b.morale_effect
    row[L.GP_MOVEMENT] = 1.0 if b.movement else 0.0
    return row


def _signature(s: Scenario) -> tuple:
    """What must be equal for two scenarios to share a World."""
    return (
        tuple((c, st.role) for c, st in s.states.items()),
        tuple((k, f.attacker, f.defender, len(f.settlements)) for k, f in s.fronts.items()),
        tuple((e.kind, e.target) for e in s.events),
        tuple((h.kind, h.target) for h in s.hazards),
        economy_signature(s),
        talks_signature(s),
    )


def build_world(
    scenarios: Scenario | list[Scenario],
    seeds: list[int] | np.ndarray,
    days: int | None = None,
    record_every: int = 0,
) -> tuple[World, Structure]:
    """Build the arrays for ``len(seeds)`` runs.

    Parameters
    ----------
    scenarios : Scenario or list of Scenario
        One scenario for all runs, or one per run (design points); all must
        share the same structure (states, sectors, event kinds and targets).
    seeds : sequence of int, shape (R,)
        Each run's seed.
    days : int, optional
        Run length; defaults to the scenario's ``days``.
    record_every : int
        Stride of the daily series in days (1 daily, 7 weekly, 0 none).
    """
    seeds = np.asarray(seeds, dtype=np.int64).reshape(-1)
    n_runs = len(seeds)
    if isinstance(scenarios, Scenario):
        scenarios = [scenarios] * n_runs
    if len(scenarios) != n_runs:
        raise ValueError("need one scenario per seed")
    s0 = scenarios[0]
    sig = _signature(s0)
    for s in scenarios[1:]:
        if s is not s0 and _signature(s) != sig:
            raise ValueError("all runs of one World must share the scenario's structure")
    days = int(days or s0.scenario.days)
    codes = list(s0.states)
    fids = list(s0.fronts)
    n_states, n_fronts = len(codes), len(fids)
    n_events, n_hazards = len(s0.events), len(s0.hazards)
    n_rec = 0 if record_every <= 0 else -(-days // record_every)
    idx = {c: i for i, c in enumerate(codes)}
    fidx = {f: i for i, f in enumerate(fids)}

    glob = np.zeros((n_runs, L.N_GLOBAL))
    glob[:, L.G_CEASEFIRE_DAY] = -1
    glob[:, L.G_END_DAY] = -1
    glob[:, L.G_COLLAPSED_STATE] = -1
    glob_param = np.zeros((n_runs, L.N_GLOBAL_PARAM))
    state = np.zeros((n_runs, n_states, L.N_STATE))
    state_param = np.zeros((n_runs, n_states, L.N_STATE_PARAM))
    front = np.zeros((n_runs, n_fronts, L.N_FRONT))
    front_param = np.zeros((n_runs, n_fronts, L.N_FRONT_PARAM))
    settlement_depth = np.full((n_runs, n_fronts, MAX_SETTLEMENTS), np.inf)
    event_day = np.zeros((n_runs, n_events), dtype=np.int64)
    event_value = np.zeros((n_runs, n_events))
    hazard_rate = np.zeros((n_runs, n_hazards))
    hazard_value = np.zeros((n_runs, n_hazards))

    cache: dict[int, tuple] = {}
    for r, s in enumerate(scenarios):
        key = id(s)
        if key not in cache:
            cache[key] = _numbers(s, fids, codes)
        g, sp, fp, sd, ed, ev, hr, hv = cache[key]
        glob_param[r] = g
        state_param[r] = sp
        front_param[r] = fp
        settlement_depth[r] = sd
        event_day[r] = ed
        event_value[r] = ev
        hazard_rate[r] = hr
        hazard_value[r] = hv

    # Initial dynamic state follows from the parameters.
    committed = np.zeros((n_runs, n_states))
    for fi, f in enumerate(s0.fronts.values()):
        a, d = idx[f.attacker], idx[f.defender]
        for r, s in enumerate(scenarios):
            fs = s.fronts[fids[fi]]
            front[r, fi, L.F_ATTACKER_TROOPS] = fs.attacker_troops
            front[r, fi, L.F_DEFENDER_TROOPS] = fs.defender_troops
            front[r, fi, L.F_DEPTH] = fs.depth_km
        committed[:, a] += front[:, fi, L.F_ATTACKER_TROOPS]
        committed[:, d] += front[:, fi, L.F_DEFENDER_TROOPS]
    state[:, :, L.S_RESERVE] = np.maximum(state_param[:, :, L.SP_TROOPS] - committed, 0.0)
    state[:, :, L.S_COMMITTED] = committed
    state[:, :, L.S_FIRE_STOCK] = state_param[:, :, L.SP_FIRE_STOCK]
    state[:, :, L.S_MORALE] = state_param[:, :, L.SP_MORALE]
    state[:, :, L.S_RECRUIT_MULT] = 1.0
    state[:, :, L.S_PRODUCTION_MULT] = 1.0
    state[:, :, L.S_WAR_SUPPORT] = state_param[:, :, L.SP_WAR_SUPPORT]
    state[:, :, L.S_LEADER_CHANGED_DAY] = -1.0
    # economy block
    econ = economy_arrays(scenarios, codes)
    for r, s in enumerate(scenarios):
        economy_globals(s, glob_param[r])
    init_dynamic(state, econ["econ_param"], glob, glob_param)
    state[:, :, L.S_PRICE_CAP] = price_caps(scenarios, codes)
    # talks block
    talks = talks_arrays(scenarios, codes)
    init_talks(state, state_param, glob, talks)
    settlement_taken = np.zeros_like(settlement_depth)
    settlement_taken[settlement_depth <= front[:, :, L.F_DEPTH : L.F_DEPTH + 1]] = 1.0

    world = World(
        seed=seeds.copy(),
        day=np.zeros(n_runs, dtype=np.int64),
        glob=glob,
        glob_param=glob_param,
        state=state,
        state_param=state_param,
        front=front,
        front_param=front_param,
        settlement_depth=settlement_depth,
        settlement_taken=settlement_taken,
        event_day=event_day,
        event_value=event_value,
        hazard_rate=hazard_rate,
        hazard_value=hazard_value,
        log=np.zeros((n_runs, LOG_CAPACITY, L.N_LOG)),
        log_count=np.zeros(n_runs, dtype=np.int64),
        series_state=np.zeros((n_runs, n_rec, n_states, L.N_SERIES_STATE)),
        series_front=np.zeros((n_runs, n_rec, n_fronts)),
        series_global=np.zeros((n_runs, n_rec, L.N_SERIES_GLOBAL)),
        role=np.array([L.ROLE_NAMES.index(st.role) for st in s0.states.values()], np.int64),
        front_attacker=np.array([idx[f.attacker] for f in s0.fronts.values()], np.int64),
        front_defender=np.array([idx[f.defender] for f in s0.fronts.values()], np.int64),
        settlement_count=np.array([len(f.settlements) for f in s0.fronts.values()], np.int64),
        event_kind=np.array([EVENT_CODES[e.kind] for e in s0.events], np.int64),
        event_target=np.array([_target_index(e, idx, fidx) for e in s0.events], np.int64),
        hazard_kind=np.array([EVENT_CODES[h.kind] for h in s0.hazards], np.int64),
        hazard_target=np.array([_target_index(h, idx, fidx) for h in s0.hazards], np.int64),
        record_every=np.array([record_every], np.int64),
        **econ,
        **talks,
    )
    _init_economy(world)
    structure = Structure(
        scenario=s0,
        states=tuple(codes),
        fronts=tuple(fids),
        settlements=tuple(tuple(st.name for st in f.settlements) for f in s0.fronts.values()),
        days=days,
        record_every=record_every,
    )
    return world, structure


def _init_economy(world: World) -> None:
    from engine.core.simulate import init_economy_all

    init_economy_all(world)


def _target_index(e, idx, fidx) -> int:
    return idx[e.target] if EVENT_KINDS[e.kind][0] == "state" else fidx[e.target]


def _numbers(s: Scenario, fids, codes):
    g = np.array(_battle_params(s.battle))
    sp = np.array([_state_params(s.states[c]) for c in codes]).reshape(len(codes), -1)
    fp = np.array([_front_params(s.fronts[f], effective_intensity(s, f)) for f in fids])
    fp = fp.reshape(len(fids), -1)
    sd = np.full((len(fids), MAX_SETTLEMENTS), np.inf)
    for fi, f in enumerate(fids):
        for j, st in enumerate(s.fronts[f].settlements):
            sd[fi, j] = st.depth_km
    ed = np.array([s.day_of(e.date) for e in s.events], dtype=np.int64)
    ev = np.array([e.value for e in s.events], dtype=np.float64)
    hr = np.array([h.rate for h in s.hazards], dtype=np.float64)
    hv = np.array([h.value for h in s.hazards], dtype=np.float64)
    return g, sp, fp, sd, ed, ev, hr, hv
