"""Scenario sections of the battlefield: the global battle parameters and the front sectors.

Tables (docs/scenarios.md; equations in docs/model.md, "Battlefield"):

``[battle]``                  Lanchester-Helmbold attrition, the advance, breakthroughs.
``[fronts.X]``                a sector: attacker, defender, length, depth, troops in it,
                              fortification, tempo; ``[[fronts.X.settlements]]`` the towns
                              along its axis of advance.
``[states.X]`` (values)       a state's forces: troops, recruitment, firepower, morale and
                              how it allocates its reserve (:data:`STATE_FIELDS`).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from engine.core.schema import Flag, Num, _Strict, num


class Battle(_Strict):
    """Global battlefield parameters (MODEL step 3; docs/model.md, Battlefield)."""

    mu: Num = num(0.0, 1.0, default=0.5, description="Helmbold exponent")
    attrition: Num = num(0.0, 1.0, default=0.002, description="k, casualties/troop/day")
    fire_elasticity: Num = num(0.0, 5.0, default=1.0)
    advance_max: Num = num(0.0, 50.0, default=0.4, description="v_max, km/day")
    ratio_needed: Num = num(1e-3, 100.0, default=3.0, description="R*")
    ratio_scale: Num = num(1e-3, 10.0, default=0.35, description="s on ln R")
    counter_max: Num = num(0.0, 50.0, default=0.1, description="km/day")
    ratio_counter: Num = num(1e-3, 100.0, default=0.5, description="R_c")
    advance_noise: Num = num(0.0, 3.0, default=0.5)
    loss_noise: Num = num(0.0, 3.0, default=0.2)
    breakthrough_hazard: Num = num(0.0, 1.0, default=0.002, description="per day at R*")
    breakthrough_exponent: Num = num(0.0, 10.0, default=2.0)
    breakthrough_km: Num = num(0.0, 200.0, default=5.0)
    morale_effect: Num = num(0.0, 5.0, default=0.5)
    movement: Flag = Field(True, description="let the line move (off for closed-form checks)")


class Settlement(_Strict):
    """A town on a sector's axis of advance, taken when the line passes its depth."""

    name: str
    depth_km: Num = num(0.0, 2000.0)
    lon: Num = num(-180.0, 180.0, default=0.0)
    lat: Num = num(-90.0, 90.0, default=0.0)
    population: Num = num(0.0, 1e8, default=0.0)


class Front(_Strict):
    """A front sector: two belligerents' troops facing each other across a moving line."""

    name: str
    attacker: str
    defender: str
    length_km: Num = num(0.1, 5000.0)
    max_depth_km: Num = num(0.1, 2000.0)
    depth_km: Num = num(0.0, 2000.0, default=0.0, description="depth at the start")
    attacker_troops: Num = num(0.0, 1e8)
    defender_troops: Num = num(0.0, 1e8)
    fortification: Num = num(1.0, 20.0, default=1.0)
    priority: Num = num(0.0, 1.0, default=0.5)
    intensity: Num = num(0.0, 20.0, default=1.0, description="assault tempo multiplier")
    attack_share: Num | None = Field(
        None, ge=0.0, le=1.0, description="share of the attacker's assaults made here"
    )
    bearing_deg: Num = num(0.0, 360.0, default=270.0, description="attacker's direction")
    line: list[tuple[Num, Num]] = Field(default_factory=list, description="[lon, lat] points")
    settlements: list[Settlement] = Field(default_factory=list, max_length=16)

    @model_validator(mode="after")
    def _depths(self) -> Front:
        if self.depth_km > self.max_depth_km:
            raise ValueError("depth_km must not exceed max_depth_km")
        return self


# A state's forces: the values this mechanism adds to each ``[states.X]``.
STATE_FIELDS = {
    "troops": (Num, num(0.0, 1e8, default=0.0, description="troops in theatre (people)")),
    "recruits_per_day": (Num, num(0.0, 1e6, default=0.0)),
    "troop_ceiling": (Num, num(0.0, 1e8, default=0.0, description="0 means no ceiling")),
    "fire_production": (Num, num(0.0, 1e8, default=0.0, description="shell-eq/day")),
    "fire_rate": (Num, num(0.0, 1e8, default=0.0, description="shell-eq/day wanted")),
    "fire_stock": (Num, num(0.0, 1e10, default=0.0, description="shell-eq")),
    "morale": (Num, num(0.0, 1.0, default=0.7)),
    "morale_recovery": (Num, num(0.0, 1.0, default=0.01)),
    "morale_sensitivity": (Num, num(0.0, 1e4, default=20.0)),
    "collapse_morale": (Num, num(0.0, 1.0, default=0.1)),
    "wounded_return": (Num, num(0.0, 1.0, default=0.0, description="share of casualties back")),
    "reserve_keep": (Num, num(0.0, 1.0, default=0.15)),
    "alloc_rate": (Num, num(0.0, 1.0, default=0.05)),
    "threat_weight": (Num, num(0.0, 10.0, default=1.0)),
}

# The tables this mechanism adds to a scenario (engine.scenario composes them).
SECTIONS = {
    "battle": (Battle, Field(default_factory=Battle)),
    "fronts": (dict[str, Front], Field(...)),
}


def problems(s) -> list[tuple[str, str]]:
    """Problems of the sectors that need the rest of the scenario: who fights on them."""
    out: list[tuple[str, str]] = []
    belligerents = {c for c, st in s.states.items() if st.role == "belligerent"}
    if not s.fronts:
        out.append(("fronts", "at least one front sector is needed"))
    for fid, f in s.fronts.items():
        for side in ("attacker", "defender"):
            who = getattr(f, side)
            if who not in belligerents:
                out.append((f"fronts.{fid}.{side}", f"'{who}' is not a declared belligerent"))
        if f.attacker == f.defender:
            out.append((f"fronts.{fid}.defender", "must differ from the attacker"))
        for j, st in enumerate(f.settlements):
            if st.depth_km > f.max_depth_km:
                out.append(
                    (f"fronts.{fid}.settlements.{j}.depth_km", "beyond the sector's max_depth_km")
                )
    return out
