"""Domestic politics: war support, recruitment, elections; twin agreement and closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from engine import layout as L
from engine.mechanisms.politics.build import politics_only as politics_day
from engine.scenario import load_scenario
from engine.world import build_world
from tests.economy_worlds import economy_raw


def _world(casualties_per_day: float, days: int = 200, rally: float = 0.0, seeds: int = 3):
    raw = economy_raw(11, days=days)
    for stt in raw["states"].values():
        if "politics" in stt:
            stt["politics"].update(rally_hazard=rally, collapse_support=0.0, elections=[],
                                   elections_after_ceasefire_days=0.0)
    s = load_scenario(raw)
    w, st_ = build_world(s, np.arange(seeds), days=days)
    for day in range(days):
        w.state[:, :, L.S_CASUALTIES_TODAY] = casualties_per_day
        for r in range(seeds):
            politics_day(w, r, day)
    return w, st_


def test_support_erodes_with_casualties():
    few, st_ = _world(100.0)
    many, _ = _world(2000.0)
    a = st_.states.index("A0")
    assert (many.state[:, a, L.S_WAR_SUPPORT] < few.state[:, a, L.S_WAR_SUPPORT]).all()
    assert (many.state[:, a, L.S_RECRUIT_MULT] <= few.state[:, a, L.S_RECRUIT_MULT]).all()


def test_support_settles_at_its_closed_form_equilibrium():
    """Without rallies or pain, support tends to ``s0 - c_cas * (casualties / pop) / recovery``."""
    w, st_ = _world(500.0, days=3000)
    for i, code in enumerate(st_.states):
        p = w.econ_param[0, i]
        if p[L.EP_POLITICS] == 0.0 or p[L.EP_SUPPORT_RECOVERY] < 0.003:
            continue
        s0 = w.state_param[0, i, L.SP_WAR_SUPPORT]
        pop = w.state_param[0, i, L.SP_POPULATION]
        want = s0 - p[L.EP_CASUALTY_SENSITIVITY] * 500.0 / pop / p[L.EP_SUPPORT_RECOVERY]
        if 0.0 < want < 1.0:
            assert w.state[0, i, L.S_WAR_SUPPORT] == pytest.approx(want, abs=1e-6), code


def test_rallies_lift_support():
    calm, st_ = _world(1000.0, rally=0.0)
    rallies, _ = _world(1000.0, rally=0.2)
    a = st_.states.index("A0")
    assert (rallies.state[:, a, L.S_WAR_SUPPORT] > calm.state[:, a, L.S_WAR_SUPPORT]).all()


def test_elections_replace_leadership_more_often_when_support_is_low():
    def replaced(support: float) -> int:
        raw = economy_raw(2, days=30)
        start = raw["scenario"]["start"]
        raw["states"]["A0"]["politics"].update(elections=[str(start)], replace_midpoint=0.5,
                                               replace_scale=0.1, resolve_shift=-0.2,
                                               collapse_support=0.0)
        raw["states"]["A0"]["war_support"] = support
        s = load_scenario(raw)
        w, st_ = build_world(s, np.arange(200), days=30)
        a = st_.states.index("A0")
        resolve0 = w.state_param[:, a, L.SP_RESOLVE].copy()
        for r in range(200):
            politics_day(w, r, 0)
        changed = w.state[:, a, L.S_LEADER_CHANGED_DAY] == 0
        assert (w.state_param[changed, a, L.SP_RESOLVE] <= resolve0[changed]).all()
        return int(changed.sum())

    assert replaced(0.2) > replaced(0.8) + 50


def test_support_collapse_ends_the_run():
    raw = economy_raw(3, days=30)
    raw["states"]["A0"]["politics"].update(collapse_support=0.99)
    w, st_ = build_world(load_scenario(raw), [1], days=30)
    politics_day(w, 0, 0)
    assert w.glob[0, L.G_ENDED] == 1.0
    assert w.glob[0, L.G_OUTCOME] == L.OUTCOME_COLLAPSE
    assert int(w.glob[0, L.G_COLLAPSED_STATE]) == st_.states.index("A0")


def test_reference_war_support_erodes():
    from engine.core.simulate import run_days
    from tests.conftest import REFERENCE

    s = load_scenario(REFERENCE)
    w, st_ = build_world(s, np.arange(1, 11), days=365)
    run_days(w, 365)
    ukr = st_.states.index("UKR")
    assert np.median(w.state[:, ukr, L.S_WAR_SUPPORT]) < s.states["UKR"].war_support
