"""Building the battlefield's columns and arrays for a World: armies, sectors, settlements."""

from __future__ import annotations

import math

import numpy as np

from engine import layout as L
from engine.core.build import BuildContext

MAX_SETTLEMENTS = 16


def signature(s) -> tuple:
    return tuple((k, f.attacker, f.defender, len(f.settlements)) for k, f in s.fronts.items())


def effective_intensity(s, fid: str) -> float:
    """Assault tempo of a sector: ``intensity``, times ``attack_share * n_sectors``
    when the attacker's share of assaults is given (1 for an even spread)."""
    f = s.fronts[fid]
    if f.attack_share is None:
        return f.intensity
    return f.intensity * f.attack_share * len(s.fronts)


def _state_params(st, row) -> None:
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
    row[L.SP_WOUNDED_RETURN] = st.wounded_return


def _front_params(f, intensity: float, row) -> None:
    row[L.FP_LENGTH] = f.length_km
    row[L.FP_MAX_DEPTH] = f.max_depth_km
    row[L.FP_FORTIFICATION] = f.fortification
    row[L.FP_PRIORITY] = f.priority
    row[L.FP_INTENSITY] = intensity
    row[L.FP_DEPTH] = f.depth_km


def _battle_params(b, row) -> None:
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
    # ln R* and ln R_c once per run, not once per sector-day (same libm log as the kernel's)
    row[L.GP_LOG_RATIO_NEEDED] = math.log(b.ratio_needed)
    row[L.GP_LOG_RATIO_COUNTER] = math.log(b.ratio_counter)


def build(ctx: BuildContext) -> None:
    """Battle, state and sector parameters; troops in the sectors and the reserves."""
    a = ctx.arrays
    state, state_param, glob_param = a["state"], a["state_param"], a["glob_param"]
    front, front_param = a["front"], a["front_param"]
    n_fronts = len(ctx.fids)
    depth = np.full((ctx.n_runs, n_fronts, MAX_SETTLEMENTS), np.inf)
    for r, s in enumerate(ctx.scenarios):
        _battle_params(s.battle, glob_param[r])
        for i, c in enumerate(ctx.codes):
            _state_params(s.states[c], state_param[r, i])
        for f, fid in enumerate(ctx.fids):
            _front_params(s.fronts[fid], effective_intensity(s, fid), front_param[r, f])
            for j, town in enumerate(s.fronts[fid].settlements):
                depth[r, f, j] = town.depth_km
    idx = ctx.idx
    committed = np.zeros((ctx.n_runs, len(ctx.codes)))
    for f, spec in enumerate(ctx.s0.fronts.values()):
        att, dfd = idx[spec.attacker], idx[spec.defender]
        for r, s in enumerate(ctx.scenarios):
            fs = s.fronts[ctx.fids[f]]
            front[r, f, L.F_ATTACKER_TROOPS] = fs.attacker_troops
            front[r, f, L.F_DEFENDER_TROOPS] = fs.defender_troops
            front[r, f, L.F_DEPTH] = fs.depth_km
        committed[:, att] += front[:, f, L.F_ATTACKER_TROOPS]
        committed[:, dfd] += front[:, f, L.F_DEFENDER_TROOPS]
    state[:, :, L.S_RESERVE] = np.maximum(state_param[:, :, L.SP_TROOPS] - committed, 0.0)
    state[:, :, L.S_COMMITTED] = committed
    state[:, :, L.S_FIRE_STOCK] = state_param[:, :, L.SP_FIRE_STOCK]
    state[:, :, L.S_MORALE] = state_param[:, :, L.SP_MORALE]
    state[:, :, L.S_RECRUIT_MULT] = 1.0
    state[:, :, L.S_PRODUCTION_MULT] = 1.0
    # the talks game's drawn strength types may rescale this (talks_game.build)
    state[:, :, L.S_COMBAT_POWER] = 1.0
    taken = np.zeros_like(depth)
    taken[depth <= front[:, :, L.F_DEPTH : L.F_DEPTH + 1]] = 1.0
    s0 = ctx.s0
    a["settlement_depth"] = depth
    a["settlement_taken"] = taken
    a["front_attacker"] = np.array([idx[f.attacker] for f in s0.fronts.values()], np.int64)
    a["front_defender"] = np.array([idx[f.defender] for f in s0.fronts.values()], np.int64)
    a["settlement_count"] = np.array([len(f.settlements) for f in s0.fronts.values()], np.int64)
