"""Plain-Python twin of :mod:`engine.mechanisms.bargaining.aims`.

The same functions, names, arguments and loop order, on the nested lists of
:func:`engine.mechanisms.bargaining.reference.to_lists` and the plain-Python draws of
:mod:`engine.reference.rng`. Kept in step with the kernel by hand: change both together
(tests/test_bargaining_aims.py plays both and compares every array).
"""

from __future__ import annotations

from engine.mechanisms.bargaining import columns as C
from engine.reference.rng import uniform


# ---------------------------------------------------------------- scalar maths
def lagged(ref, target, rate):
    """One day of exponential smoothing: ``ref + rate (target - ref)``."""
    return ref + rate * (target - ref)


def loss_term(s, ref, loss_aversion):
    """``lambda (ref - s)^+``: value lost on a deal below the reference point."""
    return loss_aversion * max(ref - s, 0.0)


def loss_slope(s, ref, loss_aversion):
    """Slope of ``-loss_term`` in the share: ``lambda`` below the reference, 0 above."""
    return loss_aversion if s < ref else 0.0


def loss_kink(s, ref, loss_aversion, kink):
    """The least of ``kink`` and the reference point, if the reference is a kink of the
    deal value above ``s`` (loss aversion on); the core's ``next_kink`` asks."""
    if loss_aversion > 0.0 and s < ref < kink:
        return ref
    return kink


def guarantee(x, i, client, g0, w):
    """Cost of reneging on a deal that gives side ``i`` the share ``x``: ``g0 + w c``,
    with ``c`` the client's share (the package's level on the guarantee issue)."""
    c = x if i == client else 1.0 - x
    return g0 + w * c


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


def keep_offer(wk, k, client, g0, w):
    """Least share ``t`` for which responder ``k`` (war value ``wk`` after the shift)
    keeps the deal (``wk - g(t) <= t``): ``(wk - g0) / (1 + w)`` when ``k`` is the client,
    ``(wk - g0 - w) / (1 - w)`` otherwise (``wk - g0`` with a fixed guarantee)."""
    if k == client:
        return (wk - g0) / (1.0 + w)
    return (wk - g0 - w) / (1.0 - w)


def threshold_term(s, share, loss, reframed, cost):
    """Value a side loses on its threshold issue at the package share ``s``: indivisible,
    the whole ``loss`` below ``share``; reframed, ``loss (share - s) / share`` below it and
    the reframing ``cost`` at any share (0 without a threshold issue)."""
    if loss <= 0.0:
        return 0.0
    if reframed > 0.0:
        return cost + (loss * (share - s) / share if s < share else 0.0)
    return loss if s < share else 0.0


def threshold_slope(s, share, loss, reframed):
    """Slope of ``-threshold_term`` in the share: ``loss / share`` below a reframed
    threshold, else 0 (an indivisible issue is a jump, not a slope)."""
    return loss / share if (loss > 0.0 and reframed > 0.0 and s < share) else 0.0


def threshold_break(s, share, loss, reframed, b):
    """The least of the break ``b`` and an indivisible threshold above ``s`` (the deal
    value jumps there: the core's ``next_break`` asks)."""
    if loss > 0.0 and reframed <= 0.0 and s < share < b:
        return share
    return b


def threshold_kink(s, share, loss, reframed, kink):
    """The least of ``kink`` and a reframed threshold above ``s`` (the value bends there)."""
    if loss > 0.0 and reframed > 0.0 and s < share < kink:
        return share
    return kink


def aims_rise(hurt_since, gained, sunk, gain, cap):
    """``min(cap, sunk H' + gain G'^+)``: how far war aims raise a side's floor."""
    return min(cap, sunk * max(hurt_since, 0.0) + gain * max(gained, 0.0))


def stalemate_cost(i, battle, cost):
    """Side ``i``'s war cost today as stalemate hurt: all of it unless it won the battle."""
    if (battle == 1 and i == 0) or (battle == 0 and i == 1):
        return 0.0
    return cost


def floor_yield(stall, give, cap):
    """``min(cap, give S)``: how far the stalemate wears a side's floor down."""
    return min(cap, give * max(stall, 0.0))


def yielded_floor(base, y):
    """``base - y``, never taken below 0 by yielding (``y = 0``: ``base`` itself)."""
    return base - min(y, max(base, 0.0))


def front_after(front, battle, step):
    """A's front share after the day's battle (1: A won, 0: B won, else none)."""
    if battle == 1:
        return min(front + step, 1.0)
    if battle == 0:
        return max(front - step, 0.0)
    return front


