"""Scores and base rates for the ceasefire day (engine/analysis/scoring.py), against hand values."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats

from engine.analysis import scoring as S
from engine.analysis.episodes import Episode, Outcome, library


def outcome(ceasefire_day: int | None, window: int = 1000) -> Outcome:
    start = dt.date(2000, 1, 1)
    cf = None if ceasefire_day is None else start + dt.timedelta(days=ceasefire_day)
    return Outcome.model_validate({
        "start": start,
        "window_days": window,
        "talks_opened": {"date": start, "source": "test"},
        "ceasefire": {"date": cf, "source": "test"},
        "ended": {"how": "ongoing" if cf is None else "negotiated", "source": "test"},
        "resumed": {"source": "test"},
        "casualties_per_day": {"value": 1.0, "source": "test"},
        "ground_changed_km2": {"value": 0.0, "source": "test"},
    })


def episode(name: str, ceasefire_day: int | None, window: int = 1000) -> Episode:
    return Episode(name, Path(f"/nonexistent/{name}.toml"), outcome(ceasefire_day, window))


def constant(p: float, horizon: int = 1000) -> S.Predictive:
    return S.Predictive.from_cdf(lambda t: np.full(np.shape(t), p), horizon)


# ---------------------------------------------------------------- Brier and log score
@pytest.mark.parametrize("p, day, brier, log", [
    (0.7, 20, (1 - 0.7) ** 2, -math.log(0.7)),   # ceasefire by day 30: outcome 1
    (0.7, 45, 0.7 ** 2, -math.log(0.3)),         # not by day 30: outcome 0
    (0.2, 20, 0.8 ** 2, -math.log(0.2)),
])
def test_brier_and_log_score_of_p_on_the_outcome(p, day, brier, log):
    s = S.binary_scores(constant(p), outcome(day), days=(30,))
    assert s["p_by_30"] == pytest.approx(p)
    assert s["brier_30"] == pytest.approx(brier)
    assert s["log_30"] == pytest.approx(log)


def test_binary_outcome_is_unknown_past_a_censored_window():
    o = outcome(None, window=100)
    assert S.outcome_by(o, 99) == 0 and S.outcome_by(o, 100) is None
    s = S.binary_scores(constant(0.4, 100), o, days=(30, 365))
    assert s["brier_30"] == pytest.approx(0.16) and s["brier_365"] is None


def test_sample_probabilities_are_floored_at_half_a_member():
    pred = S.Predictive.from_samples([np.inf] * 4, 1000)
    assert pred.prob_by(30) == pytest.approx(1 / 8)


# ---------------------------------------------------------------- CRPS
@pytest.mark.parametrize("point, day, window, expected", [
    (50.0, 80, 1000, 30.0),        # point mass: CRPS = absolute error
    (200.0, 80, 1000, 120.0),
    (np.inf, None, 100, 0.0),      # "never" against a censored window: both read as H
    (30.0, None, 100, 70.0),       # point at 30, censored at H = 100: |30 - 100|
    (np.inf, 40, 100, 60.0),       # "never" read as H = 100 against day 40
])
def test_crps_of_a_point_mass_is_the_absolute_error(point, day, window, expected):
    pred = S.Predictive.from_samples([point], window)
    assert S.crps_day(pred, outcome(day, window)) == pytest.approx(expected)


def test_crps_of_an_exponential_matches_its_closed_form():
    # CRPS(Exp(rate), y) = y + 2/rate * exp(-rate y) - 3/(2 rate); rate 0.01, y 50:
    # 50 + 200 e^-0.5 - 150 = 21.3061
    rate, y = 0.01, 50
    # a window of 3,650 days caps away exp(-73) of the mass: the cap is invisible here
    pred = S.Predictive.from_cdf(lambda t: -np.expm1(-rate * np.asarray(t, float)), 3650)
    hand = y + 2 / rate * math.exp(-rate * y) - 3 / (2 * rate)
    assert hand == pytest.approx(21.3061, abs=1e-4)
    assert S.crps_day(pred, outcome(y, 3650)) == pytest.approx(hand, rel=2e-3)


def naive_capped_crps(cdf, y: float, horizon: float) -> float:
    """The integral of (F(t) - 1{y <= t})^2 over [0, H): CRPS of min(T, H)."""
    below = integrate.quad(lambda t: cdf(t) ** 2, 0, y, limit=200)[0] if y > 0 else 0.0
    above = integrate.quad(lambda t: (1 - cdf(t)) ** 2, y, horizon, limit=200)[0] if y < horizon else 0.0
    return below + above


@pytest.mark.parametrize("day", [5, 200, 700, None])
def test_capped_crps_of_a_cdf_matches_the_integral(day):
    dist = stats.lognorm(2.0, scale=150.0)
    window = 1000
    pred = S.Predictive.from_cdf(dist.cdf, window)
    y = float(day if day is not None else window)
    assert S.crps_day(pred, outcome(day, window)) == pytest.approx(
        naive_capped_crps(dist.cdf, y, window), rel=5e-3)


def test_crps_prefers_the_forecast_near_the_outcome():
    near = S.Predictive.from_samples(np.full(10, 95.0), 1000)
    far = S.Predictive.from_samples(np.full(10, 400.0), 1000)
    o = outcome(100)
    assert S.crps_day(near, o) < S.crps_day(far, o)


# ---------------------------------------------------------------- base rates
def test_constant_hazard_is_events_over_days_at_risk():
    train = [episode("a", 10), episode("b", 20), episode("c", None, window=30)]
    rate = S.constant_hazard_rate([e.outcome for e in train])
    assert rate == pytest.approx(2 / 60)
    d, e = S.durations([x.outcome for x in train])
    _, scale = stats.expon.fit(stats.CensoredData(uncensored=d[e], right=d[~e]), floc=0)
    assert 1 / scale == pytest.approx(rate, rel=1e-4)
    pred = S.fit_constant_hazard(train)(S.Target.of(train[0]))
    assert pred.prob_by(30) == pytest.approx(1 - math.exp(-30 * 2 / 60))


def test_constant_hazard_without_events_adds_half_an_event():
    train = [episode("a", None, window=100), episode("b", None, window=300)]
    assert S.constant_hazard_rate([e.outcome for e in train]) == pytest.approx(0.5 / 400)


def test_kaplan_meier_base_rate_is_scipys_estimate_with_a_tail():
    train = [episode("a", 10), episode("b", 20), episode("c", None, 30), episode("d", 40, 100)]
    pred = S.fit_kaplan_meier(train)(S.Target.of(train[0]))
    # KM by hand: S(10) = 3/4, S(20) = 3/4 * 2/3 = 1/2, S(40) = 0 (one at risk, one event)
    rate = 3 / (10 + 20 + 30 + 40)
    for t, km in [(5, 0.0), (15, 0.25), (25, 0.5), (45, 1.0)]:
        want = 0.9 * km + 0.1 * (1 - math.exp(-rate * t))
        assert pred.prob_by(t) == pytest.approx(want)
    assert 0 < pred.prob_by(1000) < 1


def test_lognormal_base_rate_recovers_its_parameters():
    rng = np.random.default_rng(3)
    days = np.minimum(rng.lognormal(mean=math.log(100), sigma=1.0, size=400).round() + 1, 3649)
    train = [episode(f"e{j}", int(d), 3650) for j, d in enumerate(days)]
    pred = S.fit_lognormal(train)(S.Target.of(train[0]))
    assert pred.prob_by(100) == pytest.approx(0.5, abs=0.06)


# ---------------------------------------------------------------- leave one out
def test_leave_one_out_never_trains_on_the_episode_it_predicts():
    eps = [episode("a", 10), episode("b", 20), episode("c", None, 30)]
    seen = []

    def fit(train):
        names = {e.name for e in train}

        def predict(target):
            assert target.name not in names
            assert not hasattr(target, "outcome")
            seen.append((target.name, names))
            return S.Predictive.from_samples([15.0] * 4, target.window_days)

        return predict

    table = S.leave_one_out(eps, fit, days=(15,))
    assert [n for n, _ in seen] == ["a", "b", "c"]
    assert table["crps"].to_list() == pytest.approx([5.0, 5.0, 15.0])
    # P(by day 15) = 1 from four members, floored to 1 - 1/8: Brier (1/8)^2, (7/8)^2, (7/8)^2
    assert table["brier_15"].to_list() == pytest.approx([1 / 64, 49 / 64, 49 / 64])


def test_predictive_rejects_bad_input():
    with pytest.raises(ValueError, match="exactly one"):
        S.Predictive(horizon=10)
    with pytest.raises(ValueError, match="days >= 0"):
        S.Predictive.from_samples([-1.0], 10)
    with pytest.raises(ValueError, match="horizon"):
        S.Predictive.from_samples([1.0], 0)


def test_base_rates_on_the_library_are_finite_and_repeatable():
    lib = library()
    for name, fit in S.BASE_RATES.items():
        a = S.leave_one_out(lib, fit)
        b = S.leave_one_out(lib, fit)
        assert a.equals(b), name
        s = S.summary(a)
        assert all(math.isfinite(v) and v > 0 for v in s.values()), (name, s)
        assert a["p_by_historical_day"].drop_nulls().is_between(0, 1).all()


def test_the_engine_plugs_in_as_a_predictor():
    lib = {e.name: e for e in library()}
    georgia = lib["russia_georgia_2008"]
    pred = S.engine_predictor(seeds=(1, 2, 3))(S.Target.of(georgia))
    assert pred.samples.shape == (3,) and pred.horizon == 3650
    row = S.score_episode(pred, georgia)
    assert math.isfinite(row["crps"]) and row["crps"] >= 0
