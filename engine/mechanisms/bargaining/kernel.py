"""Bargaining while fighting under incomplete information: the kernel.

Two belligerents, A (side 0) and B (side 1), bargain over a pie (a package of issues;
a share ``s`` in [0, 1] to each) while they fight. Each side has a private type on a
small grid (strength, cost of war, reservation terms) and a belief over the other's
type, updated by Bayes' rule from battles, offers made and offers refused. Offers are
the proposer's expected-utility maximum given its belief; a responder accepts when the
offer's value (its durability under the power shift a deal allows, net of audience
costs) beats its continuation value. docs/talks.md has the equations and references.

Kernel rules (../shared/DESIGN.md; docs/talks.md, "Known gaps"): every function takes
the small per-run arrays of :mod:`engine.mechanisms.bargaining.columns` and scalars;
arrays are indexed element-wise (never sliced: no views, no allocation), everything is
compiled without the reference-counting runtime, side indices are int64 variables (one
specialization); every function has a twin of the same name and loop order in
:mod:`engine.mechanisms.bargaining.reference` (tests/test_bargaining_twin.py,
tests/test_bargaining_kernel_rules.py).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.core.rng import normal, uniform
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.aims import (
    aims_day,
    day_start,
    guarantee,
    keep_offer,
    leader_falls,
    loss_kink,
    loss_slope,
    loss_term,
    new_leader,
    patron_review,
    renege_share,
    stalemate_cost,
    threshold_break,
    threshold_kink,
    threshold_slope,
    threshold_term,
)

# The day's kernels index the per-run arrays and allocate nothing, so they are compiled
# without Numba's reference-counting runtime (as engine.core.jit's ``kernel`` will do
# after the restructure): no NRT_incref/decref can reach the day's machine code.
JIT = {"cache": True, "_nrt": False}


# ---------------------------------------------------------------- war
@njit(**JIT)
def win_prob(own, other):
    """Chance that a side of strength ``own`` wins the war against ``other``.

    ``p = clip(1/2 + (own - other) / 2, 0, 1)``; symmetric, so ``p_B = 1 - p_A``.
    """
    return min(max(0.5 + 0.5 * (own - other), 0.0), 1.0)


@njit(**JIT)
def battle_prob(p, kappa):
    """Chance that a side with war-winning chance ``p`` wins one day's battle.

    ``pi = 1/2 + kappa (p - 1/2)``: with ``kappa = 0`` a battle says nothing about
    strength, with ``kappa = 1`` a day's battle is as informative as a whole war.
    The war's value does not depend on ``kappa``: it sets what is observed, not what
    is at stake.
    """
    return 0.5 + kappa * (p - 0.5)


@njit(**JIT)
def war_value(p, c, d, h):
    """Value of fighting to the end (no more talks), in pie units.

    Each day costs ``c`` and ends the war with chance ``h``, the winner (chance ``p``)
    taking the whole pie: ``W = d (h p + (1 - h) W) - c``, so
    ``W = (d h p - c) / (1 - d (1 - h))``.
    """
    return (d * h * p - c) / (1.0 - d * (1.0 - h))


@njit(**JIT)
def fight_then(p, c, d, h, m, x):
    """Value of ``m`` days of war followed by the value ``x`` (if the war is not over).

    ``(1 - a^m) W(p) + a^m x`` with ``a = d (1 - h)``; for ``m = 1`` this is
    ``d (h p + (1 - h) x) - c``.
    """
    am = (d * (1.0 - h)) ** m
    return (1.0 - am) * war_value(p, c, d, h) + am * x


@njit(inline="always", **JIT)
def felt_cost(i, j, side, types, st):
    """Cost of a day of war as side ``i`` of type ``j`` feels it today: its type's cost
    grown with the hurt it has suffered, ``c_ij (1 + r_i H_i)``, where ``H_i`` is the war
    cost it has paid so far (pie units) and ``r_i`` its ripening rate. A flat but painful
    stalemate ripens (Zartman 2000): the bargaining range opens as the hurt mounts."""
    return types[C.TY_COST, i, j] * (1.0 + side[i, C.SP_RIPEN] * st[C.S_HURT_A + i])


# ---------------------------------------------------------------- deals
@njit(**JIT)
def deal_value(s, p, c, d, c_o, d_o, h, sign, shift, shift_sd, lag, g, quad, pos, aud):
    """Value to a side of a deal that gives it the share ``s`` (commitment problem).

    ``lag`` days after the deal each side learns the power shift the ceasefire allowed,
    ``Delta = shift + shift_sd z`` (z on the quadrature nodes of ``quad``), which moves
    this side's war chance to ``p' = clip(p + sign Delta)`` (``sign`` = -1 for A, +1 for
    B: a positive shift favours B). The other side reneges when war then beats its
    share by more than the guarantee's cost ``g``: ``W_o(1 - p') - g > 1 - s``. A deal
    that holds is worth ``s``; one the other side breaks is worth
    ``(1 - d^lag) s + d^lag W(p')`` (war resumes at the shifted odds). A side signs in
    good faith: it does not count on breaking the deal itself (the protocol's renege
    check still lets it). Backing off the public position ``pos`` costs
    ``aud (pos - s)^+`` (audience costs).
    """
    dl = d**lag
    v = 0.0
    for q in range(quad.shape[1]):
        pq = min(max(p + sign * (shift + shift_sd * quad[0, q]), 0.0), 1.0)
        wo = war_value(1.0 - pq, c_o, d_o, h)
        if wo - g > 1.0 - s:
            val = (1.0 - dl) * s + dl * war_value(pq, c, d, h)
        else:
            val = s
        v += quad[1, q] * val
    return v - aud * max(pos - s, 0.0)


@njit(**JIT)
def pair_deal_value(i, j, o, s, ipar, par, side, types, quad, st):
    """:func:`deal_value` for side ``i`` of type ``j`` facing type ``o`` of the other."""
    k = 1 - i
    p = win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, k, o])
    sign = -1.0 if i == 0 else 1.0
    return deal_value(
        s, p, felt_cost(i, j, side, types, st), side[i, C.SP_DISCOUNT],
        felt_cost(k, o, side, types, st), side[k, C.SP_DISCOUNT], par[C.P_HAZARD], sign,
        par[C.P_SHIFT], par[C.P_SHIFT_SD], ipar[C.I_SHIFT_DAYS],
        guarantee(s, i, par[C.P_G_CLIENT], par[C.P_GUARANTEE], par[C.P_G_PER_LEVEL]), quad,
        st[C.S_POS_A + i], side[i, C.SP_AUDIENCE],
    ) - loss_term(s, st[C.S_REF_A + i], side[i, C.SP_LOSS]) - threshold_term(
        s, side[i, C.SP_TH_SHARE], side[i, C.SP_TH_LOSS], st[C.S_REFRAMED_A + i], side[i, C.SP_REFRAME_COST])


@njit(**JIT)
def deal_slope(s, p, c_o, d_o, h, sign, shift, shift_sd, dl, g, quad, pos, aud):
    """Slope of :func:`deal_value` in the share ``s`` (away from its breaks): 1 on the
    shift nodes where the other side keeps the deal, ``1 - d^lag`` where it reneges,
    plus ``aud`` below the public position."""
    v = 0.0
    for q in range(quad.shape[1]):
        pq = min(max(p + sign * (shift + shift_sd * quad[0, q]), 0.0), 1.0)
        wo = war_value(1.0 - pq, c_o, d_o, h)
        v += quad[1, q] * ((1.0 - dl) if wo - g > 1.0 - s else 1.0)
    return v + (aud if s < pos else 0.0)


@njit(**JIT)
def pair_deal_slope(i, j, o, s, ipar, par, side, types, quad, st):
    """:func:`deal_slope` for side ``i`` of type ``j`` facing type ``o`` of the other."""
    k = 1 - i
    p = win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, k, o])
    sign = -1.0 if i == 0 else 1.0
    return deal_slope(
        s, p, felt_cost(k, o, side, types, st), side[k, C.SP_DISCOUNT], par[C.P_HAZARD], sign,
        par[C.P_SHIFT], par[C.P_SHIFT_SD], side[i, C.SP_DISCOUNT] ** ipar[C.I_SHIFT_DAYS],
        guarantee(s, i, par[C.P_G_CLIENT], par[C.P_GUARANTEE], par[C.P_G_PER_LEVEL]), quad, st[C.S_POS_A + i],
        side[i, C.SP_AUDIENCE],
    ) + loss_slope(s, st[C.S_REF_A + i], side[i, C.SP_LOSS]) + threshold_slope(
        s, side[i, C.SP_TH_SHARE], side[i, C.SP_TH_LOSS], st[C.S_REFRAMED_A + i])


@njit(**JIT)
def expected_deal_value(i, j, s, ipar, par, side, types, quad, vals, st):
    """Deal value of share ``s`` to side ``i`` of type ``j``, averaged over its belief."""
    v = 0.0
    for o in range(types.shape[2]):
        b = vals[C.V_BELIEF, i, o]
        if b > 0.0:
            v += b * pair_deal_value(i, j, o, s, ipar, par, side, types, quad, st)
    return v


@njit(**JIT)
def pair_refusal_value(i, j, o, x, ipar, par, side, types, st):
    """Value to side ``i`` of type ``j`` of a refused offer against type ``o``: fight until
    the next round (``talk_every`` days), then the value ``x`` of its role there."""
    p = win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, 1 - i, o])
    return fight_then(
        p, felt_cost(i, j, side, types, st), side[i, C.SP_DISCOUNT], par[C.P_HAZARD],
        ipar[C.I_TALK_EVERY], x,
    )


@njit(**JIT)
def refusal_value(i, j, x, ipar, par, side, types, vals, st):
    """:func:`pair_refusal_value` averaged over side ``i``'s belief."""
    v = 0.0
    for o in range(types.shape[2]):
        b = vals[C.V_BELIEF, i, o]
        if b > 0.0:
            v += b * pair_refusal_value(i, j, o, x, ipar, par, side, types, st)
    return v


@njit(inline="always", **JIT)
def next_value(i, j, was_proposer, ipar, vals):
    """Value of the role side ``i`` of type ``j`` plays in the next round.

    Alternating offers swap the roles after a refusal; with a fixed proposer
    (Powell 2004) they stay. A responder's role is valued at its own continuation
    ``V_THR`` (it expects to be held to its reservation: no information rent is
    counted, which keeps the values continuous in the beliefs and the iteration a
    contraction; docs/talks.md).
    """
    if ipar[C.I_FIXED] == 1:
        return vals[C.V_PROP, i, j] if was_proposer else vals[C.V_THR, i, j]
    return vals[C.V_THR, i, j] if was_proposer else vals[C.V_PROP, i, j]


@njit(**JIT)
def accepts(i, j, s, ipar, par, side, types, quad, vals, st):
    """Whether side ``i`` of type ``j`` accepts the share ``s``: no reservation term is
    crossed, its veto player co-signs (``s`` at or above the veto's red line: a
    parliament, a referendum, a hard-line faction or a patron; Tsebelis 2002, Putnam
    1988) and the deal's expected value reaches its continuation value."""
    if s < max(types[C.TY_FLOOR, i, j], side[i, C.SP_VETO]) - C.TIE or s > 1.0 + C.TIE:
        return False
    ev = expected_deal_value(i, j, s, ipar, par, side, types, quad, vals, st)
    return ev >= vals[C.V_THR, i, j] - C.TIE


@njit(**JIT)
def next_break(i, j, s, ipar, par, side, types, quad, vals, st):
    """Least share above ``s`` past which some believed type of the other side would
    renege after the power shift (2.0 if none): the deal value drops there."""
    k = 1 - i
    sign = -1.0 if i == 0 else 1.0
    b = 2.0
    for o in range(types.shape[2]):
        if vals[C.V_BELIEF, i, o] <= 0.0:
            continue
        p = win_prob(types[C.TY_STRENGTH, i, j], types[C.TY_STRENGTH, k, o])
        for q in range(quad.shape[1]):
            dq = par[C.P_SHIFT] + par[C.P_SHIFT_SD] * quad[0, q]
            pq = min(max(p + sign * dq, 0.0), 1.0)
            wo = war_value(1.0 - pq, felt_cost(k, o, side, types, st),
                           side[k, C.SP_DISCOUNT], par[C.P_HAZARD])
            x = renege_share(wo, i, par[C.P_G_CLIENT], par[C.P_GUARANTEE], par[C.P_G_PER_LEVEL])
            if x > s and x < b:
                b = x
    # an indivisible threshold issue: the deal value jumps there (aims.py)
    return threshold_break(s, side[i, C.SP_TH_SHARE], side[i, C.SP_TH_LOSS], st[C.S_REFRAMED_A + i], b)


@njit(**JIT)
def next_kink(i, s, side, st):
    """Least share above ``s`` where side ``i``'s deal value bends (2.0 if none): its
    public position, below which a deal costs the audience cost (a new kink of the
    deal value goes here, and its slope into :func:`deal_slope`)."""
    pos = st[C.S_POS_A + i]
    kink = pos if (side[i, C.SP_AUDIENCE] > 0.0 and pos > s) else 2.0
    # the reference point bends it too, when the side is loss averse (aims.py)
    kink = loss_kink(s, st[C.S_REF_A + i], side[i, C.SP_LOSS], kink)
    # and a threshold issue once reframed as divisible (aims.py)
    return threshold_kink(s, side[i, C.SP_TH_SHARE], side[i, C.SP_TH_LOSS], st[C.S_REFRAMED_A + i], kink)


@njit(**JIT)
def accept_threshold(i, j, thr, ipar, par, side, types, quad, vals, st):
    """Least share side ``i`` of type ``j`` accepts (2.0 when none in [0, 1]), and the
    slope of its expected deal value there (0 when the floor binds or there is none).

    The expected deal value is piecewise linear in the share: it rises between the
    points where a type of the other side would renege (it drops there: a deal that
    leaves the other less than its war value after the shift does not hold) and bends
    at its kinks (:func:`next_kink`). Piece by piece from the floor (the strictest
    reservation term): the left end if it reaches ``thr``, else, when the piece's right
    end does, the share where the line through the ends of the first segment between
    kinks that reaches ``thr`` meets it.

    Within one solve only ``thr`` changes from sweep to sweep (the pieces and the deal
    values at their ends depend on the beliefs and the day's state, which the solve holds
    fixed), so the piece the last search ended on is kept (``V_AT_*``; :func:`solve`
    clears it): when ``thr`` is above every end value of the pieces below it, those
    pieces would all be passed over again, and the search starts on it with its ends'
    values as they were computed. The result is the same bit for bit.
    """
    lo = max(types[C.TY_FLOOR, i, j], side[i, C.SP_VETO])
    if lo > 1.0:
        return 2.0, 0.0
    start = 0
    below = -math.inf
    cached = vals[C.V_AT_PIECE, i, j] > 0.0 and thr > vals[C.V_AT_BELOW, i, j]
    if cached:
        start = int(vals[C.V_AT_PIECE, i, j]) - 1
        lo = vals[C.V_AT_LO, i, j]
        below = vals[C.V_AT_BELOW, i, j]
    for piece in range(start, types.shape[2] * quad.shape[1] + 2):
        if cached:
            b = vals[C.V_AT_BREAK, i, j]
            f_lo = vals[C.V_AT_FLO, i, j]
            f_hi = vals[C.V_AT_FHI, i, j]  # -inf: not computed yet
            cached = False
        else:
            b = next_break(i, j, lo, ipar, par, side, types, quad, vals, st)
            f_lo = expected_deal_value(i, j, lo, ipar, par, side, types, quad, vals, st)
            f_hi = -math.inf
        # just inside the break: at the break itself rounding may already tip it
        hi = 1.0 if b > 1.0 else b - 1e-12
        vals[C.V_AT_PIECE, i, j] = piece + 1
        vals[C.V_AT_LO, i, j] = lo
        vals[C.V_AT_BREAK, i, j] = b
        vals[C.V_AT_FLO, i, j] = f_lo
        vals[C.V_AT_BELOW, i, j] = below
        if f_lo >= thr:
            vals[C.V_AT_FHI, i, j] = f_hi
            return lo, 0.0
        if f_hi == -math.inf:
            f_hi = expected_deal_value(i, j, hi, ipar, par, side, types, quad, vals, st)
        vals[C.V_AT_FHI, i, j] = f_hi
        if f_hi >= thr:
            # the first segment between the kinks inside the piece that reaches thr
            for _ in range(C.NKINK):
                kink = next_kink(i, lo, side, st)
                if kink >= hi:
                    break
                f_kink = expected_deal_value(i, j, kink, ipar, par, side, types, quad, vals, st)
                if f_kink >= thr:
                    hi = kink
                    f_hi = f_kink
                    break
                lo = kink
                f_lo = f_kink
            slope = (f_hi - f_lo) / (hi - lo)
            return min(max(lo + (thr - f_lo) / slope, lo), hi), slope
        if b >= 1.0:
            return 2.0, 0.0
        below = max(below, max(f_lo, f_hi))
        lo = b + 1e-12
    return 2.0, 0.0


@njit(**JIT)
def acceptance_mask(i, t, ipar, par, side, types, quad, vals, st):
    """Which types of the other side accept the share ``t`` (:func:`accepts`), among
    those proposer ``i`` believes possible: bit ``o`` of the integer returned is set when
    type ``o`` accepts (a type with no belief weight is not asked: its bit is 0)."""
    k = 1 - i
    mask = 0
    for o in range(types.shape[2]):
        if vals[C.V_BELIEF, i, o] > 0.0 and accepts(k, o, t, ipar, par, side, types, quad, vals,
                                                    st):
            mask |= 1 << o
    return mask


@njit(**JIT)
def offer_value(i, j, t, x, mask, ipar, par, side, types, quad, vals, st):
    """:func:`offer_utility` with the responder types' acceptances given
    (``mask``, :func:`acceptance_mask`)."""
    v = 0.0
    for o in range(types.shape[2]):
        b = vals[C.V_BELIEF, i, o]
        if b <= 0.0:
            continue
        if (mask >> o) & 1:
            v += b * pair_deal_value(i, j, o, 1.0 - t, ipar, par, side, types, quad, st)
        else:
            v += b * pair_refusal_value(i, j, o, x, ipar, par, side, types, st)
    return v


@njit(inline="always", **JIT)
def offer_utility(i, j, t, x, ipar, par, side, types, quad, vals, st):
    """Expected utility to proposer ``i`` of type ``j`` of offering the share ``t``.

    ``EU(t) = sum_o b_i(o) [acc_o(t) V_i(1 - t) + (1 - acc_o(t)) R_i(o)]``: the
    risk-return trade-off (Fearon 1995; Powell 2004) over the responder's types; ``x``
    is the proposer's value of its role in the next round. The day's search
    (:func:`best_offers`) asks each candidate's acceptances once for all proposer
    types; this is the expected utility of any share on its own (a test checks the
    offers made against it on a fine grid).
    """
    mask = acceptance_mask(i, t, ipar, par, side, types, quad, vals, st)
    return offer_value(i, j, t, x, mask, ipar, par, side, types, quad, vals, st)


@njit(**JIT)
def offer_cap(i, j, types, side):
    """The most proposer ``i`` of type ``j`` offers: ``1 - max(floor, veto)`` (an offer
    above it would cross its own reservation terms)."""
    return 1.0 - max(types[C.TY_FLOOR, i, j], side[i, C.SP_VETO])


@njit(**JIT)
def consider(i, j, t, o, mask, ipar, par, side, types, quad, vals, st):
    """Proposer ``i`` of type ``j`` weighs the candidate offer ``t``: responder type
    ``o``'s acceptance share (``o`` a float, as ``V_TARGET`` holds it; -1.0 for a renege
    point), which the types in ``mask`` accept. It becomes the offer (``V_OFFER``, its
    utility ``V_NEWPROP``, ``V_TARGET`` = ``o``, ``V_ACCEPTS`` = ``mask``) when it beats
    the best so far by more than a tie."""
    if mask == 0:
        # refused by every type: worth exactly the no-offer value it started from
        # (refusal_value, the same sum), which it cannot beat by more than a tie
        return
    x = next_value(i, j, True, ipar, vals)
    v = offer_value(i, j, t, x, mask, ipar, par, side, types, quad, vals, st)
    if v > vals[C.V_NEWPROP, i, j] + C.TIE:
        vals[C.V_OFFER, i, j] = t
        vals[C.V_NEWPROP, i, j] = v
        vals[C.V_TARGET, i, j] = o
        vals[C.V_ACCEPTS, i, j] = mask


@njit(**JIT)
def best_offers(i, ipar, par, side, types, quad, vals, st):
    """The offer each type of side ``i`` makes (``V_OFFER``), its expected utility
    (``V_NEWPROP``), the responder type whose acceptance share it is (``V_TARGET``; -1
    for no offer or a renege point) and the responder types that accept it
    (``V_ACCEPTS``, :func:`acceptance_mask`).

    The expected utility of an offer is a step function of the share offered, falling
    between the responder types' acceptance thresholds and the shares at which a
    responder type stops reneging (its war value after the power shift less the
    guarantee); the maximum is at one of those points, or at no serious offer (-1,
    refused by every type). The search runs over all of them; an offer above the
    proposer's own reservation terms (``1 - t`` below its floor, :func:`offer_cap`) is
    never made. Ties keep the first (lowest type index, then -1 first).

    The candidates are visited once for all the side's types, each type in the order
    above: which responder types accept a share does not depend on who offers it, so
    each candidate's acceptances are found once (the renege points depend on the
    proposer's strength only, so types of equal strength share them too).
    """
    k = 1 - i
    n = types.shape[2]
    for j in range(n):
        x = next_value(i, j, True, ipar, vals)
        vals[C.V_OFFER, i, j] = -1.0
        vals[C.V_NEWPROP, i, j] = refusal_value(i, j, x, ipar, par, side, types, vals, st)
        vals[C.V_TARGET, i, j] = -1.0
        vals[C.V_ACCEPTS, i, j] = 0.0
    for o in range(n):
        if vals[C.V_BELIEF, i, o] <= 0.0:
            continue
        t = vals[C.V_TACC, k, o]
        mask = -1
        for j in range(n):
            if t <= offer_cap(i, j, types, side):
                if mask < 0:
                    mask = acceptance_mask(i, t, ipar, par, side, types, quad, vals, st)
                consider(i, j, t, float(o), mask, ipar, par, side, types, quad, vals, st)
    if par[C.P_SHIFT] == 0.0 and not par[C.P_SHIFT_SD] > 0.0:
        return
    sign_k = -1.0 if k == 0 else 1.0
    mask = -1
    mask_t = 0.0
    for o in range(n):
        if vals[C.V_BELIEF, i, o] <= 0.0:
            continue
        for q in range(quad.shape[1]):
            dq = par[C.P_SHIFT] + par[C.P_SHIFT_SD] * quad[0, q]
            for j in range(n):
                pk = win_prob(types[C.TY_STRENGTH, k, o], types[C.TY_STRENGTH, i, j])
                pq = min(max(pk + sign_k * dq, 0.0), 1.0)
                wk = war_value(pq, felt_cost(k, o, side, types, st), side[k, C.SP_DISCOUNT],
                               par[C.P_HAZARD])
                t = keep_offer(wk, k, par[C.P_G_CLIENT], par[C.P_GUARANTEE],
                               par[C.P_G_PER_LEVEL])
                if t < 0.0 or t > offer_cap(i, j, types, side):
                    continue
                if mask < 0 or t != mask_t:
                    mask = acceptance_mask(i, t, ipar, par, side, types, quad, vals, st)
                    mask_t = t
                consider(i, j, t, -1.0, mask, ipar, par, side, types, quad, vals, st)


@njit(**JIT)
def offer_slopes(i, j, t, mask, ipar, par, side, types, quad, vals, st):
    """How proposer ``i`` of type ``j``'s expected utility of the offer ``t`` moves:
    the belief weight of the responder types that refuse it (each refusal's value
    moves with the proposer's next-round value) and ``sum_o b(o) dV_i/ds`` over those
    that accept (``s = 1 - t``; ``mask``: the accepting types, :func:`acceptance_mask`).
    No offer (``t < 0``) is refused by every type."""
    refused = 0.0
    dv = 0.0
    for o in range(types.shape[2]):
        b = vals[C.V_BELIEF, i, o]
        if b <= 0.0:
            continue
        if t >= 0.0 and (mask >> o) & 1:
            dv += b * pair_deal_slope(i, j, o, 1.0 - t, ipar, par, side, types, quad, st)
        else:
            refused += b
    return refused, dv


@njit(**JIT)
def sweep(ipar, par, side, types, quad, vals, st):
    """One value-iteration sweep: continuation values (from the last sweep's values)
    -> acceptance shares -> best offers and proposer values.

    The acceptance shares start from the pieces the last sweep kept
    (:func:`accept_threshold`), which assumes the beliefs and the day's state have not
    changed since (:func:`forget_pieces`). Returns the largest change of a continuation
    or proposer value.
    """
    n = types.shape[2]
    diff = 0.0
    for i in range(2):
        for j in range(n):
            x = next_value(i, j, False, ipar, vals)
            vals[C.V_NEWRESP, i, j] = refusal_value(i, j, x, ipar, par, side, types, vals, st)
    for i in range(2):
        for j in range(n):
            diff = max(diff, abs(vals[C.V_NEWRESP, i, j] - vals[C.V_THR, i, j]))
            vals[C.V_THR, i, j] = vals[C.V_NEWRESP, i, j]
            vals[C.V_RESP, i, j] = vals[C.V_NEWRESP, i, j]
    best_responses(ipar, par, side, types, quad, vals, st)
    for i in range(2):
        for j in range(n):
            diff = max(diff, abs(vals[C.V_NEWPROP, i, j] - vals[C.V_PROP, i, j]))
            vals[C.V_PROP, i, j] = vals[C.V_NEWPROP, i, j]
    return diff


@njit(**JIT)
def best_responses(ipar, par, side, types, quad, vals, st):
    """The second half of a sweep: each type's acceptance share from its continuation
    ``V_THR`` (``V_TACC``, ``V_SLOPE``), then each proposer type's best offer against
    those shares (``V_OFFER``, ``V_TARGET``, ``V_ACCEPTS``), its value (``V_NEWPROP``) and
    the map's slopes there (``V_REFUSED``, ``V_DOFFER``). Reads ``V_THR`` and, through
    the proposer's next-round value, ``V_PROP``; writes neither."""
    n = types.shape[2]
    for i in range(2):
        for j in range(n):
            t, slope = accept_threshold(
                i, j, vals[C.V_THR, i, j], ipar, par, side, types, quad, vals, st
            )
            vals[C.V_TACC, i, j] = t
            vals[C.V_SLOPE, i, j] = slope
    for i in range(2):
        best_offers(i, ipar, par, side, types, quad, vals, st)
        for j in range(n):
            # the map's slopes at this point, for the Newton step
            refused, dv = offer_slopes(i, j, vals[C.V_OFFER, i, j], int(vals[C.V_ACCEPTS, i, j]),
                                       ipar, par, side, types, quad, vals, st)
            vals[C.V_REFUSED, i, j] = refused
            o = int(vals[C.V_TARGET, i, j])
            vals[C.V_TARGET, i, j] = -1.0
            vals[C.V_DOFFER, i, j] = 0.0
            if o >= 0 and vals[C.V_SLOPE, 1 - i, o] > 0.0:
                vals[C.V_TARGET, i, j] = o
                vals[C.V_DOFFER, i, j] = -dv / vals[C.V_SLOPE, 1 - i, o]


@njit(inline="always", **JIT)
def round_discount(i, ipar, par, side):
    """``a^m``, ``a = d_i (1 - h)``: what a value one round ahead is worth to side ``i``."""
    return (side[i, C.SP_DISCOUNT] * (1.0 - par[C.P_HAZARD])) ** ipar[C.I_TALK_EVERY]


@njit(**JIT)
def chain_delta(i, j, n, vals):
    """Solve ``D(u) = V_NR(u) + V_NG(u) D(t(u))`` at ``u = (i, j)``, where ``t(u)`` is
    ``(1 - i, V_TARGET(u))``: each proposer type's offer follows one responder type.

    Following targets from ``u`` ends at a node without one (``D = V_NR``) or runs
    into a cycle, on which ``D = alpha + beta D`` around it; then back along the path.
    """
    vi = i
    vj = j
    for _ in range(2 * n):
        if vals[C.V_TARGET, vi, vj] < 0.0 or vals[C.V_NG, vi, vj] == 0.0:
            break
        vj = int(vals[C.V_TARGET, vi, vj])
        vi = 1 - vi
    if vals[C.V_TARGET, vi, vj] < 0.0 or vals[C.V_NG, vi, vj] == 0.0:
        end = vals[C.V_NR, vi, vj]
    else:
        alpha = 0.0
        beta = 1.0
        wi = vi
        wj = vj
        for _ in range(2 * n):
            alpha += beta * vals[C.V_NR, wi, wj]
            beta *= vals[C.V_NG, wi, wj]
            wj = int(vals[C.V_TARGET, wi, wj])
            wi = 1 - wi
            if wi == vi and wj == vj:
                break
        # a cycle whose gains multiply to 1 has no solution: no step
        end = alpha / (1.0 - beta) if beta != 1.0 else math.inf
    alpha = 0.0
    beta = 1.0
    wi = i
    wj = j
    for _ in range(2 * n):
        if wi == vi and wj == vj:
            break
        alpha += beta * vals[C.V_NR, wi, wj]
        beta *= vals[C.V_NG, wi, wj]
        wj = int(vals[C.V_TARGET, wi, wj])
        wi = 1 - wi
    return alpha + beta * end


@njit(**JIT)
def newton_step(ipar, par, side, types, vals):
    """Jump to the fixed point of the last sweep's map, taken as affine (Newton's step).

    Between the points where a type's acceptance or a proposer's best candidate
    changes, a sweep is an affine map of the values: a continuation value is
    ``(1 - a^m) W + a^m X`` (``X`` the value of the next round's role), an acceptance
    share moves with the responder's continuation at ``1 / V_SLOPE``, a proposer's
    value moves with its own next-round value over the refusing types (``V_REFUSED``)
    and with the share it offers (``V_DOFFER`` per unit of the target type's
    continuation). With alternating offers the unknowns are the proposer values,
    ``D(u) - a_u^2 r_u D(u) - c_u a_k D(t(u)) = PROP'(u) - PROP(u)``, solved along the
    targets (:func:`chain_delta`); with a fixed proposer the continuation is solved
    first (``D_T = (THR' - THR) / (1 - a)``), then each proposer value. Returns False
    (and changes nothing) when the step is not finite.
    """
    n = types.shape[2]
    fixed = ipar[C.I_FIXED] == 1
    for i in range(2):
        a = round_discount(i, ipar, par, side)
        a_k = round_discount(1 - i, ipar, par, side)
        for j in range(n):
            if fixed:
                vals[C.V_ND, i, j] = (vals[C.V_THR, i, j] - vals[C.V_PREV_THR, i, j]) / (1.0 - a)
                vals[C.V_NR, i, j] = 1.0 - a * vals[C.V_REFUSED, i, j]
                vals[C.V_NG, i, j] = vals[C.V_DOFFER, i, j] * a_k
            else:
                e = 1.0 - a * a * vals[C.V_REFUSED, i, j]
                vals[C.V_NR, i, j] = (vals[C.V_PROP, i, j] - vals[C.V_PREV_PROP, i, j]) / e
                vals[C.V_NG, i, j] = vals[C.V_DOFFER, i, j] * a_k / e
    if fixed:
        for i in range(2):
            for j in range(n):
                d = vals[C.V_PROP, i, j] - vals[C.V_PREV_PROP, i, j]
                o = int(vals[C.V_TARGET, i, j])
                if o >= 0:
                    d += vals[C.V_NG, i, j] * vals[C.V_ND, 1 - i, o]
                # V_NR holds 1 - a r; V_NG is free again once D is known
                vals[C.V_NG, i, j] = d / vals[C.V_NR, i, j]
        for i in range(2):
            for j in range(n):
                if not (math.isfinite(vals[C.V_ND, i, j]) and math.isfinite(vals[C.V_NG, i, j])):
                    return False
        for i in range(2):
            for j in range(n):
                vals[C.V_THR, i, j] = vals[C.V_PREV_THR, i, j] + vals[C.V_ND, i, j]
                vals[C.V_PROP, i, j] = vals[C.V_PREV_PROP, i, j] + vals[C.V_NG, i, j]
        return True
    for i in range(2):
        for j in range(n):
            vals[C.V_ND, i, j] = chain_delta(i, j, n, vals)
            if not math.isfinite(vals[C.V_ND, i, j]):
                return False
    for i in range(2):
        a = round_discount(i, ipar, par, side)
        for j in range(n):
            # the continuation follows the proposer value it is computed from
            vals[C.V_THR, i, j] += a * vals[C.V_ND, i, j]
            vals[C.V_PROP, i, j] = vals[C.V_PREV_PROP, i, j] + vals[C.V_ND, i, j]
    return True


@njit(**JIT)
def forget_pieces(vals):
    """Drop the pieces :func:`accept_threshold` kept (``V_AT_PIECE`` = 0). They hold
    while the beliefs and the day's state do; :func:`solve` drops them at its start, and
    whoever sweeps outside a solve after changing either must too."""
    for i in range(2):
        for j in range(vals.shape[2]):
            vals[C.V_AT_PIECE, i, j] = 0.0


@njit(**JIT)
def same_bits(a, b):
    """Whether two floats are the same number bit for bit (0.0 and -0.0 differ; a nan
    is never the same as anything)."""
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@njit(**JIT)
def keep_snapshot(vals):
    """Keep the iteration's values (``V_THR``, ``V_PROP`` and the pre-step copies
    ``V_OUT_*``) in the ``V_SNAP_*`` rows (:func:`solve`'s cycle check)."""
    for i in range(2):
        for j in range(vals.shape[2]):
            vals[C.V_SNAP_THR, i, j] = vals[C.V_THR, i, j]
            vals[C.V_SNAP_PROP, i, j] = vals[C.V_PROP, i, j]
            vals[C.V_SNAP_OUT_THR, i, j] = vals[C.V_OUT_THR, i, j]
            vals[C.V_SNAP_OUT_PROP, i, j] = vals[C.V_OUT_PROP, i, j]


@njit(**JIT)
def at_snapshot(vals):
    """Whether the iteration's values ``V_THR`` and ``V_PROP`` are bit for bit those
    kept by :func:`keep_snapshot`."""
    for i in range(2):
        for j in range(vals.shape[2]):
            if not (same_bits(vals[C.V_THR, i, j], vals[C.V_SNAP_THR, i, j])
                    and same_bits(vals[C.V_PROP, i, j], vals[C.V_SNAP_PROP, i, j])):
                return False
    return True


@njit(**JIT)
def copies_at_snapshot(vals):
    """Whether the pre-step copies ``V_OUT_*`` are bit for bit those kept (they count
    only after a step: only then does the next sweep read them)."""
    for i in range(2):
        for j in range(vals.shape[2]):
            if not (same_bits(vals[C.V_OUT_THR, i, j], vals[C.V_SNAP_OUT_THR, i, j])
                    and same_bits(vals[C.V_OUT_PROP, i, j], vals[C.V_SNAP_OUT_PROP, i, j])):
                return False
    return True


@njit(**JIT)
def solve(ipar, par, side, types, quad, vals, st):
    """Solve the values to ``tol``, warm-started from the last solve.

    Values are solved with today's beliefs held fixed (each side values the future as
    if it learned nothing more: a belief-stationary approximation of the Bayesian
    game, docs/talks.md). Value iteration, each sweep followed by a Newton step
    (:func:`newton_step`) while those land: when the acceptances and best candidates
    of the fixed point are those of the last sweep, the next sweep moves no value and
    the solve ends there. A step that does not halve the largest change is a miss: the
    values go back to where the plain sweep had left them, and the k-th miss is followed
    by min(k, 8) plain sweeps before the next step (each miss costs one sweep: a solve
    takes at most about the plain iteration's sweeps, and fewer once the acceptances and
    offers settle). The stopping rule is the sweeps': no value moves
    by more than ``tol``. Returns the number of sweeps; a solve that hits the cap is
    counted in ``S_UNCONVERGED``.

    A solve that does not settle cycles (no fixed point in pure strategies): in floating
    point its iteration comes back, bit for bit, to a state it was in (the values, the
    pre-step copies and the miss counters), and from there it repeats itself. The
    iteration's state is kept at sweeps 0, 1, 3, 7, ... (Brent's cycle finding) and
    compared at each sweep. Once it repeats with period ``P`` the solve is read as a
    mixing over the cycle (Brown 1951, Robinson 1951: fictitious play): it sweeps that
    one period more, summing the values each sweep leaves (``V_MIX_*``; a missed step's
    sweep is undone by the iteration itself and is not counted), sets ``V_THR`` and
    ``V_PROP`` to their means over the ``K`` sweeps kept and makes the acceptance shares
    and offers the best responses to those values (:func:`best_responses`); counted in
    ``S_MIXED``; ``s + P + 1`` sweeps, ``s`` the sweep the repeat was found at. None of
    it depends on the cap. Only when the cap comes before that period ends does the
    solve skip the whole periods left and end where sweeping to the cap would, bit for
    bit (counted in ``S_UNCONVERGED``).
    """
    tol = par[C.P_TOL]
    cap = ipar[C.I_MAX_SWEEPS]
    n = types.shape[2]
    misses = 0
    hold = 0
    stepped = False
    last = 0.0
    forget_pieces(vals)
    # the cycle check (Brent): the sweep the snapshot was taken at, the sweeps until the
    # next one, whether a cycle was skipped, and the snapshot's counters
    snap_at = -1
    power = 1
    looped = False
    snap_misses = 0
    snap_hold = 0
    snap_stepped = False
    snap_last = 0.0
    # the mixed-strategy reading: the sweep the period swept for it ends at (-1: none),
    # and the sweeps kept in it
    mix_end = -1
    kept = 0
    s = -1
    while s + 1 < cap:
        s += 1
        if s == mix_end:
            # one period summed: the values of the mixing over the cycle, and the
            # acceptances and offers that best respond to them
            for i in range(2):
                for j in range(n):
                    vals[C.V_THR, i, j] = vals[C.V_MIX_THR, i, j] / kept
                    vals[C.V_RESP, i, j] = vals[C.V_THR, i, j]
                    vals[C.V_PROP, i, j] = vals[C.V_MIX_PROP, i, j] / kept
            best_responses(ipar, par, side, types, quad, vals, st)
            st[C.S_MIXED] += 1.0
            return s + 1
        if not looped:
            # a miss sets hold = min(misses, 8): past 7 misses their number no longer counts
            if snap_at >= 0 and min(misses, 7) == snap_misses and hold == snap_hold and (
                    stepped == snap_stepped and same_bits(last, snap_last)
                    and at_snapshot(vals) and (not stepped or copies_at_snapshot(vals))):
                # sweeps s, s + 1, ... repeat those from snap_at
                period = s - snap_at
                looped = True
                if s + period < cap:
                    # sweep one period more, summing what each sweep leaves
                    mix_end = s + period
                    kept = 0
                    for i in range(2):
                        for j in range(n):
                            vals[C.V_MIX_THR, i, j] = 0.0
                            vals[C.V_MIX_PROP, i, j] = 0.0
                else:
                    # no room for the period before the cap: skip the whole periods
                    s += (cap - 1 - s) // period * period
            elif snap_at < 0 or s - snap_at == power:
                if snap_at >= 0:
                    power *= 2
                snap_at = s
                keep_snapshot(vals)
                snap_misses = min(misses, 7)
                snap_hold = hold
                snap_stepped = stepped
                snap_last = last
        for i in range(2):
            for j in range(n):
                vals[C.V_PREV_THR, i, j] = vals[C.V_THR, i, j]
                vals[C.V_PREV_PROP, i, j] = vals[C.V_PROP, i, j]
        diff = sweep(ipar, par, side, types, quad, vals, st)
        if diff <= tol:
            # one more sweep so that thresholds and offers match the settled values
            sweep(ipar, par, side, types, quad, vals, st)
            return s + 2
        if stepped and diff > 0.5 * last:
            # a miss: back to where the plain sweep had left the values, and plain
            # sweeps until the acceptances and offers settle (1, 2, ... 8 of them)
            misses += 1
            hold = min(misses, 8)
            stepped = False
            for i in range(2):
                for j in range(n):
                    vals[C.V_THR, i, j] = vals[C.V_OUT_THR, i, j]
                    vals[C.V_PROP, i, j] = vals[C.V_OUT_PROP, i, j]
            continue
        if mix_end >= 0:
            kept += 1
            for i in range(2):
                for j in range(n):
                    vals[C.V_MIX_THR, i, j] += vals[C.V_THR, i, j]
                    vals[C.V_MIX_PROP, i, j] += vals[C.V_PROP, i, j]
        stepped = False
        if hold > 0:
            hold -= 1
        elif s + 1 < cap:
            for i in range(2):
                for j in range(n):
                    vals[C.V_OUT_THR, i, j] = vals[C.V_THR, i, j]
                    vals[C.V_OUT_PROP, i, j] = vals[C.V_PROP, i, j]
            stepped = newton_step(ipar, par, side, types, vals)
        last = diff
    st[C.S_UNCONVERGED] += 1.0
    return cap


# ---------------------------------------------------------------- Bayes' rule
@njit(inline="always", **JIT)
def reweigh(vals, slot, i, n):
    """Posterior ``b(o) L(o) / sum b L`` from the likelihoods in ``V_LIKE``.

    An uninformative signal (all likelihoods equal) leaves the belief exactly as it
    was; a signal no type could have sent (sum zero) is ignored.
    """
    same = True
    for o in range(1, n):
        if vals[C.V_LIKE, i, o] != vals[C.V_LIKE, i, 0]:
            same = False
    if same:
        return
    z = 0.0
    for o in range(n):
        z += vals[slot, i, o] * vals[C.V_LIKE, i, o]
    if z <= 0.0:
        return
    for o in range(n):
        vals[slot, i, o] = vals[slot, i, o] * vals[C.V_LIKE, i, o] / z


@njit(inline="always", **JIT)
def battle_likelihood(i, o, a_won, own, par, types):
    """Chance of the day's battle result if the other side were of type ``o``
    (side ``i`` knows its own type ``own``)."""
    if i == 0:
        pa = win_prob(types[C.TY_STRENGTH, 0, own], types[C.TY_STRENGTH, 1, o])
    else:
        pa = win_prob(types[C.TY_STRENGTH, 0, o], types[C.TY_STRENGTH, 1, own])
    pi = battle_prob(pa, par[C.P_KAPPA])
    return pi if a_won else 1.0 - pi


@njit(inline="always", **JIT)
def update_on_battle(i, a_won, own, par, types, vals):
    """Side ``i``'s belief after a day's battle (Bayes' rule; Slantchev 2003)."""
    n = types.shape[2]
    for o in range(n):
        vals[C.V_LIKE, i, o] = battle_likelihood(i, o, a_won, own, par, types)
    reweigh(vals, C.V_BELIEF, i, n)


@njit(inline="always", **JIT)
def update_on_refusal(slot, i, t, ipar, par, side, types, quad, vals, st):
    """Belief (``slot``, row ``i``) about side ``1 - i`` after it refused the share ``t``.

    A type that would have accepted ``t`` (:func:`accepts`) refuses only by error
    (chance ``eps``); the others refuse with chance ``1 - eps``.
    """
    n = types.shape[2]
    eps = par[C.P_TREMBLE]
    for o in range(n):
        acc = accepts(1 - i, o, t, ipar, par, side, types, quad, vals, st)
        vals[C.V_LIKE, i, o] = eps if acc else 1.0 - eps
    reweigh(vals, slot, i, n)


@njit(**JIT)
def update_on_offer(i, t, par, types, vals):
    """Side ``i``'s belief about the proposer (side ``1 - i``) after it offered ``t``:
    types whose best offer is ``t`` made it with chance ``1 - eps``, others ``eps``."""
    n = types.shape[2]
    eps = par[C.P_TREMBLE]
    for o in range(n):
        same = abs(vals[C.V_OFFER, 1 - i, o] - t) <= 1e-9
        vals[C.V_LIKE, i, o] = 1.0 - eps if same else eps
    reweigh(vals, C.V_BELIEF, i, n)


@njit(**JIT)
def update_on_signal(i, x, noise, types, vals):
    """The mediator's belief about side ``i`` after a noisy glimpse ``x`` of its
    acceptance share: Gaussian likelihood ``exp(-(x - t_acc(j))^2 / (2 noise^2))``."""
    n = types.shape[2]
    for j in range(n):
        e = (x - min(vals[C.V_TACC, i, j], 1.5)) / noise
        vals[C.V_LIKE, i, j] = math.exp(-0.5 * e * e)
    reweigh(vals, C.V_MED, i, n)


# ---------------------------------------------------------------- mediator
@njit(inline="always", **JIT)
def acceptance_chance(i, s, ipar, par, side, types, quad, vals, st):
    """The mediator's chance that side ``i`` accepts the share ``s`` (its belief)."""
    v = 0.0
    for j in range(types.shape[2]):
        if accepts(i, j, s, ipar, par, side, types, quad, vals, st):
            v += vals[C.V_MED, i, j]
    return v


@njit(**JIT)
def mediator_draft(ipar, par, side, types, quad, vals, st):
    """B's share in the mediator's draft: the candidate that maximises the chance
    both accept, ``P_A(1 - t) P_B(t)``, under the mediator's beliefs only.

    Candidates are the acceptance shares it believes possible for B, and one minus
    those for A. Returns (t, chance); t = -1 when it sees no draft with a chance.
    """
    n = types.shape[2]
    best_t = -1.0
    best_v = 0.0
    for c in range(2 * n):
        if c < n:
            t = vals[C.V_TACC, 1, c]
        else:
            t = 1.0 - vals[C.V_TACC, 0, c - n]
        if t < 0.0 or t > 1.0:
            continue
        v = 1.0
        for i in range(2):
            v *= acceptance_chance(i, 1.0 - t if i == 0 else t, ipar, par, side, types, quad,
                                   vals, st)
        if v > best_v + C.TIE:
            best_t = t
            best_v = v
    return best_t, best_v


# ---------------------------------------------------------------- the protocol
@njit(inline="always", **JIT)
def expected_win(i, types, vals, own):
    """Side ``i``'s expected chance of winning the war, under its belief."""
    v = 0.0
    for o in range(types.shape[2]):
        v += vals[C.V_BELIEF, i, o] * win_prob(types[C.TY_STRENGTH, i, own],
                                               types[C.TY_STRENGTH, 1 - i, o])
    return v


@njit(**JIT)
def sign_deal(day, share_a, side, st):
    """Record a deal; each side pays the audience cost of backing off its position."""
    st[C.S_OUTCOME] = C.OUT_DEAL
    st[C.S_DEAL_DAY] = day
    st[C.S_END_DAY] = day
    st[C.S_SHARE_A] = share_a
    st[C.S_SUPPORT_A] -= side[0, C.SP_AUDIENCE] * max(st[C.S_POS_A] - share_a, 0.0)
    st[C.S_SUPPORT_B] -= side[1, C.SP_AUDIENCE] * max(st[C.S_POS_B] - (1.0 - share_a), 0.0)


@njit(**JIT)
def renege_check(day, ipar, par, side, types, st):
    """``lag`` days after a deal the power shift is realised; a side whose war value
    then beats its share by more than the guarantee reneges (Powell 2006)."""
    ta = ipar[C.I_TYPE_A]
    tb = ipar[C.I_TYPE_B]
    z = normal(ipar[C.I_SEED], day, C.STREAM_SHIFT, 0)
    dq = par[C.P_SHIFT] + par[C.P_SHIFT_SD] * z
    pa = win_prob(types[C.TY_STRENGTH, 0, ta], types[C.TY_STRENGTH, 1, tb])
    pq = min(max(pa - dq, 0.0), 1.0)
    h = par[C.P_HAZARD]
    # the deal's guarantee: its level on the package line (aims.guarantee)
    g = guarantee(st[C.S_SHARE_A], 0, par[C.P_G_CLIENT], par[C.P_GUARANTEE],
                  par[C.P_G_PER_LEVEL])
    wa = war_value(pq, felt_cost(0, ta, side, types, st), side[0, C.SP_DISCOUNT], h)
    wb = war_value(1.0 - pq, felt_cost(1, tb, side, types, st), side[1, C.SP_DISCOUNT], h)
    ra = wa - g > st[C.S_SHARE_A]
    rb = wb - g > 1.0 - st[C.S_SHARE_A]
    if ra or rb:
        st[C.S_OUTCOME] = C.OUT_COLLAPSED
        st[C.S_END_DAY] = day
        st[C.S_RENEGER] = 2.0 if (ra and rb) else (0.0 if ra else 1.0)


@njit(**JIT)
def talks_round(day, ipar, par, side, types, quad, vals, st, trace):
    """One round: solve values under today's beliefs, then an offer (or a mediator's
    draft), the response, and Bayes' rule on what was seen."""
    ta = ipar[C.I_TYPE_A]
    tb = ipar[C.I_TYPE_B]
    st[C.S_SWEEPS] += solve(ipar, par, side, types, quad, vals, st)
    r = int(st[C.S_ROUNDS])
    st[C.S_ROUNDS] += 1.0
    me = ipar[C.I_MEDIATOR_EVERY]
    if me > 0 and r % me == me - 1:
        trace[day, C.T_PROPOSER] = 2.0
        noise = par[C.P_MED_NOISE]
        for i in range(2):
            own = ta if i == 0 else tb
            x = min(vals[C.V_TACC, i, own], 1.5) + noise * normal(
                ipar[C.I_SEED], day, C.STREAM_MEDIATOR, i
            )
            update_on_signal(i, x, noise, types, vals)
        t, chance = mediator_draft(ipar, par, side, types, quad, vals, st)
        trace[day, C.T_OFFER] = t
        if t < 0.0:
            st[C.S_NO_OFFER] += 1.0
            trace[day, C.T_ACCEPT] = -1.0
            return
        a_ok = False
        b_ok = False
        for i in range(2):
            ok = accepts(i, ta if i == 0 else tb, 1.0 - t if i == 0 else t, ipar, par, side,
                         types, quad, vals, st)
            if i == 0:
                a_ok = ok
            else:
                b_ok = ok
        if a_ok and b_ok:
            if patron_review(1.0 - t, side, st):
                trace[day, C.T_ACCEPT] = 0.0
                return
            trace[day, C.T_ACCEPT] = 1.0
            sign_deal(day, 1.0 - t, side, st)
            return
        trace[day, C.T_ACCEPT] = 0.0
        st[C.S_REFUSALS] += 1.0
        if not a_ok:
            st[C.S_REFUSER] = 0.0
            st[C.S_REFUSED_SHARE] = 1.0 - t
            update_on_refusal(C.V_BELIEF, 1, 1.0 - t, ipar, par, side, types, quad, vals, st)
            update_on_refusal(C.V_MED, 1, 1.0 - t, ipar, par, side, types, quad, vals, st)
        if not b_ok:
            st[C.S_REFUSER] = 1.0
            st[C.S_REFUSED_SHARE] = t
            update_on_refusal(C.V_BELIEF, 0, t, ipar, par, side, types, quad, vals, st)
            update_on_refusal(C.V_MED, 0, t, ipar, par, side, types, quad, vals, st)
        return
    first = ipar[C.I_FIRST]
    i = first if (ipar[C.I_FIXED] == 1 or r % 2 == 0) else 1 - first
    k = 1 - i
    own = ta if i == 0 else tb
    other = tb if i == 0 else ta
    t = vals[C.V_OFFER, i, own]
    trace[day, C.T_PROPOSER] = i
    trace[day, C.T_OFFER] = t
    update_on_offer(k, t, par, types, vals)
    if t < 0.0:
        st[C.S_NO_OFFER] += 1.0
        trace[day, C.T_ACCEPT] = -1.0
        return
    if accepts(k, other, t, ipar, par, side, types, quad, vals, st):
        if patron_review(1.0 - t if i == 0 else t, side, st):
            trace[day, C.T_ACCEPT] = 0.0
            return
        trace[day, C.T_ACCEPT] = 1.0
        sign_deal(day, 1.0 - t if i == 0 else t, side, st)
        return
    trace[day, C.T_ACCEPT] = 0.0
    st[C.S_REFUSALS] += 1.0
    st[C.S_REFUSER] = k
    st[C.S_REFUSED_SHARE] = t
    update_on_refusal(C.V_BELIEF, i, t, ipar, par, side, types, quad, vals, st)


@njit(**JIT)
def move_positions(ipar, side, vals, st):
    """Public positions follow each side's current demand (the share it asks for as
    proposer) at the sticky rate ``rho``; backing off costs support ``a`` per unit."""
    for i in range(2):
        own = ipar[C.I_TYPE_A] if i == 0 else ipar[C.I_TYPE_B]
        t = vals[C.V_OFFER, i, own]
        if t < 0.0:
            continue
        pos = st[C.S_POS_A + i]
        new = pos + side[i, C.SP_STICKY] * ((1.0 - t) - pos)
        if new < pos:
            st[C.S_SUPPORT_A + i] -= side[i, C.SP_AUDIENCE] * (pos - new)
        st[C.S_POS_A + i] = new


@njit(**JIT)
def leader_change(day, ipar, side, types, vals, st):
    """A new leader takes over a side on its scheduled day (a death, an election;
    Chiozza and Goemans 2011): its type is redrawn from the side's distribution (keyed
    uniform ``(seed, day, STREAM_LEADER, side)``), the other side's belief about it and
    the mediator's go back to their priors, and its public position to the start."""
    n = types.shape[2]
    for i in range(2):
        if side[i, C.SP_LEADER_DAY] != day and not leader_falls(
                ipar[C.I_SEED], day, i, side[i, C.SP_LEADER_HAZARD]):
            continue
        u = uniform(ipar[C.I_SEED], day, C.STREAM_LEADER, i)
        tot = 0.0
        for j in range(n):
            tot += types[C.TY_POP, i, j]
        acc = 0.0
        new = n - 1
        for j in range(n):
            acc += types[C.TY_POP, i, j]
            if u * tot < acc:
                new = j
                break
        ipar[C.I_TYPE_A + i] = new
        for o in range(n):
            vals[C.V_BELIEF, 1 - i, o] = types[C.TY_PRIOR, 1 - i, o]
            vals[C.V_MED, i, o] = types[C.TY_POP, i, o]
        st[C.S_POS_A + i] = side[i, C.SP_POSITION0]
        st[C.S_LEADER_CHANGES] += 1.0
        new_leader(i, types, st)


@njit(**JIT)
def play_day_given(day, battle, ipar, par, side, types, quad, vals, st, trace):
    """One day: a scheduled leader change; the renege check under a deal; at war a
    talks round (on talks days), then the day's battle, Bayes' rule on it, and the hurt
    of a day of war.

    ``battle``: -1 draws the battle (keyed uniform, ``STREAM_BATTLE``) and the chance
    of a decisive end (the standalone game); 1 or 0 is a battle A or B won, observed
    from outside (the engine's front), with no decisive-end draw; -2 is a day of war
    with nothing observed.
    """
    day_start(day, par, side, types, st)
    leader_change(day, ipar, side, types, vals, st)
    ta = ipar[C.I_TYPE_A]
    tb = ipar[C.I_TYPE_B]
    seed = ipar[C.I_SEED]
    front_move = -1  # the battle the front share moves with (aims.py): none yet
    trace[day, C.T_PROPOSER] = -1.0
    trace[day, C.T_OFFER] = -1.0
    trace[day, C.T_ACCEPT] = -1.0
    trace[day, C.T_BATTLE] = -1.0
    if st[C.S_OUTCOME] == C.OUT_DEAL and day == st[C.S_DEAL_DAY] + ipar[C.I_SHIFT_DAYS]:
        renege_check(day, ipar, par, side, types, st)
    if st[C.S_OUTCOME] == C.OUT_WAR:
        if day % ipar[C.I_TALK_EVERY] == 0:
            talks_round(day, ipar, par, side, types, quad, vals, st, trace)
            move_positions(ipar, side, vals, st)
    if st[C.S_OUTCOME] == C.OUT_WAR:
        pa = win_prob(types[C.TY_STRENGTH, 0, ta], types[C.TY_STRENGTH, 1, tb])
        if battle == -1:
            a_won = uniform(seed, day, C.STREAM_BATTLE, 0) < battle_prob(pa, par[C.P_KAPPA])
        else:
            a_won = battle == 1
        if battle != -2:
            trace[day, C.T_BATTLE] = 1.0 if a_won else 0.0
            front_move = 1 if a_won else 0
            if a_won:
                st[C.S_BATTLES_A] += 1.0
            for i in range(2):
                update_on_battle(i, a_won, ta if i == 0 else tb, par, types, vals)
        for i in range(2):
            # a day of war paid: the hurt that ripens the felt cost, and unless the side
            # won the day's battle the stalemate hurt its floor yields to (aims.py)
            cost = types[C.TY_COST, i, ta if i == 0 else tb]
            st[C.S_HURT_A + i] += cost
            st[C.S_STALL_A + i] += stalemate_cost(i, front_move, cost)
        if battle == -1 and uniform(seed, day, C.STREAM_DECISIVE, 0) < par[C.P_HAZARD]:
            a_wins = uniform(seed, day, C.STREAM_DECISIVE, 1) < pa
            st[C.S_OUTCOME] = C.OUT_A_WON if a_wins else C.OUT_B_WON
            st[C.S_END_DAY] = day
    aims_day(day, front_move, par, side, types, st, trace)
    trace[day, C.T_BELIEF_A] = vals[C.V_BELIEF, 0, tb]
    trace[day, C.T_BELIEF_B] = vals[C.V_BELIEF, 1, ta]
    for i in range(2):
        trace[day, C.T_EXPECT_A + i] = expected_win(i, types, vals, ta if i == 0 else tb)
    trace[day, C.T_POS_A] = st[C.S_POS_A]
    trace[day, C.T_POS_B] = st[C.S_POS_B]
    trace[day, C.T_SUPPORT_A] = st[C.S_SUPPORT_A]
    trace[day, C.T_SUPPORT_B] = st[C.S_SUPPORT_B]
    trace[day, C.T_OUTCOME] = st[C.S_OUTCOME]


@njit(**JIT)
def play_day(day, ipar, par, side, types, quad, vals, st, trace):
    """One day of the standalone game: :func:`play_day_given` with the battle and the
    decisive end drawn."""
    # an int64, not a literal: one specialization for this call and the day loop's
    play_day_given(day, np.int64(-1), ipar, par, side, types, quad, vals, st, trace)


@njit(**JIT)
def play(ipar, par, side, types, quad, vals, st, trace):
    """Play the run's days (stopping early once the outcome is settled for good:
    a victory, a collapse, or a deal past its renege check)."""
    for day in range(ipar[C.I_DAYS]):
        play_day(day, ipar, par, side, types, quad, vals, st, trace)
        out = st[C.S_OUTCOME]
        if out == C.OUT_A_WON or out == C.OUT_B_WON:
            return day + 1
        if out == C.OUT_COLLAPSED and par[C.P_RESUME] < 0.0:
            return day + 1
        if out == C.OUT_DEAL and day >= st[C.S_DEAL_DAY] + ipar[C.I_SHIFT_DAYS]:
            return day + 1
    return ipar[C.I_DAYS]
