"""Vega-Lite chart specs as plain dicts.

Pure functions: records (lists of dicts) in, a Vega-Lite v5 spec out. Building
the dict directly (rather than through Altair) keeps a live frame cheap (no
schema validation on every step) and lets tests check the spec's data.
Solara's page loads vega-lite 5 (``vega-lite@5`` in its CDN cache), hence the
v5 schema.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
HEIGHT = 180
# vega-embed options: SVG (crisp, and its text is in the page for tests and screen readers) and
# the actions menu with PNG/SVG export only.
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}

Records = list[dict[str, Any]]


def field_ref(name: str) -> str:
    """A column name as a Vega-Lite field: dots (``levers.us_pressure``) escaped, not nested access."""
    return name.replace(".", "\\.")


def base(title: str, height: int = HEIGHT) -> dict[str, Any]:
    """The fields every chart shares: schema, title, full width, no actions menu."""
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 10, "titleFontSize": 11}},
        "usermeta": {"embedOptions": EMBED_OPTIONS},
    }


def line_chart(
    records: Records,
    x: str,
    y: str,
    color: str | None = None,
    title: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = HEIGHT,
    y_format: str | None = None,
) -> dict[str, Any]:
    """Lines of ``y`` over ``x``, one per value of ``color`` (a long-format frame)."""
    enc: dict[str, Any] = {
        "x": {
            "field": x,
            "type": "quantitative",
            "title": x_title or x,
            "axis": {"format": "d", "tickMinStep": 1},
        },
        "y": {"field": y, "type": "quantitative", "title": y_title or y},
    }
    if y_format:
        enc["y"]["axis"] = {"format": y_format}
    tooltip = [{"field": x, "type": "quantitative"}, {"field": y, "type": "quantitative", "format": ",.3~f"}]
    if color:
        enc["color"] = {"field": color, "type": "nominal", "title": None, "legend": {"orient": "top"}}
        tooltip.insert(0, {"field": color, "type": "nominal"})
    enc["tooltip"] = tooltip
    return {
        **base(title, height),
        "data": {"values": records},
        "mark": {"type": "line", "interpolate": "linear"},
        "encoding": enc,
    }


def band_chart(
    records: Records,
    x: str,
    y: str,
    lo: str,
    hi: str,
    title: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = HEIGHT,
) -> dict[str, Any]:
    """A step line of ``y`` with a shaded interval ``[lo, hi]`` (e.g. a survival curve)."""
    x_enc = {"field": x, "type": "quantitative", "title": x_title or x}
    return {
        **base(title, height),
        "data": {"values": records},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.25, "interpolate": "step-after"},
                "encoding": {
                    "x": x_enc,
                    "y": {
                        "field": lo,
                        "type": "quantitative",
                        "title": y_title or y,
                        "scale": {"domain": [0, 1]},
                    },
                    "y2": {"field": hi},
                },
            },
            {
                "mark": {"type": "line", "interpolate": "step-after"},
                "encoding": {
                    "x": x_enc,
                    "y": {"field": y, "type": "quantitative"},
                    "tooltip": [
                        {"field": x, "type": "quantitative"},
                        {"field": y, "type": "quantitative", "format": ".3f"},
                        {"field": lo, "type": "quantitative", "format": ".3f"},
                        {"field": hi, "type": "quantitative", "format": ".3f"},
                    ],
                },
            },
        ],
    }


def heatmap(
    records: Records,
    x: str,
    y: str,
    value: str,
    title: str = "",
    value_title: str | None = None,
    height: int = 240,
    x_title: str | None = None,
    y_title: str | None = None,
) -> dict[str, Any]:
    """Cells over two ordinal axes coloured by ``value`` in [0, 1], with the value written in."""
    fx, fy = field_ref(x), field_ref(y)
    enc = {
        "x": {
            "field": fx,
            "type": "ordinal",
            "title": x_title or x,
            "axis": {"format": ".3~g", "labelAngle": 0},
        },
        "y": {
            "field": fy,
            "type": "ordinal",
            "title": y_title or y,
            "sort": "descending",
            "axis": {"format": ".3~g"},
        },
    }
    return {
        **base(title, height),
        "data": {"values": records},
        "encoding": enc,
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": value,
                        "type": "quantitative",
                        "title": value_title or value,
                        "scale": {"domain": [0, 1], "scheme": "blues"},
                    },
                    "tooltip": [
                        {"field": fx, "type": "quantitative", "title": x},
                        {"field": fy, "type": "quantitative", "title": y},
                        {"field": value, "type": "quantitative", "format": ".2f"},
                        {"field": "n", "type": "quantitative"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "text": {"field": value, "type": "quantitative", "format": ".2f"},
                    "color": {
                        "condition": {"test": f"datum['{value}'] > 0.5", "value": "white"},
                        "value": "black",
                    },
                },
            },
        ],
    }


def bar_chart(
    records: Records,
    category: str,
    value: str,
    title: str = "",
    lo: str | None = None,
    hi: str | None = None,
    height: int = 140,
) -> dict[str, Any]:
    """Horizontal bars of ``value`` per ``category``, with optional error bars."""
    y = {"field": category, "type": "nominal", "title": None, "sort": "-x"}
    layers: list[dict[str, Any]] = [
        {
            "mark": "bar",
            "encoding": {
                "y": y,
                "x": {
                    "field": value,
                    "type": "quantitative",
                    "title": value,
                    "scale": {"domain": [0, 1]},
                    "axis": {"format": ".0%", "tickCount": 5},
                },
                "tooltip": [{"field": category}, {"field": value, "format": ".3f"}, {"field": "n"}],
            },
        }
    ]
    if lo and hi:
        layers.append(
            {
                "mark": {"type": "rule", "color": "black"},
                "encoding": {"y": y, "x": {"field": lo, "type": "quantitative"}, "x2": {"field": hi}},
            }
        )
    return {**base(title, height), "data": {"values": records}, "layer": layers}


def histogram(
    records: Records, field: str, facet: str | None = None, title: str = "", height: int = 120
) -> dict[str, Any]:
    """Binned counts of ``field``, one row of panels per value of ``facet``."""
    spec: dict[str, Any] = {
        **base(title, height),
        "data": {"values": records},
        "mark": "bar",
        "encoding": {
            "x": {"field": field, "type": "quantitative", "bin": {"maxbins": 20}, "title": field},
            "y": {"aggregate": "count", "type": "quantitative", "title": "runs"},
        },
    }
    if facet:
        spec["encoding"]["color"] = {
            "field": facet,
            "type": "nominal",
            "title": None,
            "legend": {"orient": "top"},
        }
        spec["encoding"]["xOffset"] = {"field": facet, "type": "nominal"}
    return spec


def fan_chart(
    records: Records,
    x: str,
    title: str = "",
    y_title: str = "",
    height: int = HEIGHT,
    x_title: str | None = None,
) -> dict[str, Any]:
    """Median line with 50% (q25-q75) and 90% (q05-q95) bands over ``x``."""
    x_enc = {"field": x, "type": "quantitative", "title": x_title or x, "scale": {"nice": False}}
    return {
        **base(title, height),
        "data": {"values": records},
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.2},
                "encoding": {
                    "x": x_enc,
                    "y": {"field": "q05", "type": "quantitative", "title": y_title},
                    "y2": {"field": "q95"},
                },
            },
            {
                "mark": {"type": "area", "opacity": 0.35},
                "encoding": {
                    "x": x_enc,
                    "y": {"field": "q25", "type": "quantitative"},
                    "y2": {"field": "q75"},
                },
            },
            {
                "mark": "line",
                "encoding": {
                    "x": x_enc,
                    "y": {"field": "q50", "type": "quantitative"},
                    "tooltip": [
                        {"field": x},
                        {"field": "q05", "format": ",.0f"},
                        {"field": "q50", "format": ",.0f"},
                        {"field": "q95", "format": ",.0f"},
                    ],
                },
            },
        ],
    }


def survival_chart(records: Records, title: str, bands: bool = True, height: int = 220) -> dict[str, Any]:
    """Kaplan-Meier step lines of P(no ceasefire yet), one per ``group``, with 95% bands when few."""
    x = {"field": "day", "type": "quantitative", "title": "day (since the start)", "scale": {"nice": False}}
    y = {
        "field": "survival",
        "type": "quantitative",
        "title": "share of runs without a ceasefire (0-1)",
        "scale": {"domain": [0, 1]},
    }
    colour = {
        "field": "group",
        "type": "nominal",
        "title": None,
        "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
    }
    layers: list[dict[str, Any]] = []
    if bands:
        layers.append(
            {
                "mark": {"type": "area", "opacity": 0.15, "interpolate": "step-after"},
                "encoding": {"x": x, "y": {**y, "field": "lo"}, "y2": {"field": "hi"}, "color": colour},
            }
        )
    layers.append(
        {
            "mark": {"type": "line", "interpolate": "step-after"},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "tooltip": [
                    {"field": "group"},
                    {"field": "day", "type": "quantitative"},
                    {"field": "survival", "type": "quantitative", "format": ".3f"},
                    {"field": "lo", "type": "quantitative", "format": ".3f", "title": "95% low"},
                    {"field": "hi", "type": "quantitative", "format": ".3f", "title": "95% high"},
                ],
            },
        }
    )
    return {**base(title, height), "data": {"values": records}, "layer": layers}


def shares_chart(records: Records, title: str, height: int | None = None) -> dict[str, Any]:
    """Stacked bars of outcome shares, one bar per ``group`` (95% Wilson intervals in the tooltip)."""
    n = len({r["group"] for r in records})
    return {
        **base(title, height or max(90, 24 * n + 40)),
        "data": {"values": records},
        "mark": "bar",
        "encoding": {
            "y": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "share",
                "type": "quantitative",
                "title": "share of runs (0-1)",
                "stack": "zero",
                "scale": {"domain": [0, 1]},
                "axis": {"format": ".0%"},
            },
            "color": {"field": "outcome", "type": "nominal", "title": "outcome", "legend": {"orient": "top"}},
            "tooltip": [
                {"field": "group"},
                {"field": "outcome"},
                {"field": "share", "format": ".3f"},
                {"field": "lo", "format": ".3f", "title": "95% low"},
                {"field": "hi", "format": ".3f", "title": "95% high"},
                {"field": "n", "title": "runs"},
            ],
        },
    }


def small_multiples(
    records: Records, field: str, facet: str, title: str, x_title: str, columns: int = 3
) -> dict[str, Any]:
    """One histogram of ``field`` per value of ``facet`` (each its own panel and y scale)."""
    spec = base(title, 90)
    spec.pop("autosize")
    spec.pop("width")
    spec.pop("height")
    return {
        **spec,
        "data": {"values": records},
        "facet": {"field": facet, "type": "nominal", "title": None},
        "columns": columns,
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 150,
            "height": 80,
            "mark": "bar",
            "encoding": {
                "x": {
                    "field": field,
                    "type": "quantitative",
                    "bin": {"maxbins": 20, "extent": [0, 1]},
                    "title": x_title,
                    "scale": {"domain": [0, 1]},
                },
                "y": {"aggregate": "count", "type": "quantitative", "title": "runs (count)"},
            },
        },
    }
