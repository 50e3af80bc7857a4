"""Theory checks of the bargaining protocol (docs/talks.md, "Checks"). Each runs the real
protocol (kernel.play): offers are the proposers' expected-utility maxima, acceptance is
the responders' comparison with their continuation values; nothing is a formula for the
outcome. Each is compared with a closed form or a theorem."""

from __future__ import annotations

import numpy as np
import pytest

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining import kernel as K
from engine.mechanisms.bargaining.build import Run
from tests.bargaining_games import (
    commitment,
    mutual_optimism,
    play,
    prepared,
    rubinstein,
    screening,
)


# ---------------------------------------------------------------- Rubinstein (1982)
def share(d1: float, d2: float) -> float:
    return (1.0 - d2) / (1.0 - d1 * d2)


@pytest.mark.parametrize(
    ("d1", "d2"), [(0.9, 0.9), (0.8, 0.7), (0.95, 0.6), (0.5, 0.99), (0.99, 0.98)]
)
def test_first_proposer_gets_the_rubinstein_share(d1, d2):
    run = prepared(rubinstein(d1, d2))
    play(run)
    assert run.st[C.S_OUTCOME] == C.OUT_DEAL and run.st[C.S_DEAL_DAY] == 0
    assert run.trace[0, C.T_PROPOSER] == 0  # A proposed, B accepted
    assert run.st[C.S_SHARE_A] == pytest.approx(share(d1, d2), rel=0.02)


@pytest.mark.parametrize(("d_patient", "d_impatient"), [(0.95, 0.8), (0.99, 0.9)])
def test_the_more_patient_side_gets_more(d_patient, d_impatient):
    # whoever proposes first, the more patient side ends with more than half once
    # the first-mover advantage is small (both discounts near 1)
    for first in ("A", "B"):
        run = prepared(rubinstein(d_patient, d_impatient, first=first))
        play(run)
        a = run.st[C.S_SHARE_A]
        run2 = prepared(rubinstein(d_impatient, d_patient, first=first))
        play(run2)
        assert a > run2.st[C.S_SHARE_A]
    run = prepared(rubinstein(0.99, 0.95, first="B"))
    play(run)
    assert run.st[C.S_SHARE_A] > 0.5  # A patient, B proposes first: A still gets more


def test_offers_are_the_proposers_optimum_not_a_formula():
    """At the settled values, no share on a fine grid gives the proposer more than the
    offer it made."""
    run = prepared(rubinstein(0.8, 0.7))
    play(run)
    a = run.arrays()
    t = run.vals[C.V_OFFER, 0, 0]
    x = K.next_value(0, 0, True, a[0], run.vals)
    best = K.offer_utility(0, 0, t, x, *a[:6], a[6])
    grid = np.linspace(0.0, 1.0, 2001)
    eus = [K.offer_utility(0, 0, g, x, *a[:6], a[6]) for g in grid]
    assert max(eus) <= best + 1e-9
    assert t == pytest.approx(1.0 - share(0.8, 0.7), abs=1e-6)


# ---------------------------------------------------------------- Fearon (1995)
def closed_form(q: float, da=0.95, ca=0.1, db=0.95, c_weak=0.3, c_strong=0.05):
    """Risk-return trade-off with two responder types and a one-shot war (h = 1).

    War values: ``W_A = d p - c_A`` with p = 1/2; B's type t: ``W_B(t) = d (1 - p) - c_t``.
    The safe offer gives the strong type its war value (always accepted); the risky
    offer gives the weak type its war value and is refused by the strong type (chance
    ``1 - q``): risky iff ``q (1 - W_weak) + (1 - q) W_A > 1 - W_strong``.
    Returns (offer, chance of war).
    """
    wa = da * 0.5 - ca
    ws = db * 0.5 - c_strong
    ww = db * 0.5 - c_weak
    risky = q * (1.0 - ww) + (1.0 - q) * wa > 1.0 - ws
    return (ww, 1.0 - q) if risky else (ws, 0.0)


def cut(da=0.95, ca=0.1, db=0.95, c_weak=0.3, c_strong=0.05) -> float:
    wa, ws, ww = da * 0.5 - ca, db * 0.5 - c_strong, db * 0.5 - c_weak
    return (1.0 - ws - wa) / (1.0 - ww - wa)


