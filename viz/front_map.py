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
        start), ``bearing_deg`` (the attacker's), ``frozen``, ``attacker_troops``,
        ``defender_troops``, ``settlements``.
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
                "bearing_deg": f.bearing_deg,
                "frozen": f.frozen,
                "attacker_troops": f.attacker_troops,
                "defender_troops": f.defender_troops,
                "settlements": [dict(s, start_depth=start_depth) for s in f.settlements],
            }
        )
    return out


def _polygon(start, current) -> list[list[float]]:
    """The strip between two lines as a closed ring, wound clockwise.

    d3-geo (which draws Vega's geoshapes) reads rings on the sphere: a ring wound
    anticlockwise encloses the rest of the globe, not the strip.
    """
    ring = [list(p) for p in start] + [list(p) for p in reversed(current)]
    ring.append(ring[0])
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
    return ring[::-1] if area2 > 0 else ring  # shoelace > 0: anticlockwise with north up


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


def has_geography(sectors: list[dict[str, Any]]) -> bool:
    """Whether any sector has a contact line (two points or more) or a town with coordinates."""
    return any(len(s["start"]) >= 2 or any(t["lon"] or t["lat"] for t in s["settlements"]) for s in sectors)


def active_sectors(sectors: list[dict[str, Any]], min_km: float = 1.0) -> list[dict[str, Any]]:
    """Sectors where the line has moved more than ``min_km`` (a kilometre: a few pixels on the
    whole front, many once zoomed), else the ones still fighting, else all."""
    moved = [s for s in sectors if abs(s["advance_km"]) > min_km and len(s["start"]) >= 2]
    if moved:
        return moved
    fighting = [s for s in sectors if not s.get("frozen") and len(s["start"]) >= 2]
    return fighting or sectors


def lines_on_day(model, day: int) -> dict[str, float]:
    """Each sector's depth beyond the start line on ``day`` (km), from the DataCollector's
    per-sector records (one per step from day 0; step k is day k)."""
    from engine.model import FrontAgent

    df = model.datacollector.get_agenttype_vars_dataframe(FrontAgent)
    if df is None or len(df) == 0:
        return {}
    day = max(0, min(int(day), int(df.index.get_level_values("Step").max())))
    rows = df.xs(day, level="Step")
    by_id = {a.unique_id: a.fid for a in model.front_agents}
    start = {f: float(model.scenario.fronts[f].depth_km) for f in by_id.values()}
    return {by_id[aid]: float(v) - start[by_id[aid]] for aid, v in rows["depth_km"].items() if aid in by_id}


def place_labels(
    points: list[dict[str, Any]], box: tuple, width: float = 600, height: float = 360, font_px: float = 9
) -> list[dict[str, Any]]:
    """Labels that do not overlap: each point tries right, left, above, below; the rest go unlabelled.

    Positions are estimated in screen pixels with the map's Mercator projection
    fitted to ``box``; each label is a box of ``0.6 * font_px`` per character by
    ``font_px + 2`` high. Returns the points that got a label, each with ``dx``,
    ``dy`` (pixels) and ``align`` for a Vega-Lite text mark.
    """

    def merc(lon, lat):
        return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    x0, y0 = merc(box[0], box[1])
    x1, y1 = merc(box[2], box[3])
    k = min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9))
    taken: list[tuple[float, float, float, float]] = []
    for p in points:  # the marks themselves are obstacles too
        px, py = merc(p["lon"], p["lat"])
        sx, sy = (px - x0) * k, (y1 - py) * k
        taken.append((sx - 3, sy - 3, sx + 3, sy + 3))
    out = []
    for p in sorted(points, key=lambda q: (-q["lat"], q["lon"])):
        px, py = merc(p["lon"], p["lat"])
        sx, sy = (px - x0) * k, (y1 - py) * k
        w, h = 0.6 * font_px * len(p["town"]), font_px + 2
        for dx, dy, align, rect in (
            (6, 0, "left", (sx + 5, sy - h / 2, sx + 5 + w, sy + h / 2)),
            (-6, 0, "right", (sx - 5 - w, sy - h / 2, sx - 5, sy + h / 2)),
            (0, -h, "center", (sx - w / 2, sy - 4 - h, sx + w / 2, sy - 4)),
            (0, h, "center", (sx - w / 2, sy + 4, sx + w / 2, sy + 4 + h)),
        ):
            if not any(
                rect[0] < t[2] and t[0] < rect[2] and rect[1] < t[3] and t[1] < rect[3] for t in taken
            ):
                taken.append(rect)
                # the anchor moved by (dx, dy) pixels, back in degrees (inverse Mercator)
                lx, ly = (sx + dx) / k + x0, y1 - (sy + dy) / k
                label = {
                    "label_lon": math.degrees(lx),
                    "label_lat": math.degrees(2 * math.atan(math.exp(ly)) - math.pi / 2),
                }
                out.append({**p, **label, "align": align})
                break
    return out


