"""`warsim sensitivity`: progress bar, and no empty or identical blocks for outcomes it cannot rank."""

from __future__ import annotations

import json

import numpy as np

from engine.cli.sensitivity import horizon_of, split_outcomes
from tests.conftest import run_cli


def test_horizons_are_read_from_the_outcome_names():
    assert horizon_of("ceasefire_180") == 180 and horizon_of("ceasefire_365") == 365
    assert horizon_of("territory_change_km2") is None and horizon_of("casualties") is None


def test_split_outcomes_leaves_out_short_flat_and_repeated_outcomes():
    y = np.array([0.1, 0.4, 0.2])
    Y = {"ceasefire_180": y, "ceasefire_365": y.copy(), "territory_change_km2": np.full(3, 5.0),
         "casualties": np.array([1.0, 2.0, 3.0])}
    keep, notes = split_outcomes(Y, days=365)
    assert list(keep) == ["ceasefire_180", "casualties"]
    assert any(n.startswith("ceasefire_365: identical to ceasefire_180") for n in notes)
    assert any(n.startswith("territory_change_km2: 5 at every sample point") for n in notes)
    keep, notes = split_outcomes(Y, days=200)
    assert "ceasefire_365" not in keep and "ceasefire_180" in keep
    assert any("ceasefire_365: not computed: the runs last 200 days" in n for n in notes)


def test_short_runs_say_which_outcomes_are_left_out_and_show_progress(tmp_path):
    # the red-line talks: their US pressure pauses aid and so moves the front within 100
    # days (the talks game's pressure is felt in its talks only; docs/talks_game.md)
    res = run_cli("sensitivity", "ukraine_2025", "--params", "us_pressure,russian_resolve",
                  "--samples", "4", "--reps", "2", "--days", "100", "--set", "talks.model=redlines",
                  "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    blocks = [ln.split()[0] for ln in res.stdout.splitlines() if "(ranked:" in ln]
    assert blocks == ["territory_change_km2", "casualties"]
    assert "ceasefire_180: not computed: the runs last 100 days" in res.stdout
    assert "ceasefire_365: not computed" in res.stdout
    assert "sensitivity" in res.stderr and "32/32" in res.stderr  # 16 points x 2 reps
    meta = json.loads((tmp_path / "sensitivity.json").read_text())
    assert meta["days"] == 100 and len(meta["notes"]) == 2
    import polars as pl

    assert "ceasefire_180" not in pl.read_parquet(tmp_path / "sample.parquet").columns
    assert set(pl.read_parquet(tmp_path / "indices.parquet")["outcome"]) == {"territory_change_km2",
                                                                              "casualties"}
    js = run_cli("sensitivity", "ukraine_2025", "--params", "us_pressure,russian_resolve",
                 "--samples", "4", "--reps", "2", "--days", "100", "--json", "--no-progress",
                 "--set", "talks.model=redlines")
    assert js.returncode == 0 and "note: ceasefire_365" in js.stderr and "32/32" not in js.stderr
    assert {r["outcome"] for r in json.loads(js.stdout)} == {"territory_change_km2", "casualties"}


def test_bad_samples_is_one_line():
    res = run_cli("sensitivity", "ukraine_2025", "--params", "us_pressure", "--samples", "0")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "--samples" in res.stderr
