"""Scenario discovery in the explorer: which lever ranges lead to an outcome (engine.analysis.discover)."""

from __future__ import annotations

import solara

from viz import charts, explorer
from viz.components.chart import VegaChart


def tradeoff_spec(trajectory: list[dict], chosen: dict | None) -> dict:
    """PRIM's peeling trajectory: density against coverage, each box a point coloured by how many
    parameters it restricts; the reported box ringed."""
    spec = charts.base("PRIM peeling trajectory: coverage against density", height=200)
    layers = [
        {
            "data": {"values": trajectory},
            "mark": {"type": "point", "filled": True, "size": 30},
            "encoding": {
                "x": {
                    "field": "coverage",
                    "type": "quantitative",
                    "title": "coverage (0-1)",
                    "scale": {"domain": [0, 1]},
                },
                "y": {
                    "field": "density",
                    "type": "quantitative",
                    "title": "density (0-1)",
                    "scale": {"domain": [0, 1]},
                },
                "color": {"field": "res_dim", "type": "ordinal", "title": "parameters restricted"},
                "tooltip": [{"field": k, "format": ".3f"} for k in ("coverage", "density", "mass")],
            },
        }
    ]
    if chosen:
        layers.append(
            {
                "data": {"values": [chosen]},
                "mark": {"type": "point", "size": 220, "color": "#d62728", "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "coverage", "type": "quantitative"},
                    "y": {"field": "density", "type": "quantitative"},
                },
            }
        )
    return {**spec, "layer": layers}


def scores_spec(scores: list[dict]) -> dict:
    """Bars of the extra-trees feature scores (sum to 1)."""
    spec = charts.base("Feature scores (extra trees)", height=max(60, 24 * len(scores) + 30))
    return {
        **spec,
        "data": {"values": scores},
        "mark": "bar",
        "encoding": {
            "y": {"field": "parameter", "type": "nominal", "title": None, "sort": "-x"},
            "x": {"field": "score", "type": "quantitative", "title": "feature score (share, 0-1)"},
            "tooltip": [{"field": "parameter"}, {"field": "score", "format": ".3f"}],
        },
    }


@solara.component
def DiscoveryPanel(ds: explorer.Dataset):
    """Outcome picker, PRIM threshold, a Run button; the box, its coverage and density, CART, scores."""
    params = [p for p in ds.parameters if ds.runs[p].dtype.is_numeric()]
    outcomes = ["ceasefire", *sorted(str(o) for o in ds.runs["outcome"].unique().to_list())]
    outcome, set_outcome = solara.use_state("ceasefire")
    threshold, set_threshold = solara.use_state(0.8)
    run_key, set_run_key = solara.use_state(0)

    def compute():
        if run_key == 0:
            return None
        from engine.analysis.discover import DiscoveryError, discover

        try:
            return discover(ds.runs, params, outcome=outcome, threshold=threshold)
        except DiscoveryError as exc:
            return str(exc)

    result = solara.use_thread(compute, dependencies=[run_key, ds.name, outcome, threshold])
    solara.Text("Scenario discovery: which lever ranges lead to the outcome", style={"font-weight": "bold"})
    if not params:
        solara.Info("This batch varies no numeric parameter: nothing to discover.")
        return
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select(label="Outcome", value=outcome, values=outcomes, on_value=set_outcome)
        solara.SliderFloat(
            label=f"PRIM least density: {threshold:.2f}",
            value=threshold,
            min=0.3,
            max=1.0,
            step=0.05,
            on_value=set_threshold,
            thumb_label="always",
        )
        solara.Button("Run PRIM", color="primary", on_click=lambda: set_run_key(run_key + 1))
    if run_key == 0:
        solara.Text(
            "PRIM, CART and feature scores from EMA Workbench over the varied parameters "
            "(the first run loads the library, a few seconds).",
            style={"color": "#777", "font-size": "12px"},
        )
        return
    if result.state == solara.ResultState.RUNNING or result.value is None:
        solara.Text("Running PRIM ...", classes=["prim-running"])
        return
    if result.state == solara.ResultState.ERROR:
        solara.Error(f"Scenario discovery failed: {result.error}")
        return
    d = result.value
    if isinstance(d, str):
        solara.Error(d)
        return
    solara.Text(f"{d.outcome}: {d.n_hits} of {d.n_runs} runs ({d.base_rate:.1%})", classes=["discovery-base"])
    if d.n_hits in (0, d.n_runs):
        solara.Info("Every run or no run has this outcome: nothing to discover.")
        return
    if d.box is None:
        solara.Warning(f"PRIM: no box reaches a density of {d.threshold:.0%}; lower the least density.")
    else:
        b = d.box
        rows = (
            "".join(
                f"<tr><td>{lim['parameter']}</td><td>{lim['low']:.4g}</td><td>{lim['high']:.4g}</td></tr>"
                for lim in b.limits
            )
            or "<tr><td colspan=3>no parameter restricted</td></tr>"
        )
        solara.HTML(
            unsafe_innerHTML=(
                f"<div class='prim-box'><b>PRIM box</b>: coverage {b.coverage:.1%}, density {b.density:.1%}, "
                f"mass {b.mass:.1%} ({b.n} runs)<table style='font-size:12px'><tr><th>parameter</th>"
                f"<th>from</th><th>to</th></tr>{rows}</table></div>"
            )
        )
    chosen = {"coverage": d.box.coverage, "density": d.box.density} if d.box else None
    with solara.ColumnsResponsive(default=12, large=6):
        VegaChart(tradeoff_spec(d.trajectory, chosen))
        VegaChart(scores_spec(d.scores))
    if d.cart:
        rows = "".join(
            f"<tr><td>{c.density:.1%}</td><td>{c.coverage:.1%}</td><td>{c.mass:.1%}</td><td>"
            + (
                "; ".join(f"{lim['parameter']} {lim['low']:.4g} to {lim['high']:.4g}" for lim in c.limits)
                or "all"
            )
            + "</td></tr>"
            for c in d.cart[:5]
        )
        solara.HTML(
            unsafe_innerHTML=(
                "<b>CART leaves, densest first</b><table style='font-size:12px'><tr><th>density</th>"
                f"<th>coverage</th><th>mass</th><th>ranges</th></tr>{rows}</table>"
            )
        )
