"""The dashboard's Benchmarks page: the latest ``warsim bench`` table and two charts.

Mount it with ``BenchmarksPage(path)`` where ``path`` is a results folder
(default ``benchmarks/results``) or a Parquet file written by ``warsim bench``.
The data comes from :func:`benchmarks.results.load_latest`; the chart specs
are pure functions of that frame (testable without a browser).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import solara

from viz.charts import EMBED_OPTIONS
from viz.components.chart import Placeholder, VegaChart


def ratio_spec(frame: pl.DataFrame) -> dict | None:
    """Bar chart of the speed-up ratios (engine vs reference, batch vs mesa.batch_run, threads)
    with their min-max spread and the target as a tick; None when there are none."""
    rows = frame.filter(pl.col("metric") == "ratio", pl.col("value").is_not_nan())
    if rows.height == 0:
        return None
    data = [
        {"figure": f"{r['benchmark']}: {r['case']}", "value": r["value"], "low": r["low"] or r["value"],
         "high": r["high"] or r["value"], "target": r["target"]}
        for r in rows.iter_rows(named=True)
    ]
    y = {"field": "figure", "type": "nominal", "sort": None, "title": None}
    values = [v for d in data for v in (d["value"], d["low"], d["high"], d["target"]) if v and v > 0]
    # a log axis cannot start at zero (bars from 0 drew nothing): points with min-max rules
    # on a log axis spanning the data and the targets
    domain = [min(values) / 1.5, max(values) * 1.5]
    x_scale = {"type": "log", "domain": domain}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": "Speed-up ratios (median, min-max; red tick: target)"},
        "data": {"values": data},
        "width": "container",
        "usermeta": {"embedOptions": EMBED_OPTIONS},
        "layer": [
            {"mark": {"type": "rule", "color": "#333"},
             "encoding": {"y": y, "x": {"field": "low", "type": "quantitative", "scale": x_scale},
                          "x2": {"field": "high"}}},
            {"mark": {"type": "point", "filled": True, "size": 80, "color": "#4c78a8"},
             "encoding": {"y": y, "x": {"field": "value", "type": "quantitative", "scale": x_scale,
                                        "title": "speed-up (times faster, log scale)"},
                          "tooltip": [{"field": "figure"}, {"field": "value", "format": ".1f"},
                                      {"field": "low", "format": ".1f"}, {"field": "high", "format": ".1f"},
                                      {"field": "target"}]}},
            {"transform": [{"filter": "datum.target > 0"}],
             "mark": {"type": "tick", "color": "#e45756", "thickness": 3},
             "encoding": {"y": y, "x": {"field": "target", "type": "quantitative", "scale": x_scale}}},
        ],
    }


def scaling_spec(frame: pl.DataFrame) -> dict | None:
    """Log-log lines of seconds per day per sector (over sectors) and per run (over runs)."""
    rows = frame.filter(pl.col("benchmark") == "scaling", pl.col("metric").is_in(["s_per_sector_day",
                                                                                   "s_per_run_day"]))
    if rows.height == 0:
        return None
    data = []
    for r in rows.iter_rows(named=True):
        size = r["size"] if r["case"] == "sectors" else r["runs"]
        data.append({"axis": r["case"], "size": size, "seconds": r["value"]})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": "Scaling: seconds per day per sector / per run"},
        "data": {"values": data},
        "width": "container",
        "usermeta": {"embedOptions": EMBED_OPTIONS},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "size", "type": "quantitative", "scale": {"type": "log"},
                  "title": "sectors (one run) or runs per call"},
            "y": {"field": "seconds", "type": "quantitative", "scale": {"type": "log"},
                  "title": "time per simulated day per unit (s)"},
            "color": {"field": "axis", "type": "nominal"},
            "tooltip": [{"field": "axis"}, {"field": "size"}, {"field": "seconds", "format": ".3g"}],
        },
    }


def headline(frame: pl.DataFrame) -> str:
    """One line: suite id, quick or full, machine and commit."""
    if frame.height == 0:
        return "No benchmark results yet: run `warsim bench`."
    r = frame.row(0, named=True)
    return (f"Suite {r['suite_id']} ({'quick' if r['quick'] else 'full'}) on {r['cpu']}, {r['cores']} cores, "
            f"commit {r['commit']}")


@solara.component
def BenchmarksPage(path: str | Path | None = None):
    """The Benchmarks page: headline, ratio and scaling charts, the full table."""
    from benchmarks.results import RESULTS_DIR, load_latest, markdown

    frame = solara.use_memo(lambda: load_latest(path or RESULTS_DIR), dependencies=[str(path)])
    with solara.Column(classes=["benchmarks-page"]):
        solara.Text(headline(frame), style={"font-weight": "bold"})
        if frame.height == 0:
            return
        for spec, title in ((ratio_spec(frame), "Speed-up ratios"), (scaling_spec(frame), "Scaling")):
            if spec is None:
                Placeholder(title, "not in this results table")
            else:
                VegaChart(spec)
        solara.Markdown(markdown(frame))
