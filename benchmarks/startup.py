"""Start-up: a fresh process that imports warsim and finishes a one-day run.

``warsim run ukraine_2025 --days 1 --json`` is started as a new Python
process (``python -m engine.cli``), with the Numba kernel cache warm (the
kernels are loaded from ``__pycache__``) and cold (``NUMBA_CACHE_DIR``
pointing at an empty folder, so every kernel compiles). The bare interpreter's
start-up (``python -c pass``) is reported alongside for scale.

``python -m benchmarks.startup [REPEATS]`` profiles the warm start instead: fresh
processes that take the steps of that command one at a time (imports, Numba's target
context, the scenario, the world, the first call of the driver, the summary) under the
same garbage-collector settings as the command, and print each step's median seconds,
with the interpreter's start and exit measured from outside.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


# The steps of ``warsim run ukraine_2025 --days 1 --json`` one at a time, in its order, in
# a fresh process (engine.cli.main and engine.cli.run.main do the same in fewer lines).
_STAGES = r"""
import json, time
t = [("start", time.time())]
def mark(name):
    t.append((name, time.time()))
import numpy; mark("numpy")
import numba; mark("numba import")
import atexit, engine.cli, engine.cli.run
atexit.register(engine.cli._no_collection_at_exit)  # as engine.cli.main does
engine.cli.build_parser(); mark("engine, CLI parser")
with engine.cli.collection_paused():
    from numba.core.registry import cpu_target
    cpu_target.target_context.refresh(); mark("numba target context (its BLAS check imports scipy.linalg)")
    import engine.scenario; mark("pydantic, scenario schemas")
    import engine.api, engine.core.simulate; mark("kernel modules, day module check")
    from engine.cli.suggest import checked_overrides
    s = engine.scenario.load_scenario("ukraine_2025", checked_overrides("ukraine_2025", []))
    mark("load_scenario")
    w, st = engine.world.build_world(s, [s.scenario.seed], days=1, record_every=1); mark("build_world")
    engine.core.simulate.run_days(w, st.days, parallel=False); mark("first run_days (driver from the cache)")
    result, log = engine.cli.run.explain_and_write(w, st, None, False)
    json.dumps(result); mark("summary, reason, JSON")
print("STAGES " + json.dumps(t))
"""


def stages(repeats: int = 7) -> list[tuple[str, float, float, float]]:
    """``(step, median, min, max)`` seconds of the warm start's steps over ``repeats``
    fresh processes (after one untimed process), the interpreter's start and exit included."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    per: dict[str, list[float]] = {}
    for k in range(repeats + 1):
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-c", _STAGES], cwd=ROOT, capture_output=True, text=True,
                              env=base, timeout=600)
        t1 = time.time()
        line = next((x for x in proc.stdout.splitlines() if x.startswith("STAGES ")), None)
        if proc.returncode != 0 or line is None:
            raise RuntimeError(f"stage profile failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
        marks = json.loads(line.removeprefix("STAGES "))
        steps = [("interpreter start", marks[0][1] - t0)]
        steps += [(name, t - marks[i][1]) for i, (name, t) in enumerate(marks[1:])]
        steps.append(("interpreter exit", t1 - marks[-1][1]))
        steps.append(("total", t1 - t0))
        if k:  # the first process is the warm-up
            for name, sec in steps:
                per.setdefault(name, []).append(sec)
    return [(name, statistics.median(v), min(v), max(v)) for name, v in per.items()]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    load = os.getloadavg()
    rows = stages(n)
    print(f"warm start by step, medians of {n} fresh processes (load average {load[0]:.2f} at the start, "
          f"{os.getloadavg()[0]:.2f} at the end)")
    for name, med, lo, hi in rows:
        print(f"{med * 1e3:8.1f} ms  ({lo * 1e3:6.1f}-{hi * 1e3:6.1f})  {name}")
