"""``warsim app``: serve the dashboard (viz/app.py) with ``solara run``.

Solara and the dashboard are imported only by the server process, so this
module stays cheap; ``warsim run`` and ``warsim batch`` never load it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from engine.errors import UsageError

NAME = "app"
HELP = "serve the Solara dashboard (live run and batch explorer) on 127.0.0.1"


def _port(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= v <= 65535:
        raise argparse.ArgumentTypeError(f"{v} is outside [1, 65535]")
    return v


def register(p) -> None:
    p.add_argument(
        "--results",
        default=None,
        metavar="DIR",
        help="results folder the batch explorer may open (default: ./results)",
    )
    p.add_argument("--port", type=_port, default=8765, help="port to listen on (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="check the set-up (results folder, port, offline front-end files) and exit",
    )


# The page needs this front-end bundle in solara's local CDN cache to render offline.
MAIN_ASSET = "@widgetti/solara-vuetify-app@10.1.1"


def app_file() -> Path:
    """Path of viz/app.py, found without importing solara."""
    spec = importlib.util.find_spec("viz")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("warsim app: the viz package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def assets_dir() -> Path:
    """Solara's CDN cache (``SOLARA_ASSETS_PROXY_CACHE_DIR`` or ``<prefix>/share/solara/cdn``)."""
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    return Path(env) if env else Path(sys.prefix) / "share" / "solara" / "cdn"


def check_results(path: str | None) -> Path:
    if path is None:
        return Path("results").resolve()
    p = Path(path)
    if not p.exists():
        raise UsageError(f"--results: {path}: no such folder (run `warsim batch ... --out {path}` first)")
    if not p.is_dir():
        raise UsageError(f"--results: {path}: not a folder")
    return p.resolve()


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
                raise UsageError(f"--port: {port} is in use on {host}; pick another with --port") from None
            raise UsageError(f"--host: cannot listen on {host}:{port} ({exc.strerror})") from None


def server_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app_file()),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def server_env(results: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["WARSIM_RESULTS"] = str(results)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env.setdefault("SOLARA_ASSETS_PROXY_CACHE_DIR", str(assets_dir()))
    return env


def main(args) -> int:
    results = check_results(args.results)
    if not args.host.strip():
        # '' makes the server listen on every interface (and print http://:PORT/): never by accident.
        raise UsageError("--host: empty; give an address (127.0.0.1: this machine only, "
                         "0.0.0.0: every interface)")
    check_port(args.host, args.port)
    if not (assets_dir() / MAIN_ASSET).is_dir():
        print(
            f"warning: solara's front-end files are not in {assets_dir()}; without internet the page "
            "stays blank. Run `python scripts/install_solara_assets.py` (part of `make install`).",
            file=sys.stderr,
        )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: listening on {args.host}: anyone who can reach this machine can use the dashboard",
            file=sys.stderr,
        )
    url_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(
        f"warsim dashboard: http://{url_host}:{args.port}/  (results: {results}; Ctrl+C stops it)", flush=True
    )
    if args.check:
        return 0
    return serve(server_command(args.host, args.port), server_env(results))


# Signals that stop the dashboard: a service manager's TERM, a closed terminal's HUP,
# Ctrl+C's INT (the child is in its own session, so the terminal's INT reaches only us).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def serve(cmd: list[str], env: dict[str, str], grace_s: float = 10.0) -> int:
    """Run the server as a child process and stop it when this process is told to stop.

    The child runs in a session (process group) of its own; on SIGTERM, SIGHUP or
    SIGINT the whole group gets SIGTERM, then SIGKILL if it is still there after
    ``grace_s`` seconds, so no server is left holding the port. Returns 0 after a
    requested stop, else the server's own exit code.
    """
    child = subprocess.Popen(cmd, env=env, start_new_session=True)
    asked: list[int] = []

    def stop(signum, _frame) -> None:
        if not asked:
            _signal_group(child, signal.SIGTERM)
        asked.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        deadline = None
        while child.poll() is None:
            if asked and deadline is None:
                deadline = time.monotonic() + grace_s
            if deadline is not None and time.monotonic() > deadline:
                _signal_group(child, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.1)
    finally:
        if child.poll() is None:  # this process is leaving for another reason: take the server along
            _signal_group(child, signal.SIGKILL)
            child.wait()
        _signal_group(child, signal.SIGTERM)  # anything the server started and left behind
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if asked else child.returncode


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    """Send ``sig`` to the child's process group (its pid: it leads a session of its own)."""
    try:
        os.killpg(child.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
