"""Batch reports: pure functions from a dataset to Polars frames and dicts.

Everything reads the dataset lazily (``scan_parquet``), so reports stay fast
with millions of series rows. The dashboard's batch explorer calls these:

>>> ds = open_dataset("results/reference")
>>> ceasefire_by_day(ds.runs, (30, 90, 180, 365))     # point_id, day, n, k, p, low, high
>>> outcome_shares(ds.runs)                           # point_id, outcome, n, k, share, low, high
>>> survival_curves(ds.runs)                          # point_id, day, at_risk, events, survival, ...
>>> distributions(ds.runs)                            # point_id, column, n, median, q05, q95
>>> series_quantiles(ds.series, "territory_km2_RUS")  # point_id, day, median, q05, q95
>>> build_report("results/reference")                 # the ``warsim report --json`` object

Definitions (docs/datasets.md): "ceasefire by day d" means ``0 <= ceasefire_day
< d`` (day 0 is the first simulated day); the survival curve is Kaplan-Meier
with the ceasefire as the event and the end of a run (``days_run - 1``, earlier
when a collapse ends it) as censoring: S(t) = P(no ceasefire through day t).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from engine.batch import store
from engine.batch.survival import Z95, kaplan_meier, median_time, survival_at, wilson_exprs

HORIZONS = (30, 90, 180, 365)
DISTRIBUTION_PREFIXES = ("term_", "territory_change_km2_", "casualties_")


@dataclass
class Dataset:
    """An opened batch dataset: its manifest, design points, and lazy frames."""

    path: Path
    manifest: dict[str, Any]
    points: pl.DataFrame
    runs: pl.LazyFrame
    series: pl.LazyFrame | None
    files: int
    chunks_done: int = 0
    rows_expected: int = 0

    @property
    def params(self) -> list[str]:
        return list(self.manifest["design"]["params"])


def _scan(folder: Path, what: str) -> tuple[pl.LazyFrame | None, int]:
    files = sorted(folder.glob("*.parquet"))
    if not files:
        return None, 0
    schema: dict[str, pl.DataType] = {}
    for f in files:
        try:
            s = pl.read_parquet_schema(f)
        except Exception as exc:  # noqa: BLE001 - any unreadable file means corrupt
            raise store.DatasetError(f"report: {f}: corrupt Parquet file ({type(exc).__name__})") from None
        for name, dtype in s.items():
            if name in schema and schema[name] != dtype:
                raise store.DatasetError(
                    f"report: {f}: column {name} is {dtype} here but {schema[name]} in other chunks"
                )
            schema.setdefault(name, dtype)
    lf = pl.scan_parquet(
        [str(f) for f in files], schema=schema, missing_columns="insert", extra_columns="ignore"
    )
    return lf, len(files)


def scan_runs(path: str | Path) -> pl.LazyFrame:
    """The ``runs/`` table of a dataset as a LazyFrame (DatasetError if none)."""
    lf, _ = _scan(Path(path) / "runs", "runs")
    if lf is None:
        raise store.DatasetError(f"report: {path}: no finished chunks in runs/")
    return lf


def open_dataset(path: str | Path, what: str = "report") -> Dataset:
    """Open a dataset folder: manifest, ``points.parquet``, and lazy ``runs``/``series``.

    Everything is verified before it is trusted: the manifest against its schema,
    each chunk file's metadata (batch, design, scenario, seeds, run range, row
    count) against the manifest, ``points.parquet`` against the design. Any file
    that does not belong is one DatasetError line naming it.
    """
    path = Path(path)
    if not path.is_dir():
        raise store.DatasetError(f"{what}: {path}: no such folder")
    manifest = store.read_manifest(path, what=what)
    done, problems = store.verify_chunks(path, manifest)
    if problems:
        f, why = problems[0]
        more = f" (and {len(problems) - 1} more file(s))" if len(problems) > 1 else ""
        raise store.DatasetError(
            f"{what}: {f}: {why}{more}; remove it, or run the batch again with --resume "
            "(it moves such files aside and redoes their chunks)"
        )
    runs, n_files = _scan(path / "runs", "runs")
    if runs is None:
        raise store.DatasetError(f"{what}: {path}: no finished chunks in runs/ (run the batch first)")
    have = runs.collect_schema()
    missing = [c for c in ("point_id", "outcome", "ceasefire_day", "days_run") if c not in have]
    if missing:
        raise store.DatasetError(f"{what}: {path}: runs/ lacks column(s) {', '.join(missing)}")
    series, _ = _scan(path / "series", "series")
    points_file = path / "points.parquet"
    if points_file.exists():
        why = store.points_problem(points_file, store.points_metadata(manifest))
        if why:
            raise store.DatasetError(f"{what}: {points_file}: {why}")
        points = pl.read_parquet(points_file)
    else:
        points = _points_from_manifest(manifest, path, what)
    ds = Dataset(path, manifest, points, runs, series, n_files)
    ds.chunks_done = len(done)
    # Every runs file was verified above, so each holds exactly its planned runs.
    size = manifest["chunk_runs"]
    ds.rows_expected = sum(
        min((k + 1) * size, manifest["n_runs"]) - k * size
        for k in range(manifest["n_chunks"]) if store.runs_path(path, k).exists()
    )
    return ds


def _points_from_manifest(m: dict, path: Path, what: str) -> pl.DataFrame:
    from engine.batch.columns import param_series

    pts = m["design"].get("points")
    if pts is None:
        raise store.DatasetError(f"{what}: {path}: points.parquet is missing (the design is too large "
                                 "to be listed in the manifest)")
    cols = {"point_id": pl.Series(range(len(pts)), dtype=pl.Int32)}
    for p in m["design"]["params"]:
        cols[p] = param_series([pt.get(p) for pt in pts])
    return pl.DataFrame(cols)


def horizons_for(days: int) -> tuple[int, ...]:
    """The report's horizons that fit in a run of ``days`` (or just ``days``)."""
    hs = tuple(h for h in HORIZONS if h <= days)
    return hs or (days,)


