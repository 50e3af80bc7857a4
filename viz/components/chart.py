"""A Vega-Lite chart from a spec dict, and the placeholder shown where data is missing."""

from __future__ import annotations

import re

import solara
import solara.widgets


def slug(title: str) -> str:
    """``P(ceasefire by day 90)`` -> ``p-ceasefire-by-day``: a CSS class naming the chart."""
    return re.sub(r"[^a-z]+", "-", re.sub(r"\d+", "", title.lower())).strip("-")


@solara.component
def VegaChart(spec: dict):
    """Render a Vega-Lite spec (built by viz.charts or viz.front_map), in a div classed by its title."""
    title = spec.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    with solara.Div(classes=["chart", f"chart-{slug(title)}"], style={"width": "100%", "min-width": "260px"}):
        solara.widgets.VegaLite.element(spec=spec)


@solara.component
def Placeholder(title: str, message: str):
    """A titled note for a panel whose mechanism does not provide data yet."""
    with solara.Div(style={"padding": "8px 4px", "min-width": "260px"}):
        solara.Text(title, style={"font-weight": "bold", "font-size": "13px"})
        solara.Text(message, style={"color": "#777", "font-size": "12px", "display": "block"})
