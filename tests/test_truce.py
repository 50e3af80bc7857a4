"""The truce after a deal of the talks game (issue 13 item 9): incidents from spoilers and
front-line units, the sides' trust, escalation and each side's re-decision to resume
(engine/mechanisms/ceasefire/truce.py; docs/talks_game.md, "The truce").

Most checks pin both sides' true types to the soft ones (type 0: the pair that settles
in the first week), so that every seed has a deal and a truce to watch.
"""

from __future__ import annotations

import json
import math

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.mechanisms.bargaining import columns as C
from engine.results import event_log, run_columns
from engine.scenario import load_scenario, read_raw, resolve_path
from engine.world import build_world
from tests.conftest import REFERENCE, run_cli
from tests.twin import assert_twin_agrees

PIN = {"talks.bargaining.sides.A.type": 0, "talks.bargaining.sides.B.type": 0}
# incidents often, read hard as intent, and a large first-strike advantage: the truce
# is re-decided often and sometimes given up
TENSE = {"talks.violation_hazard": 0.05, "talks.bargaining.truce.attribution": 4.0,
         "talks.bargaining.truce.surprise": 0.3}


def scenario(**overrides):
    return load_scenario(REFERENCE, {**PIN, **overrides})


def run(s, seeds, days):
    w, st = build_world(s, np.asarray(seeds), days=days)
    run_days(w, days, parallel=True)
    return w, st


def first_seed(w, seeds, want):
    """The first seed whose run satisfies ``want(game_st row)``."""
    for r, seed in enumerate(seeds):
        if want(w.game_st[r]):
            return int(seed)
    raise AssertionError("no seed of the range has the case")


def test_the_reference_scenario_has_a_truce():
    s = load_scenario(REFERENCE)
    w, _ = build_world(s, [1], days=2)
    assert w.game_par[0, C.P_TRUCE] == 1.0 and w.game_par[0, C.P_ATTRIB] > 1.0
    assert w.game_par[0, C.P_REDECIDE] == 1.0


def test_kernel_agrees_with_twin_through_incidents_and_a_re_decision():
    """Every declared column and array (the game's trust and incident count in game_st,
    the incident hazard, resentment) and the event log, day by day: a truce that one
    side gives up after an incident, and one that holds through incidents."""
    seeds = np.arange(1, 121)
    s = scenario(**TENSE)
    w, _ = run(s, seeds, 150)
    # the first seed whose truce a side gives up, the one ending soonest among the first
    # such seeds (the twin is slow)
    broken = first_seed(w, seeds, lambda g: g[C.S_BREAK] == C.BREAK_REDECIDE
                        and g[C.S_END_DAY] - g[C.S_DEAL_DAY] < 30)
    r = broken - 1
    assert w.game_st[r, C.S_INCIDENTS] >= 1 and w.glob[r, L.G_RELAPSES] == 1.0
    kinds = w.log[r, : w.log_count[r], 1]
    assert L.EV_INCIDENT in kinds and L.EV_VIOLATION in kinds and L.EV_RELAPSE in kinds
    assert_twin_agrees(s, broken, int(w.game_st[r, C.S_END_DAY]) + 3)
    held = first_seed(w, seeds, lambda g: g[C.S_OUTCOME] == C.OUT_DEAL and g[C.S_INCIDENTS] >= 2)
    log = w.log[held - 1, : w.log_count[held - 1]]
    incidents = log[log[:, L.LOG_KIND] == L.EV_INCIDENT, L.LOG_DAY]
    assert_twin_agrees(s, held, int(incidents[1]) + 3)


