"""Executors: where chunks run. Interchangeable context managers with one method,
``run(tasks, on_done)``, that calls ``on_done(record)`` as each chunk finishes.

``LocalExecutor``  chunks one after another in this process; each chunk is one
                   Numba ``prange`` call over its runs on ``threads`` threads.
``DaskExecutor``   chunks as tasks on a Dask distributed cluster: a LocalCluster
                   of worker processes (spawned, never forked), or an existing
                   scheduler (``tcp://host:8786``; SLURM via dask-jobqueue,
                   Kubernetes via dask-kubernetes: docs/datasets.md). Each task
                   steps its chunk serially and writes its own Parquet files, so
                   a worker killed mid-task loses nothing: the scheduler reruns
                   the task elsewhere and the rerun overwrites the same file with
                   the same bytes.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable

from engine.batch.runner import ChunkTask, run_chunk
from engine.errors import UsageError


class LocalExecutor:
    """Run chunks in this process, ``threads`` Numba threads per chunk."""

    name = "local"

    def __init__(self, threads: int | None = None, scenarios: dict | None = None):
        self.threads = threads
        self.scenarios = scenarios

    def __enter__(self) -> LocalExecutor:
        if self.threads:
            import numba

            numba.set_num_threads(min(self.threads, numba.config.NUMBA_NUM_THREADS))
        return self

    def __exit__(self, *exc) -> None:
        return None

    def run(self, tasks: Iterable[ChunkTask], on_done: Callable[[dict], None]) -> None:
        for task in tasks:
            on_done(run_chunk(task, parallel=True, scenarios=self.scenarios))


def _dask_task(task: ChunkTask) -> dict:
    # One thread per task: Numba's parallel backends do not allow concurrent
    # parallel regions from several Python threads of one worker.
    return run_chunk(task, parallel=False)


class DaskExecutor:
    """Run chunks on a Dask distributed cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler; without it a LocalCluster is started
        with ``workers`` single-threaded worker processes.
    workers : int, optional
        LocalCluster size (default: the CPU count).
    in_flight : int, optional
        Most tasks submitted at once (default: twice the worker count), so the
        scheduler's memory stays bounded however many chunks there are.
    """

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int | None = None, in_flight: int | None = None
    ):
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.in_flight = in_flight
        self.cluster = None
        self.client = None
        self._token = uuid.uuid4().hex[:8]

    def __enter__(self) -> DaskExecutor:
        import dask
        from distributed import Client

        from engine.batch.dask_cluster import start_local_cluster

        dask.config.set({"distributed.worker.multiprocessing-method": "spawn"})
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="10s")
            else:
                self.cluster, self.client = start_local_cluster(self.workers)
        except (OSError, TimeoutError, ValueError) as exc:
            self.__exit__()
            where = self.scheduler or "a local cluster"
            raise UsageError(f"--executor dask: cannot connect to {where} ({exc})") from None
        return self

    def __exit__(self, *exc) -> None:
        from engine.batch.dask_cluster import close_local_cluster

        close_local_cluster(self.cluster, self.client)
        self.cluster = self.client = None

    def n_workers(self) -> int:
        info = self.client.scheduler_info(n_workers=-1) if self.client else {}
        return max(1, len(info.get("workers", {})))

    def run(self, tasks: Iterable[ChunkTask], on_done: Callable[[dict], None]) -> None:
        from distributed import as_completed

        todo = iter(tasks)
        limit = self.in_flight or 2 * self.n_workers()
        pending = as_completed()
        for task in todo:
            pending.add(self._submit(task))
            if pending.count() >= limit:
                break
        for fut in pending:
            on_done(fut.result())
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                pending.add(self._submit(nxt))

    def _submit(self, task: ChunkTask):
        # pure=False: a rerun after a lost worker must run again, not be
        # deduplicated against a key the scheduler thinks is done.
        return self.client.submit(_dask_task, task, key=f"warsim-chunk-{task.chunk:06d}-{self._token}",
                                  pure=False, retries=2)
