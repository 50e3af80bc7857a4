"""Fearon (1995): with a bargaining range and accurate beliefs a deal comes quickly;
mutual optimism (Blainey 1973) empties the range and the war lasts longer."""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.scenario import load_scenario
from engine.simulate import run_days
from engine.world import build_world

DAYS = 240


def fearon_raw(optimism: float) -> dict:
    """Two belligerents, two issues (territory tied to the front, money), no red lines,
    no mediator, no leaks; costly war so that the bargaining range is not empty."""
    from scenarios.synthetic import synthetic_raw

    raw = synthetic_raw(n_fronts=3, n_pairs=1, days=DAYS, seed=5)
    raw["states"]["A0"].update(capital_lon=37.6, capital_lat=55.7, resolve=0.5)
    raw["states"]["D0"].update(capital_lon=30.5, capital_lat=50.4, resolve=0.5)
    for code, high in (("A0", True), ("D0", False)):
        raw["states"][code]["bargaining"] = {
            "ideal": {"land": 1.0 if high else 0.0, "money": 1.0 if high else 0.0},
            "salience": {"land": 0.6, "money": 0.4},
            "discount": 0.999,
            "optimism": optimism,
            "trend_prior": 3.0 if high else -3.0,
            "trend_sd": 0.0,
        }
    raw["issues"] = {
        "land": {"start": 0.5, "no_deal": 0.5, "role": "territory"},
        "money": {"start": 0.5, "no_deal": 0.5},
    }
    raw["envoys"] = {
        "a": {"name": "A's envoy", "principal": "A0", "home": "A0", "skill": 0.5, "mandate": 0.3},
        "d": {"name": "D's envoy", "principal": "D0", "home": "D0", "skill": 0.5, "mandate": 0.3},
    }
    raw["talks"] = {
        "territory": {"holder": "A0", "area0_km2": 1000.0, "area_km2": [0.0, 1000.0, 3000.0],
                      "value": [0.0, 0.5, 1.0]},
        "casualty_cost": 3.0,
        "horizon_days": 180.0,
        "leak_hazard": 0.0,
        "ratify_days": 0.0,
        "learning": 0.01,
        "violation_hazard": 0.0,
        "patience_days": 3650.0,
    }
    return raw


def days_to_deal(optimism: float, seeds: int = 40) -> np.ndarray:
    s = load_scenario(fearon_raw(optimism))
    w, _ = build_world(s, np.arange(seeds))
    run_days(w, DAYS)
    day = w.glob[:, L.G_CEASEFIRE_DAY]
    return np.where(day >= 0, day, DAYS)  # censored at the end of the run


def test_accurate_beliefs_give_a_quick_deal():
    d = days_to_deal(0.0)
    assert np.median(d) <= 30
    assert (d < DAYS).mean() >= 0.9


def test_mutual_optimism_prolongs_the_war():
    accurate = days_to_deal(0.0)
    optimistic = days_to_deal(1.0)
    assert np.median(optimistic) > np.median(accurate) + 20
    assert optimistic.mean() > accurate.mean()
