"""Build one run's arrays from a :class:`~engine.mechanisms.bargaining.schema.Game`.

The private types are drawn here, once per run, from the seed (stream
``STREAM_TYPE``): each side's true type is a draw from its own type distribution
(unless pinned by ``sides.X.type``). Everything the kernel reads afterwards is in the
arrays of :mod:`engine.mechanisms.bargaining.columns`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.schema import Game, Side
from engine.reference.rng import uniform

SIDES = ("A", "B")


def grid(levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes ``z`` and weights (summing to 1) of a standard normal on ``levels`` points
    (Gauss-Hermite, probabilists'): 1 -> {0}, 2 -> {-1, 1}, 3 -> {-sqrt 3, 0, sqrt 3}."""
    if levels == 1:
        return np.zeros(1), np.ones(1)
    z, w = hermegauss(levels)
    return z, w / w.sum()


@dataclass
class Run:
    """One run's arrays (see :mod:`columns`) and what the outputs need to explain it."""

    ipar: np.ndarray
    par: np.ndarray
    side: np.ndarray
    types: np.ndarray
    quad: np.ndarray
    vals: np.ndarray
    st: np.ndarray
    trace: np.ndarray
    reserve: np.ndarray  # float64[2, n, K]: reservation term per issue of each type
    strength_z: np.ndarray  # float64[2, n]: the strength node of each type
    issues: list[str]
    # who holds each side's domestic veto, and its patron's name ("" for none): the
    # outputs name the player that blocked or bound a deal
    veto_names: list[str] = field(default_factory=lambda: ["", ""])
    patrons: list[str] = field(default_factory=lambda: ["", ""])

    def arrays(self) -> tuple:
        """The kernel's arguments, in order."""
        return (self.ipar, self.par, self.side, self.types, self.quad, self.vals, self.st,
                self.trace)


def smoothing_rate(half_life: float) -> float:
    """Daily rate ``1 - 2^(-1/half_life)`` at which a reference point closes its gap to
    the front (exponential smoothing: half the gap in ``half_life`` days; 1 when 0)."""
    return 1.0 if half_life <= 0.0 else 1.0 - 0.5 ** (1.0 / half_life)


def side_types(s: Side, issues: list[str], code: str) -> tuple:
    """Type grid of one side: strength, cost, floor, weight, strength node, reserves.

    Type ``j = a * cost_levels + b`` has strength node ``a`` and cost node ``b``; its
    reservation term on issue k is ``centre_k + spread_k z_a`` (stronger types hold
    firmer red lines), its floor the strictest of them.
    """
    zs, ws = grid(s.strength_levels)
    zc, wc = grid(s.cost_levels)
    n = len(zs) * len(zc)
    strength, cost, floor, pop, node = (np.zeros(n) for _ in range(5))
    reserve = np.zeros((n, len(issues)))
    for a in range(len(zs)):
        for b in range(len(zc)):
            j = a * len(zc) + b
            strength[j] = s.strength.centre + s.strength.spread * zs[a]
            cost[j] = s.cost.centre + s.cost.spread * zc[b]
            if cost[j] < 0.0:
                raise ValueError(
                    f"sides.{code}.cost: centre - spread * {abs(zc[b]):.3g} is negative"
                )
            for k, name in enumerate(issues):
                d = s.reserve.get(name)
                reserve[j, k] = 0.0 if d is None else d.centre + d.spread * zs[a]
            floor[j] = reserve[j].max() if len(issues) else 0.0
            pop[j] = ws[a] * wc[b]
            node[j] = zs[a]
    return strength, cost, floor, pop, node, reserve


