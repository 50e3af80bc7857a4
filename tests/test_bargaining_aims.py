"""Reference points, war aims, a patron's veto, random leaders and talks after a relapse
(engine/mechanisms/bargaining/aims.py; docs/talks.md, issue 13), each through the real
protocol and against a closed form, and the kernel against its twin with all of them on."""

from __future__ import annotations

import numpy as np
import pytest

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.reference import war_value
from engine.reference.rng import uniform
from tests.bargaining_games import (
    arrays_of,
    commitment,
    mutual_optimism,
    play,
    play_twin,
    prepared,
    rubinstein,
)

NAMES = ("ipar", "par", "side", "types", "quad", "vals", "st", "trace")


# ---------------------------------------------------------------- reference points
def losing_b(half_life: float | None, loss_aversion: float, days: int = 200) -> dict:
    """A much stronger A (it wins every battle: p = 1, kappa = 1) whose floor of 0.95
    leaves B at most 0.05; A makes every offer. The front moves 0.02 of the package per
    battle towards A, from 0.5 to 1. B's threshold is its war value W_B, so B takes 0.05
    once ``(W_B + lambda ref_B) / (1 + lambda) <= 0.05``: when its reference point has
    come down far enough."""
    side = {"discount": 0.999, "cost": {"centre": 0.0001}}
    b = {**side, "strength": {"centre": -0.5}}
    if half_life is not None:
        b["reference"] = {"half_life": half_life, "loss_aversion": loss_aversion,
                          "source": "test"}
    return {
        "days": days, "tremble": 0.0, "hazard": 0.002, "informativeness": 1.0,
        "proposer": "fixed", "front": {"start": 0.5, "step": 0.02},
        "sides": {"A": {**side, "strength": {"centre": 0.5},
                        "reserve": {"pie": {"centre": 0.95}}}, "B": b},
    }


def reference_path(front_b: np.ndarray, ref0: float, half_life: float) -> np.ndarray:
    """``ref_n = ref_{n-1} + k (F_n - ref_{n-1})``, ``k = 1 - 2^(-1/h)`` (1 for h = 0)."""
    k = 1.0 if half_life == 0 else 1.0 - 0.5 ** (1.0 / half_life)
    out, ref = [], ref0
    for f in front_b:
        ref = ref + k * (f - ref)
        out.append(ref)
    return np.array(out)


def test_the_reference_point_follows_the_front_with_its_half_life():
    """Levy (1997): the losing side's reference point is not the front but lags it; the
    trace follows the smoothing recursion, and once the front stops the gap halves in
    exactly one half-life."""
    h = 10.0
    raw = {**losing_b(h, 0.0), "days": 80}
    raw["sides"]["B"]["reserve"] = {"pie": {"centre": 0.2}}  # no deal: the war runs on
    run = prepared(raw, 1)
    days = play(run)
    assert days == 80 and run.st[C.S_OUTCOME] == C.OUT_WAR
    tr = run.trace
    front_b = 1.0 - tr[:, C.T_FRONT]
    assert (tr[:, C.T_BATTLE] == 1.0).all()  # A wins every day: the front moves each day
    np.testing.assert_allclose(tr[:, C.T_FRONT], np.minimum(0.5 + 0.02 * np.arange(1, 81), 1.0))
    np.testing.assert_allclose(tr[:, C.T_REF_B], reference_path(front_b, 0.5, h), rtol=1e-12)
    # the front is still from day 24 (B's share 0): the gap halves every h days
    gap = tr[:, C.T_REF_B] - front_b
    assert gap[24] > 0.05
    assert gap[24 + 10] / gap[24] == pytest.approx(0.5, rel=1e-12)
    assert gap[24 + 20] / gap[24] == pytest.approx(0.25, rel=1e-12)
    # A's reference follows its gains the same way (A has no reference table: still)
    assert (tr[:, C.T_REF_A] == 0.5).all()


