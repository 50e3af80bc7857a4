"""`warsim app`: SIGTERM (or SIGHUP) stops the solara server it started, and frees the port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(results, port: int, log) -> subprocess.Popen:
    # output to a file, not a pipe: a server left behind would keep a pipe open forever
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "app", "--results", str(results), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 240  # solara's first start imports a lot on a busy machine
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"warsim app exited {proc.returncode}: {Path(log.name).read_text()}")
            time.sleep(0.5)
    proc.kill()
    pytest.fail("warsim app did not start listening in 240 s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_stops_the_server_and_frees_the_port(tmp_path, sig):
    port = free_port()
    log = open(tmp_path / "app.log", "w")  # noqa: SIM115 - closed in finally
    proc = start_app(tmp_path, port, log)
    server = []
    try:
        server = psutil.Process(proc.pid).children(recursive=True)
        assert server, "warsim app should run the server as a child process"
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == 0, (tmp_path / "app.log").read_text()
        _, alive = psutil.wait_procs(server, timeout=30)
        assert not alive, f"server processes left running: {alive}"
        with socket.socket() as s:  # the port is free again
            s.bind(("127.0.0.1", port))
    finally:
        for p in [*server, psutil.Process(proc.pid)] if proc.poll() is None else server:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        log.close()
