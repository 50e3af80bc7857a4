"""Convenience entry points: load, build and step in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.scenario import Scenario, load_scenario, parse_override
from engine.world import Structure, World, build_world


def parse_overrides(items: list[str] | None) -> dict[str, Any]:
    """``["a.b=1", ...]`` into ``{"a.b": 1}`` (ScenarioError on bad syntax)."""
    out: dict[str, Any] = {}
    for item in items or []:
        path, value = parse_override(item)
        out[path] = value
    return out


def simulate(
    scenario: str | Path | Scenario,
    seed: int | None = None,
    days: int | None = None,
    overrides: dict[str, Any] | None = None,
    record_every: int = 0,
) -> tuple[World, Structure]:
    """Run one scenario to its end and return the stepped World (one run)."""
    from engine.simulate import run_days  # numba import only when stepping

    s = load_scenario(scenario, overrides)
    seed = s.scenario.seed if seed is None else seed
    w, st = build_world(s, [seed], days=days, record_every=record_every)
    run_days(w, st.days, parallel=False)
    return w, st
