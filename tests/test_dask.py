"""Dask executor: same dataset as the local executor, a worker killed mid-batch
neither loses nor duplicates runs (a LocalCluster of worker processes), and closing
the cluster prints no traceback."""

from __future__ import annotations

import logging
import os
import signal

import polars as pl
import pytest

from engine.batch.driver import BatchConfig, prepare_batch, run_batch
from engine.batch.executors import DaskExecutor
from tests.conftest import run_cli

pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(300)


def cfg(out, **kw) -> BatchConfig:
    args = dict(scenario="ukraine_2025", out=str(out), reps=12, vary=["battle.advance_max=0.1,0.2,0.3"],
                days=120, series="weekly", chunk_runs=3, seed=5)
    args.update(kw)
    return BatchConfig(**args)


def read(out, table="runs") -> pl.DataFrame:
    keys = ["run_id", "day"] if table == "series" else ["run_id"]
    return pl.scan_parquet(str(out / table / "*.parquet")).collect().sort(keys)


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "ds"
    run_batch(cfg(out))
    return out


@pytest.fixture(scope="module")
def cluster():
    from engine.batch.runner import compile_kernels

    compile_kernels()  # workers then load the cache instead of building it at once
    ex = DaskExecutor(workers=2)
    with ex:
        yield ex


def test_dask_gives_the_same_dataset_as_local(local, cluster, tmp_path):
    out = tmp_path / "dask"
    res = run_batch(cfg(out), executor=cluster)
    assert res["complete"] and res["runs"] == 36
    assert read(out).equals(read(local))
    assert read(out, "series").equals(read(local, "series"))


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(local, cluster, tmp_path):
    out = tmp_path / "killed"
    pids = cluster.client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed = []

    def on_progress(done, total):
        if done > 0 and not killed:  # after the first chunk, with others in flight
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    prep = prepare_batch(cfg(out))
    res = run_batch(prep, on_progress=on_progress, executor=cluster)
    assert killed and res["complete"]
    runs = read(out)
    assert runs["run_id"].to_list() == list(range(36))  # none lost, none twice
    assert runs.equals(read(local))
    assert read(out, "series").equals(read(local, "series"))
    cluster.client.wait_for_workers(2, timeout=60)  # the nanny restarts the worker


def test_cli_dask_executor_with_its_own_local_cluster(local, tmp_path):
    out = tmp_path / "cli"
    res = run_cli("batch", "ukraine_2025", "--reps", "12", "--vary", "battle.advance_max=0.1,0.2,0.3",
                  "--days", "120", "--series", "weekly", "--chunk-runs", "3", "--seed", "5",
                  "--executor", "dask", "--threads", "2", "--no-progress", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "already in use" not in res.stderr, res.stderr
    assert read(out).equals(read(local))


def test_unreachable_scheduler_is_one_line_exit_2(tmp_path):
    res = run_cli("batch", "ukraine_2025", "--reps", "1", "--days", "2", "--executor", "dask",
                  "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "x"), timeout=120)
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0]


def test_closing_the_local_cluster_prints_no_heartbeat_traceback(capfd):
    """A heartbeat in flight as a worker closes (a race in distributed) logs no traceback."""
    from tests.dask_race import FORCED, HeartbeatInFlightAtClose

    with DaskExecutor(workers=1) as ex:
        ex.client.register_plugin(HeartbeatInFlightAtClose())
    err = capfd.readouterr().err
    assert FORCED in err  # the race did happen
    assert "Traceback" not in err and "heartbeat" not in err.replace(FORCED, ""), err
    assert "already in use" not in err, err  # the scheduler's HTTP port is a free one


def test_a_running_workers_heartbeat_failure_is_still_printed():
    """Only a closing worker's heartbeat failure is dropped, not every one."""
    from distributed.core import Status

    from engine.batch.dask_cluster import HEARTBEAT_FAILED, _HeartbeatAtCloseFilter

    class Worker:  # the filter holds a weak reference to its worker
        status = Status.running

    worker = Worker()
    keep = _HeartbeatAtCloseFilter(worker).filter

    def record(msg):
        return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, msg, None, None)

    assert keep(record(HEARTBEAT_FAILED + "."))
    worker.status = Status.closing
    assert not keep(record(HEARTBEAT_FAILED + "."))
    assert keep(record("Compute Failed"))