def test_without_incidents_the_runs_are_those_without_a_truce():
    """Incident hazard 0: no incident, no violation, and every result, series value and
    event of the reference scenario equals the runs without [truce] (the talks game as
    it was); with the scenario's hazard the truce does change them."""
    seeds = np.arange(1, 41)
    raw = read_raw(resolve_path(REFERENCE))
    del raw["talks"]["bargaining"]["truce"]
    # the seeds with the types drawn, and again with both pinned soft (deals to watch)
    w0, st0 = run(load_scenario(raw), seeds, 365)
    w1, st1 = run(load_scenario(REFERENCE, {"talks.violation_hazard": 0.0}), seeds, 365)
    p0, pst0 = run(load_scenario(raw, PIN), seeds, 365)
    p1, pst1 = run(scenario(**{"talks.violation_hazard": 0.0}), seeds, 365)
    assert (p0.glob[:, L.G_SIGNINGS] > 0).sum() >= 20  # there are truces to break
    for a0, b0, a1, b1 in ((w0, st0, w1, st1), (p0, pst0, p1, pst1)):
        same(a0, b0, a1, b1, len(seeds))
    w2, _ = run(scenario(), seeds, 365)
    assert w2.glob[:, L.G_VIOLATIONS].sum() > 0
    assert not np.array_equal(p0.glob, w2.glob)


def same(w0, st0, w1, st1, n):
    """Two runs' results, arrays and event logs are equal (w1 has no incident)."""
    assert (w1.glob[:, L.G_VIOLATIONS] == 0).all() and (w1.game_st[:, C.S_INCIDENTS] == 0).all()
    c0, c1 = run_columns(w0, st0), run_columns(w1, st1)
    assert c0.keys() == c1.keys()
    for k in c0:
        np.testing.assert_array_equal(c0[k], c1[k], err_msg=k)
    np.testing.assert_array_equal(w0.glob, w1.glob)
    for name in ("series_state", "series_front", "series_global", "front", "game_vals",
                 "game_trace"):
        np.testing.assert_array_equal(getattr(w0, name), getattr(w1, name), err_msg=name)
    for r in range(n):
        assert event_log(w0, st0, r) == event_log(w1, st1, r)


def truce_breaks(w) -> int:
    """Runs whose deal the truce ended (an incident escalated, or a side resumed)."""
    return int((w.game_st[:, C.S_BREAK] >= C.BREAK_REDECIDE).sum())


def test_relapses_rise_with_the_incident_hazard_and_fall_with_guarantees():
    """Over the same 150 seeds: more truces break the higher the incident hazard, fewer
    the more the guarantees cut it (Fortna 2004), and more are given up by re-decision
    the harder the sides read incidents as intent (Kydd and Walter 2002)."""
    seeds = np.arange(1, 151)
    by_hazard = [truce_breaks(run(scenario(**{"talks.violation_hazard": h}), seeds, 365)[0])
                 for h in (0.0, 0.005, 0.01, 0.02)]
    assert by_hazard[0] == 0 and by_hazard == sorted(by_hazard), by_hazard
    assert len(set(by_hazard)) == 4, by_hazard
    by_guarantee = [truce_breaks(run(scenario(**{"talks.guarantee_effect": g}), seeds, 365)[0])
                    for g in (0.0, 0.45, 0.9)]
    assert by_guarantee == sorted(by_guarantee, reverse=True), by_guarantee
    assert by_guarantee[0] > by_guarantee[-1], by_guarantee

    def given_up(m):
        w, _ = run(scenario(**{"talks.bargaining.truce.attribution": m,
                               "talks.violation_hazard": 0.02}), seeds, 365)
        return int((w.game_st[:, C.S_BREAK] == C.BREAK_REDECIDE).sum())

    by_attribution = [given_up(m) for m in (1.0, 2.0, 4.0)]
    assert by_attribution == sorted(by_attribution) and by_attribution[0] < by_attribution[-1], \
        by_attribution


