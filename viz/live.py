"""What the live page shows, as plain functions of a WarModel.

Everything here reads the model and returns plain data (records, dicts, chart
specs); the components only lay them out. Names, labels, units and owners are
the engine's declarations (docs/columns.md); which declared series goes on which
panel is :data:`viz.series.PANELS` (exact names, no matching on fragments of names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viz import charts, series

# Panel titles in page order; what each draws is viz.series.PANELS.
WAR_PANELS = series.WAR_PANELS
ECONOMY_PANELS = series.ECONOMY_PANELS


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
    return dict(model.datacollector.model_vars.items())


def _days(model, n: int) -> list[int]:
    days = model.datacollector.model_vars.get("day")
    return list(days[-n:]) if days is not None and len(days) >= n else list(range(n))


def panel_records(model, panel: str) -> tuple[list[dict[str, Any]], str | None]:
    """Long records ``{day, series, value}`` of every reporter declared for ``panel``.

    Returns
    -------
    records : list of dict
        ``series`` is the belligerent's code for per-state reporters, else the
        series' label.
    axis_title : str or None
        ``"label (unit)"`` shared by the panel's series (None when there are none).
    """
    table = series.for_model(model)
    out: list[dict[str, Any]] = []
    specs: list[series.SeriesSpec] = []
    for name, values in reporter_columns(model).items():
        spec, about = table.get(name, (None, None))
        if spec is None or spec.panel != panel:
            continue
        legend = about if about is not None else spec.label
        days = _days(model, len(values))
        out.extend(
            {"day": d, "series": legend, "value": float(v)}
            for d, v in zip(days, values, strict=False)
            if v is not None
        )
        specs.append(spec)
    return out, axis_title(panel, specs)


def axis_title(panel: str, specs: list[series.SeriesSpec]) -> str | None:
    """``label (unit)`` when a panel draws one kind of series, else ``panel (unit)``."""
    if not specs:
        return None
    units = sorted({s.unit for s in specs})
    if len(units) != 1:  # viz.series.PANELS puts series of one unit on a panel (tests check)
        raise ValueError(f"panel {panel!r} mixes units {units}")
    if len({s.label for s in specs}) == 1:
        return specs[0].axis_title
    return f"{panel} ({series.unit_text(units[0])})"


def panel_charts(model, panels: tuple[str, ...]) -> dict[str, dict | None]:
    """Chart spec per panel title, or None where the model has no declared reporter for it."""
    out: dict[str, dict | None] = {}
    for title in panels:
        recs, y_title = panel_records(model, title)
        out[title] = (
            charts.line_chart(
                recs,
                "day",
                "value",
                color="series",
                title=title,
                x_title="day (since the start)",
                y_title=y_title,
                height=150,
            )
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
    """The draft, and each bargaining party's ideal and public position, per issue.

    The public position is the counter-demand the party's envoys carry
    (``world.demand``; it starts at the ideal and moves in the talks). Parties are
    the states with a salience on some issue (``world.salience``).
    """
    w = model.world
    draft = talks.get("draft")
    if not draft or not hasattr(w, "ideal"):
        return None
    keys = list(model.scenario.issues)
    names = {k: (v.name or k) for k, v in model.scenario.issues.items()}
    recs = [{"issue": names[k], "party": "draft", "kind": "draft", "value": float(draft[k])} for k in keys]
    for i, code in enumerate(model.structure.states):
        if float(w.salience[0, i].sum()) <= 0.0:
            continue
        for j, k in enumerate(keys):
            for kind, arr in (("ideal", w.ideal), ("public position", w.demand)):
                recs.append({"issue": names[k], "party": code, "kind": kind, "value": float(arr[0, i, j])})
    return recs


def _ripeness_records(model) -> list[dict[str, Any]] | None:
    """``{day, party, measure, value}``: each belligerent's draft utility and BATNA (utility)."""
    table = series.for_model(model)
    out: list[dict[str, Any]] = []
    for name, values in reporter_columns(model).items():
        spec, about = table.get(name, (None, None))
        if spec is None or spec.panel != series.TALKS_PANEL:
            continue
        measure = spec.label  # the declared labels: "Utility of the draft", "BATNA"
        days = _days(model, len(values))
        out.extend(
            {"day": d, "party": about, "measure": measure, "value": float(v)}
            for d, v in zip(days, values, strict=False)
        )
    return out or None


