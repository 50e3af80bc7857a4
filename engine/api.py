"""Convenience entry points: load, build and step in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.scenario import Scenario, load_scenario, parse_override
from engine.world import Structure, World, build_world


def output_folder(path: str, option: str = "--out") -> Path:
    """Create (if needed) and return a writable output folder; UsageError naming ``option``."""
    import os

    from engine.errors import UsageError

    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{option}: {path}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option}: {path}: cannot create ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"{option}: {path}: not writable")
    return out


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
    from engine.core.simulate import run_days  # numba import only when stepping

    s = load_scenario(scenario, overrides)
    seed = s.scenario.seed if seed is None else seed
    w, st = build_world(s, [seed], days=days, record_every=record_every)
    run_days(w, st.days, parallel=False)
    return w, st


def warm_kernels() -> None:
    """Compile (or load from the on-disk cache) the serial and parallel day kernels.

    ``make test`` calls this first, so that a cold machine pays the compile once,
    up front, instead of inside the first test that steps a world (a browser
    test's server, a subprocess with a time-out).
    """
    from engine.core.simulate import run_days
    from engine.scenario import load_scenario

    w, _ = build_world(load_scenario("ukraine_2025"), [1, 2], days=2, record_every=1)
    run_days(w, 1, parallel=False)
    run_days(w, 1, parallel=True)
