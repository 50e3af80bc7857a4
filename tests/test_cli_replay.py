"""`warsim replay DIR --run N`: a batch run re-run from its manifest, checked against its row."""

from __future__ import annotations

import json
import shlex
import shutil

import polars as pl
import pytest

from engine.cli.replay import differences
from tests.conftest import REFERENCE, run_cli


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("replay")
    scenario = root / "copy.toml"
    shutil.copy(REFERENCE, scenario)
    out = root / "ds"
    res = run_cli("batch", str(scenario), "--reps", "3", "--days", "40", "--seed", "5",
                  "--vary", "us_pressure=0.2,0.9", "--set", "russian_resolve=0.4",
                  "--out", str(out), "--no-progress")
    assert res.returncode == 0, res.stderr
    return out, scenario


def test_every_run_reproduces_and_names_its_own_command(batch):
    out, _ = batch
    runs = pl.read_parquet(out / "runs" / "*.parquet")
    for n in (0, 5):
        res = run_cli("replay", str(out), "--run", str(n), "--json")
        assert res.returncode == 0, res.stdout + res.stderr
        got = json.loads(res.stdout)
        row = runs.filter(pl.col("run_id") == n).row(0, named=True)
        assert got["reproduced"] and got["differences"] == {}
        assert got["columns_checked"] == runs.width
        assert got["seed"] == row["seed"] == 5 + row["replicate"]
        assert got["overrides"]["levers.us_pressure"] == row["levers.us_pressure"]
        assert got["overrides"]["levers.russian_resolve"] == 0.4
        # the printed command is the same run: warsim run gives the stored numbers
        cmd = shlex.split(got["command"])[2:]
        single = run_cli("run", *cmd, "--json")
        assert single.returncode == 0, single.stderr
        one = json.loads(single.stdout)
        assert one["outcome"] == row["outcome"]
        for code, km2 in one["territory_change_km2"].items():
            assert km2 == pytest.approx(row[f"territory_change_km2_{code}"], abs=1e-3)


def test_human_output_and_out_folder(batch, tmp_path):
    out, _ = batch
    res = run_cli("replay", str(out), "--run", "4", "--out", str(tmp_path / "r4"))
    assert res.returncode == 0, res.stderr
    assert "reproduced: all" in res.stdout and "why: " in res.stdout
    assert "--seed 6 --days 40" in res.stdout
    summary = json.loads((tmp_path / "r4" / "summary.json").read_text())
    assert summary["seed"] == 6 and summary["days"] == 40 and summary["reason"]
    assert (tmp_path / "r4" / "series.parquet").exists()


def test_differences_compare_bit_for_bit():
    nan = float("nan")
    assert differences({"a": 1.0, "b": nan, "c": "x"}, {"a": 1.0, "b": nan, "c": "x"}) == {}
    assert set(differences({"a": 1.0, "c": "x"}, {"a": 1.0 + 1e-15, "c": "x"})) == {"a"}
    assert set(differences({"a": 1.0}, {})) == {"a"}


def test_a_changed_scenario_file_is_refused(batch, tmp_path):
    out, scenario = batch
    saved = scenario.read_text()
    try:
        assert "mu = { value = 0.5," in saved
        scenario.write_text(saved.replace("mu = { value = 0.5,", "mu = { value = 0.51,", 1))
        res = run_cli("replay", str(out), "--run", "1")
        assert res.returncode == 2 and "changed since the batch" in res.stderr, res.stderr
    finally:
        scenario.write_text(saved)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--run", "6"], "has runs 0..5"),
        (["--run", "-1"], "--run"),
        (["--run", "x"], "--run"),
        ([], "--run"),
        (["--run", "1", "--out", "__FILE__"], "--out"),
        (["--run", "1", "--out", "__DATASET__"], "--out"),
    ],
)
def test_bad_input_is_one_line_exit_2(batch, args, needle):
    """Bad options (a --out that is a file or the dataset itself included) stop before any run."""
    out, scenario = batch
    args = [str(scenario) if a == "__FILE__" else str(out) if a == "__DATASET__" else a for a in args]
    res = run_cli("replay", str(out), *args)
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in res.stderr


def test_not_a_dataset(tmp_path):
    res = run_cli("replay", str(tmp_path / "nope"), "--run", "0")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
    res = run_cli("replay", str(tmp_path), "--run", "0")
    assert res.returncode == 2 and "manifest" in res.stderr, res.stderr
