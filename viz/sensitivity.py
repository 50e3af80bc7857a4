"""Sensitivity results in the explorer: find, load and chart ``warsim sensitivity --out`` folders.

Pure functions over Polars frames; the component is viz/components/sensitivity.py.
Only folders inside the results root are opened.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl


def list_analyses(root: Path | str) -> list[str]:
    """Names (relative to ``root``) of folders holding ``indices.parquet``."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = [p.parent for p in root.rglob("indices.parquet")]
    return sorted(str(p.relative_to(root)) for p in found if _inside(root, p))


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def load_analysis(root: Path | str, name: str) -> tuple[pl.DataFrame, dict]:
    """The indices frame and the run description; ValueError with a message if unusable."""
    root = Path(root)
    folder = root / name
    if not _inside(root, folder):
        raise ValueError(f"{name}: outside the results folder")
    try:
        indices = pl.read_parquet(folder / "indices.parquet")
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a message, not a crash
        raise ValueError(f"{name}: cannot read indices.parquet ({type(exc).__name__})") from None
    meta: dict = {}
    try:
        meta = json.loads((folder / "sensitivity.json").read_text())
    except (OSError, ValueError):
        meta = {}
    if not {"outcome", "parameter"} <= set(indices.columns):
        raise ValueError(f"{name}: indices.parquet lacks outcome/parameter columns")
    return indices, meta


def index_columns(indices: pl.DataFrame) -> tuple[str, str, str | None]:
    """(main index, its interval, first-order index or None) for Sobol or Morris."""
    if "ST" in indices.columns:
        return "ST", "ST_conf", "S1"
    return "mu_star", "mu_star_conf", None


def indices_markdown(indices: pl.DataFrame) -> str:
    """The indices as a Markdown table (value ± 95% half-width)."""
    key, conf, first = index_columns(indices)
    cols = ([first] if first else []) + [key]
    head = "| outcome | parameter | " + " | ".join(cols) + " |"
    lines = [head, "|---|---|" + "---|" * len(cols)]
    for r in indices.iter_rows(named=True):
        confs = [f"{first}_conf"] if first else []
        cells = [f"{r[c]:.3f} ± {r[cc]:.3f}" for c, cc in zip(cols, confs + [conf], strict=True)]
        lines.append(f"| {r['outcome']} | {r['parameter']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _index_title(key: str) -> str:
    """Axis title with the index's unit: Sobol indices are shares of the output variance,
    Morris mu* is in the outcome's own unit."""
    if key.upper().startswith("S"):
        return "Sobol index (share of output variance, 0-1)"
    return f"Morris {key} (outcome's unit)"


def indices_spec(indices: pl.DataFrame, outcome: str) -> dict:
    """Bar chart of the indices for one outcome, with 95% intervals."""
    key, conf, first = index_columns(indices)
    rows = indices.filter(pl.col("outcome") == outcome).sort(key, descending=True)
    data = [
        {"parameter": r["parameter"], "index": key, "value": r[key],
         "low": r[key] - r[conf], "high": r[key] + r[conf]}
        for r in rows.iter_rows(named=True)
    ]
    if first:
        data += [{"parameter": r["parameter"], "index": first, "value": r[first],
                  "low": r[first] - r[f"{first}_conf"], "high": r[first] + r[f"{first}_conf"]}
                 for r in rows.iter_rows(named=True)]
    y = {"field": "parameter", "type": "nominal", "sort": None, "title": None}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": f"Sensitivity of {outcome}"},
        "data": {"values": data},
        "width": "container",
        "layer": [
            {"mark": "bar", "encoding": {
                "y": y, "yOffset": {"field": "index"},
                "x": {"field": "value", "type": "quantitative", "title": _index_title(key)},
                "color": {"field": "index", "type": "nominal"},
                "tooltip": [{"field": "parameter"}, {"field": "index"},
                            {"field": "value", "format": ".3f"}]}},
            {"mark": {"type": "rule", "color": "#333"}, "encoding": {
                "y": y, "yOffset": {"field": "index"},
                "x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}}},
        ],
    }
