"""The LocalCluster that ``warsim batch`` and ``warsim calibrate`` start with ``--executor dask``.

Imported only when Dask is used (``distributed`` is slow to import).

Shutdown is quiet on a successful run. The client is closed first, then the cluster,
which retires and closes its workers before it stops the scheduler. That order alone
does not silence one error: ``distributed`` (issues dask/distributed#3251, #7105,
#7891) lets a worker's periodic heartbeat run while the worker closes, and a
heartbeat whose request is still in flight when the worker shuts its own connection
pool is logged at ERROR with a ~25-line ``CommClosedError`` traceback. Nothing is
lost (the worker is closing anyway), but it showed at the end of a long calibration
fit on a loaded machine. :class:`QuietHeartbeatAtClose`, a worker plugin, drops that one log
record, and only while its worker is closing; every other worker error, and a
heartbeat failure of a running worker, is still printed.
"""

from __future__ import annotations

import logging
import weakref

from distributed import Client, LocalCluster, WorkerPlugin
from distributed.core import Status

# distributed.worker.Worker.heartbeat's message when the RPC fails with an OSError
HEARTBEAT_FAILED = "Failed to communicate with scheduler during heartbeat"
# the worker statuses from which it no longer needs its heartbeat
CLOSING = (Status.closing, Status.closed)


class _HeartbeatAtCloseFilter(logging.Filter):
    """Drop ``HEARTBEAT_FAILED`` records logged while ``worker`` is closing or closed."""

    def __init__(self, worker) -> None:
        super().__init__()
        self._worker = weakref.ref(worker)

    def filter(self, record: logging.LogRecord) -> bool:
        worker = self._worker()
        closing = worker is None or worker.status in CLOSING
        return not (closing and record.getMessage().startswith(HEARTBEAT_FAILED))


class QuietHeartbeatAtClose(WorkerPlugin):
    """Worker plugin: no heartbeat traceback from a worker that is closing (module docstring).

    The filter stays on the ``distributed.worker`` logger after the plugin's teardown:
    the heartbeat fails after the worker has removed its plugins.
    """

    name = "warsim-quiet-heartbeat-at-close"

    def setup(self, worker) -> None:
        logging.getLogger("distributed.worker").addFilter(_HeartbeatAtCloseFilter(worker))


def start_local_cluster(workers: int) -> tuple[LocalCluster, Client]:
    """A LocalCluster of ``workers`` single-threaded worker processes and a client on it.

    The caller closes the client, then the cluster (:func:`close_local_cluster`).

    Parameters
    ----------
    workers : int
        Worker processes (one thread each: Numba's parallel backends do not allow
        concurrent parallel regions from several Python threads of one process).
    """
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,  # no Bokeh dashboard
        # The scheduler still serves /health and /metrics over HTTP; a free port,
        # not 8787, so a second cluster on the machine does not warn on stderr.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)
        client.register_plugin(QuietHeartbeatAtClose())
    except BaseException:
        cluster.close()
        raise
    return cluster, client


def close_local_cluster(cluster: LocalCluster | None, client: Client | None) -> None:
    """Close the client, then the cluster (its workers before its scheduler)."""
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()
