"""Results folders that cannot be corrupted: chunk provenance, the manifest's schema, and
what `warsim report` and `warsim batch --resume` do with a folder someone tampered with.

Each tampered folder is one of the cases found by hand (issue 16): a duplicated chunk,
a chunk from a batch with another seed, a manifest from another batch, a manifest with
``days = -5``, a truncated chunk. `report` refuses each with one line naming the file or
field (exit 2); `--resume` moves what does not belong into ``rejected/``, redoes those
chunks, and ends bit-identical to the untouched batch.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from engine.batch import store
from engine.batch.driver import BatchConfig, run_batch
from engine.batch.report import build_report
from tests.conftest import run_cli

SCENARIO = "rubinstein"


def config(out: Path, seed: int = 1, **kw) -> BatchConfig:
    args = dict(reps=4, days=20, vary=["talks.patience_days=20,60"], chunk_runs=3, seed=seed, series="weekly")
    args.update(kw)
    return BatchConfig(SCENARIO, out=str(out), **args)


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Two finished batches that differ only in their base seed."""
    root = tmp_path_factory.mktemp("store")
    run_batch(config(root / "a", seed=1))
    run_batch(config(root / "b", seed=2))
    run_batch(config(root / "same", seed=1))  # the same batch as a, run again: another batch id
    return root


def runs_of(folder: Path) -> pl.DataFrame:
    return pl.read_parquet(folder / "runs" / "*.parquet").sort("run_id")


def test_every_chunk_carries_its_provenance(batches):
    a = batches / "a"
    m = store.read_manifest(a)
    for k in range(m["n_chunks"]):
        for table in ("runs", "series"):
            meta = pl.read_parquet_metadata(a / table / store.chunk_name(k))
            assert {key: meta[key] for key in store.META_KEYS} == store.chunk_metadata(m, k)
    meta = pl.read_parquet_metadata(a / "runs" / store.chunk_name(2))
    assert (meta["warsim_first_run"], meta["warsim_stop_run"], meta["warsim_rows"]) == ("6", "8", "2")
    assert meta["warsim_seed_base"] == "1" and meta["warsim_design_hash"] == m["design"]["hash"]
    assert store.verify_chunks(a, m, deep=True) == (set(range(m["n_chunks"])), [])


def test_no_ceasefire_is_null_not_minus_one(batches, tmp_path):
    # rubinstein's runs all sign on day 0; the reference scenario's 5-day runs never do
    signed = runs_of(batches / "a")["ceasefire_day"]
    assert signed.dtype == pl.Int32 and signed.null_count() == 0 and (signed == 0).all()
    run_batch(BatchConfig("ukraine_2025", out=str(tmp_path / "u"), reps=3, days=5))
    runs = runs_of(tmp_path / "u")
    assert runs["ceasefire_day"].dtype == pl.Int32
    assert runs["ceasefire_day"].null_count() == 3 and (runs["outcome"] == "no_deal").all()
    # a user's filter counts only runs that had a ceasefire (with -1 it counted every run)
    assert runs.filter(pl.col("ceasefire_day") <= 365).height == 0
    rep = build_report(tmp_path / "u")
    assert rep["points"][0]["ceasefire_by_day"]["5"]["k"] == 0
    assert rep["points"][0]["survival"]["day"] == []  # no events: every run censored


def tamper(src: Path, dst: Path, how: str, other: Path) -> str:
    """Copy batch ``src`` to ``dst`` and damage it; return what the report's line must name."""
    shutil.copytree(src, dst)
    if how == "duplicated_chunk":
        shutil.copy(dst / "runs" / store.chunk_name(0), dst / "runs" / store.chunk_name(2))
        return "chunk-000002.parquet: belongs to another batch: chunk number"
    if how == "duplicate_extra_name":
        shutil.copy(dst / "runs" / store.chunk_name(0), dst / "runs" / "chunk-000000 (copy).parquet")
        return "(copy).parquet: not a chunk file of this batch"
    if how == "chunk_beyond_the_batch":
        shutil.copy(dst / "runs" / store.chunk_name(0), dst / "runs" / store.chunk_name(9))
        return "chunk 9 is beyond this batch's 3 chunks"
    if how == "chunk_from_another_seed":
        shutil.copy(other / "runs" / store.chunk_name(1), dst / "runs" / store.chunk_name(1))
        return "chunk-000001.parquet: belongs to another batch: seeds (base seed) differs (2 here, 1"
    if how == "chunk_of_the_same_batch_run_again":
        shutil.copy(other.parent / "same" / "runs" / store.chunk_name(1), dst / "runs" / store.chunk_name(1))
        return "chunk-000001.parquet: belongs to another batch (its batch id differs"
    if how == "manifest_from_another_batch":
        shutil.copy(other / "manifest.json", dst / "manifest.json")
        return "belongs to another batch"
    if how == "days_minus_5":
        m = json.loads((dst / "manifest.json").read_text())
        m["days"] = -5
        (dst / "manifest.json").write_text(json.dumps(m))
        return "manifest.json: corrupt manifest: days: Input should be greater than or equal to 1"
    if how == "truncated_chunk":
        f = dst / "runs" / store.chunk_name(1)
        f.write_bytes(f.read_bytes()[:200])
        return "chunk-000001.parquet: corrupt Parquet file"
    if how == "stripped_metadata":
        f = dst / "runs" / store.chunk_name(1)
        pl.read_parquet(f).write_parquet(f)
        return "chunk-000001.parquet: no warsim chunk metadata"
    if how == "extra_rows":
        f = dst / "runs" / store.chunk_name(1)
        m = store.read_manifest(dst)
        frame = pl.read_parquet(f)
        pl.concat([frame, frame.head(1)]).write_parquet(f, metadata=store.chunk_metadata(m, 1))
        return "chunk-000001.parquet: holds 4 rows, its metadata says 3"
    if how == "other_points_file":
        shutil.copy(other.parent / "same" / "points.parquet", dst / "points.parquet")
        return "points.parquet: lists another batch's design points"
    raise AssertionError(how)


