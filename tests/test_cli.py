"""The `warsim run` command: contract keys, determinism, clean errors."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.conftest import run_cli

CONTRACT = {
    "scenario", "seed", "days", "outcome", "ceasefire_day", "terms", "territory_change_km2",
    "casualties", "indicators", "talks",
}


def test_run_json_has_the_contract_keys_and_repeats():
    a = run_cli("run", "ukraine_2025", "--seed", "1", "--json")
    b = run_cli("run", "ukraine_2025", "--seed", "1", "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    res = json.loads(a.stdout)
    assert CONTRACT <= set(res)
    assert set(res["territory_change_km2"]) == {"RUS", "UKR", "USA", "EUR"}
    assert res["seed"] == 1 and res["days"] == 365


def test_run_human_summary_and_out_folder(tmp_path):
    out = tmp_path / "one"
    res = run_cli("run", "ukraine_2025", "--seed", "2", "--days", "30", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "outcome:" in res.stdout and "RUS" in res.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["days"] == 30
    series = pl.read_parquet(out / "series.parquet")
    assert series.height == 30 and "territory_km2_RUS" in series.columns
    events = pl.read_parquet(out / "events.parquet")
    assert {"day", "kind", "text"} <= set(events.columns)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--seed", "-1"], "--seed"),
        (["--seed", "abc"], "--seed"),
        (["--days", "0"], "--days"),
        (["--set", "fronts.nowhere.length_km=3"], "fronts.nowhere.length_km"),
        (["--set", "battle.mu=7"], "battle.mu"),
        (["--set", "levers.us_pressure=5"], "levers.us_pressure"),
        (["--set", "nonsense"], "PATH=VALUE"),
    ],
)
def test_bad_options_exit_2_with_one_line(args, needle):
    res = run_cli("run", "ukraine_2025", *args)
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], res.stderr
    assert "Traceback" not in res.stderr


def test_unknown_scenario_and_out_that_is_a_file(tmp_path):
    res = run_cli("run", "no_such_scenario")
    assert res.returncode == 2 and "file not found" in res.stderr
    f = tmp_path / "file"
    f.write_text("x")
    res = run_cli("run", "ukraine_2025", "--days", "3", "--out", str(f))
    assert res.returncode == 2 and "not a folder" in res.stderr


def test_run_does_not_import_mesa_or_solara():
    code = (
        "import sys, engine.cli as c; c.main(['run','ukraine_2025','--days','2','--json']);"
        "bad=[m for m in ('mesa','solara') if m in sys.modules]; print('IMPORTED', bad)"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "IMPORTED []" in out.stdout, out.stdout + out.stderr
