"""`warsim bench --quick` runs end to end and writes a table of the documented schema.

Speed is never asserted here: the figures are measured and reported by the
suite (benchmarks/README.md), not pass/fail conditions of the test suite.
"""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks import results
from benchmarks.harness import Timing, interleaved, ratio_spread
from benchmarks.scaling import loglog_slope
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    proc = run_cli("bench", "--quick", "--out", str(out), timeout=600)
    return proc, out


def test_quick_suite_writes_the_table(quick_results):
    proc, out = quick_results
    assert proc.returncode == 0, proc.stderr[-2000:]
    frame = results.load_latest(out)
    assert dict(frame.schema) == results.SCHEMA
    assert set(frame["benchmark"]) == {"single", "batch", "scaling", "bandwidth", "startup", "threads"}
    assert frame["suite_id"].n_unique() == 1 and frame["quick"].all()
    assert (out / "latest.md").read_text().count("\n|") >= frame.height
    assert len(list(out.glob("bench-*.parquet"))) == 1
    # every benchmark that compares sides says whether their outputs agreed
    agree = frame.filter(pl.col("metric") == "agreement")
    assert set(agree["benchmark"]) == {"single", "batch", "threads"}
    # ratios and rates are finite positive numbers (their size is not tested)
    nums = frame.filter(pl.col("metric").is_in(["ratio", "seconds", "runs_per_s", "bytes_per_s"]))
    assert nums.height > 10 and (nums["value"] > 0).all()
    assert frame.filter(pl.col("target").is_not_null())["target_met"].is_not_null().all()


def test_bad_options_exit_2_with_one_line(tmp_path):
    proc = run_cli("bench", "--only", "nonsense", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "--only" in proc.stderr
    f = tmp_path / "file"
    f.write_text("x")
    proc = run_cli("bench", "--quick", "--out", str(f))
    assert proc.returncode == 2 and "not a folder" in proc.stderr


def test_load_latest_of_nothing_is_an_empty_table(tmp_path):
    frame = results.load_latest(tmp_path)
    assert frame.height == 0 and dict(frame.schema) == results.SCHEMA


def test_interleaving_alternates_and_flags_disagreement():
    calls = []
    sides = {"a": lambda: calls.append("a") or 1, "b": lambda: calls.append("b") or 2}

    def check(outputs):
        assert outputs["a"] == outputs["b"], "a and b differ"

    t = interleaved(sides, repeats=3, warmup=1, check=check)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]
    assert t.mismatch.startswith("a and b differ")
    assert len(t["a"].seconds) == 3
    ratio, low, high = ratio_spread(Timing([2.0, 4.0, 6.0]), Timing([1.0, 2.0, 3.0]))
    assert (ratio, low, high) == (2.0, 2.0 / 3.0, 6.0)


def test_loglog_slope_recovers_a_power_law():
    sizes = [10, 100, 1000, 10000]
    assert loglog_slope(sizes, [3e-6 * n for n in sizes]) == pytest.approx(1.0)
    assert loglog_slope(sizes, [3e-6 * n**1.5 for n in sizes]) == pytest.approx(1.5)


def test_dashboard_specs_from_the_table(quick_results):
    from viz.components.benchmarks import headline, ratio_spec, scaling_spec

    _, out = quick_results
    frame = results.load_latest(out)
    assert "quick" in headline(frame)
    assert ratio_spec(frame)["data"]["values"]
    assert {v["axis"] for v in scaling_spec(frame)["data"]["values"]} == {"sectors", "runs"}
    assert ratio_spec(frame.clear()) is None