def ceasefire_by_day(runs: pl.LazyFrame, horizons=HORIZONS, z: float = Z95) -> pl.DataFrame:
    """P(ceasefire by day d) per design point with Wilson intervals.

    Returns columns ``point_id, day, n, k, p, low, high`` (k: runs whose
    ceasefire began on a day < d).
    """
    cf = pl.col("ceasefire_day")
    aggs = [pl.len().alias("n")]
    aggs += [((cf >= 0) & (cf < d)).sum().alias(f"k{d}") for d in horizons]
    wide = runs.group_by("point_id").agg(aggs)
    long = wide.unpivot(
        index=["point_id", "n"], on=[f"k{d}" for d in horizons], variable_name="h", value_name="k"
    )
    low, high = wilson_exprs(pl.col("k"), pl.col("n"), z)
    return (
        long.with_columns(pl.col("h").str.slice(1).cast(pl.Int32).alias("day"))
        .select(
            "point_id", "day", pl.col("n").cast(pl.Int64), pl.col("k").cast(pl.Int64),
            (pl.col("k") / pl.col("n")).alias("p"), low.alias("low"), high.alias("high"),
        )
        .sort("point_id", "day")
        .collect()
    )


def outcome_shares(runs: pl.LazyFrame, z: float = Z95) -> pl.DataFrame:
    """Share of each outcome per design point with Wilson intervals.

    Returns ``point_id, outcome, n, k, share, low, high`` (outcomes with no run
    at a point are left out).
    """
    counts = runs.group_by("point_id", "outcome").agg(pl.len().cast(pl.Int64).alias("k"))
    totals = runs.group_by("point_id").agg(pl.len().cast(pl.Int64).alias("n"))
    low, high = wilson_exprs(pl.col("k"), pl.col("n"), z)
    return (
        counts.join(totals, on="point_id")
        .select(
            "point_id", "outcome", "n", "k", (pl.col("k") / pl.col("n")).alias("share"),
            low.alias("low"), high.alias("high"),
        )
        .sort("point_id", "outcome")
        .collect()
    )


