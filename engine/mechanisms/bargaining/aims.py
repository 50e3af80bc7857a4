"""Reference points, war aims, patrons, random leaders and talks after a relapse: kernels.

Pieces of the talks' second design (issue 13; ../shared/MODEL.md, "Talks, second
design") that act on the bargaining core's per-run arrays through a few hooks in
:mod:`engine.mechanisms.bargaining.kernel`; docs/talks.md has the equations:

- **the front and reference points** (prospect theory; Levy 1997): A's front share
  ``F`` moves by ``step`` with each battle; side i's reference point follows its front
  share with a lag, ``ref_i <- ref_i + k_i (F_i - ref_i)``, ``k_i = 1 - 2^(-1/half-life)``,
  and a deal below it costs ``lambda_i (ref_i - s)^+`` (:func:`loss_term`, subtracted in
  the core's deal value);
- **war aims** (Goemans 2000): side i's reservation floor rises by
  ``min(cap_i, sunk_i H_i' + gain_i G_i')``, with ``H_i'`` the war cost paid and ``G_i'``
  the front share gained since its leader took office (:func:`aims_rise`);
- **floors that yield to a hurting stalemate** (Zartman 2000): side i's stalemate hurt
  ``S_i`` adds the day's war cost on every day of war it did not win the battle
  (:func:`stalemate_cost`), and its floor gives up ``min(cap_i, give_i S_i)`` of the
  package (:func:`floor_yield`, :func:`yielded_floor`); veto players' and patrons'
  lines do not yield;
- **a patron's veto** over its client's deal (Cunningham 2006): a deal that leaves the
  client less than the patron's red line is blocked, and the line is public from then on
  (:func:`patron_review`);
- **random leader changes** (Chiozza and Goemans 2011): a daily hazard per side
  (:func:`leader_falls`); a new leader is not bound by its predecessor's sunk costs,
  gains or reference point (:func:`new_leader`);
- **talks after a relapse**: ``resume_after`` days after a deal collapsed the war is
  on again and the talks resume (:func:`resume_talks`);
- **a red line hardened or an issue added mid-run** (:func:`day_start`): from its day
  on, the side's floor counts the harder term.
- **a guarantee in the package** (:func:`guarantee`, :func:`renege_share`,
  :func:`keep_offer`): the cost of reneging grows with the client's share;
- **threshold (indivisible) issues** (Hassner 2003; Toft 2003): a jump in the deal value
  at the side's threshold (:func:`threshold_term`, :func:`threshold_break`), reframed
  as divisible from its day at a cost (a kink and a slope: :func:`threshold_kink`,
  :func:`threshold_slope`).

Kernel rules as in the core (scalars and the per-run arrays indexed element-wise, no
allocation, no reference counting); every function has a twin of the same name and loop
order in :mod:`engine.mechanisms.bargaining.reference_aims`.
"""

from __future__ import annotations

from engine.core.jit import helper, kernel
from engine.core.rng import uniform
from engine.mechanisms.bargaining import columns as C


# ---------------------------------------------------------------- scalar maths
@helper
def lagged(ref, target, rate):
    """One day of exponential smoothing: ``ref + rate (target - ref)``.

    With ``rate = 1 - 2^(-1/h)`` the gap to a still target halves every ``h`` days:
    ``ref_n = target + (ref_0 - target) 2^(-n/h)``; ``rate = 1`` takes the target at once,
    ``rate = 0`` never moves.
    """
    return ref + rate * (target - ref)


@helper
def loss_term(s, ref, loss_aversion):
    """Value a side loses on a deal that gives it ``s`` below its reference point ``ref``:
    ``lambda (ref - s)^+`` (pie units; a deal above the reference is no loss)."""
    return loss_aversion * max(ref - s, 0.0)


@helper
def loss_slope(s, ref, loss_aversion):
    """Slope of ``-loss_term`` in the share: ``lambda`` below the reference, 0 above."""
    return loss_aversion if s < ref else 0.0


@helper
def loss_kink(s, ref, loss_aversion, kink):
    """The least of ``kink`` and the reference point, if the reference is a kink of the
    deal value above ``s`` (loss aversion on); the core's ``next_kink`` asks."""
    if loss_aversion > 0.0 and s < ref < kink:
        return ref
    return kink


@helper
def guarantee(x, i, client, g0, w):
    """Cost of reneging on a deal that gives side ``i`` the share ``x``: ``g0 + w c``,
    with ``c`` the client's share (the package's level on the guarantee issue)."""
    c = x if i == client else 1.0 - x
    return g0 + w * c


@helper
def renege_share(wo, i, client, g0, w):
    """Side ``i``'s share above which the other side, whose war value after the shift
    is ``wo``, reneges (``wo - g(x) > 1 - x``): ``1 - (wo - g0)`` with a fixed guarantee;
    ``(1 - wo + g0) / (1 - w)`` when ``i`` is the client, ``1 - (wo - g0) / (1 + w)``
    otherwise."""
    if w == 0.0:
        return 1.0 - (wo - g0)
    if i == client:
        return (1.0 - wo + g0) / (1.0 - w)
    return 1.0 - (wo - g0) / (1.0 + w)


