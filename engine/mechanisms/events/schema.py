"""Scenario sections of the events: scheduled events and stochastic hazards.

Tables (docs/scenarios.md, "Events and hazards"):

``[[events]]``                a scheduled event: date, kind, target (a state or a front
                              sector, by kind), value.
``[[hazards]]``               a stochastic event: kind, target, daily probability, value.

The kinds are :data:`EVENT_KINDS`; the talks' scheduled kinds (deadline, summit, leak)
are fired by this mechanism and acted on by the talks.
"""

from __future__ import annotations

from pydantic import Field

from engine.core.schema import MAX_DAYS, Date, Num, _Strict, num

EVENT_KINDS = {
    # kind: (target kind of a, description)
    "reinforcement": ("state", "troops added to the state's reserve (people)"),
    "recruitment": ("state", "recruitment multiplier from this day (x)"),
    "production": ("state", "firepower production multiplier from this day (x)"),
    "fire_delivery": ("state", "shell-equivalents added to the stockpile"),
    "fortify": ("front", "fortification multiplied by value"),
    # talks (docs/model.md, "Talks")
    "deadline": ("state", "the mediator (target) sets a deadline `value` days from this day"),
    "summit": ("state", "a summit: the mediator meets the target state's leaders this day"),
    "leak": ("state", "a draft leaks this day (target: the mediator or any state)"),
}


class Event(_Strict):
    """A scheduled event: on ``date``, ``kind`` acts on ``target`` with ``value``."""

    date: Date
    kind: str
    target: str
    value: Num = num(-1e9, 1e9)
    name: str = ""
    source: str = ""


class Hazard(_Strict):
    """A stochastic event: each day, with probability ``rate``, ``kind`` acts on ``target``."""

    kind: str
    target: str
    rate: Num = num(0.0, 1.0, description="daily probability")
    value: Num = num(-1e9, 1e9)
    name: str = ""
    source: str = ""


# The tables this mechanism adds to a scenario (engine.scenario composes them).
SECTIONS = {
    "events": (list[Event], Field(default_factory=list)),
    "hazards": (list[Hazard], Field(default_factory=list)),
}

# What events may do to a state or a sector, and the field whose schema limit bounds it.
EVENT_LIMITS = {
    "reinforcement": ("troops", "states.{t}.troops", 1e8),
    "fire_delivery": ("fire stock", "states.{t}.fire_stock", 1e10),
    "fortify": ("fortification", "fronts.{t}.fortification", 20.0),
}
MULTIPLIER_LIMIT = 100.0  # recruitment and production multipliers an event may set


def problems(s) -> list[tuple[str, str]]:
    """Dates outside the run and unknown kinds or targets; when there are none, the bounds
    the events could push a run's state past (:func:`event_bound_problems`)."""
    out: list[tuple[str, str]] = []
    start, end = s.scenario.start, s.end_date
    for j, ev in enumerate(s.events):
        if not start <= ev.date <= end:
            out.append((f"events.{j}.date", f"{ev.date} is outside the run ({start} to {end})"))
        out.extend(_event_target_problems(s, f"events.{j}", ev.kind, ev.target))
    for j, hz in enumerate(s.hazards):
        out.extend(_event_target_problems(s, f"hazards.{j}", hz.kind, hz.target))
    if not out:
        out.extend(event_bound_problems(s))
    return out


def _big(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 and x < 1e15 else f"{x:.6g}"


def event_bound_problems(s) -> list[tuple[str, str]]:
    """Events that could push a run's state past the schema's own limits.

    Checked here, once, rather than clamped in the kernels: the worst case of
    every scheduled event and every hazard (firing each day of the run) must
    keep troops within ``states.X.troops``' limit, a fire stock within
    ``fire_stock``'s, a fortification within ``fortification``'s; multipliers
    within [0, 100]; a deadline within the longest run. Losses (negative
    values) are floored at zero by the kernels, so only additions count.
    Needs every event's target to exist.
    """
    out: list[tuple[str, str]] = []
    days = s.scenario.days
    level: dict[tuple[str, str], float] = {}
    for code, st in s.states.items():
        committed = sum(f.attacker_troops for f in s.fronts.values() if f.attacker == code)
        committed += sum(f.defender_troops for f in s.fronts.values() if f.defender == code)
        level[("reinforcement", code)] = max(st.troops, committed)
        level[("fire_delivery", code)] = st.fire_stock
    for fid, f in s.fronts.items():
        level[("fortify", fid)] = f.fortification
    scheduled = sorted(enumerate(s.events), key=lambda je: je[1].date)
    items = [(f"events.{j}", e.kind, e.target, e.value, 1) for j, e in scheduled]
    items += [(f"hazards.{j}", h.kind, h.target, h.value, days if h.rate > 0 else 0)
              for j, h in enumerate(s.hazards)]
    for where, kind, target, value, times in items:
        if kind in ("recruitment", "production") and not 0.0 <= value <= MULTIPLIER_LIMIT:
            out.append((f"{where}.value", f"a {kind} multiplier must be in [0, {MULTIPLIER_LIMIT:g}]"))
        elif kind == "deadline" and not 0.0 <= value <= MAX_DAYS:
            out.append((f"{where}.value", f"a deadline must be 0 to {MAX_DAYS} days away"))
        elif kind == "fortify" and value < 0.0:
            out.append((f"{where}.value", "a fortification factor must not be negative"))
        if kind not in EVENT_LIMITS or times == 0:
            continue
        what, field, limit = EVENT_LIMITS[kind]
        before = level[(kind, target)]
        if kind == "fortify":
            after = before * value ** times if value > 1.0 else before
        else:
            after = before + max(value, 0.0) * times
        level[(kind, target)] = after
        if after > limit:
            how = " fired on every day of the run" if times > 1 else ""
            out.append((
                f"{where}.value",
                f"{kind} of {_big(value)}{how} could take {target}'s {what} to {_big(after)} "
                f"(start and earlier events included), past the schema's limit of {_big(limit)} "
                f"({field.format(t=target)}); lower the value",
            ))
    return out


def _event_target_problems(s, where: str, kind: str, target: str):
    if kind not in EVENT_KINDS:
        return [(f"{where}.kind", f"unknown kind '{kind}' (one of {', '.join(EVENT_KINDS)})")]
    want = EVENT_KINDS[kind][0]
    pool = s.states if want == "state" else s.fronts
    if target not in pool:
        return [(f"{where}.target", f"unknown {want} '{target}'")]
    return []
