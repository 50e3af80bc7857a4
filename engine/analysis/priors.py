"""Priors of the talks' behavioural coefficients, read from a TOML file written before a fit.

The file (default ``scenarios/episodes/priors.toml``) names the talks model the priors are
for, and lists each coefficient to fit as a ``[[coefficient]]`` table::

    [meta]
    talks_model = "pre-issue-13 talks ([talks] table of engine/scenario_talks.py)"
    written = 2026-11-30

    [[coefficient]]
    path = "talks.learning"      # a dotted --set path in every episode scenario
    prior = "loguniform"          # "uniform" on [low, high] or "loguniform" (uniform in log10)
    low = 1e-4
    high = 3e-2
    reason = "why this range (sources)"

Only behavioural coefficients may be fitted, never case facts: a path qualifies when no
selected episode gives it a value with a source of its own, i.e. every episode either
leaves it out (the engine default) or marks its value ``PLACEHOLDER`` (see
:func:`engine.analysis.posterior.inherits`). Re-pointing the calibration at the new talks
of issue 13 is a change of this file only.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.analysis.episodes import EPISODE_DIR
from engine.errors import UsageError

PRIORS_FILE = EPISODE_DIR / "priors.toml"


class PriorsError(UsageError, ValueError):
    """The priors file is malformed; one line per problem, naming the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Strict):
    talks_model: str = Field(min_length=3, description="which talks model these priors are for")
    written: str = Field(min_length=4, description="when the priors were written (before any fit)")
    note: str = ""
    set: dict[str, str | float | int | bool] = Field(
        default_factory=dict,
        description="fixed --set overrides applied to every episode of the fit "
        "(e.g. talks.model = 'bargaining'); they are settings, not fitted",
    )


def _dotted_path(v: str) -> str:
    parts = v.split(".")
    if len(parts) < 2 or not all(p.isidentifier() for p in parts):
        raise ValueError(f"'{v}' is not a dotted scenario path such as talks.learning")
    return v


class Coefficient(_Strict):
    path: str = Field(min_length=3)
    prior: Literal["uniform", "loguniform"]
    low: float
    high: float
    reason: str = Field(min_length=10, description="why this prior (sources)")
    also: list[str] = Field(
        default_factory=list,
        description="further dotted paths tied to the same value (e.g. side B's copy of "
        "side A's coefficient: one behavioural number shared by both sides)",
    )

    @field_validator("low", "high", mode="before")
    @classmethod
    def _number(cls, v):
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError("expected a number")
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return float(v)

    @field_validator("path")
    @classmethod
    def _dotted(cls, v: str) -> str:
        return _dotted_path(v)

    @field_validator("also")
    @classmethod
    def _dotted_all(cls, v: list[str]) -> list[str]:
        return [_dotted_path(p) for p in v]

    @property
    def paths(self) -> tuple[str, ...]:
        """Every scenario path this coefficient sets: ``path`` then ``also``."""
        return (self.path, *self.also)

    @model_validator(mode="after")
    def _bounds(self) -> Coefficient:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if self.prior == "loguniform" and self.low <= 0:
            raise ValueError(f"loguniform needs low > 0 (got {self.low:g})")
        return self


class PriorFile(_Strict):
    meta: Meta
    coefficient: list[Coefficient] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> PriorFile:
        seen = set()
        for c in self.coefficient:
            for p in c.paths:
                if p in seen:
                    raise ValueError(f"{p} is listed twice")
                seen.add(p)
        return self


@dataclass(frozen=True)
class Priors:
    """Validated priors plus the file's identity.

    Attributes
    ----------
    coefficients : tuple of Coefficient
        In file order; parameter ``i`` of the fit is ``coefficients[i]``.
    meta : Meta
        The talks model they are for (it labels every posterior fitted from them).
    path : Path
        The file.
    sha256 : str
        Hash of the file's bytes, stored with every posterior fitted from it.
    """

    coefficients: tuple[Coefficient, ...]
    meta: Meta
    path: Path
    sha256: str

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.coefficients)

    @property
    def all_paths(self) -> tuple[str, ...]:
        """Every scenario path set by the fit, tied copies (``also``) included."""
        return tuple(p for c in self.coefficients for p in c.paths)

    def overrides(self, values: dict[str, float]) -> dict[str, Any]:
        """``--set`` overrides for one particle: ``meta.set``, then each coefficient on all its paths.

        Parameters
        ----------
        values : dict of str to float
            Coefficient values keyed by their (first) ``path``, in natural units.
        """
        out: dict[str, Any] = dict(self.meta.set)
        for c in self.coefficients:
            for p in c.paths:
                out[p] = float(values[c.path])
        return out

    def names(self) -> tuple[str, ...]:
        """pyabc parameter names (``p0``, ``p1``, ...): dotted paths are not safe there."""
        return tuple(f"p{i}" for i in range(len(self.coefficients)))

    def to_value(self, i: int, x: float) -> float:
        """The coefficient's value from pyabc's parameter ``x`` (log10 of it for loguniform)."""
        c = self.coefficients[i]
        return float(10.0**x) if c.prior == "loguniform" else float(x)

    def sampling_bounds(self, i: int) -> tuple[float, float]:
        """Bounds of parameter ``i`` in pyabc's space (log10 for loguniform)."""
        c = self.coefficients[i]
        if c.prior == "loguniform":
            return math.log10(c.low), math.log10(c.high)
        return c.low, c.high

    def median(self, i: int) -> float:
        lo, hi = self.sampling_bounds(i)
        return self.to_value(i, 0.5 * (lo + hi))


def _problems(exc: ValidationError, origin: str) -> list[str]:
    lines = []
    for err in exc.errors():
        parts = []
        for p in err["loc"]:
            if isinstance(p, int):
                parts[-1] = f"{parts[-1]}[{p}]" if parts else f"[{p}]"
            else:
                parts.append(str(p))
        msg = err["msg"].removeprefix("Value error, ")
        if msg == "Extra inputs are not permitted":
            msg = "unknown field"
        lines.append(f"{origin}: {'.'.join(parts) or '(file)'}: {msg}")
    return lines


def load_priors(path: str | Path = PRIORS_FILE, option: str = "--priors") -> Priors:
    """Read and validate a priors file.

    Raises
    ------
    PriorsError
        One line per problem: ``--priors FILE: coefficient[2].low: ...``.
    """
    path = Path(path)
    origin = f"{option} {path}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PriorsError(f"{origin}: file not found") from None
    except OSError as exc:
        raise PriorsError(f"{origin}: cannot read ({exc.strerror})") from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PriorsError(f"{origin}: not valid TOML: {exc}") from None
    try:
        pf = PriorFile.model_validate(raw)
    except ValidationError as exc:
        raise PriorsError(*_problems(exc, origin)) from None
    return Priors(tuple(pf.coefficient), pf.meta, path, hashlib.sha256(data).hexdigest())
