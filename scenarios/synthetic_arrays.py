"""Large synthetic worlds built at the array level, for the scaling benchmarks.

Validating a scenario file of 10^6 sectors through pydantic would take
minutes, so big worlds are made from a small validated one: a synthetic
scenario of ``base`` sectors (:func:`scenarios.synthetic.synthetic_raw`, one
attacker-defender pair) is built with :func:`engine.world.build_world`, and
every array with a sector axis is tiled along it to ``n_sectors``. The states'
troop, recruitment and firepower numbers are scaled by the same factor, so the
big world is ``n_sectors / base`` copies of the small war side by side (each
sector still draws its own keyed random numbers, by its index). Army collapse
is switched off so that every run lasts the days asked for and the cost per
day stays comparable across sizes.

Which axes are sector axes is found, not listed: two tiny worlds of 2 and 3
sectors are built and every axis whose length differs is one. New mechanisms
that add sector-axis arrays are therefore tiled too.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# State columns counted in people or shells: scaled with the number of copies.
_STATE_SCALED = ("S_RESERVE", "S_COMMITTED", "S_FIRE_STOCK", "S_RECRUITED")
_STATE_PARAM_SCALED = ("SP_TROOPS", "SP_RECRUITS_PER_DAY", "SP_TROOP_CEILING", "SP_FIRE_PRODUCTION",
                       "SP_FIRE_RATE", "SP_FIRE_STOCK")


def _scenario(n_fronts: int, seed: int):
    from engine.scenario import load_scenario
    from scenarios.synthetic import synthetic_raw

    return load_scenario(synthetic_raw(n_fronts=n_fronts, n_pairs=1, days=30, seed=seed))


@lru_cache(maxsize=1)
def sector_axes() -> dict[str, tuple[int, ...]]:
    """World field -> the axes (indices) that run over sectors."""
    from engine.world import build_world

    w2, _ = build_world(_scenario(2, 0), [0], days=1)
    w3, _ = build_world(_scenario(3, 0), [0], days=1)
    axes = {}
    for name in w2._fields:
        a, b = np.shape(getattr(w2, name)), np.shape(getattr(w3, name))
        found = tuple(k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        if found:
            axes[name] = found
    return axes


def synthetic_world(n_sectors: int, n_runs: int = 1, base: int = 100, seed: int = 0):
    """A World of ``n_runs`` runs over ``n_sectors`` sectors (no series recorded).

    Parameters
    ----------
    n_sectors : int
        Sectors; a multiple of ``base`` keeps every copy whole (otherwise the
        last copy is partial and the troop scaling approximate).
    n_runs : int
        Runs (seeds ``0 .. n_runs-1``).
    base : int
        Sectors of the validated scenario the world is tiled from.
    seed : int
        Seed of the generator of the base scenario's numbers.

    Returns
    -------
    (World, Structure)
        The Structure is the base scenario's (its sector names cover ``base`` sectors only).
    """
    from engine import layout as L
    from engine.world import build_world

    base = min(base, n_sectors)
    w, st = build_world(_scenario(base, seed), list(range(n_runs)), days=1)
    if n_sectors == base:
        return w, st
    take = np.arange(n_sectors) % base
    fields = {}
    for name, axes in sector_axes().items():
        arr = getattr(w, name)
        for ax in axes:
            arr = np.take(arr, take, axis=ax)
        fields[name] = np.ascontiguousarray(arr)
    w = w._replace(**fields)
    copies = n_sectors / base
    for col in _STATE_SCALED:
        if hasattr(L, col):
            w.state[:, :, getattr(L, col)] *= copies
    for col in _STATE_PARAM_SCALED:
        if hasattr(L, col):
            w.state_param[:, :, getattr(L, col)] *= copies
    w.state_param[:, :, L.SP_COLLAPSE_MORALE] = -1.0
    return w, st


def bytes_per_sector(w) -> float:
    """Bytes of the sector-axis arrays per sector and run (the front state's footprint)."""
    axes = sector_axes()
    n = w.front_attacker.shape[0]
    total = sum(getattr(w, name).nbytes for name in axes)
    return total / (n * w.seed.shape[0])
