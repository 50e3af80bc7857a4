"""Plain-Python twin of :mod:`engine.core.rng`: the same keyed draws with Python ints."""

from __future__ import annotations

import math

_MASK = 0xFFFFFFFFFFFFFFFF
_GAMMA = 0x9E3779B97F4A7C15
POLAR_ATTEMPTS = 64  # as engine.core.rng.POLAR_ATTEMPTS


def mix64(x: int) -> int:
    """SplitMix64 finaliser on a Python int taken modulo 2**64."""
    z = (x + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def key_hash(seed: int, day: int, stream: int, index: int) -> int:
    h = mix64(seed & _MASK)
    h = mix64(h ^ day)
    h = mix64(h ^ stream)
    return mix64(h ^ index)


def _unit(h: int) -> float:
    return ((h >> 11) + 0.5) * 2.0**-53


def uniform(seed: int, day: int, stream: int, index: int) -> float:
    return _unit(key_hash(seed, day, stream, index))


def normal_pair(seed: int, day: int, stream: int, index: int) -> tuple[float, float]:
    """Marsaglia's polar method on the key's SplitMix64 sequence (see engine.core.rng)."""
    h = key_hash(seed, day, stream, index)
    for k in range(POLAR_ATTEMPTS):
        v1 = 2.0 * _unit(mix64((h + 2 * k * _GAMMA) & _MASK)) - 1.0
        v2 = 2.0 * _unit(mix64((h + (2 * k + 1) * _GAMMA) & _MASK)) - 1.0
        s = v1 * v1 + v2 * v2
        if s < 1.0:
            f = math.sqrt(-2.0 * math.log(s) / s)
            return v1 * f, v2 * f
    return 0.0, 0.0


def normal(seed: int, day: int, stream: int, index: int) -> float:
    return normal_pair(seed, day, stream, index)[0]


def lognormal_factor(seed: int, day: int, stream: int, index: int, sigma: float) -> float:
    if sigma <= 0.0:
        return 1.0
    return math.exp(sigma * normal(seed, day, stream, index) - 0.5 * sigma * sigma)


def lognormal_pair(seed: int, day: int, stream: int, index: int, sigma: float) -> tuple[float, float]:
    if sigma <= 0.0:
        return 1.0, 1.0
    z1, z2 = normal_pair(seed, day, stream, index)
    half_var = 0.5 * sigma * sigma
    return math.exp(sigma * z1 - half_var), math.exp(sigma * z2 - half_var)


class RandomSource:
    """The draws of one run, as an object the reference model's agents share."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def uniform(self, day: int, stream: int, index: int) -> float:
        return uniform(self.seed, day, stream, index)

    def normal(self, day: int, stream: int, index: int) -> float:
        return normal(self.seed, day, stream, index)

    def normal_pair(self, day: int, stream: int, index: int) -> tuple[float, float]:
        return normal_pair(self.seed, day, stream, index)

    def lognormal_factor(self, day: int, stream: int, index: int, sigma: float) -> float:
        return lognormal_factor(self.seed, day, stream, index, sigma)

    def lognormal_pair(self, day: int, stream: int, index: int, sigma: float) -> tuple[float, float]:
        return lognormal_pair(self.seed, day, stream, index, sigma)
