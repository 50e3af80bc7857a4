"""The talks game's part of the outputs: ``talks`` in ``warsim run --json`` and the
one-line reason (engine/cli/reason.py) for a run with ``talks.model = "bargaining"``.

Everything is read from the stepped World (the game's arrays of run ``r``); the
reservation terms per issue, which the kernel does not need, are re-derived from the
scenario and the run's seed (the same draw of types).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine import layout as L
from engine.core.events import name_at
from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.outputs import block, summary, veto_holder
from engine.mechanisms.talks_game.build import FIELDS, run_arrays

EVENT_NAMES = {L.EV_INCIDENT: "incident"}


def describe(st, kind: int, a: int, b: int, value: float) -> str | None:
    """One sentence for the truce's incident record, else None."""
    if kind != L.EV_INCIDENT:
        return None
    return (f"incident on the ceasefire line blamed on {name_at(st.states, a)} (a spoiler or a "
            f"front-line unit); {name_at(st.states, b)}'s trust that {name_at(st.states, a)} "
            f"keeps the deal is now {value:.2f}")


def playing(w, r: int) -> bool:
    return bool(w.talks_param[r, L.TP_GAME] > 0.0)


def game_run(w, st, r: int):
    """Run ``r``'s game as the core's :class:`~engine.mechanisms.bargaining.build.Run`,
    its arrays as the World holds them after stepping."""
    run = run_arrays(st.scenario, w.game_trace.shape[1], int(w.seed[r]))
    for name in FIELDS:
        setattr(run, name[len("game_"):], np.array(getattr(w, name)[r]))
    return run


def _r4(x):
    if isinstance(x, dict):
        return {k: _r4(v) for k, v in x.items()}
    if isinstance(x, float):
        return round(x, 4)
    return x


def talks(w, st, r: int) -> dict[str, Any]:
    """The ``talks`` object of ``warsim run --json`` for a bargaining run: the core's
    summary (outcome, deal, each side's true type, reservation terms, least acceptable
    share, belief in the other's true type, why the last refusal) with state codes."""
    run = game_run(w, st, r)
    out = summary(run, int(w.day[r]))
    codes = sides(w, st)
    out["model"] = "bargaining"
    out["status"] = L.TALKS_STATUS_NAMES[int(w.glob[r, L.G_TALKS_STATUS])]
    out["sides"] = {f"{k} ({codes[k]})": _r4(v) for k, v in out["sides"].items()}
    if out.get("share"):
        out["share"] = {f"{k} ({codes[k]})": round(v, 4) for k, v in out["share"].items()}
    if "last_refusal" in out:
        out["last_refusal"] = why_refused(w, st, r)
    if "blocked" in out:
        out["blocked"] = block(run, tuple(codes[c] for c in "AB"))
    if w.game_par[r, C.P_TRUCE] > 0.0:
        g = w.game_st[r]
        ended = int(g[C.S_BREAK])
        out["truce"] = {
            "incidents": int(g[C.S_INCIDENTS]),
            "ended_by": _ENDED_BY[ended] if 0 <= ended < len(_ENDED_BY) else None,
            "trust": {f"{c} ({codes[c]})": round(float(g[C.S_TRUST_A + i]), 4)
                      for i, c in enumerate("AB")},
        }
    return out


# how a deal ended (bargaining.columns.BREAK_*)
_ENDED_BY = ("renege check", "re-decision", "escalation")


def sides(w, st) -> dict[str, str]:
    """Side letter -> state code."""
    return {"A": st.states[int(w.talks_roles[L.TR_SIDE_A])],
            "B": st.states[int(w.talks_roles[L.TR_SIDE_B])]}


def refusal_day(w, r: int) -> int | None:
    """Day of the last refused offer in run ``r``'s game trace (a deal a patron blocked,
    also written as 0 in ``T_ACCEPT``, is not a refusal), or None."""
    tr = w.game_trace[r]
    blocked = np.nan_to_num(tr[:, C.T_BLOCKED])
    before = np.concatenate(([0.0], np.maximum.accumulate(blocked)[:-1]))
    days = np.flatnonzero((tr[:, C.T_ACCEPT] == 0.0) & (blocked <= before))
    return int(days[-1]) if days.size else None


def strength_belief(run, k: int) -> float:
    """Side ``k``'s belief that the other side has its true strength (the sum over the
    other's types that share that strength: a grid of strength x cost levels leaves
    the cost unknown long after the strength is learned)."""
    other = int(run.ipar[C.I_TYPE_B - k])
    z = run.strength_z[1 - k]
    return float(sum(run.vals[C.V_BELIEF, k, o] for o in range(z.size) if z[o] == z[other]))


def floor_yielded(run, k: int) -> str:
    """How far side ``k``'s reservation floor has yielded to the stalemate's hurt, as a
    clause of the reason line ("" when it has not: ``sides.X.floor_give`` 0 or no hurt)."""
    y = float(run.st[C.S_YIELD_A + k])
    if y <= 0.0:
        return ""
    capped = " (its cap)" if y >= float(run.side[k, C.SP_FLOOR_GIVE_CAP]) else ""
    return (f", worn down by {y:.3f}{capped} from its own by a stalemate hurt of "
            f"{float(run.st[C.S_STALL_A + k]):.4f}")


