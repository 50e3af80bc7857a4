"""The kernel over runs: a chunk of runs, each with its own design point, stepped
in one Numba call and written as Parquet.

Run ``run_id = point_id * reps + replicate`` gets seed ``base_seed + replicate``
(docs/model.md, "Random numbers"), so ``warsim run SCENARIO --seed S --set
PATH=VALUE ...`` replays any run of a batch bit for bit. Chunk ``k`` holds runs
``[k * chunk_runs, (k + 1) * chunk_runs)``. Each run draws only keyed random
numbers and touches only its own rows, so a run's numbers do not depend on the
chunk size, the thread count or the executor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SERIES_STRIDE = {"none": 0, "weekly": 7, "daily": 1}
# Bytes a chunk's World may take before it is split further (series dominate).
CHUNK_MEMORY = 256 * 2**20


@dataclass(frozen=True)
class ChunkTask:
    """Everything a worker needs to run and write one chunk (picklable).

    ``scenario_raw`` is the scenario file parsed to a dict, so remote workers
    need no access to the file; ``base_overrides`` are the ``--set`` values;
    ``points`` maps each point id in the chunk to its overrides.
    """

    chunk: int
    start: int
    stop: int
    reps: int
    base_seed: int
    days: int
    record_every: int
    scenario_raw: dict
    scenario_origin: str
    scenario_hash: str
    base_overrides: dict
    points: dict[int, dict[str, Any]]
    params: tuple[str, ...]
    out: str
    metadata: dict[str, str]


# Most design points one chunk may span: each point's validated Scenario (~0.25 MB for
# the reference scenario) is held while its chunk runs.
CHUNK_POINTS = 256


def chunk_runs_for(
    n_runs: int, n_states: int, n_fronts: int, days: int, record_every: int, reps: int | None = None
) -> int:
    """Default runs per chunk: about 1% of the batch (a smooth progress bar, chunks of
    0.1 s of work or more), at least 64, and no more than fits in CHUNK_MEMORY; with
    ``reps``, no more than CHUNK_POINTS design points' worth of runs."""
    from engine import layout as L
    from engine.world import LOG_CAPACITY

    n_rec = 0 if record_every <= 0 else -(-days // record_every)
    per_run = 8 * (
        LOG_CAPACITY * L.N_LOG
        + n_states * (L.N_STATE + L.N_STATE_PARAM)
        + n_fronts * (L.N_FRONT + L.N_FRONT_PARAM + 32)
        + L.N_GLOBAL + L.N_GLOBAL_PARAM
        + n_rec * (n_states * L.N_SERIES_STATE + n_fronts + L.N_SERIES_GLOBAL) * 3  # + frame
    )
    cap = max(1, CHUNK_MEMORY // per_run)
    if reps:
        cap = min(cap, CHUNK_POINTS * reps)
    return int(max(1, min(cap, max(64, -(-n_runs // 100)))))


def chunk_bounds(n_runs: int, chunk_runs: int) -> list[tuple[int, int]]:
    return [(a, min(a + chunk_runs, n_runs)) for a in range(0, n_runs, chunk_runs)]


_SCENARIO_CACHE: dict[tuple[str, int], Any] = {}


def _point_scenario(task: ChunkTask, pid: int):
    """The validated Scenario of design point ``pid`` (cached per worker process)."""
    from engine.errors import UsageError
    from engine.scenario import ScenarioError, load_scenario

    # The design hash and the --set values are part of the key: two batches of one
    # scenario in one process (tests, a notebook) must not share point ids.
    key = (task.scenario_hash, task.metadata.get("warsim_design_hash"),
           repr(sorted(task.base_overrides.items())), pid)
    s = _SCENARIO_CACHE.get(key)
    if s is None:
        if len(_SCENARIO_CACHE) > 4096:
            _SCENARIO_CACHE.clear()
        try:
            s = load_scenario(task.scenario_raw, {**task.base_overrides, **task.points[pid]},
                              origin=task.scenario_origin)
        except ScenarioError as exc:
            # A large design is validated by probes before it starts (designs.check_points);
            # a point they did not stand for stops the batch here, its finished chunks kept.
            from engine.batch.designs import point_error

            raise UsageError(point_error(exc, task.points[pid], f"design point {pid}:")) from None
        _SCENARIO_CACHE[key] = s
    return s


def simulate_chunk(task: ChunkTask, parallel: bool = True, scenarios: dict | None = None):
    """Build and step the chunk's World; return ``(world, structure, ids)``.

    ``ids`` holds the ``run_id``, ``point_id`` and ``replicate`` arrays.
    ``scenarios`` (point id -> Scenario) skips reloading in the parent process.
    """
    from engine.core.simulate import run_days
    from engine.world import build_world

    run_id = np.arange(task.start, task.stop, dtype=np.int64)
    point_id = run_id // task.reps
    replicate = run_id % task.reps
    per_point = {}
    for pid in np.unique(point_id).tolist():
        have = scenarios.get(pid) if scenarios is not None else None
        per_point[pid] = have if have is not None else _point_scenario(task, pid)
    runs = [per_point[p] for p in point_id.tolist()]
    seeds = task.base_seed + replicate
    w, st = build_world(runs, seeds, days=task.days, record_every=task.record_every)
    run_days(w, st.days, parallel=parallel)
    return w, st, (run_id, point_id, replicate)


def run_chunk(task: ChunkTask, parallel: bool = True, scenarios: dict | None = None) -> dict:
    """Run one chunk and write its Parquet file(s) atomically; return its record
    for the manifest (rows, series rows, seconds)."""
    from engine.batch.columns import runs_frame, series_frame_all
    from engine.batch.store import atomic_write, runs_path, series_path

    t0 = time.perf_counter()
    w, st, (run_id, point_id, replicate) = simulate_chunk(task, parallel, scenarios)
    params = {p: [task.points[pid].get(p) for pid in point_id.tolist()] for p in task.params}
    runs = runs_frame(w, st, run_id, point_id, replicate, params)
    if str(runs.height) != task.metadata.get("warsim_rows", str(runs.height)):
        raise RuntimeError(f"chunk {task.chunk}: {runs.height} rows, planned {task.metadata['warsim_rows']}")
    out = Path(task.out)
    n_series = 0
    if task.record_every > 0:
        series = series_frame_all(w, st, run_id, point_id)
        n_series = series.height
        path = series_path(out, task.chunk)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda p: series.write_parquet(p, compression="zstd", metadata=task.metadata))
    path = runs_path(out, task.chunk)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda p: runs.write_parquet(p, compression="zstd", metadata=task.metadata))
    return {
        "chunk": task.chunk,
        "runs": runs.height,
        "series_rows": n_series,
        "seconds": round(time.perf_counter() - t0, 3),
    }


def compile_kernels() -> None:
    """Compile (or load from the on-disk cache) the step kernels once, in this
    process, before workers start: several processes building the same cache at
    once can crash (numba issue 4807)."""
    from engine.core.simulate import run_days
    from engine.scenario import load_scenario
    from engine.world import build_world
    from scenarios.synthetic import synthetic_raw

    s = load_scenario(synthetic_raw(n_fronts=2, days=2))
    for parallel, n in ((True, 2), (False, 1)):
        w, st = build_world([s] * n, list(range(n)), days=2, record_every=1)
        run_days(w, 2, parallel=parallel)
