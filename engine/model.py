"""WarModel: the live Mesa model, a batch-of-one World stepped by the kernels.

The arrays are the truth. ``StateAgent``, ``FrontAgent`` and ``EnvoyAgent``
are real ``mesa.Agent`` objects registered in ``model.agents`` whose
attributes are properties reading (and writing) their row of the World, the
way mesa's ``ContinuousSpaceAgent`` reads its row of the space's position
array: there are no copies to keep in sync. Stepping calls the same Numba
kernels as ``warsim run`` and ``warsim batch`` (one source of truth).

Example
-------
>>> from engine.model import WarModel
>>> m = WarModel("ukraine_2025", seed=3, us_pressure=0.8)
>>> for _ in range(30):
...     m.step()
>>> m.agents_by_type[StateAgent].select(lambda a: a.role == "belligerent")
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import mesa

from engine import layout as L
from engine.core.simulate import run_days
from engine.results import event_log, summary
from engine.scenario import Scenario, load_scenario
from engine.world import Structure, World, build_world


def _row_property(array: str, column: int, doc: str, cast=float):
    """A property reading/writing ``world.<array>[0, self.index, column]``."""

    def get(self):
        return cast(getattr(self.model.world, array)[0, self.index, column])

    def set_(self, value):
        getattr(self.model.world, array)[0, self.index, column] = value

    return property(get, set_, doc=doc)


class StateAgent(mesa.Agent):
    """A state (belligerent, mediator or patron): a view of ``world.state[0, index]``."""

    reserve = _row_property("state", L.S_RESERVE, "troops in theatre not in a sector (people)")
    committed = _row_property("state", L.S_COMMITTED, "troops committed to sectors (people)")
    fire_stock = _row_property("state", L.S_FIRE_STOCK, "firepower stockpile (shell-eq)")
    fire_used = _row_property("state", L.S_FIRE_USED, "firepower expended today (shell-eq)")
    morale = _row_property("state", L.S_MORALE, "army morale (0..1)")
    casualties = _row_property("state", L.S_CASUALTIES, "cumulative killed and wounded")
    casualties_today = _row_property("state", L.S_CASUALTIES_TODAY, "killed and wounded today")
    territory_km2 = _row_property("state", L.S_TERRITORY, "ground gained since the start (km2)")
    war_support = _row_property("state", L.S_WAR_SUPPORT, "public war support (0..1)")
    econ_pain = _row_property("state", L.S_ECON_PAIN, "economic pain (0..1)")
    recruit_mult = _row_property("state", L.S_RECRUIT_MULT, "recruitment multiplier")
    production_mult = _row_property("state", L.S_PRODUCTION_MULT, "production multiplier")
    aid_paused = _row_property("state", L.S_AID_PAUSED, "1 while the mediator pauses aid")
    resolve = _row_property("state_param", L.SP_RESOLVE, "resolve (0..1)")
    gdp_growth = _row_property("state", L.S_GROWTH, "today's annualised GDP growth (fraction)")
    oil_revenue_bn = _row_property("state", L.S_OIL_REVENUE, "oil export revenue ($bn/year)")
    fiscal_buffer_bn = _row_property("state", L.S_FISCAL_BUFFER, "fiscal buffer ($bn)")
    sanctions_bite = _row_property("state", L.S_SANCTIONS_BITE, "sanctions bite today (0..1)")
    belief_trend = _row_property("state", L.S_BELIEF_TREND, "believed own territory trend (km2/day)")
    batna = _row_property("state", L.S_BATNA, "value of fighting on (utility)")
    draft_utility = _row_property("state", L.S_DRAFT_UTILITY, "utility of the draft (utility)")
    ripe = _row_property("state", L.S_RIPE, "1 while ripe for a deal")

    def __init__(self, model: WarModel, index: int, code: str):
        super().__init__(model)
        self.index = index
        self.code = code
        spec = model.scenario.states[code]
        self.name = spec.name
        self.role = spec.role

    @property
    def troops(self) -> float:
        """Troops in theatre: reserve plus committed (people)."""
        return self.reserve + self.committed

    def __repr__(self) -> str:
        return f"StateAgent({self.code})"


class FrontAgent(mesa.Agent):
    """A front sector: a view of ``world.front[0, index]``."""

    attacker_troops = _row_property("front", L.F_ATTACKER_TROOPS, "attacker's troops (people)")
    defender_troops = _row_property("front", L.F_DEFENDER_TROOPS, "defender's troops (people)")
    depth_km = _row_property("front", L.F_DEPTH, "depth advanced beyond the start line (km)")
    advance_today = _row_property("front", L.F_ADVANCE_TODAY, "depth change today (km)")
    log_ratio = _row_property("front", L.F_LOG_RATIO, "log combat-power ratio today")
    attacker_losses = _row_property("front", L.F_ATTACKER_LOSSES, "attacker's casualties here")
    defender_losses = _row_property("front", L.F_DEFENDER_LOSSES, "defender's casualties here")
    fortification = _row_property("front_param", L.FP_FORTIFICATION, "defender multiplier")
    length_km = _row_property("front_param", L.FP_LENGTH, "frontage (km)")
    max_depth_km = _row_property("front_param", L.FP_MAX_DEPTH, "operational depth (km)")

    def __init__(self, model: WarModel, index: int, fid: str):
        super().__init__(model)
        self.index = index
        self.fid = fid
        spec = model.scenario.fronts[fid]
        self.name = spec.name
        self.attacker = spec.attacker
        self.defender = spec.defender
        self.line = [tuple(p) for p in spec.line]
        self.bearing_deg = spec.bearing_deg

    @property
    def frozen(self) -> bool:
        w = self.model.world
        return bool(w.front[0, self.index, L.F_FROZEN] > 0 or w.glob[0, L.G_CEASEFIRE] > 0)

    @property
    def settlements(self) -> list[dict[str, Any]]:
        """Named settlements with their depth and whether the attacker holds them."""
        w = self.model.world
        spec = self.model.scenario.fronts[self.fid]
        return [
            {
                "name": s.name,
                "depth_km": s.depth_km,
                "lon": s.lon,
                "lat": s.lat,
                "taken": bool(w.settlement_taken[0, self.index, j] > 0),
            }
            for j, s in enumerate(spec.settlements)
        ]

    def __repr__(self) -> str:
        return f"FrontAgent({self.fid})"


class EnvoyAgent(mesa.Agent):
    """An envoy shuttling drafts between capitals (a view of its World row once talks exist)."""

    def __init__(self, model: WarModel, index: int, eid: str):
        super().__init__(model)
        self.index = index
        self.eid = eid
        spec = model.scenario.envoys[eid]
        self.name = spec.name
        self.principal = spec.principal
        self.home = spec.home

    def _code(self, column: int) -> str | None:
        i = int(self.model.world.envoy[0, self.index, column])
        return self.model.structure.states[i] if 0 <= i < len(self.model.structure.states) else None

    @property
    def location(self) -> str | None:
        """State whose capital the envoy is in (or has just left)."""
        return self._code(L.EN_LOCATION)

    @property
    def destination(self) -> str | None:
        """State it travels to next."""
        return self._code(L.EN_DEST)

    @property
    def travelling(self) -> bool:
        return bool(self.model.world.envoy[0, self.index, L.EN_TRAVELLING] > 0)

    @property
    def meetings(self) -> int:
        return int(self.model.world.envoy[0, self.index, L.EN_MEETINGS])

    def __repr__(self) -> str:
        return f"EnvoyAgent({self.eid})"


class WarModel(mesa.Model):
    """Live model of one run.

    Parameters
    ----------
    scenario : path, scenario name or Scenario
        Default: the reference scenario ``ukraine_2025``.
    seed : int, optional
        Run seed (default: the scenario's). Same seed, same run as ``warsim run``.
    days : int, optional
        Run length (default: the scenario's).
    **kwargs
        Overrides: lever values by name (``us_pressure=0.7``) or dotted paths with
        ``__`` for dots (``fronts__pokrovsk__fortification=2.0``). The catch-all is
        spelled ``**kwargs`` on purpose: Mesa's ``SolaraViz`` accepts a model whose
        ``__init__`` takes extra keyword parameters only under that literal name.

    Data collection follows Mesa's convention: one row at step 0 (the state
    before any day is simulated), then one after each step, so row ``k`` of
    ``datacollector`` is day ``k``.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario = "ukraine_2025",
        seed: int | str | None = None,
        days: int | None = None,
        **kwargs: Any,
    ):
        overrides = kwargs
        s = load_scenario(scenario, {k.replace("__", "."): v for k, v in overrides.items()})
        seed = s.scenario.seed if seed in (None, "") else int(seed)
        super().__init__(seed=seed)
        self.scenario = s
        self.run_seed = seed
        self.overrides = dict(overrides)
        self.world, self.structure = build_world(s, [seed], days=days, record_every=1)
        self.days = self.structure.days
        self.state_agents = [StateAgent(self, i, c) for i, c in enumerate(self.structure.states)]
        self.front_agents = [FrontAgent(self, f, fid) for f, fid in enumerate(self.structure.fronts)]
        self.envoy_agents = [EnvoyAgent(self, e, eid) for e, eid in enumerate(s.envoys)]
        self.datacollector = mesa.DataCollector(
            model_reporters=default_model_reporters(self.world, self.structure),
            # every agent: what it is and its headline number (None where it has none)
            agent_reporters={
                "kind": lambda a: type(a).__name__,
                "name": "name",
                "troops": "troops",
                "depth_km": "depth_km",
                "location": "location",
            },
            agenttype_reporters={
                StateAgent: state_reporters(),  # every declared per-state series
                FrontAgent: {"depth_km": "depth_km", "attacker_troops": "attacker_troops",
                             "defender_troops": "defender_troops"},
            },
        )
        self.running = True
        self.datacollector.collect(self)  # the step-0 row: the scenario's starting state

    # ------------------------------------------------------------ views
    @property
    def day(self) -> int:
        """Days simulated so far."""
        return int(self.world.day[0])

    @property
    def date(self) -> dt.date:
        """Date of the next day to simulate."""
        return self.scenario.scenario.start + dt.timedelta(days=self.day)

    @property
    def ended(self) -> bool:
        return self.day >= self.days or self.world.glob[0, L.G_ENDED] > 0

    def state(self, code: str) -> StateAgent:
        return self.state_agents[self.structure.states.index(code)]

    def front(self, fid: str) -> FrontAgent:
        return self.front_agents[self.structure.fronts.index(fid)]

    def summary(self) -> dict[str, Any]:
        """The same object ``warsim run --json`` prints, for the days run so far."""
        return summary(self.world, self.structure)

    def events(self) -> list[dict[str, Any]]:
        return event_log(self.world, self.structure)

    # ------------------------------------------------------------ stepping
    def step(self) -> None:
        """Advance one day with the batch engine's kernels, then collect data."""
        if self.ended:
            self.running = False
            return
        run_days(self.world, 1, parallel=False)
        self.datacollector.collect(self)
        if self.ended:
            self.running = False

    def run_to_end(self) -> None:
        """Step to the end in one kernel call (no per-day data collection: one row for the last day)."""
        left = self.days - self.day
        if left > 0 and not self.ended:
            run_days(self.world, left, parallel=False)
        self.datacollector.collect(self)
        self.running = False


