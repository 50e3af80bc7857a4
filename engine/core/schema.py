"""The scenario schema's base types: numbers with sources, dates, strict tables, errors.

Every section of a scenario, the base one in :mod:`engine.scenario` and each
mechanism's own (``engine/mechanisms/<name>/schema.py``), is written in these
types, so a mechanism's schema imports from here and never from engine.scenario
(no import cycle). engine.scenario re-exports them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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


def _date(v: Any) -> Any:
    """A calendar date: a TOML date (``2025-11-20``) or that text quoted; never a number
    (pydantic would read ``0`` as 1970-01-01) and never a date with a time of day."""
    v = _unwrap_sourced(v)
    if isinstance(v, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date with a time of day")
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {_kind(v)}") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_kind(v)}")


Num = Annotated[float, BeforeValidator(_finite)]
Int = Annotated[int, BeforeValidator(_finite)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Date = Annotated[dt.date, BeforeValidator(_date)]
# Deepest nesting of tables and arrays a scenario, a grid file or a --set/--vary value may
# have: the real files need 4; deeper input is refused with a line, not a RecursionError.
MAX_DEPTH = 32


# the characters deep_text acts on; it jumps over the rest (a 76 kB scenario: 19 -> 2 ms)
_SIGNIFICANT = re.compile(r"[\[\]{}\n#\"'=]")


def deep_text(text: str, limit: int = MAX_DEPTH) -> str | None:
    """Where TOML text nests arrays or inline tables more than ``limit`` deep, before parsing.

    Returns ``"line N (key)"`` or None. A scan of the characters (strings and comments
    skipped), so text nested thousands deep is refused without tomllib's recursion.
    """
    depth, line, key, start, table = 0, 1, "", 0, ""
    i, n = 0, len(text)
    while i < n:
        m = _SIGNIFICANT.search(text, i)  # other characters change nothing: jump over them
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == "[" and depth == 0 and not text[start:i].strip():  # a [table] header line
            j = text.find("\n", i)
            j = n if j < 0 else j
            table = text[i:j].split("#")[0].strip().strip("[]").strip()
            i = j
            continue
        if c == "\n":
            line += 1
            start = i + 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            k = text.find(quote, j)
            if k >= 0 and (c == "'" or "\\" not in text[j:k]):  # no escape before the closing quote
                line += text.count("\n", j, k)
                j = k
            while j < n and not text.startswith(quote, j):
                if c == '"' and text[j] == "\\":
                    j += 1
                elif text[j] == "\n":
                    line += 1
                j += 1
            i = j + len(quote)
            continue
        elif c == "=" and depth == 0:
            key = ".".join(k for k in (table, text[start:i].strip().strip('"')) if k)
        elif c in "[{":
            depth += 1
            if depth > limit:
                return f"line {line}" + (f" ({key[:60]})" if key else "")
        elif c in "]}" and depth > 0:
            depth -= 1
        i += 1
    return None


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


# Longest run (days) a scenario or ``--days`` may ask for; bounds dates and deadlines too.
MAX_DAYS = 3650


class _CrossRefError(ValueError):
    """Problems found by a check that spans fields or sections, as ``(path, message)`` pairs.

    Raised inside a pydantic validator, it reaches :func:`engine.scenario.validate_raw`
    intact, which reports each pair as its own line.
    """

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


def _loc_to_path(loc: tuple) -> str:
    """A pydantic error location as the dotted path a scenario file uses."""
    parts = []
    for p in loc:
        if isinstance(p, str) and p.startswith("function-") or p in ("float", "int"):
            continue
        parts.append(str(p))
    return ".".join(parts)


def _clean_msg(msg: str) -> str:
    """A pydantic error message in the words ``warsim validate`` prints."""
    msg = msg.removeprefix("Value error, ")
    if msg == "Extra inputs are not permitted":
        return "unknown field"
    return msg