def why_refused(w, st, r: int) -> str | None:
    """Why the last refusal: the refusing side's type, its reservation terms, the least
    share its type accepts (reservation terms or the value of fighting on, under its
    belief), and that belief. The refused share and its day are the refusal's; the
    least acceptable share and the belief are the run's last (the last talks day's
    solve, and Bayes' rule since)."""
    g = w.game_st[r]
    k = int(g[C.S_REFUSER])
    if k < 0:
        return None
    run = game_run(w, st, r)
    code = sides(w, st)["AB"[k]]
    j = int(run.ipar[C.I_TYPE_A + k])
    other = int(run.ipar[C.I_TYPE_B - k])
    floor = float(run.types[C.TY_FLOOR, k, j])
    tacc = float(run.vals[C.V_TACC, k, j])
    issue = run.issues[int(np.argmax(run.reserve[k, j]))] if run.issues else "-"
    belief = float(run.vals[C.V_BELIEF, k, other])
    day = refusal_day(w, r)
    when = "" if day is None else f" on day {day}"
    held = np.flatnonzero(w.game_trace[r][:, C.T_PROPOSER] >= 0.0)
    last = int(held[-1]) if held.size else None
    now = "" if day == last else f" as of the last round (day {last})"
    p = sum(float(run.vals[C.V_BELIEF, k, o]) * min(max(
        0.5 + 0.5 * (run.types[C.TY_STRENGTH, k, j] - run.types[C.TY_STRENGTH, 1 - k, o]), 0.0), 1.0)
        for o in range(run.types.shape[2]))
    veto = float(run.side[k, C.SP_VETO])
    holder = veto_holder(run, k)
    if holder and veto > floor and tacc <= veto + 1e-9:
        codes = sides(w, st)
        holder = holder.replace(f"patron of {'AB'[k]}", f"patron of {codes['AB'[k]]}")
        binding = f"the red line {veto:.3f} of its veto player, {holder}"
    else:
        binding = ("its reservation term" if tacc <= floor + 1e-9 else
                   "the value it expects from fighting on")
    need = "no share at all" if tacc > 1.0 else f"at least {tacc:.3f}"
    return (f"{code} refused a package share of {g[C.S_REFUSED_SHARE]:.3f}{when}: its type "
            f"(strength {run.types[C.TY_STRENGTH, k, j]:+.2f}, war cost "
            f"{run.types[C.TY_COST, k, j]:.4f}/day) accepts {need}{now}, set by {binding} "
            f"(reservation term {floor:.3f} on {issue}{floor_yielded(run, k)}); it gave the other "
            f"side's true type "
            f"a probability of {belief:.2f} (its true strength {strength_belief(run, k):.2f}) "
            f"and itself a chance of winning the war of {p:.2f}")


def why_no_offer(w, st, r: int) -> str | None:
    """Why each side that proposed without a serious offer made none, read at the run's
    end (the side that did so last first; None when no round went without an offer, or
    both sides now offer).

    A proposer of type j never gives more than ``1 - max(floor_j, veto)``
    (bargaining.reference.best_offer); when every type of the other side it gives weight
    to needs more than that, its reservation term (or veto) is what keeps it from
    offering; otherwise the types within that reach are too unlikely, by its belief, for
    any offer to beat fighting on."""
    tr = w.game_trace[r]
    rows = np.flatnonzero((tr[:, C.T_ACCEPT] == -1.0) & np.isin(tr[:, C.T_PROPOSER], (0.0, 1.0)))
    if not rows.size:
        return None
    last = int(tr[rows[-1], C.T_PROPOSER])
    run = game_run(w, st, r)
    codes = sides(w, st)
    out = []
    for i in (last, 1 - last):
        k = 1 - i
        j = int(run.ipar[C.I_TYPE_A + i])
        none = int(np.sum((tr[:, C.T_PROPOSER] == i) & (tr[:, C.T_ACCEPT] == -1.0)))
        if none == 0 or run.vals[C.V_OFFER, i, j] >= 0.0:
            continue
        code, other = codes["AB"[i]], codes["AB"[k]]
        proposed = int(np.sum(tr[:, C.T_PROPOSER] == i))
        floor = float(run.types[C.TY_FLOOR, i, j])
        veto = float(run.side[i, C.SP_VETO])
        cap = 1.0 - max(floor, veto)
        belief = run.vals[C.V_BELIEF, i]
        price = run.vals[C.V_TACC, k]
        weighed = [o for o in range(belief.size) if belief[o] > 0.0]
        reach = sum(float(belief[o]) for o in weighed if price[o] <= cap)
        head = (f"{code} made no serious offer in {none} of its {proposed} rounds as proposer; "
                f"as the run ends its type (strength {run.types[C.TY_STRENGTH, i, j]:+.2f}) "
                f"still offers nothing: ")
        if veto > floor:
            limit = f"the red line {veto:.3f} of its veto player, {veto_holder(run, i)},"
        else:
            issue = run.issues[int(np.argmax(run.reserve[i, j]))] if run.issues else "-"
            worn = floor_yielded(run, i)
            limit = f"its reservation term {floor:.3f} on {issue}" + (worn + "," if worn else "")
        least = min(float(price[o]) for o in weighed)
        if reach <= 0.0 and least > 1.0:
            out.append(head + f"no {other} type it gives weight to accepts any share (to each, "
                       "fighting on is worth more than any deal, counting the chance that a deal "
                       "is broken after the power shift)")
        elif reach <= 0.0:
            out.append(head + f"{limit} leaves at most {cap:.3f} for {other}, and every {other} "
                       f"type it gives weight to needs more (at least {least:.3f})")
        else:
            out.append(head + f"the {other} types that would take a share it may give (at most "
                       f"{cap:.3f}) have a probability of {reach:.2f} by its belief, too little "
                       f"for an offer to beat fighting on")
    return "; ".join(out) or None


