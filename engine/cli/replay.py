"""``warsim replay DIR --run N``: re-run one run of a batch and check it reproduces.

Everything comes from the dataset: the scenario file (checked against the
manifest's content hash), the ``--set`` values fixed for the batch, the design
point's varied values, the seed (``base + replicate``, the manifest's rule) and the
number of days. The fresh run's dataset row is compared with the stored one,
column by column, bit for bit.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

from engine.cli.options import int_in

NAME = "replay"
HELP = "re-run one run of a batch by its run_id and check it reproduces the stored row"


def register(p) -> None:
    p.add_argument("dataset", metavar="DIR", help="a folder written by `warsim batch --out DIR`")
    p.add_argument("--run", dest="run_id", type=int_in(0, 2**62, "--run"), required=True, metavar="N",
                   help="run_id of the run (the runs table's first column)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object: the run's identity, the check and its summary")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="also write the replayed run's summary, event log and daily series here")
    p.add_argument("--force", action="store_true",
                   help="with --out: replace the files of an earlier run in that folder")


def toml_literal(v: Any) -> str:
    """``v`` as ``--set PATH=VALUE`` reads it back (a TOML literal)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    return json.dumps(str(v))


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Columns of ``stored`` whose value ``fresh`` does not reproduce exactly (NaN equals NaN)."""
    out = {}
    for name, old in stored.items():
        new = fresh.get(name, "<missing>")
        same = old == new or (isinstance(old, float) and isinstance(new, float) and old != old and new != new)
        if not same:
            out[name] = (old, new)
    return out


def main(args) -> int:
    import numpy as np
    import polars as pl

    from engine.batch.columns import runs_frame
    from engine.batch.report import open_dataset
    from engine.batch.store import digest, engine_fingerprint
    from engine.core.simulate import run_days
    from engine.errors import UsageError
    from engine.scenario import SCENARIO_DIR, load_scenario, read_raw
    from engine.world import build_world

    out_dir = None
    if args.out:  # checked before the run: a refusal loses no work
        from engine.api import output_folder
        from engine.cli.run import check_run_folder

        out_dir = output_folder(args.out)
        check_run_folder(out_dir, args.force)
    ds = open_dataset(args.dataset, what="replay")
    m = ds.manifest
    n = args.run_id
    stored = ds.runs.filter(pl.col("run_id") == n).collect()
    if stored.height == 0:
        if n >= m["n_runs"]:
            raise UsageError(f"--run: {n}: {args.dataset} has runs 0..{m['n_runs'] - 1}")
        raise UsageError(f"--run: {n}: its chunk is not written yet (finish the batch with --resume)")
    row = stored.row(0, named=True)
    pid, rep = int(row["point_id"]), int(row["replicate"])

    path = m.get("scenario_file")
    raw = read_raw(path)
    if digest(raw) != m["scenario"]["hash"]:
        raise UsageError(f"replay: {path}: changed since the batch was run (content hash differs); "
                         "a replay would not be the same run")
    if engine_fingerprint()["code_hash"] != m["engine"]["code_hash"]:
        print("warning: the engine's code changed since the batch; the check below says whether "
              "the numbers still agree", file=sys.stderr)
    point_row = ds.points.filter(pl.col("point_id") == pid)
    point = {k: v for k, v in point_row.row(0, named=True).items() if k != "point_id" and v is not None}
    overrides = {**(m.get("base_overrides") or {}), **point}
    seed = int(m["seeds"]["base"]) + rep
    if seed != int(row["seed"]):
        raise UsageError(f"replay: {args.dataset}: run {n} has seed {row['seed']}, but the manifest's "
                         f"rule gives {seed}")
    days = int(m["days"])

    s = load_scenario(raw, overrides, origin=str(path))
    w, st = build_world([s], [seed], days=days, record_every=1)
    run_days(w, st.days, parallel=False)
    fresh = runs_frame(w, st, np.array([n]), np.array([pid]), np.array([rep]),
                       {p: [point.get(p)] for p in ds.params}).row(0, named=True)
    diff = differences(row, fresh)

    from engine.cli.run import explain_and_write

    result, log = explain_and_write(w, st, out_dir, args.force)

    # a file in scenarios/ by its name, any other by its path; values as --set reads them back
    name = Path(path).stem if Path(path).resolve().parent == SCENARIO_DIR.resolve() else str(path)
    command = shlex.join(["warsim", "run", name, "--seed", str(seed), "--days", str(days)]
                         + [w for k, v in overrides.items() for w in ("--set", f"{k}={toml_literal(v)}")])
    if args.json:
        print(json.dumps({
            "run_id": n, "point_id": pid, "replicate": rep, "seed": seed, "days": days,
            "overrides": overrides, "command": command, "reproduced": not diff,
            "columns_checked": len(row),
            "differences": {k: {"stored": a, "replayed": b} for k, a, b in
                            ((k, *v) for k, v in diff.items())},
            "summary": result,
        }, default=str))
    else:
        values = ", ".join(f"{k}={v}" for k, v in point.items()) or "no varied values"
        print(f"run {n} of {args.dataset}: point {pid} ({values}), replicate {rep}, seed {seed}")
        print(f"the same run: {command}")
        if diff:
            print(f"NOT reproduced: {len(diff)} of {len(row)} stored columns differ:")
            for k, (a, b) in list(diff.items())[:10]:
                print(f"  {k}: stored {a!r}, replayed {b!r}")
        else:
            cf = row["ceasefire_day"]
            cf = cf if cf is not None and cf >= 0 else "none"
            print(f"reproduced: all {len(row)} stored columns identical "
                  f"(outcome {row['outcome']}, ceasefire day {cf})")
        print(f"why: {result['reason']}")
    return 1 if diff else 0
