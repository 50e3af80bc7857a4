"""The explorer's sensitivity page: finding, loading and charting indices."""

from __future__ import annotations

import polars as pl
import pytest
import solara

from viz import sensitivity as logic


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "sens"
    folder.mkdir()
    pl.DataFrame({
        "outcome": ["territory_change_km2"] * 2 + ["casualties"] * 2,
        "parameter": ["a", "b", "a", "b"],
        "S1": [0.7, 0.1, 0.2, 0.5], "S1_conf": [0.05] * 4,
        "ST": [0.8, 0.15, 0.3, 0.6], "ST_conf": [0.05] * 4,
    }).write_parquet(folder / "indices.parquet")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "indices.parquet").write_bytes(b"not parquet")
    return tmp_path


def test_list_and_load(root):
    assert logic.list_analyses(root) == ["broken", "sens"]
    indices, _ = logic.load_analysis(root, "sens")
    assert indices.height == 4
    with pytest.raises(ValueError, match="cannot read"):
        logic.load_analysis(root, "broken")
    with pytest.raises(ValueError, match="outside"):
        logic.load_analysis(root / "sens", "../broken")


def test_spec_orders_parameters_by_total_index(root):
    indices, _ = logic.load_analysis(root, "sens")
    spec = logic.indices_spec(indices, "casualties")
    st = [d for d in spec["data"]["values"] if d["index"] == "ST"]
    assert [d["parameter"] for d in st] == ["b", "a"]


def test_page_renders_table_and_charts(root):
    import shutil

    from viz import state
    from viz.components.sensitivity import SensitivityPage

    shutil.rmtree(root / "broken")
    state.results_root.set(root)
    box, rc = solara.render(SensitivityPage(), handle_error=False)
    assert len(rc.find(solara.widgets.VegaLite).widgets) == 2  # one chart per outcome