@pytest.mark.parametrize("dq", [-0.2, -0.02, 0.02, 0.2])
def test_screening_offer_and_war_chance_match_the_closed_form(dq):
    q = cut() + dq
    offer, p_war = closed_form(q)
    war = 0.0
    for tb, weight in ((0, 1.0 - q), (1, q)):  # B strong (0) or weak (1)
        run = prepared(screening(q))
        run.ipar[C.I_TYPE_B] = tb
        play(run)
        assert run.trace[0, C.T_OFFER] == pytest.approx(offer, abs=1e-9)
        if run.st[C.S_OUTCOME] != C.OUT_DEAL:
            war += weight
    assert war == pytest.approx(p_war, abs=1e-12)


def test_screening_war_chance_over_drawn_types():
    """The same through types drawn per run from A's prior (the scenario draws them)."""
    q = cut() + 0.2
    raw = screening(q)
    raw["sides"]["B"]["cost"] = dict(raw["sides"]["B"]["cost"])
    wars = []
    for seed in range(400):
        run = prepared(raw, seed)
        # B's type is drawn from B's own distribution: 1/2 each; reweigh to q below
        play(run)
        wars.append((run.ipar[C.I_TYPE_B], run.st[C.S_OUTCOME] != C.OUT_DEAL))
    wars = np.array(wars)
    assert wars[wars[:, 0] == 0, 1].all()  # the strong type always fights
    assert not wars[wars[:, 0] == 1, 1].any()  # the weak type always accepts
    assert 0.4 < wars[:, 1].mean() < 0.6  # half the draws are strong


# ---------------------------------------------------------------- learning
KAPPAS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
SEEDS = range(12)


def duration(run: Run) -> int:
    days = play(run)
    return int(run.st[C.S_END_DAY]) if run.st[C.S_END_DAY] >= 0 else days


def test_war_lasts_longer_the_less_informative_battles_are():
    """Mutual optimists learn only from battles (offers are cheap talk here): the war
    ends when beliefs converge (Slantchev 2003), sooner the more a battle says. Common
    random numbers: the same seed gives the same battle draws at every kappa."""
    days = np.array([[duration(prepared(mutual_optimism(k), s)) for s in SEEDS]
                     for k in KAPPAS])
    means = days.mean(axis=1)
    assert all(a > b for a, b in zip(means, means[1:], strict=False)), means
    assert (np.diff(days, axis=0) <= 0).all()  # and seed by seed, never longer
    assert means[-1] < 10 and means[0] > 150


def test_uninformative_battles_leave_beliefs_where_they_were():
    run = prepared(mutual_optimism(0.0, days=200), 3)
    days = play(run)
    assert days > 100 and (run.trace[:days, C.T_BATTLE] >= 0).all()
    assert np.array_equal(run.vals[C.V_BELIEF], run.types[C.TY_PRIOR])
    assert run.st[C.S_OUTCOME] != C.OUT_DEAL  # optimists who learn nothing do not settle
    informative = prepared(mutual_optimism(0.4, days=200), 3)
    play(informative)
    assert not np.array_equal(informative.vals[C.V_BELIEF], informative.types[C.TY_PRIOR])


# ---------------------------------------------------------------- commitment
def test_a_large_power_shift_leaves_no_deal_that_holds():
    # a bargaining range exists under complete information: W_A + W_B < 1
    wa = K.war_value(0.5, 0.001, 0.999, 0.01)
    assert 2.0 * wa < 1.0
    for seed in range(5):
        run = prepared(commitment(0.0, 0.0), seed)  # no shift: a deal at once, and it holds
        play(run)
        assert run.st[C.S_OUTCOME] == C.OUT_DEAL and run.st[C.S_DEAL_DAY] == 0
    for seed in range(5):
        run = prepared(commitment(0.4, 0.0), seed)
        play(run)
        assert run.st[C.S_OUTCOME] != C.OUT_DEAL
        # both foresee the reneging: no deal is even signed, they fight (Powell 2006)
        assert run.st[C.S_DEAL_DAY] < 0
        assert run.st[C.S_OUTCOME] in (C.OUT_A_WON, C.OUT_B_WON, C.OUT_WAR)


