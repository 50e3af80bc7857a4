"""Compare the kernels with the plain-Python reference model day by day, on every column.

Nothing is listed here: the columns and arrays compared are the ones the mechanisms
declare (engine.layout.COLUMNS, engine.layout.ARRAYS). Each dynamic column says how
the reference model exposes it (``Column.twin``); tests/test_columns.py fails for a
dynamic column or array that does not.
"""

from __future__ import annotations

import math

import numpy as np

from engine import layout as L
from engine.core.columns import BLOCK_BY_NAME
from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.world import build_world


def twin_rows(m: ReferenceModel, rows: str) -> list:
    """The reference model's objects standing for a block's rows."""
    if rows == "state":
        return m.state_list
    if rows == "front":
        return m.front_list
    if rows == "envoy":
        return m.talks.envoys
    return [m]


def compared_columns():
    """``(block, column)`` for every declared column the twin holds, in declaration order."""
    for name, cols in L.COLUMNS.items():
        for c in cols:
            if c.twin is not None:
                yield BLOCK_BY_NAME[name], c


def compared_arrays():
    """Every declared World array the day changes and the twin holds."""
    return [a for a in L.ARRAYS if a.dynamic and a.twin is not None]


def assert_columns_agree(w, m: ReferenceModel, day: int, rtol: float = 1e-9, r: int = 0) -> int:
    """Every compared column and array of run ``r`` against the twin; returns the count."""
    n = 0
    for block, c in compared_columns():
        array = getattr(w, block.name)
        j = getattr(L, block.prefix + c.name.upper())
        for i, obj in enumerate(twin_rows(m, block.rows)):
            if block.rows != "run":
                got = array[r, i, j]
            else:
                got = array[r, j] if array.ndim == 2 else array[j]  # shared blocks have no run axis
            _close(got, c.twin_value(obj), rtol, f"day {day} {block.name}.{c.name}[{i}]")
            n += 1
    for a in compared_arrays():
        array = getattr(w, a.name)[r] if a.per_run else getattr(w, a.name)
        for index, want in a.twin(m).items():
            _close(array[index], want, rtol, f"day {day} {a.name}{list(index)}")
            n += 1
    return n


def assert_twin_agrees(scenario, seed: int, days: int, rtol: float = 1e-9) -> None:
    """Step kernel and reference model together; fail on the first divergence."""
    w, _ = build_world(scenario, [seed], days=days)
    m = ReferenceModel(scenario, seed=seed, days=days)
    for day in range(days):
        run_days(w, 1, parallel=False)
        m.step()
        assert_columns_agree(w, m, day, rtol)
    got = [tuple(r) for r in w.log[0, : w.log_count[0]]]
    want = [tuple(float(x) for x in r) for r in m.event_records]
    assert len(got) == len(want)
    for g, e in zip(got, want, strict=True):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=1e-9)


def _close(a: float, b: float, rtol: float, what: str) -> None:
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        assert math.isnan(a) and math.isnan(b), f"{what}: kernel {a!r} twin {b!r}"
        return
    if math.isinf(a) or math.isinf(b):
        assert a == b, f"{what}: kernel {a!r} twin {b!r}"
        return
    assert abs(a - b) <= rtol * max(abs(a), abs(b), 1.0), f"{what}: kernel {a!r} twin {b!r}"
