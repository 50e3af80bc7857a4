"""Scenario format of the bargaining mechanism (usable standalone: ``[bargaining]``).

Every number may be written bare or as ``{ value = ..., source = "..." }`` (the source
note travels with the file, as everywhere in warsim); a distribution is a table
``{ centre = ..., spread = ..., source = "..." }``. docs/talks.md has the equations.

``[bargaining]``              the game: days, proposer rule, talks cadence, war hazard,
                              informativeness of battles, tremble, issues
``[bargaining.sides.A|B]``    a belligerent: discount, the distributions its private type
                              is drawn from (strength, cost of war, reservation terms per
                              issue), its optimism about the other, public position and
                              audience cost
``[bargaining.commitment]``   the power shift a deal allows and the guarantee against
                              reneging
``[bargaining.mediator]``     a mediator with noisy signals (every k-th round)
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.scenario import Int, Num, _Strict, num


class Dist(_Strict):
    """A private quantity's distribution: ``centre + spread * z`` on the type grid's
    nodes ``z`` (Gauss-Hermite nodes of a standard normal)."""

    centre: Num = num(-10.0, 10.0)
    spread: Num = num(0.0, 10.0, default=0.0)
    source: str = Field("", description="where the centre and spread come from")


class Side(_Strict):
    """A belligerent's character in the talks; its type is private and drawn per run."""

    discount: Num = Field(0.999, gt=0.0, lt=1.0, description="delta per day")
    strength: Dist = Field(default_factory=lambda: Dist(centre=0.0))
    strength_levels: Int = Field(1, ge=1, le=5, description="grid points of strength")
    cost: Dist = Field(
        default_factory=lambda: Dist(centre=0.001),
        description="cost of a day of war in pie units (1 / resolve)",
    )
    cost_levels: Int = Field(1, ge=1, le=5, description="grid points of cost")
    reserve: dict[str, Dist] = Field(
        default_factory=dict,
        description="reservation term per issue: the least share it signs (rises with strength)",
    )
    optimism: Num = num(-5.0, 5.0, default=0.0, description="prior tilt: the other is weaker")
    position: Num = num(0.0, 1.0, default=0.5, description="public position (share demanded)")
    audience_cost: Num = num(0.0, 10.0, default=0.0, description="per unit backed off")
    stickiness: Num = num(0.0, 1.0, default=0.0, description="daily rate a position moves")
    type: Int | None = Field(None, ge=0, description="pin the true type (checks); else drawn")
    veto_floor: Num = num(
        0.0, 1.0, default=0.0,
        description="a veto player's red line: least share it co-signs (0 = no veto player)",
    )
    ripening: Num = num(
        0.0, 1e4, default=0.0,
        description="r: felt cost of war grows as c (1 + r H), H the war cost paid so far",
    )
    leader_day: Int | None = Field(
        None, ge=0, description="day a new leader takes over (its type is redrawn)"
    )


class Commitment(_Strict):
    """The power shift a deal allows and the guarantee that makes reneging costly."""

    shift: Num = num(-1.0, 1.0, default=0.0, description="towards B, win-probability units")
    shift_sd: Num = num(0.0, 1.0, default=0.0)
    shift_days: Int = Field(30, ge=1, le=100000, description="days until the shift is known")
    guarantee: Num = num(0.0, 10.0, default=0.0, description="cost of reneging, pie units")
    nodes: Int = Field(5, ge=1, le=21, description="quadrature nodes when shift_sd > 0")


class Mediator(_Strict):
    every: Int = Field(0, ge=0, le=1000, description="every k-th round is a draft (0 = none)")
    noise: Num = Field(0.1, gt=0.0, le=10.0, description="sd of its glimpse of a threshold")


class Game(_Strict):
    """A two-sided game of bargaining while fighting."""

    days: Int = Field(365, ge=1, le=100000)
    seed: Int = Field(1, ge=0, lt=2**62)
    first: Literal["A", "B"] = "A"
    proposer: Literal["alternate", "fixed"] = "alternate"
    talk_every: Int = Field(1, ge=1, le=1000, description="days between rounds")
    hazard: Num = num(0.0, 1.0, default=0.0, description="daily chance of a decisive end")
    informativeness: Num = num(0.0, 1.0, default=0.5, description="kappa of a day's battle")
    tremble: Num = num(0.0, 0.5, default=0.01, description="chance a responder errs")
    tol: Num = Field(1e-11, gt=0.0, le=1e-3, description="value-iteration tolerance")
    max_sweeps: Int = Field(20000, ge=1, le=1000000)
    issues: list[str] = Field(default_factory=lambda: ["pie"], min_length=1)
    sides: dict[Literal["A", "B"], Side]
    commitment: Commitment = Field(default_factory=Commitment)
    mediator: Mediator = Field(default_factory=Mediator)

    @model_validator(mode="after")
    def _check(self) -> Game:
        if set(self.sides) != {"A", "B"}:
            raise ValueError("sides: needs exactly A and B")
        for code, s in self.sides.items():
            unknown = set(s.reserve) - set(self.issues)
            if unknown:
                raise ValueError(f"sides.{code}.reserve: unknown issue(s) {sorted(unknown)}")
            n = s.strength_levels * s.cost_levels
            if s.type is not None and s.type >= n:
                raise ValueError(f"sides.{code}.type: {s.type} is not below {n} types")
        return self
