"""`warsim report`: Wilson and Kaplan-Meier against hand computations, report
functions on a hand-made dataset, corrupt datasets."""

from __future__ import annotations

import json
import math

import numpy as np
import polars as pl
import pytest

from engine.batch import report as R
from engine.batch import store
from engine.batch.survival import kaplan_meier, median_time, survival_at, wilson
from tests.conftest import run_cli


def test_wilson_matches_the_closed_form_and_known_values():
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.27753, abs=1e-5)  # Newcombe (1998), table I
    lo, hi = wilson(81, 263)
    assert (lo, hi) == (pytest.approx(0.2553, abs=1e-4), pytest.approx(0.3662, abs=1e-4))
    lo, hi = wilson(0, 200)
    assert hi == pytest.approx(1.96**2 / (200 + 1.96**2), rel=1e-3)
    k = np.array([0, 5, 10])
    lo, hi = wilson(k, 10)
    assert np.all(lo <= k / 10) and np.all(k / 10 <= hi)
    assert lo[1] == pytest.approx(1 - hi[1])  # symmetric at one half


def test_kaplan_meier_by_hand():
    # times 2, 3(censored), 4, 4, 6(censored), 7
    t = np.array([2, 3, 4, 4, 6, 7])
    e = np.array([True, False, True, True, False, True])
    km = kaplan_meier(t, e)
    assert km["time"].tolist() == [2, 4, 7]
    assert km["at_risk"].tolist() == [6, 4, 1]
    s = [5 / 6, 5 / 6 * 2 / 4, 0.0]
    assert km["survival"] == pytest.approx(s)
    assert survival_at(km, 1) == 1.0 and survival_at(km, 3) == pytest.approx(5 / 6)
    assert median_time(km) == 4
    # Greenwood variance at t=2: S^2 * 1/(6*5); log-log band contains S
    assert km["low"][0] < s[0] < km["high"][0]
    assert math.isnan(km["low"][2])


def test_kaplan_meier_without_censoring_is_one_minus_the_ecdf():
    rng = np.random.default_rng(0)
    t = rng.integers(0, 50, 200)
    km = kaplan_meier(t, np.ones(200, bool))
    for x in (0, 10, 25, 49):
        assert survival_at(km, x) == pytest.approx(np.mean(t > x))


def fake_runs() -> pl.DataFrame:
    """Two points of 10 runs: point 0 has ceasefires on days 5, 40, 100, 200 and a
    collapse that ends a run on day 60; point 1 none."""
    cf0 = [5, 40, 100, 200, None, None, None, None, None, None]  # null: no ceasefire
    days0 = [365] * 4 + [60] + [365] * 5
    out0 = ["ceasefire_holding"] * 3 + ["ceasefire_collapsed", "collapse"] + ["no_deal"] * 5
    return pl.DataFrame({
        "run_id": list(range(20)),
        "point_id": pl.Series([0] * 10 + [1] * 10, dtype=pl.Int32),
        "replicate": pl.Series(list(range(10)) * 2, dtype=pl.Int32),
        "seed": [1 + i for i in range(10)] * 2,
        "levers.us_pressure": [0.2] * 10 + [0.8] * 10,
        "days_run": pl.Series(days0 + [365] * 10, dtype=pl.Int32),
        "outcome": out0 + ["no_deal"] * 10,
        "ceasefire_day": pl.Series(cf0 + [None] * 10, dtype=pl.Int32),
        "term_territory": [0.3, 0.5, 0.7, float("nan")] + [float("nan")] * 6 + [float("nan")] * 10,
        "territory_change_km2_RUS": [float(i) for i in range(20)],
        "casualties_RUS": [1000.0 * i for i in range(20)],
        "morale_RUS": [0.5] * 20,
    })


