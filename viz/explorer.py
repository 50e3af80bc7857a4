"""Batch explorer logic: find, load and summarise results datasets (pure functions over Polars).

A dataset is a folder ``DIR`` under the results root holding ``manifest.json``
and ``runs/*.parquet`` (one row per run; see docs/datasets.md), optionally
``series/*.parquet``. Only folders under the root are ever opened; anything
unreadable raises :class:`DatasetError` with a one-line message for the page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from engine.batch import survival
from engine.batch.survival import Z95

# Columns of the runs table that are not design parameters.
RESULT_COLUMNS = {
    "run_id",
    "point_id",
    "replicate",
    "seed",
    "outcome",
    "ceasefire_day",
    "days_run",
    "scenario",
    "chunk",
    "error",
    "status",
}
RESULT_PREFIXES = (
    "term_",
    "territory_change_km2_",
    "casualties_",
    "troops_",
    "morale_",
    "depth_km_",
    "indicator_",
    "final_",
    "talks_",
    "oil",
    "gdp",
    "support",
    "index_",
    "market_",
)


class DatasetError(Exception):
    """A dataset that cannot be shown; ``str()`` is the message for the page."""


@dataclass
class Dataset:
    """A loaded dataset: its runs, optional series and what the manifest says."""

    name: str
    path: Path
    manifest: dict[str, Any]
    runs: pl.DataFrame
    series: pl.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def parameters(self) -> list[str]:
        return varied_parameters(self.manifest, self.runs)

    @property
    def scenario(self) -> str | None:
        return scenario_of(self.manifest)

    @property
    def horizon(self) -> int:
        """Days each run lasted at most (manifest ``days``, else the longest ``days_run``)."""
        d = self.manifest.get("days")
        if isinstance(d, int) and d > 0:
            return d
        if "days_run" in self.runs.columns and self.runs.height:
            return int(self.runs["days_run"].max())
        cf = self.runs["ceasefire_day"] if "ceasefire_day" in self.runs.columns else None
        return int(max(cf.max() or 0, 1)) if cf is not None and self.runs.height else 365


# ---------------------------------------------------------------- finding and loading
def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def list_datasets(root: Path | str) -> list[str]:
    """Dataset folders under ``root`` (relative names, ``/``-separated), sorted.

    A folder counts when it holds ``manifest.json`` or a ``runs`` folder; up to
    two levels deep (``results/reference``, ``results/2026/sweep``).
    """
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for cand in [root, *root.glob("*"), *root.glob("*/*")]:
        if (
            cand.is_dir()
            and not cand.name.startswith(".")
            and _inside(root, cand)
            and ((cand / "manifest.json").is_file() or (cand / "runs").is_dir())
        ):
            rel = cand.resolve().relative_to(root.resolve()).as_posix()
            found.append("." if rel == "." else rel)
    return sorted(set(found))


def display_name(root: Path | str, name: str) -> str:
    """The name a dataset is shown under: its folder's name when the results root is the dataset."""
    return Path(root).resolve().name if name in (".", "") else name


def resolve_dataset(root: Path | str, name: str) -> Path:
    """The folder of dataset ``name``, refusing anything outside ``root``."""
    root = Path(root)
    if not name or Path(name).is_absolute() or ".." in Path(name).parts:
        raise DatasetError(f"{name!r}: not a dataset name under the results folder")
    path = root / name
    if not _inside(root, path):
        raise DatasetError(f"{name}: outside the results folder {root}")
    if not path.is_dir():
        raise DatasetError(f"{name}: no such dataset under {root}")
    return path


def _parquet_files(folder: Path) -> list[Path]:
    # Finished chunks only: temp files start with a dot or lack the suffix.
    return sorted(
        p
        for p in folder.rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
    )


def _read_all(files: list[Path], what: str) -> pl.DataFrame:
    frames = []
    for p in files:
        try:
            frames.append(pl.read_parquet(p))
        except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's problem
            raise DatasetError(
                f"{what}/{p.name}: unreadable ({type(exc).__name__}); half-written or damaged"
            ) from None
    try:
        return pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    except pl.exceptions.PolarsError as exc:  # chunks whose columns disagree in type
        msg = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise DatasetError(f"{what}/: chunks do not fit together ({msg})") from None


