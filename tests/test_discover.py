"""Scenario discovery (engine.analysis.discover): PRIM finds the box a batch was built to have."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from engine.analysis.discover import DiscoveryError, discover, format_report, outcome_vector


def boxed_runs(n: int = 1200, seed: int = 3, noise: float = 0.03) -> pl.DataFrame:
    """Runs where a ceasefire holds exactly when a > 0.6 and b < 0.4 (plus ``noise`` flips); c is inert."""
    rng = np.random.default_rng(seed)
    a, b, c = rng.uniform(0, 1, n), rng.uniform(0, 1, n), rng.uniform(0, 1, n)
    hit = (a > 0.6) & (b < 0.4)
    hit ^= rng.uniform(size=n) < noise
    day = np.where(hit, rng.integers(20, 200, n), -1)
    return pl.DataFrame(
        {
            "run_id": np.arange(n),
            "point_id": np.arange(n),
            "seed": np.arange(n) + 1,
            "levers.a": a,
            "levers.b": b,
            "levers.c": c,
            "outcome": np.where(hit, "ceasefire_holding", "no_deal"),
            "ceasefire_day": day.astype(np.int32),
            "days_run": np.full(n, 365, dtype=np.int32),
        }
    )


def test_prim_recovers_the_box():
    d = discover(boxed_runs(), ["levers.a", "levers.b", "levers.c"], outcome="ceasefire_holding")
    assert d.box is not None
    lims = {lim["parameter"]: lim for lim in d.box.limits}
    assert set(lims) == {"levers.a", "levers.b"}  # the inert lever is not restricted
    assert lims["levers.a"]["low"] == pytest.approx(0.6, abs=0.05) and lims["levers.a"]["high"] > 0.99
    assert lims["levers.b"]["high"] == pytest.approx(0.4, abs=0.05) and lims["levers.b"]["low"] < 0.01
    assert d.box.density >= 0.8 and d.box.coverage >= 0.8
    assert d.base_rate == pytest.approx(d.n_hits / d.n_runs) and 0.1 < d.base_rate < 0.35
    top = max(d.scores, key=lambda s: s["score"])["parameter"]
    assert top in {"levers.a", "levers.b"}
    assert d.cart and d.cart[0].density > 0.8
    text = format_report(d)
    assert "coverage" in text and "density" in text and "levers.a" in text


def test_outcome_forms_and_bad_input():
    runs = boxed_runs(200)
    assert outcome_vector(runs, "ceasefire").sum() == (runs["ceasefire_day"] >= 0).sum()
    by50 = outcome_vector(runs, "ceasefire_by=50")
    assert by50.sum() == ((runs["ceasefire_day"] >= 0) & (runs["ceasefire_day"] <= 50)).sum()
    with pytest.raises(DiscoveryError, match="not an outcome"):
        outcome_vector(runs, "victory")
    with pytest.raises(DiscoveryError, match="whole number"):
        outcome_vector(runs, "ceasefire_by=soon")
    with pytest.raises(DiscoveryError, match="varies no parameter"):
        discover(runs, [])
    with pytest.raises(DiscoveryError, match="threshold"):
        discover(runs, ["levers.a"], threshold=1.5)


def test_nothing_to_discover_when_every_run_agrees():
    runs = boxed_runs(100).with_columns(pl.lit("no_deal").alias("outcome"))
    d = discover(runs, ["levers.a", "levers.b"], outcome="no_deal")
    assert d.box is None and d.n_hits == d.n_runs
    assert "nothing to discover" in format_report(d)


def test_warsim_discover_on_a_real_batch(tmp_path):
    """`warsim discover` reads a `warsim batch` folder: text and JSON, and one-line errors (exit 2)."""
    import json

    from tests.conftest import run_cli

    out = tmp_path / "b"
    r = run_cli(
        "batch",
        "ukraine_2025",
        "--reps",
        "4",
        "--days",
        "40",
        "--seed",
        "1",
        "--vary",
        "levers.russian_resolve=0.2:0.9:3",
        "--out",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    r = run_cli("discover", str(out), "--outcome", "no_deal", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["parameters"] == ["levers.russian_resolve"] and d["n_runs"] == 12
    assert d["outcome"] == "no_deal" and 0 <= d["n_hits"] <= 12
    r = run_cli("discover", str(out), "--outcome", "ceasefire")
    assert r.returncode == 0 and "outcome: ceasefire:" in r.stdout
    r = run_cli("discover", str(out), "--outcome", "victory")
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "--outcome" in r.stderr
    assert "Traceback" not in r.stderr
    r = run_cli("discover", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "no such folder" in r.stderr
