"""Economy outputs: the ``indicators`` object, flat run columns, series, log text."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import layout as L
from engine.core.events import name_at

EVENT_NAMES = {
    L.EV_SANCTIONS: "sanctions",
    L.EV_AID: "aid",
    L.EV_FINANCING: "financing",
    L.EV_PRICE_CAP: "price_cap",
    L.EV_BUFFER_EMPTY: "buffer_empty",
}


def gdp_growth_pct(w, r: int, i: int) -> float:
    """Annualised GDP growth over the run (%), 0 for a state whose economy is not modelled."""
    gdp0 = w.state[r, i, L.S_GDP0]
    days = max(int(w.day[r]), 1)
    if gdp0 <= 0.0:
        return 0.0
    return ((w.state[r, i, L.S_GDP] / gdp0) ** (365.0 / days) - 1.0) * 100.0


def oil_price_mean(w, r: int) -> float:
    n = w.glob[r, L.G_OIL_DAYS]
    return float(w.glob[r, L.G_OIL_PRICE_SUM] / n) if n > 0 else float(w.glob[r, L.G_OIL_PRICE])


def indicators(w, st, r: int = 0) -> dict[str, Any]:
    """Final economic and market indicators of run ``r`` (``warsim run --json``; politics
    adds war support)."""
    codes = st.states
    modelled = [i for i in range(len(codes)) if w.econ_param[r, i, L.EP_ECONOMY] > 0.0]
    sanctions: dict[str, dict[str, float]] = {}
    for a, sender in enumerate(codes):
        row = {codes[b]: round(float(w.sanctions_bite[r, a, b]), 4)
               for b in range(len(codes)) if w.sanctions[r, a, b] > 0.0}
        if row:
            sanctions[sender] = row
    return {
        "oil_price_final": round(float(w.glob[r, L.G_OIL_PRICE]), 3),
        "oil_price_mean": round(oil_price_mean(w, r), 3),
        "gdp_growth": {codes[i]: round(gdp_growth_pct(w, r, i), 3) for i in modelled},
        "economic_pain": {codes[i]: round(float(w.state[r, i, L.S_ECON_PAIN]), 4) for i in modelled},
        "oil_revenue_bn": {codes[i]: round(float(w.state[r, i, L.S_OIL_REVENUE]), 3) for i in modelled
                           if w.state[r, i, L.S_OIL_VOLUME] > 0.0},
        "fiscal_buffer_bn": {codes[i]: round(float(w.state[r, i, L.S_FISCAL_BUFFER]), 3)
                             for i in modelled},
        "production_multiplier": {c: round(float(w.state[r, i, L.S_PRODUCTION_MULT]), 4)
                                  for i, c in enumerate(codes) if w.role[i] == L.ROLE_BELLIGERENT},
        "defence_index_change_pct": round(float(w.glob[r, L.G_DEFENCE_INDEX] - 100.0), 3),
        "reconstruction_index_change_pct": round(float(w.glob[r, L.G_RECON_INDEX] - 100.0), 3),
        "bond_price_final": round(float(w.glob[r, L.G_BOND_PRICE]), 3),
        "sanctions_level": sanctions,
        "sanctions_relief_applied": round(float(w.glob[r, L.G_RELIEF_APPLIED]), 4),
    }


def summary(w, st, r: int) -> dict[str, Any]:
    """Its keys of ``warsim run --json``: the ``indicators`` object."""
    return {"indicators": indicators(w, st, r)}


def columns(w, st) -> dict[str, np.ndarray]:
    """Flat per-run columns of the final indicators (results dataset)."""
    runs = range(w.seed.shape[0])
    cols: dict[str, np.ndarray] = {
        "oil_price_final": w.glob[:, L.G_OIL_PRICE].copy(),
        "oil_price_mean": np.array([oil_price_mean(w, r) for r in runs]),
        "defence_index_change_pct": w.glob[:, L.G_DEFENCE_INDEX] - 100.0,
        "reconstruction_index_change_pct": w.glob[:, L.G_RECON_INDEX] - 100.0,
        "bond_price_final": w.glob[:, L.G_BOND_PRICE].copy(),
    }
    for i, code in enumerate(st.states):
        if (w.econ_param[:, i, L.EP_ECONOMY] > 0.0).any():
            cols[f"gdp_growth_{code}"] = np.array([gdp_growth_pct(w, r, i) for r in runs])
            cols[f"economic_pain_{code}"] = w.state[:, i, L.S_ECON_PAIN].copy()
    for a, sender in enumerate(st.states):
        for b, target in enumerate(st.states):
            if (w.sanctions[:, a, b] > 0.0).any():
                cols[f"sanctions_level_{sender}_{target}"] = w.sanctions_bite[:, a, b].copy()
    return cols


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for an economy log record (None if not one of ours)."""
    name_a, name_b = name_at(st.states, a), name_at(st.states, b)
    if kind == L.EV_SANCTIONS:
        return f"{name_a} widens sanctions on {name_b} (coverage +{value:.2f})"
    if kind == L.EV_AID:
        return f"{name_a} sets aid to {name_b} at ${value:,.1f}bn a year"
    if kind == L.EV_FINANCING:
        return f"{name_a} finances {name_b} with ${value:,.1f}bn"
    if kind == L.EV_PRICE_CAP:
        return f"{name_a} caps {name_b}'s oil at ${value:.2f}/bbl"
    if kind == L.EV_BUFFER_EMPTY:
        return f"{name_a}'s fiscal buffer runs dry (deficit ${value:,.1f}bn a year)"
    return None
