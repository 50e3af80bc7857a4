"""Use warsim from Mesa: step the live model, query agents, run mesa.batch_run.

Run with ``.venv/bin/python examples/mesa_quickstart.py``.
"""

import mesa

from engine.model import FrontAgent, StateAgent, WarModel


def main() -> None:
    model = WarModel("ukraine_2025", seed=3)
    for _ in range(90):
        model.step()
    print(f"day {model.day} ({model.date}): outcome so far {model.summary()['outcome']}")

    # Agents are views over the engine's arrays: AgentSet tools work on them.
    fronts = model.agents_by_type[FrontAgent]
    deepest = max(fronts, key=lambda f: f.depth_km)
    print(f"deepest advance: {deepest.name} {deepest.depth_km:.1f} km")
    for state in model.agents_by_type[StateAgent].select(lambda a: a.role == "belligerent"):
        print(f"  {state.code}: {state.troops:,.0f} troops, {state.casualties:,.0f} casualties")

    # The DataCollector has model-level series.
    df = model.datacollector.get_model_vars_dataframe()
    print(df[["day", "territory_km2_RUS", "casualties_RUS"]].tail(3))

    # Mesa's own batch runner works too (slow next to `warsim batch`). WarModel has agent
    # reporters, so batch_run gives one row per agent: keep one per run. batch_run reads the
    # DataCollector's row model.steps - 1, which (with Mesa's step-0 row) is the day before the last.
    rows = mesa.batch_run(
        WarModel,
        parameters={"seed": [1, 2], "russian_resolve": [0.4, 0.9], "days": 60},
        max_steps=60,
        display_progress=False,
    )
    for row in {r["RunId"]: r for r in rows}.values():
        print(row["seed"], row["russian_resolve"], row["day"], round(row["territory_km2_RUS"]))


if __name__ == "__main__":
    main()