CASES = ["duplicated_chunk", "duplicate_extra_name", "chunk_beyond_the_batch", "chunk_from_another_seed",
         "chunk_of_the_same_batch_run_again", "manifest_from_another_batch", "days_minus_5",
         "truncated_chunk", "stripped_metadata", "extra_rows", "other_points_file"]


@pytest.mark.parametrize("how", CASES)
def test_report_refuses_a_tampered_folder(batches, tmp_path, how):
    ds = tmp_path / "ds"
    needle = tamper(batches / "a", ds, how, batches / "b")
    with pytest.raises(store.DatasetError) as err:
        build_report(ds)
    line = str(err.value)
    assert "\n" not in line and needle in line, line


@pytest.mark.parametrize("how", ["duplicated_chunk", "chunk_from_another_seed", "truncated_chunk"])
def test_report_cli_exit_2_one_line(batches, tmp_path, how):
    ds = tmp_path / "ds"
    needle = tamper(batches / "a", ds, how, batches / "b")
    res = run_cli("report", str(ds))
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and needle in lines[0], res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("how", ["duplicated_chunk", "duplicate_extra_name", "chunk_beyond_the_batch",
                                 "chunk_from_another_seed", "truncated_chunk", "stripped_metadata",
                                 "extra_rows", "other_points_file"])
def test_resume_moves_what_does_not_belong_aside_and_redoes_it(batches, tmp_path, how):
    ds = tmp_path / "ds"
    tamper(batches / "a", ds, how, batches / "b")
    before = {p.name for p in (ds / "runs").iterdir()} | {p.name for p in (ds / "series").iterdir()}
    res = run_batch(config(ds, resume=True))
    assert res["complete"]
    assert runs_of(ds).equals(runs_of(batches / "a"))  # bit-identical to the untouched batch
    report = build_report(ds)
    assert report["complete"] and report["runs"] == 8
    if how != "other_points_file":
        rejected = list((ds / store.REJECTED).iterdir())
        assert rejected and all(p.name.endswith(".rejected") for p in rejected)
        # nothing is deleted: every file that was there is either still in place or set aside
        kept = {p.name for p in (ds / "runs").iterdir()} | {p.name for p in (ds / "series").iterdir()}
        assert len(kept) + len(rejected) >= len(before)


def test_resume_with_a_manifest_from_another_batch_is_refused(batches, tmp_path):
    ds = tmp_path / "ds"
    tamper(batches / "a", ds, "manifest_from_another_batch", batches / "b")
    with pytest.raises(store.UsageError, match="different seeds"):
        run_batch(config(ds, resume=True))


def test_manifest_schema_names_the_field(batches, tmp_path):
    m = json.loads((batches / "a" / "manifest.json").read_text())
    cases = [
        ("reps", 0, "reps: Input should be greater than or equal to 1"),
        ("reps", True, "reps: Input should be a valid integer"),
        ("seeds", {"base": "1", "rule": "x"}, "seeds.base: Input should be a valid integer"),
        ("chunk_runs", 2, "n_chunks: 3 does not fit n_runs / chunk_runs"),
        ("n_runs", 9, "n_runs: 9 is not n_points x reps (2 x 4)"),
        ("series", "hourly", "series: Input should be 'none', 'weekly' or 'daily'"),
        ("batch_id", "../../etc", "batch_id: String should match pattern"),
        ("extra_key", 1, "extra_key: unknown field"),
        ("format", "warsim-batch/1", "written by an older warsim"),
    ]
    for key, value, needle in cases:
        bad = {**m, key: value}
        with pytest.raises(store.DatasetError) as err:
            store.validate_manifest(json.dumps(bad), Path("x/manifest.json"), "report")
        assert needle in str(err.value), (key, str(err.value))
    chunks = [dict(c) for c in m["chunks"]]
    chunks[1]["first_run"] = 4
    with pytest.raises(store.DatasetError, match=r"chunks.1: expected chunk 1 holding runs \[3, 6\)"):
        store.validate_manifest(json.dumps({**m, "chunks": chunks}), Path("x/manifest.json"), "report")


def test_resume_after_a_mid_batch_failure_keeps_finished_chunks(tmp_path):
    """Finished chunks stay and are recorded when a later chunk fails (here: a bad point
    found only when its chunk is built)."""
    from engine.batch import driver
    from engine.errors import UsageError

    out = tmp_path / "ds"
    prep = driver.prepare_batch(config(out))

    class FailOnChunk2:
        def run(self, tasks, on_done):
            from engine.batch.runner import run_chunk

            for task in tasks:
                if task.chunk == 2:
                    raise UsageError("design point 1: talks.patience_days: bad")
                on_done(run_chunk(task, parallel=False))

    with pytest.raises(UsageError):
        driver.run_batch(prep, executor=FailOnChunk2())
    m = store.read_manifest(out)
    assert [c["status"] for c in m["chunks"]] == ["done", "done", "pending"] and not m["complete"]
    assert run_batch(config(out, resume=True))["runs_new"] == 2
