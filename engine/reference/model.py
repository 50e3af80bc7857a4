"""ReferenceModel: the same rules as the kernels, written plainly as a Mesa model.

Slow on purpose and obvious on purpose: every agent is an ordinary Mesa agent
with attributes, every mechanism a few short functions in its folder
(``engine/mechanisms/<name>/reference.py``), composed here in registry (day) order.
It draws from the same keyed random numbers as the kernels, so for the same
scenario, overrides and seed it must produce the same trajectories; the test
suite holds the kernels to it, and ``warsim bench`` times the two side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa

from engine import layout as L
from engine.core.registry import active_mechanisms
from engine.mechanisms.events.schema import EVENT_KINDS
from engine.reference.agents import RefFront, RefState
from engine.reference.rng import RandomSource
from engine.scenario import Scenario, load_scenario


class ReferenceModel(mesa.Model):
    """Plain-Python Mesa model of a scenario.

    Parameters
    ----------
    scenario : path, scenario name or Scenario
        The scenario to run (default: the reference scenario).
    seed : int, optional
        Run seed (default: the scenario's); keys the random numbers.
    days : int, optional
        Run length (default: the scenario's).
    **overrides
        Lever values or dotted parameter paths (``us_pressure=0.7``).
    """

    def __init__(
        self,
        scenario: str | Path | Scenario = "ukraine_2025",
        seed: int | None = None,
        days: int | None = None,
        **overrides: Any,
    ):
        s = load_scenario(scenario, _dotted(overrides))
        seed = s.scenario.seed if seed is None else int(seed)
        super().__init__(seed=seed)
        self.scenario = s
        self.run_seed = seed
        self.rng_source = RandomSource(seed)
        self.days = int(days or s.scenario.days)
        self.day = 0
        self.ceasefire = False
        self.ceasefire_day = -1
        self.talks_progress = 0.0
        self.sanctions_relief = 0.0
        self.guarantee_strength = 0.0
        self.outcome = L.OUTCOME_NO_DEAL
        self.ended = False
        self.end_day = -1
        self.collapsed_state: RefState | None = None
        self.event_records: list[tuple[int, int, int, int, float]] = []
        self.state_list = [
            RefState(self, code, spec, i) for i, (code, spec) in enumerate(s.states.items())
        ]
        by_code = {st.code: st for st in self.state_list}
        self.front_list = [
            RefFront(self, fid, spec, f, by_code[spec.attacker], by_code[spec.defender])
            for f, (fid, spec) in enumerate(s.fronts.items())
        ]
        for fr in self.front_list:
            fr.attacker.committed += fr.attacker_troops
            fr.defender.committed += fr.defender_troops
        for st in self.state_list:
            st.reserve = max(st.spec.troops - st.committed, 0.0)
        # each registered mechanism's twin (its reference.py), in day order
        self.twins = [m.module("reference") for m in active_mechanisms()]
        for twin in self.twins:
            if hasattr(twin, "setup"):
                twin.setup(self)
        self.running = True

    # ------------------------------------------------------------ helpers
    def target_index(self, event) -> int:
        if EVENT_KINDS[event.kind][0] == "state":
            return list(self.scenario.states).index(event.target)
        return list(self.scenario.fronts).index(event.target)

    def log(self, day: int, kind: int, a: int, b: int, value: float) -> None:
        self.event_records.append((day, kind, a, b, value))

    def end_with_collapse(self, state: RefState, day: int) -> None:
        self.ended = True
        self.end_day = day
        self.outcome = L.OUTCOME_COLLAPSE
        self.collapsed_state = state
        self.log(day, L.EV_COLLAPSE, state.index, -1, state.morale)

    # ------------------------------------------------------------ one day
    def step(self) -> None:
        if self.ended or self.day >= self.days:
            self.running = False
            return
        day = self.day
        for twin in self.twins:
            twin.day(self, day)
        self.day = day + 1
        if self.ended or self.day >= self.days:
            self.running = False


def _dotted(overrides: dict[str, Any]) -> dict[str, Any]:
    """Keyword overrides may use ``__`` for dots (``fronts__pokrovsk__fortification``)."""
    return {k.replace("__", "."): v for k, v in overrides.items()}
