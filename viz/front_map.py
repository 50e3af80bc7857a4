"""The front map: contact lines in real coordinates, as plain data and a Vega-Lite spec.

Each sector's start line is the scenario's ``line`` (longitude, latitude of the
contact line through the sector's main towns, from public maps). The current
line is the start line moved by the depth gained since the start along the
attacker's bearing; the strip between the two is the ground changed hands.
Distances use a local equirectangular approximation (exact enough for tens of
km at Ukraine's latitudes: error well under 1%).
"""

from __future__ import annotations

import math
from typing import Any

from viz.charts import SCHEMA, base

KM_PER_DEG_LAT = 111.32  # km per degree of latitude (mean)


def shift_point(lon: float, lat: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """Move a point ``km`` kilometres along a compass bearing (0 north, 90 east).

    Returns
    -------
    (lon, lat) : tuple of float, degrees
    """
    b = math.radians(bearing_deg)
    dlat = km * math.cos(b) / KM_PER_DEG_LAT
    dlon = km * math.sin(b) / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lon + dlon, lat + dlat


def shift_line(line: list[tuple[float, float]], km: float, bearing_deg: float) -> list[tuple[float, float]]:
    """Every point of ``line`` moved ``km`` along ``bearing_deg``."""
    return [shift_point(lon, lat, km, bearing_deg) for lon, lat in line]


def sector_view(model) -> list[dict[str, Any]]:
    """Plain records of each sector's geometry and strength from a WarModel.

    Returns
    -------
    list of dict
        Per sector: ``fid``, ``name``, ``attacker``, ``defender``, ``start`` and
        ``current`` lines ([(lon, lat), ...]), ``advance_km`` (signed, since the
        start), ``attacker_troops``, ``defender_troops``, ``settlements``.
    """
    out = []
    for f in model.front_agents:
        start_depth = float(model.scenario.fronts[f.fid].depth_km)
        advance = f.depth_km - start_depth
        out.append(
            {
                "fid": f.fid,
                "name": f.name,
                "attacker": f.attacker,
                "defender": f.defender,
                "start": list(f.line),
                "current": shift_line(f.line, advance, f.bearing_deg),
                "advance_km": advance,
                "attacker_troops": f.attacker_troops,
                "defender_troops": f.defender_troops,
                "settlements": [dict(s, start_depth=start_depth) for s in f.settlements],
            }
        )
    return out


def _polygon(start, current) -> list[list[float]]:
    ring = [list(p) for p in start] + [list(p) for p in reversed(current)]
    ring.append(ring[0])
    return ring


def map_layers(sectors: list[dict[str, Any]]) -> dict[str, Any]:
    """The map's data: GeoJSON features for changed ground and lines, point records for towns."""
    gained, lines, towns = [], [], []
    for s in sectors:
        tip = (
            f"{s['name']}: {s['attacker']} {s['attacker_troops']:,.0f} vs "
            f"{s['defender']} {s['defender_troops']:,.0f} troops; advance {s['advance_km']:.1f} km"
        )
        props = {"sector": s["name"], "strength": tip}
        if len(s["start"]) >= 2 and abs(s["advance_km"]) > 1e-6:
            gained.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "Polygon", "coordinates": [_polygon(s["start"], s["current"])]},
                }
            )
        if len(s["start"]) >= 2:
            lines.append(
                {
                    "type": "Feature",
                    "properties": {**props, "line": "start"},
                    "geometry": {"type": "LineString", "coordinates": [list(p) for p in s["start"]]},
                }
            )
            lines.append(
                {
                    "type": "Feature",
                    "properties": {**props, "line": "now"},
                    "geometry": {"type": "LineString", "coordinates": [list(p) for p in s["current"]]},
                }
            )
        for t in s["settlements"]:
            if t["lon"] == 0.0 and t["lat"] == 0.0:
                continue  # no coordinates given
            if not t["taken"]:
                status = "held"
            elif t["depth_km"] <= t["start_depth"]:
                status = "taken before the start"
            else:
                status = "captured"
            towns.append(
                {"town": t["name"], "lon": t["lon"], "lat": t["lat"], "status": status, "sector": s["name"]}
            )
    return {"gained": gained, "lines": lines, "towns": towns}


def bounding_box(sectors: list[dict[str, Any]], pad_deg: float = 0.3) -> tuple | None:
    """(lon_min, lat_min, lon_max, lat_max) of all lines, padded and snapped to whole degrees."""
    pts = [p for s in sectors for p in (*s["start"], *s["current"])]
    pts += [(t["lon"], t["lat"]) for s in sectors for t in s["settlements"] if t["lon"] or t["lat"]]
    if not pts:
        return None
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return (
        math.floor(min(lons) - pad_deg),
        math.floor(min(lats) - pad_deg),
        math.ceil(max(lons) + pad_deg),
        math.ceil(max(lats) + pad_deg),
    )


def map_spec(sectors: list[dict[str, Any]], title: str = "Front", height: int = 360) -> dict[str, Any]:
    """Vega-Lite spec of the front: graticule, changed ground, start and current lines, towns."""
    data = map_layers(sectors)
    projection = {"type": "mercator"}
    layers: list[dict[str, Any]] = []
    box = bounding_box(sectors)
    if box:
        grid = {"extent": [[box[0], box[1]], [box[2], box[3]]], "step": [1, 1]}
        layers.append(
            {
                "data": {"graticule": grid},
                "mark": {"type": "geoshape", "filled": False, "stroke": "#ddd", "strokeWidth": 0.5},
            }
        )
    if data["gained"]:
        layers.append(
            {
                "data": {"values": data["gained"]},
                "mark": {"type": "geoshape", "fill": "#d62728", "fillOpacity": 0.35, "stroke": None},
                "encoding": {"tooltip": [{"field": "properties.strength", "title": "sector"}]},
            }
        )
    if data["lines"]:
        layers.append(
            {
                "data": {"values": data["lines"]},
                "mark": {"type": "geoshape", "filled": False, "strokeWidth": 2.5},
                "encoding": {
                    "stroke": {
                        "field": "properties.line",
                        "type": "nominal",
                        "title": "contact line",
                        "scale": {"domain": ["start", "now"], "range": ["#999999", "#b2182b"]},
                        "legend": {"orient": "bottom-left"},
                    },
                    "strokeDash": {
                        "field": "properties.line",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": ["start", "now"], "range": [[4, 3], [1, 0]]},
                    },
                    "tooltip": [{"field": "properties.strength", "title": "sector"}],
                },
            }
        )
    if data["towns"]:
        status_scale = {
            "domain": ["held", "captured", "taken before the start"],
            "range": ["#2166ac", "#d62728", "#888888"],
        }
        layers.append(
            {
                "data": {"values": data["towns"]},
                "mark": {"type": "point", "filled": True, "size": 40},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": "towns",
                        "scale": status_scale,
                        "legend": {"orient": "bottom-right"},
                    },
                    "shape": {
                        "field": "status",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": status_scale["domain"], "range": ["circle", "cross", "circle"]},
                    },
                    "tooltip": [{"field": "town"}, {"field": "status"}, {"field": "sector"}],
                },
            }
        )
        layers.append(
            {  # names of captured towns only: all names would overlap at this scale
                "data": {"values": [t for t in data["towns"] if t["status"] == "captured"]},
                "mark": {"type": "text", "dx": 5, "align": "left", "fontSize": 9, "color": "#333"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "town"},
                },
            }
        )
    spec = base(title, height)
    spec.pop("autosize")
    return {**spec, "$schema": SCHEMA, "projection": projection, "layer": layers}
