"""Scenario files: TOML validated by pydantic.

A scenario is a TOML file with these top-level tables (docs/scenarios.md has
the full reference):

``scenario``   name, title, start date, days, description
``battle``     global battlefield parameters (Lanchester-Helmbold, advance)
``states``     one table per state code (``RUS``, ``UKR``...): role, forces...
``fronts``     one table per sector id: attacker, defender, length, troops...
``envoys``     one table per envoy: principal, home capital, skill, mandate
``issues``     one table per bargaining issue: meaning at 0 and at 1
``events``     array of scheduled events (date, kind, target, value)
``hazards``    array of stochastic events (kind, daily hazard, target, value)
``levers``     named policy knobs: description, range, default, target paths

Any number may be written bare or as ``{ value = 12.0, source = "..." }``; the
source note travels with the file and is collected by :func:`collect_sources`.

Errors are reported as :class:`ScenarioError`, whose ``problems`` are
``(dotted.path, message)`` pairs, printed one per line as
``FILE: dotted.path: message``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from engine.core.schema import (  # noqa: F401 - the base types, re-exported
    MAX_DEPTH,
    Date,
    Flag,
    Int,
    Num,
    ScenarioError,
    _date,
    _finite,
    _flag,
    _kind,
    _Strict,
    _unwrap_sourced,
    deep_text,
    num,
    too_deep,
)

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
MAX_DAYS = 3650
LATEST_START = dt.date.max - dt.timedelta(days=MAX_DAYS)
_ID = r"^[A-Za-z][A-Za-z0-9_]*$"


# ---------------------------------------------------------------- sections
class Meta(_Strict):
    name: str = Field(pattern=_ID)
    title: str = ""
    description: str = ""
    start: Date = Field(description=f"first day; a run of {MAX_DAYS} days must fit before 9999-12-31")
    days: Int = Field(365, ge=1, le=MAX_DAYS, description="run length (days)")
    seed: Int = Field(1, ge=0, lt=2**62, description="default seed")

    @field_validator("start")
    @classmethod
    def _start_leaves_room(cls, v: dt.date) -> dt.date:
        # Checked against the longest run (--days may lengthen a run up to MAX_DAYS), so
        # no date of any run, its series or its event log can fall past the calendar.
        if v > LATEST_START:
            raise ValueError(f"{v} leaves no room for a run (latest start {LATEST_START})")
        return v


class Battle(_Strict):
    """Global battlefield parameters (MODEL step 3; docs/model.md, Battlefield)."""

    mu: Num = num(0.0, 1.0, default=0.5, description="Helmbold exponent")
    attrition: Num = num(0.0, 1.0, default=0.002, description="k, casualties/troop/day")
    fire_elasticity: Num = num(0.0, 5.0, default=1.0)
    advance_max: Num = num(0.0, 50.0, default=0.4, description="v_max, km/day")
    ratio_needed: Num = num(1e-3, 100.0, default=3.0, description="R*")
    ratio_scale: Num = num(1e-3, 10.0, default=0.35, description="s on ln R")
    counter_max: Num = num(0.0, 50.0, default=0.1, description="km/day")
    ratio_counter: Num = num(1e-3, 100.0, default=0.5, description="R_c")
    advance_noise: Num = num(0.0, 3.0, default=0.5)
    loss_noise: Num = num(0.0, 3.0, default=0.2)
    breakthrough_hazard: Num = num(0.0, 1.0, default=0.002, description="per day at R*")
    breakthrough_exponent: Num = num(0.0, 10.0, default=2.0)
    breakthrough_km: Num = num(0.0, 200.0, default=5.0)
    morale_effect: Num = num(0.0, 5.0, default=0.5)
    movement: Flag = Field(True, description="let the line move (off for closed-form checks)")


class State(_Strict):
    name: str
    role: Literal["belligerent", "mediator", "patron"]
    backs: str | None = Field(None, description="state this patron supports")
    capital: str = ""
    capital_lon: Num = num(-180.0, 180.0, default=0.0)
    capital_lat: Num = num(-90.0, 90.0, default=0.0)
    population: Num = num(0.0, 2e9, default=1e6)
    troops: Num = num(0.0, 1e8, default=0.0, description="troops in theatre (people)")
    recruits_per_day: Num = num(0.0, 1e6, default=0.0)
    troop_ceiling: Num = num(0.0, 1e8, default=0.0, description="0 means no ceiling")
    fire_production: Num = num(0.0, 1e8, default=0.0, description="shell-eq/day")
    fire_rate: Num = num(0.0, 1e8, default=0.0, description="shell-eq/day wanted")
    fire_stock: Num = num(0.0, 1e10, default=0.0, description="shell-eq")
    morale: Num = num(0.0, 1.0, default=0.7)
    morale_recovery: Num = num(0.0, 1.0, default=0.01)
    morale_sensitivity: Num = num(0.0, 1e4, default=20.0)
    collapse_morale: Num = num(0.0, 1.0, default=0.1)
    wounded_return: Num = num(0.0, 1.0, default=0.0, description="share of casualties back")
    reserve_keep: Num = num(0.0, 1.0, default=0.15)
    alloc_rate: Num = num(0.0, 1.0, default=0.05)
    threat_weight: Num = num(0.0, 10.0, default=1.0)
    resolve: Num = num(0.0, 1.0, default=0.5)
    war_support: Num = num(0.0, 1.0, default=0.6)
    economy: StateEconomy | None = Field(None, description="not modelled when absent")
    politics: StatePolitics | None = Field(None, description="not modelled when absent")
    bargaining: Bargaining = Field(default_factory=lambda: Bargaining())


# The economy's and politics' sections (their own module; it needs Num and _Strict above).
from engine.mechanisms.economy.schema import (  # noqa: E402
    Economy,
    StateEconomy,
    StatePolitics,
    economy_problems,
)

# Beliefs', talks' and ceasefire's sections (their own module, like the economy's).
from engine.mechanisms.talks.schema import Bargaining, Envoy, Issue, Talks, talks_problems  # noqa: E402


class Settlement(_Strict):
    name: str
    depth_km: Num = num(0.0, 2000.0)
    lon: Num = num(-180.0, 180.0, default=0.0)
    lat: Num = num(-90.0, 90.0, default=0.0)
    population: Num = num(0.0, 1e8, default=0.0)


class Front(_Strict):
    name: str
    attacker: str
    defender: str
    length_km: Num = num(0.1, 5000.0)
    max_depth_km: Num = num(0.1, 2000.0)
    depth_km: Num = num(0.0, 2000.0, default=0.0, description="depth at the start")
    attacker_troops: Num = num(0.0, 1e8)
    defender_troops: Num = num(0.0, 1e8)
    fortification: Num = num(1.0, 20.0, default=1.0)
    priority: Num = num(0.0, 1.0, default=0.5)
    intensity: Num = num(0.0, 20.0, default=1.0, description="assault tempo multiplier")
    attack_share: Num | None = Field(
        None, ge=0.0, le=1.0, description="share of the attacker's assaults made here"
    )
    bearing_deg: Num = num(0.0, 360.0, default=270.0, description="attacker's direction")
    line: list[tuple[Num, Num]] = Field(default_factory=list, description="[lon, lat] points")
    settlements: list[Settlement] = Field(default_factory=list, max_length=16)

    @model_validator(mode="after")
    def _depths(self) -> Front:
        if self.depth_km > self.max_depth_km:
            raise ValueError("depth_km must not exceed max_depth_km")
        return self


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
    date: Date
    kind: str
    target: str
    value: Num = num(-1e9, 1e9)
    name: str = ""
    source: str = ""


class Hazard(_Strict):
    kind: str
    target: str
    rate: Num = num(0.0, 1.0, description="daily probability")
    value: Num = num(-1e9, 1e9)
    name: str = ""
    source: str = ""


class Lever(_Strict):
    description: str
    min: Num
    max: Num
    default: Num
    value: Num | None = None
    targets: list[str] = Field(default_factory=list)
    mode: Literal["set", "scale"] = "set"
    active: Flag = Field(True, description="false while its mechanism does not exist yet")

    @model_validator(mode="after")
    def _range(self) -> Lever:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} outside [{self.min}, {self.max}]")
        if self.value is not None and not self.min <= self.value <= self.max:
            raise ValueError(f"value {self.value} outside [{self.min}, {self.max}]")
        return self

    @property
    def current(self) -> float:
        return self.default if self.value is None else self.value


class Scenario(_Strict):
    scenario: Meta
    battle: Battle = Field(default_factory=Battle)
    states: dict[str, State]
    fronts: dict[str, Front]
    envoys: dict[str, Envoy] = Field(default_factory=dict)
    issues: dict[str, Issue] = Field(default_factory=dict)
    events: list[Event] = Field(default_factory=list)
    hazards: list[Hazard] = Field(default_factory=list)
    levers: dict[str, Lever] = Field(default_factory=dict)
    economy: Economy = Field(default_factory=Economy)
    talks: Talks = Field(default_factory=lambda: Talks(enabled=False))
    _raw: dict | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = cross_reference_problems(self)
        if problems:
            raise _CrossRefError(problems)
        return self

    @property
    def state_codes(self) -> list[str]:
        return list(self.states)

    @property
    def front_ids(self) -> list[str]:
        return list(self.fronts)

    @property
    def end_date(self) -> dt.date:
        return self.scenario.start + dt.timedelta(days=self.scenario.days - 1)

    def day_of(self, date: dt.date) -> int:
        return (date - self.scenario.start).days


class _CrossRefError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


def cross_reference_problems(s: Scenario) -> list[tuple[str, str]]:
    """Problems that span sections: unknown codes, dates outside the run..."""
    out: list[tuple[str, str]] = []
    codes = set(s.states)
    for code in s.states:
        if not re.match(_ID, code):
            out.append((f"states.{code}", "state codes are letters, digits and _"))
    belligerents = {c for c, st in s.states.items() if st.role == "belligerent"}
    if len(belligerents) < 2:
        out.append(("states", "at least two belligerents are needed"))
    for code, st in s.states.items():
        if st.role == "patron":
            if st.backs is None:
                out.append((f"states.{code}.backs", "a patron must name the state it backs"))
            elif st.backs not in belligerents:
                out.append((f"states.{code}.backs", f"'{st.backs}' is not a belligerent"))
        elif st.backs is not None:
            out.append((f"states.{code}.backs", "only patrons back a state"))
    if not s.fronts:
        out.append(("fronts", "at least one front sector is needed"))
    for fid, f in s.fronts.items():
        for side in ("attacker", "defender"):
            who = getattr(f, side)
            if who not in belligerents:
                out.append((f"fronts.{fid}.{side}", f"'{who}' is not a declared belligerent"))
        if f.attacker == f.defender:
            out.append((f"fronts.{fid}.defender", "must differ from the attacker"))
        for j, st in enumerate(f.settlements):
            if st.depth_km > f.max_depth_km:
                out.append(
                    (f"fronts.{fid}.settlements.{j}.depth_km", "beyond the sector's max_depth_km")
                )
    for eid, e in s.envoys.items():
        if e.principal not in codes:
            out.append((f"envoys.{eid}.principal", f"unknown state '{e.principal}'"))
        if e.home not in codes:
            out.append((f"envoys.{eid}.home", f"unknown state '{e.home}'"))
    start, end = s.scenario.start, s.end_date
    for j, ev in enumerate(s.events):
        if not start <= ev.date <= end:
            out.append((f"events.{j}.date", f"{ev.date} is outside the run ({start} to {end})"))
        out.extend(_event_target_problems(s, f"events.{j}", ev.kind, ev.target))
    for j, hz in enumerate(s.hazards):
        out.extend(_event_target_problems(s, f"hazards.{j}", hz.kind, hz.target))
    if not out:
        out.extend(event_bound_problems(s))
    out.extend(economy_problems(s))
    out.extend(talks_problems(s))
    for name, lever in s.levers.items():
        for j, target in enumerate(lever.targets):
            problem = _numeric_path_problem(s, target)
            if problem:
                out.append((f"levers.{name}.targets.{j}", problem))
    return out


# What events may do to a state or a sector, and the field whose schema limit bounds it.
EVENT_LIMITS = {
    "reinforcement": ("troops", "states.{t}.troops", 1e8),
    "fire_delivery": ("fire stock", "states.{t}.fire_stock", 1e10),
    "fortify": ("fortification", "fronts.{t}.fortification", 20.0),
}
MULTIPLIER_LIMIT = 100.0  # recruitment and production multipliers an event may set


def _big(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 and x < 1e15 else f"{x:.6g}"


def event_bound_problems(s: Scenario) -> list[tuple[str, str]]:
    """Events that could push a run's state past the schema's own limits.

    Checked here, once, rather than clamped in the kernels: the worst case of
    every scheduled event and every hazard (firing each day of the run) must
    keep troops within ``states.X.troops``' limit, a fire stock within
    ``fire_stock``'s, a fortification within ``fortification``'s; multipliers
    within [0, 100]; a deadline within the longest run. Losses (negative
    values) are floored at zero by the kernels, so only additions count.
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


