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
``[bargaining.front]``        the front share the reference points follow (where it
                              starts, how far a battle moves it)
``[bargaining.sides.X]`` ``floor_give``, ``floor_give_cap``: a reservation floor that
                              yields to the hurt of a stalemate (Zartman 2000)
``[bargaining.sides.X.reference]``  a lagging reference point (Levy 1997)
``[bargaining.sides.X.aims]``       war aims that rise with sunk costs and gains (Goemans 2000)
``[bargaining.sides.X.patron]``     a patron state that must co-sign its client's deal
``[bargaining.truce]``              incidents under a deal, the sides' trust and their
                                    re-decision to resume (engine runs only)
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.core.schema import Flag, Int, Num, _Strict, num


class Dist(_Strict):
    """A private quantity's distribution: ``centre + spread * z`` on the type grid's
    nodes ``z`` (Gauss-Hermite nodes of a standard normal)."""

    centre: Num = num(-10.0, 10.0)
    spread: Num = num(0.0, 10.0, default=0.0)
    source: str = Field("", description="where the centre and spread come from")


class Reference(_Strict):
    """A lagging reference point (prospect theory; Levy 1997): the share a side codes
    gains and losses against follows the front only with a lag (exponential smoothing
    with half-life ``half_life`` days), and a deal below it costs ``loss_aversion`` per
    unit short (docs/talks.md, "Reference points and war aims")."""

    half_life: Num = num(0.0, 1e5, description="days for the reference to close half its gap "
                         "to the front (0: at once)")
    loss_aversion: Num = num(0.0, 100.0, description="lambda: value lost per unit a deal "
                             "falls short of the reference (pie units per share)")
    source: str = Field("", description="where the half-life and loss aversion come from")


class Aims(_Strict):
    """War aims that rise with sunk costs and gains (Goemans 2000; Reiter 2009): the side's
    reservation floor rises by ``min(cap, sunk H + gain G)`` with ``H`` the war cost paid and
    ``G`` the front share gained since its leader took office."""

    sunk: Num = num(0.0, 1e4, default=0.0, description="floor rise per unit of hurt (pie units)")
    gain: Num = num(0.0, 100.0, default=0.0, description="floor rise per unit of front gained")
    cap: Num = num(0.0, 1.0, description="the most the aims rise (share units)")
    source: str = Field("", description="where the rates and the cap come from")


class Patron(_Strict):
    """A patron state that must co-sign its client's deal and has its own red line
    (Cunningham 2006; Tsebelis 2002): the least share of the package it lets its client
    sign. Unless ``public``, the line is learned when the patron first blocks a deal."""

    state: str = Field(min_length=1, description="the patron's name (a state code in a scenario)")
    floor: Num = num(0.0, 1.0, description="least share of its client's it co-signs")
    public: Flag = Field(False, description="the line is known from the start")
    source: str = Field("", description="where the red line comes from")


class Harden(_Strict):
    """A red line hardened, or an issue added, mid-run (an annexation law, a new demand
    on the table): from ``day`` on the side's reservation term on ``issue`` is at least
    ``centre + spread z`` (z its type's strength node), like its other terms; an issue not
    in the game's list joins the package."""

    day: Int = Field(ge=1, le=100000, description="day the harder line takes effect")
    issue: str = Field(min_length=1, description="the issue (a new one joins the package)")
    centre: Num = num(-10.0, 10.0, description="the new reservation term's centre")
    spread: Num = num(0.0, 10.0, default=0.0)
    source: str = Field("", description="what event this stands for, and where from")


class Threshold(_Strict):
    """A threshold (indivisible) issue (Hassner 2003; Toft 2003): the side gets it whole
    with a share of at least ``share`` of the package, else loses its whole value
    ``loss``. From ``reframe_day`` on it is reframed as divisible (value in proportion,
    ``loss (share - s) / share`` below the threshold), which costs the side
    ``reframe_cost``."""

    share: Num = Field(gt=0.0, le=1.0, description="share at which the issue is met whole")
    loss: Num = num(0.0, 10.0, description="its value: lost whole below the threshold (pie units)")
    reframe_day: Int | None = Field(None, ge=0, le=100000,
                                    description="day it is reframed as divisible (none: never)")
    reframe_cost: Num = num(0.0, 10.0, default=0.0, description="cost of the reframing")
    source: str = Field("", description="what the issue is, and where the numbers come from")


