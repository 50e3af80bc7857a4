"""Closed-form and theory checks of the talks: Rubinstein's share and Fearon's range.

Used by the test suite (tests/test_rubinstein.py, tests/test_fearon.py) and by the
validation report (``warsim validate-model``, engine/validation.py).
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world

FEARON_DAYS = 240
RUBINSTEIN_CASES = ((0.9, 0.9), (0.8, 0.7), (0.95, 0.6), (0.5, 0.99), (0.99, 0.98))


def rubinstein_share(d1: float, d2: float) -> float:
    """Subgame-perfect share of the first proposer (Rubinstein 1982)."""
    return (1.0 - d2) / (1.0 - d1 * d2)


def simulated_share(d1: float, d2: float) -> float:
    """The first proposer's signed share in ``scenarios/rubinstein.toml``."""
    s = load_scenario(
        "rubinstein", {"states.A.bargaining.discount": d1, "states.B.bargaining.discount": d2}
    )
    w, _ = build_world(s, [1])
    run_days(w, s.scenario.days)
    return float(w.terms[0, 0])


def fearon_raw(optimism: float) -> dict:
    """Two belligerents, two issues (territory tied to the front, money), no red lines,
    no mediator, no leaks; a costly war so that the bargaining range is not empty."""
    from scenarios.synthetic import synthetic_raw

    raw = synthetic_raw(n_fronts=3, n_pairs=1, days=FEARON_DAYS, seed=5)
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
    """Day of the ceasefire per seed, censored at the end of the run."""
    s = load_scenario(fearon_raw(optimism))
    w, _ = build_world(s, np.arange(seeds))
    run_days(w, FEARON_DAYS)
    day = w.glob[:, L.G_CEASEFIRE_DAY]
    return np.where(day >= 0, day, FEARON_DAYS)


def report_sections():
    """Sections of the validation report (engine.validation.Section)."""
    from engine.validation import Section

    rows = ["| d1 | d2 | closed form | engine | error |", "|---|---|---|---|---|"]
    for d1, d2 in RUBINSTEIN_CASES:
        exact, sim = rubinstein_share(d1, d2), simulated_share(d1, d2)
        rows.append(f"| {d1} | {d2} | {exact:.4f} | {sim:.4f} | {abs(sim / exact - 1):.2e} |")
    rub = (
        "`scenarios/rubinstein.toml`: two parties, one issue, alternating offers with daily "
        "discount factors d1 (first proposer) and d2, settable with `--set "
        "states.A.bargaining.discount=...`. The first proposer's signed share against "
        "Rubinstein's (1982) `(1 - d2) / (1 - d1 d2)`:\n\n" + "\n".join(rows)
    )
    n = 40
    acc, opt = days_to_deal(0.0, n), days_to_deal(1.0, n)
    fearon = (
        f"Two belligerents whose war is costly, so a bargaining range exists (Fearon 1995). "
        f"{n} seeds each, run of {FEARON_DAYS} days (no deal counts as day {FEARON_DAYS}):\n\n"
        "| beliefs | median day of the deal | mean | share with a deal |\n|---|---|---|---|\n"
        f"| accurate (optimism 0) | {np.median(acc):.0f} | {acc.mean():.0f} | "
        f"{(acc < FEARON_DAYS).mean():.2f} |\n"
        f"| mutual optimism (1.0) | {np.median(opt):.0f} | {opt.mean():.0f} | "
        f"{(opt < FEARON_DAYS).mean():.2f} |\n\n"
        "With accurate beliefs the parties find the range at once; mutually optimistic "
        "beliefs about the front (Blainey 1973) empty it until fighting reveals the truth "
        "and beliefs converge (Slantchev 2003)."
    )
    return [Section("Rubinstein's alternating offers", rub), Section("Fearon's bargaining range", fearon)]