def test_a_costly_enough_guarantee_restores_the_deal():
    # B reneges unless its share covers its war value after the shift less g:
    # the guarantee needed is g* = W_B(0.5 + shift) - (1 - A's continuation value)
    shift = 0.4
    wb_after = K.war_value(0.5 + shift, 0.001, 0.999, 0.01)
    run = prepared(commitment(shift, 0.0), 0)
    play(run)
    g_star = wb_after - (1.0 - run.vals[C.V_THR, 0, 0])
    assert 0.0 < g_star < 0.3
    for g, holds in ((g_star - 0.01, False), (g_star + 0.01, True), (0.3, True)):
        for seed in range(3):
            run = prepared(commitment(shift, g), seed)
            play(run)
            assert (run.st[C.S_OUTCOME] == C.OUT_DEAL) == holds, (g, seed)
            assert (run.st[C.S_DEAL_DAY] == 0) == holds, (g, seed)  # signed at once or never


# ---------------------------------------------------------------- veto players and leaders
def test_a_veto_player_ties_the_negotiators_hands():
    """Two-level games (Schelling 1960; Putnam 1988; Tsebelis 2002): a veto player whose
    red line is above what the side would get (Rubinstein: 0.474 for B) moves the deal to
    that line; one below it changes nothing; two incompatible red lines leave no deal."""
    base = 1.0 - share(0.9, 0.9)
    for veto, b_share in ((0.6, 0.6), (0.3, base)):
        raw = rubinstein(0.9, 0.9)
        raw["sides"]["B"]["veto_floor"] = veto
        run = prepared(raw)
        play(run)
        assert run.st[C.S_DEAL_DAY] == 0
        assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(b_share, abs=1e-6)
    raw = rubinstein(0.9, 0.9)
    raw["days"] = 50
    raw["sides"]["A"]["veto_floor"] = 0.5
    raw["sides"]["B"]["veto_floor"] = 0.6
    run = prepared(raw)
    play(run)
    assert run.st[C.S_OUTCOME] == C.OUT_WAR and run.st[C.S_DEAL_DAY] < 0


def test_a_new_leader_is_a_new_type_and_learning_starts_again():
    """Leader turnover (Chiozza and Goemans 2011) redraws the side's type from its
    distribution and sends the other side's belief about it back to the prior."""
    from engine.reference.rng import uniform

    day = 15
    checked = 0
    for seed in range(6):
        plain = prepared(mutual_optimism(0.6, days=60), seed)
        play(plain)
        if plain.st[C.S_DEAL_DAY] >= 0 and plain.st[C.S_DEAL_DAY] <= day:
            continue
        raw = mutual_optimism(0.6, days=60)
        raw["sides"]["B"]["leader_day"] = day
        run = prepared(raw, seed)
        play(run)
        assert run.st[C.S_LEADER_CHANGES] == 1
        u = uniform(seed, day, C.STREAM_LEADER, 1)
        pop = run.types[C.TY_POP, 1]
        assert run.ipar[C.I_TYPE_B] == int(np.searchsorted(np.cumsum(pop), u, side="right"))
        # A's confidence in B's true type is back near its prior on the day
        before = plain.trace[day - 1, C.T_BELIEF_A]
        prior = run.types[C.TY_PRIOR, 0, run.ipar[C.I_TYPE_B]]
        assert abs(run.trace[day, C.T_BELIEF_A] - prior) < abs(before - prior)
        checked += 1
    assert checked >= 3


# ---------------------------------------------------------------- ripeness
def test_a_painful_stalemate_ripens():
    """Zartman (2000): with nothing learned (kappa = 0, offers cheap talk) the strong
    types' demands stay put; when the felt cost grows with the hurt suffered they fall
    day by day."""
    lows = {}
    solved = {}
    for r in (0.0, 200.0):
        raw = mutual_optimism(0.0, days=60)
        for c in "AB":
            raw["sides"][c]["ripening"] = r
        run = prepared(raw, 4)
        a = run.arrays()
        demand = []
        ok = []
        for day in range(60):
            cycled = run.st[C.S_UNCONVERGED] + run.st[C.S_MIXED]
            K.play_day(day, *a)
            demand.append(run.vals[C.V_TACC, 1, run.ipar[C.I_TYPE_B]])
            ok.append(run.st[C.S_UNCONVERGED] + run.st[C.S_MIXED] == cycled)
        assert run.st[C.S_OUTCOME] == C.OUT_WAR
        lows[r] = np.array(demand)
        solved[r] = np.array(ok)
    # A day whose best responses cycle between an offer and none (no fixed point in
    # pure strategies as the demand falls past a renege point) has no settled values to
    # compare: its solve is read as a mixing over the cycle (S_MIXED); such days are rare.
    assert solved[0.0].all() and solved[200.0].sum() >= 55
    assert np.ptp(lows[0.0]) < 1e-9
    falling = lows[200.0][solved[200.0]]
    assert (np.diff(falling) < 0).all() and lows[200.0][-1] < lows[0.0][-1] - 0.2