def test_a_lagging_reference_point_delays_the_losing_sides_acceptance():
    """Losses are coded against the lagging reference point: the losing side holds out
    until the reference has come down, on the day the closed form says, later the
    longer the half-life; without loss aversion the reference does not matter."""
    deal_days = {}
    for h in (0.0, 10.0, 30.0):
        lam = 2.0
        run = prepared(losing_b(h, lam), 1)
        play(run)
        assert run.st[C.S_OUTCOME] == C.OUT_DEAL
        d = int(run.st[C.S_DEAL_DAY])
        w_b = war_value(0.0, 0.0001, 0.999, 0.002)
        ref = run.trace[:, C.T_REF_B]
        # B's reference at the start of each talks day (the day before's end; 0.5 on day 0)
        start = np.concatenate([[0.5], ref[:-1]])
        ok = (w_b + lam * start) / (1.0 + lam) <= 0.05 + 1e-9
        assert d == int(np.argmax(ok)), h
        assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx((w_b + lam * start[d]) / (1 + lam))
        deal_days[h] = d
    assert 0 < deal_days[0.0] < deal_days[10.0] < deal_days[30.0]
    for h in (0.0, 30.0):
        run = prepared(losing_b(h, 0.0), 1)
        play(run)
        assert run.st[C.S_DEAL_DAY] == 0  # W_B < 0.05: it takes the offer at once


# ---------------------------------------------------------------- war aims
def test_war_aims_rise_with_sunk_costs_and_close_the_range():
    """Goemans (2000): aims rising with the war's sunk cost raise both floors
    (``floor0 + min(cap, sunk H)``, H = days of war x cost); past half the package each,
    the range the battles would open is gone and no deal comes; a lower cap leaves it."""
    settled = {None: 0, 0.3: 0, 0.55: 0}
    for seed in range(5):
        for cap in settled:
            raw = mutual_optimism(0.5, days=400)
            if cap is not None:
                for c in "AB":
                    raw["sides"][c]["aims"] = {"sunk": 40.0, "cap": cap, "source": "test"}
            run = prepared(raw, seed)
            days = play(run)
            settled[cap] += run.st[C.S_OUTCOME] == C.OUT_DEAL
            if cap is None:
                continue
            war_days = (run.trace[:days, C.T_BATTLE] >= 0).sum()
            rise = min(cap, 40.0 * war_days * 0.0005)
            assert run.st[C.S_AIM_A] == pytest.approx(rise, rel=1e-12)
            np.testing.assert_allclose(run.types[C.TY_FLOOR, 0],
                                       run.types[C.TY_FLOOR0, 0] + rise, rtol=1e-12)
    assert settled[None] == 5 and settled[0.3] == 5 and settled[0.55] == 0, settled


def test_war_aims_rise_with_gains_only():
    """The winning side's aims rise with the front it has gained (gain x G), bounded by
    the cap; the losing side's do not fall."""
    raw = {**losing_b(None, 0.0), "days": 60}
    for c in "AB":
        raw["sides"][c]["aims"] = {"gain": 0.5, "cap": 0.2}
    raw["sides"]["B"]["reserve"] = {"pie": {"centre": 0.2}}  # no deal: the war runs on
    run = prepared(raw, 1)
    assert play(run) == 60
    tr = run.trace
    np.testing.assert_allclose(tr[:, C.T_AIM_A], np.minimum(0.5 * (tr[:, C.T_FRONT] - 0.5), 0.2))
    assert tr[-1, C.T_AIM_A] == 0.2 and (tr[:, C.T_AIM_B] == 0.0).all()


# ---------------------------------------------------------------- a patron's veto
def test_a_patrons_veto_blocks_the_deal_and_then_binds():
    """Cunningham (2006): B's patron co-signs only 0.55 or more. Rubinstein gives B 0.474
    on day 0; B's negotiator accepts, the patron blocks (recorded), and its line is
    public from then: on day 1 B proposes knowing that A, proposing next, would have to
    give it 0.55, so B takes ``1 - d (1 - 0.55) = 0.595``. A public line binds from
    day 0 (A offers exactly 0.55); a line below the deal changes nothing."""
    base = 1.0 - (1 - 0.9) / (1 - 0.81)
    raw = {**rubinstein(0.9, 0.9), "days": 10}
    raw["sides"]["B"]["patron"] = {"state": "EUR", "floor": 0.55, "source": "test"}
    run = prepared(raw)
    play(run)
    assert run.trace[0, C.T_ACCEPT] == 0.0 and run.trace[0, C.T_BLOCKED] == 1.0
    assert run.st[C.S_BLOCKER] == 1 and run.st[C.S_BLOCKED] == 1
    assert run.st[C.S_BLOCKED_SHARE] == pytest.approx(base, abs=1e-6)
    assert run.st[C.S_REFUSALS] == 0  # the negotiator did not refuse: its patron blocked
    assert run.st[C.S_DEAL_DAY] == 1
    assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(1.0 - 0.9 * (1.0 - 0.55), abs=1e-6)
    assert run.side[1, C.SP_VETO] == 0.55
    raw["sides"]["B"]["patron"]["public"] = True
    run = prepared(raw)
    play(run)
    assert run.st[C.S_BLOCKED] == 0 and run.st[C.S_DEAL_DAY] == 0
    assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(0.55)
    raw["sides"]["B"]["patron"] = {"state": "EUR", "floor": 0.3}
    run = prepared(raw)
    play(run)
    assert run.st[C.S_BLOCKED] == 0 and run.st[C.S_DEAL_DAY] == 0
    assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(base, abs=1e-6)