def truce_line(w, st, r: int) -> str:
    """The truce's part of the reason line (empty without ``[truce]``): incidents under
    the deals so far and each side's trust that the other keeps the deal."""
    if w.game_par[r, C.P_TRUCE] <= 0.0:
        return ""
    g = w.game_st[r]
    codes = sides(w, st)
    n = int(g[C.S_INCIDENTS])
    return (f"; {n} incident{'' if n == 1 else 's'} under the truce, trust that the other side "
            f"keeps the deal {codes['A']} {g[C.S_TRUST_A]:.2f}, {codes['B']} {g[C.S_TRUST_B]:.2f}")


def reason(w, st, r: int, outcome: str) -> str:
    """One line for ``warsim run``: how the bargaining game ended the run."""
    g = w.game_st[r]
    codes = sides(w, st)
    rounds, refusals = int(g[C.S_ROUNDS]), int(g[C.S_REFUSALS])
    talked = f"{rounds} round{'' if rounds == 1 else 's'}, {refusals} refused"
    blocked = block(game_run(w, st, r), (codes["A"], codes["B"]))
    if blocked:
        talked += f", {int(g[C.S_BLOCKED])} blocked ({blocked})"
    if outcome in ("ceasefire_holding", "ceasefire_collapsed"):
        share = float(g[C.S_SHARE_A])
        day = int(g[C.S_DEAL_DAY])
        lag = int(w.game_ipar[r, C.I_SHIFT_DAYS])
        deal = (f"deal on day {day} after {talked}: {codes['A']} {share:.3f} of the package, "
                f"{codes['B']} {1.0 - share:.3f}")
        # the deal's guarantee: the fixed part plus its level in the package
        par = w.game_par[r]
        client = share if par[C.P_G_CLIENT] == 0 else 1.0 - share
        g_deal = par[C.P_GUARANTEE] + par[C.P_G_PER_LEVEL] * client
        truce = truce_line(w, st, r)
        if outcome == "ceasefire_collapsed":
            who = (codes["A"], codes["B"], "both sides")[int(g[C.S_RENEGER])]
            end = int(g[C.S_END_DAY])
            if int(g[C.S_BREAK]) == C.BREAK_ESCALATED:
                return (f"ceasefire collapsed: {deal}; on day {end} an incident blamed on {who} "
                        f"escalated into war{truce}")
            if int(g[C.S_BREAK]) == C.BREAK_REDECIDE:
                return (f"ceasefire collapsed: {deal}; on day {end}, after an incident, {who} "
                        f"resumed the war (trust in the other side "
                        f"{codes['A']} {g[C.S_TRUST_A]:.2f}, {codes['B']} {g[C.S_TRUST_B]:.2f}: "
                        f"the risk of being struck first and the power shift outweighed the "
                        f"guarantee {g_deal:.3f}){truce}")
            return (f"ceasefire collapsed: {deal}; {lag} days later, with the power shift "
                    f"known, {who} reneged (war then beat its share by more than the "
                    f"guarantee {g_deal:.3f}); the war resumed")
        checked = int(w.day[r]) > day + lag
        held = (f"it passed the renege check on day {day + lag} (both sides' shares beat war "
                f"after the power shift, guarantee {g_deal:.3f})"
                if checked else f"its renege check (day {day + lag}) falls after the run's end")
        return f"ceasefire from day {int(w.glob[r, L.G_CEASEFIRE_DAY])}: {deal}; {held}{truce}"
    why = why_refused(w, st, r)
    if why is None and blocked:
        return f"no deal after {talked}"
    idle = why_no_offer(w, st, r)
    if why is None:
        if rounds == 0:
            return "no deal: no talks round was held"
        if idle:
            return f"no deal after {talked}: {idle}"
        return (f"no deal: after {talked}, no proposer made a serious offer (each expected "
                "more from fighting on than from any share the other would accept)")
    return f"no deal after {talked}; last, {why}" + (f"; {idle}" if idle else "")
