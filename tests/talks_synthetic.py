"""Synthetic worlds with talks, for the talks tests (valid by construction)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.synthetic import synthetic_raw

ROLES = ["territory", "guarantees", "peacekeepers", "sanctions_relief"]


def talks_raw(
    seed: int = 0,
    n_issues: int = 4,
    days: int = 120,
    n_fronts: int = 3,
    mediator: bool = True,
    patron: bool = True,
    optimism: float | None = None,
    **talks: Any,
) -> dict[str, Any]:
    """Two belligerents (A0 attacker, D0 defender), optionally a mediator and a patron of
    D0, ``n_issues`` issues (the first ones with the special roles), envoys for all.

    Numbers are drawn from plausible ranges by a generator seeded with ``seed``;
    ``talks`` entries override the ``[talks]`` table.
    """
    g = np.random.default_rng(seed + 7919)
    raw = synthetic_raw(n_fronts=n_fronts, n_pairs=1, days=days, seed=seed)
    states = raw["states"]
    coords = {"A0": (37.6, 55.7), "D0": (30.5, 50.4), "M": (-77.0, 38.9), "P": (4.3, 50.8)}
    if mediator:
        states["M"] = {"name": "Mediator", "role": "mediator"}
    if patron:
        states["P"] = {"name": "Patron", "role": "patron", "backs": "D0"}
    for code, st in states.items():
        st["capital_lon"], st["capital_lat"] = coords[code]
    issues = {}
    for k in range(n_issues):
        key = f"i{k}"
        issue: dict[str, Any] = {
            "start": float(g.uniform(0.2, 0.8)),
            "no_deal": float(g.uniform(0.0, 1.0)),
        }
        if k < len(ROLES):
            issue["role"] = ROLES[k]
            issue["strong"] = "high" if k in (0, 3) else "low"
        issues[key] = issue
    raw["issues"] = issues
    for code, st in states.items():
        high = code == "A0" or (code == "M" and g.uniform() < 0.5)
        ideal = {k: float(g.uniform(0.6, 1.0) if high else g.uniform(0.0, 0.4)) for k in issues}
        sal = {k: float(g.uniform(0.05, 1.0)) for k in issues}
        red = {}
        for k in issues:
            if g.uniform() < 0.4:
                lo = float(g.uniform(0.0, 0.5)) if high else 0.0
                hi = 1.0 if high else float(g.uniform(0.5, 1.0))
                red[k] = [lo, hi]
        b: dict[str, Any] = {
            "ideal": ideal,
            "salience": sal,
            "red_lines": red,
            "discount": float(g.uniform(0.995, 0.9999)),
            "risk": float(g.uniform(-0.5, 0.5)),
            "optimism": float(g.uniform(-0.2, 0.6)) if optimism is None else optimism,
            "trend_prior": float(g.uniform(-5, 5)),
            "trend_sd": float(g.uniform(1, 10)),
            "ratify_fail": float(g.uniform(0.0, 0.5)),
        }
        if code in ("A0", "D0") and "i0" in issues and g.uniform() < 0.5:
            b["territory_offset"] = float(g.uniform(-0.05, 0.05))
        st["bargaining"] = b
    codes = list(states)
    raw["envoys"] = {
        f"e_{c}": {"name": f"Envoy of {c}", "principal": c, "home": c,
                   "skill": float(g.uniform(0.3, 0.9)), "mandate": float(g.uniform(0.1, 0.6))}
        for c in codes
        if c != "P" or g.uniform() < 0.5
    }
    raw["talks"] = {
        "enabled": True,
        "territory": {
            "holder": "A0",
            "area0_km2": 1000.0,
            "area_km2": [0.0, 1000.0, float(g.uniform(1200, 3000)), 5000.0],
            "value": [0.0, 0.5, float(g.uniform(0.55, 0.9)), 1.0],
        },
        "deadline_days": float(g.choice([0.0, 5.0, 20.0])),
        "us_pressure": float(g.uniform(0, 1)),
        "leak_hazard": float(g.uniform(0.0, 0.05)),
        "violation_hazard": float(g.uniform(0.0, 0.05)),
        "relapse_prob": float(g.uniform(0.0, 0.5)),
        "ratify_days": float(g.choice([0.0, 5.0])),
        "casualty_cost": float(g.uniform(0.0, 2.0)),
        "patience_days": float(g.uniform(5, 40)),
        "concession": float(g.uniform(0.1, 1.0)),
        **talks,
    }
    if n_issues == 0:
        raw["talks"].pop("territory")
    return raw
