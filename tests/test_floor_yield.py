"""Reservation floors that yield to a hurting stalemate (aims.py ``stalemate_cost``,
``floor_yield``, ``yielded_floor``; docs/talks.md, "Ripeness"; Zartman 2000): each check
against a closed form computed here from the game's inputs, through the real day
(``play_day_given``) of the kernel and of its twin."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining import kernel as K
from engine.mechanisms.bargaining import reference as R
from tests.bargaining_games import arrays_of, play, play_twin, prepared

NAMES = ("ipar", "par", "side", "types", "quad", "vals", "st", "trace")


def given_days(run, battle: int, days: int) -> int:
    """Play ``days`` days of the kernel with the day's battle given (1: A won, 0: B won,
    -2: nothing seen; no decisive end); returns the day the war ended (-1: it did not)."""
    for day in range(days):
        K.play_day_given(np.int64(day), np.int64(battle), *run.arrays())
        if run.st[C.S_OUTCOME] != C.OUT_WAR:
            return day
    return -1


def twin_given_days(run, battle: int, days: int) -> tuple[int, tuple]:
    """The same days played by the twin on a copy of ``run``'s arrays."""
    lists = R.to_lists(copy.deepcopy(run.arrays()))
    for day in range(days):
        R.play_day_given(day, battle, *lists)
        if lists[6][C.S_OUTCOME] != C.OUT_WAR:
            return day, lists
    return -1, lists


# ---------------------------------------------------------------- the floor's path
def losing_b(give: float, cap: float, cost_b: float = 0.0005) -> dict:
    """A wins every day's battle (it is given); A's floor of 0.95 leaves B at most 0.05
    and B's floor (0.5, yielding at most ``cap``) stays above it: no deal, the war runs on.
    Both sides' floors may yield (``give``): only B's does, as only B never wins."""
    side = {"discount": 0.999, "floor_give": give, "floor_give_cap": cap}
    return {
        "days": 200, "tremble": 0.0, "hazard": 0.002, "proposer": "fixed",
        "sides": {"A": {**side, "cost": {"centre": 0.0003}, "reserve": {"pie": {"centre": 0.95}}},
                  "B": {**side, "cost": {"centre": cost_b}, "reserve": {"pie": {"centre": 0.5}}}},
    }