def test_ripening_shortens_the_stalemate():
    """With refusals informative but battles not, hurt that ripens ends the war sooner."""
    def mean_days(r):
        days = []
        for seed in range(8):
            raw = mutual_optimism(0.0, tremble=0.3)
            for c in "AB":
                raw["sides"][c]["ripening"] = r
            days.append(duration(prepared(raw, seed)))
        return np.mean(days)

    # On many days of this game the best responses cycle between an offer and none (no
    # fixed point in pure strategies; the solve reads a mixing over the cycle), which
    # moves the duration by a few days; so the check is on hurt that ripens fast
    # enough to shorten the war by more than that.
    base = mean_days(0.0)
    for r in (100.0, 400.0):
        assert mean_days(r) < base - 5, r


# ---------------------------------------------------------------- the solver
@pytest.mark.parametrize("proposer", ["alternate", "fixed"])
def test_newton_steps_reach_the_value_iterations_fixed_point(proposer):
    """The solve's Newton steps land on the fixed point plain value iteration reaches
    (to its tolerance: tol / (1 - a^m) ~ 2e-9 here), from a cold start and again after
    the day's news, in a small fraction of the plain sweeps."""
    from tests.test_bargaining_twin import with_extras

    raw = {**with_extras(mutual_optimism(0.3, days=5)), "tremble": 0.2, "proposer": proposer}
    raw["sides"]["B"].pop("leader_day")
    run = prepared(raw, 7)
    a = run.arrays()
    plain = run.vals.copy()
    sweeps = n_plain = 0
    for news in (None, [0.9, 0.1]):
        if news is not None:
            run.vals[C.V_BELIEF, 0] = plain[C.V_BELIEF, 0] = news
            K.forget_pieces(plain)  # plain sweeps outside a solve: the day's news is new
        sweeps += K.solve(*a[:7])
        n_plain += 2
        while K.sweep(*a[:5], plain, a[6]) > run.par[C.P_TOL]:
            n_plain += 1
        K.sweep(*a[:5], plain, a[6])
        assert run.st[C.S_UNCONVERGED] == 0
        for row in (C.V_THR, C.V_PROP, C.V_TACC, C.V_OFFER):
            np.testing.assert_allclose(run.vals[row], plain[row], rtol=0, atol=1e-8)
    # measured: 169 vs 1,636 sweeps (alternating), 172 vs 6,103 (fixed proposer)
    assert 5 * sweeps < n_plain, (sweeps, n_plain)


def solve_to_the_cap(ipar, par, side, types, quad, vals, st):
    """:func:`K.solve` without its cycle check: every sweep to the cap (the oracle)."""
    tol, cap = par[C.P_TOL], ipar[C.I_MAX_SWEEPS]
    misses, hold, stepped, last = 0, 0, False, 0.0
    K.forget_pieces(vals)
    for s in range(cap):
        vals[C.V_PREV_THR] = vals[C.V_THR]
        vals[C.V_PREV_PROP] = vals[C.V_PROP]
        diff = K.sweep(ipar, par, side, types, quad, vals, st)
        if diff <= tol:
            K.sweep(ipar, par, side, types, quad, vals, st)
            return s + 2
        if stepped and diff > 0.5 * last:
            misses, stepped = misses + 1, False
            hold = min(misses, 8)
            vals[C.V_THR] = vals[C.V_OUT_THR]
            vals[C.V_PROP] = vals[C.V_OUT_PROP]
            continue
        stepped = False
        if hold > 0:
            hold -= 1
        elif s + 1 < cap:
            vals[C.V_OUT_THR] = vals[C.V_THR]
            vals[C.V_OUT_PROP] = vals[C.V_PROP]
            stepped = K.newton_step(ipar, par, side, types, vals)
        last = diff
    st[C.S_UNCONVERGED] += 1.0
    return cap


