"""Sensitivity page of the explorer: indices of a `warsim sensitivity --out` folder."""

from __future__ import annotations

import solara

from viz import sensitivity as logic
from viz import state
from viz.components.chart import VegaChart


@solara.component
def SensitivityPage():
    root = state.results_root.value
    names = solara.use_memo(lambda: logic.list_analyses(root), [str(root)])
    chosen, set_chosen = solara.use_state(names[0] if names else None)
    if not names:
        solara.Info(
            f"No sensitivity analyses under {root}. Run `warsim sensitivity ukraine_2025 "
            f"--params us_pressure,russian_resolve --out {root}/sensitivity` first."
        )
        return
    solara.Select(label="Analysis", value=chosen, values=names, on_value=set_chosen)
    if chosen is None:
        return
    try:
        indices, meta = logic.load_analysis(root, chosen)
    except ValueError as exc:
        solara.Error(str(exc))
        return
    if meta:
        solara.Text(
            f"{meta.get('method', '?')} on {meta.get('scenario', '?')}: {meta.get('points', '?')} "
            f"points x {meta.get('reps', '?')} replicates",
            style={"color": "#555", "font-size": "12px"},
        )
    solara.Markdown(logic.indices_markdown(indices))
    outcomes = indices["outcome"].unique(maintain_order=True).to_list()
    with solara.ColumnsResponsive(6):
        for outcome in outcomes:
            VegaChart(logic.indices_spec(indices, outcome))
