"""Counter-based random numbers.

Every random number in warsim is a pure function of a key
``(seed, day, stream, index)``: the run's seed, the simulated day, a stream
constant naming the mechanism that draws (see :mod:`engine.layout`), and the
index of the entity that draws (a sector, a state, an envoy...). Nothing is
carried between draws, so a run's numbers do not depend on how many threads
step it, which other runs share a kernel call, or in what order runs are
stepped.

A run's identity is its seed: a batch gives each run its own seed
(``base_seed + replicate``), so any run of a batch can be replayed alone with
``warsim run --seed SEED`` and design points with the same replicate share
their random numbers (common random numbers, which sharpens comparisons
across lever values).

The mixer is SplitMix64's finaliser (Steele, Lea & Flood 2014), chained over
the key's components. :mod:`engine.reference.rng` is its plain-Python twin.
"""

from __future__ import annotations

import numpy as np

from engine.core.jit import helper

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO_M53 = 1.0 / 9007199254740992.0  # 2**-53
_TWO_PI = 6.283185307179586


@helper
def mix64(x):
    """SplitMix64 step: a bijective scramble of a uint64."""
    z = x + _GAMMA
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@helper
def key_hash(seed, day, stream, index):
    """Hash of a draw's key; all arguments are non-negative integers."""
    h = mix64(np.uint64(seed))
    h = mix64(h ^ np.uint64(day))
    h = mix64(h ^ np.uint64(stream))
    return mix64(h ^ np.uint64(index))


@helper
def uniform(seed, day, stream, index):
    """Uniform draw on the open interval (0, 1) for the given key."""
    h = key_hash(seed, day, stream, index)
    return (np.float64(h >> _S11) + 0.5) * _TWO_M53


@helper
def normal(seed, day, stream, index):
    """Standard normal draw (Box-Muller on the key's two sub-draws)."""
    u1 = uniform(seed, day, stream, 2 * index)
    u2 = uniform(seed, day, stream, 2 * index + 1)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(_TWO_PI * u2)


@helper
def lognormal_factor(seed, day, stream, index, sigma):
    """Mean-one multiplicative noise ``exp(sigma*z - sigma**2/2)``; 1 when sigma is 0."""
    if sigma <= 0.0:
        return 1.0
    return np.exp(sigma * normal(seed, day, stream, index) - 0.5 * sigma * sigma)
