"""Battlefield kernels: twin agreement, Lanchester's closed form, properties."""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import layout as L
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world
from scenarios.synthetic import synthetic_raw
from tests.twin import assert_twin_agrees

worlds = st.builds(
    dict,
    n_fronts=st.integers(1, 6),
    n_pairs=st.integers(1, 2),
    seed=st.integers(0, 10_000),
    settlements=st.integers(0, 4),
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(worlds, st.integers(0, 2**40))
def test_kernel_agrees_with_twin(kw, seed):
    s = load_scenario(synthetic_raw(days=60, **kw))
    assert_twin_agrees(s, seed, 60)


def test_kernel_agrees_with_twin_on_reference_scenario():
    from tests.conftest import REFERENCE

    s = load_scenario(REFERENCE)
    assert_twin_agrees(s, 3, 120)


@SETTINGS
@given(worlds, st.integers(0, 2**40))
def test_properties_hold(kw, seed):
    s = load_scenario(synthetic_raw(days=200, **kw))
    w, _ = build_world(s, [seed, seed + 1], record_every=1)
    run_days(w, 200)
    for arr in (w.state, w.front, w.glob, w.series_state, w.series_front):
        assert np.isfinite(arr).all()
    assert (w.front[:, :, L.F_ATTACKER_TROOPS] >= 0).all()
    assert (w.front[:, :, L.F_DEFENDER_TROOPS] >= 0).all()
    assert (w.state[:, :, L.S_RESERVE] >= -1e-6).all()
    depth = w.front[:, :, L.F_DEPTH]
    assert (depth >= 0).all() and (depth <= w.front_param[:, :, L.FP_MAX_DEPTH] + 1e-12).all()
    assert ((w.state[:, :, L.S_MORALE] >= 0) & (w.state[:, :, L.S_MORALE] <= 1)).all()
    # ground is conserved: what one side gains the other loses
    np.testing.assert_allclose(w.state[:, :, L.S_TERRITORY].sum(axis=1), 0.0, atol=1e-6)


def _run_bytes(s, seeds, threads=None, days=150):
    w, _ = build_world(s, seeds, record_every=1)
    if threads:
        numba.set_num_threads(threads)
    try:
        run_days(w, days)
    finally:
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    return w


def test_same_seed_same_bytes_across_threads_and_company():
    s = load_scenario(synthetic_raw(n_fronts=5, n_pairs=2, seed=4))
    seeds = list(range(100, 108))
    one = _run_bytes(s, seeds, threads=1)
    two = _run_bytes(s, seeds, threads=2)
    alone = _run_bytes(s, [seeds[5]])
    for name in ("state", "front", "glob", "log", "series_state", "series_front"):
        a, b = getattr(one, name), getattr(two, name)
        assert a.tobytes() == b.tobytes(), name
        assert getattr(alone, name)[0].tobytes() == a[5].tobytes(), name


def _duel(mu, days=365, a0=100_000.0, d0=80_000.0, k=0.002, phi=1.3):
    raw = synthetic_raw(n_fronts=1, settlements=0, movement=False, days=days)
    raw["battle"].update(mu=mu, attrition=k, loss_noise=0.0, advance_noise=0.0,
                         fire_elasticity=0.0, morale_effect=0.0)
    for code in ("A0", "D0"):
        raw["states"][code].update(recruits_per_day=0.0, fire_rate=0.0, fire_production=0.0,
                                   morale_sensitivity=0.0, collapse_morale=0.0, alloc_rate=0.0)
    raw["fronts"]["s0"].update(attacker_troops=a0, defender_troops=d0, fortification=phi,
                               intensity=1.0)
    raw["states"]["A0"]["troops"] = a0
    raw["states"]["D0"]["troops"] = d0
    s = load_scenario(raw)
    w, _ = build_world(s, [1], record_every=1)
    run_days(w, days)
    return w


def test_square_law_matches_closed_form():
    """mu=1, no noise, no movement: dA/dt = -k*phi*D, dD/dt = -(k/phi)*A."""
    a0, d0, k, phi, days = 100_000.0, 80_000.0, 0.002, 1.3, 365
    w = _duel(1.0, days, a0, d0, k, phi)
    ka, kd = k / phi, k * phi  # attacker's kill rate on D, defender's on A
    g = math.sqrt(ka * kd)
    t = np.arange(1, days + 1)
    a_exact = a0 * np.cosh(g * t) - math.sqrt(kd / ka) * d0 * np.sinh(g * t)
    d_exact = d0 * np.cosh(g * t) - math.sqrt(ka / kd) * a0 * np.sinh(g * t)
    alive = (a_exact > 0) & (d_exact > 0)
    a_sim = w.series_state[0, :, 0, L.SS_TROOPS][alive]
    d_sim = w.series_state[0, :, 1, L.SS_TROOPS][alive]
    # daily (Euler) steps against the continuous solution: agreement to O(k*phi)
    np.testing.assert_allclose(a_sim, a_exact[alive], rtol=5e-3)
    np.testing.assert_allclose(d_sim, d_exact[alive], rtol=5e-3)
    # and Lanchester's invariant ka*A^2 - kd*D^2 drifts by (1 - ka*kd) per day only
    inv = ka * a_sim**2 - kd * d_sim**2
    inv0 = ka * a0**2 - kd * d0**2
    np.testing.assert_allclose(inv, inv0 * (1 - ka * kd) ** t[alive], rtol=1e-9)


def test_linear_law_losses_are_constant_ratio():
    """mu=0: each side's loss is proportional to its own strength."""
    w = _duel(0.0, days=50)
    a = w.series_state[0, :, 0, L.SS_TROOPS]
    d = w.series_state[0, :, 1, L.SS_TROOPS]
    np.testing.assert_allclose(a[1:] / a[:-1], 1 - 0.002 * 1.3, rtol=1e-12)
    np.testing.assert_allclose(d[1:] / d[:-1], 1 - 0.002 / 1.3, rtol=1e-12)


def test_advance_rises_with_ratio_and_fortification_slows_it():
    base = synthetic_raw(n_fronts=1, settlements=0, days=120)
    base["battle"].update(advance_noise=0.0, loss_noise=0.0, breakthrough_hazard=0.0)

    def depth(att, phi):
        raw = {**base, "fronts": {"s0": {**base["fronts"]["s0"], "attacker_troops": att,
                                         "defender_troops": 30_000.0, "fortification": phi}}}
        w, _ = build_world(load_scenario(raw), [1])
        run_days(w, 120)
        return w.front[0, 0, L.F_DEPTH]

    assert depth(90_000.0, 1.0) > depth(45_000.0, 1.0) >= 0
    assert depth(90_000.0, 1.0) > depth(90_000.0, 2.5)


@pytest.mark.parametrize("threads", ["1", "2"])
def test_cli_json_is_identical_across_numba_threads(threads):
    from tests.conftest import run_cli

    out = run_cli("run", "ukraine_2025", "--seed", "1", "--json", env={"NUMBA_NUM_THREADS": threads})
    assert out.returncode == 0, out.stderr
    ref = run_cli("run", "ukraine_2025", "--seed", "1", "--json")
    assert out.stdout == ref.stdout
