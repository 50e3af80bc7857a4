"""The benchmark results table: one row per figure, with provenance on every row.

Schema (``SCHEMA``; Parquet, readable by ``polars.read_parquet``):

=============  =========  ==========================================================
column         type       meaning
=============  =========  ==========================================================
suite_id       String     one id per ``warsim bench`` invocation (UTC time stamp)
created        String     ISO time the suite started (UTC)
quick          Boolean    ``--quick`` (small sizes, few repeats) or the full suite
benchmark      String     single, batch, scaling, bandwidth, startup, threads
case           String     what was measured, e.g. ``reference``, ``kernel``, ``ratio``
metric         String     seconds, days_per_s, runs_per_s, ratio, s_per_sector_day,
                          s_per_run_day, slope, bytes_per_s, fraction, ...
unit           String     unit of ``value`` (s, 1/s, x, B/s, 1)
value          Float64    the median over repeats (or the fitted value)
low, high      Float64    min and max over repeats (for ratios: the pessimistic and
                          optimistic bounds from the two sides' spreads); null if none
repeats        Int32      timed repeats behind the figure
size           Int64      front sectors of the world (null where not applicable)
runs           Int64      runs per call (null where not applicable)
threads        Int32      Numba threads (or processes for mesa.batch_run)
target         Float64    the issue's target for this figure, null when none
target_met     Boolean    value compared with target (null when no target)
note           String     conditions, caveats
host ...       String     machine: host, cpu, cores, memory_gb, python, numpy, numba,
                          mesa, polars, warsim, commit (same on every row)
=============  =========  ==========================================================

:func:`load_latest` is what the dashboard reads.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LATEST = "latest.parquet"

MACHINE_COLUMNS = (
    "host", "cpu", "cores", "memory_gb", "python", "numpy", "numba", "mesa", "polars", "warsim", "commit",
)
SCHEMA: dict[str, pl.DataType] = {
    "suite_id": pl.String(),
    "created": pl.String(),
    "quick": pl.Boolean(),
    "benchmark": pl.String(),
    "case": pl.String(),
    "metric": pl.String(),
    "unit": pl.String(),
    "value": pl.Float64(),
    "low": pl.Float64(),
    "high": pl.Float64(),
    "repeats": pl.Int32(),
    "size": pl.Int64(),
    "runs": pl.Int64(),
    "threads": pl.Int32(),
    "target": pl.Float64(),
    "target_met": pl.Boolean(),
    "note": pl.String(),
    **{c: pl.String() for c in MACHINE_COLUMNS},
}


@dataclass
class Figure:
    """One measured number (a row of the table before provenance is added)."""

    benchmark: str
    case: str
    metric: str
    unit: str
    value: float
    low: float | None = None
    high: float | None = None
    repeats: int = 1
    size: int | None = None
    runs: int | None = None
    threads: int = 1
    target: float | None = None
    # ">=": at least target; "<=": at most; "range": [target, target_high]
    sense: str = ">="
    target_high: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def target_met(self) -> bool | None:
        if self.target is None:
            return None
        if self.sense == "<=":
            return self.value <= self.target
        if self.sense == "range":
            return self.target <= self.value <= (self.target_high or self.target)
        return self.value >= self.target


def machine() -> dict[str, str]:
    """Description of this machine and the software versions (strings)."""
    import mesa
    import numba
    import numpy

    import engine

    return {
        "host": platform.node(),
        "cpu": _cpu_name(),
        "cores": str(os.cpu_count()),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "numba": numba.__version__,
        "mesa": mesa.__version__,
        "polars": pl.__version__,
        "warsim": engine.__version__,
        "commit": _commit(),
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        import psutil

        return f"{psutil.virtual_memory().total / 2**30:.1f}"
    except Exception:  # noqa: BLE001 - optional detail
        return ""


def _commit() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
        commit = out.stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True,
            text=True, timeout=10,
        ).stdout.strip()
        return f"{commit}+dirty" if commit and dirty else commit
    except (OSError, subprocess.SubprocessError):
        return ""


def new_suite_id(now: dt.datetime | None = None) -> tuple[str, str]:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ"), now.isoformat(timespec="seconds")


def to_frame(figures: list[Figure], suite_id: str, created: str, quick: bool,
             machine_info: dict[str, str]) -> pl.DataFrame:
    """The results table of a suite run (columns and types as ``SCHEMA``)."""
    rows = []
    for f in figures:
        rows.append({
            "suite_id": suite_id,
            "created": created,
            "quick": quick,
            "benchmark": f.benchmark,
            "case": f.case,
            "metric": f.metric,
            "unit": f.unit,
            "value": float(f.value),
            "low": None if f.low is None else float(f.low),
            "high": None if f.high is None else float(f.high),
            "repeats": int(f.repeats),
            "size": f.size,
            "runs": f.runs,
            "threads": int(f.threads),
            "target": f.target,
            "target_met": f.target_met(),
            "note": f.note,
            **{c: machine_info.get(c, "") for c in MACHINE_COLUMNS},
        })
    return pl.DataFrame(rows, schema=SCHEMA)


def write(frame: pl.DataFrame, out: Path) -> dict[str, Path]:
    """Write ``bench-<suite_id>.parquet``, ``latest.parquet`` and ``latest.md`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    suite_id = frame["suite_id"][0] if frame.height else "empty"
    paths = {
        "run": out / f"bench-{suite_id}.parquet",
        "latest": out / LATEST,
        "markdown": out / "latest.md",
    }
    for key in ("run", "latest"):
        tmp = paths[key].with_name(f".{paths[key].name}.tmp")
        frame.write_parquet(tmp)
        os.replace(tmp, paths[key])
    paths["markdown"].write_text(markdown(frame))
    return paths


def load_latest(path: str | Path = RESULTS_DIR) -> pl.DataFrame:
    """The latest results table.

    Parameters
    ----------
    path : str or Path
        A results folder (reads its ``latest.parquet``, else its newest
        ``bench-*.parquet``) or a Parquet file.

    Returns
    -------
    polars.DataFrame
        Columns and types as ``SCHEMA``; an empty frame with that schema when
        there are no results yet.
    """
    p = Path(path)
    if p.is_dir():
        if (p / LATEST).is_file():
            p = p / LATEST
        else:
            found = sorted(p.glob("bench-*.parquet"))
            if not found:
                return pl.DataFrame(schema=SCHEMA)
            p = found[-1]
    if not p.is_file():
        return pl.DataFrame(schema=SCHEMA)
    frame = pl.read_parquet(p)
    for name, dtype in SCHEMA.items():
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(list(SCHEMA)).cast(SCHEMA)


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return ""
    a = abs(v)
    if a != 0 and (a >= 1e5 or a < 1e-3):
        s = f"{v:.3g}"
    elif a >= 100:
        s = f"{v:,.0f}"
    else:
        s = f"{v:.3g}"
    return s


def markdown(frame: pl.DataFrame) -> str:
    """The table as Markdown: one line per figure, machine and conditions on top."""
    if frame.height == 0:
        return "No benchmark results.\n"
    m = frame.row(0, named=True)
    lines = [
        f"Suite `{m['suite_id']}` ({'quick' if m['quick'] else 'full'}), commit `{m['commit']}`, "
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB; Python {m['python']}, numpy {m['numpy']}, "
        f"numba {m['numba']}, mesa {m['mesa']}, polars {m['polars']}.",
        "",
        "| benchmark | case | metric | value | min | max | unit | n | size | runs | threads | target | met |"
        " note |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in frame.iter_rows(named=True):
        met = {None: "", True: "yes", False: "**no**"}[r["target_met"]]
        lines.append(
            f"| {r['benchmark']} | {r['case']} | {r['metric']} | {_fmt(r['value'])} | {_fmt(r['low'])} | "
            f"{_fmt(r['high'])} | {r['unit']} | {r['repeats']} | {r['size'] or ''} | {r['runs'] or ''} | "
            f"{r['threads']} | {_fmt(r['target'])} | {met} | {r['note']} |"
        )
    return "\n".join(lines) + "\n"
