"""Ceasefire odds of the reference scenario over seeds, and their response to levers.

Prints P(ceasefire within the run) with a 95% Wilson interval for the baseline and
for each lever value, plus the median ceasefire day and how often terms differ.
docs/model.md ("Talks: what the reference scenario does") quotes its output.

Usage::

    python -m scenarios.talks_sweep                  # 200 seeds, default sweep
    python -m scenarios.talks_sweep --seeds 50
    python -m scenarios.talks_sweep --talks-model redlines   # the first design's talks
"""

from __future__ import annotations

import argparse

import numpy as np

from engine import layout as L
from engine.batch import survival
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world

SWEEP = {
    "us_pressure": [0.0, 0.25, 0.5, 0.75, 1.0],
    "russian_resolve": [0.5, 0.65, 0.75, 0.85, 0.95],
    "european_support": [0.0, 0.5, 1.0, 1.5, 2.0],
    "deadline_days": [3.0, 7.0, 30.0, 90.0],
}


def wilson(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval of ``k`` in ``n`` (:func:`engine.batch.survival.wilson`)."""
    low, high = survival.wilson(k, n)
    return float(low), float(high)


def measure(overrides=None, seeds=200, scenario="ukraine_2025", days=365) -> dict:
    """Outcome statistics over seeds 1..seeds for one set of overrides."""
    s = load_scenario(scenario, overrides or {})
    w, st = build_world(s, np.arange(1, seeds + 1), days=days)
    run_days(w, days)
    cf = w.glob[:, L.G_CEASEFIRE_DAY]
    signed = w.glob[:, L.G_SIGNINGS] > 0
    k = int((cf >= 0).sum())
    rus, ukr = st.states.index("RUS"), st.states.index("UKR")
    terms = w.terms[signed]
    return {
        "p": k / seeds,
        "ci": wilson(k, seeds),
        "median_day": float(np.median(cf[cf >= 0])) if k else float("nan"),
        "collapsed": int((w.glob[:, L.G_OUTCOME] == L.OUTCOME_CEASEFIRE_COLLAPSED).sum()),
        "distinct_terms": len({tuple(np.round(t, 3)) for t in terms}),
        "territory_term_sd": float(np.std(terms[:, 0])) if len(terms) > 1 else 0.0,
        "batna_gap_rus": float(np.mean(w.state[:, rus, L.S_GAP])),
        "batna_gap_ukr": float(np.mean(w.state[:, ukr, L.S_GAP])),
        "aid_paused_days_ukr": None,
        "russian_gain_km2": float(np.mean(w.state[:, rus, L.S_TERRITORY])),
        "production_ukr": float(np.mean(w.state[:, ukr, L.S_PRODUCTION_MULT])),
        "pain_ukr": float(np.mean(w.state[:, ukr, L.S_ECON_PAIN])),
        "pain_rus": float(np.mean(w.state[:, rus, L.S_ECON_PAIN])),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--talks-model", choices=("bargaining", "redlines"), default=None,
                    help="override the scenario's talks.model (default: the scenario's own)")
    args = ap.parse_args(argv)
    talks = {"talks.model": args.talks_model} if args.talks_model else {}

    def measure_with(overrides=None):
        return measure({**talks, **(overrides or {})}, seeds=args.seeds)

    base = measure_with()
    print(f"baseline: P(ceasefire <= 365 d) = {base['p']:.3f} "
          f"[{base['ci'][0]:.3f}, {base['ci'][1]:.3f}], median day {base['median_day']:.0f}, "
          f"relapsed {base['collapsed']}, distinct signed terms {base['distinct_terms']}, "
          f"sd of territory term {base['territory_term_sd']:.3f}")
    print("| lever | value | P(ceasefire) | 95% CI | median day | relapsed |")
    print("|---|---|---|---|---|---|")
    for lever, values in SWEEP.items():
        for v in values:
            m = measure_with({lever: v})
            print(f"| {lever} | {v} | {m['p']:.3f} | {m['ci'][0]:.3f}-{m['ci'][1]:.3f} | "
                  f"{m['median_day']:.0f} | {m['collapsed']} |")
    print("\nHow european_support acts (means over seeds, at the end of the run):")
    print("| european_support | P(ceasefire) | Russian gain km2 | Ukraine production x | "
          "Ukraine pain | Russia pain |")
    print("|---|---|---|---|---|---|")
    for v in SWEEP["european_support"]:
        m = measure_with({"european_support": v, "talks.enabled": False})
        t = measure_with({"european_support": v})
        print(f"| {v} | {t['p']:.3f} | {m['russian_gain_km2']:,.0f} | {m['production_ukr']:.3f} | "
              f"{m['pain_ukr']:.3f} | {m['pain_rus']:.3f} |")


if __name__ == "__main__":
    main()