def ripening_game(cap: int = 500, days: int = 60) -> Run:
    """The ripening game of :func:`test_a_painful_stalemate_ripens` (seed 4): on day 29
    the best responses cycle between an offer and none (no fixed point in pure
    strategies) as the demand falls past a renege point."""
    raw = mutual_optimism(0.0, days=days)
    raw["max_sweeps"] = cap
    for c in "AB":
        raw["sides"][c]["ripening"] = 200.0
    return prepared(raw, 4)


def first_mixed_day(run: Run):
    """Play ``run`` day by day; the first day whose solve is read as a mixing, with the
    arrays as the day started (None when no solve cycles)."""
    a = run.arrays()
    for day in range(run.ipar[C.I_DAYS]):
        before = [x.copy() for x in a]
        K.play_day(day, *a)
        if run.st[C.S_MIXED] > before[6][C.S_MIXED]:
            return day, before
        if run.st[C.S_OUTCOME] != C.OUT_WAR:
            break
    return None


def at_its_solve(day: int, before: list) -> list:
    """Copies of the day's arrays as its talks round's solve finds them (play_day's
    steps before the round)."""
    arrs = [x.copy() for x in before]
    ipar, par, side, types, quad, vals, st, trace = arrs
    K.day_start(day, par, side, types, st)
    K.leader_change(day, ipar, side, types, vals, st)
    return arrs


# the rows of vals that are a solve's result (not its scratch: the kept pieces, the
# cycle check's snapshot and the period's sums)
RESULT_ROWS = [r for r in range(C.NV)
               if not (C.V_AT_PIECE <= r <= C.V_AT_BELOW or r >= C.V_SNAP_THR)]


def test_a_cycling_solve_does_not_depend_on_the_cap():
    """The same run under two caps, both far above the cycle's detection and period:
    a solve whose best responses cycle is read as the mixing over its cycle, not
    wherever the cap stops it, so every array the run writes is the same bit for bit
    (before, the values, offers and counts were those of the cycle's phase at the cap)."""
    runs = []
    for cap in (2000, 5003):
        run = ripening_game(cap)
        play(run)
        assert run.st[C.S_MIXED] >= 1 and run.st[C.S_UNCONVERGED] == 0
        runs.append(run)
    for a, b in zip(runs[0].arrays()[1:], runs[1].arrays()[1:], strict=True):
        np.testing.assert_array_equal(a, b)
    ipar = [r.ipar.copy() for r in runs]
    for p in ipar:
        p[C.I_MAX_SWEEPS] = 0
    np.testing.assert_array_equal(ipar[0], ipar[1])


def cycle_of(arrs: list, limit: int = 4000):
    """The solve's iteration without its cycle check (the sweeps and Newton steps of
    :func:`K.solve`), every state kept by its bytes until one comes back: the sweeps of
    one period, as the values each kept sweep (not a miss) leaves (the oracle)."""
    ipar, par, side, types, quad, vals, st, trace = arrs
    misses, hold, stepped, last = 0, 0, False, 0.0
    K.forget_pieces(vals)
    seen = {}
    outs = []
    for _ in range(limit):
        key = (vals[C.V_THR].tobytes(), vals[C.V_PROP].tobytes(), min(misses, 7), hold, stepped,
               last, vals[C.V_OUT_THR].tobytes() if stepped else b"",
               vals[C.V_OUT_PROP].tobytes() if stepped else b"")
        if key in seen:
            return outs[seen[key]:]
        seen[key] = len(outs)
        vals[C.V_PREV_THR] = vals[C.V_THR]
        vals[C.V_PREV_PROP] = vals[C.V_PROP]
        diff = K.sweep(ipar, par, side, types, quad, vals, st)
        assert diff > par[C.P_TOL], "the solve converged: no cycle"
        if stepped and diff > 0.5 * last:
            misses, stepped = misses + 1, False
            hold = min(misses, 8)
            vals[C.V_THR] = vals[C.V_OUT_THR]
            vals[C.V_PROP] = vals[C.V_OUT_PROP]
            outs.append(None)  # a miss: the iteration undoes it
            continue
        outs.append((vals[C.V_THR].copy(), vals[C.V_PROP].copy()))
        stepped = False
        if hold > 0:
            hold -= 1
        else:
            vals[C.V_OUT_THR] = vals[C.V_THR]
            vals[C.V_OUT_PROP] = vals[C.V_PROP]
            stepped = K.newton_step(ipar, par, side, types, vals)
        last = diff
    raise AssertionError("no cycle within the limit")


