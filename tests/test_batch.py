"""`warsim batch`: dataset contract, bit-identity with single runs, chunk and thread
invariance, resume after a kill, refusals and clean errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from engine.batch import store
from engine.batch.driver import BatchConfig, prepare_batch, run_batch
from engine.errors import UsageError
from tests.conftest import ROOT, run_cli

VARY = ["battle.advance_max=0.1,0.3", "states.RUS.morale=0.5:0.7:3"]
DAYS = 40


def small(out, **kw) -> BatchConfig:
    args = dict(scenario="ukraine_2025", out=str(out), reps=5, vary=list(VARY), days=DAYS,
                series="weekly", chunk_runs=4, seed=11)
    args.update(kw)
    return BatchConfig(**args)


def read(out: Path, table: str = "runs") -> pl.DataFrame:
    keys = ["run_id", "day"] if table == "series" else ["run_id"]
    return pl.scan_parquet(str(out / table / "*.parquet")).collect().sort(keys)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    out = tmp_path_factory.mktemp("base") / "ds"
    res = run_batch(small(out))
    return out, res


def test_dataset_has_the_documented_files_and_columns(baseline):
    from engine.api import simulate
    from engine.results import run_columns

    out, res = baseline
    assert res["complete"] and res["runs"] == 30 and res["chunks"] == 8
    runs = read(out)
    assert runs.height == 30 and runs["run_id"].to_list() == list(range(30))
    w, st = simulate("ukraine_2025", seed=1, days=5)
    expected = ["run_id", "point_id", "replicate", "seed", "battle.advance_max", "states.RUS.morale",
                *run_columns(w, st)]
    assert runs.columns == expected
    assert runs["point_id"].to_list() == [i // 5 for i in range(30)]
    assert runs["replicate"].to_list() == [i % 5 for i in range(30)]
    assert runs["seed"].to_list() == [11 + i % 5 for i in range(30)]
    assert runs["states.RUS.morale"].to_list()[:10] == [0.5] * 5 + [0.6] * 5
    series = read(out, "series")
    assert series.columns[:3] == ["run_id", "point_id", "day"]
    assert "territory_km2_RUS" in series.columns and "ceasefire" in series.columns
    assert series.height == 30 * len(range(0, DAYS, 7))
    points = pl.read_parquet(out / "points.parquet")
    assert points.height == 6 and points.columns == ["point_id", "battle.advance_max", "states.RUS.morale"]
    m = json.loads((out / "manifest.json").read_text())
    for key in ("format", "scenario", "design", "reps", "seeds", "days", "series", "engine", "chunks",
                "created", "n_runs", "chunk_runs", "complete"):
        assert key in m
    assert m["scenario"]["name"] == "ukraine_2025" and len(m["scenario"]["hash"]) == 64
    assert m["seeds"] == {"base": 11, "rule": "seed = base + replicate"}
    assert all(c["status"] == "done" for c in m["chunks"]) and m["complete"]
    assert m["design"]["points"][1] == {"battle.advance_max": 0.1, "states.RUS.morale": 0.6}
    meta = pl.read_parquet_metadata(out / "runs" / "chunk-000000.parquet")
    assert meta["warsim_scenario_hash"] == m["scenario"]["hash"]
    assert meta["warsim_batch_id"] == m["batch_id"] and meta["warsim_rows"] == "4"


def test_each_run_is_bit_identical_to_a_single_run_with_its_seed(baseline):
    from engine.api import simulate
    from engine.export import series_frame
    from engine.results import run_columns

    out, _ = baseline
    runs = read(out)
    series = read(out, "series")
    for run_id in (0, 7, 29):
        row = runs.filter(pl.col("run_id") == run_id).row(0, named=True)
        overrides = {"battle.advance_max": row["battle.advance_max"],
                     "states.RUS.morale": row["states.RUS.morale"]}
        w, st = simulate("ukraine_2025", seed=row["seed"], days=DAYS, overrides=overrides, record_every=7)
        for name, values in run_columns(w, st).items():
            a, b = row[name], values[0]
            if name == "ceasefire_day":  # the dataset stores "no ceasefire" (-1) as null
                b = None if b < 0 else b
            assert a == b or (a != a and b != b), name  # equal, or both NaN
        single = series_frame(w, st)
        mine = series.filter(pl.col("run_id") == run_id).select(single.columns)
        assert mine.equals(single)


@pytest.mark.parametrize("chunk_runs, threads", [(1, 1), (7, 2), (64, None)])
def test_results_do_not_depend_on_chunk_size_or_threads(baseline, tmp_path, chunk_runs, threads):
    out, _ = baseline
    other = tmp_path / "ds"
    run_batch(small(other, chunk_runs=chunk_runs, threads=threads))
    assert read(other).equals(read(out))
    assert read(other, "series").equals(read(out, "series"))


def test_resume_finishes_a_partial_dataset_identically(baseline, tmp_path):
    out, _ = baseline
    part = tmp_path / "ds"
    run_batch(small(part))
    # The state a kill can leave: chunks missing, a series file without its runs
    # file, temporary files, a manifest that lags behind the files.
    (part / "runs" / "chunk-000002.parquet").unlink()
    (part / "runs" / "chunk-000005.parquet").unlink()
    (part / "series" / "chunk-000005.parquet").unlink()
    (part / "runs" / ".chunk-000005.123.tmp").write_bytes(b"half a file")
    (part / ".manifest.456.tmp").write_text("{")
    m = json.loads((part / "manifest.json").read_text())
    for c in m["chunks"]:
        c["status"] = "pending"
    m["complete"] = False
    (part / "manifest.json").write_text(json.dumps(m))
    res = run_batch(small(part, resume=True))
    assert res["complete"] and res["runs_new"] == 8
    assert read(part).equals(read(out))
    assert read(part, "series").equals(read(out, "series"))
    assert not list(part.rglob(".*.tmp"))
    again = run_batch(small(part, resume=True))
    assert again["runs_new"] == 0 and again["complete"]


def test_resume_on_a_new_folder_starts_the_batch(tmp_path):
    res = run_batch(small(tmp_path / "new", resume=True, reps=1, vary=[]))
    assert res["complete"] and res["runs"] == 1


@pytest.mark.parametrize(
    "change, word",
    [
        ({"vary": ["battle.advance_max=0.1,0.4", "states.RUS.morale=0.5:0.7:3"]}, "design"),
        ({"overrides": ["battle.mu=0.4"]}, "--set"),
        ({"reps": 6}, "--reps"),
        ({"seed": 12}, "seeds"),
        ({"days": 41}, "--days"),
        ({"series": "daily"}, "--series"),
        ({"chunk_runs": 5}, "--chunk-runs"),
    ],
)
def test_resume_with_a_different_batch_is_refused(baseline, change, word):
    out, _ = baseline
    with pytest.raises(UsageError) as err:
        prepare_batch(small(out, resume=True, **change))
    assert len(err.value.lines()) == 1 and word in err.value.lines()[0]


def test_resume_with_a_different_scenario_is_refused(baseline, tmp_path):
    out, _ = baseline
    text = (ROOT / "scenarios" / "ukraine_2025.toml").read_text()
    other = tmp_path / "ukraine_2025.toml"
    other.write_text(text.replace('title = "', 'title = "edited '))
    with pytest.raises(UsageError, match="different scenario"):
        prepare_batch(small(out, resume=True, scenario=str(other)))


def test_kill_and_resume_from_the_command_line_equals_an_uninterrupted_batch(tmp_path):
    args = ["batch", "ukraine_2025", "--reps", "400", "--vary", "battle.advance_max=0.1,0.3",
            "--days", "200", "--chunk-runs", "8", "--seed", "3", "--series", "weekly", "--no-progress"]
    whole = tmp_path / "whole"
    res = run_cli(*args, "--out", str(whole))
    assert res.returncode == 0, res.stderr
    killed = tmp_path / "killed"
    for attempt in range(3):  # kill at a few different moments
        proc = subprocess.Popen(
            [sys.executable, "-m", "engine.cli", *args, "--out", str(killed), "--resume"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 120
        want = 3 + 20 * attempt
        while time.time() < deadline and proc.poll() is None:
            if len(list((killed / "runs").glob("*.parquet"))) >= want:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = len(list((killed / "runs").glob("*.parquet")))
    res = run_cli(*args, "--out", str(killed), "--resume")
    assert res.returncode == 0, res.stderr
    assert "complete" in res.stdout
    assert read(killed).equals(read(whole))
    assert read(killed, "series").equals(read(whole, "series"))
    m = json.loads((killed / "manifest.json").read_text())
    assert m["complete"] and done < m["n_chunks"]


def test_cli_reference_batch_with_progress_bar_and_report(tmp_path):
    """The done criterion: 2 levers x 3 values x 200 reps of the reference scenario."""
    out = tmp_path / "ref"
    res = run_cli("batch", "ukraine_2025", "--reps", "200", "--vary", "us_pressure=0.2:0.8:3",
                  "--vary", "battle.advance_max=0.1,0.166,0.25", "--days", "30", "--out", str(out),
                  # the red-line talks sign nothing in 30 days: the 0-of-200 interval below
                  "--set", "talks.model=redlines")
    assert res.returncode == 0, res.stderr
    assert "1800/1800" in res.stderr and "runs/s" in res.stderr  # the progress bar
    assert "batch complete: 1,800 runs" in res.stdout and "outcomes:" in res.stdout
    rep = run_cli("report", str(out))
    assert rep.returncode == 0, rep.stderr
    assert "P(ceasefire by day d), 95% Wilson interval" in rep.stdout
    assert "0.000 [0.000,0.019]" in rep.stdout  # 0 of 200, with its Wilson upper bound
    js = json.loads(run_cli("report", str(out), "--json").stdout)
    assert len(js["points"]) == 9 and js["runs"] == 1800 and js["complete"]


def test_cli_json_summary_and_grid_file(tmp_path):
    grid = tmp_path / "grid.toml"
    grid.write_text('design = "lhs"\nsamples = 4\n[vary]\n"battle.mu" = { min = 0.3, max = 0.7 }\n')
    res = run_cli("batch", "ukraine_2025", "--grid", str(grid), "--reps", "2", "--days", "5",
                  "--out", str(tmp_path / "g"), "--json", "--no-progress")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["runs"] == 8 and out["n_points"] == 4 and out["complete"]
    runs = read(tmp_path / "g")
    assert runs["battle.mu"].n_unique() == 4


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--vary", "battle.mu"], "PATH=LO:HI:N"),
        (["--vary", "battle.mu=0.9:0.1:3"], "above HI"),
        (["--vary", "fronts.nowhere.length_km=1,2"], "fronts.nowhere.length_km"),
        (["--vary", "battle.mu=0.5,7"], "battle.mu"),
        (["--vary", "us_pressure=0.5,1.5"], "levers.us_pressure"),
        (["--set", "battle.mu=9"], "battle.mu"),
        (["--design", "sobol", "--vary", "battle.mu=0:1"], "--samples"),
        (["--design", "sobol", "--samples", "6", "--vary", "battle.mu=0:1"], "power of 2"),
        (["--reps", "0"], "--reps"),
        (["--series", "hourly"], "--series"),
        (["--scheduler", "tcp://x:1"], "--scheduler"),
        (["--grid", "nope.toml"], "not found"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, extra, needle):
    out = tmp_path / "o"
    res = run_cli("batch", "ukraine_2025", "--days", "5", "--out", str(out), *extra)
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], res.stderr
    assert not out.exists() or not any(out.iterdir())


def test_out_folder_checks(baseline, tmp_path):
    out, _ = baseline
    before = read(out)
    res = run_cli("batch", "ukraine_2025", "--reps", "1", "--days", "5", "--out", str(out))
    assert res.returncode == 2 and "not empty" in res.stderr and "--resume" in res.stderr
    assert read(out).equals(before)  # nothing finished is lost
    a_file = tmp_path / "file"
    a_file.write_text("x")
    res = run_cli("batch", "ukraine_2025", "--reps", "1", "--out", str(a_file))
    assert res.returncode == 2 and "not a folder" in res.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    res = run_cli("batch", "ukraine_2025", "--reps", "1", "--out", str(other), "--resume")
    assert res.returncode == 2 and "manifest.json" in res.stderr
    assert (other / "notes.txt").read_text() == "mine"


def test_out_folder_that_cannot_be_created():
    res = run_cli("batch", "ukraine_2025", "--reps", "1", "--out", "/proc/warsim-no/such")
    assert res.returncode == 2 and "cannot create" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_out_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        res = run_cli("batch", "ukraine_2025", "--reps", "1", "--out", str(locked / "sub"))
        assert res.returncode == 2 and "cannot create" in res.stderr
        res = run_cli("batch", "ukraine_2025", "--reps", "1", "--out", str(locked))
        assert res.returncode == 2 and "not writable" in res.stderr
    finally:
        locked.chmod(0o700)


def test_memory_is_bounded_by_the_chunk_size():
    from engine.batch.runner import CHUNK_MEMORY, chunk_runs_for

    assert chunk_runs_for(100, 4, 9, 365, 0) == 64
    assert 5_000 <= chunk_runs_for(1_000_000, 4, 9, 365, 0) <= 10_000
    daily = chunk_runs_for(10_000_000, 4, 9, 3650, 1)
    assert 1 <= daily < 1000
    per_run_series = 3650 * (4 * 16 + 9 + 16) * 8
    assert daily * per_run_series <= CHUNK_MEMORY


def test_store_refuses_a_foreign_manifest(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "other"}')
    with pytest.raises(store.DatasetError, match="manifest"):
        store.prepare_out(tmp_path, resume=True)
