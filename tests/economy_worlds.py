"""Synthetic worlds with economies, sanctions, aid and politics, for the economy's tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from scenarios.synthetic import synthetic_raw


def economy_raw(seed: int = 0, days: int = 60, n_fronts: int = 3, n_pairs: int = 1,
                shocks: bool = True) -> dict:
    """A synthetic scenario with random economy and politics tables on every state,
    a patron backing each defender, sanctions on each attacker and scheduled events."""
    raw = synthetic_raw(n_fronts=n_fronts, n_pairs=n_pairs, days=days, seed=seed)
    g = np.random.default_rng(seed + 7919)
    start = raw["scenario"]["start"]
    states = raw["states"]
    sanctions, events = [], []
    for p in range(n_pairs):
        patron = f"P{p}"
        states[patron] = {"name": f"Patron {p}", "role": "patron", "backs": f"D{p}",
                          "population": 1e8,
                          "economy": {"gdp_bn": float(g.uniform(1e3, 2e4)),
                                      "trend_growth_pct": float(g.uniform(0, 3)),
                                      "aid_bn_per_year": float(g.uniform(0, 80)),
                                      "materiel_share": float(g.uniform(0, 1)),
                                      "aid_scale": float(g.uniform(0, 2))}}
        sanctions.append({"sender": patron, "target": f"A{p}", "level": float(g.uniform(0, 1))})
        events.append({"date": start + dt.timedelta(days=int(g.integers(0, days))),
                       "kind": "sanctions", "sender": patron, "target": f"A{p}",
                       "value": float(g.uniform(0, 0.5))})
        events.append({"date": start + dt.timedelta(days=int(g.integers(0, days))),
                       "kind": "financing", "sender": patron, "target": f"D{p}",
                       "value": float(g.uniform(0, 50))})
        events.append({"date": start + dt.timedelta(days=int(g.integers(0, days))),
                       "kind": "price_cap", "sender": patron, "target": f"A{p}",
                       "value": float(g.uniform(20, 80))})
        events.append({"date": start + dt.timedelta(days=int(g.integers(0, days))),
                       "kind": "aid", "sender": patron, "target": f"D{p}",
                       "value": float(g.uniform(0, 80))})
    for code, st in states.items():
        if st["role"] != "belligerent":
            continue
        gdp = float(g.uniform(100, 3000))
        st["economy"] = {
            "gdp_bn": gdp,
            "trend_growth_pct": float(g.uniform(-1, 4)),
            "cycle_growth_pct": float(g.uniform(-2, 4)),
            "cycle_half_life_days": float(g.uniform(30, 400)),
            "sanctions_drag_pct": float(g.uniform(0, 4)),
            "war_drag_pct": float(g.uniform(-1, 2)),
            "peace_dividend_pct": float(g.uniform(0, 3)),
            "war_share": float(g.uniform(0.02, 0.3)),
            "civil_share": float(g.uniform(0.05, 0.3)),
            "revenue_share": float(g.uniform(0.05, 0.3)),
            "borrowing_bn": float(g.uniform(0, 0.05 * gdp)),
            "fiscal_buffer_bn": float(g.uniform(0, 0.05 * gdp)),
            "oil_export_mbd": float(g.uniform(0, 9)) if code.startswith("A") else 0.0,
            "discount_base": float(g.uniform(0, 5)),
            "discount_per_bite": float(g.uniform(0, 30)),
            "fiscal_take": float(g.uniform(0.2, 0.8)),
            "volume_cut": float(g.uniform(0, 0.6)),
            "component_hit": float(g.uniform(0, 0.5)),
            "price_cap": float(g.uniform(0, 70)),
        }
        st["politics"] = {
            "casualty_sensitivity": float(g.uniform(0, 100)),
            "pain_sensitivity": float(g.uniform(0, 0.002)),
            "support_recovery": float(g.uniform(0, 0.01)),
            "recruit_elasticity": float(g.uniform(0, 2)),
            "rally_hazard": float(g.uniform(0, 0.1)),
            "rally_size": float(g.uniform(0, 0.02)),
            "collapse_support": float(g.uniform(0, 0.2)),
            "elections": [str(start + dt.timedelta(days=int(g.integers(0, days))))],
            "elections_after_ceasefire_days": float(g.uniform(0, 30)),
            "replace_midpoint": float(g.uniform(0.3, 0.7)),
            "replace_scale": float(g.uniform(0.02, 0.2)),
            "resolve_shift": float(g.uniform(-0.3, 0.3)),
        }
    raw["economy"] = {
        "sanctions_intensity": float(g.uniform(0, 1)),
        "reference_intensity": float(g.uniform(0, 1)),
        "relief_phase_days": float(g.uniform(10, 300)),
        "oil": {"price0": float(g.uniform(40, 100)), "mean": float(g.uniform(50, 90)),
                "volatility": 0.015 if shocks else 0.0, "jump_hazard": 0.02 if shocks else 0.0,
                "jump_size": 0.05, "price_impact": 6.0, "world_supply_mbd": 100.0,
                "peace_push": 0.1},
        "markets": {"defence_beta": 0.3, "reconstruction_beta": 0.3,
                    "volatility": 0.01 if shocks else 0.0, "bond_floor": 45.0, "bond_span": 40.0},
        "sanctions": sanctions,
        "events": events,
    }
    return raw