def test_ceasefire_probabilities_count_days_before_the_horizon():
    p = R.ceasefire_by_day(fake_runs().lazy(), (30, 90, 180, 365))
    got = {(r["point_id"], r["day"]): r["k"] for r in p.iter_rows(named=True)}
    assert got == {(0, 30): 1, (0, 90): 2, (0, 180): 3, (0, 365): 4,
                   (1, 30): 0, (1, 90): 0, (1, 180): 0, (1, 365): 0}
    row = p.filter((pl.col("point_id") == 0) & (pl.col("day") == 365)).row(0, named=True)
    lo, hi = wilson(4, 10)
    assert row["p"] == 0.4 and row["low"] == pytest.approx(lo) and row["high"] == pytest.approx(hi)


def test_outcome_shares_sum_to_one():
    s = R.outcome_shares(fake_runs().lazy())
    assert s.group_by("point_id").agg(pl.col("share").sum())["share"].to_list() == [1.0, 1.0]
    row = s.filter((pl.col("point_id") == 0) & (pl.col("outcome") == "ceasefire_holding")).row(0, named=True)
    assert row["k"] == 3 and row["share"] == pytest.approx(0.3)


def test_survival_curve_censors_runs_that_end_early():
    c = R.survival_curves(fake_runs().lazy())
    c0 = c.filter(pl.col("point_id") == 0)
    assert c0["day"].to_list() == [5, 40, 100, 200]
    # the collapse on day 60 leaves the risk set before day 100
    assert c0["at_risk"].to_list() == [10, 9, 7, 6]
    assert c0["survival"].to_list() == pytest.approx([0.9, 0.8, 0.8 * 6 / 7, 0.8 * 6 / 7 * 5 / 6])
    assert c.filter(pl.col("point_id") == 1).height == 0


def test_distributions_skip_missing_terms_and_use_prefixes():
    d = R.distributions(fake_runs().lazy())
    assert d["column"].unique(maintain_order=True).to_list() == [
        "term_territory", "territory_change_km2_RUS", "casualties_RUS"]
    t = d.filter((pl.col("point_id") == 0) & (pl.col("column") == "term_territory")).row(0, named=True)
    assert t["n"] == 3 and t["median"] == pytest.approx(0.5)
    k = d.filter((pl.col("point_id") == 1) & (pl.col("column") == "territory_change_km2_RUS"))
    k = k.row(0, named=True)
    assert k["median"] == pytest.approx(14.5) and k["q05"] == pytest.approx(10.45)


def test_series_quantiles_are_lazy_group_bys():
    s = pl.LazyFrame({"point_id": [0, 0, 0, 0], "day": [0, 0, 7, 7], "x": [1.0, 3.0, 5.0, 9.0]})
    q = R.series_quantiles(s, "x")
    assert q.columns == ["point_id", "day", "q05", "median", "q95"]
    assert q["median"].to_list() == [2.0, 7.0]