@helper
def keep_offer(wk, k, client, g0, w):
    """Least share ``t`` for which responder ``k`` (war value ``wk`` after the shift)
    keeps the deal (``wk - g(t) <= t``): ``(wk - g0) / (1 + w)`` when ``k`` is the client,
    ``(wk - g0 - w) / (1 - w)`` otherwise (``wk - g0`` with a fixed guarantee)."""
    if k == client:
        return (wk - g0) / (1.0 + w)
    return (wk - g0 - w) / (1.0 - w)


@helper
def threshold_term(s, share, loss, reframed, cost):
    """Value a side loses on its threshold issue at the package share ``s``: indivisible,
    the whole ``loss`` below ``share``; reframed, ``loss (share - s) / share`` below it and
    the reframing ``cost`` at any share (0 without a threshold issue)."""
    if loss <= 0.0:
        return 0.0
    if reframed > 0.0:
        return cost + (loss * (share - s) / share if s < share else 0.0)
    return loss if s < share else 0.0


@helper
def threshold_slope(s, share, loss, reframed):
    """Slope of ``-threshold_term`` in the share: ``loss / share`` below a reframed
    threshold, else 0 (an indivisible issue is a jump, not a slope)."""
    return loss / share if (loss > 0.0 and reframed > 0.0 and s < share) else 0.0


@helper
def threshold_break(s, share, loss, reframed, b):
    """The least of the break ``b`` and an indivisible threshold above ``s`` (the deal
    value jumps there: the core's ``next_break`` asks)."""
    if loss > 0.0 and reframed <= 0.0 and s < share < b:
        return share
    return b


@helper
def threshold_kink(s, share, loss, reframed, kink):
    """The least of ``kink`` and a reframed threshold above ``s`` (the value bends there)."""
    if loss > 0.0 and reframed > 0.0 and s < share < kink:
        return share
    return kink


@helper
def aims_rise(hurt_since, gained, sunk, gain, cap):
    """How far war aims raise a side's floor: ``min(cap, sunk H' + gain G'^+)``.

    ``H'`` is the war cost paid and ``G'`` the front share gained since the side's leader
    took office (sunk costs and gains raise aims: Goemans 2000; losses do not lower them).
    """
    return min(cap, sunk * max(hurt_since, 0.0) + gain * max(gained, 0.0))


@helper
def stalemate_cost(i, battle, cost):
    """The part of side ``i``'s war cost today that is stalemate hurt: all of ``cost``
    unless side ``i`` won the day's battle (``battle`` 1: A won, 0: B won, else nothing
    seen). A hurting stalemate is cost without prospect of gain (Zartman 2000): a day
    won is not stalemate, a day lost or with nothing seen is."""
    if (battle == 1 and i == 0) or (battle == 0 and i == 1):
        return 0.0
    return cost


@helper
def floor_yield(stall, give, cap):
    """How far the stalemate wears side i's reservation floor down:
    ``min(cap, give S)``, ``S`` its stalemate hurt (pie units), ``give`` the share of the
    package given up per pie unit, ``cap`` the most given up (share units)."""
    return min(cap, give * max(stall, 0.0))


@helper
def yielded_floor(base, y):
    """A floor ``base`` (war aims included) worn down by the yield ``y``: ``base - y``,
    never taken below 0 by yielding (a floor already at or below 0 stays where it is;
    ``y = 0`` returns ``base`` itself)."""
    return base - min(y, max(base, 0.0))


@helper
def front_after(front, battle, step):
    """A's front share after the day's battle (1: A won, 0: B won, else none),
    moved by ``step`` and kept in [0, 1]."""
    if battle == 1:
        return min(front + step, 1.0)
    if battle == 0:
        return max(front - step, 0.0)
    return front


@helper
def leader_falls(seed, day, i, hazard):
    """Whether side ``i``'s leader falls today by chance (keyed uniform
    ``(seed, day, STREAM_LEADER_FALL, i)`` below the daily hazard)."""
    return hazard > 0.0 and uniform(seed, day, C.STREAM_LEADER_FALL, i) < hazard


