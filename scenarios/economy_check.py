"""The economy's directional checks over many seeds of the reference scenario.

Prints, over ``--seeds`` runs of a year (docs/model.md, "Economy... checks"):

* Russia's annualised GDP growth with ``sanctions_intensity`` 0.1 and 0.9;
* the oil price's range and its moves on sanctions and on a ceasefire;
* Russia's production multiplier with full and reduced oil exports;
* Ukraine's war support at the start and the end;
* the market indicators with and without a ceasefire on day 30 (economy stepped alone).

Usage::

    python -m scenarios.economy_check [--seeds 100]
"""

from __future__ import annotations

import argparse

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.mechanisms.economy.build import economy_only as economy_day
from engine.mechanisms.economy.results import gdp_growth_pct
from engine.scenario import load_scenario
from engine.world import build_world

NO_TALKS = {"talks.enabled": False}


def full_runs(overrides, seeds, days=365):
    s = load_scenario("ukraine_2025", {**NO_TALKS, **overrides})
    w, st = build_world(s, np.arange(1, seeds + 1), days=days, record_every=1)
    run_days(w, days)
    return w, st


def economy_only(seeds, days=365, ceasefire_day=None, overrides=None):
    s = load_scenario("ukraine_2025", {**NO_TALKS, **(overrides or {})})
    w, st = build_world(s, np.arange(1, seeds + 1), days=days)
    for day in range(days):
        if ceasefire_day is not None and day == ceasefire_day:
            w.glob[:, L.G_CEASEFIRE] = 1.0
            w.glob[:, L.G_CEASEFIRE_DAY] = day
        for r in range(seeds):
            economy_day(w, r, day)
    return w, st


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seeds", type=int, default=100)
    a = p.parse_args(argv)
    n = a.seeds
    lo, st = full_runs({"sanctions_intensity": 0.1}, n)
    hi, _ = full_runs({"sanctions_intensity": 0.9}, n)
    base, _ = full_runs({}, n)
    rus, ukr = st.states.index("RUS"), st.states.index("UKR")
    g_lo = np.array([gdp_growth_pct(lo, r, rus) for r in range(n)])
    g_hi = np.array([gdp_growth_pct(hi, r, rus) for r in range(n)])
    print(f"Russian growth, intensity 0.1: mean {g_lo.mean():.2f}%/yr; 0.9: {g_hi.mean():.2f}%/yr; "
          f"lower with 0.9 in {np.mean(g_hi < g_lo):.0%} of seeds")
    prices = base.series_global[:, :, L.SG_OIL_PRICE]
    print(f"oil: final median ${np.median(base.glob[:, L.G_OIL_PRICE]):.1f}, daily range "
          f"${prices.min():.1f}-${prices.max():.1f}, share of days in $30-150: "
          f"{np.mean((prices >= 30) & (prices <= 150)):.2%}")
    print(f"oil final median: intensity 0.1 ${np.median(lo.glob[:, L.G_OIL_PRICE]):.1f}, "
          f"0.9 ${np.median(hi.glob[:, L.G_OIL_PRICE]):.1f}")
    cut, _ = full_runs({"states.RUS.economy.oil_export_mbd": 4.0}, n)
    print(f"Russian oil revenue $bn/yr: full {base.state[:, rus, L.S_OIL_REVENUE].mean():.0f}, "
          f"exports cut {cut.state[:, rus, L.S_OIL_REVENUE].mean():.0f}; production multiplier "
          f"{base.state[:, rus, L.S_PRODUCTION_MULT].mean():.3f} vs "
          f"{cut.state[:, rus, L.S_PRODUCTION_MULT].mean():.3f}; fire stock "
          f"{base.state[:, rus, L.S_FIRE_STOCK].mean():,.0f} vs "
          f"{cut.state[:, rus, L.S_FIRE_STOCK].mean():,.0f}")
    s0 = load_scenario("ukraine_2025").states
    support = np.median(base.state[:, :, L.S_WAR_SUPPORT], axis=0)
    print(f"war support: UKR {s0['UKR'].war_support:.2f} -> {support[ukr]:.3f}, "
          f"RUS {s0['RUS'].war_support:.2f} -> {support[rus]:.3f} (medians)")
    war, _ = economy_only(n, days=60)
    peace, _ = economy_only(n, days=60, ceasefire_day=30)
    for name, col in (("defence index", L.G_DEFENCE_INDEX), ("reconstruction index", L.G_RECON_INDEX),
                      ("bond price", L.G_BOND_PRICE), ("oil price", L.G_OIL_PRICE)):
        change = peace.glob[:, col] / war.glob[:, col] - 1.0
        print(f"ceasefire on day 30 vs none, day 60: {name} {np.mean(change):+.1%} (same seeds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
