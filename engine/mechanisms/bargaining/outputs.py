"""What a bargaining run records, in words and numbers (explains the run).

:func:`summary` turns a played :class:`~engine.mechanisms.bargaining.build.Run` into a
JSON-able dict: the outcome, the deal, and why the last refusal happened (the
refusing side's type, its reservation terms, its least acceptable share and its
belief about the other side).
"""

from __future__ import annotations

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.build import SIDES, Run


def summary(run: Run, days: int) -> dict:
    """One run's record.

    Parameters
    ----------
    run : a played run (``kernel.play`` or the twin has written its arrays)
    days : days played (what ``play`` returned)
    """
    st, vals, types = run.st, run.vals, run.types
    true = (int(run.ipar[C.I_TYPE_A]), int(run.ipar[C.I_TYPE_B]))
    out = {
        "outcome": C.OUTCOMES[int(st[C.S_OUTCOME])],
        "days": int(days),
        "deal_day": None if st[C.S_DEAL_DAY] < 0 else int(st[C.S_DEAL_DAY]),
        "end_day": None if st[C.S_END_DAY] < 0 else int(st[C.S_END_DAY]),
        "share": None if st[C.S_SHARE_A] < 0 else {"A": st[C.S_SHARE_A],
                                                     "B": 1.0 - st[C.S_SHARE_A]},
        "reneged": None if st[C.S_RENEGER] < 0 else ("A", "B", "both")[int(st[C.S_RENEGER])],
        "talks": {"rounds": int(st[C.S_ROUNDS]), "refusals": int(st[C.S_REFUSALS]),
                  "no_offer": int(st[C.S_NO_OFFER]), "sweeps": int(st[C.S_SWEEPS]),
                  "unconverged": int(st[C.S_UNCONVERGED]), "mixed": int(st[C.S_MIXED]),
                  "blocked": int(st[C.S_BLOCKED]),
                  "relapses": int(st[C.S_RELAPSES]),
                  "leader_changes": int(st[C.S_LEADER_CHANGES])},
        "front": st[C.S_FRONT],
        "sides": {},
    }
    for i, code in enumerate(SIDES):
        j = true[i]
        out["sides"][code] = {
            "type": j,
            "strength": types[C.TY_STRENGTH, i, j],
            "cost_per_day": types[C.TY_COST, i, j],
            "reserve": dict(zip(run.issues, run.reserve[i, j].tolist(), strict=True)),
            "least_acceptable_share": vals[C.V_TACC, i, j],
            "offer": vals[C.V_OFFER, i, j],
            "belief_other_true_type": vals[C.V_BELIEF, i, true[1 - i]],
            "position": st[C.S_POS_A + i],
            "support": st[C.S_SUPPORT_A + i],
            "floor": types[C.TY_FLOOR, i, j],
            "war_aims_rise": st[C.S_AIM_A + i],
            "floor_yield": st[C.S_YIELD_A + i],
            "stalemate_hurt": st[C.S_STALL_A + i],
            "reference": st[C.S_REF_A + i],
            "veto": run.side[i, C.SP_VETO],
            "veto_holder": veto_holder(run, i),
        }
    r = int(st[C.S_REFUSER])
    if r >= 0:
        s = out["sides"][SIDES[r]]
        out["last_refusal"] = (
            f"{SIDES[r]} refused a share of {st[C.S_REFUSED_SHARE]:.3f}: its type needs "
            f"{s['least_acceptable_share']:.3f} (reservation terms "
            f"{max(s['reserve'].values(), default=0.0):.3f} at most, the rest is its "
            f"expected value of fighting on, giving the other side's true type a "
            f"probability of {s['belief_other_true_type']:.2f})"
        )
        if s["floor_yield"] > 0.0:
            out["last_refusal"] += (f"; its floor {s['floor']:.3f} has yielded "
                                    f"{s['floor_yield']:.3f} to a stalemate hurt of "
                                    f"{s['stalemate_hurt']:.4f}")
        if s["veto_holder"] and s["least_acceptable_share"] <= s["veto"] + 1e-9:
            out["last_refusal"] += (f"; the least share was set by {s['veto_holder']}'s "
                                    f"red line {s['veto']:.3f}")
    blocked = block(run)
    if blocked:
        out["blocked"] = blocked
    return out


def veto_holder(run: Run, i: int) -> str | None:
    """Who holds side ``i``'s veto in force (its patron once its line is public, else its
    domestic veto player), or None when no veto player binds the side."""
    side = run.side[i]
    if side[C.SP_VETO] <= 0.0:
        return None
    patron_known = side[C.SP_PATRON] > 0.0 and side[C.SP_VETO] == side[C.SP_PATRON]
    if patron_known and side[C.SP_PATRON] >= side[C.SP_VETO_HOME]:
        return f"{run.patrons[i] or 'its patron'} (patron of {SIDES[i]})"
    return run.veto_names[i] or f"{SIDES[i]}'s veto player"


def block(run: Run, names: tuple[str, str] = SIDES) -> str | None:
    """The last deal a patron blocked, in words (None: none). ``names``: how the sides
    are called (state codes in a real run)."""
    st = run.st
    k = int(st[C.S_BLOCKER])
    if k < 0:
        return None
    clients = (0, 1) if k == 2 else (k,)
    who = " and ".join(f"{run.patrons[i] or 'a patron'} (patron of {names[i]}, red line "
                       f"{run.side[i, C.SP_PATRON]:.3f})" for i in clients)
    client = names[clients[-1]]
    return (f"{who} blocked a deal that {client}'s negotiator had accepted, giving {client} "
            f"{st[C.S_BLOCKED_SHARE]:.3f} of the package ({int(st[C.S_BLOCKED])} deal"
            f"{'' if st[C.S_BLOCKED] == 1 else 's'} blocked in all); its line binds from then on")
