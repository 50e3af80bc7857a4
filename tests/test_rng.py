"""The counter-based generator: kernel and twin agree bit for bit; draws are sane."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.core import rng
from engine.reference import rng as ref

keys = st.tuples(
    st.integers(0, 2**62 - 1), st.integers(0, 4000), st.integers(0, 64), st.integers(0, 10**6)
)


@given(keys)
def test_uniform_and_normal_match_twin(key):
    assert rng.uniform(*key) == ref.uniform(*key)
    assert abs(rng.normal(*key) - ref.normal(*key)) <= 1e-12 * max(1.0, abs(ref.normal(*key)))


def test_uniform_in_open_unit_interval_with_right_moments():
    u = np.array([rng.uniform(7, d, 3, i) for d in range(50) for i in range(200)])
    assert u.min() > 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.01
    assert abs(u.var() - 1 / 12) < 0.005


def test_normal_moments():
    z = np.array([rng.normal(11, d, 1, i) for d in range(50) for i in range(200)])
    assert abs(z.mean()) < 0.03
    assert abs(z.std() - 1.0) < 0.03


def test_keys_are_independent_of_each_other():
    base = rng.uniform(1, 2, 3, 4)
    assert base != rng.uniform(2, 2, 3, 4)
    assert base != rng.uniform(1, 3, 3, 4)
    assert base != rng.uniform(1, 2, 4, 4)
    assert base != rng.uniform(1, 2, 3, 5)


def test_lognormal_factor_is_one_without_noise():
    assert rng.lognormal_factor(1, 2, 3, 4, 0.0) == 1.0
