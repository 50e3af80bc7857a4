"""Talks kernels: agreement with the plain twin, properties, the reference scenario."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import layout as L
from engine.core.simulate import run_days
from engine.scenario import ScenarioError, load_scenario
from engine.world import build_world
from tests.talks_synthetic import talks_raw
from tests.twin import assert_twin_agrees

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
worlds = st.builds(
    dict,
    seed=st.integers(0, 10_000),
    n_issues=st.integers(1, 6),
    mediator=st.booleans(),
    patron=st.booleans(),
)


@SETTINGS
@given(worlds, st.integers(0, 2**40))
def test_kernel_agrees_with_twin(kw, seed):
    s = load_scenario(talks_raw(days=150, **kw))
    assert_twin_agrees(s, seed, 150)


@pytest.mark.parametrize("seed", [1, 4])
def test_kernel_agrees_with_twin_on_reference_scenario(seed):
    from tests.conftest import REFERENCE

    assert_twin_agrees(load_scenario(REFERENCE), seed, 365)


@SETTINGS
@given(worlds, st.integers(0, 2**40))
def test_properties_hold(kw, seed):
    s = load_scenario(talks_raw(days=200, **kw))
    w, _ = build_world(s, [seed, seed + 1, seed + 2], record_every=1)
    run_days(w, 200)
    for arr in (w.state, w.glob, w.draft, w.demand, w.trust, w.series_state, w.series_global):
        assert np.isfinite(arr).all()
    assert ((w.draft >= 0.0) & (w.draft <= 1.0)).all()
    assert ((w.trust >= 0.0) & (w.trust <= 1.0)).all()
    assert ((w.glob[:, L.G_TALKS_PROGRESS] >= 0.0) & (w.glob[:, L.G_TALKS_PROGRESS] <= 1.0)).all()
    for r in range(3):
        signed = w.glob[r, L.G_SIGNINGS] > 0
        assert signed == np.isfinite(w.terms[r]).all()
        if not signed:
            assert w.glob[r, L.G_CEASEFIRE] == 0.0
            continue
        assert ((w.terms[r] >= 0.0) & (w.terms[r] <= 1.0)).all()


@SETTINGS
@given(worlds, st.integers(0, 2**40))
def test_no_deal_is_signed_across_a_red_line(kw, seed):
    """At every signing, the draft is inside every belligerent's red lines of that day."""
    s = load_scenario(talks_raw(days=120, **kw))
    w, _ = build_world(s, [seed])
    for _ in range(120):
        before = w.glob[0, L.G_SIGNINGS]
        run_days(w, 1, parallel=False)
        if w.glob[0, L.G_SIGNINGS] > before:
            for i in np.flatnonzero(w.role == L.ROLE_BELLIGERENT):
                assert (w.terms[0] >= w.red_lo[0, i] - 1e-12).all()
                assert (w.terms[0] <= w.red_hi[0, i] + 1e-12).all()


def test_same_seed_same_talks():
    s = load_scenario(talks_raw(seed=3, days=200))
    runs = []
    for _ in range(2):
        w, _ = build_world(s, [11, 12])
        run_days(w, 200)
        runs.append((w.glob.copy(), w.draft.copy(), w.log.copy()))
    for a, b in zip(runs[0], runs[1], strict=True):
        np.testing.assert_array_equal(a, b)


def test_reference_run_has_talks_outputs():
    from engine.results import event_log, summary
    from tests.conftest import REFERENCE

    s = load_scenario(REFERENCE, {"talks.model": "redlines"})  # the red-line talks' outputs
    w, st_ = build_world(s, list(range(1, 61)))
    run_days(w, 365)
    outcomes = set()
    terms = set()
    for r in range(60):
        out = summary(w, st_, r)
        outcomes.add(out["outcome"])
        talks = out["talks"]
        assert talks["meetings"] > 0 and talks["draft_versions"] > 0
        if out["terms"] is not None:
            assert set(out["terms"]) == set(s.issues)
            terms.add(tuple(out["terms"].values()))
            kinds = [e["kind"] for e in event_log(w, st_, r)]
            assert "signed" in kinds
        if out["outcome"] in ("ceasefire_holding", "ceasefire_collapsed"):
            assert out["ceasefire_day"] is not None
    assert {"no_deal", "ceasefire_holding"} <= outcomes
    assert (w.log_count <= w.log.shape[1]).all()  # the whole history fits in the log
    assert len(terms) > 1  # signed terms vary between runs


def test_talks_off_leaves_the_war_alone():
    s = load_scenario("ukraine_2025", {"talks.enabled": False})
    w, _ = build_world(s, [1])
    run_days(w, 100)
    assert w.glob[0, L.G_TALKS_STATUS] == L.TALKS_OFF
    assert w.glob[0, L.G_CEASEFIRE] == 0.0 and w.glob[0, L.G_MEETINGS] == 0.0


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("states.A0.bargaining.ideal.nope", 0.5, "unknown issue"),
        ("states.A0.bargaining.red_lines.i1", [0.8, 0.2], "lo <= hi"),
        ("talks.mediator", "A0", "not a mediator"),
        ("talks.territory.value", [0.0, 0.5, 0.4], "as many knots"),
        ("talks.us_pressure", 2.0, "less than or equal to 1"),
    ],
)
def test_bad_talks_input_is_reported(path, value, problem):
    raw = talks_raw(seed=1)
    with pytest.raises(ScenarioError) as err:
        load_scenario(raw, {path: value})
    assert any(problem in msg for _, msg in err.value.problems), err.value.problems
