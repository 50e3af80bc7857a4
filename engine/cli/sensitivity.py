"""``warsim sensitivity``: Sobol or Morris indices of the main outcomes."""

from __future__ import annotations

import contextlib
import json
import os
import time

from engine.cli.options import DAYS, SEED, add_set_option, int_in

NAME = "sensitivity"
HELP = "global sensitivity analysis (Sobol or Morris, via SALib)"

_positive = int_in(1, 1_000_000)


def register(p) -> None:
    p.add_argument("scenario", help="scenario file or name")
    p.add_argument(
        "--params", required=True,
        help="comma-separated lever names or PATH=LO:HI ranges (e.g. us_pressure,battle.mu=0.3:0.7)",
    )
    p.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    p.add_argument("--samples", type=_positive, default=64,
                   help="base samples (Sobol: N, runs N*(k+2) points; Morris: trajectories)")
    p.add_argument("--reps", type=_positive, default=20, help="replicates per sample point")
    p.add_argument("--days", type=DAYS, default=None)
    p.add_argument("--seed", type=SEED, default=1, help="base seed of the replicates")
    add_set_option(p)
    p.add_argument("--out", default=None, help="folder for indices.parquet and sample.parquet")
    p.add_argument("--json", action="store_true", help="print the indices as JSON")


def main(args) -> int:
    import polars as pl

    from engine.api import output_folder
    from engine.batch.lock import writer_lock
    from engine.cli.suggest import checked_overrides
    from engine.scenario import load_scenario
    from engine.sensitivity import OUTCOMES, analyze, evaluate, parse_parameters, ranking, sample

    # a parameter is a lever name or PATH=LO:HI; names are checked first, with suggestions
    specs = [s.strip() for s in args.params.split(",") if s.strip()]
    paths = [("--params", s.partition("=")[0].strip() if "=" in s else s.removeprefix("levers."))
             for s in specs]
    base = load_scenario(args.scenario, checked_overrides(args.scenario, args.overrides, paths))
    params = parse_parameters(args.params.split(","), base)
    for p in params:  # check every path before spending time
        load_scenario(base, {p.path: p.lo})
    out = output_folder(args.out) if args.out else None
    X = sample(args.method, params, args.samples, seed=args.seed)
    t0 = time.perf_counter()
    # One writer per results folder (engine.batch.lock), held from the first run to the last file.
    with writer_lock(out) if out else contextlib.nullcontext():
        Y = evaluate(base, params, X, args.reps, days=args.days, base_seed=args.seed)
        indices = analyze(args.method, params, X, Y, seed=args.seed)
        if out:
            cols = {p.name: X[:, j] for j, p in enumerate(params)} | Y
            pl.DataFrame(cols).write_parquet(out / ".sample.tmp")
            os.replace(out / ".sample.tmp", out / "sample.parquet")
            indices.write_parquet(out / ".indices.tmp")
            os.replace(out / ".indices.tmp", out / "indices.parquet")
            (out / "sensitivity.json").write_text(json.dumps({
                "scenario": base.scenario.name, "method": args.method, "samples": args.samples,
                "reps": args.reps, "points": len(X), "parameters": [p.__dict__ for p in params],
            }, indent=2))
    if args.json:
        print(json.dumps(indices.to_dicts()))
        return 0
    runs = len(X) * args.reps
    print(f"{args.method} sensitivity of {base.scenario.name}: {len(X)} points x {args.reps} reps "
          f"= {runs:,} runs in {time.perf_counter() - t0:.1f} s")
    key, conf = ("ST", "ST_conf") if args.method == "sobol" else ("mu_star", "mu_star_conf")
    for outcome in OUTCOMES:
        sub = indices.filter(pl.col("outcome") == outcome)
        print(f"\n{outcome}  (ranked: {', '.join(ranking(indices, outcome))})")
        for row in sub.sort(key, descending=True).iter_rows(named=True):
            first = f"S1 {row['S1']:6.3f} ± {row['S1_conf']:.3f}  " if "S1" in row else ""
            print(f"  {row['parameter']:<28}{first}{key} {row[key]:8.3f} ± {row[conf]:.3f}")
    return 0