def default_model_reporters(w: World, st: Structure) -> dict[str, Any]:
    """Model-level reporters: ``day`` and every declared series (:data:`engine.layout.OUTPUTS`),
    named as in the series files (``troops_RUS``, ``depth_km_pokrovsk``, ``oil_price``;
    engine/outputs.py) and computed from the declared ``source``: a per-state series
    on the states it is declared for (belligerents, or states with a modelled economy),
    a per-front series on every sector. Series kept only in the World (``written=False``:
    BATNA, draft utility ...) are reported too; docs/columns.md lists them all."""
    from engine.export import carries

    rep: dict[str, Any] = {"day": lambda m: m.day}
    for o in L.OUTPUTS:
        read = _source_reader(o.source)
        if o.per == "state":
            for i, code in enumerate(st.states):
                if carries(w, 0, i, o.states):
                    rep[f"{o.name}_{code}"] = _bound(read, i=i)
        elif o.per == "front":
            for f, fid in enumerate(st.fronts):
                rep[f"{o.name}_{fid}"] = _bound(read, f=f)
        else:
            rep[o.name] = _bound(read)
    if w.talks_param[0, L.TP_GAME] > 0.0:
        rep.update(game_reporters())
    return rep


def game_trace_columns() -> dict[str, int]:
    """The talks game's daily record as model reporters: ``game_<column>`` -> its column
    of ``game_trace``, for every column declared in engine.mechanisms.talks_game.outputs
    ``TRACE`` (``T_BELIEF_A`` -> ``game_belief_a``)."""
    from engine.mechanisms.bargaining import columns as C
    from engine.mechanisms.talks_game.outputs import TRACE

    return {f"game_{name[2:].lower()}": getattr(C, name) for name, *_ in TRACE}


