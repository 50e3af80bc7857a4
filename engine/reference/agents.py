"""Plain Mesa agents of the reference model: ordinary attributes, no arrays."""

from __future__ import annotations

import mesa

from engine.mechanisms.front.build import effective_intensity


class RefState(mesa.Agent):
    """A state: its army, firepower, morale and (later) economy and politics."""

    def __init__(self, model, code: str, spec, index: int):
        super().__init__(model)
        self.code = code
        self.index = index
        self.role = spec.role
        self.spec = spec
        self.reserve = 0.0
        self.committed = 0.0
        self.fire_stock = spec.fire_stock
        self.fire_used = 0.0
        self.morale = spec.morale
        self.casualties = 0.0
        self.casualties_today = 0.0
        self.recruited = 0.0
        self.territory = 0.0
        self.recruit_mult = 1.0
        self.production_mult = 1.0
        self.combat_power = 1.0  # the talks game's strength type may rescale it
        self.war_support = spec.war_support
        # interface between mechanisms (see engine.layout)
        self.econ_pain = 0.0
        self.aid_paused = False
        self.pressure_sanctions = 0.0
        self.leader_changed_day = -1
        self.troop_ceiling = spec.troop_ceiling if spec.troop_ceiling > 0 else float("inf")

    @property
    def troops(self) -> float:
        return self.reserve + self.committed

    @property
    def is_belligerent(self) -> bool:
        return self.role == "belligerent"


class RefSettlement:
    def __init__(self, name: str, depth: float, taken: bool):
        self.name = name
        self.depth = depth
        self.taken = taken


class RefFront(mesa.Agent):
    """A front sector: two armies facing each other across a moving line."""

    def __init__(self, model, fid: str, spec, index: int, attacker: RefState, defender: RefState):
        super().__init__(model)
        self.fid = fid
        self.index = index
        self.spec = spec
        self.attacker = attacker
        self.defender = defender
        self.length = spec.length_km
        self.max_depth = spec.max_depth_km
        self.depth0 = spec.depth_km
        self.fortification = spec.fortification
        self.priority = spec.priority
        self.intensity = effective_intensity(model.scenario, fid)
        self.attacker_troops = spec.attacker_troops
        self.defender_troops = spec.defender_troops
        self.depth = spec.depth_km
        self.attacker_losses = 0.0
        self.defender_losses = 0.0
        self.advance_today = 0.0
        self.log_ratio = 0.0
        self.attacker_fire_share = 0.0
        self.frozen = False
        self.breakthroughs = 0
        self.settlements = [
            RefSettlement(s.name, s.depth_km, s.depth_km <= spec.depth_km)
            for s in spec.settlements
        ]

    def troops_of(self, state: RefState) -> float:
        return self.attacker_troops if state is self.attacker else self.defender_troops

    def add_troops(self, state: RefState, amount: float) -> None:
        if state is self.attacker:
            self.attacker_troops += amount
        else:
            self.defender_troops += amount
