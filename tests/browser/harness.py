"""Helpers for real-browser tests of the Solara dashboard.

The tests drive Debian's ``chromium`` (``scripts/setup_browser.sh``) through
Playwright; ``playwright install`` is never used. Solara's front-end files must
be in its CDN cache (``scripts/install_solara_assets.py``), since the page
cannot reach a CDN here.

Typical use::

    from playwright.sync_api import expect, sync_playwright
    from tests.browser import harness

    def test_step(tmp_path):
        harness.require_chromium()
        port = harness.free_port()
        proc = harness.start_server(harness.solara_cmd("viz/app.py", port), port)
        try:
            with sync_playwright() as pw:
                browser = harness.launch_chromium(pw)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                harness.wait_for_button(page, "Step")  # kernel + websocket ready
                page.get_by_role("button", name="Step", exact=True).click()
                expect(page.get_by_text("Step: 1")).to_be_visible()
                browser.close()
        finally:
            harness.stop_server(proc)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Return the path of the system chromium, or None.

    Returns
    -------
    str or None
        ``shutil.which("chromium")``.
    """
    return shutil.which("chromium")


def require_chromium() -> str:
    """Skip the calling test when chromium is missing, except on CI.

    Returns
    -------
    str
        Path of the chromium executable.

    Raises
    ------
    pytest.skip.Exception
        Chromium is missing and ``CI`` is not set.
    pytest.fail.Exception
        Chromium is missing and ``CI`` is set: on CI a missing browser is an error.
    """
    path = chromium_path()
    if path:
        return path
    reason = "chromium not installed: run `bash scripts/setup_browser.sh` (Debian package chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; browser tests must run on CI", pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")


def launch_chromium(playwright, **kwargs):
    """Launch headless system chromium with offline-friendly flags.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        The object from ``sync_playwright()``.
    **kwargs
        Passed on to ``playwright.chromium.launch``.

    Returns
    -------
    playwright.sync_api.Browser
        The launched browser.
    """
    path = require_chromium()
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, **kwargs)


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now.

    Returns
    -------
    int
        Port number chosen by the OS (8765 may be taken by another server).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assets_cache_dir() -> Path:
    """Return the solara CDN cache dir used by the venv.

    Returns
    -------
    Path
        ``$SOLARA_ASSETS_PROXY_CACHE_DIR`` if set, else ``<sys.prefix>/share/solara/cdn``.
    """
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(env) if env else Path(sys.prefix) / "share" / "solara" / "cdn"


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment for a solara server subprocess.

    Parameters
    ----------
    extra : dict[str, str] or None
        Variables added last (they win).

    Returns
    -------
    dict[str, str]
        ``os.environ`` plus telemetry off and the assets cache dir.
    """
    env = dict(os.environ)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(assets_cache_dir())
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra or {})
    return env


def solara_cmd(app: str | os.PathLike, port: int) -> list[str]:
    """Build the ``solara run`` command line for a test server.

    Parameters
    ----------
    app : str or os.PathLike
        App file or module (``path/app.py`` or ``pkg.module``).
    port : int
        Port to listen on (on 127.0.0.1).

    Returns
    -------
    list[str]
        Command using the current interpreter's ``solara`` CLI.
    """
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def start_server(
    cmd: list[str],
    port: int,
    env: dict[str, str] | None = None,
    timeout: float = 90,
    log_path: str | os.PathLike | None = None,
) -> subprocess.Popen:
    """Start a server in its own process group and wait until HTTP answers.

    Parameters
    ----------
    cmd : list[str]
        Command line, e.g. from :func:`solara_cmd`.
    port : int
        Port polled at ``http://127.0.0.1:<port>/``.
    env : dict[str, str] or None
        Extra environment variables, on top of :func:`server_env`.
    timeout : float
        Seconds to wait for the first HTTP answer.
    log_path : path-like or None
        File receiving the server's stdout and stderr (default: an anonymous
        temporary file, kept as ``proc.log_file``; a pipe left unread would
        block the server once full). On failure its tail is in the error.

    Returns
    -------
    subprocess.Popen
        The running server; stop it with :func:`stop_server`.

    Raises
    ------
    RuntimeError
        The server exited or did not answer within ``timeout``.
    """
    log = open(log_path, "w+b") if log_path else tempfile.TemporaryFile()
    proc = subprocess.Popen(
        cmd, env=server_env(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.log_file = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return proc
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return proc
        except OSError:
            pass
        time.sleep(0.25)
    stop_server(proc, close_log=False)
    log.seek(0)
    out = log.read()
    log.close()
    raise RuntimeError(
        f"server {cmd!r} did not answer on {url} within {timeout} s "
        f"(exit code {proc.returncode}):\n{out.decode(errors='replace')[-3000:]}"
    )


def server_log(proc: subprocess.Popen) -> str:
    """Return what a server from :func:`start_server` has printed so far.

    Parameters
    ----------
    proc : subprocess.Popen
        The server process.

    Returns
    -------
    str
        Its combined stdout and stderr (empty if the log is closed).
    """
    log = getattr(proc, "log_file", None)
    if log is None or log.closed:
        return ""
    log.flush()
    with open(log.fileno(), "rb", closefd=False) as f:
        f.seek(0)
        return f.read().decode(errors="replace")


def stop_server(proc: subprocess.Popen, timeout: float = 10, close_log: bool = True) -> None:
    """Stop a server started by :func:`start_server` (its whole process group).

    Parameters
    ----------
    proc : subprocess.Popen
        The server process (leader of its own session/process group).
    timeout : float
        Seconds to wait after SIGTERM before SIGKILL.
    close_log : bool
        Close the server's log file (``proc.log_file``) afterwards.
    """
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout)
    log = getattr(proc, "log_file", None)
    if close_log and log is not None:
        log.close()


def wait_for_button(page, name: str = "Step", timeout: float = 60) -> None:
    """Wait until a Solara page shows a button, failing fast on an app error.

    Solara renders a Python exception in the page (a traceback) instead of the
    app; waiting only for the button would then hang for the whole timeout.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A page that has been navigated to the app.
    name : str
        Exact accessible name of the button (SolaraViz: "Step", "Reset").
    timeout : float
        Seconds to wait in all.

    Raises
    ------
    AssertionError
        The app shows a traceback, or the button did not appear in time.
    """
    button = page.get_by_role("button", name=name, exact=True)
    error = page.get_by_text("Traceback (most recent call last)")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if button.first.is_visible():
            return
        if error.count():
            raise AssertionError(f"app raised an error:\n{error.first.inner_text()[-3000:]}")
        page.wait_for_timeout(200)
    raise AssertionError(f"button {name!r} not visible after {timeout} s")
