"""The calibration library choice (docs/calibration.md, "Calibration across episodes: plan").

A toy model with a known parameter: ceasefire days of N episodes drawn from a constant
daily hazard, right-censored at a window of H days, summarised by two statistics (the
share of episodes ended by day 90, and the mean of log(1 + min(T, H))). Two fitters
must recover the hazard from the summaries alone, as the talks calibration will have to:

* pyabc's ABC-SMC (the library chosen for `warsim calibrate`);
* simulated method of moments with common random numbers and scipy's optimiser (the
  cheaper alternative, which gives a point estimate and no posterior).

``test_abc_smc_recovers_a_known_hazard_quick`` is the small size that runs in CI; the
``slow`` variant runs the size the plan calls for.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize

pyabc = pytest.importorskip("pyabc")

TRUE_LOG10_RATE = -2.0  # a ceasefire hazard of 1% a day (median ~69 days)
N_EPISODES = 200
WINDOW = 1000


def summaries(days: np.ndarray) -> np.ndarray:
    capped = np.minimum(days, WINDOW)
    return np.array([np.mean(capped <= 90), np.mean(np.log1p(capped)) / math.log1p(WINDOW)])


def simulate(log10_rate: float, uniforms: np.ndarray) -> np.ndarray:
    """Inverse-transform draws of exponential days (uniforms fixed: common random numbers)."""
    return -np.log(uniforms) / 10.0 ** log10_rate


OBSERVED = summaries(simulate(TRUE_LOG10_RATE, np.random.default_rng(2026).uniform(size=N_EPISODES)))


def abc_fit(population: int, generations: int, db_path) -> tuple[float, float, float]:
    """Posterior median and 5-95% interval of log10(rate) by ABC-SMC."""
    np.random.seed(7)  # noqa: NPY002 -- pyabc draws its proposals from numpy's global generator
    rng = np.random.default_rng(8)  # the model's own noise

    def model(par):
        u = rng.uniform(size=N_EPISODES)
        s = summaries(simulate(par["log10_rate"], u))
        return {"ended_by_90": s[0], "mean_log_day": s[1]}

    prior = pyabc.Distribution(log10_rate=pyabc.RV("uniform", -4.0, 3.0))
    abc = pyabc.ABCSMC(
        model,
        prior,
        pyabc.PNormDistance(p=2),
        population_size=population,
        sampler=pyabc.sampler.SingleCoreSampler(),
    )
    abc.new(f"sqlite:///{db_path}", {"ended_by_90": OBSERVED[0], "mean_log_day": OBSERVED[1]})
    history = abc.run(max_nr_populations=generations)
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    values = frame["log10_rate"].to_numpy()
    order = np.argsort(values)
    cum = np.cumsum(weights[order]) / weights.sum()
    q = [values[order][np.searchsorted(cum, level)] for level in (0.05, 0.5, 0.95)]
    return q[1], q[0], q[2]


def smm_fit(draws: int = 20) -> float:
    """Simulated method of moments: argmin of the distance with fixed uniforms."""
    u = np.random.default_rng(11).uniform(size=(draws, N_EPISODES))

    def loss(log10_rate):
        sims = np.mean([summaries(simulate(log10_rate, row)) for row in u], axis=0)
        return float(np.sum((sims - OBSERVED) ** 2))

    return optimize.minimize_scalar(loss, bounds=(-4.0, -1.0), method="bounded").x


def test_abc_smc_recovers_a_known_hazard_quick(tmp_path):
    median, low, high = abc_fit(population=100, generations=4, db_path=tmp_path / "abc.db")
    assert low < TRUE_LOG10_RATE < high
    assert abs(median - TRUE_LOG10_RATE) < 0.15
    assert high - low < 1.0  # it learned: the prior's 5-95% width is 2.7


@pytest.mark.slow
def test_abc_smc_recovers_a_known_hazard_full(tmp_path):
    median, low, high = abc_fit(population=500, generations=8, db_path=tmp_path / "abc.db")
    assert low < TRUE_LOG10_RATE < high
    assert abs(median - TRUE_LOG10_RATE) < 0.1
    assert high - low < 0.4


def test_simulated_moments_recover_a_known_hazard():
    assert smm_fit() == pytest.approx(TRUE_LOG10_RATE, abs=0.1)
