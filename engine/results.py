"""Turning a stepped World into outputs: per-run summaries, the runs files' columns and the
event log.

Generic over the registry: the run's own keys and columns are here; every other part
comes from a mechanism's ``results.py``, in day order, where it has one:

``summary(w, st, r)``      its keys of ``warsim run --json`` (a dict; functions the module
                           defines itself, not ones it imports under these names)
``columns(w, st)``         its columns of a batch's runs files (name -> array over runs)
``EVENT_NAMES``            its event codes -> names in the event log
``describe(st, kind, a, b, value)``  one sentence for a log record of its kinds, else None

The keys and columns are declared in the mechanisms' ``outputs.py`` (``RESULTS``).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import importlib.util
from types import ModuleType
from typing import Any

import numpy as np

from engine import layout as L
from engine.core.registry import active_mechanisms
from engine.world import Structure, World


@functools.cache
def result_modules() -> tuple[ModuleType, ...]:
    """Each registered mechanism's ``results`` module, in day order (those that have one)."""
    out = []
    for m in active_mechanisms():
        if importlib.util.find_spec(f"{m.package}.results") is not None:
            out.append(importlib.import_module(f"{m.package}.results"))
    return tuple(out)


def _own(mod: ModuleType, name: str):
    """``mod.name`` when ``mod`` defines that function itself (a function it imports under the
    same name is not its part of the outputs), else None."""
    f = getattr(mod, name, None)
    return f if callable(f) and getattr(f, "__module__", None) == mod.__name__ else None


@functools.cache
def event_names() -> dict[int, str]:
    """Event code -> name, from every mechanism's ``EVENT_NAMES`` (a code two declare is an
    error)."""
    names: dict[int, str] = {}
    for mod in result_modules():
        for code, name in getattr(mod, "EVENT_NAMES", {}).items():
            if code in names:
                raise ValueError(f"{mod.__name__}: event code {code} is already '{names[code]}'")
            names[code] = name
    return names


def outcome_name(code: float) -> str:
    return L.OUTCOME_NAMES[int(code)]


def ceasefire_day(w: World) -> np.ndarray:
    """Day the ceasefire began, or -1, per run."""
    return w.glob[:, L.G_CEASEFIRE_DAY].astype(np.int64)


def _merge(out: dict, part: dict, where: str = "") -> None:
    """Add a mechanism's keys to the run's object; objects two mechanisms share (politics'
    ``war_support`` in the economy's ``indicators``) are merged, a value never replaced."""
    for k, v in part.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            _merge(out[k], v, f"{where}{k}.")
        elif k in out:
            raise ValueError(f"run --json key '{where}{k}' is written by two mechanisms")
        else:
            out[k] = v


def summary(w: World, st: Structure, r: int = 0) -> dict[str, Any]:
    """The ``warsim run --json`` object for run ``r`` (docs/cli.md lists the keys): the run's
    own keys, then each mechanism's ``summary``, in day order."""
    s = st.scenario
    cf = int(w.glob[r, L.G_CEASEFIRE_DAY])
    collapsed = int(w.glob[r, L.G_COLLAPSED_STATE])
    out = {
        "scenario": s.scenario.name,
        "seed": int(w.seed[r]),
        "days": int(w.day[r]),
        "start": s.scenario.start.isoformat(),
        "end": (s.scenario.start + dt.timedelta(days=int(w.day[r]) - 1)).isoformat(),
        "outcome": outcome_name(w.glob[r, L.G_OUTCOME]),
        "ceasefire_day": cf if cf >= 0 else None,
        "collapsed_state": st.states[collapsed] if collapsed >= 0 else None,
    }
    for part in filter(None, (_own(mod, "summary") for mod in result_modules())):
        _merge(out, part(w, st, r))
    out["events_logged"] = int(w.log_count[r])
    return out


def event_log(w: World, st: Structure, r: int = 0) -> list[dict[str, Any]]:
    """Run ``r``'s event log as records, oldest first."""
    start = st.scenario.scenario.start
    names = event_names()
    out = []
    n = min(int(w.log_count[r]), w.log.shape[1])
    for k in range(n):
        day, kind, a, b, value = w.log[r, k]
        kind = int(kind)
        out.append(
            {
                "day": int(day),
                "date": (start + dt.timedelta(days=int(day))).isoformat(),
                "kind": names.get(kind, str(kind)),
                "text": describe_event(st, kind, int(a), int(b), float(value)),
                "a": int(a),
                "b": int(b),
                "value": float(value),
            }
        )
    return out


def describe_event(st: Structure, kind: int, a: int, b: int, value: float) -> str:
    """One human sentence for a log record (from the mechanism whose kind it is)."""
    for describe in filter(None, (_own(mod, "describe") for mod in result_modules())):
        text = describe(st, kind, a, b, value)
        if text is not None:
            return text
    return f"event {kind}"


def run_columns(w: World, st: Structure) -> dict[str, np.ndarray]:
    """Flat per-run columns of the results dataset (one array over runs each).

    Names follow docs/datasets.md: the run's own ``days_run``, ``outcome``,
    ``ceasefire_day`` (-1: none), then each mechanism's ``columns`` in day order
    (``territory_change_km2_<STATE>``, ``casualties_<STATE>`` ..., final indicators,
    signed terms).
    """
    cols: dict[str, np.ndarray] = {
        "days_run": w.day.astype(np.int32),
        "outcome": np.array([outcome_name(c) for c in w.glob[:, L.G_OUTCOME]]),
        "ceasefire_day": ceasefire_day(w).astype(np.int32),
    }
    for part in filter(None, (_own(mod, "columns") for mod in result_modules())):
        mine = part(w, st)
        twice = sorted(set(mine) & set(cols))
        if twice:
            raise ValueError(f"runs columns {twice} are written by two mechanisms")
        cols.update(mine)
    return cols
