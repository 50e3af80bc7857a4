"""Build the talks game's arrays: each run's private types drawn from its seed.

For ``talks.model = "bargaining"`` the table ``[talks.bargaining]`` is the bargaining
core's game (:class:`engine.mechanisms.bargaining.schema.Game`), played over the run's
horizon with the run's seed: side A is the first belligerent in the scenario, B the
second (the talks' ``TR_SIDE_A``/``TR_SIDE_B``). Runs of other scenarios get arrays of
one type and one trace row, and the game's flag ``TP_GAME = 0`` keeps them out of it.
"""

from __future__ import annotations

import math

import numpy as np

from engine import layout as L
from engine.core.build import BuildContext
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.build import Run
from engine.mechanisms.bargaining.build import build as build_run
from engine.mechanisms.bargaining.schema import Game

FIELDS = ("game_ipar", "game_par", "game_side", "game_types", "game_quad", "game_vals",
          "game_st", "game_trace")


def playing(s) -> bool:
    """Whether scenario ``s`` runs the talks as the bargaining game."""
    t = s.talks
    return bool(t.enabled and s.issues and t.model == "bargaining" and t.bargaining is not None)


def game(s, days: int, seed: int) -> Game:
    """The validated game of scenario ``s`` over ``days`` days with the run's ``seed``."""
    return Game.model_validate({**s.talks.bargaining, "days": int(days), "seed": int(seed)})


def signature(s) -> tuple:
    """Array shapes all runs of one World share: the type grid and the shift's nodes."""
    if not playing(s):
        return (False,)
    raw = s.talks.bargaining
    g = game(s, 1, 0)
    levels = tuple((g.sides[c].strength_levels, g.sides[c].cost_levels) for c in "AB")
    nodes = g.commitment.nodes if g.commitment.shift_sd > 0.0 else 1
    return (True, levels, nodes, len(raw.get("issues", ["pie"])))


def run_arrays(s, days: int, seed: int) -> Run:
    """One run's game arrays (the core's :func:`~engine.mechanisms.bargaining.build.build`)."""
    return build_run(game(s, days, seed), seed)


def strength_centre(types, i: int) -> float:
    """Side ``i``'s strength centre ``sum_j w_ij theta_ij`` (the kernel's, same order)."""
    centre = 0.0
    for j in range(len(types[C.TY_STRENGTH][i])):
        centre += types[C.TY_POP][i][j] * types[C.TY_STRENGTH][i][j]
    return centre


def combat_power(effect: float, types, i: int, t: int) -> float:
    """Combat power of side ``i`` of true type ``t``: ``exp(effect (theta_it - centre_i))``
    (``types``: the game's type grid, an array or nested lists)."""
    return math.exp(effect * (types[C.TY_STRENGTH][i][t] - strength_centre(types, i)))


def build(ctx: BuildContext) -> None:
    """The game's arrays for every run, its flag, and the talks' start status."""
    a = ctx.arrays
    seeds = a["seed"]
    runs: list[Run | None] = [
        run_arrays(s, ctx.days, int(seeds[r])) if playing(s) else None
        for r, s in enumerate(ctx.scenarios)
    ]
    first = next((run for run in runs if run is not None), None)
    n = 1 if first is None else first.types.shape[2]
    nq = 1 if first is None else first.quad.shape[1]
    rows = 1 if first is None else ctx.days
    R = ctx.n_runs
    out = {
        "game_ipar": np.zeros((R, C.NI), np.int64),
        "game_par": np.zeros((R, C.NP)),
        "game_side": np.zeros((R, 2, C.NSP)),
        "game_types": np.zeros((R, C.NTY, 2, n)),
        "game_quad": np.zeros((R, 2, nq)),
        "game_vals": np.zeros((R, C.NV, 2, n)),
        "game_st": np.zeros((R, C.NS)),
        "game_trace": np.full((R, rows, C.NT), np.nan),
    }
    side_a = a["talks_roles"][L.TR_SIDE_A]
    for r, run in enumerate(runs):
        if run is None:
            continue
        for name, arr in zip(FIELDS, run.arrays(), strict=True):
            out[name][r] = arr
        a["talks_param"][r, L.TP_GAME] = 1.0
        talks = ctx.scenarios[r].talks
        a["talks_param"][r, L.TP_GAME_EVEN] = talks.even_gain_km2
        a["talks_param"][r, L.TP_GAME_READING] = 1.0 if talks.battle_reading == "expected" else 0.0
        a["talks_param"][r, L.TP_GAME_EFFECT] = talks.strength_effect
        # the drawn strength types act on the front from day 0 (front.build set 1)
        for i, role in enumerate((L.TR_SIDE_A, L.TR_SIDE_B)):
            t = run.ipar[C.I_TYPE_A + i]
            a["state"][r, a["talks_roles"][role], L.S_COMBAT_POWER] = combat_power(
                talks.strength_effect, run.types, i, t)
        a["glob"][r, L.G_TALKS_STATUS] = L.TALKS_ACTIVE
        a["glob"][r, L.G_GAME_AREA] = a["state"][r, side_a, L.S_TERRITORY]
    a["glob"][:, L.G_GAME_BATTLE] = -1.0
    # the cost grid starts at the types' own costs: no pain applied yet
    a["glob"][:, L.G_GAME_PAIN_A] = 1.0
    a["glob"][:, L.G_GAME_PAIN_B] = 1.0
    a.update(out)