# ---------------------------------------------------------------- random leaders
def no_range(days: int) -> dict:
    """Mutual optimists whose floors leave no deal: the war runs its days."""
    raw = mutual_optimism(0.3, days=days)
    for c in "AB":
        raw["sides"][c]["reserve"] = {"pie": {"centre": 0.6}}
        raw["sides"][c].pop("type")
    return raw


def test_leaders_fall_at_the_hazard_and_redraw_the_type():
    """Chiozza and Goemans (2011): with a daily hazard, a side's leader falls on exactly
    the days its keyed draw is below the hazard (about hazard x days), each time the type
    is redrawn and the other side's belief goes back to its prior; no hazard, no change."""
    days, hazard, seed = 300, 0.02, 3
    raw = no_range(days)
    raw["sides"]["B"]["leader_hazard"] = hazard
    raw["sides"]["B"]["aims"] = {"sunk": 10.0, "cap": 0.2}
    run = prepared(raw, seed)
    assert play(run) == days
    falls = [d for d in range(days) if uniform(seed, d, C.STREAM_LEADER_FALL, 1) < hazard]
    assert 2 <= len(falls) <= 12 and run.st[C.S_LEADER_CHANGES] == len(falls)
    last = falls[-1]
    u = uniform(seed, last, C.STREAM_LEADER, 1)
    assert run.ipar[C.I_TYPE_B] == int(np.searchsorted(np.cumsum(run.types[C.TY_POP, 1]), u,
                                                        side="right"))
    # the new leader's sunk costs count from its first day: its aims restart from none
    hurt_then = (last + 0) * 0.0005  # one day of war costs 0.0005, from day 0 to last - 1
    assert run.st[C.S_HURT0_B] == pytest.approx(hurt_then, rel=1e-9)
    aim = run.trace[:, C.T_AIM_B]
    assert aim[last] < aim[last - 1] or aim[last - 1] == 0.0
    assert run.st[C.S_AIM_B] == pytest.approx(min(0.2, 10.0 * (days - last) * 0.0005))
    raw["sides"]["B"]["leader_hazard"] = 0.0
    run = prepared(raw, seed)
    play(run)
    assert run.st[C.S_LEADER_CHANGES] == 0


# ---------------------------------------------------------------- talks after a relapse
def relapsing(resume_after: int | None) -> dict:
    """Complete information, a deal on day 0 valued over an uncertain power shift
    (sd 0.3, guarantee 0.05); the realised shift makes B renege on day 30."""
    raw = commitment(0.0, 0.05, shift_sd=0.3)
    raw["days"] = 120
    if resume_after is not None:
        raw["resume_after"] = resume_after
    return raw


def test_talks_resume_after_a_relapse():
    """Without ``resume_after`` the core stops talking after a collapsed deal; with it
    the war is on again ``resume_after`` days later, the relapse is counted and the
    talks go on (rounds are held again)."""
    seed = next(s for s in range(40) if _collapses(s))
    run = prepared(relapsing(None), seed)
    days = play(run)
    assert run.st[C.S_OUTCOME] == C.OUT_COLLAPSED and days == 31
    run = prepared(relapsing(10), seed)
    days = play(run)
    tr = run.trace[:days]
    assert tr[30, C.T_OUTCOME] == C.OUT_COLLAPSED and tr[40, C.T_OUTCOME] != C.OUT_COLLAPSED
    assert run.st[C.S_RELAPSES] >= 1 and (tr[40:, C.T_PROPOSER] >= 0).any()
    assert run.st[C.S_ROUNDS] > 1


