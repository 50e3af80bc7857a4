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
                  "unconverged": int(st[C.S_UNCONVERGED])},
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
        }
    r = int(st[C.S_REFUSER])
    if r >= 0:
        s = out["sides"][SIDES[r]]
        out["last_refusal"] = (
            f"{SIDES[r]} refused a share of {st[C.S_REFUSED_SHARE]:.3f}: its type needs "
            f"{s['least_acceptable_share']:.3f} (reservation terms "
            f"{max(s['reserve'].values(), default=0.0):.3f} at most, the rest is its "
            f"expected value of fighting on, believing the other side is of its true "
            f"type with chance {s['belief_other_true_type']:.2f})"
        )
    return out
