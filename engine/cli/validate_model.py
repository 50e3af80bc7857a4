"""``warsim validate-model``: rewrite docs/validation.md from engine runs."""

from __future__ import annotations

import time
from pathlib import Path

from engine.errors import UsageError

NAME = "validate-model"
HELP = "regenerate the validation report (closed forms, backtest, sensitivity)"


def register(p) -> None:
    p.add_argument("--out", default="docs/validation.md", help="report path")
    p.add_argument("--seeds", type=int, default=200, help="backtest seeds")
    p.add_argument("--samples", type=int, default=128, help="Sobol base samples")
    p.add_argument("--reps", type=int, default=10, help="replicates per sensitivity point")
    p.add_argument("--quick", action="store_true", help="small sample sizes (a smoke test)")
    p.add_argument("--no-figures", action="store_true", help="skip the PNG figures")


def main(args) -> int:
    from engine.validation import build_report

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"--out: {out.parent}: no such folder")
    for name in ("seeds", "samples", "reps"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name}: must be at least 1")
    seeds, samples, reps = (20, 4, 2) if args.quick else (args.seeds, args.samples, args.reps)
    t0 = time.perf_counter()
    build_report(out, seeds=seeds, samples=samples, reps=reps, figures=not args.no_figures)
    print(f"wrote {out} in {time.perf_counter() - t0:.0f} s")
    return 0
