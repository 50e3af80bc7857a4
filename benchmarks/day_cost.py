"""Cost of a simulated day on the reference scenario: one run, 200 runs, and per phase.

``python -m benchmarks.day_cost`` prints microseconds per run-day (best of 3) for
``build_world`` + ``run_days`` over 365 days, and the plain Mesa reference's time
for one run, as a quick check between full ``warsim bench`` runs.

``python -m benchmarks.day_cost --phases [--set PATH=VALUE ...]`` splits one run's
day by phase (each mechanism's day steps and the record): a driver generated like
``engine/core/day.py``'s ``run_runs`` (the same guards) reads the CPU's cycle counter
(``llvm.readcyclecounter``) between the steps and sums the cycles of each, over
365 days and many seeds; cycles are turned into seconds by timing the counter
against ``time.perf_counter``. The counter reads add about 20-40 cycles a step,
so the per-phase figures sum to a little more than the plain day.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from engine.api import parse_overrides
from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.scenario import load_scenario
from engine.world import build_world


def day_cost(s, n_runs: int = 1, repeats: int = 3) -> float:
    """Best of ``repeats`` seconds per run-day of ``n_runs`` runs for 365 days."""
    best = float("inf")
    for _ in range(repeats):
        w, _ = build_world(s, np.arange(1, n_runs + 1))
        t = time.perf_counter()
        run_days(w, 365, parallel=n_runs > 1)
        best = min(best, time.perf_counter() - t)
    return best / n_runs / 365


# ------------------------------------------------------------------ per phase

_CYCLES = '''
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic


@intrinsic
def cycles(typingctx):
    """The CPU's cycle counter (``llvm.readcyclecounter``, rdtsc on x86)."""

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.IntType(64), [])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.readcyclecounter")
        return builder.call(fn, [])

    return types.int64(), codegen
'''


def profiled_source() -> tuple[str, list[str]]:
    """Source of ``run_profiled(w, r, n_days, acc)`` for the active registry, and the
    phase names (``acc[k]`` sums the cycles of phase ``k``)."""
    from engine import layout as L
    from engine.core import codegen
    from engine.core.registry import active_mechanisms

    day_steps = codegen.steps(active_mechanisms())
    kinds = codegen._field_kinds(list(L.ARRAYS))
    fields: list[str] = []
    for _, _, params in day_steps:
        fields += [p for p in params if p not in codegen.SCALARS and p not in fields]
    for p in ("glob", "state", "front", "series_state", "series_front", "series_global"):
        if p not in fields:
            fields.append(p)
    out = [_CYCLES, "from numba import njit", "from engine import layout as L",
           "from engine.core.day import record"]
    for module, name, _ in day_steps:
        out.append(f"from {module} import {name} as {module.split('.')[-2]}__{name}")
    out += ["", "", "@njit", "def run_profiled(w, r, n_days, acc):",
            "    seed = w.seed[r]", "    record_every = w.record_every[0]"]
    for a in fields:
        k = kinds[a]
        out.append(f"    {a} = w.{a}[r]" if k == "run" else f"    {a} = w.{a}[r : r + 1]" if k == "cell"
                   else f"    {a} = w.{a}")
    out += ["    days = w.day[r : r + 1]", "    for _ in range(n_days):",
            "        if glob[L.G_ENDED] > 0.0:", "            break", "        day = days[0]",
            "        t0 = cycles()"]
    names = []
    for k, (module, name, params) in enumerate(day_steps):
        names.append(f"{module.split('.')[-2]}.{name}")
        out += codegen.step_call(module, name, params, " " * 8)  # behind its guard, as in day.py
        out += ["        t1 = cycles()", f"        acc[{k}] += t1 - t0", "        t0 = t1"]
    names.append("record")
    record = "record(day, record_every, glob, state, front, series_state, series_front, series_global)"
    out += ["        if record_every > 0 and day % record_every == 0:", f"            {record}",
            f"        acc[{len(day_steps)}] += cycles() - t0", "        days[0] = day + 1", ""]
    return "\n".join(out), names


def _load_profiled():
    text, names = profiled_source()
    folder = Path(tempfile.mkdtemp(prefix="warsim_day_profile_"))
    path = folder / "warsim_day_profiled.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("warsim_day_profiled", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, names


def _seconds_per_cycle(module) -> float:
    from numba import njit

    cycles = njit(lambda: module.cycles())
    cycles()
    best = float("inf")
    for _ in range(5):
        t0, c0 = time.perf_counter(), cycles()
        time.sleep(0.05)
        t1, c1 = time.perf_counter(), cycles()
        best = min(best, (t1 - t0) / (c1 - c0))
    return best


def phase_costs(s, n_seeds: int = 50, passes: int = 5) -> dict[str, float]:
    """Mean seconds per simulated day of each phase over ``n_seeds`` runs of 365 days,
    one run at a time on one thread; each run's phase takes its fastest of ``passes``
    passes, so a moment of contention on a shared machine drops out."""
    module, names = _load_profiled()
    w, _ = build_world(s, [1])
    module.run_profiled(w, np.int64(0), np.int64(2), np.zeros(len(names), np.int64))  # compile
    per_cycle = _seconds_per_cycle(module)
    best = np.full((n_seeds, len(names)), np.iinfo(np.int64).max)
    days = 0
    for _ in range(passes):
        w, _ = build_world(s, np.arange(1, n_seeds + 1))
        for r in range(n_seeds):
            acc = np.zeros(len(names), np.int64)
            module.run_profiled(w, np.int64(r), np.int64(365), acc)
            best[r] = np.minimum(best[r], acc)
        days = int(w.day.sum())  # runs may end early
    per_day = best.sum(axis=0) / max(days, 1)
    return {n: float(c * per_cycle) for n, c in zip(names, per_day, strict=True)}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.day_cost", description=__doc__.split("\n")[0])
    p.add_argument("--phases", action="store_true", help="split one run's day by phase")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="scenario override (repeatable), e.g. talks.enabled=false")
    p.add_argument("--seeds", type=int, default=50, help="runs profiled with --phases")
    a = p.parse_args(argv)
    s = load_scenario("ukraine_2025", overrides=parse_overrides(a.set))
    if a.phases:
        costs = phase_costs(s, a.seeds)
        total = sum(costs.values())
        what = ", ".join(a.set) or "reference scenario"
        print(f"per phase, {a.seeds} runs x 365 days, one thread ({what}):")
        for name, sec in sorted(costs.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<28} {sec * 1e9:8.0f} ns/day  {100 * sec / total:5.1f}%")
        print(f"  {'sum':<28} {total * 1e9:8.0f} ns/day")
        print(f"plain day (no counters): {day_cost(s) * 1e6:.2f} us/day")
        return
    for n in (1, 200):
        sec = day_cost(s, n)
        print(f"{n:>4} runs: {sec * n * 365 * 1e3:8.1f} ms  {sec * 1e6:6.2f} us per run-day")
    t = time.perf_counter()
    m = ReferenceModel(s, seed=1)
    while m.running:
        m.step()
    print(f"reference, one run: {(time.perf_counter() - t) * 1e3:.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