def survival_curves(runs: pl.LazyFrame, z: float = Z95) -> pl.DataFrame:
    """Kaplan-Meier curve of time to ceasefire per design point.

    Returns ``point_id, day, at_risk, events, censored, survival, low, high``,
    one row per point and day on which a ceasefire began; S(t) = P(no
    ceasefire through day t); bands are log-log (NaN at S = 0 or 1).
    """
    cf = pl.col("ceasefire_day")
    grouped = (
        runs.select(
            "point_id",
            pl.when(cf >= 0).then(cf).otherwise(pl.col("days_run") - 1).alias("t"),
            (cf >= 0).fill_null(False).alias("event"),
        )
        .group_by("point_id", "t", "event")
        .agg(pl.len().alias("count"))
        .sort("point_id", "t")
        .collect()
    )
    frames = []
    for (pid,), g in grouped.group_by("point_id", maintain_order=True):
        t = np.repeat(g["t"].to_numpy(), g["count"].to_numpy())
        e = np.repeat(g["event"].to_numpy(), g["count"].to_numpy())
        km = kaplan_meier(t, e, z)
        frames.append(pl.DataFrame({
            "point_id": pl.Series([pid] * len(km["time"]), dtype=pl.Int32),
            "day": pl.Series(km["time"], dtype=pl.Int32),
            "at_risk": pl.Series(km["at_risk"], dtype=pl.Int64),
            "events": pl.Series(km["events"], dtype=pl.Int64),
            "censored": pl.Series(km["censored"], dtype=pl.Int64),
            "survival": pl.Series(km["survival"], dtype=pl.Float64),
            "low": pl.Series(km["low"], dtype=pl.Float64),
            "high": pl.Series(km["high"], dtype=pl.Float64),
        }))
    if not frames:
        return pl.DataFrame(schema={"point_id": pl.Int32, "day": pl.Int32, "at_risk": pl.Int64,
                                    "events": pl.Int64, "censored": pl.Int64, "survival": pl.Float64,
                                    "low": pl.Float64, "high": pl.Float64})
    return pl.concat(frames).sort("point_id", "day")


def distribution_columns(runs: pl.LazyFrame, prefixes=DISTRIBUTION_PREFIXES) -> list[str]:
    """Numeric run columns whose names start with one of ``prefixes``, in order."""
    schema = runs.collect_schema()
    return [c for c, t in schema.items() if c.startswith(tuple(prefixes)) and t.is_numeric()]


def distributions(runs: pl.LazyFrame, columns: list[str] | None = None) -> pl.DataFrame:
    """Median and 90% interval (5% and 95% quantiles) of run columns per point.

    ``columns`` defaults to the signed terms (``term_*``; runs without a deal
    have NaN or null and are left out), territory and casualties. Returns
    ``point_id, column, n, median, q05, q95`` (n: runs with a value).
    """
    columns = distribution_columns(runs) if columns is None else columns
    if not columns:
        return pl.DataFrame(schema={"point_id": pl.Int32, "column": pl.String, "n": pl.Int64,
                                    "median": pl.Float64, "q05": pl.Float64, "q95": pl.Float64})
    v = pl.col("value")
    return (
        runs.select("point_id", *[pl.col(c).cast(pl.Float64) for c in columns])
        .unpivot(index="point_id", on=columns, variable_name="column", value_name="value")
        .filter(v.is_not_null() & v.is_not_nan())
        .group_by("point_id", "column")
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            v.median().alias("median"),
            v.quantile(0.05, "linear").alias("q05"),
            v.quantile(0.95, "linear").alias("q95"),
        )
        .with_columns(pl.col("column").cast(pl.Enum(columns)))
        .sort("point_id", "column")
        .with_columns(pl.col("column").cast(pl.String))
        .collect()
    )


def series_quantiles(series: pl.LazyFrame, column: str, quantiles=(0.05, 0.5, 0.95)) -> pl.DataFrame:
    """Per point and recorded day, quantiles of one series column across runs
    (``q05``, ``median``, ``q95`` for the default quantiles; ``q<percent>`` otherwise)."""
    def name(q: float) -> str:
        return "median" if q == 0.5 else f"q{round(q * 100):02d}"

    return (
        series.group_by("point_id", "day")
        .agg([pl.col(column).quantile(q, "linear").alias(name(q)) for q in quantiles])
        .sort("point_id", "day")
        .collect()
    )


