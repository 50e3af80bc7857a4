"""``warsim sensitivity``: Sobol or Morris indices of the main outcomes."""

from __future__ import annotations

import contextlib
import json
import os
import sys
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
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def horizon_of(outcome: str) -> int | None:
    """The day an outcome is counted by (``ceasefire_180`` -> 180), or None for end-of-run outcomes."""
    head, _, tail = outcome.rpartition("_")
    return int(tail) if head == "ceasefire" and tail.isdigit() else None


def split_outcomes(Y: dict, days: int) -> tuple[dict, list[str]]:
    """Outcomes worth indices, and one note per outcome left out or shown once.

    Left out: an outcome whose horizon is past the runs' last day (its value would
    be the ceasefire share by day ``days``, not by its horizon) and an outcome that
    does not vary over the sample (every point the same value: no parameter moves
    it, its indices are not defined). An outcome equal point for point to one
    already kept is noted, not repeated as an identical block.

    Parameters
    ----------
    Y : dict of str -> float array, shape (n_points,)
        Mean outcome per sample point (engine.sensitivity.evaluate).
    days : int
        Days each run lasted.
    """
    import numpy as np

    keep, notes = {}, []
    for name, y in Y.items():
        y = np.asarray(y, dtype=float)
        h = horizon_of(name)
        if h is not None and days < h:
            notes.append(f"{name}: not computed: the runs last {days} days (--days), shorter than "
                         f"its {h}-day horizon")
            continue
        if np.ptp(y) == 0.0:
            notes.append(f"{name}: {y[0]:.4g} at every sample point: no parameter moves it "
                         "(indices undefined)")
            continue
        same = next((k for k, v in keep.items() if np.array_equal(v, y)), None)
        if same is not None:
            notes.append(f"{name}: identical to {same} at every sample point (see {same})")
            continue
        keep[name] = y
    return keep, notes


def main(args) -> int:
    import polars as pl

    from engine.api import output_folder
    from engine.batch.lock import writer_lock
    from engine.cli.suggest import checked_overrides
    from engine.scenario import load_scenario
    from engine.sensitivity import analyze, evaluate, parse_parameters, ranking, sample

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
    days = args.days or base.scenario.days
    total = len(X) * args.reps
    # One writer per results folder (engine.batch.lock), held from the first run to the last file.
    with writer_lock(out) if out else contextlib.nullcontext():
        if args.no_progress:
            Y = evaluate(base, params, X, args.reps, days=args.days, base_seed=args.seed)
        else:
            from engine.cli.progress import ProgressBar

            with ProgressBar("sensitivity") as bar:
                done = [0]
                bar.update(0, total)

                def advance(points: int) -> None:
                    done[0] += points * args.reps
                    bar.update(done[0], total)

                Y = evaluate(base, params, X, args.reps, days=args.days, base_seed=args.seed,
                             progress=advance)
        shown, notes = split_outcomes(Y, days)
        indices = analyze(args.method, params, X, shown, seed=args.seed)
        if out:
            defined = {k: v for k, v in Y.items() if (horizon_of(k) or 0) <= days}
            cols = {p.name: X[:, j] for j, p in enumerate(params)} | defined
            pl.DataFrame(cols).write_parquet(out / ".sample.tmp")
            os.replace(out / ".sample.tmp", out / "sample.parquet")
            indices.write_parquet(out / ".indices.tmp")
            os.replace(out / ".indices.tmp", out / "indices.parquet")
            (out / "sensitivity.json").write_text(json.dumps({
                "scenario": base.scenario.name, "method": args.method, "samples": args.samples,
                "reps": args.reps, "points": len(X), "days": days,
                "parameters": [p.__dict__ for p in params], "notes": notes,
            }, indent=2))
    if args.json:
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        print(json.dumps(indices.to_dicts()))
        return 0
    runs = len(X) * args.reps
    print(f"{args.method} sensitivity of {base.scenario.name}: {len(X)} points x {args.reps} reps "
          f"= {runs:,} runs in {time.perf_counter() - t0:.1f} s")
    key, conf = ("ST", "ST_conf") if args.method == "sobol" else ("mu_star", "mu_star_conf")
    for outcome in shown:
        sub = indices.filter(pl.col("outcome") == outcome)
        print(f"\n{outcome}  (ranked: {', '.join(ranking(indices, outcome))})")
        for row in sub.sort(key, descending=True).iter_rows(named=True):
            first = f"S1 {row['S1']:6.3f} ± {row['S1_conf']:.3f}  " if "S1" in row else ""
            print(f"  {row['parameter']:<28}{first}{key} {row[key]:8.3f} ± {row[conf]:.3f}")
    if notes:
        print("\nnot shown:")
        for note in notes:
            print(f"  {note}")
    return 0
