"""The talks as a bargaining game in the day loop (``talks.model = "bargaining"``).

Each day is the core's day (``play_day_given``): a scheduled leader change; under
a deal, the renege check; at war on talks days a round of the bargaining core
(:func:`engine.mechanisms.bargaining.kernel.talks_round`: the proposer's optimal
offer or the mediator's draft from noisy signals, the responder's acceptance by its
continuation value, Bayes' rule on offers and refusals); then the day's battle: side A's (the first
belligerent's) ground gained today, summed over the sectors (each sector's advance
times its width), against the even gain ``talks.even_gain_km2`` or, with
``talks.battle_reading = "expected"``, the median gain the front's state today gives two
equally strong sides: more is a battle A won, less one B won; both sides read it with
Bayes' rule. With ``talks.strength_effect`` the drawn strength types act on the front:
each side fights with its combat effectiveness times ``exp(strength_effect (theta -
centre))``. The core's decisive-end draw is
not used: the engine's own ends (a collapse) apply. A signed deal starts a
ceasefire on its terms; ``shift_days`` later each side re-decides under the realised
power shift and the guarantee (the core's renege check), and a side that reneges
ends the ceasefire. With ``[talks.bargaining.truce]`` each day of the deal is also a
day of the truce (:func:`engine.mechanisms.ceasefire.truce.truce_day`): incidents,
the sides' trust, escalation, and each side's re-decision to resume.
docs/talks_game.md has the rules.

Kernel rules (docs/architecture.md): every array is run ``r``'s slice, sliced once by
the driver; the core's functions index them element-wise and allocate nothing.
Twin: :mod:`engine.mechanisms.talks_game.reference`.
"""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.core.events import log_event
from engine.core.jit import helper, kernel
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.kernel import play_day_given
from engine.mechanisms.ceasefire.kernel import back_to_war
from engine.mechanisms.ceasefire.truce import state_of, truce_day, trust_at_signing
from engine.mechanisms.front.kernel import advance_rate, counter_odds_factor
from engine.mechanisms.talks.bargaining import strength

MOVE_KM2 = 1e-9  # gains this close to the even gain are no battle result
# the battle as play_day_given takes it: a result seen on the front, or none
BATTLE_A_WON = 1
BATTLE_B_WON = 0
BATTLE_NONE = -2


@kernel
def deal_terms(share_a, talks_roles, issue_strong_low, ideal, terms, glob):
    """Terms of a deal giving A the share ``share_a`` of the package: every issue at
    ``ideal_A + (1 - share_a) (ideal_B - ideal_A)``; relief and guarantees follow."""
    a = talks_roles[L.TR_SIDE_A]
    b = talks_roles[L.TR_SIDE_B]
    for k in range(terms.shape[0]):
        terms[k] = ideal[a, k] + (1.0 - share_a) * (ideal[b, k] - ideal[a, k])
    glob[L.G_SANCTIONS_RELIEF] = strength(talks_roles[L.TR_SANCTIONS], terms, issue_strong_low)
    glob[L.G_GUARANTEE_STRENGTH] = strength(talks_roles[L.TR_GUARANTEES], terms, issue_strong_low)


@helper
def war_pain(e, state, state_param, talks_param):
    """Factor on the cost of a day of war of the side that is engine state ``e``: the
    red-line talks' own weighing of the engine's pain (talks.bargaining.batna),
    ``1 + (1 - resolve) (casualty_cost 365 loss_rate + econ_cost econ_pain +
    pressure_cost pressure_felt) (1 + weariness (1 - war_support))``."""
    pain = (
        talks_param[L.TP_CASUALTY_COST] * state[e, L.S_LOSS_RATE] * 365.0
        + talks_param[L.TP_ECON_COST] * state[e, L.S_ECON_PAIN]
        + talks_param[L.TP_PRESSURE_COST] * state[e, L.S_PRESSURE_FELT]
    )
    weariness = 1.0 + talks_param[L.TP_WEARINESS] * (1.0 - state[e, L.S_WAR_SUPPORT])
    return 1.0 + (1.0 - state_param[e, L.SP_RESOLVE]) * pain * weariness


