"""``warsim bench [--quick] [--out DIR] [--only NAME,...]``: the benchmark suite."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.errors import UsageError

NAME = "bench"
HELP = "benchmark suite: engine vs the plain Mesa reference and mesa.batch_run, scaling, hardware limit"


def register(p) -> None:
    p.add_argument("--quick", action="store_true",
                   help="small sizes and few repeats (under two minutes); for checking that it works")
    p.add_argument("--out", default=None,
                   help="folder for the results table (default: benchmarks/results)")
    p.add_argument("--only", default=None, metavar="NAME,...",
                   help="run only these benchmarks: single, batch, scaling, bandwidth, startup, threads")


def main(args) -> int:
    from benchmarks.suite import BENCHMARKS, run_suite

    only = None
    if args.only:
        only = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in only if n not in BENCHMARKS]
        if unknown or not only:
            raise UsageError(f"--only: unknown benchmark(s) {', '.join(unknown) or '(none given)'}; "
                             f"choose from {', '.join(BENCHMARKS)}")
    if args.out is not None:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {args.out}: exists and is not a folder")
    frame, paths, failed = run_suite(args.quick, args.out, only, log=lambda s: print(s, file=sys.stderr))
    print(f"results: {paths['latest']} ({frame.height} figures); table: {paths['markdown']}")
    if failed:
        print(f"warsim bench: benchmark(s) failed: {', '.join(failed)} (see the error rows)", file=sys.stderr)
        return 1
    return 0
