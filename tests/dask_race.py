"""Test helper: a worker plugin that makes the heartbeat-at-close race of ``distributed`` certain.

Imported by spawned Dask workers (so it imports nothing heavy). See
engine/batch/dask_cluster.py for the race and the project's answer to it.
"""

from __future__ import annotations

import asyncio
import os

from distributed import WorkerPlugin

FORCED = "dask_race: heartbeat in flight as the worker closes its connections"


class HeartbeatInFlightAtClose(WorkerPlugin):
    """Send a heartbeat as the closing worker shuts its connection pool.

    ``Worker.close`` stops the heartbeat's periodic callback but not a heartbeat
    already under way, then closes the pool (``worker.rpc``). Here the pool's ``close``
    starts a heartbeat and closes the pool as soon as that heartbeat holds its
    connection to the scheduler, so the heartbeat fails as in a real shutdown where it
    was unlucky; ``FORCED`` on stderr says it happened.
    """

    name = "test-heartbeat-in-flight-at-close"

    def setup(self, worker) -> None:
        pool = worker.rpc
        close, connect = pool.close, pool.connect

        async def connect_then_close(addr, **kw):
            comm = await connect(addr, **kw)
            pool.connect = connect
            os.write(2, (FORCED + "\n").encode())
            await close()
            return comm

        async def close_during_heartbeat():
            pool.close = close
            pool.connect = connect_then_close
            await asyncio.create_task(worker.heartbeat())
            if pool.connect is connect_then_close:  # the heartbeat did not connect
                pool.connect = connect
                await close()

        pool.close = close_during_heartbeat