@kernel
def feel_the_war(day, glob, state, state_param, talks_param, talks_roles, patron_of, game_types,
                 game_st):
    """The engine's pain reaches the game's cost of war (the levers act through it).

    Each side's daily loss rate (casualties today over troops, smoothed at the beliefs'
    rate as the red-line talks' beliefs do), US pressure on the side that refused the
    last offer (``us_pressure`` times the credibility of an aid pause if a patron backs
    it, of sanctions if not; pressure is felt in the talks only, nothing is paused on
    the front), then each side's cost grid is rescaled to :func:`war_pain` (by the ratio
    to the factor applied so far, ``G_GAME_PAIN_A/B``).
    """
    fighting = glob[L.G_CEASEFIRE] <= 0.0
    for i in range(2):
        e = talks_roles[L.TR_SIDE_A] if i == 0 else talks_roles[L.TR_SIDE_B]
        if fighting:
            troops = state[e, L.S_RESERVE] + state[e, L.S_COMMITTED]
            rate = state[e, L.S_CASUALTIES_TODAY] / troops if troops > 0.0 else 0.0
            if day == 0:
                state[e, L.S_LOSS_RATE] = rate
            else:
                state[e, L.S_LOSS_RATE] += talks_param[L.TP_BELIEF_RATE] * (
                    rate - state[e, L.S_LOSS_RATE])
        state[e, L.S_PRESSURE_FELT] = 0.0
    who = game_st[C.S_REFUSER]
    if fighting and (who == 0.0 or who == 1.0):
        e = talks_roles[L.TR_SIDE_A] if who == 0.0 else talks_roles[L.TR_SIDE_B]
        backed = False
        for j in range(patron_of.shape[0]):
            if patron_of[j] == e:
                backed = True
        cred = talks_param[L.TP_CRED_AID] if backed else talks_param[L.TP_CRED_SANCTIONS]
        state[e, L.S_PRESSURE_FELT] = min(talks_param[L.TP_US_PRESSURE], 1.0) * cred
    for i in range(2):
        e = talks_roles[L.TR_SIDE_A] if i == 0 else talks_roles[L.TR_SIDE_B]
        f = war_pain(e, state, state_param, talks_param)
        ratio = f / glob[L.G_GAME_PAIN_A + i]
        for j in range(game_types.shape[2]):
            game_types[C.TY_COST, i, j] *= ratio
        glob[L.G_GAME_PAIN_A + i] = f


@helper
def strength_centre(i, game_types):
    """Side ``i``'s strength centre, ``sum_j w_ij theta_ij`` over its own type weights."""
    centre = 0.0
    for j in range(game_types.shape[2]):
        centre += game_types[C.TY_POP, i, j] * game_types[C.TY_STRENGTH, i, j]
    return centre


@helper
def couple_power(state, talks_param, talks_roles, game_ipar, game_types):
    """Each side's combat power from its true strength type (a new leader's redraw
    included): ``exp(strength_effect (theta_i - centre_i))``, 1 at the centre."""
    for i in range(2):
        e = talks_roles[L.TR_SIDE_A] if i == 0 else talks_roles[L.TR_SIDE_B]
        theta = game_types[C.TY_STRENGTH, i, game_ipar[C.I_TYPE_A + i]]
        state[e, L.S_COMBAT_POWER] = np.exp(
            talks_param[L.TP_GAME_EFFECT] * (theta - strength_centre(i, game_types)))


@helper
def expected_gain(state, talks_param, talks_roles, glob_param, front, front_param,
                  front_attacker, front_defender, game_types):
    """Side A's gain today (km2) that two equally strong sides would make, its median.

    Each sector's log force ratio today less the strength gap in force,
    ``g = ln P_A - ln P_B + strength_effect (centre_A - centre_B)`` (``c (theta_A -
    theta_B)``, signed by who attacks), gives the sector's mean step ``tempo v(ln R -
    g)`` (the front's advance rate, clipped to the sector's depth), ``w_f = +-length
    step``; the sum's median is that of a lognormal with the sum's mean ``M`` and
    variance ``V = (exp(sigma^2) - 1) sum w_f^2`` (the sectors' mean-one advance noise
    ``sigma``): ``M / sqrt(1 + V / M^2)``. Frozen sectors and sectors A and B do not
    both hold count nothing.
    """
    if glob_param[L.GP_MOVEMENT] <= 0.0:
        return 0.0
    a = talks_roles[L.TR_SIDE_A]
    b = talks_roles[L.TR_SIDE_B]
    gap = (np.log(state[a, L.S_COMBAT_POWER]) - np.log(state[b, L.S_COMBAT_POWER])
           + talks_param[L.TP_GAME_EFFECT] * (strength_centre(0, game_types)
                                              - strength_centre(1, game_types)))
    counter_odds = counter_odds_factor(glob_param)
    sigma = glob_param[L.GP_ADVANCE_NOISE]
    mean = 0.0
    square = 0.0
    for f in range(front_attacker.shape[0]):
        if front[f, L.F_FROZEN] > 0.0:
            continue
        if front_attacker[f] == a and front_defender[f] == b:
            sign = 1.0
        elif front_attacker[f] == b and front_defender[f] == a:
            sign = -1.0
        else:
            continue
        v = front_param[f, L.FP_INTENSITY] * advance_rate(
            front[f, L.F_LOG_RATIO] - sign * gap, counter_odds, glob_param)
        old = front[f, L.F_DEPTH] - front[f, L.F_ADVANCE_TODAY]
        step = min(max(old + v, 0.0), front_param[f, L.FP_MAX_DEPTH]) - old
        w = sign * front_param[f, L.FP_LENGTH] * step
        mean += w
        square += w * w
    if mean == 0.0:
        return 0.0
    return mean / np.sqrt(1.0 + (np.exp(sigma * sigma) - 1.0) * square / (mean * mean))


