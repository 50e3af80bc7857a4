"""``warsim batch`` options (argparse only: imported on every ``warsim`` start)."""

from __future__ import annotations

import argparse

NAME = "batch"
HELP = "Monte Carlo batch over a design of lever values, stored as Parquet"


def register(p: argparse.ArgumentParser) -> None:
    from engine.cli import int_in as _int  # engine.cli is loaded: it is what calls register

    p.description = (
        "Run many seeds of a scenario at each point of a design and write the results "
        "dataset (docs/datasets.md). Run j of a design point has seed SEED + j: "
        "`warsim run SCENARIO --seed SEED+j --set PATH=VALUE ...` replays it."
    )
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
