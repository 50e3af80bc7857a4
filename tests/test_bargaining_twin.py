"""The bargaining kernel and its plain-Python twin play the same runs: every array the
kernel writes (state, values, beliefs, offers, the daily trace) is compared."""

from __future__ import annotations

import numpy as np
import pytest

from engine.mechanisms.bargaining import columns as C
from tests.bargaining_games import (
    arrays_of,
    commitment,
    mutual_optimism,
    play,
    play_twin,
    prepared,
    rubinstein,
    screening,
)

NAMES = ("ipar", "par", "side", "types", "quad", "vals", "st", "trace")


def with_extras(raw: dict) -> dict:
    """Mediator, audience costs, sticky positions, reservation terms and an uncertain
    shift switched on, so that every mechanism runs in the comparison."""
    raw = {**raw, "issues": ["territory", "guarantees"], "mediator": {"every": 3, "noise": 0.1}}
    sides = {}
    for code, s in raw["sides"].items():
        sides[code] = {
            **s, "audience_cost": 0.2, "stickiness": 0.1, "position": 0.7, "optimism": 0.5,
            "strength": {"centre": 0.0, "spread": 0.3},  # win chances off the clip bounds
            "reserve": {"territory": {"centre": 0.1, "spread": 0.05},
                        "guarantees": {"centre": 0.05}},
        }
    sides["A"]["veto_floor"] = 0.08
    sides["B"]["leader_day"] = 6
    sides["B"]["ripening"] = 50.0
    raw["sides"] = sides
    raw["commitment"] = {"shift": 0.05, "shift_sd": 0.05, "shift_days": 5, "nodes": 3}
    return raw


def cycling(days: int) -> dict:
    """Mutual optimists whose felt cost ripens fast: as the demand falls past a renege
    point one day's best responses cycle between an offer and none (no fixed point in
    pure strategies), and that solve is read as a mixing over the cycle (solve)."""
    raw = mutual_optimism(0.0, days=days)
    for c in "AB":
        raw["sides"][c] = {**raw["sides"][c], "ripening": 200.0}
    return raw


# short runs and a looser value tolerance: the twin sweeps in plain Python
FAST = {"tol": 1e-7}
GAMES = {
    "rubinstein": (rubinstein(0.9, 0.8), 1),
    "screening": (screening(0.6), 1),
    "learning": ({**mutual_optimism(0.3, days=12), "tremble": 0.3, **FAST}, 4),
    "commitment": ({**commitment(0.4, 0.0), "days": 12, **FAST}, 2),
    "everything": ({**with_extras(mutual_optimism(0.3, days=12)), "tremble": 0.2, **FAST}, 7),
    "cycling": (cycling(40), 4),
}


@pytest.mark.parametrize("name", sorted(GAMES))
def test_twin_plays_the_same_run(name):
    raw, seed = GAMES[name]
    run = prepared(raw, seed)
    twin_days, lists = play_twin(run)
    days = play(run)
    assert days == twin_days
    got = arrays_of(lists)
    for label, a, b in zip(NAMES, run.arrays(), got, strict=True):
        a = np.asarray(a, dtype=float)
        assert a.shape == b.shape, label
        assert np.array_equal(np.isnan(a), np.isnan(b)), label
        m = ~np.isnan(a)
        np.testing.assert_allclose(a[m], b[m], rtol=1e-9, atol=1e-12, err_msg=label)
    # the discrete record agrees exactly
    assert run.st[C.S_OUTCOME] == got[6][C.S_OUTCOME]
    assert np.array_equal(run.trace[:days, C.T_ACCEPT], got[7][:days, C.T_ACCEPT])
    assert np.array_equal(run.trace[:days, C.T_BATTLE], got[7][:days, C.T_BATTLE])


def test_everything_game_exercises_every_mechanism():
    """The comparison above is only worth something if the run used each piece."""
    raw, seed = GAMES["everything"]
    run = prepared(raw, seed)
    days = play(run)
    tr = run.trace[:days]
    assert (tr[:, C.T_PROPOSER] == 2).any()  # a mediator's draft
    assert (tr[:, C.T_PROPOSER] == 0).any() and (tr[:, C.T_PROPOSER] == 1).any()
    assert (tr[:, C.T_BATTLE] >= 0).any()
    assert run.st[C.S_REFUSALS] > 0
    assert run.quad.shape[1] == 3
    assert run.types[C.TY_FLOOR].min() > 0.0
    assert np.ptp(tr[:, C.T_POS_A]) > 0.0  # positions moved
    assert run.st[C.S_LEADER_CHANGES] == 1 and run.side[0, C.SP_VETO] > 0.0
    assert run.st[C.S_HURT_B] > 0.0 and run.side[1, C.SP_RIPEN] > 0.0


def test_cycling_game_reads_a_mixing():
    """The cycling game's comparison above covers a solve read as a mixing over its
    cycle (kernel and twin sum, average and best-respond the same way)."""
    raw, seed = GAMES["cycling"]
    run = prepared(raw, seed)
    play(run)
    assert run.st[C.S_MIXED] >= 1 and run.st[C.S_UNCONVERGED] == 0


def test_summary_explains_the_refusal():
    from engine.mechanisms.bargaining.outputs import summary

    run = prepared(screening(0.8), 1)
    run.ipar[C.I_TYPE_B] = 0  # the strong type refuses the risky offer
    out = summary(run, play(run))
    assert out["outcome"] in ("a_won", "b_won") and out["share"] is None
    assert out["talks"]["refusals"] == 1
    assert out["last_refusal"].startswith("B refused a share of 0.175")
    assert out["sides"]["B"]["least_acceptable_share"] == pytest.approx(0.425)
