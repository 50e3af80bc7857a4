"""A whole batch: check the request, plan chunks, run them, keep the manifest.

:func:`prepare_batch` validates everything before any run (bad ``--vary``,
unknown paths, out-of-range values, a bad ``--out``, a ``--resume`` that does
not match) and :func:`run_batch` runs the chunks still missing. Importable:
``run_batch(BatchConfig("ukraine_2025", out="results/x", reps=50,
vary=["us_pressure=0.2,0.8"]))``.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.batch import store
from engine.batch.designs import (
    Design,
    check_points,
    inactive_levers,
    make_design,
    normalise_factors,
    parse_vary,
    read_grid,
)
from engine.batch.lock import refuse_if_held, writer_lock
from engine.batch.runner import SERIES_STRIDE, ChunkTask, chunk_bounds, chunk_runs_for
from engine.errors import UsageError

MANIFEST_EVERY_S = 1.0


@dataclass
class BatchConfig:
    """What ``warsim batch`` was asked (field names follow the CLI options)."""

    scenario: str
    out: str
    reps: int = 100
    vary: list[str] = field(default_factory=list)
    design: str | None = None
    samples: int | None = None
    grid: str | None = None
    series: str = "none"
    seed: int | None = None
    days: int | None = None
    overrides: list[str] = field(default_factory=list)
    threads: int | None = None
    resume: bool = False
    executor: str = "local"
    scheduler: str | None = None
    chunk_runs: int | None = None


@dataclass
class PreparedBatch:
    config: BatchConfig
    out: Path
    manifest: dict[str, Any]
    design: Design
    scenarios: dict  # point id -> validated Scenario (every point of a small design; else none)
    raw: dict
    base_overrides: dict[str, Any]
    notes: list[str]

    @property
    def n_runs(self) -> int:
        return self.manifest["n_runs"]

    def chunk_list(self) -> list[tuple[int, int]]:
        return chunk_bounds(self.n_runs, self.manifest["chunk_runs"])

    def pending(self) -> list[int]:
        """Chunks whose files are missing (not verified: :func:`store.verify_chunks` is)."""
        with_series = self.manifest["record_every"] > 0
        return [k for k, _ in enumerate(self.chunk_list()) if not store.chunk_done(self.out, k, with_series)]


def prepare_batch(cfg: BatchConfig) -> PreparedBatch:
    """Validate the request and the output folder; nothing is run or written
    except the folder itself (created when missing)."""
    from engine.api import parse_overrides
    from engine.scenario import load_scenario, normalise_overrides, read_raw, resolve_path

    if cfg.reps < 1:
        raise UsageError("--reps: must be at least 1")
    if cfg.series not in SERIES_STRIDE:
        raise UsageError(f"--series: '{cfg.series}' is not one of {', '.join(SERIES_STRIDE)}")
    if cfg.executor not in ("local", "dask"):
        raise UsageError(f"--executor: '{cfg.executor}' is not one of local, dask")
    if cfg.scheduler and cfg.executor != "dask":
        raise UsageError("--scheduler: only with --executor dask")
    path = resolve_path(cfg.scenario)
    raw = read_raw(path)
    base_overrides = parse_overrides(cfg.overrides)
    base = load_scenario(raw, base_overrides, origin=str(cfg.scenario))
    base_overrides = normalise_overrides(base, base_overrides)

    factors = [parse_vary(v) for v in cfg.vary]
    kind, samples, points = cfg.design, cfg.samples, None
    if cfg.grid:
        if factors:
            raise UsageError("--grid: give the design in the grid file or with --vary, not both")
        grid = read_grid(cfg.grid)
        factors, points = grid["factors"], grid["points"]
        kind = kind or grid["design"]
        samples = samples if samples is not None else grid["samples"]
        if points is not None:
            kind = "points"
            points = [normalise_overrides(base, p) for p in points]
    kind = kind or "factorial"
    if kind in ("lhs", "sobol") and cfg.grid is None and samples is None:
        raise UsageError(f"--design {kind}: needs --samples N")
    base_seed = base.scenario.seed if cfg.seed is None else cfg.seed
    factors = normalise_factors(base, factors)
    _check_batch_size(kind, factors, samples, points, cfg)
    design = make_design(kind, factors, samples, seed=base_seed, points=points)
    for p in design.params:
        if p in base_overrides:
            raise UsageError(f"--vary {p}: also fixed by --set; give it once")
    scenarios = check_points(raw, base_overrides, design, origin="--grid" if cfg.grid else "--vary")
    days = cfg.days or base.scenario.days
    record_every = SERIES_STRIDE[cfg.series]
    n_runs = len(design.points) * cfg.reps

    identity = {
        "scenario": {"name": base.scenario.name, "hash": store.digest(raw)},
        "base_overrides": base_overrides,
        "design": design.to_json(),
        "reps": cfg.reps,
        "seeds": {"base": base_seed, "rule": "seed = base + replicate"},
        "days": days,
        "series": cfg.series,
        "engine": store.engine_fingerprint(),
    }
    chunk_runs = cfg.chunk_runs or chunk_runs_for(
        n_runs, len(base.states), len(base.fronts), days, record_every, reps=cfg.reps
    )
    n_chunks = len(chunk_bounds(n_runs, chunk_runs))
    if n_chunks > store.MAX_CHUNKS:
        raise UsageError(
            f"--chunk-runs {chunk_runs}: {n_runs:,} runs make {n_chunks:,} chunks, more than "
            f"{store.MAX_CHUNKS:,}; give a larger --chunk-runs"
        )
    fresh = {
        "format": store.FORMAT,
        "batch_id": uuid.uuid4().hex,
        **identity,
        "scenario_file": str(path),
        "record_every": record_every,
        "n_points": len(design.points),
        "n_runs": n_runs,
        "run_id": "point_id * reps + replicate",
        "chunk_runs": chunk_runs,
        "n_chunks": n_chunks,
        "created": store.now(),
        "updated": store.now(),
        "complete": False,
        "runs_done": 0,
        "chunks": [
            {"chunk": k, "first_run": a, "stop_run": b, "status": "pending"}
            for k, (a, b) in enumerate(chunk_bounds(n_runs, chunk_runs))
        ],
    }
    out = Path(cfg.out)
    refuse_if_held(out)
    manifest = _adopt_folder(out, cfg, identity, fresh)
    notes = []
    off = inactive_levers(base, design)
    if off:
        notes.append(
            f"note: lever(s) {', '.join(off)} are inactive in this scenario (their mechanism is not "
            "built yet): varying them changes nothing"
        )
    return PreparedBatch(cfg, out, manifest, design, scenarios, raw, base_overrides, notes)


def _check_batch_size(kind, factors, samples, points, cfg: BatchConfig) -> None:
    """Refuse a batch too large to plan before any point is made (one line)."""
    from engine.batch.designs import check_size

    if kind in ("lhs", "sobol") and samples is None:
        return  # make_design names the missing --samples
    n_points = check_size(kind, factors, samples, points)
    n_runs = n_points * cfg.reps
    if n_runs > store.MAX_RUNS:
        raise UsageError(
            f"--reps: {n_points:,} design points x {cfg.reps:,} reps is {n_runs:,} runs, more than "
            f"{store.MAX_RUNS:,} in one batch; split it into several --out folders"
        )


def _adopt_folder(out: Path, cfg: BatchConfig, identity: dict, fresh: dict) -> dict:
    """The manifest to write with: ``fresh`` for a new folder, the folder's own on --resume.

    Called while preparing (errors before anything runs) and again under the
    writer lock, when the folder can no longer change under us.
    """
    old = store.prepare_out(out, cfg.resume)
    if old is None:
        return fresh
    store.check_same_batch(old, identity, out)
    if cfg.chunk_runs and cfg.chunk_runs != old["chunk_runs"]:
        raise UsageError(
            f"--chunk-runs {cfg.chunk_runs}: {out} was started with --chunk-runs "
            f"{old['chunk_runs']}; leave it out when resuming"
        )
    return old


def _tasks(prep: PreparedBatch, chunks: list[int]):
    m = prep.manifest
    bounds = prep.chunk_list()
    reps = m["reps"]
    for k in chunks:
        a, b = bounds[k]
        pids = range(a // reps, (b - 1) // reps + 1)
        yield ChunkTask(
            chunk=k,
            start=a,
            stop=b,
            reps=reps,
            base_seed=m["seeds"]["base"],
            days=m["days"],
            record_every=m["record_every"],
            scenario_raw=prep.raw,
            scenario_origin=prep.config.scenario,
            scenario_hash=m["scenario"]["hash"],
            base_overrides=prep.base_overrides,
            points={pid: prep.design.points[pid] for pid in pids},
            params=prep.design.params,
            out=str(prep.out),
            metadata=store.chunk_metadata(m, k),
        )


def write_points(prep: PreparedBatch) -> None:
    """``points.parquet``: one row per design point (point_id, varied parameters)."""
    import polars as pl

    from engine.batch.columns import param_series

    path = prep.out / "points.parquet"
    meta = store.points_metadata(prep.manifest)
    if path.exists() and store.points_problem(path, meta) is None:
        return
    cols = {"point_id": pl.Series(range(len(prep.design.points)), dtype=pl.Int32)}
    for p in prep.design.params:
        cols[p] = param_series(prep.design.column(p))
    frame = pl.DataFrame(cols)
    store.atomic_write(path, lambda p: frame.write_parquet(p, metadata=meta))


def make_executor(prep: PreparedBatch):
    """The executor the config names (not yet entered)."""
    from engine.batch.executors import DaskExecutor, LocalExecutor

    cfg = prep.config
    if cfg.executor == "dask":
        from engine.batch.runner import compile_kernels

        compile_kernels()
        return DaskExecutor(cfg.scheduler, workers=cfg.threads)
    return LocalExecutor(cfg.threads, scenarios=prep.scenarios or None)


def run_batch(
    cfg: BatchConfig | PreparedBatch,
    on_progress: Callable[[int, int], None] | None = None,
    executor=None,
) -> dict[str, Any]:
    """Run the chunks still missing; return ``{runs, runs_new, seconds, out, ...}``.

    ``on_progress(done, total)`` is called with run counts after each chunk.
    ``executor`` (already entered) overrides the one the config names: tests
    pass a DaskExecutor on a cluster they control.
    """
    prep = cfg if isinstance(cfg, PreparedBatch) else prepare_batch(cfg)
    with writer_lock(prep.out, command=_command(prep.config)):
        # Under the lock the folder cannot change: look again (another writer may
        # have filled it, or started the batch --resume is about to continue).
        prep.manifest = _adopt_folder(prep.out, prep.config, _identity(prep.manifest), prep.manifest)
        if executor is not None:
            return _run(prep, on_progress, executor)
        # Connect first: a cluster that cannot be reached is an error before any file is written.
        with make_executor(prep) as ex:
            return _run(prep, on_progress, ex)


def _identity(m: dict) -> dict:
    return {k: m[k] for k in store.IDENTITY_KEYS}


def _command(cfg: BatchConfig) -> str:
    from engine.batch.lock import command_line

    if sys.argv and "batch" in sys.argv:
        return command_line()
    return f"run_batch({cfg.scenario!r}, out={cfg.out!r})"


def _run(prep: PreparedBatch, on_progress, executor) -> dict[str, Any]:
    m = prep.manifest
    out = prep.out
    store.clean_temp(out)
    # Chunk files that do not belong to this batch (another batch's, a copy, a
    # corrupt file) are moved aside into rejected/ and their chunks run again.
    _, problems = store.verify_chunks(out, m, deep=prep.config.resume)
    if problems:
        moved = store.reject(out, [f for f, _ in problems])
        f, why = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        prep.notes.append(
            f"note: {f.relative_to(out)}: {why}{more}: moved to {moved[0].parent.relative_to(out)}/ "
            "and run again"
        )
        print(prep.notes[-1], file=sys.stderr)
    pending = prep.pending()
    bounds = prep.chunk_list()
    pending_set = set(pending)
    for rec in m["chunks"]:
        rec["status"] = "pending" if rec["chunk"] in pending_set else "done"
    done_runs = sum(b - a for k, (a, b) in enumerate(bounds) if k not in pending_set)
    m["runs_done"] = done_runs
    m["updated"] = store.now()
    store.write_json(out / store.MANIFEST, m)  # first: a folder with runs/ always has its manifest
    (out / "runs").mkdir(exist_ok=True)
    if m["record_every"] > 0:
        (out / "series").mkdir(exist_ok=True)
    write_points(prep)
    if on_progress:
        on_progress(done_runs, prep.n_runs)

    t0 = time.perf_counter()
    last_write = [time.perf_counter()]
    new_runs = [0]

    def on_done(rec: dict) -> None:
        entry = m["chunks"][rec["chunk"]]
        entry.update(status="done", seconds=rec["seconds"], series_rows=rec["series_rows"])
        new_runs[0] += rec["runs"]
        m["runs_done"] = done_runs + new_runs[0]
        if time.perf_counter() - last_write[0] > MANIFEST_EVERY_S:
            m["updated"] = store.now()
            store.write_json(out / store.MANIFEST, m)
            last_write[0] = time.perf_counter()
        if on_progress:
            on_progress(m["runs_done"], prep.n_runs)

    try:
        if pending:
            executor.run(_tasks(prep, pending), on_done)
    finally:
        # Also when a chunk fails (a bad design point, Ctrl+C): the finished chunks are recorded.
        m["complete"] = all(store.chunk_done(out, k, m["record_every"] > 0) for k in range(len(bounds)))
        m["updated"] = store.now()
        store.write_json(out / store.MANIFEST, m)
    seconds = time.perf_counter() - t0
    return {
        "out": str(out),
        "runs": m["runs_done"],
        "runs_new": new_runs[0],
        "n_points": m["n_points"],
        "reps": m["reps"],
        "chunks": len(bounds),
        "seconds": seconds,
        "complete": m["complete"],
        "notes": prep.notes,
    }
