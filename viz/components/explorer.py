"""The batch explorer page: open a dataset, see its statistics, replay a run."""

from __future__ import annotations

import solara

from viz import charts, explorer, state
from viz.components.chart import Placeholder, VegaChart


@solara.component
def ExplorerPage():
    root = state.results_root.value
    refresh, set_refresh = solara.use_state(0)
    names = solara.use_memo(lambda: explorer.list_datasets(root), [str(root), refresh])
    solara.Text(f"Results folder: {root}", style={"color": "#555", "font-size": "12px"})
    with solara.Row(style={"align-items": "center"}):
        solara.Select(
            label="Dataset",
            value=state.dataset.value,
            values=names,
            on_value=state.open_dataset,
            style={"min-width": "320px"},
        )
        solara.Button("Refresh", outlined=True, on_click=lambda: set_refresh(refresh + 1))
    if not names:
        solara.Warning(f"No datasets under {root}. Run `warsim batch ... --out {root}/NAME` first.")
        return
    if state.dataset.value is None:
        solara.Info("Pick a dataset.")
        return
    DatasetView(str(root), state.dataset.value, refresh)


@solara.component
def DatasetView(root: str, name: str, refresh: int):
    def load():
        try:
            return explorer.load_dataset(root, name)
        except explorer.DatasetError as exc:
            return str(exc)

    ds = solara.use_memo(load, [root, name, refresh])
    if isinstance(ds, str):
        solara.Error(f"Cannot open this dataset: {ds}")
        return
    for w in ds.warnings:
        solara.Warning(w, dense=True)
    params = ds.parameters
    solara.Text(
        f"{ds.runs.height} runs, {ds.runs['point_id'].n_unique()} design points; scenario "
        f"{ds.scenario or '?'}; varied: {', '.join(params) or 'nothing'}",
        classes=["dataset-summary"],
    )
    horizon = ds.horizon
    with solara.ColumnsResponsive(default=12, large=6):
        VegaChart(
            charts.band_chart(
                explorer.survival_curve(ds.runs, horizon),
                "day",
                "survival",
                "lo",
                "hi",
                title="P(no ceasefire yet), 95% band",
                x_title="day",
                y_title="share of runs",
            )
        )
        VegaChart(
            charts.bar_chart(
                explorer.outcome_shares(ds.runs),
                "outcome",
                "share",
                lo="lo",
                hi="hi",
                title="Outcome shares, 95% intervals",
            )
        )
    Heatmap(ds, horizon)
    with solara.ColumnsResponsive(default=12, large=6):
        terms = explorer.term_records(ds.runs)
        if terms:
            VegaChart(charts.histogram(terms, "value", facet="term", title="Signed terms (runs with a deal)"))
        else:
            Placeholder("Signed terms", "No run in this batch signed a deal (no term_* values).")
        cols = explorer.fan_columns(ds.series)
        if cols:
            VegaChart(
                charts.fan_chart(
                    explorer.fan_records(ds.series, cols[0]),
                    "day",
                    title=f"{cols[0]} over time: median, 50% and 90% of runs",
                )
            )
        else:
            Placeholder("Territory over time", "No series in this dataset (batch run with --series none).")
    Replay(ds)


@solara.component
def Heatmap(ds: explorer.Dataset, horizon: int):
    params = ds.parameters
    if len(params) < 2:
        Placeholder("P(ceasefire by day X)", "Needs a batch that varies two parameters.")
        return
    x = state.heat_x.value if state.heat_x.value in params else params[0]
    y = state.heat_y.value if state.heat_y.value in params else params[1]
    day = min(state.heat_day.value, horizon)
    with solara.Row(style={"align-items": "center"}):
        solara.Select(label="x", value=x, values=params, on_value=state.heat_x.set)
        solara.Select(label="y", value=y, values=[p for p in params if p != x], on_value=state.heat_y.set)
        solara.SliderInt(
            label=f"by day {day}", value=day, min=1, max=max(horizon, 1), on_value=state.heat_day.set
        )
    if x == y:
        solara.Warning("Pick two different parameters.")
        return
    VegaChart(
        charts.heatmap(
            explorer.ceasefire_heatmap(ds.runs, x, y, day),
            x,
            y,
            "p",
            title=f"P(ceasefire by day {day})",
            value_title="P",
        )
    )


@solara.component
def Replay(ds: explorer.Dataset):
    points = explorer.point_labels(ds)
    pid = state.point.value if state.point.value in points else next(iter(points))
    runs = explorer.run_labels(ds, pid)
    rid = state.run.value if state.run.value in runs else next(iter(runs))
    solara.Text("Replay a run in the live page", style={"font-weight": "bold"})
    with solara.Row(style={"align-items": "center"}):
        solara.Select(
            label="Design point",
            value=points[pid],
            values=list(points.values()),
            on_value=lambda v: state.point.set(_key(points, v)),
            style={"min-width": "280px"},
        )
        solara.Select(
            label="Run",
            value=runs[rid],
            values=list(runs.values()),
            on_value=lambda v: state.run.set(_key(runs, v)),
            style={"min-width": "280px"},
        )
        solara.Button("Replay", color="primary", on_click=lambda: state.replay(explorer.replay_spec(ds, rid)))
    solara.Div(style={"height": "48px"})  # room for solara's corner badge below the last controls


def _key(labels: dict[int, str], label: str) -> int:
    return next(k for k, v in labels.items() if v == label)
