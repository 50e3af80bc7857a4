"""Compatibility name for :mod:`engine.core.simulate` (the drivers)."""

from engine.core.simulate import run_days

__all__ = ["run_days"]