def load_dataset(root: Path | str, name: str) -> Dataset:
    """Load a dataset under ``root`` or raise :class:`DatasetError`."""
    path = resolve_dataset(root, name)
    warnings: list[str] = []
    manifest: dict[str, Any] = {}
    mf = path / "manifest.json"
    if mf.is_file():
        try:
            manifest = json.loads(mf.read_text())
        except (OSError, ValueError) as exc:
            raise DatasetError(f"{name}/manifest.json: not valid JSON ({exc})") from None
        if not isinstance(manifest, dict):
            raise DatasetError(f"{name}/manifest.json: not a JSON object")
    else:
        warnings.append("no manifest.json: varied parameters guessed from the columns")
    files = _parquet_files(path / "runs") if (path / "runs").is_dir() else []
    if not files:
        raise DatasetError(f"{name}: no finished runs yet (runs/*.parquet missing)")
    _verify_chunks(path, name, manifest, warnings)
    runs = _read_all(files, "runs")
    missing = [c for c in ("seed", "outcome", "ceasefire_day") if c not in runs.columns]
    if missing:
        raise DatasetError(f"{name}: runs lack column(s) {', '.join(missing)}")
    _check_schema(runs, name)
    if "run_id" not in runs.columns:
        runs = runs.with_row_index("run_id")
    if "point_id" not in runs.columns:
        runs = runs.with_columns(pl.lit(0).alias("point_id"))
    runs = runs.sort("run_id")
    series = None
    if (path / "series").is_dir():
        sfiles = _parquet_files(path / "series")
        if sfiles:
            try:
                series = _read_all(sfiles, "series")
            except DatasetError as exc:
                warnings.append(f"series skipped: {exc}")
    expected = _expected_runs(manifest)
    if expected and runs.height < expected:
        warnings.append(f"{runs.height} of {expected} runs finished (batch incomplete)")
    shown = display_name(root, name)
    return Dataset(name=shown, path=path, manifest=manifest, runs=runs, series=series, warnings=warnings)


# Column types the page relies on (the replay panel turns seed and run_id into ints, the
# charts compare ceasefire_day with days): a dataset with other types is one message, not
# a traceback later. ceasefire_day may be null (no ceasefire).
_INTEGER_COLUMNS = ("run_id", "point_id", "replicate", "seed", "ceasefire_day", "days_run")


def _check_schema(runs: pl.DataFrame, name: str) -> None:
    for col in _INTEGER_COLUMNS:
        if col in runs.columns and not runs[col].dtype.is_integer():
            raise DatasetError(f"{name}: runs column {col} is {runs[col].dtype}, expected whole numbers")
    if runs["outcome"].dtype not in (pl.String, pl.Categorical) and not isinstance(
        runs["outcome"].dtype, pl.Enum
    ):
        raise DatasetError(f"{name}: runs column outcome is {runs['outcome'].dtype}, expected text")


def _verify_chunks(path: Path, name: str, manifest: dict[str, Any], warnings: list[str]) -> None:
    """Check each chunk against the manifest as ``warsim report`` does (engine/batch/store.py).

    Datasets in another format (older batches, hand-made test fixtures) are shown
    with a warning that their chunks were not verified.
    """
    try:
        from engine.batch import store
    except ImportError:  # the batch package is optional for the live page
        return
    if manifest.get("format") != store.FORMAT:
        if manifest:
            warnings.append(f"chunks not verified (manifest format {str(manifest.get('format'))[:30]!r})")
        return
    try:
        m = store.validate_manifest((path / "manifest.json").read_text(encoding="utf-8"),
                                    Path(name) / "manifest.json", "dataset")
    except (store.DatasetError, OSError) as exc:
        raise DatasetError(str(exc).removeprefix("dataset: ")) from None
    _, problems = store.verify_chunks(path, m)
    if problems:
        f, why = problems[0]
        more = f" (and {len(problems) - 1} more file(s))" if len(problems) > 1 else ""
        raise DatasetError(f"{name}/{f.relative_to(path).as_posix()}: {why}{more}")


def _expected_runs(manifest: dict[str, Any]) -> int | None:
    for key in ("n_runs", "runs", "total_runs"):
        v = manifest.get(key)
        if isinstance(v, int):
            return v
    return None


def scenario_of(manifest: dict[str, Any]) -> str | None:
    """The scenario a manifest names: ``scenario_file`` when it still exists, else the name.

    ``scenario`` may be a string or ``{name, hash}`` (engine/batch/store.py).
    """
    f = manifest.get("scenario_file")
    if isinstance(f, str) and Path(f).is_file():
        return f
    s = manifest.get("scenario")
    if isinstance(s, dict):
        return s.get("path") or s.get("name") or s.get("file")
    return s if isinstance(s, str) else None