def test_survival_of_a_truce_without_re_decision_is_the_closed_form():
    """Re-decision off and a constant incident hazard h (no resentment, guarantee or
    peacekeeper effect), each incident escalating with chance e: the truce survives T
    days with probability ``(1 - h e)^T`` (1000 seeds, within 4 standard errors), a
    truce breaks at ``h e`` per day and incidents come at ``h`` per day of truce.
    With re-decision on (the same deals and draws) no truce lasts longer and fewer
    survive."""
    h, e, T = 0.02, 0.2, 120
    flat = {"talks.violation_hazard": h, "talks.relapse_prob": e, "talks.resentment_effect": 0.0,
            "talks.guarantee_effect": 0.0, "talks.peacekeeper_effect": 0.0,
            "talks.bargaining.commitment.shift_days": 100000,
            # the battle read against the fixed level, types off the front: the soft pair
            # then settles in the first week in every seed (read against two equally
            # strong sides, the reference's, only 250 of the 1000 runs have a deal with 120
            # days left to watch)
            "talks.battle_reading": "level", "talks.strength_effect": 0.0}
    seeds = np.arange(1, 1001)

    days = 240

    def survival(**more):
        w, _ = run(scenario(**{**flat, **more}), seeds, days)
        g = w.game_st
        deal = g[:, C.S_DEAL_DAY]
        # runs whose deal leaves T days to watch (the soft pair settles early)
        watched = (deal >= 0) & (deal + T < days)
        assert watched.sum() >= 900, watched.sum()
        g, deal = g[watched], deal[watched]
        assert not (g[:, C.S_BREAK] == C.BREAK_RENEGE).any()
        broke = g[:, C.S_BREAK] >= C.BREAK_REDECIDE
        held = np.where(broke, g[:, C.S_END_DAY] - deal, np.inf)
        truce_days = np.where(broke, g[:, C.S_END_DAY], days) - deal - 1
        return held, g[:, C.S_INCIDENTS].sum() / truce_days.sum(), broke.sum() / truce_days.sum(), g

    held, rate, escalations, g = survival(**{"talks.bargaining.truce.redecide": False})
    assert not (g[:, C.S_BREAK] == C.BREAK_REDECIDE).any()
    want = (1.0 - h * e) ** T
    survived = (held > T).mean()
    se = math.sqrt(want * (1.0 - want) / len(held))
    assert abs(survived - want) < 4.0 * se, (survived, want, se)
    # the daily chance of a relapse (broken truces per day of truce, the geometric's
    # estimate) is h e, and incidents come at h
    broken = (g[:, C.S_BREAK] >= C.BREAK_REDECIDE).sum()
    assert abs(escalations - h * e) < 4.0 * h * e / math.sqrt(broken), (escalations, h * e)
    assert abs(rate - h) < 0.1 * h, rate
    # the same deals and draws: a re-decision can only end a truce earlier
    held_on, _, _, g = survival(**{**TENSE, "talks.violation_hazard": h})
    assert (g[:, C.S_BREAK] == C.BREAK_REDECIDE).any() and (held_on <= held).all()
    assert (held_on > T).mean() < survived


def test_warsim_run_says_who_broke_the_truce_and_why():
    """The reason line names the side that resumed and why; the event log has the
    incident (blamed side, the trust of the side it hit), the violation and the relapse;
    --json has the truce (incidents, how it ended, each side's trust)."""
    seeds = np.arange(1, 301)
    w, _ = run(load_scenario(REFERENCE, TENSE), seeds, 150)  # the file's own types: drawn
    seed = first_seed(w, seeds, lambda g: g[C.S_BREAK] == C.BREAK_REDECIDE)
    end = int(w.game_st[seed - 1, C.S_END_DAY])
    sets = [a for k, v in TENSE.items() for a in ("--set", f"{k}={v}")]
    res = run_cli("run", REFERENCE, *sets, "--seed", str(seed), "--days", str(end + 1))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    why = next(line for line in out.splitlines() if line.startswith("why:"))
    assert "ceasefire collapsed" in why and "resumed the war" in why and "trust" in why, why
    assert "incident on the ceasefire line blamed on" in out and "trust that" in out, out
    assert "decides to resume the war" in out, out
    assert "resumed the war after an incident; war resumes" in out, out
    res = run_cli("run", REFERENCE, *sets, "--seed", str(seed), "--days", str(end + 1), "--json")
    truce = json.loads(res.stdout)["talks"]["truce"]
    assert truce["ended_by"] == "re-decision" and truce["incidents"] >= 1, truce
    assert set(truce["trust"]) == {"A (RUS)", "B (UKR)"}, truce


