"""Plain agents and tables of the reference talks: envoys, the talks table, and the
bargaining attributes each RefState gets (twin of the World's talks block)."""

from __future__ import annotations

import mesa

from engine import layout as L
from engine.mechanisms.talks.build import travel_days


class RefEnvoy(mesa.Agent):
    """An envoy: shuttles between capitals, carries its principal's counter-demands."""

    def __init__(self, model, index: int, spec, principal, home):
        super().__init__(model)
        self.index = index
        self.name = spec.name
        self.principal = principal
        self.location = home
        self.dest = home
        self.ready_day = 0.0
        self.travelling = False
        self.meetings = 0
        self.skill = spec.skill
        self.mandate = spec.mandate
        self.trust = {st.code: spec.trust for st in model.state_list}


class TalksTable:
    """Where the talks stand: the draft, the counters, the mediator's clock."""

    def __init__(self, model):
        s = model.scenario
        t = s.talks
        self.spec = t
        self.issues = list(s.issues)
        self.on = t.enabled and bool(s.issues) and t.model == "redlines"
        self.alternating = t.protocol == "alternating"
        self.draft = {k: s.issues[k].start for k in self.issues}
        self.no_deal = {k: s.issues[k].no_deal for k in self.issues}
        self.terms = None
        self.territory_issue = next((k for k in self.issues if s.issues[k].role == "territory"), None)
        self.role_issue = {
            role: next((k for k in self.issues if s.issues[k].role == role), None)
            for role in ("guarantees", "peacekeepers", "sanctions_relief")
        }
        self.strong_low = {k: s.issues[k].strong == "low" for k in self.issues}
        by_code = {st.code: st for st in model.state_list}
        belligerents = [st for st in model.state_list if st.is_belligerent]
        self.side_a = belligerents[0] if belligerents else None
        self.side_b = belligerents[1] if len(belligerents) > 1 else None
        mediators = [st for st in model.state_list if st.role == "mediator"]
        self.mediator = by_code[t.mediator] if t.mediator else (mediators[0] if mediators else None)
        terr = t.territory
        self.holder = by_code[terr.holder] if terr is not None else None
        self.area0 = terr.area0_km2 if terr is not None else 0.0
        self.knots_area = list(terr.area_km2) if terr is not None else []
        self.knots_value = list(terr.value) if terr is not None else []
        self.status = L.TALKS_ACTIVE if self.on else L.TALKS_OFF
        self.version = 0
        self.rounds = 0
        self.meetings = 0
        self.leaks = 0
        self.deadlines_missed = 0
        self.deadline_day = t.deadline_days if t.deadline_days > 0.0 else -1.0
        self.pressure_level = 1.0
        self.suspend_until = -1.0
        self.gap = 0.0
        self.best_gap = 0.0
        self.best_gap_day = 0.0
        self.gap0 = -1.0
        self.sign_day = -1.0
        self.ratify_day = -1.0
        self.freeze_point = 0.0
        self.violations = 0
        self.relapses = 0
        self.breakdowns = 0
        self.obstacle = None
        self.pressure_kind = -1
        self.signings = 0
        self.ratify_fails = 0
        self.leak_today = False
        self.summit_host = None
        self.envoys = [
            RefEnvoy(model, e, spec, by_code[spec.principal], by_code[spec.home])
            for e, spec in enumerate(s.envoys.values())
        ]
        self.travel = {
            (a.code, b.code): travel_days(s, a.code, b.code)
            for a in model.state_list
            for b in model.state_list
        }


def setup(model) -> None:
    """Give every state its bargaining attributes and the model its talks table."""
    s = model.scenario
    issues = list(s.issues)
    by_code = {st.code: st for st in model.state_list}
    for st in model.state_list:
        b = st.spec.bargaining
        if not hasattr(st, "resolve"):
            st.resolve = st.spec.resolve
        st.ideal = {k: b.ideal.get(k, s.issues[k].start) for k in issues}
        raw = {k: b.salience.get(k, 0.0) for k in issues}
        total = 0.0
        for k in issues:
            total += raw[k]
        st.salience = {k: (raw[k] / total if total > 0.0 else raw[k]) for k in issues}
        st.red_lo0 = {k: (b.red_lines[k][0] if k in b.red_lines else 0.0) for k in issues}
        st.red_hi0 = {k: (b.red_lines[k][1] if k in b.red_lines else 1.0) for k in issues}
        st.red_lo = dict(st.red_lo0)
        st.red_hi = dict(st.red_hi0)
        st.demand = dict(st.ideal)
        st.discount = b.discount
        st.risk = b.risk
        st.optimism = b.optimism
        st.red_relative = b.territory_offset is not None
        st.red_offset = b.territory_offset or 0.0
        st.ratify_fail = b.ratify_fail
        st.belief_trend = b.trend_prior
        st.belief_var = b.trend_sd**2
        st.belief_bias = b.optimism
        st.last_territory = 0.0
        st.loss_rate = 0.0
        st.batna = 0.0
        st.batna_trend = 0.0
        st.batna0 = 0.0
        st.draft_utility = 0.0
        st.ripe = False
        st.gap = 0.0
        st.red_give = 0.0
        st.leverage = 0.0
        st.pressure_felt = 0.0
        st.resentment = 0.0
        st.backs = by_code[st.spec.backs] if st.spec.backs else None
    for st in model.state_list:
        st.patrons = [p for p in model.state_list if p.backs is st]
    model.talks = TalksTable(model)
