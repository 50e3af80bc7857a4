"""Columns declared once: every World field declared, every column compared with the twin."""

from __future__ import annotations

import pytest

from engine import layout as L
from engine.core.columns import BLOCKS
from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.scenario import load_scenario
from engine.world import World, build_world
from tests.conftest import REFERENCE
from tests.twin import assert_columns_agree, compared_arrays, twin_rows


def test_every_column_says_how_the_twin_holds_it():
    """A column nobody compares is a failing test, not a silent gap."""
    missing = [f"{block}.{c.name} ({c.owner})" for block, cols in L.COLUMNS.items() for c in cols
               if c.twin is None]
    assert not missing, f"columns without a twin: {missing}"
    arrays = [f"{a.name} ({a.owner})" for a in L.ARRAYS if a.dynamic and a.twin is None
              and a.name != "log"]  # the log is compared record by record
    assert not arrays, f"dynamic arrays without a twin: {arrays}"


def test_every_world_field_is_declared_once():
    declared = [b.name for b in BLOCKS] + [a.name for a in L.ARRAYS]
    assert len(declared) == len(set(declared))
    assert set(World._fields) == set(declared)


def test_constants_number_each_block_without_gaps():
    for block in BLOCKS:
        cols = L.COLUMNS.get(block.name, [])
        idx = sorted(getattr(L, block.prefix + c.name.upper()) for c in cols)
        assert idx == list(range(len(cols))), block.name
        assert getattr(L, block.width) == len(cols)
        assert all(c.owner and c.unit and c.description for c in cols), block.name


def test_world_blocks_have_the_declared_widths():
    w, _ = build_world(load_scenario(REFERENCE), [1, 2], days=10, record_every=1)
    for block in BLOCKS:
        assert getattr(w, block.name).shape[-1] == getattr(L, block.width), block.name
    assert w.series_state.shape[-1] == L.N_SERIES_STATE
    assert w.series_global.shape[-1] == L.N_SERIES_GLOBAL


@pytest.mark.parametrize("scenario", [REFERENCE, "rubinstein"])
def test_twin_comparison_covers_every_declared_column(scenario):
    """The comparison reads every column of every block on every row, and every dynamic array."""
    s = load_scenario(scenario)
    w, _ = build_world(s, [3], days=4)
    m = ReferenceModel(s, seed=3, days=4)
    run_days(w, 1, parallel=False)
    m.step()
    n = assert_columns_agree(w, m, 0)
    want = sum(len(cols) * len(twin_rows(m, next(b.rows for b in BLOCKS if b.name == name)))
               for name, cols in L.COLUMNS.items())
    want += sum(len(a.twin(m)) for a in compared_arrays())
    assert n == want


def test_outputs_are_declared_with_labels_and_owners():
    names = [(o.per, o.name) for o in L.OUTPUTS]
    assert len(names) == len(set(names))
    assert all(o.owner and o.label and o.unit for o in L.OUTPUTS)
    assert {"troops", "oil_price", "war_support", "depth_km", "ceasefire"} <= {o.name for o in L.OUTPUTS}


def test_docs_columns_table_is_current():
    from engine.core import codegen

    assert codegen.DOCS_FILE.read_text() == codegen.columns_markdown()