def _collapses(seed: int) -> bool:
    run = prepared(relapsing(None), seed)
    play(run)
    return run.st[C.S_OUTCOME] == C.OUT_COLLAPSED


# ---------------------------------------------------------------- guarantees in the package
@pytest.mark.parametrize("client", ["B", "A"])
def test_a_guarantee_in_the_package_buys_a_deal_that_holds(client):
    """Walter (2002), Fortna (2004): the guarantee is the package's level on the guarantee
    issue, ``g = w c`` with ``c`` the client's share. With a power shift of 0.4 to B and
    no fixed guarantee, B keeps a deal giving it ``t`` iff ``W_B' - g(t) <= t``: the least
    such ``t`` is ``W_B' / (1 + w)`` when B is the client, ``(W_B' - w) / (1 - w)`` when A
    is. A deal holds iff that leaves A its continuation ``R_A``: below the cut ``w*`` no
    deal is signed, above it one is signed on day 0 at exactly that share and holds."""
    from engine.mechanisms.bargaining import kernel as K

    shift = 0.4
    wb = K.war_value(0.5 + shift, 0.001, 0.999, 0.01)
    run = prepared(commitment(shift, 0.0), 0)
    play(run)
    ra = run.vals[C.V_THR, 0, 0]
    if client == "B":
        w_star, keep = wb / (1.0 - ra) - 1.0, lambda w: wb / (1.0 + w)
    else:
        w_star, keep = (wb - (1.0 - ra)) / ra, lambda w: (wb - w) / (1.0 - w)
    assert 0.05 < w_star < 0.9
    for w, holds in ((w_star - 0.02, False), (w_star + 0.02, True), (w_star + 0.1, True)):
        for seed in range(3):
            raw = commitment(shift, 0.0)
            raw["commitment"].update(guarantee_per_level=w, guarantee_client=client)
            run = prepared(raw, seed)
            play(run)
            assert (run.st[C.S_OUTCOME] == C.OUT_DEAL) == holds, (w, seed)
            assert (run.st[C.S_DEAL_DAY] == 0) == holds, (w, seed)
            if holds:
                assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(keep(w), abs=1e-9)


# ---------------------------------------------------------------- threshold issues
def reframed_share(d: float, share: float, loss: float, cost: float) -> float:
    """B's Rubinstein share (A first) when B's package carries a threshold issue
    reframed as divisible: ``v_B(s) = s - cost - loss (share - s)^+ / share``; the
    responders' thresholds ``t_A = d (1 - t_B)`` and ``t_B`` = the least share with
    ``v_B(t_B) >= d v_B(1 - t_A)``, solved by fixed-point iteration."""
    lam = loss / share
    def v(x):
        return x - cost - lam * max(share - x, 0.0)
    t_b = 0.5
    for _ in range(10000):
        r = d * v(1.0 - d * (1.0 - t_b))
        new = r + cost if r + cost >= share else (r + cost + lam * share) / (1.0 + lam)
        if abs(new - t_b) < 1e-15:
            break
        t_b = new
    return t_b


def test_a_threshold_issue_is_a_commitment_and_reframing_makes_it_divisible():
    """Hassner (2003), Toft (2003): B's package carries an indivisible issue it gets whole
    only with 0.55 of the package (worth 0.3). Rubinstein (0.9, 0.9) would give B 0.474;
    the threshold makes anything below 0.55 worth 0.3 less, and B gets exactly 0.55.
    Reframed as divisible from day 0 at a cost of 0.01, B gets the share of the closed
    form (in between). Two indivisible issues that cannot both be met (0.6 each, worth
    0.6) leave no deal until they are reframed (day 5), then a deal comes that day."""
    base = 1.0 - (1 - 0.9) / (1 - 0.81)
    raw = {**rubinstein(0.9, 0.9), "days": 3}
    raw["sides"]["B"]["threshold"] = {"share": 0.55, "loss": 0.3, "source": "test"}
    run = prepared(raw)
    play(run)
    assert run.st[C.S_DEAL_DAY] == 0
    assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(0.55, abs=1e-9)
    raw["sides"]["B"]["threshold"].update(reframe_day=0, reframe_cost=0.01)
    run = prepared(raw)
    play(run)
    want = reframed_share(0.9, 0.55, 0.3, 0.01)
    assert base < want < 0.55
    assert run.st[C.S_REFRAMED_B] == 1 and run.st[C.S_DEAL_DAY] == 0
    assert 1.0 - run.st[C.S_SHARE_A] == pytest.approx(want, abs=1e-9)
    raw = {**rubinstein(0.9, 0.9), "days": 20}
    for c in "AB":
        raw["sides"][c]["threshold"] = {"share": 0.6, "loss": 0.6}
    run = prepared(raw)
    play(run)
    assert run.st[C.S_OUTCOME] == C.OUT_WAR and run.st[C.S_DEAL_DAY] < 0
    for c in "AB":
        raw["sides"][c]["threshold"].update(reframe_day=5, reframe_cost=0.01)
    run = prepared(raw)
    play(run)
    assert run.st[C.S_DEAL_DAY] == 5 and 0.4 < run.st[C.S_SHARE_A] < 0.6


