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
