"""A Vega-Lite chart from a spec dict, and the placeholder shown where data is missing."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import solara
import solara.widgets


class VegaLite(solara.widgets.VegaLite):
    """Solara's Vega-Lite widget with warsim's template (viz/components/vue/vegalite.vue): safe
    when a chart is removed before it draws, and honours the spec's embed options."""

    template_file = os.path.realpath(os.path.join(os.path.dirname(__file__), "vue", "vegalite.vue"))


def slug(title: str) -> str:
    """``P(ceasefire by day 90)`` -> ``p-ceasefire-by-day``: a CSS class naming the chart."""
    return re.sub(r"[^a-z]+", "-", re.sub(r"\d+", "", title.lower())).strip("-")


def packed(spec: Any) -> Any:
    """The spec with every inline ``data.values`` list replaced by its JSON text.

    Vega-Lite parses a string ``values`` with ``format: {type: json}``. A string
    is one leaf for reacton, which otherwise walks every nested value of a widget's
    properties on each render (thousands of map coordinates and chart points per
    step: most of a frame's time).
    """
    if isinstance(spec, list):
        return [packed(v) for v in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: packed(v) for k, v in spec.items() if k != "data"}
    data = spec.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        out["data"] = {
            **data,
            "values": json.dumps(data["values"], separators=(",", ":")),
            "format": {"type": "json"},
        }
    elif data is not None:
        out["data"] = data
    return out


@solara.component
def VegaChart(spec: dict):
    """Render a Vega-Lite spec (built by viz.charts or viz.front_map), in a div classed by its title."""
    title = spec.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    with solara.Div(classes=["chart", f"chart-{slug(title)}"], style={"width": "100%", "min-width": "260px"}):
        VegaLite.element(spec=packed(spec))


@solara.component
def Placeholder(title: str, message: str):
    """A titled note for a panel whose mechanism does not provide data yet."""
    with solara.Div(style={"padding": "8px 4px", "min-width": "260px"}):
        solara.Text(title, style={"font-weight": "bold", "font-size": "13px"})
        solara.Text(message, style={"color": "#777", "font-size": "12px", "display": "block"})
