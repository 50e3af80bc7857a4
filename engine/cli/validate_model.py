"""``warsim validate-model``: rewrite docs/validation.md from engine runs."""

from __future__ import annotations

import time
from pathlib import Path

from engine.errors import UsageError


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