def game_reporters() -> dict[str, Any]:
    """Model reporters of the talks game (``talks.model = "bargaining"``): each column of
    the game's trace row of the last simulated day (NaN on the step-0 row: no day yet)."""

    def reader(col: int):
        def read(m) -> float:
            day = m.day
            return float(m.world.game_trace[0, day - 1, col]) if day > 0 else float("nan")

        return read

    return {name: reader(col) for name, col in game_trace_columns().items()}


def state_reporters() -> dict[str, Any]:
    """Agent reporters of a StateAgent: every declared per-state series (None on a state
    it is not declared for)."""
    from engine.export import carries

    out: dict[str, Any] = {}
    for o in L.OUTPUTS:
        if o.per != "state":
            continue
        read = _source_reader(o.source)

        def report(a, read=read, states=o.states):
            w = a.model.world
            if not carries(w, 0, a.index, states):
                return None
            return read(w, i=a.index)

        out[o.name] = report
    return out


def _source_reader(source: str):
    """A function ``(world, i=, f=) -> float`` evaluating a declared output's ``source``
    (an expression over run 0's ``state``, ``front``, ``glob`` rows and ``L``)."""
    code = compile(source, f"<output {source}>", "eval")

    def read(w, i: int = 0, f: int = 0) -> float:
        env = {"state": w.state[0], "front": w.front[0], "glob": w.glob[0], "L": L, "i": i, "f": f}
        return float(eval(code, {"__builtins__": {"abs": abs}}, env))

    return read


def _bound(read, **index):
    return lambda m: read(m.world, **index)