# ---------------------------------------------------------------- red lines harden
def test_a_red_line_hardened_mid_run_closes_the_range():
    """An event hardens both sides' red lines (a new issue each, at 0.55 of the package)
    on day 10: the floors become ``max(floor, 0.55)`` on that day, exactly; mutual
    optimists who settle in every seed without it settle afterwards in none (the war
    goes on to its decisive end or the horizon)."""
    settled = {False: 0, True: 0}
    for seed in range(5):
        for harden in (False, True):
            raw = mutual_optimism(0.5, days=400)
            if harden:
                for c in "AB":
                    raw["sides"][c]["harden"] = {"day": 10, "issue": f"new_{c}", "centre": 0.55,
                                                 "source": "test"}
            run = prepared(raw, seed)
            days = play(run)
            deal = run.st[C.S_DEAL_DAY]
            assert run.st[C.S_OUTCOME] != C.OUT_COLLAPSED
            settled[harden] += run.st[C.S_OUTCOME] == C.OUT_DEAL
            if harden:
                assert deal < 10, (seed, deal)
                if deal < 0:
                    assert days > 10 and run.st[C.S_HARDENED] == 2
                    np.testing.assert_array_equal(run.types[C.TY_FLOOR], 0.55)
    assert settled[False] == 5 and settled[True] < 5, settled


# ---------------------------------------------------------------- the twin
def everything_new(patron: float, shift: float = 0.02, days: int = 14) -> dict:
    """Every piece of aims.py on at once (with the core's own extras)."""
    raw = mutual_optimism(0.4, days=days)
    raw["tremble"] = 0.2
    raw["tol"] = 1e-7
    raw["front"] = {"start": 0.45, "step": 0.01}
    raw["resume_after"] = 2
    raw["commitment"] = {"shift": shift, "shift_sd": 0.3, "shift_days": 3, "nodes": 3,
                         "guarantee": 0.01}
    raw["mediator"] = {"every": 3, "noise": 0.1}
    for c in "AB":
        raw["sides"][c].update(
            reference={"half_life": 5.0, "loss_aversion": 0.5},
            aims={"sunk": 20.0, "gain": 0.5, "cap": 0.1},
            leader_hazard=0.08, ripening=20.0, audience_cost=0.1, stickiness=0.1,
        )
    raw["sides"]["B"]["patron"] = {"state": "EUR", "floor": patron}
    raw["sides"]["A"]["harden"] = {"day": 5, "issue": "pie", "centre": 0.3, "spread": 0.1}
    raw["sides"]["A"]["threshold"] = {"share": 0.45, "loss": 0.05, "reframe_day": 8,
                                      "reframe_cost": 0.005}
    return raw


def relapse_with_extras() -> dict:
    """The relapsing game (talks resume 3 days after the collapse) with reference points,
    war aims, a moving front and a leader hazard on."""
    raw = {**relapsing(3), "days": 45, "tol": 1e-7}
    raw["front"] = {"start": 0.5, "step": 0.005}
    for c in "AB":
        raw["sides"][c].update(reference={"half_life": 4.0, "loss_aversion": 0.2},
                               aims={"sunk": 5.0, "cap": 0.05}, leader_hazard=0.02)
    return raw