# ---------------------------------------------------------------- day steps
@kernel
def aims_day(day, battle, par, side, types, st, trace):
    """After the day's battle: the front share moves, each side's reference point
    follows it with its lag, its war aims (its floor on every type) rise with the
    sunk cost and the gains since its leader took office, and its floor yields to its
    stalemate hurt: ``floor = yielded_floor(floor0 + rise, min(cap, give S))``. Writes
    the trace's columns."""
    f = front_after(st[C.S_FRONT], battle, par[C.P_FRONT_STEP])
    st[C.S_FRONT] = f
    n = types.shape[2]
    for i in range(2):
        own = f if i == 0 else 1.0 - f
        st[C.S_REF_A + i] = lagged(st[C.S_REF_A + i], own, side[i, C.SP_REF_RATE])
        rise = aims_rise(st[C.S_HURT_A + i] - st[C.S_HURT0_A + i], own - st[C.S_FRONTL_A + i],
                         side[i, C.SP_AIM_SUNK], side[i, C.SP_AIM_GAIN], side[i, C.SP_AIM_CAP])
        st[C.S_AIM_A + i] = rise
        y = floor_yield(st[C.S_STALL_A + i], side[i, C.SP_FLOOR_GIVE],
                        side[i, C.SP_FLOOR_GIVE_CAP])
        st[C.S_YIELD_A + i] = y
        for j in range(n):
            types[C.TY_FLOOR, i, j] = yielded_floor(types[C.TY_FLOOR0, i, j] + rise, y)
    trace[day, C.T_FRONT] = f
    trace[day, C.T_REF_A] = st[C.S_REF_A]
    trace[day, C.T_REF_B] = st[C.S_REF_B]
    trace[day, C.T_AIM_A] = st[C.S_AIM_A]
    trace[day, C.T_AIM_B] = st[C.S_AIM_B]
    trace[day, C.T_BLOCKED] = st[C.S_BLOCKED]
    trace[day, C.T_YIELD_A] = st[C.S_YIELD_A]
    trace[day, C.T_YIELD_B] = st[C.S_YIELD_B]


@kernel
def new_leader(i, types, st):
    """A new leader of side ``i`` is not bound by its predecessor's war: sunk costs and
    gains count from today, its war aims start at none (the floor of each type back to
    its own), and its reference point is today's front (Chiozza and Goemans 2011). The
    stalemate's hurt is the country's, not the leader's: it is kept, and the floor stays
    yielded by it (``S_YIELD``)."""
    own = st[C.S_FRONT] if i == 0 else 1.0 - st[C.S_FRONT]
    st[C.S_HURT0_A + i] = st[C.S_HURT_A + i]
    st[C.S_FRONTL_A + i] = own
    st[C.S_REF_A + i] = own
    st[C.S_AIM_A + i] = 0.0
    for j in range(types.shape[2]):
        types[C.TY_FLOOR, i, j] = yielded_floor(types[C.TY_FLOOR0, i, j], st[C.S_YIELD_A + i])


@kernel
def patron_review(share_a, side, st):
    """Whether a patron blocks the deal that gives A the share ``share_a``.

    Side i's patron co-signs only if its client gets at least the patron's red line
    (``SP_PATRON``; 0: no patron). A block is recorded (``S_BLOCKER``: the client side,
    2 for both; ``S_BLOCKED``; the client's share) and makes the line public: from
    then on it binds the client's acceptance and the other side's offers like a
    domestic veto player's (``SP_VETO``). Returns True when the deal is blocked.
    """
    blocked = False
    for i in range(2):
        s = share_a if i == 0 else 1.0 - share_a
        if side[i, C.SP_PATRON] > 0.0 and s < side[i, C.SP_PATRON] - C.TIE:
            st[C.S_BLOCKER] = 2.0 if blocked else i
            st[C.S_BLOCKED_SHARE] = s
            side[i, C.SP_VETO] = max(side[i, C.SP_VETO_HOME], side[i, C.SP_PATRON])
            blocked = True
    if blocked:
        st[C.S_BLOCKED] += 1.0
    return blocked


@kernel
def resume_talks(day, par, st):
    """``resume_after`` days after a deal collapsed (``P_RESUME``; -1: never) the war is on
    again and the talks resume: the outcome goes back to war and the relapse is counted
    (the last deal's day, shares and reneger stay on record). Returns True on that day."""
    if st[C.S_OUTCOME] != C.OUT_COLLAPSED or par[C.P_RESUME] < 0.0:
        return False
    if day < st[C.S_END_DAY] + par[C.P_RESUME]:
        return False
    st[C.S_OUTCOME] = C.OUT_WAR
    st[C.S_END_DAY] = -1.0
    st[C.S_RELAPSES] += 1.0
    return True


@kernel
def day_start(day, par, side, types, st):
    """Before the day's talks: the talks resume after a relapse (:func:`resume_talks`),
    a side whose hardening day it is takes its harder red line (or the new issue's
    term) into its floor: ``TY_FLOOR0 <- TY_FLOOR_NEXT``, war aims on top and the
    stalemate's yield off it (as :func:`aims_day` left them), and a side's threshold issue
    is reframed as divisible on its day. Both are public."""
    resume_talks(day, par, st)
    n = types.shape[2]
    for i in range(2):
        if side[i, C.SP_HARDEN_DAY] != day:
            continue
        for j in range(n):
            types[C.TY_FLOOR0, i, j] = types[C.TY_FLOOR_NEXT, i, j]
            types[C.TY_FLOOR, i, j] = yielded_floor(types[C.TY_FLOOR0, i, j] + st[C.S_AIM_A + i],
                                                    st[C.S_YIELD_A + i])
        st[C.S_HARDENED] += 1.0
    for i in range(2):
        if side[i, C.SP_REFRAME_DAY] == day:
            st[C.S_REFRAMED_A + i] = 1.0
