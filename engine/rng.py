"""Compatibility name for :mod:`engine.core.rng` (the keyed random numbers)."""

from engine.core.rng import key_hash, lognormal_factor, mix64, normal, uniform  # noqa: F401
