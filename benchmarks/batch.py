"""Batch: ``warsim batch`` (its Python API) against ``mesa.batch_run(ReferenceModel, ...)``.

Same grid (one battle parameter at two values times ``reps`` seeds), same
days, the same number of cores (Numba threads for the engine, worker
processes for ``batch_run``), the same collected outputs (final territory
change and casualties per state, outcome), checked equal run by run. Each
side does the whole job a user would: the engine validates the design, steps
the chunks and writes the Parquet dataset; ``batch_run`` starts its process
pool, builds and steps each model and collects its DataCollector rows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.harness import agreement, interleaved, ratio_spread
from benchmarks.peer import assert_same_outputs
from benchmarks.results import Figure

TARGET_RATIO = 500.0
PARAM = "battle.mu"
VALUES = (0.45, 0.55)


def threads_in_use() -> int:
    import numba

    return int(numba.config.NUMBA_NUM_THREADS)


def run(quick: bool, scenario: str = "ukraine_2025", base_seed: int = 1) -> list[Figure]:
    import mesa
    import polars as pl

    from benchmarks.peer import CollectingReferenceModel
    from engine.batch.driver import BatchConfig, run_batch

    # WARSIM_BENCH_BATCH_REPS shrinks the full run: with the bargaining talks the
    # reference's plain-Python side takes about a second per run of 365 days
    reps = 8 if quick else int(os.environ.get("WARSIM_BENCH_BATCH_REPS", "100"))
    days = 60 if quick else 365
    repeats = 1 if quick else 3
    cores = threads_in_use()
    n_runs = reps * len(VALUES)
    tmp = Path(tempfile.mkdtemp(prefix="warsim-bench-batch-"))
    counter = [0]

    def engine_batch():
        counter[0] += 1
        out = tmp / f"engine-{counter[0]}"
        cfg = BatchConfig(scenario=scenario, out=str(out), reps=reps,
                          vary=[f"{PARAM}={','.join(str(v) for v in VALUES)}"],
                          seed=base_seed, days=days, threads=cores, series="none")
        run_batch(cfg)
        frame = pl.read_parquet(out / "runs" / "**" / "*.parquet")
        shutil.rmtree(out, ignore_errors=True)
        return frame

    def mesa_batch():
        return mesa.batch_run(
            CollectingReferenceModel,
            parameters={"scenario": scenario, "seed": [base_seed + k for k in range(reps)],
                        "days": days, PARAM.replace(".", "__"): list(VALUES)},
            number_processes=cores,
            iterations=1,
            data_collection_period=-1,
            max_steps=days + 1,
            display_progress=False,
        )

    def check(outputs):
        frame, rows = outputs["engine"], outputs["mesa"]
        if frame.height != n_runs or len(rows) != n_runs:
            raise AssertionError(f"batch: {frame.height} engine rows, {len(rows)} mesa rows, want {n_runs}")
        keys = [k for k in rows[0]
                if k.startswith(("territory_change_km2_", "casualties_")) or k == "outcome"]
        by_run = {(int(r["seed"]), float(r[PARAM])): r for r in frame.iter_rows(named=True)}
        for row in rows:
            got = by_run[(int(row["seed"]), float(row[PARAM.replace(".", "__")]))]
            assert_same_outputs({k: row[k] for k in keys}, {k: got[k] for k in keys},
                                f"batch seed {row['seed']}")

    try:
        t = interleaved({"engine": engine_batch, "mesa": mesa_batch}, repeats=repeats, warmup=1, check=check)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    note = (f"{scenario}, {PARAM} in {list(VALUES)} x {reps} seeds = {n_runs} runs of {days} days, "
            f"{cores} cores each side; outputs compared run by run: see outputs_equal")
    figures = [agreement("batch", t, "every run: same territory, casualties and outcome (rtol 1e-9)",
                         runs=n_runs, threads=cores)]
    for name, timing in t.items():
        case = "warsim_batch" if name == "engine" else "mesa_batch_run"
        figures.append(Figure("batch", case, "seconds", "s", timing.median, timing.low, timing.high, repeats,
                              runs=n_runs, threads=cores, note=note))
        figures.append(Figure("batch", case, "runs_per_s", "1/s", n_runs / timing.median,
                              n_runs / timing.high, n_runs / timing.low, repeats, runs=n_runs,
                              threads=cores, note=note))
    value, low, high = ratio_spread(t["mesa"], t["engine"])
    figures.append(Figure("batch", "warsim_batch_vs_mesa_batch_run", "ratio", "x", value, low, high, repeats,
                          runs=n_runs, threads=cores, target=TARGET_RATIO,
                          note="mesa.batch_run seconds / warsim batch seconds, medians; " + note))
    return figures
