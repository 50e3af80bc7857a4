"""The fit of the bargaining talks (issue 14): tied coefficients, fixed settings, --loo reweight.

One quick fit in-process (three short wars, their first 120 days, 10 particles,
2 generations, 2 seeds) with ``scenarios/episodes/priors_bargaining.toml``.
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from engine.analysis import calibrate as C
from engine.analysis import posterior as P
from engine.analysis.priors import load_priors

pytest.importorskip("pyabc")
PRIORS = C.REPO / "scenarios" / "episodes" / "priors_bargaining.toml"


@pytest.fixture(scope="module")
def fit(tmp_path_factory):
    out = tmp_path_factory.mktemp("fit") / "cal"
    q = C.QUICK
    cfg = C.CalibrationConfig(
        out=str(out), episodes=q["episodes"], priors=str(PRIORS), population=q["population"],
        generations=q["generations"], seeds=q["seeds"], days=q["days"], draws=q["draws"],
        quick=True, loo="reweight",
    )
    C.run_calibration(cfg)
    return out, cfg


def test_tied_paths_and_fixed_settings_reach_every_run():
    priors = load_priors(PRIORS)
    ov = priors.overrides({c.path: 0.5 * (c.low + c.high) for c in priors.coefficients})
    assert ov["talks.model"] == "bargaining"
    assert ov["talks.bargaining.sides.A.optimism"] == ov["talks.bargaining.sides.B.optimism"] == 1.5
    assert ov["talks.bargaining.sides.B.cost.centre"] == ov["talks.bargaining.sides.A.cost.centre"]
    assert len(ov) == 1 + len(priors.all_paths)


def test_reweight_runs_one_fit_and_rethresholds_it(fit):
    out, cfg = fit
    assert sorted(p.name for p in (out / "abc").glob("*.db")) == ["all.db"]
    state = json.loads((out / "calibration.json").read_text())
    assert state["complete"] and state["identity"]["loo"] == "reweight"
    loo = pl.read_parquet(out / "loo_posteriors.parquet")
    assert sorted(set(loo["left_out"])) == sorted(cfg.episodes)
    episodes = C.select_episodes(cfg.episodes, cfg.days)
    import pyabc

    h = pyabc.History(f"sqlite:///{out / 'abc' / 'all.db'}")
    h.id = 1
    pop = h.get_population(t=int(h.max_t))
    for e in episodes:
        rest = [x for x in episodes if x is not e]
        dist = C.EpisodeDistance(tuple(x.name for x in rest), tuple(x.horizon for x in rest))
        d = np.array([dist(p.sum_stat, C.observed_summaries(rest)) for p in pop.particles])
        sub = loo.filter(pl.col("left_out") == e.name)
        eps = sub["epsilon"][0]
        expect = d <= eps if (d <= eps).any() else np.ones_like(d, dtype=bool)
        assert sub["kept"].to_list() == expect.tolist(), e.name
        assert (sub.filter(~pl.col("kept"))["weight"] == 0.0).all()
    assert "re-thresholding the full fit" in (out / "scores.md").read_text()


def test_the_summary_gives_tied_paths_the_same_value(fit):
    out, _ = fit
    s = P.load_summary(out / "posterior.toml")
    a, b = (s.coefficients[f"talks.bargaining.sides.{x}.optimism"] for x in "AB")
    assert a == b
    assert s.meta.talks_model.startswith("bargaining")


def test_resume_may_extend_or_cut_the_generations(fit, tmp_path):
    import dataclasses
    import shutil

    out, cfg = fit
    base = pl.read_parquet(out / "posterior.parquet")
    for g in (1, 3):
        copy = tmp_path / f"g{g}"
        shutil.copytree(out, copy)
        C.run_calibration(dataclasses.replace(cfg, out=str(copy), generations=g, resume=True))
        post = pl.read_parquet(copy / "posterior.parquet")
        assert post["generation"].max() == g - 1
        first = min(g, cfg.generations)
        assert post.filter(pl.col("generation") < first).equals(base.filter(pl.col("generation") < first))
        assert json.loads((copy / "calibration.json").read_text())["identity"]["generations"] == g