@helper
def battle_seen(glob, state, talks_param, talks_roles, glob_param, front, front_param,
                front_attacker, front_defender, game_types):
    """The day's battle as the game reads it: side A's ground gained today against the
    even level (``talks.even_gain_km2``, or with ``battle_reading = "expected"`` the
    median gain of two equally strong sides, :func:`expected_gain`)."""
    area = state[talks_roles[L.TR_SIDE_A], L.S_TERRITORY]
    even = talks_param[L.TP_GAME_EVEN]
    glob[L.G_GAME_EXPECTED] = 0.0
    if talks_param[L.TP_GAME_READING] > 0.0 and glob[L.G_CEASEFIRE] <= 0.0:
        even = expected_gain(state, talks_param, talks_roles, glob_param, front, front_param,
                             front_attacker, front_defender, game_types)
        glob[L.G_GAME_EXPECTED] = even
    moved = area - glob[L.G_GAME_AREA] - even
    glob[L.G_GAME_AREA] = area
    if moved > MOVE_KM2:
        return BATTLE_A_WON
    if moved < -MOVE_KM2:
        return BATTLE_B_WON
    return BATTLE_NONE


@kernel
def game_step(seed, day, role, glob, state, state_param, talks_param, talks_roles, patron_of,
              issue_strong_low, ideal, salience, terms, game_ipar, game_par, game_side,
              game_types, game_quad, game_vals, game_st, game_trace, log, log_count, glob_param,
              front, front_param, front_attacker, front_defender):
    """One day of the talks game for one run (a no-op for other talks models): the
    core's day (:func:`~engine.mechanisms.bargaining.kernel.play_day_given`) with the
    front's battle, under a deal the truce's day (with ``[truce]``), then what the
    outcome means for the run: a deal signed today starts a ceasefire on its terms, a
    deal reneged on or broken today ends it (relapse, with who and why)."""
    if talks_param[L.TP_GAME] <= 0.0 or glob[L.G_ENDED] > 0.0 or day >= game_trace.shape[0]:
        return
    st = game_st
    # the day's battle: A's ground gained today (the front fought earlier in the day;
    # the sides read it after today's round, as in the core's day)
    battle = battle_seen(glob, state, talks_param, talks_roles, glob_param, front, front_param,
                         front_attacker, front_defender, game_types)
    feel_the_war(day, glob, state, state_param, talks_param, talks_roles, patron_of, game_types, st)
    before = st[C.S_OUTCOME]
    rounds = st[C.S_ROUNDS]
    play_day_given(day, battle, game_ipar, game_par, game_side, game_types, game_quad, game_vals,
                   st, game_trace)
    glob[L.G_GAME_BATTLE] = game_trace[day, C.T_BATTLE]
    if talks_param[L.TP_GAME_EFFECT] != 0.0:
        # tomorrow's front fights with today's types (a new leader's redraw included)
        couple_power(state, talks_param, talks_roles, game_ipar, game_types)
    glob[L.G_ROUNDS] += st[C.S_ROUNDS] - rounds
    if before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_COLLAPSED:
        st[C.S_BREAK] = C.BREAK_RENEGE
    if (game_par[C.P_TRUCE] > 0.0 and before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_DEAL):
        truce_day(seed, day, role, glob, state, talks_param, talks_roles, issue_strong_low, ideal,
                  salience, terms, game_ipar, game_par, game_side, game_types, game_vals, st,
                  log, log_count)
        game_trace[day, C.T_OUTCOME] = st[C.S_OUTCOME]
    if before == C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_COLLAPSED:
        who = st[C.S_RENEGER]
        # the state that resumed the war (-1: both sides)
        e = state_of(np.int64(who), talks_roles) if who == 0.0 or who == 1.0 else np.int64(-1)
        back_to_war(day, e, np.int64(st[C.S_BREAK]), glob, log, log_count)
        glob[L.G_TALKS_STATUS] = L.TALKS_SUSPENDED
    if before == C.OUT_COLLAPSED and st[C.S_OUTCOME] != C.OUT_COLLAPSED:
        # the talks resume after a relapse (the game's resume_after; aims.resume_talks)
        glob[L.G_TALKS_STATUS] = L.TALKS_ACTIVE
    if before != C.OUT_DEAL and st[C.S_OUTCOME] == C.OUT_DEAL:
        deal_terms(st[C.S_SHARE_A], talks_roles, issue_strong_low, ideal, terms, glob)
        glob[L.G_SIGNINGS] += 1.0
        glob[L.G_SIGN_DAY] = day
        glob[L.G_TALKS_STATUS] = L.TALKS_CEASEFIRE
        glob[L.G_TALKS_PROGRESS] = 1.0
        glob[L.G_CEASEFIRE] = 1.0
        glob[L.G_CEASEFIRE_DAY] = day
        glob[L.G_OUTCOME] = L.OUTCOME_CEASEFIRE_HOLDING
        log_event(log, log_count, day, L.EV_CEASEFIRE, -1, -1, glob[L.G_GUARANTEE_STRENGTH])
        if game_par[C.P_TRUCE] > 0.0:
            st[C.S_BREAK] = -1.0
            trust_at_signing(game_ipar, game_par, game_side, game_types, game_vals, st)


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (game_step,)
