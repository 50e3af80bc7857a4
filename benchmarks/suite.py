"""The benchmark suite: run the benchmarks, write the results table.

``python -m benchmarks.suite [--quick] [--out DIR]`` or ``warsim bench``.
Each benchmark is a module with ``run(quick) -> list[Figure]``; a benchmark
that fails (for instance because the engine and the reference stopped
agreeing) is recorded as an ``error`` row and the others still run.
"""

from __future__ import annotations

import importlib
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import polars as pl

from benchmarks import results
from benchmarks.results import Figure

BENCHMARKS = ("single", "batch", "scaling", "bandwidth", "startup", "threads")


def run_suite(
    quick: bool = False,
    out: str | Path | None = None,
    only: list[str] | None = None,
    log: Callable[[str], None] = print,
) -> tuple[pl.DataFrame, dict[str, Path], list[str]]:
    """Run the suite and write its table; return ``(frame, paths written, failed names)``."""
    names = list(only or BENCHMARKS)
    suite_id, created = results.new_suite_id()
    info = results.machine()
    figures: list[Figure] = []
    failed: list[str] = []
    for name in names:
        t0 = time.perf_counter()
        log(f"bench: {name} ...")
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            got = module.run(quick)
        except Exception as exc:  # noqa: BLE001 - record and go on with the others
            failed.append(name)
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            log(f"bench: {name} FAILED: {detail}")
            got = [Figure(name, "error", "error", "", float("nan"), note=detail[:500])]
        figures.extend(got)
        for f in got:
            if f.metric == "agreement" and f.value != 1.0:
                log(f"bench: {name} WARNING: {f.note}")
        log(f"bench: {name} done in {time.perf_counter() - t0:.1f} s")
        for f in got:
            if f.metric != "error":
                log("  " + _line(f))
    frame = results.to_frame(figures, suite_id, created, quick, info)
    paths = results.write(frame, Path(out) if out else results.RESULTS_DIR)
    return frame, paths, failed


def _line(f: Figure) -> str:
    met = f.target_met()
    flag = "" if met is None else ("  [target met]" if met else f"  [target {f.target:g} MISSED]")
    return f"{f.case:<34} {f.metric:<18} {f.value:>12.4g} {f.unit}{flag}"


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(prog="python -m benchmarks.suite")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=None)
    p.add_argument("--only", default=None)
    a = p.parse_args()
    run_suite(a.quick, a.out, a.only.split(",") if a.only else None)
