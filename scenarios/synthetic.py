"""Synthetic worlds: N belligerent pairs, M sectors, K envoys, I issues.

Used by the scaling benchmarks and by property tests. The numbers are drawn
from plausible ranges with a NumPy generator seeded by ``seed``, so a
synthetic world is reproducible from its arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np


def synthetic_raw(
    n_fronts: int = 10,
    n_pairs: int = 1,
    n_envoys: int = 0,
    n_issues: int = 0,
    days: int = 365,
    seed: int = 0,
    settlements: int = 2,
    movement: bool = True,
) -> dict[str, Any]:
    """A raw scenario dict (validate it with :func:`engine.scenario.load_scenario`).

    Parameters
    ----------
    n_fronts : int
        Sectors in total, spread round-robin over the belligerent pairs.
    n_pairs : int
        Pairs of belligerents (attacker, defender).
    n_envoys, n_issues : int
        Envoys (alternating principals) and bargaining issues.
    days : int
        Run length (days).
    seed : int
        Seed of the generator that draws the numbers.
    settlements : int
        Settlements per sector (at most 16).
    """
    g = np.random.default_rng(seed)
    states: dict[str, Any] = {}
    for p in range(n_pairs):
        for side in ("A", "D"):
            code = f"{side}{p}"
            troops = float(g.uniform(2e5, 8e5))
            states[code] = {
                "name": f"{'Attacker' if side == 'A' else 'Defender'} {p}",
                "role": "belligerent",
                "population": float(g.uniform(1e7, 1.5e8)),
                "troops": troops,
                "recruits_per_day": float(g.uniform(200, 1500)),
                "troop_ceiling": troops * float(g.uniform(1.1, 2.0)),
                "fire_production": float(g.uniform(1e3, 1.5e4)),
                "fire_rate": float(g.uniform(1e3, 1.5e4)),
                "fire_stock": float(g.uniform(1e5, 3e6)),
                "morale": float(g.uniform(0.5, 0.9)),
                "morale_sensitivity": float(g.uniform(0.5, 4.0)),
                "resolve": float(g.uniform(0.2, 0.9)),
                "war_support": float(g.uniform(0.3, 0.8)),
            }
    codes = list(states)
    fronts: dict[str, Any] = {}
    for f in range(n_fronts):
        p = f % n_pairs
        max_depth = float(g.uniform(20, 120))
        depths = np.sort(g.uniform(0.5, max_depth, size=settlements))
        fronts[f"s{f}"] = {
            "name": f"Sector {f}",
            "attacker": f"A{p}",
            "defender": f"D{p}",
            "length_km": float(g.uniform(20, 200)),
            "max_depth_km": max_depth,
            "attacker_troops": float(g.uniform(1e4, 8e4)),
            "defender_troops": float(g.uniform(1e4, 6e4)),
            "fortification": float(g.uniform(1.0, 3.0)),
            "priority": float(g.uniform(0.1, 1.0)),
            "intensity": float(g.uniform(0.3, 2.0)),
            "line": [[30.0 + 0.1 * f, 48.0], [30.0 + 0.1 * f, 48.1]],
            "settlements": [
                {"name": f"Town {f}.{j}", "depth_km": float(d)} for j, d in enumerate(depths)
            ],
        }
    envoys = {
        f"e{k}": {"name": f"Envoy {k}", "principal": codes[k % len(codes)],
                  "home": codes[k % len(codes)]}
        for k in range(n_envoys)
    }
    issues = {f"i{k}": {"name": f"Issue {k}"} for k in range(n_issues)}
    return {
        "scenario": {
            "name": "synthetic",
            "title": f"Synthetic world: {n_pairs} pairs, {n_fronts} sectors",
            "start": dt.date(2030, 1, 1),
            "days": days,
        },
        "battle": {"movement": movement},
        "states": states,
        "fronts": fronts,
        "envoys": envoys,
        "issues": issues,
    }