def test_the_losing_sides_floor_yields_by_the_closed_form_and_the_winners_does_not():
    """With a constant cost c a day and no battle won, B's floor after n days of war is
    ``floor0 - min(cap, give n c)``; A, which wins every day, has no stalemate hurt and
    its floor does not move."""
    give, cap, c, floor0 = 2.0, 0.1, 0.0005, 0.5
    run = prepared(losing_b(give, cap, c), 1)
    days = 150  # the cap binds from n = cap / (give c) = 100 days
    floors, yields = [], []
    for day in range(days):
        K.play_day_given(np.int64(day), np.int64(1), *run.arrays())
        floors.append(run.types[C.TY_FLOOR, 1, 0])
        yields.append(run.trace[day, C.T_YIELD_B])
    assert run.st[C.S_OUTCOME] == C.OUT_WAR
    n = np.arange(1, days + 1)
    want = floor0 - np.minimum(cap, give * n * c)
    np.testing.assert_allclose(floors, want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(yields, floor0 - want, rtol=0, atol=1e-12)
    assert run.st[C.S_STALL_B] == pytest.approx(days * c, rel=1e-12)
    assert run.st[C.S_HURT_B] == pytest.approx(days * c, rel=1e-12)
    assert run.st[C.S_STALL_A] == 0.0 and run.st[C.S_HURT_A] == pytest.approx(days * 0.0003)
    assert (run.trace[:days, C.T_YIELD_A] == 0.0).all()
    assert run.types[C.TY_FLOOR, 0, 0] == 0.95


def test_a_day_with_nothing_seen_is_stalemate_for_both_and_a_won_day_for_neither():
    """Battle -2 (nothing seen): both sides' hurt counts; battle 0 (B won): only A's."""
    run = prepared(losing_b(2.0, 0.1), 1)
    given_days(run, -2, 10)
    assert run.st[C.S_STALL_A] == pytest.approx(10 * 0.0003, rel=1e-12)
    assert run.st[C.S_STALL_B] == pytest.approx(10 * 0.0005, rel=1e-12)
    run = prepared(losing_b(2.0, 0.1), 1)
    given_days(run, 0, 10)
    assert run.st[C.S_STALL_A] == pytest.approx(10 * 0.0003, rel=1e-12)
    assert run.st[C.S_STALL_B] == 0.0


def test_a_new_leader_keeps_the_countrys_stalemate_hurt_and_its_floors_yield():
    """The stalemate's hurt is the country's: a new leader (day 40) starts its war aims
    afresh but its floor stays yielded and keeps yielding on the same path."""
    give, cap, c, floor0 = 2.0, 0.1, 0.0005, 0.5
    raw = losing_b(give, cap, c)
    raw["sides"]["B"]["leader_day"] = 40
    raw["sides"]["B"]["aims"] = {"sunk": 50.0, "cap": 0.03}
    run = prepared(raw, 1)
    given_days(run, 1, 60)
    assert run.st[C.S_LEADER_CHANGES] == 1
    rise = min(0.03, 50.0 * 20 * c)  # the new leader's sunk cost: days 40-59
    assert run.st[C.S_AIM_B] == pytest.approx(rise, rel=1e-12)
    assert run.types[C.TY_FLOOR, 1, 0] == pytest.approx(floor0 + rise - min(cap, give * 60 * c),
                                                        abs=1e-12)


def test_a_hardened_red_line_keeps_the_yield_on_top():
    """A red line hardened on day 30 (0.5 -> 0.6) resets the floor to the harder term
    before the day's talks (``day_start``), still worn down by the yield so far (30 days
    of hurt), and the day's end (``aims_day``) wears it by one more day's."""
    from engine.mechanisms.bargaining import reference_aims as RA
    from engine.mechanisms.bargaining.aims import day_start

    give, cap, c = 2.0, 0.1, 0.0005
    raw = losing_b(give, cap, c)
    raw["sides"]["B"]["harden"] = {"day": 30, "issue": "pie", "centre": 0.6}
    run = prepared(raw, 1)
    given_days(run, 1, 30)
    _, lists = twin_given_days(run, 1, 0)
    day_start(np.int64(30), run.par, run.side, run.types, run.st)
    RA.day_start(30, lists[1], lists[2], lists[3], lists[6])
    assert run.st[C.S_HARDENED] == 1 and lists[6][C.S_HARDENED] == 1
    assert run.types[C.TY_FLOOR, 1, 0] == pytest.approx(0.6 - give * 30 * c, abs=1e-12)
    assert lists[3][C.TY_FLOOR][1][0] == run.types[C.TY_FLOOR, 1, 0]
    run = prepared(raw, 1)
    given_days(run, 1, 31)
    assert run.types[C.TY_FLOOR, 1, 0] == pytest.approx(0.6 - give * 31 * c, abs=1e-12)


def test_a_floor_below_zero_is_not_raised_and_yielding_stops_at_zero():
    """``yielded_floor``: a floor already below 0 stays where it is (B's -0.05); a
    positive one is worn down to 0 at most (A's 0.3, with a cap of 1 and a yield of
    several times its floor). Neither side's offer is worth its war value: no deal."""
    raw = losing_b(400.0, 1.0)
    raw["sides"]["A"]["floor_give"] = 0.0
    raw["sides"]["B"]["reserve"] = {"pie": {"centre": -0.05}}
    run = prepared(raw, 1)
    assert given_days(run, 1, 30) == -1
    assert run.st[C.S_YIELD_B] == 1.0 and run.types[C.TY_FLOOR, 1, 0] == -0.05
    raw = losing_b(400.0, 1.0)
    raw["sides"]["B"].update(floor_give=0.0, reserve={"pie": {"centre": 0.95}})
    raw["sides"]["A"]["reserve"] = {"pie": {"centre": 0.3}}
    run = prepared(raw, 1)
    assert given_days(run, 0, 30) == -1
    assert run.st[C.S_YIELD_A] == 1.0 and run.types[C.TY_FLOOR, 0, 0] == 0.0


# ---------------------------------------------------------------- a range opens
def hurting(give: float, talk_every: int = 4) -> dict:
    """Two sides whose floors leave no range (0.6 + 0.61 > 1) and whose war costs 0.01
    a day (their war values are below their floors, so the floors decide); with
    nothing seen on the front every day of war is stalemate for both."""
    side = {"discount": 0.99, "cost": {"centre": 0.01}, "floor_give": give,
            "floor_give_cap": 0.15}
    return {
        "days": 80, "tremble": 0.0, "hazard": 0.01, "talk_every": talk_every,
        "sides": {"A": {**side, "reserve": {"pie": {"centre": 0.6}}},
                  "B": {**side, "reserve": {"pie": {"centre": 0.61}}}},
    }


def first_range_day(f_a: float, f_b: float, give: float, cap: float, c: float,
                    talk_every: int) -> int:
    """The first talks day t whose floors leave a range: at the round of day t the
    floors have yielded ``min(cap, give t c)`` each (the hurt of days 0 .. t-1), so the
    range opens once ``f_A + f_B - 2 min(cap, give t c) <= 1``."""
    t = 0
    while f_a + f_b - 2.0 * min(cap, give * t * c) > 1.0:
        t += 1
    return -(-t // talk_every) * talk_every


@pytest.mark.parametrize("talk_every", [1, 4])
def test_floors_that_do_not_overlap_settle_only_once_the_stalemate_opens_a_range(talk_every):
    """No deal in 80 days with give 0; with give 1 the deal comes on the first talks day
    on which the yielded floors leave a range (t = 11 at a round a day, 12 every 4
    days: 1.21 - 0.02 t <= 1), and it lies between the yielded floors."""
    never = prepared(hurting(0.0, talk_every), 1)
    assert given_days(never, -2, 80) == -1
    assert never.st[C.S_DEAL_DAY] == -1.0 and never.st[C.S_YIELD_A] == 0.0
    run = prepared(hurting(1.0, talk_every), 1)
    day = given_days(run, -2, 80)
    t = first_range_day(0.6, 0.61, 1.0, 0.15, 0.01, talk_every)
    assert t == (11 if talk_every == 1 else 12)
    assert run.st[C.S_DEAL_DAY] == day == t
    share = run.st[C.S_SHARE_A]
    y = min(0.15, 1.0 * t * 0.01)
    assert 0.6 - y - 1e-9 <= share <= 1.0 - (0.61 - y) + 1e-9


# ---------------------------------------------------------------- defaults
def test_a_floor_that_does_not_yield_is_the_old_floor_bit_for_bit():
    """With give 0 (the default) the floor is exactly ``floor0 + aims`` every day (the
    floor before this mechanism, to the bit, a negative floor included), the yield is
    0 and the stalemate hurt is recorded but acts on nothing."""
    from tests.test_bargaining_aims import everything_new

    raw = everything_new(0.52, days=30)
    raw["sides"]["A"]["reserve"] = {"pie": {"centre": -0.05, "spread": 0.1}}
    del raw["sides"]["A"]["harden"]  # (its harder term would lift the negative floor)
    run = prepared(raw, 1)
    for day in range(30):
        K.play_day(np.int64(day), *run.arrays())
        for i in range(2):
            want = run.types[C.TY_FLOOR0, i] + run.st[C.S_AIM_A + i]
            assert np.array_equal(run.types[C.TY_FLOOR, i], want), (day, i)
    assert run.types[C.TY_FLOOR, 0].min() < 0.0
    assert (run.trace[:, C.T_YIELD_A] == 0.0).all() and (run.trace[:, C.T_YIELD_B] == 0.0).all()
    assert run.st[C.S_STALL_B] > 0.0  # (A won every battle before the deal: no stalemate)


def test_a_yield_without_a_cap_is_refused_by_name():
    from engine.mechanisms.bargaining.build import game

    raw = losing_b(2.0, 0.0)
    with pytest.raises(ValueError, match=r"sides\.A\.floor_give_cap"):
        game(raw)


# ---------------------------------------------------------------- the twin
def test_twin_agrees_with_yielding_floors_given_battles():
    """Kernel and twin on every array, battles given (nothing seen), through the day the
    range opens and the deal."""
    run = prepared(hurting(1.0, 4), 1)
    day_t, lists = twin_given_days(run, -2, 30)
    day_k = given_days(run, -2, 30)
    assert day_k == day_t == 12
    for label, a, b in zip(NAMES, run.arrays(), arrays_of(lists), strict=True):
        a = np.asarray(a, dtype=float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), label
        m = ~np.isnan(a)
        np.testing.assert_allclose(a[m], b[m], rtol=1e-12, atol=1e-15, err_msg=label)


@pytest.mark.parametrize("seed", [0, 3, 9])
def test_twin_agrees_with_yielding_floors_and_every_other_piece(seed):
    """The core's twin case with every piece of aims.py on (reference points, aims, a
    patron, random leaders, a hardened red line, a threshold issue, talks after a
    relapse) and floors that yield, battles drawn: seed 0 has a blocked deal, 3 two
    relapses, 9 a deal that comes only because the floors yield."""
    from tests.test_bargaining_aims import everything_new

    raw = everything_new(0.52, days=40)
    for c in "AB":
        raw["sides"][c].update(floor_give=30.0, floor_give_cap=0.08)
    run = prepared(raw, seed)
    twin_days, lists = play_twin(run)
    days = play(run)
    assert days == twin_days
    assert run.trace[:days, C.T_YIELD_A].max() > 0.0 and run.trace[:days, C.T_YIELD_B].max() > 0.0
    for label, a, b in zip(NAMES, run.arrays(), arrays_of(lists), strict=True):
        a = np.asarray(a, dtype=float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), label
        m = ~np.isnan(a)
        np.testing.assert_allclose(a[m], b[m], rtol=1e-9, atol=1e-12, err_msg=label)


def test_the_game_twin_agrees_with_yielding_floors():
    """Kernel and twin of the day loop on every declared column and array, with both
    sides' floors yielding to the reference scenario's stalemate (the front's battles,
    the engine's pain on the cost); the yield acted."""
    from engine.core.simulate import run_days
    from engine.world import build_world
    from tests.test_bargaining_aims import game_scenario
    from tests.twin import assert_twin_agrees

    give = {"floor_give": 20.0, "floor_give_cap": 0.1}
    s = game_scenario(sides={"A": dict(give), "B": dict(give)})
    assert_twin_agrees(s, 3, 40)
    w, _ = build_world(s, [3], days=40)
    run_days(w, 40, parallel=False)
    tr = w.game_trace[0]
    assert np.nanmax(tr[:, C.T_YIELD_A]) > 0.0 and np.nanmax(tr[:, C.T_YIELD_B]) > 0.0
