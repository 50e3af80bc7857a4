"""One writer per results folder (engine/batch/lock.py): the lock, its holder's note, and two
writers started together on one folder many times never giving a mixed dataset.

The stress test's trial count comes from ``WARSIM_LOCK_TRIALS`` (default 1000: about a
minute on two busy cores; set it lower on a slower machine).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from engine.batch import lock, store
from tests.conftest import ROOT, run_cli

TRIALS = int(os.environ.get("WARSIM_LOCK_TRIALS", "1000"))
SCENARIO = "rubinstein"  # the smallest shipped scenario: a trial is two batches of a few ms


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    with lock.writer_lock(tmp_path, command="warsim batch first"):
        note = json.loads((tmp_path / lock.HOLDER_NAME).read_text())
        assert note["pid"] == os.getpid() and note["host"] == socket.gethostname()
        with pytest.raises(lock.FolderLocked) as err:
            with lock.writer_lock(tmp_path, command="warsim batch second"):
                pass
        line = str(err.value)
        assert "in use by another warsim writer" in line and f"pid {os.getpid()}" in line
        assert "`warsim batch first`" in line and "since 20" in line and "\n" not in line
        with pytest.raises(lock.FolderLocked):
            lock.refuse_if_held(tmp_path)
    # released: the note is gone and the next writer gets the lock
    assert not (tmp_path / lock.HOLDER_NAME).exists()
    with lock.writer_lock(tmp_path):
        pass


def test_a_stale_note_of_a_killed_writer_does_not_block(tmp_path):
    (tmp_path / lock.HOLDER_NAME).write_text(json.dumps({"pid": 1, "host": "gone", "command": "x"}))
    lock.refuse_if_held(tmp_path)  # the lock itself is free: no error
    with lock.writer_lock(tmp_path, command="new"):
        assert lock.holder(tmp_path)["command"] == "new"


HOLD = (
    "import sys, time; from engine.batch.lock import writer_lock\n"
    "with writer_lock(sys.argv[1], command='warsim batch holder'):\n"
    "    print('held', flush=True); time.sleep(60)\n"
)


@pytest.fixture
def held(tmp_path):
    """A folder whose writer lock another process holds (killed at the end: the OS frees it)."""
    out = tmp_path / "held"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield out, proc.pid
    proc.kill()
    proc.wait()


@pytest.mark.parametrize("cmd", [
    ["batch", SCENARIO, "--reps", "2", "--days", "2"],
    ["batch", SCENARIO, "--reps", "2", "--days", "2", "--resume"],
    ["sensitivity", SCENARIO, "--params", "talks.patience_days=10:50", "--samples", "2", "--reps", "1",
     "--days", "2"],
    ["run", SCENARIO, "--days", "2", "--force"],
])
def test_every_writer_command_is_refused_while_another_holds_the_folder(held, cmd):
    out, pid = held
    res = run_cli(*cmd, "--out", str(out))
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert f"pid {pid}" in lines[0] and "`warsim batch holder`" in lines[0], lines[0]
    assert not (out / "manifest.json").exists() and not (out / "runs").exists()


def test_the_lock_dies_with_its_holder(held):
    out, pid = held
    with pytest.raises(lock.FolderLocked):
        with lock.writer_lock(out):
            pass
    # SIGKILL: no finally runs, so the holder's note stays behind (stale); the OS frees the lock
    os.kill(pid, 9)
    time.sleep(0.2)
    with lock.writer_lock(out, command="after"):
        assert lock.holder(out)["command"] == "after"


# ---------------------------------------------------------------- two writers at once
def _writer(tasks, results, barrier) -> None:
    """A writer process: for each (folder, seed, resume, delay, early) run one small batch.

    ``early``: prepare (check the folder) before the barrier, so both writers see an
    empty folder and only the check under the lock can keep them apart.
    """
    from engine.batch.driver import BatchConfig, prepare_batch, run_batch
    from engine.errors import UsageError

    while True:
        task = tasks.get()
        if task is None:
            return
        folder, seed, resume, delay, early = task
        cfg = BatchConfig(SCENARIO, out=folder, reps=3, days=2, seed=seed, chunk_runs=1, resume=resume)
        try:
            prep = prepare_batch(cfg) if early else cfg
        except UsageError as exc:
            prep = exc
        barrier.wait()
        time.sleep(delay)
        try:
            if isinstance(prep, UsageError):
                raise prep
            run_batch(prep)
            results.put(("ok", seed, ""))
        except UsageError as exc:
            results.put(("refused", seed, "\n".join(exc.lines())))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            results.put(("error", seed, f"{type(exc).__name__}: {exc}"))


def _check_folder(folder: Path) -> pl.DataFrame:
    """The folder holds one whole batch: every chunk verified, one seed base, every run once."""
    from engine.batch.report import open_dataset

    m = store.read_manifest(folder)
    done, problems = store.verify_chunks(folder, m, deep=True)
    assert not problems, problems
    assert done == set(range(m["n_chunks"])) and m["complete"]
    open_dataset(folder)
    runs = pl.read_parquet(folder / "runs" / "*.parquet")
    assert sorted(runs["run_id"].to_list()) == list(range(m["n_runs"]))
    base = m["seeds"]["base"]
    assert (runs["seed"] == base + runs["replicate"]).all(), "runs of two batches mixed"
    return runs


def _two_writers(tmp_path: Path, trials: int) -> dict:
    ctx = mp.get_context("spawn")
    tasks = [ctx.Queue(), ctx.Queue()]
    results = ctx.Queue()
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(q, results, barrier), daemon=True) for q in tasks]
    for p in procs:
        p.start()
    rng = random.Random(16)
    tally = {"ok+refused": 0, "ok+ok": 0, "refused lines": set()}
    try:
        for trial in range(trials):
            folder = tmp_path / f"t{trial:04d}"
            mode = trial % 3  # 0: both fresh, 1: fresh and --resume, 2: both --resume (same batch)
            seeds = (1, 1) if mode == 2 else (1, 2)
            resumes = (mode == 2, mode >= 1)
            early = trial % 4 < 2
            late = rng.uniform(0.0, 0.08 if early else 0.03)
            delays = (0.0, late) if trial % 2 else (late, 0.0)
            for q, seed, resume, delay in zip(tasks, seeds, resumes, delays, strict=True):
                q.put((str(folder), seed, resume, delay, early))
            got = [results.get(timeout=120) for _ in range(2)]
            errors = [g for g in got if g[0] == "error"]
            assert not errors, errors
            oks = [g for g in got if g[0] == "ok"]
            assert oks, (trial, got)
            for g in got:
                if g[0] == "refused":
                    line = g[2]
                    assert "\n" not in line and line.startswith(("--out", "--resume")), line
                    tally["refused lines"].add(line.split(":")[-1].split("(")[0].strip()[:40])
            if len(oks) == 2:
                # only possible when both asked for the same batch: the second found it done
                assert mode == 2, (trial, got)
                tally["ok+ok"] += 1
            else:
                tally["ok+refused"] += 1
            runs = _check_folder(folder)
            assert set(runs["seed"].unique().to_list()) <= {oks[0][1] + r for r in range(3)}
    finally:
        for q in tasks:
            q.put(None)
        for p in procs:
            p.join(timeout=30)
    return tally


def test_two_writers_on_one_folder_never_mix(tmp_path):
    tally = _two_writers(tmp_path, TRIALS)
    print(tally)
    # every trial of different batches has exactly one winner; same-batch trials may have two
    assert tally["ok+refused"] >= 2 * TRIALS // 3