def _collect_errors(path: Path):
    """Context: turn Polars read failures into one-line DatasetErrors."""
    class _Guard:
        def __enter__(self):
            return self

        def __exit__(self, typ, exc, tb):
            if exc is None or isinstance(exc, store.DatasetError):
                return False
            if isinstance(exc, pl.exceptions.PolarsError | OSError):
                msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise store.DatasetError(f"report: {path}: corrupt dataset ({msg[:200]})") from None
            return False

    return _Guard()


def build_report(path: str | Path) -> dict[str, Any]:
    """The ``warsim report --json`` object (keys in docs/datasets.md)."""
    path = Path(path)
    ds = open_dataset(path)
    m = ds.manifest
    horizons = horizons_for(int(m["days"]))
    with _collect_errors(path):
        probs = ceasefire_by_day(ds.runs, horizons)
        shares = outcome_shares(ds.runs)
        curves = survival_curves(ds.runs)
        dists = distributions(ds.runs)
        n_runs = int(ds.runs.select(pl.len()).collect().item())
        n_series = int(ds.series.select(pl.len()).collect().item()) if ds.series is not None else None
    n_chunks = m["n_chunks"]
    chunks_done = ds.chunks_done
    if n_runs != ds.rows_expected:  # the chunks' own counts were checked: a belt and braces total
        raise store.DatasetError(
            f"report: {path}: runs/ holds {n_runs} rows, its chunks should hold {ds.rows_expected}"
        )
    points = []
    for row in ds.points.iter_rows(named=True):
        pid = row.pop("point_id")
        p_rows = probs.filter(pl.col("point_id") == pid)
        if p_rows.height == 0:
            continue  # no finished runs at this point yet
        curve_rows = curves.filter(pl.col("point_id") == pid)
        curve = {
            "time": curve_rows["day"].to_numpy(),
            "survival": curve_rows["survival"].to_numpy(),
        }
        points.append({
            "point_id": pid,
            "values": row,
            "runs": int(p_rows["n"][0]),
            "ceasefire_by_day": {
                str(r["day"]): {"p": r["p"], "low": r["low"], "high": r["high"], "k": r["k"]}
                for r in p_rows.iter_rows(named=True)
            },
            "outcomes": {
                r["outcome"]: {"share": r["share"], "low": r["low"], "high": r["high"], "k": r["k"]}
                for r in shares.filter(pl.col("point_id") == pid).iter_rows(named=True)
            },
            "survival": {
                "day": curve_rows["day"].to_list(),
                "survival": curve_rows["survival"].to_list(),
                "low": _nan_to_none(curve_rows["low"].to_list()),
                "high": _nan_to_none(curve_rows["high"].to_list()),
                "at_risk": curve_rows["at_risk"].to_list(),
                "events": curve_rows["events"].to_list(),
                "at_horizons": {str(h): survival_at(curve, h - 1) for h in horizons},
                "median_days_to_ceasefire": _plus_one(median_time(curve)),
            },
            "distributions": {
                r["column"]: {"median": r["median"], "q05": r["q05"], "q95": r["q95"], "n": r["n"]}
                for r in dists.filter(pl.col("point_id") == pid).iter_rows(named=True)
            },
        })
    return {
        "dataset": str(path),
        "scenario": m["scenario"]["name"],
        "scenario_hash": m["scenario"].get("hash"),
        "design": m["design"]["kind"],
        "params": ds.params,
        "reps": m["reps"],
        "days": m["days"],
        "runs": n_runs,
        "runs_planned": m["n_runs"],
        "complete": chunks_done == n_chunks,
        "chunks_done": chunks_done,
        "n_chunks": n_chunks,
        "series_rows": n_series,
        "horizons": list(horizons),
        "interval": "95% Wilson score (probabilities), log-log Greenwood (survival)",
        "points": points,
    }


def _plus_one(t: int | None) -> int | None:
    # Curve time t is a 0-based day index; "days to ceasefire" counts day 0 as 1.
    return None if t is None else t + 1


def _nan_to_none(xs: list) -> list:
    return [None if x is None or x != x else x for x in xs]


# ---------------------------------------------------------------- text
def _fmt_value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _short(path: str) -> str:
    return path.removeprefix("levers.")


def _fmt_num(x: float) -> str:
    if x is None or x != x:
        return "-"
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.2f}M"
    if a >= 1e4:
        return f"{x / 1e3:.0f}k"
    if a >= 100:
        return f"{x:.0f}"
    return f"{x:.2f}"


