"""Plain-Python twin of :mod:`engine.core.rng`: the same keyed draws with Python ints."""

from __future__ import annotations

import math

_MASK = 0xFFFFFFFFFFFFFFFF


def mix64(x: int) -> int:
    """SplitMix64 finaliser on a Python int taken modulo 2**64."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def key_hash(seed: int, day: int, stream: int, index: int) -> int:
    h = mix64(seed & _MASK)
    h = mix64(h ^ day)
    h = mix64(h ^ stream)
    return mix64(h ^ index)


def uniform(seed: int, day: int, stream: int, index: int) -> float:
    return ((key_hash(seed, day, stream, index) >> 11) + 0.5) * 2.0**-53


def normal(seed: int, day: int, stream: int, index: int) -> float:
    u1 = uniform(seed, day, stream, 2 * index)
    u2 = uniform(seed, day, stream, 2 * index + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def lognormal_factor(seed: int, day: int, stream: int, index: int, sigma: float) -> float:
    if sigma <= 0.0:
        return 1.0
    return math.exp(sigma * normal(seed, day, stream, index) - 0.5 * sigma * sigma)


class RandomSource:
    """The draws of one run, as an object the reference model's agents share."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def uniform(self, day: int, stream: int, index: int) -> float:
        return uniform(self.seed, day, stream, index)

    def normal(self, day: int, stream: int, index: int) -> float:
        return normal(self.seed, day, stream, index)

    def lognormal_factor(self, day: int, stream: int, index: int, sigma: float) -> float:
        return lognormal_factor(self.seed, day, stream, index, sigma)