def test_a_cycling_solve_reads_the_mixing_over_its_cycle():
    """Day 29 of the ripening game: no fixed point in pure strategies. The solve's values
    are the means of the values the iteration's sweeps leave over one period of its
    cycle (found here by keeping every state, not Brent's check), the values of the
    mixing over the cycle's pure profiles (Brown 1951; Robinson 1951); they are strictly
    inside the cycle's range where it moves. The acceptance shares and offers are the best
    responses to those values: each responder type's expected deal value at its
    acceptance share is its averaged continuation (or its floor binds), and no share on a
    fine grid gives the proposer more than the offer it makes."""
    found = first_mixed_day(ripening_game())
    assert found, "no solve cycled: the test needs a day without a fixed point"
    day, before = found
    arrs = at_its_solve(day, before)
    K.solve(*arrs[:7])
    ipar, par, side, types, quad, vals, st, trace = arrs
    period = [x for x in cycle_of(at_its_solve(day, before)) if x is not None]
    assert len(period) >= 2
    thr = np.array([x[0] for x in period])
    prop = np.array([x[1] for x in period])
    np.testing.assert_allclose(vals[C.V_THR], thr.mean(axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(vals[C.V_PROP], prop.mean(axis=0), rtol=0, atol=1e-12)
    moving = np.ptp(prop, axis=0) > 1e-6
    assert moving.any(), "the cycle does not move the values"
    assert (vals[C.V_PROP][moving] > prop.min(axis=0)[moving]).all()
    assert (vals[C.V_PROP][moving] < prop.max(axis=0)[moving]).all()
    for i in range(2):
        for j in range(types.shape[2]):
            t = vals[C.V_TACC, i, j]
            if t > 1.0:
                continue
            ev = K.expected_deal_value(i, j, t, *arrs[:6], st)
            lo = max(types[C.TY_FLOOR, i, j], side[i, C.SP_VETO])
            assert ev == pytest.approx(vals[C.V_THR, i, j], abs=1e-9) or (
                t == lo and ev >= vals[C.V_THR, i, j] - 1e-12)
    grid = np.linspace(0.0, 1.0, 2001)
    for i in range(2):
        j = int(ipar[C.I_TYPE_A + i])
        x = K.next_value(i, j, True, ipar, vals)
        t = vals[C.V_OFFER, i, j]
        best = (K.offer_utility(i, j, t, x, *arrs[:6], st) if t >= 0.0
                else K.refusal_value(i, j, x, ipar, par, side, types, vals, st))
        cap = K.offer_cap(i, j, types, side)
        eus = [K.offer_utility(i, j, g, x, *arrs[:6], st) for g in grid if g <= cap]
        assert max(eus) <= best + 1e-9


@pytest.mark.parametrize(("game", "seed"), [("learning", 4), ("everything", 7), ("ripening", 4)])
def test_a_converging_solve_is_unchanged_bit_for_bit(game, seed):
    """Every solve that converges ends where the iteration without the cycle check ends,
    bit for bit (:func:`solve_to_the_cap`, the solve before the mixed reading): the
    reading touches only solves that cycle."""
    from tests.test_bargaining_twin import GAMES

    run = ripening_game() if game == "ripening" else prepared(GAMES[game][0], seed)
    a = run.arrays()
    solved = 0
    for day in range(run.ipar[C.I_DAYS]):
        before = [x.copy() for x in a]
        K.play_day(day, *a)
        if run.st[C.S_ROUNDS] == before[6][C.S_ROUNDS] or run.st[C.S_MIXED] > before[6][C.S_MIXED]:
            continue
        fast = at_its_solve(day, before)
        slow = at_its_solve(day, before)
        assert K.solve(*fast[:7]) == solve_to_the_cap(*slow[:7])
        np.testing.assert_array_equal(fast[5][RESULT_ROWS], slow[5][RESULT_ROWS])
        np.testing.assert_array_equal(fast[6], slow[6])
        solved += 1
        if run.st[C.S_OUTCOME] != C.OUT_WAR:
            break
    assert solved >= 5