def leader_falls(seed, day, i, hazard):
    """Whether side ``i``'s leader falls today by chance (the leader hazard)."""
    return hazard > 0.0 and uniform(seed, day, C.STREAM_LEADER_FALL, i) < hazard


# ---------------------------------------------------------------- day steps
def aims_day(day, battle, par, side, types, st, trace):
    """The front moves; reference points follow it with a lag; war aims rise; the
    floors yield to the stalemate's hurt."""
    f = front_after(st[C.S_FRONT], battle, par[C.P_FRONT_STEP])
    st[C.S_FRONT] = f
    n = len(types[0][0])
    for i in range(2):
        own = f if i == 0 else 1.0 - f
        st[C.S_REF_A + i] = lagged(st[C.S_REF_A + i], own, side[i][C.SP_REF_RATE])
        rise = aims_rise(st[C.S_HURT_A + i] - st[C.S_HURT0_A + i], own - st[C.S_FRONTL_A + i],
                         side[i][C.SP_AIM_SUNK], side[i][C.SP_AIM_GAIN], side[i][C.SP_AIM_CAP])
        st[C.S_AIM_A + i] = rise
        y = floor_yield(st[C.S_STALL_A + i], side[i][C.SP_FLOOR_GIVE],
                        side[i][C.SP_FLOOR_GIVE_CAP])
        st[C.S_YIELD_A + i] = y
        for j in range(n):
            types[C.TY_FLOOR][i][j] = yielded_floor(types[C.TY_FLOOR0][i][j] + rise, y)
    row = trace[day]
    row[C.T_FRONT] = f
    row[C.T_REF_A] = st[C.S_REF_A]
    row[C.T_REF_B] = st[C.S_REF_B]
    row[C.T_AIM_A] = st[C.S_AIM_A]
    row[C.T_AIM_B] = st[C.S_AIM_B]
    row[C.T_BLOCKED] = st[C.S_BLOCKED]
    row[C.T_YIELD_A] = st[C.S_YIELD_A]
    row[C.T_YIELD_B] = st[C.S_YIELD_B]


def new_leader(i, types, st):
    """A new leader of side ``i``: sunk costs, gains and the reference start today
    (the stalemate's hurt, and the floor's yield to it, are kept)."""
    own = st[C.S_FRONT] if i == 0 else 1.0 - st[C.S_FRONT]
    st[C.S_HURT0_A + i] = st[C.S_HURT_A + i]
    st[C.S_FRONTL_A + i] = own
    st[C.S_REF_A + i] = own
    st[C.S_AIM_A + i] = 0.0
    for j in range(len(types[0][0])):
        types[C.TY_FLOOR][i][j] = yielded_floor(types[C.TY_FLOOR0][i][j], st[C.S_YIELD_A + i])


def patron_review(share_a, side, st):
    """Whether a patron blocks the deal giving A ``share_a`` (its line is public after)."""
    blocked = False
    for i in range(2):
        s = share_a if i == 0 else 1.0 - share_a
        if side[i][C.SP_PATRON] > 0.0 and s < side[i][C.SP_PATRON] - C.TIE:
            st[C.S_BLOCKER] = 2.0 if blocked else i
            st[C.S_BLOCKED_SHARE] = s
            side[i][C.SP_VETO] = max(side[i][C.SP_VETO_HOME], side[i][C.SP_PATRON])
            blocked = True
    if blocked:
        st[C.S_BLOCKED] += 1.0
    return blocked


def resume_talks(day, par, st):
    """``resume_after`` days after a collapsed deal the talks resume (war again)."""
    if st[C.S_OUTCOME] != C.OUT_COLLAPSED or par[C.P_RESUME] < 0.0:
        return False
    if day < st[C.S_END_DAY] + par[C.P_RESUME]:
        return False
    st[C.S_OUTCOME] = C.OUT_WAR
    st[C.S_END_DAY] = -1.0
    st[C.S_RELAPSES] += 1.0
    return True


def day_start(day, par, side, types, st):
    """Talks resume after a relapse; a side's red line hardens on its day."""
    resume_talks(day, par, st)
    n = len(types[0][0])
    for i in range(2):
        if side[i][C.SP_HARDEN_DAY] != day:
            continue
        for j in range(n):
            types[C.TY_FLOOR0][i][j] = types[C.TY_FLOOR_NEXT][i][j]
            types[C.TY_FLOOR][i][j] = yielded_floor(types[C.TY_FLOOR0][i][j] + st[C.S_AIM_A + i],
                                                    st[C.S_YIELD_A + i])
        st[C.S_HARDENED] += 1.0
    for i in range(2):
        if side[i][C.SP_REFRAME_DAY] == day:
            st[C.S_REFRAMED_A + i] = 1.0
