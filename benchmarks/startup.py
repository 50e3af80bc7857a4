"""Start-up: a fresh process that imports warsim and finishes a one-day run.

``warsim run ukraine_2025 --days 1 --json`` is started as a new Python
process (``python -m engine.cli``), with the Numba kernel cache warm (the
kernels are loaded from ``__pycache__``) and cold (``NUMBA_CACHE_DIR``
pointing at an empty folder, so every kernel compiles). The bare interpreter's
start-up (``python -c pass``) is reported alongside for scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import interleaved
from benchmarks.results import Figure

TARGET_WARM_S = 1.0
ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "engine.cli", "run", "ukraine_2025", "--days", "1", "--json"]


def _run(args: list[str], env: dict | None = None) -> None:
    # Python's own bytecode cache as a user has it: PYTHONDONTWRITEBYTECODE (set in some
    # sandboxes) would recompile every engine module from source in every process, about
    # 0.15 s that no installed warsim pays; the untimed warm-up round writes the .pyc files.
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, **(env or {})}, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"start-up run failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")


def run(quick: bool) -> list[Figure]:
    repeats = 3 if quick else 7
    t = interleaved({"python": lambda: _run(["-c", "pass"]), "warm": lambda: _run(COMMAND)},
                    repeats=repeats, warmup=1)
    figures = [
        Figure("startup", "python_c_pass", "seconds", "s", t["python"].median, t["python"].low,
               t["python"].high, repeats, note="bare interpreter start, for scale"),
        Figure("startup", "warm_cache", "seconds", "s", t["warm"].median, t["warm"].low, t["warm"].high,
               repeats, target=TARGET_WARM_S, sense="<=",
               note="python -m engine.cli run ukraine_2025 --days 1 --json, kernels from the cache"),
    ]
    if not quick:
        cold_repeats = 2

        def cold():
            with tempfile.TemporaryDirectory(prefix="cold-numba-cache-") as d:
                _run(COMMAND, env={"NUMBA_CACHE_DIR": d})

        c = interleaved({"cold": cold}, repeats=cold_repeats, warmup=0)["cold"]
        figures.append(Figure("startup", "cold_cache", "seconds", "s", c.median, c.low, c.high, cold_repeats,
                              note="same with NUMBA_CACHE_DIR an empty folder: every kernel compiles"))
    return figures
