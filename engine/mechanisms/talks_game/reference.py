"""Plain-Python twin of :mod:`engine.mechanisms.talks_game.kernel`: the same day, on the
bargaining core's twin (:mod:`engine.mechanisms.bargaining.reference`) and nested lists."""

from __future__ import annotations

import math
from types import SimpleNamespace

from engine import layout as L
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining import reference as core
from engine.mechanisms.ceasefire.reference import back_to_war
from engine.mechanisms.ceasefire.reference_truce import truce_day, trust_at_signing
from engine.mechanisms.talks.reference_bargaining import strength
from engine.mechanisms.talks_game.build import (
    FIELDS,
    combat_power,
    playing,
    run_arrays,
    strength_centre,
)
from engine.mechanisms.talks_game.kernel import BATTLE_A_WON, BATTLE_B_WON, BATTLE_NONE, MOVE_KM2


def setup(model) -> None:
    """``model.game``: the run's game arrays as lists (types drawn from the run's seed)."""
    s = model.scenario
    on = playing(s)
    game = SimpleNamespace(flag=1.0 if on else 0.0, area=0.0, battle=-1.0,
                           even=s.talks.even_gain_km2 if on else 0.0, pain_a=1.0, pain_b=1.0,
                           reading=1.0 if on and s.talks.battle_reading == "expected" else 0.0,
                           effect=s.talks.strength_effect if on else 0.0, expected=0.0)
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
    if on:
        couple_power(model)  # the drawn strength types act on the front from day 0


def deal_terms(model, share_a: float) -> None:
    """Terms of a deal giving A the share ``share_a``; relief and guarantees follow."""
    talks = model.talks
    a, b = talks.side_a, talks.side_b
    talks.terms = {
        k: a.ideal[k] + (1.0 - share_a) * (b.ideal[k] - a.ideal[k]) for k in talks.issues
    }
    model.sanctions_relief = strength(talks, "sanctions_relief", talks.terms)
    model.guarantee_strength = strength(talks, "guarantees", talks.terms)


def war_pain(model, st) -> float:
    """Factor on the cost of a day of war of state ``st``: the red-line talks' weighing
    of the engine's pain (reference_bargaining.batna)."""
    t = model.talks.spec
    pain = (
        t.casualty_cost * st.loss_rate * 365.0
        + t.econ_cost * st.econ_pain
        + t.pressure_cost * st.pressure_felt
    )
    return 1.0 + (1.0 - st.resolve) * pain * (1.0 + t.weariness * (1.0 - st.war_support))


def feel_the_war(model, day: int) -> None:
    """Loss rates, US pressure on the side that refused last, each side's cost grid
    rescaled to :func:`war_pain`."""
    g = model.game
    talks = model.talks
    t = talks.spec
    fighting = not model.ceasefire
    sides = (talks.side_a, talks.side_b)
    for st in sides:
        if fighting:
            rate = st.casualties_today / st.troops if st.troops > 0.0 else 0.0
            if day == 0:
                st.loss_rate = rate
            else:
                st.loss_rate += t.belief_rate * (rate - st.loss_rate)
        st.pressure_felt = 0.0
    who = g.st[C.S_REFUSER]
    if fighting and (who == 0.0 or who == 1.0):
        st = sides[0] if who == 0.0 else sides[1]
        cred = t.aid_credibility if st.patrons else t.sanctions_credibility
        st.pressure_felt = min(t.us_pressure, 1.0) * cred
    for i, st in enumerate(sides):
        f = war_pain(model, st)
        ratio = f / (g.pain_a if i == 0 else g.pain_b)
        row = g.types[C.TY_COST][i]
        for j in range(len(row)):
            row[j] *= ratio
        if i == 0:
            g.pain_a = f
        else:
            g.pain_b = f


def couple_power(model) -> None:
    """Each side's combat power from its true strength type (kernel's couple_power)."""
    g = model.game
    talks = model.talks
    for i, st in enumerate((talks.side_a, talks.side_b)):
        st.combat_power = combat_power(g.effect, g.types, i, g.ipar[C.I_TYPE_A + i])