class Front(_Strict):
    """The front as a share of the package: where it starts (A's share the status quo
    gives it) and how far one battle moves it (the reference points follow it)."""

    start: Num = num(0.0, 1.0, default=0.5, description="A's front share at the start")
    step: Num = num(0.0, 1.0, default=0.0, description="front share one battle moves")
    source: str = Field("", description="where the start and the step come from")


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
    floor_give: Num = num(
        0.0, 1e4, default=0.0,
        description="share of the package the reservation floor gives up per pie unit of "
        "stalemate hurt (war cost paid on days the side did not win the battle; Zartman "
        "2000); 0: the floor never yields",
    )
    floor_give_cap: Num = num(
        0.0, 1.0, default=0.0,
        description="the most the reservation floor gives up to the stalemate (share units)",
    )
    leader_day: Int | None = Field(
        None, ge=0, description="day a new leader takes over (its type is redrawn)"
    )
    leader_hazard: Num = num(
        0.0, 1.0, default=0.0,
        description="daily chance of a random leader change (a death, a coup, a snap election)",
    )
    veto_name: str = Field("", description="who holds the domestic veto (a parliament, a "
                           "referendum, a hard-line faction); named when it binds")
    reference: Reference | None = None
    aims: Aims | None = None
    patron: Patron | None = None
    harden: Harden | None = None
    threshold: Threshold | None = None


class Commitment(_Strict):
    """The power shift a deal allows and the guarantee that makes reneging costly."""

    shift: Num = num(-1.0, 1.0, default=0.0, description="towards B, win-probability units")
    shift_sd: Num = num(0.0, 1.0, default=0.0)
    shift_days: Int = Field(30, ge=1, le=100000, description="days until the shift is known")
    guarantee: Num = num(0.0, 10.0, default=0.0, description="cost of reneging, pie units")
    guarantee_per_level: Num = num(
        0.0, 0.95, default=0.0,
        description="w: more cost of reneging per unit of the client's share of the package "
        "(the guarantee issue's level on the package line: guarantees, peacekeepers)",
    )
    guarantee_client: Literal["A", "B"] = Field(
        "B", description="the side whose share of the package is the guarantee issue's level")
    nodes: Int = Field(5, ge=1, le=21, description="quadrature nodes when shift_sd > 0")


class Truce(_Strict):
    """The ceasefire after a deal as the sides' choice (engine runs of the talks game;
    docs/talks_game.md, "The truce"). Incidents come at the scenario's ceasefire hazard
    (``talks.violation_hazard``, lowered by guarantees and peacekeepers, raised by
    resentment: the red-line ceasefire's own draw) and escalate with ``talks.relapse_prob``;
    each incident lowers the trust of the side it hit that the other keeps the deal
    (Bayes' rule: Kydd and Walter 2002), and with ``redecide`` each side then re-decides
    whether to resume: it does when ``q (W - s) + (1 - q) surprise > g``."""

    attribution: Num = num(1.0, 100.0, default=1.0, description="m: how many times likelier a "
                           "side believes an incident is when the other side means to resume (1: "
                           "incidents teach nothing)")
    surprise: Num = num(0.0, 10.0, default=0.0, description="b: value a side loses when it keeps "
                        "the truce and the other strikes first (pie units; first-strike advantage)")
    redecide: Flag = Field(True, description="each side re-decides whether to resume on every "
                           "incident day (false: incidents end the truce only by escalating)")
    source: str = Field("", description="where the attribution and the surprise come from")


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
    front: Front = Field(default_factory=Front)
    truce: Truce | None = None
    resume_after: Int | None = Field(
        None, ge=1, le=100000,
        description="days after a collapsed deal until talks resume (none: they do not)",
    )

    @model_validator(mode="after")
    def _check(self) -> Game:
        if set(self.sides) != {"A", "B"}:
            raise ValueError("sides: needs exactly A and B")
        for code, s in self.sides.items():
            unknown = set(s.reserve) - set(self.issues)
            if unknown:
                raise ValueError(f"sides.{code}.reserve: unknown issue(s) {sorted(unknown)}")
            if s.floor_give > 0.0 and s.floor_give_cap <= 0.0:
                raise ValueError(f"sides.{code}.floor_give_cap: must be above 0 when floor_give "
                                 "is (with a cap of 0 the floor never yields)")
            n = s.strength_levels * s.cost_levels
            if s.type is not None and s.type >= n:
                raise ValueError(f"sides.{code}.type: {s.type} is not below {n} types")
        return self
