"""Compare the kernels with the plain-Python reference model day by day."""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.reference.model import ReferenceModel
from engine.simulate import run_days
from engine.world import build_world

STATE_FIELDS = {
    "reserve": L.S_RESERVE,
    "committed": L.S_COMMITTED,
    "fire_stock": L.S_FIRE_STOCK,
    "morale": L.S_MORALE,
    "casualties": L.S_CASUALTIES,
    "territory": L.S_TERRITORY,
    # economy and politics
    "gdp": L.S_GDP,
    "growth": L.S_GROWTH,
    "bite": L.S_SANCTIONS_BITE,
    "oil_revenue": L.S_OIL_REVENUE,
    "fiscal_buffer": L.S_FISCAL_BUFFER,
    "war_budget": L.S_WAR_BUDGET,
    "production_mult": L.S_PRODUCTION_MULT,
    "recruit_mult": L.S_RECRUIT_MULT,
    "econ_pain": L.S_ECON_PAIN,
    "war_support": L.S_WAR_SUPPORT,
    "leader_changed_day": L.S_LEADER_CHANGED_DAY,
}
STATE_PARAM_FIELDS = {"resolve": L.SP_RESOLVE}
GLOBAL_FIELDS = {
    "oil_price": L.G_OIL_PRICE,
    "defence_index": L.G_DEFENCE_INDEX,
    "recon_index": L.G_RECON_INDEX,
    "bond_price": L.G_BOND_PRICE,
    "relief_applied": L.G_RELIEF_APPLIED,
}
# beliefs, talks and ceasefire: RefState attributes, RefState bargaining attributes,
# model-level and talks-table attributes
TALKS_STATE_FIELDS = {
    "belief_trend": L.S_BELIEF_TREND,
    "belief_var": L.S_BELIEF_VAR,
    "belief_bias": L.S_BELIEF_BIAS,
    "loss_rate": L.S_LOSS_RATE,
    "batna": L.S_BATNA,
    "batna_trend": L.S_BATNA_TREND,
    "draft_utility": L.S_DRAFT_UTILITY,
    "ripe": L.S_RIPE,
    "gap": L.S_GAP,
    "red_give": L.S_RED_GIVE,
    "resentment": L.S_RESENTMENT,
    "pressure_felt": L.S_PRESSURE_FELT,
    "aid_paused": L.S_AID_PAUSED,
    "pressure_sanctions": L.S_PRESSURE_SANCTIONS,
}
MODEL_TALKS_FIELDS = {
    "ceasefire": L.G_CEASEFIRE,
    "ceasefire_day": L.G_CEASEFIRE_DAY,
    "outcome": L.G_OUTCOME,
    "talks_progress": L.G_TALKS_PROGRESS,
    "sanctions_relief": L.G_SANCTIONS_RELIEF,
    "guarantee_strength": L.G_GUARANTEE_STRENGTH,
}
TABLE_FIELDS = {
    "status": L.G_TALKS_STATUS,
    "version": L.G_DRAFT_VERSION,
    "rounds": L.G_ROUNDS,
    "meetings": L.G_MEETINGS,
    "leaks": L.G_LEAKS,
    "deadlines_missed": L.G_DEADLINES_MISSED,
    "deadline_day": L.G_DEADLINE_DAY,
    "pressure_level": L.G_PRESSURE_LEVEL,
    "gap": L.G_GAP,
    "freeze_point": L.G_FREEZE_POINT,
    "violations": L.G_VIOLATIONS,
    "relapses": L.G_RELAPSES,
    "breakdowns": L.G_BREAKDOWNS,
}
FRONT_FIELDS = {
    "attacker_troops": L.F_ATTACKER_TROOPS,
    "defender_troops": L.F_DEFENDER_TROOPS,
    "depth": L.F_DEPTH,
}


def assert_twin_agrees(scenario, seed: int, days: int, rtol: float = 1e-9) -> None:
    """Step kernel and reference model together; fail on the first divergence."""
    w, _ = build_world(scenario, [seed], days=days)
    m = ReferenceModel(scenario, seed=seed, days=days)
    for day in range(days):
        run_days(w, 1, parallel=False)
        m.step()
        for i, st in enumerate(m.state_list):
            for name, col in STATE_FIELDS.items():
                _close(w.state[0, i, col], getattr(st, name), rtol, f"day {day} {st.code}.{name}")
            for name, col in STATE_PARAM_FIELDS.items():
                got = w.state_param[0, i, col]
                _close(got, getattr(st, name), rtol, f"day {day} {st.code}.{name}")
        for name, col in GLOBAL_FIELDS.items():
            _close(w.glob[0, col], getattr(m, name), rtol, f"day {day} {name}")
        for f, fr in enumerate(m.front_list):
            for name, col in FRONT_FIELDS.items():
                _close(w.front[0, f, col], getattr(fr, name), rtol, f"day {day} {fr.fid}.{name}")
        assert w.glob[0, L.G_ENDED] == float(m.ended), f"day {day}: ended"
        _talks_agree(w, m, day, rtol)
    got = [tuple(r) for r in w.log[0, : w.log_count[0]]]
    want = [tuple(float(x) for x in r) for r in m.event_records]
    assert len(got) == len(want)
    for g, e in zip(got, want, strict=True):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=1e-9)


def _talks_agree(w, m, day: int, rtol: float) -> None:
    """Beliefs, talks and ceasefire: state columns, the draft, demands, counters."""
    for i, st in enumerate(m.state_list):
        for name, col in TALKS_STATE_FIELDS.items():
            _close(w.state[0, i, col], float(getattr(st, name)), rtol, f"day {day} {st.code}.{name}")
        for j, k in enumerate(m.talks.issues):
            _close(w.demand[0, i, j], st.demand[k], rtol, f"day {day} {st.code}.demand.{k}")
            _close(w.red_hi[0, i, j], st.red_hi[k], rtol, f"day {day} {st.code}.red_hi.{k}")
            _close(w.red_lo[0, i, j], st.red_lo[k], rtol, f"day {day} {st.code}.red_lo.{k}")
    for name, col in MODEL_TALKS_FIELDS.items():
        _close(w.glob[0, col], float(getattr(m, name)), rtol, f"day {day} {name}")
    for name, col in TABLE_FIELDS.items():
        _close(w.glob[0, col], float(getattr(m.talks, name)), rtol, f"day {day} talks.{name}")
    for j, k in enumerate(m.talks.issues):
        _close(w.draft[0, j], m.talks.draft[k], rtol, f"day {day} draft.{k}")
    for e, envoy in enumerate(m.talks.envoys):
        for i, st in enumerate(m.state_list):
            _close(w.trust[0, e, i], envoy.trust[st.code], rtol, f"day {day} trust {e} {st.code}")


def _close(a: float, b: float, rtol: float, what: str) -> None:
    assert abs(a - b) <= rtol * max(abs(a), abs(b), 1.0), f"{what}: kernel {a!r} twin {b!r}"
