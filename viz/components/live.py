"""The live page: controls, front map, talks, war and economy."""

from __future__ import annotations

import html

import solara
import solara.lab

from viz import front_map, live, state
from viz.components.chart import Placeholder, VegaChart


def _model():
    """The session's model, subscribing the calling component to ``state.tick``.

    A step mutates the model in place and bumps ``tick``; every component that
    draws the model reads it through here so it redraws after each step.
    """
    state.tick.value  # noqa: B018 - read to subscribe
    return state.model.value


@solara.component
def Buttons():
    """Reset, Play/Pause and Step: the only controls that change with every step (``tick``)."""
    m = _model()
    over = bool(m is None or m.ended)
    with solara.Row(gap="6px"):
        solara.Button("Reset", color="primary", outlined=True, on_click=state.reset)
        solara.Button(
            "Pause" if state.playing.value else "Play",
            color="primary",
            on_click=state.toggle_play,
            disabled=over,
        )
        solara.Button(
            "Step", color="primary", on_click=lambda: state.step(1), disabled=over or state.playing.value
        )


@solara.component
def Controls():
    """Scenario, seed, every lever, and play / pause / step / reset.

    Reads the model without subscribing to ``tick``: the sliders are redrawn when
    the model is rebuilt, not on every step.
    """
    m = state.model.value
    solara.Select(
        label="Scenario",
        value=state.scenario.value,
        values=live.list_scenarios(),
        on_value=state.choose_scenario,
    )
    solara.InputInt(label="Seed", value=state.seed.value, on_value=state.set_seed)
    Buttons()
    solara.SliderInt(
        label=f"Speed: {state.speed.value} days per second",
        value=state.speed.value,
        min=1,
        max=60,
        on_value=state.speed.set,
        thumb_label=True,
    )
    if state.measured_speed.value:
        solara.Text(
            f"last play: {state.measured_speed.value:g} days/s", style={"font-size": "11px", "color": "#777"}
        )
    if m is None:
        return
    solara.Text(
        "Levers (a change restarts the run at day 0)", style={"font-weight": "bold", "font-size": "13px"}
    )
    for spec in live.lever_specs(m.scenario):
        value = state.levers.value.get(spec.name, spec.default)
        solara.SliderFloat(
            label=f"{spec.label}{'' if spec.active else ' (inert)'}: {value:g}",
            value=value,
            min=spec.min,
            max=spec.max,
            step=spec.step,
            on_value=lambda v, n=spec.name: state.set_lever(n, v),
            thumb_label=True,
        )
        solara.Text(
            f"range {spec.min:g} to {spec.max:g}, scenario value {spec.default:g}",
            style={"font-size": "11px", "color": "#666", "margin-top": "-14px", "display": "block"},
        )
        solara.Text(spec.description, style={"font-size": "11px", "color": "#666", "display": "block"})


@solara.component
def DayHeader():
    m = _model()
    with solara.Row(style={"align-items": "baseline", "gap": "16px"}):
        solara.Text(
            live.day_label(m), classes=["day-counter"], style={"font-size": "20px", "font-weight": "bold"}
        )
        solara.Text(live.date_label(m), classes=["day-date"], style={"font-size": "16px"})
        if m.ended:
            solara.Text(f"ended: {m.summary()['outcome']}", style={"color": "#b2182b"})
    if state.replay_note.value:
        solara.Info(state.replay_note.value, dense=True)


@solara.component
def FrontMap():
    m = _model()
    sectors = front_map.sector_view(m)
    if not front_map.has_geography(sectors):
        Placeholder(
            "Front map",
            "This scenario has no geography: its sectors give no contact line or town coordinates, "
            "so there is nothing to draw on a map.",
        )
        return
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap", "gap": "8px"}):
        solara.ToggleButtonsSingle(
            value=state.map_zoom.value, values=["active sectors", "all sectors"], on_value=state.map_zoom.set
        )
        day = min(state.map_day.value, m.day) if state.map_day.value is not None else None
        solara.SliderInt(
            label=f"Compare with day {day}" if day is not None else "Compare with a day: off",
            value=day if day is not None else 0,
            min=0,
            max=max(m.day, 1),
            on_value=state.map_day.set,
            thumb_label=True,
        )
        if day is not None:
            solara.Button("off", text=True, on_click=lambda: state.map_day.set(None))
    VegaChart(
        front_map.map_spec(
            sectors,
            title="Front: contact line now, at the start" + (f" and on day {day}" if day is not None else ""),
            compare=front_map.lines_on_day(m, day) if day is not None else None,
            zoom=state.map_zoom.value,
        )
    )