def _event_target_problems(s: Scenario, where: str, kind: str, target: str):
    if kind not in EVENT_KINDS:
        return [(f"{where}.kind", f"unknown kind '{kind}' (one of {', '.join(EVENT_KINDS)})")]
    want = EVENT_KINDS[kind][0]
    pool = s.states if want == "state" else s.fronts
    if target not in pool:
        return [(f"{where}.target", f"unknown {want} '{target}'")]
    return []


def _numeric_path_problem(s: Scenario, path: str) -> str | None:
    node: Any = s
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                return f"'{path}' does not exist"
            node = node[part]
        elif isinstance(node, BaseModel):
            if part not in type(node).model_fields:
                return f"'{path}' does not exist"
            node = getattr(node, part)
        else:
            return f"'{path}' does not exist"
    if isinstance(node, bool) or not isinstance(node, int | float):
        return f"'{path}' is not a number"
    return None


# ---------------------------------------------------------------- loading
def resolve_path(name_or_path: str | Path) -> Path:
    """A scenario file path, or a name under ``scenarios/`` (``ukraine_2025``)."""
    p = Path(name_or_path)
    if p.suffix == "" and not p.exists():
        candidate = SCENARIO_DIR / f"{p.name}.toml"
        if candidate.exists():
            return candidate
    return p


