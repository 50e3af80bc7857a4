"""Beliefs: exponential smoothing of what a belligerent sees, and convergence of
optimism with fighting (closed forms on a frozen front)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import layout as L
from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.scenario import load_scenario
from engine.world import build_world
from tests.talks_synthetic import talks_raw


def frozen(**talks):
    # ratification after the run: the front stays at war, beliefs keep updating
    raw = talks_raw(seed=2, days=60, leak_hazard=0.0, ratify_days=365.0, **talks)
    raw["battle"]["movement"] = False
    for code in ("A0", "D0"):
        raw["states"][code]["bargaining"].update(trend_prior=8.0, trend_sd=4.0, optimism=0.5)
    return load_scenario(raw)


def test_smoothing_decays_the_prior_geometrically():
    """A frozen line shows zero change each day: m_n = m_0 (1 - a)^n and
    v_n = (1 - a)^n (v_0 + a sum ...) reduces to the recursion checked here."""
    s = frozen(belief_rate=0.1, learning=0.02)
    w, _ = build_world(s, [1])
    n = 30
    run_days(w, n)
    a = 0.1
    i = 0
    assert w.state[0, i, L.S_BELIEF_TREND] == pytest.approx(8.0 * (1 - a) ** n, rel=1e-12)
    assert w.state[0, i, L.S_BELIEF_BIAS] == pytest.approx(0.5 * (1 - 0.02) ** n, rel=1e-12)
    m, v = 8.0, 16.0
    for _ in range(n):
        dev = -m
        m += a * dev
        v = (1 - a) * (v + a * dev * dev)
    assert w.state[0, i, L.S_BELIEF_VAR] == pytest.approx(v, rel=1e-12)


def test_optimism_biases_the_believed_trend():
    s = frozen(belief_rate=0.0, learning=0.0)
    w, _ = build_world(s, [1], record_every=1)
    run_days(w, 3)
    # believed trend = m + bias |m| = 8 * 1.5
    assert w.series_state[0, 2, 0, L.SS_BELIEF_TREND] == pytest.approx(12.0)


def test_beliefs_stand_still_under_a_ceasefire():
    s = frozen(belief_rate=0.1, learning=0.02)
    w, _ = build_world(s, [1])
    w.glob[0, L.G_CEASEFIRE] = 1.0
    run_days(w, 10)
    assert w.state[0, 0, L.S_BELIEF_TREND] == 8.0
    assert w.state[0, 0, L.S_BELIEF_BIAS] == 0.5


def test_beliefs_track_the_real_front():
    """On the reference scenario, Russia's smoothed trend follows its observed gains."""
    s = load_scenario("ukraine_2025", {"talks.deadline_days": 0.0})
    w, _ = build_world(s, np.arange(1, 21))
    run_days(w, 120)
    rus = 0
    trend = w.state[:, rus, L.S_BELIEF_TREND]
    assert np.all(trend > 0)  # Russia sees itself gaining
    np.testing.assert_allclose(trend, -w.state[:, 1, L.S_BELIEF_TREND], rtol=1e-12)


def test_twin_beliefs_match():
    s = frozen(belief_rate=0.1, learning=0.02)
    m = ReferenceModel(s, seed=1)
    for _ in range(30):
        m.step()
    st = m.state_list[0]
    assert st.belief_trend == pytest.approx(8.0 * 0.9**30, rel=1e-12)
