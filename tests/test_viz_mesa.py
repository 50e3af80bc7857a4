"""Mesa's own tools on WarModel: SolaraViz (headless), agent reporters, the step-0 row."""

from __future__ import annotations

import inspect

import ipyvuetify as vw
import pytest
import solara

from engine.model import EnvoyAgent, FrontAgent, StateAgent, WarModel


def test_init_takes_keywords_and_a_literal_kwargs_catch_all():
    params = inspect.signature(WarModel.__init__).parameters
    assert "kwargs" in params and params["kwargs"].kind is inspect.Parameter.VAR_KEYWORD
    assert all(
        p.default is not inspect.Parameter.empty for n, p in params.items() if n not in ("self", "kwargs")
    )


def test_step_zero_row_and_agent_reporters():
    m = WarModel("ukraine_2025", seed=4, days=10)
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 1 and df["day"].iloc[0] == 0  # the starting state, before any step
    assert df["territory_km2_RUS"].iloc[0] == 0.0
    for _ in range(3):
        m.step()
    df = m.datacollector.get_model_vars_dataframe()
    assert list(df["day"]) == [0, 1, 2, 3]  # row k is day k
    agents = m.datacollector.get_agent_vars_dataframe()
    kinds = agents.xs(0, level="Step")["kind"].value_counts().to_dict()
    assert kinds == {
        "StateAgent": len(m.state_agents),
        "FrontAgent": len(m.front_agents),
        "EnvoyAgent": len(m.envoy_agents),
    }
    last = agents.xs(3, level="Step").set_index("name")
    rus = m.state("RUS")
    assert last.loc[rus.name, "troops"] == pytest.approx(rus.troops)
    pok = m.front("pokrovsk")
    assert last.loc[pok.name, "depth_km"] == pytest.approx(pok.depth_km)
    assert {StateAgent, FrontAgent} <= set(m.datacollector.agenttype_reporters)
    assert EnvoyAgent not in m.datacollector.agenttype_reporters


def test_solaraviz_renders_warmodel_steps_and_resets_with_a_lever():
    """Mesa's SolaraViz with WarModel: Step advances it; Reset rebuilds it from the sliders."""
    from mesa.visualization import SolaraViz, make_plot_component

    from viz import mesa_app

    seen: list[WarModel] = []

    def spy(model):  # a plain component function: SolaraViz calls it after every step
        seen.append(model)
        return solara.Text(f"day {model.day}")

    el = SolaraViz(
        WarModel("ukraine_2025", seed=3),
        components=[(spy, 0), make_plot_component({"territory_km2_RUS": None})],
        model_params=mesa_app.model_params(),
    )
    box, rc = solara.render(solara.AppLayout(children=[el]), handle_error=False)
    for _ in range(2):
        rc.find(vw.Btn, children=["Step"]).widget.click()
    assert seen[-1].day == 2
    rc.find(children=["day 2"]).assert_single()
    slider = next(s for s in rc.find(vw.Slider).widgets if s.label.startswith("Us pressure"))
    slider.v_model = 0.9
    rc.find(vw.Btn, children=["Reset"]).widget.click()
    m = seen[-1]
    assert m.day == 0 and m.overrides.get("us_pressure") == pytest.approx(0.9)
    assert float(m.scenario.levers["us_pressure"].current) == pytest.approx(0.9)
    rc.close()


def test_mesa_app_page_renders():
    from viz import mesa_app

    box, rc = solara.render(solara.AppLayout(children=[mesa_app.page()]), handle_error=False)
    rc.find(vw.Btn, children=["Step"]).widget.click()
    assert any("Day 1 of 365" in str(w.trait_values()) for w in rc.find(vw.Html).widgets)
    rc.close()


def test_game_reporters_are_the_game_trace_of_the_last_day():
    """In the bargaining game every trace column is a model reporter (the day's row);
    the red-line talks have none."""
    import math

    import numpy as np

    from engine.mechanisms.bargaining import columns as C
    from engine.model import game_trace_columns

    cols = game_trace_columns()
    # every T_* column of the trace is declared (talks_game/outputs.py TRACE), once
    t_cols = {n for n, v in vars(C).items() if n.startswith("T_") and isinstance(v, int)}
    assert len(cols) == C.NT == len(t_cols) and sorted(cols.values()) == list(range(C.NT))
    m = WarModel("ukraine_2025", seed=5, days=40)
    for _ in range(30):
        m.step()
    df = m.datacollector.get_model_vars_dataframe()
    assert math.isnan(df["game_belief_a"].iloc[0])  # the step-0 row: no day played yet
    for name, col in cols.items():
        assert np.array_equal(df[name].to_numpy()[1:], m.world.game_trace[0, :30, col], equal_nan=True), name
    red = WarModel("ukraine_2025", seed=5, days=5, talks__model="redlines")
    assert not any(n.startswith("game_") for n in red.datacollector.model_reporters)


def test_mesa_page_draws_the_talks_of_the_model():
    """The SolaraViz page's talks charts follow the talks model: the game's beliefs and
    positions per side, or the red-line draft against the BATNA."""
    from viz import mesa_app, series

    m = WarModel("ukraine_2025", seed=5, days=5)
    plots = mesa_app.talks_plots(m)
    assert len(plots) == len(series.GAME_PANELS)
    measure, post = plots[0]
    assert set(measure) == {"game_belief_a", "game_belief_b", "game_expect_a", "game_expect_b"}
    assert set(plots[1][0]) == {"game_pos_a", "game_pos_b"}

    class Ax:
        def set_title(self, t):
            self.title = t

        def set_xlabel(self, t):
            pass

        def set_ylabel(self, t):
            self.y = t

    ax = Ax()
    post(ax)
    assert ax.title == series.GAME_PANELS[0] and ax.y.startswith("chance (")
    red = WarModel("ukraine_2025", seed=5, days=5, talks__model="redlines")
    (measure,) = [p[0] for p in mesa_app.talks_plots(red)]
    assert measure and all(n in red.datacollector.model_reporters for n in measure)
    assert not any(n.startswith("game_") for n in measure)
