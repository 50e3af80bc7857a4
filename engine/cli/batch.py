"""``warsim batch SCENARIO ...``: a Monte Carlo batch with a progress bar."""

from __future__ import annotations

import json
import sys

from engine.cli.options import int_in as _int

NAME = "batch"
HELP = "Monte Carlo batch over a design of lever values, stored as Parquet"
DESCRIPTION = (
    "Run many seeds of a scenario at each point of a design and write the results "
    "dataset (docs/datasets.md). `warsim replay DIR --run N` re-runs run N from the "
    "dataset and checks it reproduces."
)


def register(p) -> None:
    p.add_argument("scenario", help="scenario file or name (e.g. ukraine_2025)")
    p.add_argument("--reps", type=_int(1, 10_000_000, "--reps"), default=100,
                   help="runs (seeds) per design point (default 100)")
    p.add_argument("--vary", action="append", default=[], metavar="PATH=LO:HI:N|PATH=A,B,C",
                   help="a varied parameter (repeatable; full factorial by default); "
                        "PATH=LO:HI is a range for --design lhs/sobol")
    p.add_argument("--design", choices=("factorial", "lhs", "sobol"), default=None,
                   help="how points are drawn from the --vary ranges (default factorial)")
    p.add_argument("--samples", type=_int(1, 1_000_000, "--samples"), default=None,
                   help="lhs: points; sobol: base samples N (N*(D+2) points, N a power of 2)")
    p.add_argument("--grid", default=None, metavar="FILE", help="a TOML design file (docs/datasets.md)")
    p.add_argument("--out", required=True, metavar="DIR", help="dataset folder (new or empty, or --resume)")
    p.add_argument("--series", choices=("none", "weekly", "daily"), default="none",
                   help="also store each run's series (default none)")
    p.add_argument("--seed", type=_int(0, 2**62 - 1, "--seed"), default=None,
                   help="base seed (default: the scenario's)")
    p.add_argument("--days", type=_int(1, 3650, "--days"), default=None, help="days per run")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                   help="fix a scenario value for every run (repeatable)")
    p.add_argument("--threads", type=_int(1, 4096, "--threads"), default=None,
                   help="local: Numba threads; dask: LocalCluster worker processes (default: all cores)")
    p.add_argument("--resume", action="store_true",
                   help="continue the batch in --out (same options), or start it if --out is new")
    p.add_argument("--executor", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (--executor dask)")
    p.add_argument("--chunk-runs", type=_int(1, 10_000_000, "--chunk-runs"), default=None,
                   help="runs per chunk (default: about 1%% of the batch, bounded by memory)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the end summary as one JSON object")


def config_from_args(args):
    """The ``BatchConfig`` these options describe."""
    from engine.batch.driver import BatchConfig

    return BatchConfig(
        scenario=args.scenario,
        out=args.out,
        reps=args.reps,
        vary=list(args.vary),
        design=args.design,
        samples=args.samples,
        grid=args.grid,
        series=args.series,
        seed=args.seed,
        days=args.days,
        overrides=list(args.overrides),
        threads=args.threads,
        resume=args.resume,
        executor=args.executor,
        scheduler=args.scheduler,
        chunk_runs=args.chunk_runs,
    )


def main(args) -> int:
    from engine.batch.driver import prepare_batch, run_batch
    from engine.cli.suggest import checked_overrides

    # names checked first, with suggestions; values, ranges and syntax are the driver's
    vary = [("--vary", v.partition("=")[0].strip()) for v in args.vary if "=" in v]
    checked_overrides(args.scenario, args.overrides, vary)
    prep = prepare_batch(config_from_args(args))
    for note in prep.notes:
        print(note, file=sys.stderr)
    if args.no_progress:
        result = run_batch(prep)
    else:
        from engine.cli.progress import ProgressBar

        with ProgressBar("batch") as bar:
            result = run_batch(prep, on_progress=bar.update)
    result["outcomes"] = outcome_shares(result["out"])
    if args.json:
        print(json.dumps(result))
    else:
        print(format_result(result))
    return 0


def outcome_shares(out: str) -> dict[str, float]:
    import polars as pl

    from engine.batch.report import scan_runs

    counts = scan_runs(out).group_by("outcome").agg(pl.len().alias("n")).sort("outcome").collect()
    total = max(int(counts["n"].sum()), 1)
    return {row["outcome"]: row["n"] / total for row in counts.iter_rows(named=True)}


def format_result(r: dict) -> str:
    rate = r["runs_new"] / r["seconds"] if r["seconds"] > 0 else 0.0
    status = "complete" if r["complete"] else "INCOMPLETE"
    lines = [
        f"batch {status}: {r['runs']:,} runs ({r['n_points']} design points x {r['reps']} reps, "
        f"{r['chunks']} chunks) -> {r['out']}",
        f"this session: {r['runs_new']:,} runs in {r['seconds']:.1f} s ({rate:,.0f} runs/s)",
        "outcomes: " + ", ".join(f"{k} {v:.1%}" for k, v in r["outcomes"].items()),
        f"report: warsim report {r['out']}",
    ]
    return "\n".join(lines)