def varied_parameters(manifest: dict[str, Any], runs: pl.DataFrame) -> list[str]:
    """Columns of ``runs`` that hold design parameters.

    From the manifest (``parameters``/``varied``/``vary``: a list of names or
    dicts with ``name``/``path``, or a dict keyed by name) when it names them,
    else every numeric column that is not a known result column.
    """
    for key in ("parameters", "varied", "vary", "params"):
        v = manifest.get(key)
        if v is None and isinstance(manifest.get("design"), dict):
            v = manifest["design"].get(key)
        names = _names(v)
        if names:
            return [n for n in names if n in runs.columns]
    return [
        c
        for c in runs.columns
        if c not in RESULT_COLUMNS and not c.startswith(RESULT_PREFIXES) and runs[c].dtype.is_numeric()
    ]


def _names(v: Any) -> list[str]:
    if isinstance(v, dict):
        return [str(k) for k in v]
    if isinstance(v, list):
        out = []
        for item in v:
            if isinstance(item, str):
                out.append(item.split("=")[0])
            elif isinstance(item, dict):
                n = item.get("name") or item.get("path") or item.get("column")
                if n:
                    out.append(str(n))
        return out
    return []


# ---------------------------------------------------------------- statistics
def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k/n`` (``(0, 1)`` when n is 0); scalar
    form of :func:`engine.batch.survival.wilson`."""
    if n <= 0:
        return 0.0, 1.0
    low, high = survival.wilson(k, n, z)
    return float(low), float(high)


def _ceasefire_by(runs: pl.DataFrame, day: int) -> pl.Expr:
    cf = pl.col("ceasefire_day")
    return (cf.is_not_null() & (cf >= 0) & (cf <= day)).cast(pl.Int64)


def survival_curve(runs: pl.DataFrame, horizon: int) -> list[dict[str, Any]]:
    """Kaplan-Meier P(no ceasefire through day t) over all runs, with its 95% band, as step records.

    A run that ended without a ceasefire (at ``days_run``, or an army's collapse)
    is censored there. Uses ``engine.batch.survival.kaplan_meier`` (the same
    estimate ``warsim report`` prints); where that band is undefined (S = 1
    before the first ceasefire) the Wilson interval of the share is drawn.
    """
    import numpy as np

    try:
        from engine.batch.survival import kaplan_meier
    except ImportError:  # the batch package is optional for the live page
        return _empirical_survival(runs, horizon)
    n = runs.height
    cf = runs["ceasefire_day"].fill_null(-1).to_numpy()
    last = runs["days_run"].to_numpy() - 1 if "days_run" in runs.columns else np.full(n, horizon)
    event = cf >= 0
    km = kaplan_meier(np.where(event, cf, last), event)
    lo0, hi0 = wilson(n, n)
    out = [{"day": 0, "survival": 1.0, "lo": lo0, "hi": hi0}]
    for t, s, lo, hi, at_risk in zip(
        km["time"], km["survival"], km["low"], km["high"], km["at_risk"], strict=True
    ):
        if math.isnan(lo) or math.isnan(hi):
            lo, hi = wilson(s * at_risk, at_risk)
        out.append({"day": int(t), "survival": float(s), "lo": float(lo), "hi": float(hi)})
    if out[-1]["day"] < horizon:
        out.append({**out[-1], "day": horizon})
    return out


def group_labels(ds: Dataset, by: str, runs: pl.DataFrame | None = None) -> pl.Series:
    """Per run, the label of its group: ``point 3: a=0.2, b=0.5`` (by design point), the value of
    one varied parameter (``us_pressure=0.5``), or ``all runs``; for ``runs`` (default: all of
    the dataset's)."""
    runs = ds.runs if runs is None else runs
    if by == "design point":
        labels = point_labels(ds)
        return pl.Series([labels.get(int(p), f"point {p}") for p in runs["point_id"]], dtype=pl.String)
    if by in runs.columns:
        return pl.Series([f"{_lever_name(by)}={_fmt(v)}" for v in runs[by].to_list()], dtype=pl.String)
    return pl.Series(["all runs"] * runs.height, dtype=pl.String)


def survival_curves(runs: pl.DataFrame, groups: pl.Series, horizon: int) -> list[dict[str, Any]]:
    """:func:`survival_curve` per group: records ``{group, day, survival, lo, hi}``, groups in order."""
    out: list[dict[str, Any]] = []
    frame = runs.with_columns(groups.alias("_group"))
    for g in sorted(frame["_group"].unique().to_list(), key=_natural):
        sub = frame.filter(pl.col("_group") == g)
        out.extend({"group": g, **r} for r in survival_curve(sub, horizon))
    return out


def outcome_shares_by(runs: pl.DataFrame, groups: pl.Series) -> list[dict[str, Any]]:
    """:func:`outcome_shares` per group: records ``{group, outcome, share, lo, hi, n}``."""
    out: list[dict[str, Any]] = []
    frame = runs.with_columns(groups.alias("_group"))
    for g in sorted(frame["_group"].unique().to_list(), key=_natural):
        out.extend({"group": g, **r} for r in outcome_shares(frame.filter(pl.col("_group") == g)))
    return out


def _natural(label: str) -> tuple:
    """Sort key putting ``point 10`` after ``point 9``."""
    import re

    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", label))


def default_heat_day(runs: pl.DataFrame, x: str, y: str, horizon: int) -> int:
    """The day on which the heatmap's cells differ most (largest spread of P(ceasefire by day)).

    Checked on about 60 days over the horizon; ties go to the earlier day. Falls
    back to the horizon when no run has a ceasefire.
    """
    days = sorted(set(range(1, horizon + 1, max(1, horizon // 60))) | {horizon})
    best, best_spread = horizon, -1.0
    for d in days:
        ps = [c["p"] for c in ceasefire_heatmap(runs, x, y, d)]
        spread = max(ps) - min(ps) if ps else 0.0
        if spread > best_spread + 1e-12:
            best, best_spread = d, spread
    return best if best_spread > 0 else horizon


def filter_outcomes(runs: pl.DataFrame, outcomes: list[str] | None) -> pl.DataFrame:
    """Runs whose outcome is in ``outcomes`` (all runs when None or empty)."""
    if not outcomes:
        return runs
    return runs.filter(pl.col("outcome").cast(pl.String).is_in(list(outcomes)))


def runs_csv(runs: pl.DataFrame) -> bytes:
    """The runs table as CSV (UTF-8), for the explorer's download button."""
    return runs.write_csv().encode()


def _empirical_survival(runs: pl.DataFrame, horizon: int) -> list[dict[str, Any]]:
    """Share of runs without a ceasefire by each day, with a 95% Wilson band."""
    n = runs.height
    cf = runs["ceasefire_day"].fill_null(-1).to_list()
    days = sorted({d for d in cf if d >= 0})
    out = []
    for t in _day_grid(horizon, days):
        k = sum(1 for d in cf if 0 <= d <= t)
        lo, hi = wilson(n - k, n)
        out.append({"day": t, "survival": (n - k) / n if n else 1.0, "lo": lo, "hi": hi})
    return out


def _day_grid(horizon: int, events: list[int]) -> list[int]:
    step = max(1, horizon // 120)
    return sorted(set(range(0, horizon + 1, step)) | {horizon} | {d for d in events if d <= horizon})


def ceasefire_heatmap(runs: pl.DataFrame, x: str, y: str, day: int) -> list[dict[str, Any]]:
    """P(ceasefire by ``day``) per pair of values of two varied parameters (others pooled)."""
    g = runs.group_by([x, y]).agg(_ceasefire_by(runs, day).sum().alias("k"), pl.len().alias("n")).sort([x, y])
    return [
        {x: r[x], y: r[y], "p": r["k"] / r["n"], "k": r["k"], "n": r["n"]} for r in g.iter_rows(named=True)
    ]


def outcome_shares(runs: pl.DataFrame) -> list[dict[str, Any]]:
    """Share of runs per outcome with 95% Wilson intervals, largest first."""
    n = runs.height
    g = runs.group_by("outcome").agg(pl.len().alias("n")).sort("n", descending=True)
    out = []
    for r in g.iter_rows(named=True):
        lo, hi = wilson(r["n"], n)
        out.append({"outcome": str(r["outcome"]), "share": r["n"] / n, "lo": lo, "hi": hi, "n": r["n"]})
    return out


def term_records(runs: pl.DataFrame) -> list[dict[str, Any]]:
    """Long records ``{term, value}`` of the signed terms (runs without a deal left out)."""
    cols = [c for c in runs.columns if c.startswith("term_")]
    out = []
    for c in cols:
        vals = runs[c].drop_nulls()
        if vals.dtype.is_float():
            vals = vals.drop_nans()
        out.extend({"term": c[len("term_") :], "value": float(v)} for v in vals.to_list())
    return out


def fan_records(series: pl.DataFrame, column: str, runs: pl.Series | None = None) -> list[dict[str, Any]]:
    """Quantiles (5, 25, 50, 75, 95%) of ``column`` across runs per day (only ``runs`` when given)."""
    if runs is not None and "run_id" in series.columns:
        series = series.filter(pl.col("run_id").is_in(runs.implode()))
    qs = {"q05": 0.05, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q95": 0.95}
    g = (
        series.group_by("day")
        .agg([pl.col(column).quantile(q, "linear").alias(k) for k, q in qs.items()])
        .sort("day")
    )
    return g.to_dicts()


def scenario_keys(runs: pl.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """The states, issues and front ids a dataset's per-run columns name
    (``territory_change_km2_<STATE>``, ``term_<issue>``, ``depth_km_<front>``; docs/datasets.md)."""

    def after(prefix: str) -> list[str]:
        return [c[len(prefix) :] for c in runs.columns if c.startswith(prefix)]

    return after("territory_change_km2_"), after("term_"), after("depth_km_")


def fan_columns(ds: Dataset) -> dict[str, str]:
    """Series columns a fan chart can show: exact name -> ``label, who (unit)``.

    Only declared series (viz.series.SERIES_COLUMNS, from the engine's declarations,
    filled in with this dataset's states and fronts) are offered, in declaration order;
    the label is the declared label and unit.
    """
    from viz import series as declared

    if ds.series is None or "day" not in ds.series.columns:
        return {}
    states, issues, fronts = scenario_keys(ds.runs)
    table = declared.declared(declared.SERIES_COLUMNS, states, issues, fronts)
    present = set(ds.series.columns)
    return {
        name: f"{spec.label}{', ' + who if who else ''} ({declared.unit_text(spec.unit)})"
        for name, (spec, who) in table.items()
        if name in present
    }


# ---------------------------------------------------------------- runs and replay
def point_labels(ds: Dataset) -> dict[int, str]:
    """``point_id -> "point 3: us_pressure=0.5, ..."`` for the run picker."""
    params = ds.parameters
    cols = ["point_id", *params]
    g = ds.runs.select(cols).unique("point_id", keep="first").sort("point_id")
    out = {}
    for r in g.iter_rows(named=True):
        vals = ", ".join(f"{_lever_name(p)}={_fmt(r[p])}" for p in params)
        out[int(r["point_id"])] = f"point {r['point_id']}" + (f": {vals}" if vals else "")
    return out


def run_labels(ds: Dataset, point_id: int) -> dict[int, str]:
    """``run_id -> "run 7 (rep 1, seed 11): ceasefire day 40"`` for one design point."""
    sub = ds.runs.filter(pl.col("point_id") == point_id)
    out = {}
    for r in sub.iter_rows(named=True):
        rep = r.get("replicate")
        cf = r.get("ceasefire_day")
        res = f"ceasefire day {cf}" if cf is not None and cf >= 0 else str(r["outcome"])
        out[int(r["run_id"])] = (
            f"run {r['run_id']}"
            + (f" (rep {rep}, seed {r['seed']})" if rep is not None else f" (seed {r['seed']})")
            + f": {res}"
        )
    return out


def _fmt(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def lever_label(path: str) -> str:
    """``levers.us_pressure`` -> ``us_pressure``; other paths as they are."""
    return _lever_name(path)


def _lever_name(path: str) -> str:
    parts = path.split(".")
    return parts[1] if len(parts) == 2 and parts[0] == "levers" else path


def replay_spec(ds: Dataset, run_id: int) -> dict[str, Any]:
    """What the live page needs to rebuild run ``run_id``: scenario, seed, days, overrides.

    Overrides are the run's varied parameters by name (lever names such as
    ``us_pressure``, or dotted paths such as ``fronts.pokrovsk.fortification``).
    """
    try:
        row = ds.runs.filter(pl.col("run_id") == run_id)
    except pl.exceptions.PolarsError as exc:
        raise DatasetError(f"{ds.name}: cannot find run {run_id} ({type(exc).__name__})") from None
    if row.height != 1:
        raise DatasetError(f"run {run_id}: not in {ds.name}")
    r = row.row(0, named=True)
    if not isinstance(r["seed"], int) or isinstance(r["seed"], bool):
        raise DatasetError(f"{ds.name}: run {run_id}: seed {r['seed']!r} is not a whole number")
    base = ds.manifest.get("base_overrides")
    overrides = {_lever_name(k): v for k, v in base.items()} if isinstance(base, dict) else {}
    for p in ds.parameters:
        v = r[p]
        if v is None:
            continue
        overrides[_lever_name(p)] = v.item() if hasattr(v, "item") else v
    days = ds.manifest.get("days")
    return {
        "scenario": ds.scenario,
        "seed": int(r["seed"]),
        "days": int(days) if isinstance(days, int) else None,
        "overrides": overrides,
        "run_id": int(run_id),
        "dataset": ds.name,
        "expected": {"outcome": r["outcome"], "ceasefire_day": r["ceasefire_day"]},
    }