def build(game: Game, seed: int | None = None) -> Run:
    """Arrays of one run of ``game`` (``seed`` overrides ``game.seed``)."""
    seed = game.seed if seed is None else int(seed)
    per = [side_types(game.sides[c], game.issues, c) for c in SIDES]
    n = max(len(p[0]) for p in per)
    types = np.zeros((C.NTY, 2, n))
    reserve = np.zeros((2, n, len(game.issues)))
    node = np.zeros((2, n))
    for i, (strength, cost, floor, pop, z, res) in enumerate(per):
        m = len(strength)
        # a side with fewer types is padded with copies of its last type at weight 0
        for j in range(n):
            jj = min(j, m - 1)
            types[C.TY_STRENGTH, i, j] = strength[jj]
            types[C.TY_COST, i, j] = cost[jj]
            types[C.TY_FLOOR, i, j] = floor[jj]
            types[C.TY_FLOOR0, i, j] = floor[jj]
            types[C.TY_FLOOR_NEXT, i, j] = floor[jj]
            types[C.TY_POP, i, j] = pop[jj] if j < m else 0.0
            node[i, j] = z[jj]
            reserve[i, j] = res[jj]
    for i, code in enumerate(SIDES):
        # side i's prior about the other: the other's distribution tilted by optimism
        k = 1 - i
        w = types[C.TY_POP, k] * np.exp(-game.sides[code].optimism * node[k])
        types[C.TY_PRIOR, i] = w / w.sum()
    true = []
    for i, code in enumerate(SIDES):
        pinned = game.sides[code].type
        if pinned is not None:
            true.append(int(pinned))
            continue
        u = uniform(seed, 0, C.STREAM_TYPE, i)
        cum = np.cumsum(types[C.TY_POP, i])
        true.append(int(min(np.searchsorted(cum, u * cum[-1], side="right"), n - 1)))

    ipar = np.zeros(C.NI, dtype=np.int64)
    ipar[C.I_DAYS] = game.days
    ipar[C.I_SEED] = seed
    ipar[C.I_FIRST] = SIDES.index(game.first)
    ipar[C.I_FIXED] = 1 if game.proposer == "fixed" else 0
    ipar[C.I_TALK_EVERY] = game.talk_every
    ipar[C.I_MEDIATOR_EVERY] = game.mediator.every
    ipar[C.I_MAX_SWEEPS] = game.max_sweeps
    ipar[C.I_SHIFT_DAYS] = game.commitment.shift_days
    ipar[C.I_TYPE_A], ipar[C.I_TYPE_B] = true

    par = np.zeros(C.NP)
    par[C.P_HAZARD] = game.hazard
    par[C.P_KAPPA] = game.informativeness
    par[C.P_TREMBLE] = game.tremble
    par[C.P_SHIFT] = game.commitment.shift
    par[C.P_SHIFT_SD] = game.commitment.shift_sd
    par[C.P_GUARANTEE] = game.commitment.guarantee
    par[C.P_MED_NOISE] = game.mediator.noise
    par[C.P_TOL] = game.tol
    par[C.P_FRONT0] = game.front.start
    par[C.P_FRONT_STEP] = game.front.step
    par[C.P_RESUME] = -1.0 if game.resume_after is None else game.resume_after
    par[C.P_G_PER_LEVEL] = game.commitment.guarantee_per_level
    par[C.P_G_CLIENT] = SIDES.index(game.commitment.guarantee_client)
    if game.truce is not None:
        par[C.P_TRUCE] = 1.0
        par[C.P_ATTRIB] = game.truce.attribution
        par[C.P_SURPRISE] = game.truce.surprise
        par[C.P_REDECIDE] = 1.0 if game.truce.redecide else 0.0

    side = np.zeros((2, C.NSP))
    for i, code in enumerate(SIDES):
        s = game.sides[code]
        side[i, C.SP_DISCOUNT] = s.discount
        side[i, C.SP_AUDIENCE] = s.audience_cost
        side[i, C.SP_STICKY] = s.stickiness
        side[i, C.SP_POSITION0] = s.position
        side[i, C.SP_VETO] = s.veto_floor
        side[i, C.SP_LEADER_DAY] = -1.0 if s.leader_day is None else s.leader_day
        side[i, C.SP_RIPEN] = s.ripening
        side[i, C.SP_FLOOR_GIVE] = s.floor_give
        side[i, C.SP_FLOOR_GIVE_CAP] = s.floor_give_cap
        if s.reference is not None:
            side[i, C.SP_REF_RATE] = smoothing_rate(s.reference.half_life)
            side[i, C.SP_LOSS] = s.reference.loss_aversion
        if s.aims is not None:
            side[i, C.SP_AIM_SUNK] = s.aims.sunk
            side[i, C.SP_AIM_GAIN] = s.aims.gain
            side[i, C.SP_AIM_CAP] = s.aims.cap
        side[i, C.SP_VETO_HOME] = s.veto_floor
        if s.patron is not None:
            side[i, C.SP_PATRON] = s.patron.floor
            side[i, C.SP_PATRON_PUBLIC] = 1.0 if s.patron.public else 0.0
            if s.patron.public:
                # a public line binds like a domestic veto player's (Putnam 1988)
                side[i, C.SP_VETO] = max(s.veto_floor, s.patron.floor)
        side[i, C.SP_LEADER_HAZARD] = s.leader_hazard
        side[i, C.SP_HARDEN_DAY] = -1.0
        side[i, C.SP_REFRAME_DAY] = -1.0
        if s.threshold is not None:
            side[i, C.SP_TH_SHARE] = s.threshold.share
            side[i, C.SP_TH_LOSS] = s.threshold.loss
            side[i, C.SP_REFRAME_COST] = s.threshold.reframe_cost
            if s.threshold.reframe_day is not None:
                side[i, C.SP_REFRAME_DAY] = s.threshold.reframe_day
        if s.harden is not None:
            # from the day on, the floor counts the harder term (or the new issue's)
            side[i, C.SP_HARDEN_DAY] = s.harden.day
            for j in range(n):
                term = s.harden.centre + s.harden.spread * node[i, j]
                types[C.TY_FLOOR_NEXT, i, j] = max(types[C.TY_FLOOR0, i, j], term)
    if game.hazard <= 0.0 and max(side[:, C.SP_DISCOUNT]) >= 1.0:
        raise ValueError("hazard: with no decisive end the discounts must be below 1")

    levels = game.commitment.nodes if game.commitment.shift_sd > 0.0 else 1
    z, w = grid(levels)
    quad = np.vstack([z, w])

    vals = np.zeros((C.NV, 2, n))
    vals[C.V_BELIEF] = types[C.TY_PRIOR]
    vals[C.V_MED] = types[C.TY_POP]
    st = np.zeros(C.NS)
    st[C.S_DEAL_DAY] = st[C.S_END_DAY] = st[C.S_SHARE_A] = -1.0
    st[C.S_REFUSER] = st[C.S_REFUSED_SHARE] = st[C.S_RENEGER] = -1.0
    st[C.S_POS_A] = side[0, C.SP_POSITION0]
    st[C.S_POS_B] = side[1, C.SP_POSITION0]
    st[C.S_SUPPORT_A] = st[C.S_SUPPORT_B] = 1.0
    # the front and the reference points start at the status quo; sunk costs and gains
    # count from the start (aims.py)
    st[C.S_FRONT] = game.front.start
    st[C.S_REF_A] = st[C.S_FRONTL_A] = game.front.start
    st[C.S_REF_B] = st[C.S_FRONTL_B] = 1.0 - game.front.start
    st[C.S_BLOCKER] = st[C.S_BLOCKED_SHARE] = -1.0
    st[C.S_BREAK] = -1.0
    trace = np.full((game.days, C.NT), np.nan)
    sides = [game.sides[c] for c in SIDES]
    return Run(ipar, par, side, types, quad, vals, st, trace, reserve, node, list(game.issues),
               [s.veto_name for s in sides],
               ["" if s.patron is None else s.patron.state for s in sides])


def game(raw: dict) -> Game:
    """Validate a raw ``[bargaining]`` table."""
    return Game.model_validate(raw)