def format_report(rep: dict[str, Any]) -> str:
    """The human-readable report: one block per section, one row per design point."""
    params = rep["params"]
    status = "complete" if rep["complete"] else f"INCOMPLETE ({rep['chunks_done']}/{rep['n_chunks']} chunks)"
    lines = [
        f"{rep['scenario']}  {rep['runs']:,} runs  {len(rep['points'])} design points ({rep['design']}) "
        f"x {rep['reps']} reps  {rep['days']} days  {status}",
        f"dataset: {rep['dataset']}"
        + (f"  series rows: {rep['series_rows']:,}" if rep["series_rows"] else ""),
        "",
    ]
    key_w = [max(len(_short(p)), 6) for p in params]

    def head(extra: list[str], widths: list[int]) -> str:
        cells = ["point"] + [_short(p).rjust(w) for p, w in zip(params, key_w, strict=True)] + ["runs"]
        cells = [cells[0].ljust(5)] + cells[1:-1] + [cells[-1].rjust(6)]
        return "  ".join(cells + [e.rjust(w) for e, w in zip(extra, widths, strict=True)])

    def lead(pt: dict) -> list[str]:
        vals = [_fmt_value(pt["values"].get(p)).rjust(w) for p, w in zip(params, key_w, strict=True)]
        return [str(pt["point_id"]).ljust(5)] + vals + [f"{pt['runs']:>6,}"]

    hs = [str(h) for h in rep["horizons"]]
    lines.append("P(ceasefire by day d), 95% Wilson interval")
    lines.append(head([f"day {h}" for h in hs], [19] * len(hs)))
    for pt in rep["points"]:
        cells = []
        for h in hs:
            c = pt["ceasefire_by_day"][h]
            cells.append(f"{c['p']:.3f} [{c['low']:.3f},{c['high']:.3f}]".rjust(19))
        lines.append("  ".join(lead(pt) + cells))

    outcomes = sorted({o for pt in rep["points"] for o in pt["outcomes"]})
    lines += ["", "Outcome shares, 95% Wilson interval"]
    lines.append(head(outcomes, [max(len(o), 19) for o in outcomes]))
    for pt in rep["points"]:
        cells = []
        for o in outcomes:
            c = pt["outcomes"].get(o)
            text = f"{c['share']:.3f} [{c['low']:.3f},{c['high']:.3f}]" if c else "0"
            cells.append(text.rjust(max(len(o), 19)))
        lines.append("  ".join(lead(pt) + cells))

    lines += ["", "No ceasefire yet (Kaplan-Meier survival) and median days to a ceasefire"]
    lines.append(head([f"S(day {h})" for h in hs] + ["median"], [11] * len(hs) + [8]))
    for pt in rep["points"]:
        s = pt["survival"]
        med = s["median_days_to_ceasefire"]
        cells = [f"{s['at_horizons'][h]:.3f}".rjust(11) for h in hs]
        cells.append((str(med) if med is not None else f">{rep['days']}").rjust(8))
        lines.append("  ".join(lead(pt) + cells))

    cols = []
    for pt in rep["points"]:
        for c, d in pt["distributions"].items():
            if c not in cols and (d["q05"] != 0.0 or d["q95"] != 0.0):
                cols.append(c)
    per_table = 4  # columns per table, so lines stay readable in a terminal
    for start in range(0, len(cols), per_table):
        group = cols[start:start + per_table]
        lines += ["", "Distributions: median [5%, 95%]" + (" (continued)" if start else "")]
        names = [c.replace("territory_change_km2_", "km2_").replace("casualties_", "cas_") for c in group]
        widths = [max(len(n), 22) for n in names]
        lines.append(head(names, widths))
        for pt in rep["points"]:
            cells = []
            for c, w in zip(group, widths, strict=True):
                d = pt["distributions"].get(c)
                text = f"{_fmt_num(d['median'])} [{_fmt_num(d['q05'])}, {_fmt_num(d['q95'])}]" if d else "-"
                cells.append(text.rjust(w))
            lines.append("  ".join(lead(pt) + cells))
    return "\n".join(lines)
