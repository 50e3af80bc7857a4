"""What the live page shows, as plain functions of a WarModel.

Everything here reads the model and returns plain data (records, dicts, chart
specs); the components only lay them out. Talks and economy are read
generically (the DataCollector's model reporters, ``summary()["talks"]``,
``summary()["indicators"]``, envoy attributes), so a mechanism's fields show up
as soon as it writes them; a missing one gives ``None`` and the page shows a
placeholder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viz import charts

# Panels of the war-and-economy view: title -> substrings a reporter name must contain.
WAR_PANELS = {
    "Ground gained since the start (km²)": ("territory",),
    "Casualties (killed and wounded)": ("casualties",),
}
ECONOMY_PANELS = {
    "Oil price": ("oil",),
    "GDP growth": ("gdp",),
    "War support": ("war_support", "support"),
    "Sanctions level": ("sanction",),
    "Market indices": ("index", "market", "stocks", "bond"),
}
# Reporters that are bookkeeping, not something to plot.
SKIP = {"day"}


@dataclass(frozen=True)
class LeverSpec:
    """A slider's range and help text, from the scenario's ``levers`` table."""

    name: str
    label: str
    description: str
    min: float
    max: float
    default: float
    step: float
    active: bool


def list_scenarios(scenario_dir: Path | None = None) -> list[str]:
    """Names of the scenario files (``scenarios/*.toml``), sorted."""
    if scenario_dir is None:
        from engine.scenario import SCENARIO_DIR

        scenario_dir = Path(SCENARIO_DIR)
    return sorted(p.stem for p in Path(scenario_dir).glob("*.toml"))


def lever_specs(scenario) -> list[LeverSpec]:
    """Slider specs for every lever of a (validated) scenario, in file order."""
    out = []
    for name, lv in scenario.levers.items():
        lo, hi = float(lv.min), float(lv.max)
        whole = all(float(v).is_integer() for v in (lv.min, lv.max, lv.default)) and hi - lo >= 10
        step = 1.0 if whole else _nice_step(hi - lo)
        out.append(
            LeverSpec(
                name=name,
                label=name.replace("_", " ").capitalize(),
                description=lv.description,
                min=lo,
                max=hi,
                default=float(lv.current),
                step=step,
                active=bool(lv.active),
            )
        )
    return out


def _nice_step(span: float) -> float:
    """About a hundred steps over the span, rounded to 1, 2 or 5 times a power of ten."""
    if span <= 0:
        return 0.01
    raw = span / 100
    from math import floor, log10

    p = 10 ** floor(log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * p:
            return m * p
    return 10 * p


def day_label(model) -> str:
    """``Day 12 of 365``: days simulated so far."""
    return f"Day {model.day} of {model.days}"


def date_label(model) -> str:
    """Date of the last simulated day (the start date before any step)."""
    d = model.scenario.scenario.start + dt.timedelta(days=max(model.day - 1, 0))
    return d.strftime("%a %d %b %Y")


def reporter_columns(model) -> dict[str, list]:
    """The DataCollector's model reporters as lists (one value per collected step)."""
    return {k: v for k, v in model.datacollector.model_vars.items() if k not in SKIP}


def _days(model, n: int) -> list[int]:
    days = model.datacollector.model_vars.get("day")
    return list(days[-n:]) if days is not None and len(days) >= n else list(range(1, n + 1))


def panel_records(model, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Long records ``{day, series, value}`` for every reporter whose name contains a key."""
    cols = reporter_columns(model)
    names = [c for c in cols if any(k in c.lower() for k in keys)]
    out: list[dict[str, Any]] = []
    for name in names:
        values = cols[name]
        days = _days(model, len(values))
        label = _series_label(name, keys)
        out.extend(
            {"day": d, "series": label, "value": float(v)}
            for d, v in zip(days, values, strict=False)
            if v is not None
        )
    return out


def _series_label(name: str, keys: tuple[str, ...]) -> str:
    """``territory_km2_RUS`` -> ``RUS``; ``oil_price_brent`` -> ``brent``; else the name."""
    last = name.rsplit("_", 1)[-1]
    if last.isupper():
        return last
    for k in keys:
        if k in name.lower():
            rest = name.lower().replace(k, "").strip("_ ")
            return rest or name
    return name


def panel_charts(model, panels: dict[str, tuple[str, ...]]) -> dict[str, dict | None]:
    """Chart spec per panel title, or None where the model has no matching reporter yet."""
    out: dict[str, dict | None] = {}
    for title, keys in panels.items():
        recs = panel_records(model, keys)
        out[title] = (
            charts.line_chart(recs, "day", "value", color="series", title=title, y_title=None, height=150)
            if recs
            else None
        )
    return out


def final_indicators(model) -> dict[str, Any]:
    """``summary()["indicators"]`` (empty until the economy mechanism writes it)."""
    return dict(model.summary().get("indicators") or {})


# ---------------------------------------------------------------- talks
def talks_view(model) -> dict[str, Any]:
    """The talks as plain data; each key is None where the talks mechanism does not provide it.

    Returns
    -------
    dict
        ``issues`` (records ``{issue, who, value}`` of the draft and each party's
        ideal), ``ripeness`` (records ``{day, series, value}`` of draft utility
        and BATNA per belligerent), ``envoys`` (records ``{envoy, at, next}``),
        ``summary`` (the ``talks`` section of the summary).
    """
    talks = dict(model.summary().get("talks") or {})
    return {
        "issues": _issue_records(model, talks),
        "ripeness": _ripeness_records(model),
        "envoys": _envoy_records(model),
        "summary": talks,
    }


def _issue_records(model, talks: dict[str, Any]) -> list[dict[str, Any]] | None:
    draft = talks.get("draft") or getattr(model, "draft", None)
    ideals = talks.get("ideals") or getattr(model, "ideals", None)
    if not draft:
        return None
    names = {k: (v.name or k) for k, v in model.scenario.issues.items()}
    recs = [{"issue": names.get(k, k), "who": "draft", "value": float(v)} for k, v in dict(draft).items()]
    for who, vals in dict(ideals or {}).items():
        recs.extend(
            {"issue": names.get(k, k), "who": f"{who} ideal", "value": float(v)}
            for k, v in dict(vals).items()
        )
    return recs


def _ripeness_records(model) -> list[dict[str, Any]] | None:
    recs = panel_records(model, ("utility", "batna"))
    return recs or None


def _envoy_records(model) -> list[dict[str, Any]] | None:
    out = []
    for e in getattr(model, "envoy_agents", []):
        at = _first_attr(e, ("location", "at", "position", "current"))
        nxt = _first_attr(e, ("destination", "next", "next_stop", "heading_to"))
        if at is None and nxt is None:
            continue
        out.append(
            {
                "envoy": e.name,
                "at": str(at) if at is not None else "?",
                "next": str(nxt) if nxt is not None else "-",
            }
        )
    return out or None


def _first_attr(obj, names):
    for n in names:
        try:
            v = getattr(obj, n)
        except Exception:  # noqa: BLE001 - a half-built mechanism may raise
            continue
        if v is not None and not callable(v):
            return v
    return None


def issues_chart(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Draft (bar tick) and each party's ideal (points) per issue, on [0, 1]."""
    spec = charts.base(
        "Draft against each party's ideal", height=max(80, 28 * len({r["issue"] for r in records}))
    )
    spec.update(
        {
            "data": {"values": records},
            "encoding": {
                "y": {"field": "issue", "type": "nominal", "title": None},
                "x": {"field": "value", "type": "quantitative", "scale": {"domain": [0, 1]}, "title": None},
                "color": {"field": "who", "type": "nominal", "title": None, "legend": {"orient": "top"}},
                "tooltip": [{"field": "issue"}, {"field": "who"}, {"field": "value", "format": ".2f"}],
            },
            "mark": {"type": "point", "filled": True, "size": 90},
        }
    )
    return spec


def event_rows(model, limit: int = 60) -> list[dict[str, Any]]:
    """The event log, newest first, at most ``limit`` records."""
    return list(reversed(model.events()))[:limit]


def run_parameters(model) -> dict[str, Any]:
    """What rebuilds this exact run: scenario name, seed, days and overrides."""
    return {
        "scenario": model.scenario.scenario.name,
        "seed": model.run_seed,
        "days": model.days,
        "overrides": dict(model.overrides),
    }
