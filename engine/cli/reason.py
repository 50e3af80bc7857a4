"""Why a run ended as it did: one line derived from its state and event log.

``warsim run`` prints it under the outcome and adds it to the JSON object as
``reason``. Every number in the line is read from the stepped World (the final
state, the daily series where recorded, the event log); nothing is a template
value. The talks' signing rule (engine/mechanisms/talks/kernel.py ``try_sign``) is: every
belligerent's draft utility at least its BATNA plus ``sign_margin``, and no red
line crossed; a "no deal" line names who fell short of that, by how much, and since
when.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _events(log: list[dict[str, Any]], *kinds: str) -> list[dict[str, Any]]:
    return [e for e in log if e["kind"] in kinds]


def _since(flags: np.ndarray, days: np.ndarray) -> int | None:
    """First recorded day of the final unbroken run of True in ``flags`` (None if it ends False)."""
    if flags.size == 0 or not flags[-1]:
        return None
    false = np.flatnonzero(~flags)
    return int(days[false[-1] + 1]) if false.size else int(days[0])


def outcome_reason(w, st, r: int = 0, log: list[dict[str, Any]] | None = None) -> str:
    """One line saying why run ``r`` ended with its outcome.

    Parameters
    ----------
    w : World
        The stepped world (``engine.api.simulate``); its series are used when
        recorded (``record_every`` > 0), else only the final state.
    st : Structure
        Its structure (state codes, record stride).
    r : int
        Run index.
    log : list of dict, optional
        ``engine.results.event_log(w, st, r)``, if already built.

    Returns
    -------
    str
        E.g. ``no deal: RUS short of signing since day 212: draft utility 0.452 below
        BATNA 0.494 + margin 0.005 (UKR would sign: 0.456 vs 0.378); talks suspended
        since day 340``.
    """
    from engine import layout as L
    from engine.results import event_log, outcome_name

    log = event_log(w, st, r) if log is None else log
    g = w.glob[r]
    outcome = outcome_name(g[L.G_OUTCOME])
    end = int(w.day[r])
    cf = int(g[L.G_CEASEFIRE_DAY])

    if w.talks_param[r, L.TP_GAME] > 0.0 and outcome != "collapse":
        from engine.mechanisms.talks_game.results import reason

        return reason(w, st, r, outcome)

    if outcome == "collapse":
        i = int(g[L.G_COLLAPSED_STATE])
        code = st.states[i] if i >= 0 else "?"
        ev = [e for e in _events(log, "collapse", "support_collapse") if e["a"] == i]
        if ev:
            return f"collapse: on day {ev[-1]['day']} {ev[-1]['text']}"
        return (f"collapse: {code} broke (morale {w.state[r, i, L.S_MORALE]:.2f}, "
                f"war support {w.state[r, i, L.S_WAR_SUPPORT]:.2f} at the end)")

    if outcome in ("ceasefire_holding", "ceasefire_collapsed"):
        signed = [e for e in _events(log, "signed") if e["day"] <= cf]
        ratified = [e for e in _events(log, "ratified") if e["day"] <= cf]
        how = ""
        if signed:
            how = f"draft version {signed[-1]['value']:.0f} signed on day {signed[-1]['day']}"
            if ratified:
                how += f" and ratified on day {ratified[-1]['day']}"
        n = len([e for e in _events(log, "violation") if e["day"] >= cf])
        violations = f"{n} violation{'' if n == 1 else 's'}"
        if outcome == "ceasefire_holding":
            return (f"ceasefire from day {cf}" + (f": {how}" if how else "")
                    + f"; it held {end - cf} days to the end of the run ({violations})")
        relapse = [e for e in _events(log, "relapse") if e["day"] >= cf]
        broke = (f"broke down on day {relapse[-1]['day']} after {relapse[-1]['value']:.0f} days"
                 if relapse else "broke down")
        return (f"ceasefire collapsed: it began on day {cf}" + (f" ({how})" if how else "")
                + f" and {broke}, after {violations}; the war resumed")

    # no deal
    if w.talks_param[r, L.TP_ON] <= 0.0:
        return "no deal: this scenario has no talks"
    status = L.TALKS_STATUS_NAMES[int(g[L.G_TALKS_STATUS])]
    if status == "signed":
        return (f"no deal yet: a deal was signed on day {int(g[L.G_SIGN_DAY])}; ratification is "
                f"decided on day {int(g[L.G_RATIFY_DAY])}, after the run's last day {end}")
    margin = float(w.talks_param[r, L.TP_SIGN_MARGIN])
    k = _recorded(w, st, r)
    days = np.arange(k) * max(st.record_every, 1)
    issues = list(st.scenario.issues)
    draft = w.draft[r]
    short, willing, crossed = [], [], []
    for i, code in enumerate(st.states):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        # red lines (try_sign refuses any crossing, whatever the utility)
        for j in range(len(issues)):
            lo, hi = float(w.red_lo[r, i, j]), float(w.red_hi[r, i, j])
            if draft[j] < lo - 1e-12:
                crossed.append((j, lo - draft[j], f"{code} needs >= {lo:.3f}"))
            elif draft[j] > hi + 1e-12:
                crossed.append((j, draft[j] - hi, f"{code} needs <= {hi:.3f}"))
        u, b = float(w.state[r, i, L.S_DRAFT_UTILITY]), float(w.state[r, i, L.S_BATNA])
        if u < b + margin - 1e-12:
            when = ""
            if k:
                su = w.series_state[r, :k, i, L.SS_DRAFT_UTILITY]
                sb = w.series_state[r, :k, i, L.SS_BATNA]
                below = su < sb + margin - 1e-12
                since = _since(below, days)
                when = f" on {int(below.sum())} of {k} days" + (f", without a break since day {since}"
                                                               if since is not None else "")
            short.append(f"{code} refused the draft{when}: its utility {u:.3f} below its BATNA {b:.3f}"
                         + (f" + margin {margin:.3f}" if margin > 0 else ""))
        else:
            willing.append(f"{code} {u:.3f} vs {b:.3f}")
    parts = []
    if crossed:
        # per issue, worst first: what the draft says and whose red line it crosses
        worst: dict[int, float] = {}
        for j, size, _ in crossed:
            worst[j] = max(worst.get(j, 0.0), size)
        order = sorted(worst, key=lambda j: -worst[j])
        lines = [f"{issues[j]} {draft[j]:.3f} ({', '.join(t for jj, _, t in crossed if jj == j)})"
                 for j in order[:3]]
        more = f" and {len(order) - 3} more issues" if len(order) > 3 else ""
        parts.append("the draft crosses red lines: " + "; ".join(lines) + more)
    if short:
        parts.append("; ".join(short))
        if willing:
            parts[-1] += f" ({', '.join(willing)}: would sign)"
    elif not crossed:
        parts.append(f"every party's draft utility beat its BATNA on the last day ({', '.join(willing)}) "
                     "and no red line was crossed, but no signing came before the end")
    elif willing:
        parts.append(f"draft utility vs BATNA: {', '.join(willing)}")
    if status != "active":
        since = None
        if k:
            since = _since(w.series_global[r, :k, L.SG_TALKS_STATUS] == g[L.G_TALKS_STATUS], days)
        parts.append(f"talks {status}" + (f" since day {since}" if since is not None else ""))
    fails = _events(log, "ratification_failed")
    if fails:
        parts.append(f"{len(fails)} signed deal(s) failed ratification, the last on day {fails[-1]['day']}")
    return "no deal: " + "; ".join(parts)


def _recorded(w, st, r: int) -> int:
    """Number of recorded series rows of run ``r`` (0 when series were not recorded)."""
    if st.record_every <= 0:
        return 0
    return min(-(-int(w.day[r]) // st.record_every), w.series_state.shape[1])
