"""The batch explorer page: open a dataset, compare its design points, discover, replay a run."""

from __future__ import annotations

import solara

from viz import charts, explorer, state
from viz.components.chart import Placeholder, VegaChart

MAX_BANDS = 4  # more groups than this: lines only (overlapping bands are unreadable)


@solara.component
def ExplorerPage():
    root = state.results_root.value
    refresh, set_refresh = solara.use_state(0)
    names = solara.use_memo(lambda: explorer.list_datasets(root), [str(root), refresh])
    shown = {explorer.display_name(root, n): n for n in names}  # "." shows as the folder's name
    solara.Text(f"Results folder: {root}", style={"color": "#555", "font-size": "12px"})
    current = next((k for k, v in shown.items() if v == state.dataset.value), None)
    with solara.Row(style={"align-items": "center"}):
        solara.Select(
            label="Dataset",
            value=current,
            values=list(shown),
            on_value=lambda label: state.open_dataset(shown.get(label)),
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
    outcomes = sorted(str(o) for o in ds.runs["outcome"].unique().to_list())
    chosen = [o for o in state.outcomes_shown.value if o in outcomes]
    runs = explorer.filter_outcomes(ds.runs, chosen)
    group_options = ["design point", *params, "all runs"]
    by = state.group_by.value if state.group_by.value in group_options else "design point"
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.SelectMultiple(
            label="Runs with outcome (none picked: all)",
            values=chosen,
            all_values=outcomes,
            on_value=state.outcomes_shown.set,
            style={"min-width": "300px"},
        )
        solara.Select(label="Compare by", value=by, values=group_options, on_value=state.group_by.set)
        solara.FileDownload(
            lambda: explorer.runs_csv(runs),
            filename=f"{ds.name.replace('/', '_')}-runs.csv",
            label=f"Runs as CSV ({runs.height})",
        )
    if runs.height == 0:
        solara.Warning("No run has the chosen outcome(s).")
        return
    horizon = ds.horizon
    groups = explorer.group_labels(ds, by, runs)
    n_groups = groups.n_unique()
    with solara.ColumnsResponsive(default=12, large=6):
        VegaChart(
            charts.survival_chart(
                explorer.survival_curves(runs, groups, horizon),
                title=f"P(no ceasefire yet) per {by}" + (", 95% bands" if n_groups <= MAX_BANDS else ""),
                bands=n_groups <= MAX_BANDS,
            )
        )
        VegaChart(
            charts.shares_chart(
                explorer.outcome_shares_by(runs, groups), title=f"Outcome shares per {by} (95% CI in tooltip)"
            )
        )
    Heatmap(runs, params, horizon)
    with solara.ColumnsResponsive(default=12, large=6):
        terms = explorer.term_records(runs)
        if terms:
            VegaChart(
                charts.small_multiples(
                    terms,
                    "value",
                    "term",
                    title="Signed terms, one panel per issue (runs with a deal, collapsed ones too)",
                    x_title="term (issue scale, 0-1)",
                )
            )
        else:
            Placeholder("Signed terms", "No run shown signed a deal (no term_* values).")
        Fan(ds, runs)
    Discovery(ds)
    Replay(ds)


@solara.component
def Fan(ds: explorer.Dataset, runs):
    cols = explorer.fan_columns(ds)
    if not cols:
        Placeholder("Series over time", "No series in this dataset (batch run with --series none).")
        return
    col = state.fan_column.value if state.fan_column.value in cols else next(iter(cols))
    labels = {v: k for k, v in cols.items()}
    with solara.Column():
        solara.Select(
            label="Series",
            value=cols[col],
            values=list(labels),
            on_value=lambda v: state.fan_column.set(labels[v]),
        )
        VegaChart(
            charts.fan_chart(
                explorer.fan_records(ds.series, col, runs["run_id"]),
                "day",
                title=f"{cols[col]}: median, 50% and 90% of runs",
                y_title=cols[col],
                x_title="day (since the start)",
            )
        )


@solara.component
def Heatmap(runs, params: list[str], horizon: int):
    two = len(params) >= 2
    x = state.heat_x.value if state.heat_x.value in params else (params[0] if two else None)
    y = state.heat_y.value if state.heat_y.value in params and state.heat_y.value != x else None
    y = y or next((p for p in params if p != x), None)
    best = solara.use_memo(
        lambda: explorer.default_heat_day(runs, x, y, horizon) if two else horizon, [id(runs), x, y, horizon]
    )
    if not two:
        Placeholder("P(ceasefire by day X)", "Needs a batch that varies two parameters.")
        return
    day = min(state.heat_day.value if state.heat_day.value is not None else best, horizon)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select(label="x", value=x, values=params, on_value=state.heat_x.set)
        solara.Select(label="y", value=y, values=[p for p in params if p != x], on_value=state.heat_y.set)
        solara.SliderInt(
            label=f"by day {day} of {horizon}" + (" (where the cells differ most)" if day == best else ""),
            value=day,
            min=1,
            max=max(horizon, 1),
            on_value=state.heat_day.set,
            thumb_label="always",
        )
    VegaChart(
        charts.heatmap(
            explorer.ceasefire_heatmap(runs, x, y, day),
            x,
            y,
            "p",
            title=f"P(ceasefire by day {day})",
            value_title="P(ceasefire) (0-1)",
            x_title=f"{explorer.lever_label(x)} (lever setting)",
            y_title=f"{explorer.lever_label(y)} (lever setting)",
        )
    )


@solara.component
def Discovery(ds: explorer.Dataset):
    from viz.components.discovery import DiscoveryPanel

    DiscoveryPanel(ds)


@solara.component
def Replay(ds: explorer.Dataset):
    points = explorer.point_labels(ds)
    pid = state.point.value if state.point.value in points else next(iter(points))
    runs = explorer.run_labels(ds, pid)
    rid = state.run.value if state.run.value in runs else next(iter(runs))
    solara.Text("Replay a run in the live page", style={"font-weight": "bold"})
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
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
