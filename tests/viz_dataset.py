"""Small results datasets for the dashboard's tests, in the layout of docs/datasets.md.

Runs are real (``engine.api.simulate``), so a replay in the live page must give
the same outcome as the row. Written by hand rather than by ``warsim batch`` so
the explorer's tests do not depend on the batch runner's options.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import polars as pl

LEVERS = {"levers.russian_resolve": [0.5, 0.9], "levers.ukrainian_resolve": [0.4, 0.8]}


def write_dataset(out: Path, reps: int = 2, days: int = 40, series: bool = True, chunks: int = 2) -> Path:
    """A factorial batch of the reference scenario over two levers: 4 points x ``reps`` runs."""
    from engine.api import simulate
    from engine.batch import store
    from engine.export import series_frame
    from engine.results import run_columns

    out = Path(out)
    (out / "runs").mkdir(parents=True, exist_ok=True)
    if series:
        (out / "series").mkdir(exist_ok=True)
    points = [dict(zip(LEVERS, vals, strict=True)) for vals in itertools.product(*LEVERS.values())]
    rows, srows = [], []
    for pid, point in enumerate(points):
        for rep in range(reps):
            run_id = pid * reps + rep
            seed = 1 + rep
            w, st = simulate("ukraine_2025", seed=seed, days=days, overrides=point, record_every=1)
            row = {"run_id": run_id, "point_id": pid, "replicate": rep, "seed": seed, **point}
            row.update(
                {
                    k: (v[0].item() if isinstance(v[0], np.generic) else v[0])
                    for k, v in run_columns(w, st).items()
                }
            )
            rows.append(row)
            if series:
                srows.append(series_frame(w, st).with_columns(pl.lit(run_id).alias("run_id")))
    runs = pl.DataFrame(rows).with_columns(  # "no ceasefire" is null, as warsim batch writes it
        pl.when(pl.col("ceasefire_day") >= 0).then(pl.col("ceasefire_day")).alias("ceasefire_day")
    )
    size = -(-runs.height // chunks)
    manifest = store.manifest_for(
        scenario={"name": "ukraine_2025", "hash": "test"},
        design={"kind": "factorial", "params": list(LEVERS), "points": points},
        reps=reps, seed_base=1, days=days, chunk_runs=size, series="daily" if series else "none",
    )
    for k in range(manifest["n_chunks"]):
        store.write_chunk(out, manifest, k, runs.slice(k * size, size))
        if series:
            ids = runs.slice(k * size, size)["run_id"]
            chunk_series = pl.concat(srows).filter(pl.col("run_id").is_in(ids.implode()))
            store.write_chunk(out, manifest, k, chunk_series, "series")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return out
