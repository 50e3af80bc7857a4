"""Scenario files: TOML validated by pydantic.

A scenario is a TOML file with these top-level tables (docs/scenarios.md has
the full reference). This module holds the scenario-level ones:

``scenario``   name, title, start date, days, description
``states``     one table per state code (``RUS``, ``UKR``...): role, capital, resolve...
``levers``     named policy knobs: description, range, default, target paths

and composes the rest from the registered mechanisms, in day order: each
``engine/mechanisms/<name>/schema.py`` may declare ``SECTIONS`` (top-level
tables, e.g. the front's ``battle`` and ``fronts``, the events' ``events`` and
``hazards``), ``STATE_FIELDS`` (values of ``[states.X]``, e.g. the front's
``troops``, ``morale``), ``STATE_SECTIONS`` (tables inside ``[states.X]``, e.g.
the economy's ``economy``) and ``problems(s)`` (its checks that need the rest
of the scenario). A mechanism's schema imports only :mod:`engine.core.schema`.

Any number may be written bare or as ``{ value = 12.0, source = "..." }``; the
source note travels with the file and is collected by :func:`collect_sources`.

Errors are reported as :class:`ScenarioError`, whose ``problems`` are
``(dotted.path, message)`` pairs, printed one per line as
``FILE: dotted.path: message``.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from engine.core.registry import active_mechanisms
from engine.core.schema import (  # noqa: F401 - the base types, also offered here
    MAX_DAYS,
    MAX_DEPTH,
    Date,
    Flag,
    Int,
    Num,
    ScenarioError,
    _clean_msg,
    _CrossRefError,
    _loc_to_path,
    _Strict,
    deep_text,
    num,
    too_deep,
)

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
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


class _StateBase(_Strict):
    """What every mechanism may read of a state: its name, role, capital, population, resolve
    and war support. Each mechanism's ``STATE_FIELDS`` and ``STATE_SECTIONS`` add its own
    values and tables (the front's forces, the economy's table ...) to :data:`State`."""

    name: str
    role: Literal["belligerent", "mediator", "patron"]
    backs: str | None = Field(None, description="state this patron supports")
    capital: str = ""
    capital_lon: Num = num(-180.0, 180.0, default=0.0)
    capital_lat: Num = num(-90.0, 90.0, default=0.0)
    population: Num = num(0.0, 2e9, default=1e6)
    resolve: Num = num(0.0, 1.0, default=0.5)
    war_support: Num = num(0.0, 1.0, default=0.6)


# ---------------------------------------------------------------- composition
def _mechanism_schemas() -> tuple[ModuleType, ...]:
    """Each registered mechanism's ``schema`` module, in day order (those that have one)."""
    out = []
    for m in active_mechanisms():
        if importlib.util.find_spec(f"{m.package}.schema") is not None:
            out.append(importlib.import_module(f"{m.package}.schema"))
    return tuple(out)


SCHEMAS = _mechanism_schemas()


def _composed(kinds: tuple[str, ...], taken: dict[str, str]) -> dict[str, tuple]:
    """The ``kinds`` (``SECTIONS``; ``STATE_FIELDS`` and ``STATE_SECTIONS``) of every
    mechanism's schema, each ``name: (type, Field)``, in day order; a name two owners
    declare is an error at import."""
    fields: dict[str, tuple] = {}
    for mod, kind in ((mod, kind) for mod in SCHEMAS for kind in kinds):
        for name, spec in getattr(mod, kind, {}).items():
            if name in taken:
                raise TypeError(f"{mod.__name__}.{kind}: '{name}' is already {taken[name]}'s")
            taken[name] = mod.__name__
            fields[name] = spec
    return fields


# A state: its own fields, then each mechanism's (the front's forces; economy, politics,
# bargaining tables ...).
State = create_model(
    "State", __base__=_StateBase, __module__=__name__,
    **_composed(("STATE_FIELDS", "STATE_SECTIONS"),
                {f: "engine.scenario" for f in _StateBase.model_fields}),
)


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


class _ScenarioBase(_Strict):
    """The scenario-level tables; each mechanism's ``SECTIONS`` add its own (:data:`Scenario`)."""

    scenario: Meta
    states: dict[str, State]
    levers: dict[str, Lever] = Field(default_factory=dict)
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


# A scenario: the scenario-level tables, then each mechanism's (battle, fronts, events ...).
Scenario = create_model(
    "Scenario", __base__=_ScenarioBase, __module__=__name__,
    **_composed(("SECTIONS",), {f: "engine.scenario" for f in _ScenarioBase.model_fields}),
)


def cross_reference_problems(s: Scenario) -> list[tuple[str, str]]:
    """Problems that span sections: unknown codes, dates outside the run...

    The states' own, then each mechanism's ``problems(s)`` in day order, then the levers'.
    """
    out: list[tuple[str, str]] = []
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
    for mod in SCHEMAS:
        if hasattr(mod, "problems"):
            out.extend(mod.problems(s))
    for name, lever in s.levers.items():
        for j, target in enumerate(lever.targets):
            problem = _numeric_path_problem(s, target)
            if problem:
                out.append((f"levers.{name}.targets.{j}", problem))
    return out


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
    posterior: bool = True,
) -> Scenario:
    """Load, override and validate a scenario, with levers applied to their targets.

    Parameters
    ----------
    source : path, scenario name, raw dict, or Scenario
        Where the scenario comes from.
    overrides : dict, optional
        ``{dotted.path: value}``; lever names may be given bare
        (``us_pressure``) or as ``levers.us_pressure``.
    posterior : bool
        For a scenario read from a file: inherit the calibrated posterior's talks
        coefficients where the file gives no value with a source of its own
        (engine/analysis/posterior.py; before ``overrides``, which win). ``warsim
        calibrate`` loads its episodes with False. Raw dicts and Scenario objects are
        taken as they are.
    """
    if isinstance(source, Scenario):
        raw, origin = source.model_dump(mode="python"), origin or source.scenario.name
        raw = _strip_lever_effects(raw, source)
    elif isinstance(source, dict):
        raw, origin = source, origin or "<scenario>"
    else:
        path = resolve_path(source)
        raw, origin = read_raw(path), origin or str(source)
        if posterior:
            from engine.analysis.posterior import apply_posterior

            raw = apply_posterior(raw, origin=origin)
    base = validate_raw(raw, origin)
    overrides = normalise_overrides(base, overrides)
    raw = apply_overrides(raw, overrides)
    # without overrides ``raw`` is a copy of what ``base`` was validated from
    scenario = validate_raw(raw, f"{origin} (with --set)") if overrides else base
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
