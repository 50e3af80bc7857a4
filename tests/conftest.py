"""Shared fixtures: synthetic scenarios and helpers to compare World runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Kernels compile on first call: no per-example deadline; examples are
# derandomised so CI runs the same cases every time.
settings.register_profile(
    "warsim",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("warsim")

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "scenarios" / "ukraine_2025.toml"


def run_cli(*args: str, env: dict | None = None, timeout: int = 300):
    """Run ``warsim ARGS`` in a fresh process; returns CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def synthetic():
    from scenarios.synthetic import synthetic_raw

    return synthetic_raw


def stub_heavy_report_sections(monkeypatch, episode_sections=()):
    """Replace validate-model's costly sections by stubs, so a test exercises assembly only.

    ``episode_sections`` is what the issue-14 part returns (a list of Sections).
    """
    from engine import validation as V

    monkeypatch.setattr(V, "lanchester_check", lambda img: V.Section("Lanchester", "x"))
    monkeypatch.setattr(V, "closed_form_talks", lambda: [])
    monkeypatch.setattr(V, "backtest", lambda seeds: (V.Section("Backtest", "x"), {}))
    monkeypatch.setattr(V, "reference_ceasefire_probability", lambda seeds: 0.5)
    monkeypatch.setattr(V, "sensitivity", lambda samples, reps, img: V.Section("Sensitivity", "x"))
    monkeypatch.setattr(V, "backtest_limit", lambda found, clean: "")
    monkeypatch.setattr(V, "episode_sections", lambda img, seeds, cal: (list(episode_sections), {}))