def bounding_box(sectors: list[dict[str, Any]], pad_deg: float = 0.3, snap: float = 1.0) -> tuple | None:
    """(lon_min, lat_min, lon_max, lat_max) of all lines and towns, padded and snapped outwards
    to multiples of ``snap`` degrees (few distinct windows: the clipped base map is cached per window)."""
    pts = [p for s in sectors for p in (*s["start"], *s["current"])]
    pts += [(t["lon"], t["lat"]) for s in sectors for t in s["settlements"] if t["lon"] or t["lat"]]
    if not pts:
        return None
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    return (
        math.floor((min(lons) - pad_deg) / snap) * snap,
        math.floor((min(lats) - pad_deg) / snap) * snap,
        math.ceil((max(lons) + pad_deg) / snap) * snap,
        math.ceil((max(lats) + pad_deg) / snap) * snap,
    )


def map_spec(
    sectors: list[dict[str, Any]],
    title: str = "Front",
    height: int = 420,
    compare: dict[str, float] | None = None,
    zoom: str = "all sectors",
) -> dict[str, Any]:
    """Vega-Lite spec of the front over Natural Earth borders and rivers.

    Parameters
    ----------
    sectors : list of dict
        :func:`sector_view` records.
    compare : dict, optional
        Sector id -> advance (km since the start) on a chosen day: drawn as a third line.
    zoom : {"all sectors", "active sectors"}
        Window: every sector, or only those where the line moved (:func:`active_sectors`).
    """
    from viz import basemap

    data = map_layers(sectors)
    shown = active_sectors(sectors) if zoom == "active sectors" else sectors
    zoomed = zoom == "active sectors" and len(shown) < len(sectors)
    box = bounding_box(shown, pad_deg=0.15, snap=0.25 if zoomed else 1.0) or (22.0, 44.0, 41.0, 53.0)
    window = {  # corners as points: a polygon would depend on its winding (see _polygon)
        "type": "Feature",
        "geometry": {
            "type": "MultiPoint",
            "coordinates": [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]],
        },
    }
    projection = {"type": "mercator", "fit": window}
    layers: list[dict[str, Any]] = []
    try:
        base_layers = basemap.layers(box)
        note = None
    except basemap.MapDataMissing as exc:
        base_layers, note = {"countries": [], "rivers": [], "labels": []}, str(exc)
    if base_layers["countries"]:
        layers.append(
            {
                "data": {"values": base_layers["countries"]},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": "#8c8c8c",
                    "strokeWidth": 1,
                    "clip": True,
                },
            }
        )
    if base_layers["rivers"]:
        layers.append(
            {
                "data": {"values": base_layers["rivers"]},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": "#6baed6",
                    "strokeWidth": 1.2,
                    "clip": True,
                },
            }
        )
    step = 1.0 if box[2] - box[0] > 3 else (0.5 if box[2] - box[0] > 1.5 else 0.25)
    layers.append(
        {
            "data": {"graticule": {"extent": [[box[0], box[1]], [box[2], box[3]]], "step": [step, step]}},
            "mark": {
                "type": "geoshape",
                "filled": False,
                "stroke": "#e3e3e3",
                "strokeWidth": 0.5,
                "clip": True,
            },
        }
    )
    ticks = _graticule_labels(box, step)
    layers.append(
        {
            "data": {"values": ticks},
            "mark": {
                "type": "text",
                "fontSize": 9,
                "color": "#999",
                "baseline": "bottom",
                "align": "left",
                "dx": 2,
                "dy": -2,
            },
            "encoding": {
                "longitude": {"field": "lon", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "text": {"field": "text"},
            },
        }
    )
    if base_layers["labels"]:
        layers.append(
            {
                "data": {"values": base_layers["labels"]},
                "mark": {"type": "text", "fontSize": 11, "color": "#aaa", "fontWeight": "bold"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "text": {"field": "id"},
                },
            }
        )
    if data["gained"]:
        layers.append(
            {
                "data": {"values": data["gained"]},
                "mark": {
                    "type": "geoshape",
                    "fill": "#d62728",
                    "fillOpacity": 0.35,
                    "stroke": None,
                    "clip": True,
                },
                "encoding": {"tooltip": [{"field": "properties.strength", "title": "sector"}]},
            }
        )
    lines = list(data["lines"])
    kinds, colours, dashes = ["start", "now"], ["#666666", "#b2182b"], [[4, 3], [1, 0]]
    if compare:
        for s in sectors:
            if s["fid"] in compare and len(s["start"]) >= 2:
                then = shift_line(s["start"], compare[s["fid"]], s.get("bearing_deg", 0.0))
                lines.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "sector": s["name"],
                            "line": "chosen day",
                            "strength": f"{s['name']}: {compare[s['fid']]:.1f} km on the chosen day",
                        },
                        "geometry": {"type": "LineString", "coordinates": [list(p) for p in then]},
                    }
                )
        kinds, colours, dashes = kinds + ["chosen day"], colours + ["#ff7f0e"], dashes + [[2, 2]]
    if lines:
        layers.append(
            {
                "data": {"values": lines},
                "mark": {"type": "geoshape", "filled": False, "strokeWidth": 2.5, "clip": True},
                "encoding": {
                    "stroke": {
                        "field": "properties.line",
                        "type": "nominal",
                        "title": "contact line",
                        "scale": {"domain": kinds, "range": colours},
                        "legend": {"orient": "bottom-left"},
                    },
                    "strokeDash": {
                        "field": "properties.line",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": kinds, "range": dashes},
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
                "mark": {"type": "point", "filled": True, "size": 40, "clip": True},
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
        captured = [
            t
            for t in data["towns"]
            if t["status"] == "captured" and box[0] <= t["lon"] <= box[2] and box[1] <= t["lat"] <= box[3]
        ]
        labelled = place_labels(captured, box, height=height)
        for align in ("left", "right", "center"):
            recs = [t for t in labelled if t["align"] == align]
            if recs:
                layers.append(
                    {
                        "data": {"values": recs},
                        "mark": {
                            "type": "text",
                            "align": align,
                            "baseline": "middle",
                            "fontSize": 9,
                            "color": "#333",
                        },
                        "encoding": {
                            "longitude": {"field": "label_lon", "type": "quantitative"},
                            "latitude": {"field": "label_lat", "type": "quantitative"},
                            "text": {"field": "town"},
                        },
                    }
                )
    spec = base(title + (f" ({note})" if note else ""), height)
    spec.pop("autosize")
    return {**spec, "$schema": SCHEMA, "projection": projection, "layer": layers}


def _graticule_labels(box: tuple, step: float) -> list[dict[str, Any]]:
    """``37°E`` along the bottom edge and ``48°N`` along the left edge, every ``step`` degrees."""
    out = []
    lon = math.ceil(box[0] / step) * step
    while lon < box[2]:
        out.append({"lon": lon, "lat": box[1], "text": f"{lon:g}°E"})
        lon += step
    lat = math.ceil(box[1] / step) * step
    while lat < box[3]:
        out.append({"lon": box[0], "lat": lat, "text": f"{lat:g}°N"})
        lat += step
    return out
