"""Single run: the engine against the plain Mesa ``ReferenceModel``, same scenario and seed.

Sides (each builds its model from the validated Scenario and runs it to the end):

``reference``        ReferenceModel, ``step()`` per day (plain Python on Mesa agents)
``warmodel_step``    WarModel, ``step()`` per day: one kernel call plus Mesa's
                     DataCollector (model and agent reporters) every day
``warmodel_to_end``  WarModel, ``run_to_end()``: one kernel call for all days
``kernel``           ``build_world`` + ``run_days`` for a batch of one run (what
                     ``warsim run`` and ``warsim batch`` do per run)

and, timing the days only (the model is built untimed first):

``reference_days``   the ReferenceModel's ``step()`` loop
``kernel_days``      one ``run_days`` call

Every side must end with the same territory, casualties and outcome. The
whole-run ratio includes building the model (for a 9-sector world, building
the arrays from the validated scenario costs more than a year of days); the
days ratio is the one the 200x target is about: simulated days per second.
"""

from __future__ import annotations

from benchmarks.harness import agreement, interleaved, ratio_spread
from benchmarks.peer import assert_same_outputs, reference_outputs, world_outputs
from benchmarks.results import Figure

TARGET_RATIO = 200.0


def run(quick: bool, scenario: str = "ukraine_2025", seed: int = 1) -> list[Figure]:
    from engine.core.simulate import run_days
    from engine.model import WarModel
    from engine.reference.model import ReferenceModel
    from engine.scenario import load_scenario
    from engine.world import build_world

    s = load_scenario(scenario)
    days = 90 if quick else s.scenario.days
    repeats = 3 if quick else 7

    def reference():
        return _step_to_end(ReferenceModel(s, seed=seed, days=days))

    def warmodel_step():
        m = WarModel(s, seed=seed, days=days)
        while m.running:
            m.step()
        return world_outputs(m.world, m.structure)

    def warmodel_to_end():
        m = WarModel(s, seed=seed, days=days)
        m.run_to_end()
        return world_outputs(m.world, m.structure)

    def kernel():
        w, st = build_world(s, [seed], days=days)
        run_days(w, st.days, parallel=False)
        return world_outputs(w, st)

    def reference_days():
        return (lambda: ReferenceModel(s, seed=seed, days=days), _step_to_end)

    def kernel_days():
        def work(built):
            w, st = built
            run_days(w, st.days, parallel=False)
            return world_outputs(w, st)
        return (lambda: build_world(s, [seed], days=days), work)

    def check(outputs):
        for name, out in outputs.items():
            assert_same_outputs(outputs["reference"], out, f"single run: reference vs {name}")

    sides = {"reference": reference, "warmodel_step": warmodel_step,
             "warmodel_to_end": warmodel_to_end, "kernel": kernel,
             "reference_days": reference_days(), "kernel_days": kernel_days()}
    t = interleaved(sides, repeats=repeats, warmup=1, check=check)
    note = f"{scenario}, seed {seed}, {days} days; outputs compared: see outputs_equal"
    figures = [agreement("single", t, "all sides: same territory, casualties and outcome (rtol 1e-9)")]
    for name, timing in t.items():
        figures.append(Figure("single", name, "seconds", "s", timing.median, timing.low, timing.high,
                              repeats, note=note))
        figures.append(Figure("single", name, "days_per_s", "1/s", days / timing.median,
                              days / timing.high, days / timing.low, repeats, note=note))
    notes = {
        "kernel_days": "days only: reference step() loop / one run_days call (models built untimed)",
        "kernel": "whole run incl. building the model: reference / build_world + run_days",
        "warmodel_to_end": "whole run: reference / WarModel(...).run_to_end()",
        "warmodel_step": "whole run: reference / WarModel step() loop with the DataCollector every day",
    }
    for name, note_text in notes.items():
        slow = t["reference_days"] if name == "kernel_days" else t["reference"]
        value, low, high = ratio_spread(slow, t[name])
        figures.append(Figure("single", f"{name}_vs_reference", "ratio", "x", value, low, high, repeats,
                              target=TARGET_RATIO if name == "kernel_days" else None, note=note_text))
    return figures


def _step_to_end(m):
    while m.running:
        m.step()
    return reference_outputs(m)