def test_the_red_line_ceasefire_shares_the_incident_and_agrees_with_its_twin():
    """The red-line talks' ceasefire draws the same incident (ceasefire.kernel.incident):
    a run with violations and a relapse agrees with the twin on every column and event,
    and its violation and relapse events carry no side (a = b = -1)."""
    seeds = np.arange(1, 61)
    s = load_scenario(REFERENCE, {"talks.model": "redlines", "talks.violation_hazard": 0.2,
                                  "talks.relapse_prob": 0.1})
    w, _ = run(s, seeds, 365)
    r = next((r for r in range(len(seeds)) if w.glob[r, L.G_RELAPSES] > 0), None)
    assert r is not None, "no red-line relapse in 60 seeds"
    log = w.log[r, : w.log_count[r]]
    for kind in (L.EV_VIOLATION, L.EV_RELAPSE):
        rows = log[log[:, L.LOG_KIND] == kind]
        assert len(rows) and (rows[:, L.LOG_A] == -1).all() and (rows[:, L.LOG_B] == -1).all()
    assert L.EV_INCIDENT not in log[:, L.LOG_KIND]
    day = int(log[log[:, L.LOG_KIND] == L.EV_RELAPSE][0, L.LOG_DAY])
    assert_twin_agrees(s, int(seeds[r]), day + 2)


def test_a_side_resumes_below_the_closed_form_trust_and_guarantees_lower_it():
    """The re-decision of ``truce.resume_margin`` (kernel and twin) against its closed
    form: with its share above its war value, a side resumes exactly when its trust is
    below ``q* = (b - g) / (b + s - W)``, and a larger guarantee lowers ``q*``."""
    from engine.mechanisms.bargaining import reference as core_twin
    from engine.mechanisms.ceasefire import reference_truce as twin
    from engine.mechanisms.ceasefire import truce
    from engine.mechanisms.talks_game.build import run_arrays

    run_ = run_arrays(load_scenario(REFERENCE, TENSE), 30, 9)
    ipar, par, side, types, _, vals, st, _ = run_.arrays()
    st[C.S_DEAL_DAY], st[C.S_SHARE_A] = 7.0, 0.569
    b = par[C.P_SURPRISE]
    for i in (0, 1):
        j = ipar[C.I_TYPE_A + i]
        sign = -1.0 if i == 0 else 1.0
        w = sum(vals[C.V_BELIEF, i, o] * core_twin.war_value(
            min(max(core_twin.win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, 1 - i, o])
                    + sign * par[C.P_SHIFT], 0.0), 1.0),
            types[C.TY_COST, i, j] * (1.0 + side[i, C.SP_RIPEN] * st[C.S_HURT_A + i]),
            side[i, C.SP_DISCOUNT], par[C.P_HAZARD]) for o in range(types.shape[2]))
        s = st[C.S_SHARE_A] if i == 0 else 1.0 - st[C.S_SHARE_A]
        assert s > w
        stars = []
        for g0 in (0.05, 0.1):
            par[C.P_GUARANTEE] = g0
            g = g0 + par[C.P_G_PER_LEVEL] * (1.0 - st[C.S_SHARE_A])
            q_star = (b - g) / (b + s - w)
            assert 0.0 < q_star < 1.0
            for q, resumes in ((q_star - 1e-6, True), (q_star + 1e-6, False)):
                st[C.S_TRUST_A + i] = q
                m = truce.resume_margin(np.int64(i), np.int64(8), ipar, par, side, types, vals, st)
                assert (m > 0.0) == resumes, (i, g0, q, m)
                lists = core_twin.to_lists((ipar, par, side, types, vals, st))
                assert twin.resume_margin(i, 8, *lists) == m
            stars.append(q_star)
        assert stars[1] < stars[0]
