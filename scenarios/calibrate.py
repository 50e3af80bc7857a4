"""Fit the battlefield's two free coefficients to 2024's facts, and check them.

Targets (2024, before the backtest cutoff; docs/calibration.md):

* Russia's yearly territorial gain: 3,985 km2 (AFP/ISW, 2024);
* Russian casualties per day: ~1,180 (Ukrainian General Staff, 2024 average)
  to ~1,600 (UK Defence Intelligence, Dec 2024); target the middle, 1,400.

``attrition`` (k) sets the casualty rate and ``advance_max`` (v_max) the
ground taken; each is fitted by bisection on the median over seeds with the
other held, for a few rounds. The fit switches the talks off and drops the
scheduled events inside the run (``WAR_ONLY``), so that a year of war is
measured under the conditions the 2024 targets were observed in.

Usage::

    python -m scenarios.calibrate                 # check: medians over 200 seeds
    python -m scenarios.calibrate --fit           # fit, then print the new values
"""

from __future__ import annotations

import argparse

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world

TARGET_KM2_PER_YEAR = 3985.0
TARGET_CASUALTIES_PER_DAY = 1400.0
RANGE_KM2 = (3000.0, 5000.0)
RANGE_CASUALTIES = (1200.0, 1600.0)
# The fit measures a year of war under the conditions the targets were observed in
# (2024): talks off, and no scheduled shocks from inside the run (sanctions packages,
# aid decisions, summits), which are inputs to forecast with, not to fit on.
WAR_ONLY: dict[str, object] = {"talks.enabled": False, "events": [], "economy.events": []}


def measure(scenario="ukraine_2025", overrides=None, seeds=200, days=365):
    """Median yearly Russian gain (km2) and casualties/day over ``seeds`` runs."""
    s = load_scenario(scenario, {**WAR_ONLY, **(overrides or {})})
    w, st = build_world(s, np.arange(1, seeds + 1), days=days)
    run_days(w, days)
    rus = st.states.index("RUS")
    n_days = np.maximum(w.day, 1)
    km2 = w.state[:, rus, L.S_TERRITORY] * 365.0 / n_days
    cas = w.state[:, rus, L.S_CASUALTIES] / n_days
    return float(np.median(km2)), float(np.median(cas))


def _bisect(f, lo, hi, target, rounds=14):
    for _ in range(rounds):
        mid = np.sqrt(lo * hi)
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return float(np.sqrt(lo * hi))


def fit(scenario="ukraine_2025", seeds=200):
    s = load_scenario(scenario)
    k, v = s.battle.attrition, s.battle.advance_max
    def casualties(x, v):
        return measure(scenario, {"battle.attrition": x, "battle.advance_max": v}, seeds)[1]

    def ground(x, k):
        return measure(scenario, {"battle.attrition": k, "battle.advance_max": x}, seeds)[0]

    for _ in range(3):
        k = _bisect(lambda x, v=v: casualties(x, v), k / 4, k * 4, TARGET_CASUALTIES_PER_DAY)
        v = _bisect(lambda x, k=k: ground(x, k), v / 8, v * 8, TARGET_KM2_PER_YEAR)
    return k, v


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--scenario", default="ukraine_2025")
    p.add_argument("--seeds", type=int, default=200)
    p.add_argument("--fit", action="store_true")
    a = p.parse_args(argv)
    overrides = {}
    if a.fit:
        k, v = fit(a.scenario, a.seeds)
        print(f"fitted: battle.attrition = {k:.6g}, battle.advance_max = {v:.6g}")
        overrides = {"battle.attrition": k, "battle.advance_max": v}
    km2, cas = measure(a.scenario, overrides, a.seeds)
    ok = RANGE_KM2[0] <= km2 <= RANGE_KM2[1] and RANGE_CASUALTIES[0] <= cas <= RANGE_CASUALTIES[1]
    print(
        f"median over {a.seeds} seeds, talks off: Russian gain {km2:,.0f} km2/year "
        f"(2024: 3,985; range {RANGE_KM2[0]:,.0f}-{RANGE_KM2[1]:,.0f}), "
        f"Russian casualties {cas:,.0f}/day (2024: 1,180-1,600) -> {'ok' if ok else 'OUT OF RANGE'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