@solara.component
def GameTalks(game: dict):
    """The talks as the bargaining game: beliefs, offers against positions, the day's table."""
    for title in live.series.GAME_PANELS:
        offers = game["offers"] if title == live.series.GAME_PANELS[1] else None
        if game["charts"][title]:
            VegaChart(live.game_chart(title, game["charts"][title], offers))
        else:
            Placeholder(title, "Drawn from the first step on.")
    talks = game["summary"]
    counts = talks.get("talks") or {}
    status = (
        f"game: {talks.get('outcome', '-')}, talks {talks.get('status', '-')}; "
        f"{counts.get('rounds', 0)} rounds, {counts.get('refusals', 0)} refused, "
        f"{counts.get('blocked', 0)} blocked"
    )
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ("", *game["codes"]))
    body = "".join(
        f"<tr><td>{html.escape(r['row'])}"
        + (
            f" <span style='color:#777'>({html.escape(r['unit'])})</span>"
            if r["unit"] not in ("-", "")
            else ""
        )
        + "</td>"
        + "".join(f"<td style='text-align:right'>{html.escape(str(r[c]))}</td>" for c in "AB")
        + "</tr>"
        for r in game["table"]
    )
    notes = "".join(
        f"<div style='color:#555'>{html.escape(live.series.game_result_label(k))}: "
        f"{html.escape(str(talks[k]))}</div>"
        for k in ("last_refusal", "blocked")
        if talks.get(k)
    )
    solara.HTML(
        unsafe_innerHTML=f"<b>The bargaining game today</b><div style='font-size:12px'>{html.escape(status)}"
        f"</div><table style='font-size:12px'><tr>{head}</tr>{body}</table>"
        f"<div style='font-size:11px'>{notes}</div>",
        classes=["game-table"],
    )


@solara.component
def Talks():
    m = _model()
    game = live.game_view(m)
    if game is not None:  # talks.model = "bargaining": the red-line draft decides nothing
        GameTalks(game)
        EventLog()
        return
    view = live.talks_view(m)
    if view["issues"]:
        VegaChart(live.issues_chart(view["issues"]))
    else:
        Placeholder("Draft, ideals and public positions", "This scenario has no talks.")
    if view["ripeness"]:
        VegaChart(live.ripeness_chart(view["ripeness"]))
    elif m.day == 0:
        Placeholder(live.series.TALKS_PANEL, "Drawn from the first step on.")
    if view["envoys"]:
        rows = "".join(
            f"<tr><td>{html.escape(e['envoy'])}</td><td>{html.escape(e['at'])}</td>"
            f"<td>{html.escape(e['next'])}</td></tr>"
            for e in view["envoys"]
        )
        solara.HTML(
            unsafe_innerHTML=f"<b>Envoys</b><table style='font-size:12px'><tr><th>envoy</th>"
            f"<th>at</th><th>next</th></tr>{rows}</table>"
        )
    EventLog()


@solara.component
def EventLog():
    rows = live.event_rows(_model())
    body = (
        "".join(
            f"<div><span style='color:#777'>{e['date']}</span> {html.escape(e['text'])}</div>" for e in rows
        )
        or "<div style='color:#777'>no events yet</div>"
    )
    solara.Text("Event log (newest first)", style={"font-weight": "bold", "font-size": "13px"})
    solara.HTML(
        unsafe_innerHTML=body,
        classes=["event-log"],
        style="max-height: 220px; overflow-y: auto; font-size: 12px",
    )


@solara.component
def Panels(panels: tuple):
    m = _model()
    specs = live.panel_charts(m, panels)
    with solara.ColumnsResponsive(default=12, medium=6, large=4):
        for spec in specs.values():
            if spec is not None:
                VegaChart(spec)


@solara.component
def LivePage():
    """The live page; re-rendered after every step through ``state.tick``."""
    solara.use_effect(state.ensure_model, [])
    solara.lab.use_task(state.play_loop, dependencies=[state.playing.value], prefer_threaded=True)
    # controls beside the page from 960 px (vuetify's md), above it on narrower screens
    with solara.ColumnsResponsive(default=[12, 12], medium=[4, 8], large=[3, 9]):
        with solara.Column(style={"min-width": "220px"}):
            Controls()
        with solara.Column():
            if state.error.value:
                solara.Error(state.error.value)
            if state.model.value is None:
                solara.Text("Loading the scenario...")
                return
            DayHeader()
            with solara.ColumnsResponsive(default=12, large=[7, 5]):
                with solara.Column():
                    FrontMap()
                with solara.Column():
                    Talks()
            solara.Text("War", style={"font-weight": "bold"})
            Panels(live.WAR_PANELS)
            solara.Text("Economy and politics", style={"font-weight": "bold"})
            Panels(live.ECONOMY_PANELS)
            solara.Div(style={"height": "48px"})  # room for solara's corner badge
