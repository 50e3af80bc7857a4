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
the key's components. A uniform is the key's hash. A normal (model version 2,
docs/model.md "Model versions") is Marsaglia's polar method on the SplitMix64
sequence seeded with the key's hash: sub-draws ``j = 0, 1, 2, ...`` of one key
are ``mix64(h + j * gamma)``, taken two at a time until a pair falls inside the
unit disc, so a key always gives the same normal. The method yields two
independent normals per accepted pair; :func:`normal_pair` hands out both, for
call sites that need two draws at once. :mod:`engine.reference.rng` is the
plain-Python twin.
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
# Attempts of the polar method before giving up: each is rejected with
# probability 1 - pi/4 = 0.2146, so 64 rejections in a row have probability
# 1.6e-43 (never, in any batch anyone will run); the draw is then 0.
POLAR_ATTEMPTS = 64


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
def _unit(h):
    """The top 53 bits of a hash as a uniform on the open interval (0, 1)."""
    return (np.float64(h >> _S11) + 0.5) * _TWO_M53


@helper
def uniform(seed, day, stream, index):
    """Uniform draw on the open interval (0, 1) for the given key."""
    return _unit(key_hash(seed, day, stream, index))


@helper
def normal_pair(seed, day, stream, index):
    """Two independent standard normal draws for one key (Marsaglia's polar method).

    Attempt ``k`` takes sub-draws ``2k`` and ``2k + 1`` of the key's SplitMix64
    sequence as ``v1, v2`` uniform on (-1, 1) and accepts when
    ``s = v1**2 + v2**2 < 1`` (probability pi/4; ``s`` is never 0). Then
    ``v1 * f`` and ``v2 * f`` with ``f = sqrt(-2 ln s / s)`` are independent
    standard normals: one log, one sqrt and one division per pair, no cos.

    Returns
    -------
    (float, float)
        The pair ``(z1, z2)``; ``z1`` is what :func:`normal` returns for the key.
    """
    h = key_hash(seed, day, stream, index)
    for k in range(POLAR_ATTEMPTS):
        j = np.uint64(2 * k)
        v1 = 2.0 * _unit(mix64(h + j * _GAMMA)) - 1.0
        v2 = 2.0 * _unit(mix64(h + (j + np.uint64(1)) * _GAMMA)) - 1.0
        s = v1 * v1 + v2 * v2
        if s < 1.0:
            f = np.sqrt(-2.0 * np.log(s) / s)
            return v1 * f, v2 * f
    return 0.0, 0.0


@helper
def normal(seed, day, stream, index):
    """Standard normal draw for the key: the first of :func:`normal_pair`."""
    z1, _ = normal_pair(seed, day, stream, index)
    return z1


@helper
def lognormal_factor(seed, day, stream, index, sigma):
    """Mean-one multiplicative noise ``exp(sigma*z - sigma**2/2)``; 1 when sigma is 0."""
    if sigma <= 0.0:
        return 1.0
    return np.exp(sigma * normal(seed, day, stream, index) - 0.5 * sigma * sigma)


@helper
def lognormal_pair(seed, day, stream, index, sigma):
    """Two independent mean-one lognormal factors from one key's :func:`normal_pair`."""
    if sigma <= 0.0:
        return 1.0, 1.0
    z1, z2 = normal_pair(seed, day, stream, index)
    half_var = 0.5 * sigma * sigma
    return np.exp(sigma * z1 - half_var), np.exp(sigma * z2 - half_var)
