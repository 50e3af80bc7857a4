"""WarModel in Mesa's own ``SolaraViz``: what a Mesa user would write, and a page to serve it.

``solara run viz/mesa_app.py`` serves it (the browser test does). The sliders
are the scenario's levers (with their ranges), the seed is a text box, and the
charts are Mesa's ``make_plot_component`` over the DataCollector's model
reporters (their names and units from :mod:`viz.series`). Mesa rebuilds the model on
Reset as ``WarModel(**values)``, which works because ``WarModel.__init__``
takes keyword arguments and a literal ``**kwargs`` for the levers.
"""

from __future__ import annotations

from typing import Any

import solara

from engine.model import WarModel
from engine.scenario import load_scenario
from viz import live

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


def page(scenario: str = SCENARIO):
    """A SolaraViz element for WarModel with the territory and casualty charts."""
    from mesa.visualization import SolaraViz, make_plot_component

    sc = load_scenario(scenario)
    codes = [c for c, s in sc.states.items() if s.role == "belligerent"]
    model = WarModel(scenario, seed=sc.scenario.seed)
    return SolaraViz(
        model,
        components=[
            (day_text, 0),
            make_plot_component({f"territory_km2_{c}": None for c in codes}),
            make_plot_component({f"casualties_{c}": None for c in codes}),
        ],
        model_params=model_params(scenario),
        name="warsim: WarModel in Mesa's SolaraViz",
    )


@solara.component
def Page():
    page()
