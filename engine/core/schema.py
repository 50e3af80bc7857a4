"""The scenario schema's base types: numbers with sources, strict tables, errors.

Every section of a scenario, the base one in :mod:`engine.scenario` and each
mechanism's own (``engine/mechanisms/<name>/schema.py``), is written in these
types, so a mechanism's schema imports from here and never from engine.scenario
(no import cycle).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from engine.errors import UsageError


class ScenarioError(UsageError, ValueError):
    """A scenario (file or overrides) failed validation.

    Parameters
    ----------
    origin : str
        What was being read: a file path or ``--set``.
    problems : list of (str, str)
        ``(dotted.path, message)`` for each problem found.
    """

    def __init__(self, origin: str, problems: list[tuple[str, str]]):
        self.origin = origin
        self.problems = problems
        super().__init__(*self.lines())

    def lines(self) -> list[str]:
        return [f"{self.origin}: {path or '<root>'}: {msg}" for path, msg in self.problems]


# ---------------------------------------------------------------- numbers with sources
def _unwrap_sourced(v: Any) -> Any:
    if isinstance(v, dict) and "value" in v:
        extra = set(v) - {"value", "source", "unit", "note"}
        if extra:
            raise ValueError(f"unknown keys in sourced number: {sorted(extra)}")
        if "source" in v and not isinstance(v["source"], str):
            raise ValueError("source must be a string")
        return v["value"]
    return v


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return f"a boolean ({str(v).lower()})"
    if isinstance(v, str):
        return f"a string ({v[:30]!r})"
    if isinstance(v, int | float):
        return f"the number {v!r}"
    return {"dict": "a table", "list": "an array", "tuple": "an array"}.get(
        type(v).__name__, f"a {type(v).__name__} value")


def _finite(v: Any) -> Any:
    """The one check every number of a scenario passes, however it is written.

    Bare, sourced (``{ value = ..., source = "..." }``), from ``--set`` or
    ``--vary``: only an integer or a finite float is a number. Booleans and
    strings are refused, never coerced (``true`` is not 1, ``"5"`` is not 5).
    """
    v = _unwrap_sourced(v)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"expected a number, got {_kind(v)}")
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError("must be a finite number (not NaN or infinity)")
    return v


def _flag(v: Any) -> Any:
    """A true/false switch: only TOML ``true``/``false`` (``"yes"``, ``1`` are refused)."""
    v = _unwrap_sourced(v)
    if not isinstance(v, bool):
        raise ValueError(f"expected true or false, got {_kind(v)}")
    return v


Num = Annotated[float, BeforeValidator(_finite)]
Int = Annotated[int, BeforeValidator(_finite)]
Flag = Annotated[bool, BeforeValidator(_flag)]
# Deepest nesting of tables and arrays a scenario, a grid file or a --set/--vary value may
# have: the real files need 4; deeper input is refused with a line, not a RecursionError.
MAX_DEPTH = 32


def too_deep(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """Dotted path of the first table or array nested more than ``limit`` deep (None: fine).

    Iterative, so it never recurses itself however deep the input is.
    """
    stack = [(value, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, dict | list | tuple):
            if depth >= limit:
                return path
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for k, v in items:
                stack.append((v, f"{path}.{k}" if path else str(k), depth + 1))
    return None


def num(lo: float | None = None, hi: float | None = None, **kw) -> Any:
    """A float field with bounds; ``default`` and ``description`` pass through."""
    return Field(ge=lo, le=hi, **kw)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_default=True)
