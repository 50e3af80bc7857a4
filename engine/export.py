"""Writing one run to a folder: summary.json, events.parquet, series.parquet."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import polars as pl

from engine import layout as L
from engine.results import event_log
from engine.world import Structure, World


def carries(w: World, r: int, i: int, states: str) -> bool:
    """Whether state ``i`` of run ``r`` carries a per-state series declared for ``states``."""
    if states == "belligerent":
        return bool(w.role[i] == L.ROLE_BELLIGERENT)
    if states == "economy":
        return bool(w.econ_param[r, i, L.EP_ECONOMY] > 0.0)
    return True


def series_frame(w: World, st: Structure, r: int = 0) -> pl.DataFrame:
    """Run r's recorded series as a wide frame: one row per recorded day.

    One column per written :data:`engine.layout.OUTPUTS` series: ``<name>_<STATE>``
    for per-state series (on the states it is declared for), ``<name>_<front>``
    for per-front series, ``<name>`` for run-level ones.
    """
    n = min(int(w.day[r]), w.series_global.shape[1] * max(st.record_every, 1))
    days = np.arange(0, n, max(st.record_every, 1))
    k = len(days)
    cols: dict[str, np.ndarray] = {"day": days.astype(np.int32)}
    for out in L.OUTPUTS:
        if not out.written:
            continue
        if out.per == "state":
            c = getattr(L, "SS_" + out.name.upper())
            for i, code in enumerate(st.states):
                if carries(w, r, i, out.states):
                    cols[f"{out.name}_{code}"] = w.series_state[r, :k, i, c]
        elif out.per == "front":
            for f, fid in enumerate(st.fronts):
                cols[f"{out.name}_{fid}"] = w.series_front[r, :k, f]
        else:
            cols[out.name] = w.series_global[r, :k, getattr(L, "SG_" + out.name.upper())]
    return pl.DataFrame(cols)


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def write_run(out: Path, w: World, st: Structure, result: dict) -> None:
    _atomic_write(out / "summary.json", lambda p: p.write_text(json.dumps(result, indent=2)))
    events = pl.DataFrame(event_log(w, st), schema={
        "day": pl.Int32, "date": pl.Utf8, "kind": pl.Utf8, "text": pl.Utf8,
        "a": pl.Int32, "b": pl.Int32, "value": pl.Float64,
    })
    _atomic_write(out / "events.parquet", events.write_parquet)
    _atomic_write(out / "series.parquet", series_frame(w, st).write_parquet)
