"""Dataset frames from a stepped World: one row per run, and long daily series.

Column names come from one place each, so a mechanism's new outputs reach the
dataset without being listed here: per-run columns are every key of
:func:`engine.results.run_columns`, series columns every column of
:func:`engine.export.series_frame` (what ``warsim run --out`` writes).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from engine.results import run_columns
from engine.world import Structure, World

ID_COLUMNS = ("run_id", "point_id", "replicate", "seed")
# Columns whose kernel value -1 means "none": stored as null, so a user's filter
# ``ceasefire_day <= 365`` counts only runs that had a ceasefire.
NULL_WHEN_NEGATIVE = ("ceasefire_day",)


def param_series(values: list[Any]) -> pl.Series:
    """A varied parameter's values as a typed column (Int64, Float64, Boolean or String)."""
    if all(isinstance(v, bool) for v in values):
        return pl.Series(values, dtype=pl.Boolean)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return pl.Series(values, dtype=pl.Int64)
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return pl.Series([float(v) for v in values], dtype=pl.Float64)
    return pl.Series([str(v) for v in values], dtype=pl.String)


def runs_frame(
    w: World,
    st: Structure,
    run_id: np.ndarray,
    point_id: np.ndarray,
    replicate: np.ndarray,
    params: dict[str, list[Any]],
) -> pl.DataFrame:
    """One row per run: ids, seed, varied parameters, then ``run_columns``
    (``ceasefire_day`` null for a run without a ceasefire).

    Parameters
    ----------
    run_id, point_id, replicate : int arrays, shape (R,)
    params : dict of path -> list of R values
        The varied parameters' values per run (column named by the path).
    """
    cols: dict[str, Any] = {
        "run_id": pl.Series(run_id, dtype=pl.Int64),
        "point_id": pl.Series(point_id, dtype=pl.Int32),
        "replicate": pl.Series(replicate, dtype=pl.Int32),
        "seed": pl.Series(w.seed, dtype=pl.Int64),
    }
    for path, values in params.items():
        cols[path] = param_series(values)
    for name, values in run_columns(w, st).items():
        if name in cols:
            raise ValueError(f"run_columns() returned '{name}', a reserved dataset column")
        series = pl.Series(name, np.asarray(values))
        if name in NULL_WHEN_NEGATIVE:
            series = series.to_frame().select(pl.when(pl.col(name) >= 0).then(pl.col(name))).to_series()
        cols[name] = series
    return pl.DataFrame(cols)


def series_frame_all(
    w: World, st: Structure, run_id: np.ndarray, point_id: np.ndarray
) -> pl.DataFrame:
    """Every run's recorded series in long form: one row per (run, recorded day).

    Each run's rows are :func:`engine.export.series_frame` (the ``warsim run
    --out`` series, so the two always agree and a mechanism's new series columns
    arrive here by themselves), prefixed with ``run_id`` and ``point_id``. Rows
    after a run ended early are left out; a column some runs lack is null there.
    """
    from engine.export import series_frame

    frames = [series_frame(w, st, r) for r in range(len(run_id))]
    lengths = [f.height for f in frames]
    body = pl.concat(frames, how="diagonal_relaxed")
    ids = pl.DataFrame({
        "run_id": pl.Series(np.repeat(run_id, lengths), dtype=pl.Int64),
        "point_id": pl.Series(np.repeat(point_id, lengths), dtype=pl.Int32),
    })
    return pl.concat([ids, body.with_columns(pl.col("day").cast(pl.Int32))], how="horizontal")
