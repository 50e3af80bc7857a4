"""Plain-Python twin of :mod:`engine.mechanisms.talks_game.kernel`: the same day, on the
bargaining core's twin (:mod:`engine.mechanisms.bargaining.reference`) and nested lists."""

from __future__ import annotations

from types import SimpleNamespace

from engine import layout as L
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining import reference as core
from engine.mechanisms.talks.reference_bargaining import strength
from engine.mechanisms.talks_game.build import FIELDS, playing, run_arrays
from engine.mechanisms.talks_game.kernel import MOVE_KM2


def setup(model) -> None:
    """``model.game``: the run's game arrays as lists (types drawn from the run's seed)."""
    s = model.scenario
    on = playing(s)
    game = SimpleNamespace(flag=1.0 if on else 0.0, area=0.0, battle=-1.0,
                           even=s.talks.even_gain_km2 if on else 0.0)
    if on:
        run = run_arrays(s, model.days, model.run_seed)
        for name, arr in zip(FIELDS, core.to_lists(run.arrays()), strict=True):
            setattr(game, name[len("game_"):], arr)
        model.talks.status = L.TALKS_ACTIVE
        game.area = model.talks.side_a.territory
    else:
        game.ipar = [0] * C.NI
        game.par = [0.0] * C.NP
        game.side = [[0.0] * C.NSP for _ in range(2)]
        game.types = [[[0.0] for _ in range(2)] for _ in range(C.NTY)]
        game.quad = [[0.0] for _ in range(2)]
        game.vals = [[[0.0] for _ in range(2)] for _ in range(C.NV)]
        game.st = [0.0] * C.NS
        game.trace = [[float("nan")] * C.NT]
    model.game = game


def deal_terms(model, share_a: float) -> None:
    """Terms of a deal giving A the share ``share_a``; relief and guarantees follow."""
    talks = model.talks
    a, b = talks.side_a, talks.side_b
    talks.terms = {
        k: a.ideal[k] + (1.0 - share_a) * (b.ideal[k] - a.ideal[k]) for k in talks.issues
    }
    model.sanctions_relief = strength(talks, "sanctions_relief", talks.terms)
    model.guarantee_strength = strength(talks, "guarantees", talks.terms)


def game_step(model, day: int) -> None:
    g = model.game
    if g.flag <= 0.0 or model.ended or day >= len(g.trace):
        return
    talks = model.talks
    ipar, par, side, types, quad, vals, st, trace = (
        g.ipar, g.par, g.side, g.types, g.quad, g.vals, g.st, g.trace)
    core.leader_change(day, ipar, side, types, vals, st)
    ta = ipar[C.I_TYPE_A]
    tb = ipar[C.I_TYPE_B]
    row = trace[day]
    row[C.T_PROPOSER] = -1.0
    row[C.T_OFFER] = -1.0
    row[C.T_ACCEPT] = -1.0
    row[C.T_BATTLE] = -1.0
    area = talks.side_a.territory
    moved = area - g.area - g.even
    g.area = area
    g.battle = -1.0
    if st[C.S_OUTCOME] == C.OUT_DEAL and day == st[C.S_DEAL_DAY] + ipar[C.I_SHIFT_DAYS]:
        core.renege_check(day, ipar, par, side, types, st)
        if st[C.S_OUTCOME] == C.OUT_COLLAPSED:
            held = day - model.ceasefire_day
            model.ceasefire = False
            model.outcome = L.OUTCOME_CEASEFIRE_COLLAPSED
            talks.relapses += 1
            model.sanctions_relief = 0.0
            model.guarantee_strength = 0.0
            talks.status = L.TALKS_SUSPENDED
            model.log(day, L.EV_RELAPSE, -1, -1, held)
    if st[C.S_OUTCOME] == C.OUT_WAR and not model.ceasefire:
        if day % ipar[C.I_TALK_EVERY] == 0:
            core.talks_round(day, ipar, par, side, types, quad, vals, st, trace)
            core.move_positions(ipar, side, vals, st)
            talks.rounds += 1
            if st[C.S_OUTCOME] == C.OUT_DEAL:
                deal_terms(model, st[C.S_SHARE_A])
                talks.signings += 1
                talks.sign_day = day
                talks.status = L.TALKS_CEASEFIRE
                model.talks_progress = 1.0
                model.ceasefire = True
                model.ceasefire_day = day
                model.outcome = L.OUTCOME_CEASEFIRE_HOLDING
                model.log(day, L.EV_CEASEFIRE, -1, -1, model.guarantee_strength)
    if st[C.S_OUTCOME] == C.OUT_WAR and (moved > MOVE_KM2 or moved < -MOVE_KM2):
        a_won = moved > 0.0
        g.battle = 1.0 if a_won else 0.0
        row[C.T_BATTLE] = g.battle
        if a_won:
            st[C.S_BATTLES_A] += 1.0
        for i in range(2):
            core.update_on_battle(i, a_won, ta if i == 0 else tb, par, types, vals)
    if st[C.S_OUTCOME] == C.OUT_WAR:
        for i in range(2):
            st[C.S_HURT_A + i] += types[C.TY_COST][i][ta if i == 0 else tb]
    row[C.T_BELIEF_A] = vals[C.V_BELIEF][0][tb]
    row[C.T_BELIEF_B] = vals[C.V_BELIEF][1][ta]
    for i in range(2):
        row[C.T_EXPECT_A + i] = core.expected_win(i, types, vals, ta if i == 0 else tb)
    row[C.T_POS_A] = st[C.S_POS_A]
    row[C.T_POS_B] = st[C.S_POS_B]
    row[C.T_SUPPORT_A] = st[C.S_SUPPORT_A]
    row[C.T_SUPPORT_B] = st[C.S_SUPPORT_B]
    row[C.T_OUTCOME] = st[C.S_OUTCOME]


def day(model, day: int) -> None:
    """The talks game's day (after the talks, before the ceasefire)."""
    game_step(model, day)
