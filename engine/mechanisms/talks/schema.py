"""Scenario sections of beliefs, talks and ceasefire.

Tables (docs/scenarios.md; equations in docs/model.md, "Beliefs", "Talks", "Ceasefire"):

``[issues.X]``              an issue: meaning of 0 and 1, its value in the starting draft,
                            the value that holds without a deal, and its role (territory,
                            guarantees, peacekeepers, sanctions relief) if it has one.
``[envoys.X]``              an envoy: principal, home capital, skill, mandate, trust.
``[states.X.bargaining]``   a state's ideal point, salience and red line per issue, its
                            discount factor, risk attitude, optimism and prior belief.
``[talks]``                 the talks' parameters; ``[talks.territory]`` ties the territory
                            issue to the front (km2 held -> issue value, piecewise linear).

A scenario without ``[talks]`` (or with ``talks.enabled = false``) has no talks.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from engine.core.schema import (
    Flag,
    Num,
    _clean_msg,
    _CrossRefError,
    _loc_to_path,
    _Strict,
    _unwrap_sourced,
    num,
)

# A closed interval [lo, hi]; may be written ``{ value = [lo, hi], source = "..." }``.
Interval = Annotated[tuple[Num, Num], BeforeValidator(_unwrap_sourced)]

ISSUE_ROLES = ("none", "territory", "guarantees", "peacekeepers", "sanctions_relief")


class Issue(_Strict):
    """One bargaining issue, a value in [0, 1]."""

    name: str = ""
    low: str = Field("", description="meaning of 0")
    high: str = Field("", description="meaning of 1")
    start: Num = num(0.0, 1.0, default=0.5, description="value in the starting draft")
    no_deal: Num = num(0.0, 1.0, default=0.5, description="value while there is no deal")
    role: Literal["none", "territory", "guarantees", "peacekeepers", "sanctions_relief"] = "none"
    strong: Literal["low", "high"] = Field(
        "high", description="end meaning strong guarantees / a full force / full relief"
    )


class Envoy(_Strict):
    name: str
    principal: str
    home: str = Field(description="state code of the capital it starts in")
    skill: Num = num(0.0, 1.0, default=0.5)
    mandate: Num = num(0.0, 1.0, default=0.3, description="how far the draft may stray (issues)")
    trust: Num = num(0.0, 1.0, default=0.5, description="trust of every host at the start")


class Bargaining(_Strict):
    """A state's position in the talks (per issue) and its bargaining character."""

    ideal: dict[str, Num] = Field(default_factory=dict, description="ideal point per issue")
    salience: dict[str, Num] = Field(default_factory=dict, description="weight per issue (>= 0)")
    red_lines: dict[str, Interval] = Field(
        default_factory=dict, description="[lo, hi] it would sign, per issue"
    )
    territory_offset: Num | None = Field(
        None, ge=-1.0, le=1.0, description="red line tied to the current line: freeze + offset"
    )
    discount: Num = num(0.0, 1.0, default=0.999, description="per day (per offer alternating)")
    risk: Num = num(-1.0, 1.0, default=0.0, description="-1 averse .. 1 acceptant")
    optimism: Num = num(-1.0, 1.0, default=0.0, description="bias of its believed trend")
    trend_prior: Num = num(-1e5, 1e5, default=0.0, description="own territory change km2/day")
    trend_sd: Num = num(0.0, 1e5, default=5.0, description="spread of it (km2/day)")
    ratify_fail: Num = num(0.0, 1.0, default=0.0, description="chance a bare deal fails at home")


class TerritoryMap(_Strict):
    """Km2 held by ``holder`` -> territory issue value, piecewise linear through knots."""

    holder: str = Field(description="belligerent whose gains raise the issue's value")
    area0_km2: Num = num(0.0, 1e8, description="area it holds at the start")
    area_km2: list[Num] = Field(min_length=2, description="knots: area held (increasing)")
    value: list[Num] = Field(min_length=2, description="knots: issue value (0..1)")
    source: str = Field("", description="where the knots come from")