def fake_manifest(n: int, chunks: int, reps: int = 10) -> dict:
    """A valid warsim-batch/2 manifest for ``n`` runs of two points in ``chunks`` chunks."""
    size = -(-n // chunks)
    design = {"kind": "factorial", "params": ["levers.us_pressure"],
              "spec": {"levels": {"levers.us_pressure": [0.2, 0.8]}},
              "points": [{"levers.us_pressure": 0.2}, {"levers.us_pressure": 0.8}], "n_points": 2}
    design["hash"] = store.design_hash(design)
    bounds = [(a, min(a + size, n)) for a in range(0, n, size)]
    return {
        "format": store.FORMAT, "batch_id": "ab" * 16, "scenario": {"name": "fake", "hash": "0" * 64},
        "base_overrides": {}, "design": design, "reps": reps,
        "seeds": {"base": 1, "rule": "seed = base + replicate"},
        "days": 365, "series": "none", "record_every": 0, "engine": {"version": "0", "code_hash": "x"},
        "n_points": 2, "n_runs": n, "chunk_runs": size, "n_chunks": len(bounds),
        "created": "2026-01-01T00:00:00+00:00", "updated": "2026-01-01T00:00:00+00:00",
        "complete": True, "runs_done": n,
        "chunks": [{"chunk": k, "first_run": a, "stop_run": b, "status": "done"}
                   for k, (a, b) in enumerate(bounds)],
    }


def write_fake_dataset(path, runs: pl.DataFrame, chunks: int = 2) -> None:
    """``runs`` as a dataset whose chunks carry the metadata ``warsim batch`` writes."""
    path.mkdir()
    (path / "runs").mkdir()
    m = fake_manifest(runs.height, chunks)
    size = m["chunk_runs"]
    for k in range(chunks):
        runs.slice(k * size, size).write_parquet(store.runs_path(path, k),
                                                 metadata=store.chunk_metadata(m, k))
    (path / "manifest.json").write_text(json.dumps(m))


def test_build_report_and_cli_on_a_hand_made_dataset(tmp_path):
    ds = tmp_path / "ds"
    write_fake_dataset(ds, fake_runs())
    rep = R.build_report(ds)
    assert rep["runs"] == 20 and rep["complete"] and rep["horizons"] == [30, 90, 180, 365]
    p0 = rep["points"][0]
    assert p0["values"] == {"levers.us_pressure": 0.2}
    assert p0["ceasefire_by_day"]["90"]["p"] == 0.2
    assert p0["survival"]["at_horizons"]["90"] == pytest.approx(0.8)
    assert p0["survival"]["median_days_to_ceasefire"] is None
    assert p0["distributions"]["term_territory"]["n"] == 3
    text = R.format_report(rep)
    assert "P(ceasefire by day d)" in text and "0.400 [" in text and "Kaplan-Meier" in text
    res = run_cli("report", str(ds), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["points"][1]["ceasefire_by_day"]["365"]["p"] == 0.0


def test_report_on_a_short_batch_uses_horizons_within_the_run():
    assert R.horizons_for(100) == (30, 90)
    assert R.horizons_for(10) == (10,)


def test_report_reads_a_partial_dataset(tmp_path):
    ds = tmp_path / "ds"
    write_fake_dataset(ds, fake_runs())
    (ds / "runs" / "chunk-000001.parquet").unlink()
    rep = R.build_report(ds)
    assert not rep["complete"] and rep["chunks_done"] == 1 and rep["runs"] == 10
    assert "INCOMPLETE" in R.format_report(rep)


@pytest.mark.parametrize("damage", ["garbage_chunk", "truncated_chunk", "no_manifest", "bad_json",
                                    "foreign_manifest", "no_runs", "missing_column", "not_a_folder"])
def test_corrupt_datasets_are_one_line_exit_2(tmp_path, damage):
    ds = tmp_path / "ds"
    write_fake_dataset(ds, fake_runs())
    chunk = ds / "runs" / "chunk-000001.parquet"
    if damage == "garbage_chunk":
        chunk.write_bytes(b"not parquet at all" * 10)
    elif damage == "truncated_chunk":
        chunk.write_bytes(chunk.read_bytes()[:-40])
    elif damage == "no_manifest":
        (ds / "manifest.json").unlink()
    elif damage == "bad_json":
        (ds / "manifest.json").write_text("{ nope")
    elif damage == "foreign_manifest":
        (ds / "manifest.json").write_text('{"format": "x"}')
    elif damage == "no_runs":
        for f in (ds / "runs").iterdir():
            f.unlink()
    elif damage == "missing_column":
        for k in range(2):
            fake_runs().drop("outcome").write_parquet(store.runs_path(ds, k))
    elif damage == "not_a_folder":
        ds = tmp_path / "nothing-here"
    res = run_cli("report", str(ds))
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("report: ") and "Traceback" not in res.stderr


def test_report_validates_the_manifest_against_its_schema(tmp_path):
    ds = tmp_path / "ds"
    write_fake_dataset(ds, fake_runs())
    m = json.loads((ds / "manifest.json").read_text())
    for key, value, needle in (("chunk_runs", None, "chunk_runs: Field required"),
                               ("days", -5, "days: Input should be greater than or equal to 1"),
                               ("reps", "10", "reps: Input should be a valid integer"),
                               ("complete", 1, "complete: Input should be a valid boolean")):
        bad = dict(m)
        if value is None:
            bad.pop(key)
        else:
            bad[key] = value
        (ds / "manifest.json").write_text(json.dumps(bad))
        with pytest.raises(store.DatasetError, match=needle):
            R.build_report(ds)


