"""Sensitivity analysis recovers known answers: Ishigami, and a dominant parameter."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import UsageError
from engine.scenario import load_scenario
from engine.sensitivity import Parameter, analyze, evaluate, parse_parameters, ranking, sample
from scenarios.synthetic import synthetic_raw
from tests.conftest import run_cli


def test_ishigami_indices_match_the_analytic_values():
    params = [Parameter(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    X = sample("sobol", params, 1024, seed=1)
    a, b = 7.0, 0.1
    y = np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])
    idx = analyze("sobol", params, X, {"y": y}, seed=1).sort("parameter")
    np.testing.assert_allclose(idx["S1"].to_numpy(), [0.314, 0.442, 0.0], atol=0.05)
    np.testing.assert_allclose(idx["ST"].to_numpy(), [0.558, 0.442, 0.244], atol=0.05)


def test_dominant_parameter_is_found_on_a_synthetic_scenario():
    raw = synthetic_raw(n_fronts=3, days=120, seed=2)
    params = [
        Parameter("battle.advance_max", 0.05, 0.8),  # drives ground taken
        Parameter("states.A0.resolve", 0.1, 0.9),  # no battlefield effect
    ]
    for method, n in (("sobol", 32), ("morris", 10)):
        X = sample(method, params, n, seed=3)
        Y = evaluate(raw, params, X, reps=3, days=120)
        idx = analyze(method, params, X, Y, seed=3)
        assert ranking(idx, "territory_change_km2")[0] == "battle.advance_max"
        key = "ST" if method == "sobol" else "mu_star"
        row = idx.filter(idx["outcome"] == "territory_change_km2")
        weak = row.filter(row["parameter"] == "states.A0.resolve")[key][0]
        strong = row.filter(row["parameter"] == "battle.advance_max")[key][0]
        assert weak < 0.05 * strong


def test_parameter_parsing_errors():
    s = load_scenario("ukraine_2025")
    assert parse_parameters(["us_pressure"], s)[0].path == "levers.us_pressure"
    assert parse_parameters(["battle.mu=0.2:0.8"], s)[0].hi == 0.8
    for bad in (["nope"], ["battle.mu=1"], ["battle.mu=0.9:0.1"], [""]):
        with pytest.raises(UsageError):
            parse_parameters(bad, s)


def test_cli_runs_and_rejects_bad_paths(tmp_path):
    res = run_cli("sensitivity", "ukraine_2025", "--params", "battle.mu=0.3:0.7,russian_resolve",
                  "--samples", "4", "--reps", "2", "--days", "20", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "indices.parquet").exists() and "territory_change_km2" in res.stdout
    res = run_cli("sensitivity", "ukraine_2025", "--params", "battle.nothing=0:1", "--samples", "4")
    assert res.returncode == 2 and "battle.nothing" in res.stderr