def twin_case(name: str):
    """(raw game, seed) of a twin case: B's patron at 0.52 or 0.6 (blocked deals), or a
    deal that collapses and talks that resume."""
    if name == "guarantee":
        raw = {**commitment(0.3, 0.02, shift_sd=0.2), "days": 40, "tol": 1e-7}
        raw["commitment"].update(guarantee_per_level=0.3, nodes=3)
        return raw, 0
    if name == "relapse":
        raw = relapse_with_extras()
        for seed in range(60):
            run = prepared(raw, seed)
            play(run)
            if run.st[C.S_RELAPSES] > 0:
                return raw, seed
        raise AssertionError("no relapse in 60 seeds")
    patron, seed = {"patron-0.52/1": (0.52, 1), "patron-0.6/1": (0.6, 1),
                    "patron-0.6/7": (0.6, 7)}[name]
    return everything_new(patron), seed


CASES = ("patron-0.52/1", "patron-0.6/1", "patron-0.6/7", "relapse", "guarantee")


@pytest.mark.parametrize("name", CASES)
def test_twin_plays_the_same_run_with_every_new_piece(name):
    raw, seed = twin_case(name)
    run = prepared(raw, seed)
    twin_days, lists = play_twin(run)
    days = play(run)
    assert days == twin_days
    for label, a, b in zip(NAMES, run.arrays(), arrays_of(lists), strict=True):
        a = np.asarray(a, dtype=float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), label
        m = ~np.isnan(a)
        np.testing.assert_allclose(a[m], b[m], rtol=1e-9, atol=1e-12, err_msg=label)


def test_the_twin_game_exercises_every_new_piece():
    """The comparison is only worth something if the runs used each piece."""
    seen = {"leader": 0, "blocked": 0, "relapse": 0, "aims": 0, "ref": 0, "deal": 0}
    for name in CASES:
        raw, seed = twin_case(name)
        run = prepared(raw, seed)
        days = play(run)
        tr = run.trace[:days]
        seen["leader"] += run.st[C.S_LEADER_CHANGES] > 0
        seen["blocked"] += run.st[C.S_BLOCKED] > 0
        seen["relapse"] += run.st[C.S_RELAPSES] > 0
        seen["aims"] += tr[:, C.T_AIM_A].max() > 0
        seen["ref"] += np.ptp(tr[:, C.T_REF_B]) > 0
        seen["deal"] += run.st[C.S_DEAL_DAY] >= 0
        seen["harden"] = seen.get("harden", 0) + (run.st[C.S_HARDENED] > 0)
        seen["reframed"] = seen.get("reframed", 0) + (run.st[C.S_REFRAMED_A] > 0)
    assert all(v > 0 for v in seen.values()), seen


# ---------------------------------------------------------------- in the day loop
def game_scenario(patron: float | None = None, sides: dict | None = None, **bargaining):
    """The reference scenario with the bargaining talks, a round every day, A's territory
    terms lowered so that a deal is in reach, B's patron (EUR) if given, and more
    settings per side (``sides``) and for the game."""
    import copy

    from engine.scenario import load_scenario, read_raw, resolve_path
    from tests.conftest import REFERENCE

    raw = copy.deepcopy(read_raw(resolve_path(REFERENCE)))
    raw["talks"]["model"] = "bargaining"
    b = raw["talks"]["bargaining"]
    b["talk_every"] = 1
    b["sides"]["A"]["reserve"]["territory"] = {"centre": 0.2, "spread": 0.05}
    for c in "AB":
        # sourced: a fitted coefficient is not left bare (the calibrated posterior)
        b["sides"][c]["optimism"] = {"value": 0.0, "source": "test: no optimism"}
        b["sides"][c]["ripening"] = {"value": 0.0, "source": "test: no ripening"}
    if patron is not None:
        b["sides"]["B"]["patron"] = {"state": "EUR", "floor": patron, "source": "test"}
    for c, extra in (sides or {}).items():
        b["sides"][c].update(extra)
    b.update(bargaining)
    return load_scenario(raw)


def first_deal(days: int = 30, seeds=range(1, 21), **kw):
    """(seed, deal day, UKR's share) of the first seed whose game signs a deal."""
    from engine.core.simulate import run_days
    from engine.world import build_world

    for seed in seeds:
        w, _ = build_world(game_scenario(**kw), [seed], days=days)
        run_days(w, days, parallel=False)
        g = w.game_st[0]
        if g[C.S_DEAL_DAY] >= 0:
            return seed, int(g[C.S_DEAL_DAY]), 1.0 - g[C.S_SHARE_A]
    raise AssertionError("no deal in any seed")