def read_raw(path: str | Path) -> dict:
    """Parse a TOML file into a dict; any failure becomes a ScenarioError."""
    path = Path(path)
    origin = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(origin, [("", "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError(origin, [("", "is a directory, not a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError(origin, [("", f"cannot read: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(origin, [("", "not a text file (invalid UTF-8)")]) from None
    if not text.strip():
        raise ScenarioError(origin, [("", "file is empty")])
    where = deep_text(text)
    if where is not None:
        raise ScenarioError(origin, [("", f"{where}: nested more than {MAX_DEPTH} levels deep")])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(origin, [("", f"invalid TOML: {exc}")]) from None
    except RecursionError:
        raise ScenarioError(origin, [("", f"nested more than {MAX_DEPTH} levels deep")]) from None
    deep = too_deep(raw, MAX_DEPTH)
    if deep is not None:
        raise ScenarioError(origin, [(deep, f"nested more than {MAX_DEPTH} levels deep")])
    return raw


def _loc_to_path(loc: tuple) -> str:
    parts = []
    for p in loc:
        if isinstance(p, str) and p.startswith("function-") or p in ("float", "int"):
            continue
        parts.append(str(p))
    return ".".join(parts)


def _clean_msg(msg: str) -> str:
    msg = msg.removeprefix("Value error, ")
    if msg == "Extra inputs are not permitted":
        return "unknown field"
    return msg


def validate_raw(raw: dict, origin: str) -> Scenario:
    """Validate a parsed scenario dict into a :class:`Scenario` (levers not applied)."""
    if not isinstance(raw, dict):
        raise ScenarioError(origin, [("", "expected a table at the top level")])
    deep = too_deep(raw, MAX_DEPTH)
    if deep is not None:
        raise ScenarioError(origin, [(deep, f"nested more than {MAX_DEPTH} levels deep")])
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            ctx_err = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_err, _CrossRefError):
                problems.extend(ctx_err.problems)
                continue
            path = _loc_to_path(err["loc"])
            problems.append((path, _clean_msg(err["msg"])))
        raise ScenarioError(origin, _dedupe(problems)) from None
    except _CrossRefError as exc:
        raise ScenarioError(origin, exc.problems) from None
    except (RecursionError, OverflowError) as exc:
        raise ScenarioError(origin, [("", f"cannot validate: {exc}")]) from None


def _dedupe(problems):
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# ---------------------------------------------------------------- overrides
def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``PATH=VALUE`` (VALUE as a TOML literal, else a bare string)."""
    if "=" not in text:
        raise ScenarioError("--set", [(text, "expected PATH=VALUE")])
    path, _, value = text.partition("=")
    path = path.strip()
    if not path or any(not part for part in path.split(".")):
        raise ScenarioError("--set", [(text, "empty path")])
    if path.count(".") >= MAX_DEPTH:
        raise ScenarioError("--set", [(path[:60] + "...", f"path deeper than {MAX_DEPTH} levels")])
    try:
        return path, parse_value(value.strip())
    except ValueError as exc:
        raise ScenarioError("--set", [(path, str(exc))]) from None


def parse_value(text: str) -> Any:
    """A ``--set``/``--vary`` value: a TOML literal, else the bare string.

    Raises ValueError (one line) for a value nested more than MAX_DEPTH deep.
    """
    try:
        v = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    except RecursionError:
        raise ValueError(f"value nested more than {MAX_DEPTH} levels deep") from None
    if too_deep(v, MAX_DEPTH) is not None:
        raise ValueError(f"value nested more than {MAX_DEPTH} levels deep")
    return v


def apply_overrides(raw: dict, overrides: dict[str, Any] | None) -> dict:
    """Return a copy of ``raw`` with dotted-path overrides written in.

    Setting a lever by its name (``levers.us_pressure=0.7``) sets its value;
    setting a sourced number replaces its value and keeps its source.
    """
    out = copy.deepcopy(raw)
    for path, value in (overrides or {}).items():
        parts = path.split(".")
        node = out
        for j, part in enumerate(parts[:-1]):
            if isinstance(node, list):
                try:
                    node = node[int(part)]
                    continue
                except (ValueError, IndexError):
                    raise ScenarioError(
                        "--set", [(path, f"no item '{part}' in {'.'.join(parts[:j])}")]
                    ) from None
            if not isinstance(node, dict):
                raise ScenarioError("--set", [(path, f"'{'.'.join(parts[:j])}' is not a table")])
            if part not in node:
                raise ScenarioError("--set", [(path, "no such field in the scenario")])
            node = node[part]
        last = parts[-1]
        if isinstance(node, list):
            try:
                idx = int(last)
                node[idx] = value
                continue
            except (ValueError, IndexError):
                raise ScenarioError("--set", [(path, f"no item '{last}'")]) from None
        if not isinstance(node, dict):
            raise ScenarioError("--set", [(path, f"'{'.'.join(parts[:-1])}' is not a table")])
        if parts[0] == "levers" and len(parts) == 2 and not isinstance(value, dict):
            if last not in node:
                raise ScenarioError("--set", [(path, f"no lever '{last}'")])
            node[last] = {**node[last], "value": value}
        elif isinstance(node.get(last), dict) and "value" in node[last] and not isinstance(
            value, dict
        ):
            node[last] = {**node[last], "value": value}
        else:
            node[last] = value
    return out


def _apply_levers(raw: dict, scenario: Scenario) -> dict:
    out = copy.deepcopy(raw)
    for lever in scenario.levers.values():
        if not lever.active:
            continue
        for target in lever.targets:
            parts = target.split(".")
            node = out
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            base = _get_number(scenario, target)
            new = lever.current if lever.mode == "set" else base * lever.current
            old = node.get(parts[-1])
            if isinstance(old, dict) and "value" in old:
                node[parts[-1]] = {**old, "value": new}
            else:
                node[parts[-1]] = new
    return out


def _get_number(s: Scenario, path: str) -> float:
    node: Any = s
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return float(node)


def load_scenario(
    source: str | Path | dict | Scenario,
    overrides: dict[str, Any] | None = None,
    origin: str | None = None,
) -> Scenario:
    """Load, override and validate a scenario, with levers applied to their targets.

    Parameters
    ----------
    source : path, scenario name, raw dict, or Scenario
        Where the scenario comes from.
    overrides : dict, optional
        ``{dotted.path: value}``; lever names may be given bare
        (``us_pressure``) or as ``levers.us_pressure``.
    """
    if isinstance(source, Scenario):
        raw, origin = source.model_dump(mode="python"), origin or source.scenario.name
        raw = _strip_lever_effects(raw, source)
    elif isinstance(source, dict):
        raw, origin = source, origin or "<scenario>"
    else:
        path = resolve_path(source)
        raw, origin = read_raw(path), origin or str(source)
    base = validate_raw(raw, origin)
    overrides = normalise_overrides(base, overrides)
    raw = apply_overrides(raw, overrides)
    scenario = validate_raw(raw, origin if not overrides else f"{origin} (with --set)")
    final = validate_raw(_apply_levers(raw, scenario), origin)
    final._raw = raw  # the pre-lever form, so the scenario can be re-overridden
    return final


def _strip_lever_effects(raw: dict, s: Scenario) -> dict:
    pre = getattr(s, "_raw", None)
    return copy.deepcopy(pre) if pre is not None else raw


def normalise_overrides(s: Scenario, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Expand bare lever names (``us_pressure``) to ``levers.us_pressure``."""
    out = {}
    for path, value in (overrides or {}).items():
        if "." not in path and path in s.levers:
            path = f"levers.{path}"
        out[path] = value
    return out


def collect_sources(
    raw: Any, prefix: str = "", inherited: str | None = None
) -> list[tuple[str, Any, str | None]]:
    """Every number in a raw scenario with its source note (None if it has none).

    A sourced number ``{value, source}`` carries its own note (a sourced list
    shares it); a table with a ``source`` string lends it to the numbers inside
    it that have none.
    """
    out = []
    if isinstance(raw, dict):
        if "value" in raw and set(raw) <= {"value", "source", "unit", "note"}:
            note = raw.get("source") or inherited
            if isinstance(raw["value"], dict | list):
                return [(p, v, note) for p, v, _ in collect_sources(raw["value"], prefix)]
            return [(prefix, raw["value"], note)]
        note = raw["source"] if isinstance(raw.get("source"), str) else inherited
        for k, v in raw.items():
            out.extend(collect_sources(v, f"{prefix}.{k}" if prefix else k, note))
    elif isinstance(raw, list):
        for j, v in enumerate(raw):
            out.extend(collect_sources(v, f"{prefix}.{j}", inherited))
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        out.append((prefix, raw, inherited))
    return out
