"""The talks game's private strength types act on the front, and the front's battles
reveal them (issue 13 item 2: fighting is how information is revealed; Slantchev 2003,
Powell 2004). docs/talks_game.md, "Fighting reveals the types".

Before: the front did not read the drawn types and the day's gain was read against a
fixed 6 km2 that the front's trend crossed once, so Russia "won" 87% of the days in
days 0-90 and ~2% after day 181 in every type pair, and beliefs followed the trend.
"""

from __future__ import annotations

import math

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.mechanisms.bargaining import columns as C
from engine.scenario import load_scenario
from engine.world import build_world
from tests.conftest import REFERENCE

# type j = strength node * cost_levels + cost node (2 x 2 in the reference): 0 soft, 2 hard
SOFT, HARD = 0, 2


def test_the_drawn_strength_type_sets_the_sides_combat_power():
    """Each belligerent fights with ``exp(strength_effect (theta - centre))`` of its true
    type; every other state, and every state with ``strength_effect = 0``, with 1."""
    seeds = list(range(1, 13))
    w, _ = build_world(load_scenario(REFERENCE, {"talks.strength_effect": 0.5}), seeds, days=5)
    roles = (w.talks_roles[L.TR_SIDE_A], w.talks_roles[L.TR_SIDE_B])
    for r in range(len(seeds)):
        for i, e in enumerate(roles):
            theta = w.game_types[r, C.TY_STRENGTH, i]
            centre = float(w.game_types[r, C.TY_POP, i] @ theta)
            true = theta[w.game_ipar[r, C.I_TYPE_A + i]]
            assert math.isclose(w.state[r, e, L.S_COMBAT_POWER], math.exp(0.5 * (true - centre)),
                                rel_tol=1e-12)
        others = [k for k in range(w.state.shape[1]) if k not in roles]
        assert (w.state[r, others, L.S_COMBAT_POWER] == 1.0).all()
    powers = w.state[:, list(roles), L.S_COMBAT_POWER]
    assert (powers > 1.0).any() and (powers < 1.0).any()
    w0, _ = build_world(load_scenario(REFERENCE, {"talks.strength_effect": 0.0}), seeds, days=5)
    assert (w0.state[:, :, L.S_COMBAT_POWER] == 1.0).all()


def test_a_stronger_type_gains_more_ground():
    """The same run (seed, noise) with Russia's true type pinned hard or soft: the hard
    type takes more ground; with ``strength_effect = 0`` the two runs are the same."""
    days = 30

    def gained(effect, rus_type):
        s = load_scenario(REFERENCE, {"talks.strength_effect": effect,
                                      "talks.bargaining.sides.A.type": rus_type,
                                      "talks.bargaining.talk_every": 1000})
        w, _ = build_world(s, [4], days=days)
        run_days(w, days, parallel=False)
        return w.state[0, w.talks_roles[L.TR_SIDE_A], L.S_TERRITORY]

    assert gained(0.3, HARD) > gained(0.3, SOFT) + 1.0
    assert gained(0.0, HARD) == gained(0.0, SOFT)


def _battles_by_pair(overrides, seeds, days):
    """Side A's share of the battles won over the run, per (A hard, B hard) strength pair,
    and each side's mean belief in the other's true strength on day 0 and at the end."""
    w, _ = build_world(load_scenario(REFERENCE, overrides), seeds, days=days)
    R = len(seeds)
    theta = w.game_types[:, C.TY_STRENGTH]  # R, 2, n
    true = np.stack([theta[np.arange(R), i, w.game_ipar[:, C.I_TYPE_A + i]] for i in range(2)], 1)
    hard = true > (w.game_types[:, C.TY_POP] * theta).sum(axis=2)

    def belief_in_true_strength():
        b = w.game_vals[:, C.V_BELIEF]  # R, 2 (who believes), n (the other's types)
        return np.array([[b[r, i, np.isclose(theta[r, 1 - i], true[r, 1 - i])].sum()
                          for i in range(2)] for r in range(R)])

    run_days(w, 1, parallel=True)
    first = belief_in_true_strength()
    run_days(w, days - 1, parallel=True)
    last = belief_in_true_strength()
    battles = w.game_trace[:, :, C.T_BATTLE]
    share = {}
    for ha in (False, True):
        for hb in (False, True):
            x = battles[(hard[:, 0] == ha) & (hard[:, 1] == hb)]
            x = x[x >= 0.0]
            share[ha, hb] = x.mean() if x.size else np.nan
    return share, first.mean(axis=0), last.mean(axis=0)


def test_battles_carry_the_types_and_beliefs_move_toward_them():
    """Read against the median gain of two equally strong sides (battle_reading =
    expected): with the types acting on the front (the reference's strength_effect)
    hard Russia against soft Ukraine wins more battles than soft Russia against hard
    Ukraine, and both sides' mean belief in the other's true strength rises over the
    run; with ``strength_effect = 0`` every pair wins about half its battles (the front
    carries nothing about the types). Seeds 1-40, 180 days."""
    seeds = list(range(1, 41))
    s = load_scenario(REFERENCE)
    assert s.talks.battle_reading == "expected" and s.talks.strength_effect > 0.0
    share, first, last = _battles_by_pair({}, seeds, 180)
    assert share[True, False] > share[False, True] + 0.1, share
    assert (last > first + 0.1).all(), (first, last)
    share0, _, _ = _battles_by_pair({"talks.strength_effect": 0.0}, seeds, 180)
    assert abs(share0[True, False] - share0[False, True]) < 0.05, share0
    for v in share0.values():
        assert abs(v - 0.5) < 0.07, share0