class Talks(_Strict):
    """Parameters of beliefs, talks and ceasefire (docs/model.md)."""

    enabled: Flag = True
    model: Literal["redlines", "bargaining"] = Field(
        "redlines",
        description="redlines: the coded red lines and the mediator's pen (first design); "
        "bargaining: private types, Bayesian beliefs and optimised offers "
        "([talks.bargaining], docs/talks.md)",
    )
    bargaining: Any = Field(
        None, description="the bargaining game of talks.model = 'bargaining' (docs/talks.md)"
    )
    even_gain_km2: Num = num(
        -1e5, 1e5, default=0.0,
        description="talks.model = 'bargaining': side A's daily ground gain (km2) that counts "
        "as an even day of battle; more is a battle A won, less one B won "
        "(battle_reading = 'level')",
    )
    battle_reading: Literal["level", "expected"] = Field(
        "level",
        description="talks.model = 'bargaining': what the day's ground gain of side A is read "
        "against: 'level' even_gain_km2; 'expected' the gain the front's state today gives "
        "two equally strong sides, its median (docs/talks_game.md)",
    )
    strength_effect: Num = num(
        0.0, 10.0, default=0.0,
        description="talks.model = 'bargaining': log combat power per unit of the drawn "
        "strength type above its centre; each belligerent fights with effectiveness times "
        "exp(strength_effect (theta - centre)) (0: the types do not act on the front)",
    )
    protocol: Literal["shuttle", "alternating"] = "shuttle"
    mediator: str | None = Field(None, description="default: the first mediator")
    territory: TerritoryMap | None = None
    # utility and BATNA
    utility_exponent: Num = num(0.1, 5.0, default=1.0)
    red_line_penalty: Num = num(0.0, 100.0, default=2.0)
    horizon_days: Num = num(1.0, 5000.0, default=180.0)
    ripe_tolerance: Num = num(0.0, 1.0, default=0.03)
    ripe_deadband: Num = num(0.0, 1.0, default=0.0, description="hysteresis on the BATNA trend")
    sign_margin: Num = num(0.0, 1.0, default=0.005)
    # beliefs
    belief_rate: Num = num(0.0, 1.0, default=0.03, description="weight of a day's observation")
    learning: Num = num(0.0, 1.0, default=0.005, description="optimism lost per day of fighting")
    # costs of fighting on
    casualty_cost: Num = num(0.0, 100.0, default=0.2)
    econ_cost: Num = num(0.0, 100.0, default=0.2)
    pressure_cost: Num = num(0.0, 100.0, default=0.2)
    weariness: Num = num(0.0, 10.0, default=1.0)
    red_line_give: Num = num(0.0, 1.0, default=0.1)
    hurt_scale: Num = num(1e-6, 10.0, default=0.1)
    # envoys and leverage
    concession: Num = num(0.0, 10.0, default=0.5)
    yield_rate: Num = num(0.0, 1.0, default=0.1)
    unripe_factor: Num = num(0.0, 1.0, default=0.2)
    trend_weight: Num = num(0.0, 10.0, default=0.5)
    trend_scale_km2: Num = num(1e-6, 1e6, default=10.0)
    patron_weight: Num = num(0.0, 10.0, default=0.5)
    trust_gain: Num = num(0.0, 1.0, default=0.05)
    trust_loss: Num = num(0.0, 1.0, default=0.2)
    stay_days: Num = num(1.0, 60.0, default=3.0)
    km_per_day: Num = num(1.0, 1e5, default=4000.0, description="envoy travel speed")
    version_step: Num = num(0.0, 1.0, default=0.01)
    # leaks and breakdown
    leak_hazard: Num = num(0.0, 1.0, default=0.01)
    backlash: Num = num(0.0, 1.0, default=0.3)
    patron_pull: Num = num(0.0, 1.0, default=0.2)
    patience_days: Num = num(1.0, 3650.0, default=45.0)
    gap_epsilon: Num = num(0.0, 1.0, default=0.002)
    suspend_min_days: Num = num(0.0, 3650.0, default=7.0)
    suspend_mean_days: Num = num(0.0, 3650.0, default=21.0)
    # mediator
    deadline_days: Num = num(0.0, 3650.0, default=0.0, description="0: no deadlines")
    us_pressure: Num = num(0.0, 1.0, default=0.0, description="how hard the mediator presses")
    aid_credibility: Num = num(0.0, 1.0, default=0.5)
    sanctions_credibility: Num = num(0.0, 1.0, default=0.5)
    aid_threshold: Num = num(0.0, 10.0, default=0.3)
    extend_prob: Num = num(0.0, 1.0, default=0.5)
    escalate_prob: Num = num(0.0, 1.0, default=0.3)
    escalate_step: Num = num(0.0, 10.0, default=0.5)
    disengage_days: Num = num(0.0, 3650.0, default=30.0)
    # agreement and ceasefire
    ratify_days: Num = num(0.0, 365.0, default=14.0)
    ratify_slack: Num = num(1e-6, 10.0, default=0.1)
    violation_hazard: Num = num(0.0, 1.0, default=0.02)
    guarantee_effect: Num = num(0.0, 1.0, default=0.6)
    peacekeeper_effect: Num = num(0.0, 1.0, default=0.4)
    resentment_effect: Num = num(0.0, 100.0, default=2.0)
    relapse_prob: Num = num(0.0, 1.0, default=0.05)
    resentment_decay: Num = num(0.0, 1.0, default=0.02)
    violation_resentment: Num = num(0.0, 1.0, default=0.05)
    leader_shock: Num = num(0.0, 1.0, default=0.2)


    @field_validator("bargaining", mode="before")
    @classmethod
    def _game(cls, raw: Any) -> Any:
        """Validate ``[talks.bargaining]`` with the bargaining core's schema; keep the table
        as written (so a scenario re-validates and takes --set overrides). Its horizon
        and seed are the run's: ``days`` and ``seed`` may not be written there."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise ValueError("must be a table")
        # imported here: the core's schema imports engine.scenario, which imports this module
        from pydantic import ValidationError

        from engine.mechanisms.bargaining.schema import Game

        where = "talks.bargaining"
        problems = [(f"{where}.{key}", "set by the run (scenario.days, the run's seed), not here")
                    for key in ("days", "seed") if key in raw]
        try:
            Game.model_validate(raw)
        except ValidationError as e:
            for err in e.errors():
                path = _loc_to_path(err["loc"])
                problems.append((f"{where}.{path}" if path else where, _clean_msg(err["msg"])))
        if problems:
            raise _CrossRefError(problems)
        return raw


# The tables this mechanism adds to a scenario and to each ``[states.X]``
# (engine.scenario composes them).
SECTIONS = {
    "envoys": (dict[str, Envoy], Field(default_factory=dict)),
    "issues": (dict[str, Issue], Field(default_factory=dict)),
    "talks": (Talks, Field(default_factory=lambda: Talks(enabled=False))),
}
STATE_SECTIONS = {"bargaining": (Bargaining, Field(default_factory=lambda: Bargaining()))}


def problems(s) -> list[tuple[str, str]]:
    """Cross-references of the talks sections: envoys' states, issues named in bargaining
    tables, the talks' mediator, roles and maps."""
    out: list[tuple[str, str]] = []
    issues = set(s.issues)
    codes = set(s.states)
    for eid, e in s.envoys.items():
        if e.principal not in codes:
            out.append((f"envoys.{eid}.principal", f"unknown state '{e.principal}'"))
        if e.home not in codes:
            out.append((f"envoys.{eid}.home", f"unknown state '{e.home}'"))
    for code, st in s.states.items():
        b = st.bargaining
        for table in ("ideal", "salience", "red_lines"):
            for k, v in getattr(b, table).items():
                if k not in issues:
                    out.append((f"states.{code}.bargaining.{table}.{k}", f"unknown issue '{k}'"))
                elif table != "red_lines" and not 0.0 <= v <= (1.0 if table == "ideal" else 1e6):
                    out.append((f"states.{code}.bargaining.{table}.{k}", "out of range"))
        for k, (lo, hi) in b.red_lines.items():
            if not 0.0 <= lo <= hi <= 1.0:
                out.append((f"states.{code}.bargaining.red_lines.{k}", "need 0 <= lo <= hi <= 1"))
    for role in ISSUE_ROLES[1:]:
        having = [k for k, i in s.issues.items() if i.role == role]
        if len(having) > 1:
            out.append((f"issues.{having[1]}.role", f"only one issue may have role '{role}'"))
    t = s.talks
    if not t.enabled:
        return out
    belligerents = [c for c, st in s.states.items() if st.role == "belligerent"]
    if len(belligerents) != 2:
        out.append(("talks", "talks need exactly two belligerents"))
    if not s.issues:
        out.append(("issues", "talks need at least one issue"))
    for c in belligerents:
        if s.issues and sum(s.states[c].bargaining.salience.get(k, 0.0) for k in s.issues) <= 0.0:
            out.append((f"states.{c}.bargaining.salience", "a belligerent needs salience > 0"))
    if t.mediator is not None:
        if t.mediator not in codes:
            out.append(("talks.mediator", f"unknown state '{t.mediator}'"))
        elif s.states[t.mediator].role != "mediator":
            out.append(("talks.mediator", f"'{t.mediator}' is not a mediator"))
    if t.model == "bargaining" and t.bargaining is None:
        out.append(("talks.bargaining", "talks.model = 'bargaining' needs a [talks.bargaining] table"))
    if t.bargaining is not None:
        for k in t.bargaining.get("issues", []):
            if k not in issues:
                out.append(("talks.bargaining.issues", f"unknown issue '{k}'"))
        for code, side in (t.bargaining.get("sides") or {}).items():
            patron = (side or {}).get("patron") if isinstance(side, dict) else None
            if isinstance(patron, dict) and patron.get("state") not in s.states:
                out.append((f"talks.bargaining.sides.{code}.patron.state",
                            f"unknown state '{patron.get('state')}'"))
    if t.protocol == "alternating" and len(s.issues) != 1:
        out.append(("talks.protocol", "the alternating protocol takes exactly one issue"))
    terr = [k for k, i in s.issues.items() if i.role == "territory"]
    if terr and t.territory is None:
        out.append(("talks.territory", f"issue '{terr[0]}' has role territory: map needed"))
    if t.territory is not None:
        m = t.territory
        if m.holder not in belligerents:
            out.append(("talks.territory.holder", f"'{m.holder}' is not a belligerent"))
        if len(m.area_km2) != len(m.value):
            out.append(("talks.territory.value", "needs as many knots as area_km2"))
        if any(b <= a for a, b in zip(m.area_km2, m.area_km2[1:], strict=False)):
            out.append(("talks.territory.area_km2", "knots must increase"))
        if any(not 0.0 <= v <= 1.0 for v in m.value):
            out.append(("talks.territory.value", "knot values must be in [0, 1]"))
    return out
