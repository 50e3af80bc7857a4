"""Outputs declared once (issue 15, item 1): every name a run reports is declared, with its
unit, label and owner; the dashboard, the model's reporters, the batch files and the CLI's
JSON read those declarations (engine/outputs.py, viz/series.py, docs/columns.md)."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from engine import layout as L
from engine import outputs as O
from engine.core import registry
from tests.conftest import run_cli

MECHANISMS = set(registry.MECHANISMS) | {"core"}


def _scenario_keys(scenario: str = "ukraine_2025"):
    from engine.scenario import load_scenario

    s = load_scenario(scenario)
    return list(s.states), list(s.fronts), list(s.issues)


def test_every_declaration_has_unit_label_and_owner():
    for d in (*L.OUTPUTS, *L.RESULTS):
        assert d.unit and d.label and d.owner in MECHANISMS, d
    for r in L.RESULTS:
        assert r.column or r.json, r
        assert r.description, r
    # one name, one declaration, in each namespace (series files, runs files, JSON)
    for names in (
        [O.series_template(o) for o in L.OUTPUTS],
        [r.column for r in L.RESULTS if r.column],
        [r.json for r in L.RESULTS if r.json],
    ):
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_panels_show_only_declared_series_with_a_unit_and_a_label():
    from viz import series

    declared = {o.name: o for o in L.OUTPUTS}
    for panel, names in series.PANELS.items():
        assert names, panel
        for name in names:
            assert name in declared, f"{panel}: {name!r} is not a declared output"
        units = {declared[n].unit for n in names}
        assert len(units) == 1, (panel, units)  # one unit per axis
    assert set(series.WAR_PANELS + series.ECONOMY_PANELS + (series.TALKS_PANEL,)) == set(series.PANELS)
    shown = (*series.REPORTERS, *series.SERIES_COLUMNS, *series.RUN_COLUMNS)
    for spec in shown:
        assert spec.unit and spec.label and spec.owner, spec
        assert spec.axis_title.endswith(")") and "()" not in spec.axis_title, spec
    # the dashboard's tables are the declarations, not a copy
    assert sorted(s.name for s in series.SERIES_COLUMNS) == sorted(o.name for o in L.OUTPUTS if o.written)
    assert set(series.FAN_FIRST) <= {o.name for o in L.OUTPUTS if o.written}
    assert [s.name for s in series.SERIES_COLUMNS[: len(series.FAN_FIRST)]] == list(series.FAN_FIRST)
    from engine.mechanisms.talks_game.outputs import TRACE

    game = {f"game_{col[2:].lower()}" for col, *_ in TRACE}  # the game's daily record
    assert {s.name for s in series.REPORTERS} == {o.name for o in L.OUTPUTS} | {"day"} | game


def test_model_reporters_are_the_declared_series_and_equal_the_files():
    """WarModel's reporters: exactly the declared series (by their file names), each equal,
    day by day, to the series the batch engine records for the same run."""
    from engine.export import series_frame
    from engine.model import WarModel
    from viz import series

    m = WarModel("ukraine_2025", seed=4, days=12)
    while m.running:
        m.step()
    df = m.datacollector.get_model_vars_dataframe()
    table = series.for_model(m)
    assert series.undeclared(list(df.columns), table) == []
    files = series_frame(m.world, m.structure)
    # every written series is a reporter; unwritten ones (BATNA ...) are reporters too
    assert set(files.columns) <= set(df.columns)
    assert {"batna_RUS", "draft_utility_UKR", "talks_progress"} <= set(df.columns)
    assert len(df) == 13  # the step-0 row, then one per day
    for c in files.columns:
        if c == "day":
            continue
        np.testing.assert_array_equal(df[c].to_numpy()[1:], files[c].to_numpy(), err_msg=c)


def test_run_json_keys_and_batch_files_are_declared(tmp_path):
    """Every key of ``warsim run --json`` and every column of a batch's runs and series
    files is declared (with unit and owner); design parameters are the batch's inputs,
    named by the design (points.parquet)."""
    states, fronts, issues = _scenario_keys()
    res = run_cli("run", "ukraine_2025", "--days", "20", "--seed", "2", "--json")
    assert res.returncode == 0, res.stderr
    obj = json.loads(res.stdout)
    assert O.undeclared_json(obj, states, fronts, issues) == []
    table = O.result_names("json", states, fronts, issues)
    numeric = [p for p, v in O.json_leaves(obj) if O.is_number(v)]
    assert len(numeric) > 60
    for p in numeric:
        assert table[p].unit and table[p].owner in MECHANISMS, p

    out = tmp_path / "b"
    res = run_cli(
        "batch",
        "ukraine_2025",
        "--reps",
        "2",
        "--days",
        "8",
        "--vary",
        "us_pressure=0.2,0.8",
        "--series",
        "daily",
        "--out",
        str(out),
    )
    assert res.returncode == 0, res.stderr
    inputs = set(pl.read_parquet(out / "points.parquet").columns) - {"point_id"}
    runs = pl.read_parquet(sorted((out / "runs").glob("*.parquet")))
    series_cols = pl.read_parquet(sorted((out / "series").glob("*.parquet"))).columns
    run_table = O.result_names("column", states, fronts, issues)
    series_table = O.series_names(states, fronts) | {n: run_table[n] for n in ("day", "run_id", "point_id")}
    assert [c for c in runs.columns if c not in run_table and c not in inputs] == []
    assert [c for c in series_cols if c not in series_table] == []
    assert inputs and inputs <= set(runs.columns)
    for c in runs.columns:
        if c in run_table:
            assert run_table[c].unit and run_table[c].owner in MECHANISMS, c


def test_run_json_keys_are_declared_with_the_bargaining_game():
    states, fronts, issues = _scenario_keys()
    res = run_cli("run", "ukraine_2025", "--days", "20", "--set", "talks.model=bargaining", "--json")
    assert res.returncode == 0, res.stderr
    assert O.undeclared_json(json.loads(res.stdout), states, fronts, issues) == []


def test_undeclared_names_are_caught():
    """The checks above can fail: a key or column nobody declared is reported."""
    states, fronts, issues = _scenario_keys()
    obj = {"seed": 1, "indicators": {"oil_price_final": 70.0, "mystery": 1.0}, "terms": None}
    assert O.undeclared_json(obj, states, fronts, issues) == ["indicators.mystery"]
    assert "troops_RUS" in O.series_names(states, fronts)
    assert "troops" not in O.series_names(states, fronts)
    with pytest.raises(ValueError, match="placeholder"):
        O.fill("x_{sector}")


def test_outputs_table_in_the_docs_is_generated():
    from engine.core import codegen

    text = codegen.DOCS_FILE.read_text()
    assert "\n".join(O.outputs_markdown()) in text, "docs/columns.md is stale: python -m engine.core.codegen"
    for r in L.RESULTS:
        assert f"| {r.name} |" in text, r.name
