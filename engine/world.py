"""The world: structure-of-arrays state with a leading run axis.

A :class:`World` holds every run of a kernel call side by side: ``state[r, i,
S_*]`` is state ``i`` of run ``r``. Its fields are the column blocks of
:data:`engine.core.columns.BLOCKS` and the arrays the mechanisms declare
(:data:`engine.layout.ARRAYS`); column names are in :mod:`engine.layout`.
Structure (which states exist, who attacks where, event kinds) is shared by all
runs; numbers (parameters, event days and values) are per run, so each run of a
batch can carry its own design point.

:func:`build_world` allocates the blocks, then runs each registered mechanism's
``build.py`` hooks in day order (engine/core/build.py says what they may do).
The drivers (engine/core/simulate.py) take the World and slice it per run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from engine import layout as L
from engine.core.build import BuildContext
from engine.core.columns import BLOCKS
from engine.core.registry import active_mechanisms
from engine.scenario import Scenario

__all__ = ["LOG_CAPACITY", "Structure", "World", "build_world"]

LOG_CAPACITY = 512

# Every World field: the column blocks, then each mechanism's declared arrays (day order).
World = namedtuple("World", [b.name for b in BLOCKS] + [a.name for a in L.ARRAYS])


@dataclass(frozen=True)
class Structure:
    """Names behind the integer indices of a World, for decoding results."""

    scenario: Scenario
    states: tuple[str, ...]
    fronts: tuple[str, ...]
    settlements: tuple[tuple[str, ...], ...]
    days: int
    record_every: int

    @property
    def n_records(self) -> int:
        return 0 if self.record_every <= 0 else -(-self.days // self.record_every)


@functools.cache
def _build_modules() -> tuple:
    """Each registered mechanism's ``build`` module, in day order (None where it has none)."""
    out = []
    for m in active_mechanisms():
        spec = importlib.util.find_spec(f"{m.package}.build")
        out.append(importlib.import_module(f"{m.package}.build") if spec else None)
    return tuple(out)


def _signature(s: Scenario, builders=None) -> tuple:
    """What must be equal for two scenarios to share a World."""
    builders = _build_modules() if builders is None else builders
    return (tuple((c, st.role) for c, st in s.states.items()),) + tuple(
        b.signature(s) for b in builders if b is not None and hasattr(b, "signature")
    )


def build_world(
    scenarios: Scenario | list[Scenario],
    seeds: list[int] | np.ndarray,
    days: int | None = None,
    record_every: int = 0,
) -> tuple[World, Structure]:
    """Build the arrays for ``len(seeds)`` runs.

    Parameters
    ----------
    scenarios : Scenario or list of Scenario
        One scenario for all runs, or one per run (design points); all must
        share the same structure (states, sectors, event kinds and targets).
    seeds : sequence of int, shape (R,)
        Each run's seed.
    days : int, optional
        Run length; defaults to the scenario's ``days``.
    record_every : int
        Stride of the daily series in days (1 daily, 7 weekly, 0 none).
    """
    seeds = np.asarray(seeds, dtype=np.int64).reshape(-1)
    n_runs = len(seeds)
    if isinstance(scenarios, Scenario):
        scenarios = [scenarios] * n_runs
    if len(scenarios) != n_runs:
        raise ValueError("need one scenario per seed")
    builders = _build_modules()
    s0 = scenarios[0]
    sig = _signature(s0, builders)
    for s in scenarios[1:]:
        if s is not s0 and _signature(s, builders) != sig:
            raise ValueError("all runs of one World must share the scenario's structure")
    days = int(days or s0.scenario.days)
    codes, fids = list(s0.states), list(s0.fronts)
    n_rec = 0 if record_every <= 0 else -(-days // record_every)
    ctx = BuildContext(list(scenarios), codes, fids, days, record_every, n_rec)
    rows = {"state": len(codes), "front": len(fids)}
    for block in BLOCKS:
        if block.rows in rows:
            ctx.arrays[block.name] = np.zeros((n_runs, rows[block.rows], getattr(L, block.width)))
        elif block.rows == "run" and block.name != "talks_roles":
            ctx.arrays[block.name] = np.zeros((n_runs, getattr(L, block.width)))
    glob = ctx.arrays["glob"]
    glob[:, L.G_CEASEFIRE_DAY] = -1
    glob[:, L.G_END_DAY] = -1
    glob[:, L.G_COLLAPSED_STATE] = -1
    ctx.arrays.update(
        seed=seeds.copy(),
        day=np.zeros(n_runs, dtype=np.int64),
        role=np.array([L.ROLE_NAMES.index(st.role) for st in s0.states.values()], np.int64),
        record_every=np.array([record_every], np.int64),
        log=np.zeros((n_runs, LOG_CAPACITY, L.N_LOG)),
        log_count=np.zeros(n_runs, dtype=np.int64),
        series_state=np.zeros((n_runs, n_rec, len(codes), L.N_SERIES_STATE)),
        series_front=np.zeros((n_runs, n_rec, len(fids))),
        series_global=np.zeros((n_runs, n_rec, L.N_SERIES_GLOBAL)),
    )
    for b in builders:
        if b is not None and hasattr(b, "build"):
            b.build(ctx)
    missing = [f for f in World._fields if f not in ctx.arrays]
    if missing:
        raise ValueError(f"no mechanism built the declared World fields {missing}")
    world = World(**{f: ctx.arrays[f] for f in World._fields})
    for b in builders:
        if b is not None and hasattr(b, "init"):
            b.init(world)
    structure = Structure(
        scenario=s0,
        states=tuple(codes),
        fronts=tuple(fids),
        settlements=tuple(tuple(st.name for st in f.settlements) for f in s0.fronts.values()),
        days=days,
        record_every=record_every,
    )
    return world, structure