def ripeness_measures() -> tuple[str, ...]:
    """The declared labels of the talks panel's series, solid line first (draft utility, BATNA)."""
    labels = {o.name: o.label for o in series.L.OUTPUTS}
    return tuple(labels[n] for n in series.PANELS[series.TALKS_PANEL])


def ripeness_axis_title() -> str:
    """``Utility of the draft / BATNA (utility)``: the declared labels and their one unit."""
    outs = {o.name: o for o in series.L.OUTPUTS}
    names = series.PANELS[series.TALKS_PANEL]
    units = {outs[n].unit for n in names}
    if len(units) != 1:
        raise ValueError(f"{series.TALKS_PANEL!r} mixes units {sorted(units)}")
    return " / ".join(outs[n].label for n in names) + f" ({series.unit_text(units.pop())})"


def ripeness_chart(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per belligerent (colour): draft utility (solid) against BATNA (dashed), over days."""
    spec = charts.base(series.TALKS_PANEL, height=150)
    spec["title"]["subtitle"] = "solid above dashed: ripe for a deal"
    spec.update(
        {
            "data": {"values": records},
            "mark": {"type": "line"},
            "encoding": {
                "x": {
                    "field": "day",
                    "type": "quantitative",
                    "title": "day (since the start)",
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": ripeness_axis_title(),
                    "scale": {"zero": False},
                },
                "color": {"field": "party", "type": "nominal", "title": None, "legend": {"orient": "top"}},
                "strokeDash": {
                    "field": "measure",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": list(ripeness_measures()), "range": [[1, 0], [5, 3]]},
                    "legend": {"orient": "top"},
                },
                "detail": {"field": "measure"},
                "tooltip": [
                    {"field": "party"},
                    {"field": "measure"},
                    {"field": "day"},
                    {"field": "value", "format": ".3f"},
                ],
            },
        }
    )
    return spec


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
    """Per issue: the draft (black bar), each party's ideal (hollow) and public position (filled)."""
    n = len({r["issue"] for r in records})
    spec = charts.base("Draft, ideals and public positions", height=max(120, 26 * n))
    y = {"field": "issue", "type": "nominal", "title": None, "sort": None}
    x = {
        "field": "value",
        "type": "quantitative",
        "scale": {"domain": [0, 1]},
        "title": "position on the issue (0-1 scale)",
    }
    tip = [{"field": "issue"}, {"field": "party"}, {"field": "kind"}, {"field": "value", "format": ".2f"}]
    spec.update(
        {
            "data": {"values": records},
            "layer": [
                {
                    "transform": [{"filter": "datum.kind == 'draft'"}],
                    "mark": {"type": "tick", "color": "black", "thickness": 3},
                    "encoding": {"y": y, "x": x, "tooltip": tip},
                },
                {
                    "transform": [{"filter": "datum.kind != 'draft'"}],
                    "mark": {"type": "point", "size": 70},
                    "encoding": {
                        "y": y,
                        "x": x,
                        "color": {
                            "field": "party",
                            "type": "nominal",
                            "title": "party",
                            "legend": {"orient": "top"},
                        },
                        "fill": {
                            "condition": {
                                "test": "datum.kind == 'public position'",
                                "field": "party",
                                "type": "nominal",
                                "legend": None,
                            },
                            "value": "transparent",
                        },
                        "shape": {
                            "field": "kind",
                            "type": "nominal",
                            "title": None,
                            "scale": {"domain": ["ideal", "public position"], "range": ["circle", "diamond"]},
                            "legend": {"orient": "top"},
                        },
                        "tooltip": tip,
                    },
                },
            ],
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


# ---------------------------------------------------------------- talks as the bargaining game
def talks_model(model) -> str:
    """``"bargaining"`` when the run's talks are the bargaining game, else ``"redlines"``."""
    from engine import layout as L

    return "bargaining" if float(model.world.talks_param[0, L.TP_GAME]) > 0.0 else "redlines"


def _game_sides(model) -> dict[str, str]:
    """Side letter (A, B) -> state code."""
    from engine.mechanisms.talks_game.results import sides

    return sides(model.world, model.structure)


def _trace(model):
    """The game's daily record so far: rows of ``game_trace`` for the simulated days (D, NT)."""
    return model.world.game_trace[0, : model.day]


def game_view(model) -> dict[str, Any] | None:
    """The talks as the bargaining game, as plain data (None for the red-line talks).

    Returns
    -------
    dict
        ``charts``: per title of :data:`viz.series.GAME_PANELS`, records
        ``{day, party, measure, value}`` read from the game's daily record (beliefs and
        positions in share or probability units, day counted from the start, 1 = the
        first simulated day); ``offers``: records ``{day, party, proposer, value,
        answer}``, the share offered to ``party`` (the responder) and its answer;
        ``table``: rows ``{row, unit, A, B}`` of the day (declared per-side results,
        the engine's pain on each side's war cost, the war cost paid so far, each side's
        posterior mean of the other's war cost); ``summary``: the ``talks`` section.
    """
    if talks_model(model) != "bargaining":
        return None
    from engine.mechanisms.bargaining import columns as C

    codes = _game_sides(model)
    tr = _trace(model)
    charts_: dict[str, list[dict[str, Any]]] = {}
    for title, rows in series.GAME_TRACE.items():
        recs: list[dict[str, Any]] = []
        for key, col_a, col_b, label, unit in rows:
            measure = series.game_label(key, label, unit)[0]
            for side, col in (("A", col_a), ("B", col_b)):
                k = getattr(C, col)
                recs.extend(
                    {"day": d + 1, "party": codes[side], "measure": measure, "value": float(v)}
                    for d, v in enumerate(tr[:, k])
                    if v == v  # NaN: a day the game was not stepped (ended)
                )
        charts_[title] = recs
    return {
        "charts": charts_,
        "offers": _offer_records(tr, codes),
        "table": _game_table(model, codes),
        "codes": (codes["A"], codes["B"]),
        "summary": dict(model.summary().get("talks") or {}),
    }


def _offer_records(tr, codes: dict[str, str]) -> list[dict[str, Any]]:
    """Every offer made so far: the share offered to the responder and its answer.

    A mediator's draft offers side B its share (bargaining.columns T_OFFER), so B is its
    responder here.
    """
    from engine.mechanisms.bargaining import columns as C

    k_prop, k_offer, k_acc = (getattr(C, n) for n in series.GAME_OFFER)
    out = []
    for d, row in enumerate(tr):
        prop, offer, acc = row[k_prop], row[k_offer], row[k_acc]
        if not (prop >= 0 and offer >= 0 and acc >= 0):  # no round, no offer, or NaN
            continue
        proposer = ("A", "B", "mediator")[int(prop)]
        responder = "A" if proposer == "B" else "B"
        out.append(
            {
                "day": d + 1,
                "party": codes[responder],
                "proposer": codes.get(proposer, proposer),
                "value": float(offer),
                "answer": "accepted" if acc > 0 else "refused",
            }
        )
    return out


def _game_table(model, codes: dict[str, str]) -> list[dict[str, Any]]:
    """Rows ``{row, unit, A, B}``: the game's state on the day, per side."""
    from engine import layout as L
    from engine.mechanisms.bargaining import columns as C

    w = model.world
    talks = dict(model.summary().get("talks") or {})
    by_side = {c: (talks.get("sides") or {}).get(f"{c} ({codes[c]})", {}) for c in "AB"}
    vals, types = w.game_vals[0], w.game_types[0]
    rows: list[dict[str, Any]] = []
    for key in series.GAME_SIDE_ROWS:
        label, unit = series.game_label(key)
        rows.append({"row": label, "unit": unit, **{c: _cell(key, by_side[c].get(key)) for c in "AB"}})
    # the engine's pain on each side's cost of a day of war (talks_game columns game_pain_a/b)
    pain = {"A": w.glob[0, L.G_GAME_PAIN_A], "B": w.glob[0, L.G_GAME_PAIN_B]}
    rows.append(
        {
            "row": "Felt cost of war (x its type's cost)",
            "unit": "-",
            **{c: f"{float(pain[c]):.3f}" for c in "AB"},
        }
    )
    hurt = {"A": w.game_st[0, C.S_HURT_A], "B": w.game_st[0, C.S_HURT_B]}
    rows.append(
        {
            "row": "War cost paid so far (ripeness)",
            "unit": "pie",
            **{c: f"{float(hurt[c]):.4f}" for c in "AB"},
        }
    )
    # what the other side believes this side's war cost to be (its posterior mean), next to
    # the true cost in the first row
    believed = {}
    for i, c in enumerate("AB"):
        other = 1 - i  # the side whose belief it is
        believed[c] = sum(
            float(vals[C.V_BELIEF, other, o]) * float(types[C.TY_COST, i, o]) for o in range(types.shape[2])
        )
    rows.insert(
        1,
        {
            "row": "War cost as the other side believes it (posterior mean)",
            "unit": "pie/day",
            **{c: f"{believed[c]:.5f}" for c in "AB"},
        },
    )
    return rows


def _cell(key: str, v) -> str:
    """A table cell of a declared result, with its declared sentinels in words."""
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    v = float(v)
    if key == "least_acceptable_share" and v > 1.0:
        return "none"
    if key == "offer" and v < 0.0:
        return "none"
    if key == "veto" and v <= 0.0:
        return "none"
    return f"{v:.5f}" if key == "cost_per_day" else f"{v:.3f}"


def game_chart(title: str, records: list[dict[str, Any]], offers: list[dict[str, Any]] | None = None):
    """One game chart: per side (colour) the trace's measures (solid, dashed) over days;
    with ``offers``, each offer as a point at the responder's colour (filled: accepted,
    hollow: refused)."""
    measures = list(dict.fromkeys(r["measure"] for r in records))
    units = {series.game_label(k, lab, u)[1] for k, _a, _b, lab, u in series.GAME_TRACE[title]}
    if len(units) != 1:  # one axis per chart (tests check viz.series.GAME_TRACE)
        raise ValueError(f"game chart {title!r} mixes units {sorted(units)}")
    unit = units.pop()
    x = {
        "field": "day",
        "type": "quantitative",
        "title": "day (since the start)",
        "axis": {"format": "d", "tickMinStep": 1},
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": f"{series.GAME_AXES[title]} ({unit})",
        "scale": {"domain": [0, 1]},
    }
    color = {"field": "party", "type": "nominal", "title": None, "legend": {"orient": "top"}}
    spec = charts.base(title, height=170)
    if offers is not None:
        spec["title"]["subtitle"] = "lines: public demands; points: offers (filled: accepted)"
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": records},
            "mark": {"type": "line"},
            "encoding": {
                "x": x,
                "y": y,
                "color": color,
                "strokeDash": {
                    "field": "measure",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": measures, "range": [[1, 0], [5, 3]][: len(measures)]},
                    "legend": {"orient": "bottom", "labelLimit": 260} if len(measures) > 1 else None,
                },
                "detail": {"field": "measure"},
                "tooltip": [
                    {"field": "party"},
                    {"field": "measure"},
                    {"field": "day"},
                    {"field": "value", "format": ".3f"},
                ],
            },
        }
    ]
    if offers:
        layers.append(
            {
                "data": {"values": offers},
                "mark": {"type": "point", "size": 60, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "fill": {
                        "condition": {
                            "test": "datum.answer == 'accepted'",
                            "field": "party",
                            "type": "nominal",
                            "legend": None,
                        },
                        "value": "transparent",
                    },
                    "tooltip": [
                        {"field": "day"},
                        {"field": "proposer"},
                        {"field": "party", "title": "offered to"},
                        {"field": "value", "title": "share", "format": ".3f"},
                        {"field": "answer"},
                    ],
                },
            }
        )
    spec["layer"] = layers
    return spec