def expected_gain(model) -> float:
    """Side A's median gain today for two equally strong sides (kernel's expected_gain)."""
    battle = model.scenario.battle
    if not battle.movement:
        return 0.0
    g = model.game
    a, b = model.talks.side_a, model.talks.side_b
    gap = (math.log(a.combat_power) - math.log(b.combat_power)
           + g.effect * (strength_centre(g.types, 0) - strength_centre(g.types, 1)))
    needed, scale = model.log_ratio_needed, battle.ratio_scale
    counter_odds = math.exp(-(model.log_ratio_counter - needed) / scale)
    sigma = battle.advance_noise
    mean = 0.0
    square = 0.0
    for fr in model.front_list:
        if fr.frozen:
            continue
        if fr.attacker is a and fr.defender is b:
            sign = 1.0
        elif fr.attacker is b and fr.defender is a:
            sign = -1.0
        else:
            continue
        x = (fr.log_ratio - sign * gap - needed) / scale
        e = math.exp(-min(max(x, -700.0), 700.0))
        v = fr.intensity * (battle.advance_max / (1.0 + e) - battle.counter_max * e / (e + counter_odds))
        old = fr.depth - fr.advance_today
        step = min(max(old + v, 0.0), fr.max_depth) - old
        w = sign * fr.length * step
        mean += w
        square += w * w
    if mean == 0.0:
        return 0.0
    return mean / math.sqrt(1.0 + (math.exp(sigma * sigma) - 1.0) * square / (mean * mean))


def battle_seen(model) -> int:
    """The day's battle: A's gain today against the even level (kernel's battle_seen)."""
    g = model.game
    area = model.talks.side_a.territory
    even = g.even
    g.expected = 0.0
    if g.reading > 0.0 and not model.ceasefire:
        even = expected_gain(model)
        g.expected = even
    moved = area - g.area - even
    g.area = area
    if moved > MOVE_KM2:
        return BATTLE_A_WON
    if moved < -MOVE_KM2:
        return BATTLE_B_WON
    return BATTLE_NONE


def game_step(model, day: int) -> None:
    """One day of the talks game: the core's day with the front's battle, then a deal
    signed today starts a ceasefire, a deal reneged on today ends it."""
    g = model.game
    if g.flag <= 0.0 or model.ended or day >= len(g.trace):
        return
    talks = model.talks
    st = g.st
    battle = battle_seen(model)
    feel_the_war(model, day)
    before = st[C.S_OUTCOME]
    rounds = st[C.S_ROUNDS]
    core.play_day_given(day, battle, g.ipar, g.par, g.side, g.types, g.quad, g.vals, st,
                        g.trace)
    g.battle = g.trace[day][C.T_BATTLE]
    if g.effect != 0.0:
        couple_power(model)
    talks.rounds += int(st[C.S_ROUNDS] - rounds)
    if before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_COLLAPSED:
        st[C.S_BREAK] = C.BREAK_RENEGE
    if g.par[C.P_TRUCE] > 0.0 and before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_DEAL:
        truce_day(model, day)
        g.trace[day][C.T_OUTCOME] = st[C.S_OUTCOME]
    if before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_COLLAPSED:
        who = st[C.S_RENEGER]
        e = (talks.side_a, talks.side_b)[int(who)].index if who in (0.0, 1.0) else -1
        back_to_war(model, day, e, int(st[C.S_BREAK]))
        talks.status = L.TALKS_SUSPENDED
    if before == C.OUT_COLLAPSED and st[C.S_OUTCOME] != C.OUT_COLLAPSED:
        talks.status = L.TALKS_ACTIVE
    if before != C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_DEAL:
        deal_terms(model, st[C.S_SHARE_A])
        talks.signings += 1
        talks.sign_day = day
        talks.status = L.TALKS_CEASEFIRE
        model.talks_progress = 1.0
        model.ceasefire = True
        model.ceasefire_day = day
        model.outcome = L.OUTCOME_CEASEFIRE_HOLDING
        model.log(day, L.EV_CEASEFIRE, -1, -1, model.guarantee_strength)
        if g.par[C.P_TRUCE] > 0.0:
            st[C.S_BREAK] = -1.0
            trust_at_signing(g.ipar, g.par, g.side, g.types, g.vals, st)


def day(model, day: int) -> None:
    """The talks game's day (after the talks, before the ceasefire)."""
    game_step(model, day)
