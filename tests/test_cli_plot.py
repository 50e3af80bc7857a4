"""`warsim plot DIR --out FILE`: the report's charts, drawn from the report's own numbers."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("plot") / "ds"
    # sanctions move the talks game's outcomes where the types' floors leave a range: the
    # first coding's reservation terms on territory (with the reference's, 0.667 and
    # 0.444, no lever moves P(ceasefire); docs/talks_game.md)
    res = run_cli("batch", "ukraine_2025", "--reps", "12", "--seed", "3",
                  "--vary", "sanctions_intensity=0.0,1.0",
                  "--set", "talks.bargaining.sides.A.reserve.territory.centre=0.45",
                  "--set", "talks.bargaining.sides.B.reserve.territory.centre=0.3",
                  "--set", "russian_resolve=0.3", "--out", str(out), "--no-progress")
    assert res.returncode == 0, res.stderr
    return out


def test_png_and_svg_are_written(dataset, tmp_path):
    png, svg = tmp_path / "r.png", tmp_path / "r.svg"
    res = run_cli("plot", str(dataset), "--out", str(png))
    assert res.returncode == 0, res.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    res = run_cli("plot", str(dataset), "--out", str(svg), "--points", "1")
    assert res.returncode == 0, res.stderr
    text = svg.read_text()
    assert "<svg" in text and "Kaplan-Meier" in text and "point 1: sanctions_intensity=1" in text
    assert "point 0:" not in text
    assert not list(tmp_path.glob(".*tmp*"))


def test_panels_plot_the_reports_numbers(dataset):
    from engine.batch.report import build_report
    from engine.cli.plot import draw

    rep = build_report(dataset)
    fig = draw(rep, rep["points"])
    surv, prob = fig.axes[0], fig.axes[1]
    for j, p in enumerate(rep["points"]):
        line = surv.lines[j]
        s = p["survival"]["survival"]
        assert np.allclose(line.get_ydata()[1:1 + len(s)], s)
        assert line.get_xdata()[-1] == rep["days"]
        got = [ln for ln in prob.lines if ln.get_marker() == "o"][j].get_ydata()
        want = [p["ceasefire_by_day"][str(h)]["p"] for h in rep["horizons"]]
        assert np.allclose(got, want)
    # the two design points differ, so the chart is not the same curve twice
    assert rep["points"][0]["ceasefire_by_day"]["365"] != rep["points"][1]["ceasefire_by_day"]["365"]
    for ax in fig.axes:
        assert ax.get_title() and "(" in ax.get_xlabel()  # every axis says its unit


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--out", "chart.jpg"], "--out"),
        (["--out", "/no/such/folder/chart.png"], "--out"),
        (["--out", "x.png", "--points", "7"], "--points"),
        (["--out", "x.png", "--points", "a"], "--points"),
        (["--out", "x.png", "--dpi", "5"], "--dpi"),
    ],
)
def test_bad_input_is_one_line_exit_2(dataset, tmp_path, args, needle):
    args = [a.replace("x.png", str(tmp_path / "x.png")) for a in args]
    res = run_cli("plot", str(dataset), *args)
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in res.stderr


def test_not_a_dataset(tmp_path):
    res = run_cli("plot", str(tmp_path / "none"), "--out", str(tmp_path / "x.png"))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_many_design_points_need_a_choice():
    from engine.cli.plot import MAX_POINTS, pick_points
    from engine.errors import UsageError

    rep = {"dataset": "d", "points": [{"point_id": k} for k in range(MAX_POINTS + 1)]}
    with pytest.raises(UsageError, match="--points: d has 13 design points"):
        pick_points(rep, None)
    assert [p["point_id"] for p in pick_points(rep, "12,0")] == [12, 0]
    with pytest.raises(UsageError, match="--points: give 1 to 12"):
        pick_points(rep, ",".join(str(k) for k in range(MAX_POINTS + 1)))