def test_a_patron_blocks_a_deal_in_the_game_and_is_named():
    """In a real run whose game signs a deal on day d giving UKR the share s: EUR,
    UKR's patron with a red line just above s, blocks that deal on day d (recorded,
    its line binding from then: any later deal gives UKR at least the line); run --json
    and the reason line name the patron; every key of the JSON is declared."""
    from engine.cli.reason import outcome_reason
    from engine.core.simulate import run_days
    from engine.outputs import undeclared_json
    from engine.results import summary
    from engine.world import build_world

    seed, day, free_share = first_deal()
    line = round(free_share + 0.01, 3)
    s = game_scenario(line)
    w, st = build_world(s, [seed], days=30)
    run_days(w, 30, parallel=False)
    g, tr = w.game_st[0], w.game_trace[0]
    assert g[C.S_BLOCKED] >= 1 and g[C.S_BLOCKER] == 1
    assert tr[day, C.T_BLOCKED] == 1 and (day == 0 or tr[day - 1, C.T_BLOCKED] == 0)
    assert g[C.S_BLOCKED_SHARE] == pytest.approx(free_share, abs=1e-9)
    assert w.game_side[0, 1, C.SP_VETO] == line
    if g[C.S_DEAL_DAY] >= 0:
        assert g[C.S_DEAL_DAY] > day and 1.0 - g[C.S_SHARE_A] >= line - 1e-9
    out = summary(w, st, 0)
    assert f"EUR (patron of UKR, red line {line:.3f}) blocked a deal" in out["talks"]["blocked"]
    assert out["talks"]["talks"]["blocked"] == g[C.S_BLOCKED]
    assert out["talks"]["sides"]["B (UKR)"]["veto_holder"] == "EUR (patron of B)"
    reason = outcome_reason(w, st, 0)
    assert "blocked (EUR (patron of UKR" in reason, reason
    assert undeclared_json(out, list(s.states), list(s.fronts), list(s.issues)) == []
    # the twin blocks the same deal (game_side, the veto in force, is compared)
    from tests.twin import assert_twin_agrees

    assert_twin_agrees(s, seed, day + 3)


def test_a_patron_must_be_a_state_of_the_scenario():
    """Bad input names its field: a patron that is not one of the scenario's states."""
    import copy

    from engine.scenario import ScenarioError, load_scenario, read_raw, resolve_path
    from tests.conftest import REFERENCE

    assert game_scenario(0.7).talks.bargaining["sides"]["B"]["patron"]["state"] == "EUR"
    raw = copy.deepcopy(read_raw(resolve_path(REFERENCE)))
    raw["talks"]["model"] = "bargaining"
    raw["talks"]["bargaining"]["sides"]["B"]["patron"] = {"state": "NATO", "floor": 0.5}
    with pytest.raises(ScenarioError) as exc:
        load_scenario(raw)
    assert "talks.bargaining.sides.B.patron.state" in str(exc.value) and "NATO" in str(exc.value)


def test_the_game_twin_agrees_with_every_new_piece():
    """Kernel and twin on every declared column and array of the day loop (the game's
    side and types included: war aims and a hardened red line write them), with a
    reference point, war aims from gains, a patron, a leader hazard and a red line
    hardened on day 40 (a block in the day loop is compared in the patron check
    above; talks after a relapse and random leaders acting in the core's twin cases)."""
    from engine.core.simulate import run_days
    from engine.world import build_world
    from tests.twin import assert_twin_agrees

    seed, _, free_share = first_deal()
    s = game_scenario(
        round(free_share + 0.01, 3),
        sides={"A": {"aims": {"gain": 0.2, "cap": 0.01},
                     "reference": {"half_life": 10.0, "loss_aversion": 0.0}},
               "B": {"leader_hazard": 0.01,
                     "harden": {"day": 40, "issue": "territory", "centre": 0.45}}},
        front={"start": 0.5, "step": 0.002}, resume_after=5,
        commitment={"shift": 0.0, "shift_sd": 0.0, "shift_days": 5,
                    "guarantee": {"value": 0.0, "source": "test"}},
    )
    assert_twin_agrees(s, seed, 60)
    w, _ = build_world(s, [seed], days=60)
    run_days(w, 60, parallel=False)
    g = w.game_st[0]
    assert g[C.S_HARDENED] == 1
    assert np.ptp(w.game_trace[0, :, C.T_REF_A]) > 0.0


