"""WarModel in Mesa's own ``SolaraViz``: what a Mesa user would write, and a page to serve it.

``solara run viz/mesa_app.py`` serves it (the browser test does). The sliders
are the scenario's levers (with their ranges), the seed is a text box, and the
charts are Mesa's ``make_plot_component`` over the DataCollector's model
reporters: the series viz.series.PANELS puts on the war panels, by their declared
names, with the declared label and unit on the y axis, and the talks: in the
bargaining game (``talks.model = "bargaining"``) the game's charts
(viz.series.GAME_TRACE: beliefs, public positions, from the model's ``game_*``
reporters), with the red-line talks the draft utility against the BATNA. Mesa rebuilds the model on
Reset as ``WarModel(**values)``, which works because ``WarModel.__init__``
takes keyword arguments and a literal ``**kwargs`` for the levers.
"""

from __future__ import annotations

from typing import Any

import solara

from engine.model import WarModel
from engine.scenario import load_scenario
from viz import live, series

SCENARIO = "ukraine_2025"


def model_params(scenario: str = SCENARIO) -> dict[str, Any]:
    """SolaraViz ``model_params``: the scenario (fixed), a seed box and a slider per lever."""
    sc = load_scenario(scenario)
    params: dict[str, Any] = {
        "scenario": scenario,
        "seed": {"type": "InputText", "value": str(sc.scenario.seed), "label": "Seed"},
    }
    for spec in live.lever_specs(sc):
        params[spec.name] = {
            "type": "SliderFloat",
            "value": spec.default,
            "label": spec.label,
            "min": spec.min,
            "max": spec.max,
            "step": spec.step,
        }
    return params


def day_text(model: WarModel):
    """The day counter (a plain function: SolaraViz redraws it after every step)."""
    return solara.Markdown(f"**Day {model.day} of {model.days}**, {live.date_label(model)}")


def panel_plot(model: WarModel, panel: str):
    """``(measure, post_process)`` for Mesa's ``make_plot_component``: the model reporters
    that :data:`viz.series.PANELS` puts on ``panel`` (exact declared names), and a function
    writing the declared label and unit on the axes."""
    table = series.for_model(model)
    names = [n for n in model.datacollector.model_reporters if n in table and table[n][0].panel == panel]
    specs = [table[n][0] for n in names]
    y_title = live.axis_title(panel, specs)

    def post_process(ax):
        ax.set_title(panel)
        ax.set_xlabel("day (since the start)")
        ax.set_ylabel(y_title or "")

    return dict.fromkeys(names), post_process


def game_plot(model: WarModel, panel: str):
    """``(measure, post_process)`` for Mesa's ``make_plot_component``: the talks game's
    trace columns that :data:`viz.series.GAME_TRACE` draws on ``panel``, per side, as the
    model's ``game_*`` reporters (engine.model.game_trace_columns), y axis as the
    dashboard's game chart titles it."""
    names = []
    units = set()
    for key, col_a, col_b, label, unit in series.GAME_TRACE[panel]:
        names += [f"game_{col[2:].lower()}" for col in (col_a, col_b)]
        units.add(series.game_label(key, label, unit)[1])
    missing = [n for n in names if n not in model.datacollector.model_reporters]
    if missing:
        raise KeyError(f"the model reports no {missing} (is talks.model 'bargaining'?)")
    y_title = f"{series.GAME_AXES[panel]} ({', '.join(sorted(units))})"

    def post_process(ax):
        ax.set_title(panel)
        ax.set_xlabel("day (since the start)")
        ax.set_ylabel(y_title)

    return dict.fromkeys(names), post_process


def talks_plots(model: WarModel) -> list[tuple[dict, Any]]:
    """The talks' charts for the model's talks: the game's, or the red-line draft against
    the BATNA (``(measure, post_process)`` pairs)."""
    if any(n.startswith("game_") for n in model.datacollector.model_reporters):
        return [game_plot(model, panel) for panel in series.GAME_PANELS]
    return [panel_plot(model, series.TALKS_PANEL)]


def page(scenario: str = SCENARIO):
    """A SolaraViz element for WarModel with the territory and casualty charts and the
    talks' charts."""
    from mesa.visualization import SolaraViz, make_plot_component

    sc = load_scenario(scenario)
    model = WarModel(scenario, seed=sc.scenario.seed)
    plots = [make_plot_component(*panel_plot(model, title)) for title in series.WAR_PANELS[:2]]
    plots += [make_plot_component(*pair) for pair in talks_plots(model)]
    return SolaraViz(
        model,
        components=[(day_text, 0), *plots],
        model_params=model_params(scenario),
        name="warsim: WarModel in Mesa's SolaraViz",
    )


@solara.component
def Page():
    page()