def test_talks_resume_after_a_relapse_in_the_game():
    """In a real run whose deal collapses (an uncertain shift, no guarantee): without
    ``resume_after`` the talks stay suspended after the relapse; with 5 they are active
    again five days after it, the relapse is counted, and rounds are held again."""
    from engine import layout as L
    from engine.core.simulate import run_days
    from engine.world import build_world

    commitment = {"shift": 0.0, "shift_sd": 0.2, "shift_days": 10, "nodes": 3,
                  "guarantee": {"value": 0.0, "source": "test"}}
    days = 45
    s0 = game_scenario(None, commitment=commitment)
    s5 = game_scenario(None, commitment=commitment, resume_after=5)
    for seed in range(1, 25):
        w, _ = build_world(s0, [seed], days=days)
        run_days(w, days, parallel=False)
        g = w.game_st[0]
        if g[C.S_OUTCOME] == C.OUT_COLLAPSED and g[C.S_END_DAY] < days - 10:
            break
    else:
        raise AssertionError("no collapsed deal in 24 seeds")
    end = int(g[C.S_END_DAY])
    assert w.glob[0, L.G_RELAPSES] == 1 and g[C.S_RELAPSES] == 0
    assert L.TALKS_STATUS_NAMES[int(w.glob[0, L.G_TALKS_STATUS])] == "suspended"
    assert (w.game_trace[0, end + 1:, C.T_PROPOSER] >= 0).sum() == 0
    w, _ = build_world(s5, [seed], days=days)
    run_days(w, days, parallel=False)
    g, tr = w.game_st[0], w.game_trace[0]
    assert tr[end, C.T_OUTCOME] == C.OUT_COLLAPSED and tr[end + 4, C.T_OUTCOME] == C.OUT_COLLAPSED
    assert tr[end + 5, C.T_OUTCOME] != C.OUT_COLLAPSED and g[C.S_RELAPSES] >= 1
    assert (tr[end + 5:, C.T_PROPOSER] >= 0).sum() > 0
    if g[C.S_OUTCOME] == C.OUT_WAR:
        assert L.TALKS_STATUS_NAMES[int(w.glob[0, L.G_TALKS_STATUS])] == "active"


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("side", "field"),
    [
        ({"reference": {"half_life": -1.0, "loss_aversion": 1.0}}, "sides.A.reference.half_life"),
        ({"reference": {"half_life": 10.0}}, "sides.A.reference.loss_aversion"),
        ({"aims": {"sunk": 1.0, "cap": 1.5}}, "sides.A.aims.cap"),
        ({"patron": {"state": "EUR", "floor": 0.5, "public": "yes"}}, "sides.A.patron.public"),
        ({"patron": {"floor": 0.5}}, "sides.A.patron.state"),
        ({"leader_hazard": 2.0}, "sides.A.leader_hazard"),
        ({"leader_hazard": True}, "sides.A.leader_hazard"),
        ({"harden": {"day": 0, "issue": "pie", "centre": 0.5}}, "sides.A.harden.day"),
        ({"reference": {"half_life": 1.0, "loss_aversion": 1.0, "lag": 3}}, "sides.A.reference.lag"),
    ],
)
def test_bad_new_settings_name_their_field(side, field):
    from pydantic import ValidationError

    from engine.mechanisms.bargaining.build import game

    raw = {"sides": {"A": side, "B": {}}}
    with pytest.raises(ValidationError) as err:
        game(raw)
    loc = {".".join(str(p) for p in e["loc"]) for e in err.value.errors()}
    assert field in loc, loc


def test_bad_new_settings_exit_2_with_one_line(tmp_path):
    """Through ``warsim run``: a bad value in the new tables is one line naming its
    field, exit code 2, no traceback."""
    from tests.conftest import REFERENCE, run_cli

    scenario = tmp_path / "s.toml"
    text = REFERENCE.read_text()
    text = text.replace("[talks.bargaining.sides.B]\n",
                        "[talks.bargaining.sides.B]\nleader_hazard = 1.5\n", 1)
    scenario.write_text(text)
    res = run_cli("run", str(scenario), "--set", "talks.model=bargaining", "--days", "5")
    assert res.returncode == 2, res.stderr
    assert "talks.bargaining.sides.B.leader_hazard" in res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
