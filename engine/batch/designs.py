"""Experiment designs: which parameter values each design point of a batch gets.

A design is a list of points, each a ``{dotted.path: value}`` dict applied to
the scenario as overrides (like ``--set``). Four kinds:

``factorial``  every combination of each parameter's levels (``--vary``)
``lhs``        Latin hypercube over each parameter's ``LO:HI`` range (SALib)
``sobol``      Saltelli/Sobol sampling over the ranges, for Sobol indices (SALib)
``points``     an explicit list of points from a grid file

``--vary`` syntax: ``PATH=LO:HI:N`` (N evenly spaced levels, ends included),
``PATH=LO:HI`` (a range, for ``lhs``/``sobol``) or ``PATH=A,B,C`` (levels;
each a TOML literal). A grid file (``--grid FILE``) is TOML::

    design = "factorial"          # or "lhs", "sobol", "points"
    samples = 64                  # lhs/sobol only
    [vary]
    "levers.us_pressure" = [0.2, 0.5, 0.8]              # levels
    sanctions_intensity = { min = 0.3, max = 0.9, n = 3 }   # range (n: factorial levels)

or, for explicit points, ``[[points]]`` tables of ``path = value``.
"""

from __future__ import annotations

import itertools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import UsageError
from engine.scenario import Scenario, ScenarioError, load_scenario, normalise_overrides, parse_value

KINDS = ("factorial", "lhs", "sobol", "points")
MAX_POINTS = 1_000_000


@dataclass(frozen=True)
class Factor:
    """One varied parameter: explicit ``levels`` or a ``[low, high]`` range.

    ``n`` is the number of evenly spaced levels a range gives in a factorial
    design (0 when the range is only for sampling designs).
    """

    path: str
    levels: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    n: int = 0

    @property
    def is_range(self) -> bool:
        return self.levels is None

    def factorial_levels(self) -> tuple[Any, ...]:
        if self.levels is not None:
            return self.levels
        if self.n < 1:
            raise UsageError(
                f"--vary {self.path}: a factorial design needs levels: PATH=LO:HI:N or PATH=A,B,C"
            )
        if self.n == 1:
            return (self.low,)
        step = (self.high - self.low) / (self.n - 1)
        # 12 significant digits: 0.1 + 2 * 0.35 prints as 0.8, so ``warsim run --set``
        # with the printed value replays the run exactly.
        return tuple(_tidy(self.low + k * step) for k in range(self.n - 1)) + (self.high,)


@dataclass(frozen=True)
class Design:
    """A batch design: its kind, the varied paths, and the points in order."""

    kind: str
    params: tuple[str, ...]
    points: tuple[dict[str, Any], ...]
    spec: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "params": list(self.params),
            "spec": self.spec,
            "points": [dict(p) for p in self.points],
        }


def _tidy(v: float) -> float:
    return float(f"{v:.12g}")


def _number(text: str, what: str, spec: str) -> float:
    v = parse_value(text.strip())
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise UsageError(f"--vary {spec}: {what} '{text.strip()}' is not a finite number")
    return float(v)


def parse_vary(spec: str) -> Factor:
    """Parse one ``--vary`` argument into a :class:`Factor` (UsageError if malformed)."""
    if "=" not in spec:
        raise UsageError(f"--vary {spec}: expected PATH=LO:HI:N or PATH=A,B,C")
    path, _, rhs = spec.partition("=")
    path, rhs = path.strip(), rhs.strip()
    if not path or any(not part for part in path.split(".")):
        raise UsageError(f"--vary {spec}: empty path")
    if not rhs:
        raise UsageError(f"--vary {spec}: no values after '='")
    if ":" in rhs and not rhs.startswith(("[", '"', "'")):
        parts = rhs.split(":")
        if len(parts) not in (2, 3):
            raise UsageError(f"--vary {spec}: expected LO:HI:N (e.g. 0.2:0.8:3)")
        low = _number(parts[0], "LO", spec)
        high = _number(parts[1], "HI", spec)
        if low > high:
            raise UsageError(f"--vary {spec}: LO {parts[0]} is above HI {parts[1]}")
        n = 0
        if len(parts) == 3:
            try:
                n = int(parts[2])
            except ValueError:
                raise UsageError(f"--vary {spec}: N '{parts[2]}' is not a whole number") from None
            if not 1 <= n <= 10_000:
                raise UsageError(f"--vary {spec}: N must be between 1 and 10000")
            if n > 1 and low == high:
                raise UsageError(f"--vary {spec}: LO equals HI, so N must be 1")
        return Factor(path, low=low, high=high, n=n)
    items = [s.strip() for s in rhs.split(",")]
    if any(not s for s in items):
        raise UsageError(f"--vary {spec}: empty value in the list")
    levels = tuple(parse_value(s) for s in items)
    if len(set(map(repr, levels))) != len(levels):
        raise UsageError(f"--vary {spec}: repeated value in the list")
    return Factor(path, levels=levels)


def _factor_from_grid(path: str, entry: Any, origin: str) -> Factor:
    where = f"{origin}: vary.{path}"
    if isinstance(entry, list):
        if not entry:
            raise UsageError(f"{where}: empty list of levels")
        return Factor(path, levels=tuple(entry))
    if isinstance(entry, dict):
        extra = set(entry) - {"min", "max", "n"}
        if extra or not {"min", "max"} <= set(entry):
            raise UsageError(f"{where}: expected {{ min = LO, max = HI, n = N }} or a list of levels")
        low, high = entry["min"], entry["max"]
        for v in (low, high):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise UsageError(f"{where}: min and max must be finite numbers")
        n = entry.get("n", 0)
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 10_000:
            raise UsageError(f"{where}: n must be a whole number between 1 and 10000")
        if low > high:
            raise UsageError(f"{where}: min is above max")
        return Factor(path, low=float(low), high=float(high), n=n)
    return Factor(path, levels=(entry,))


def read_grid(path: str | Path) -> dict[str, Any]:
    """Read a grid file into ``{"design", "samples", "factors", "points"}``."""
    p = Path(path)
    origin = str(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--grid {origin}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--grid {origin}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"--grid {origin}: invalid TOML: {exc}") from None
    extra = set(raw) - {"design", "samples", "vary", "points"}
    if extra:
        raise UsageError(f"--grid {origin}: unknown key(s) {', '.join(sorted(extra))}")
    kind = raw.get("design", "points" if "points" in raw else "factorial")
    if kind not in KINDS:
        raise UsageError(f"--grid {origin}: design '{kind}' is not one of {', '.join(KINDS)}")
    samples = raw.get("samples")
    if samples is not None and (isinstance(samples, bool) or not isinstance(samples, int) or samples < 1):
        raise UsageError(f"--grid {origin}: samples must be a positive whole number")
    vary = raw.get("vary", {})
    if not isinstance(vary, dict):
        raise UsageError(f"--grid {origin}: [vary] must be a table")
    factors = [_factor_from_grid(k, v, origin) for k, v in _flatten(vary).items()]
    points = raw.get("points")
    if points is not None:
        if not isinstance(points, list) or not points or not all(isinstance(x, dict) for x in points):
            raise UsageError(f"--grid {origin}: [[points]] must be a non-empty array of tables")
        points = [_flatten(x) for x in points]
        if factors:
            raise UsageError(f"--grid {origin}: give either [vary] or [[points]], not both")
    elif kind == "points":
        raise UsageError(f"--grid {origin}: design 'points' needs [[points]] tables")
    return {"design": kind, "samples": samples, "factors": factors, "points": points}


def _flatten(table: dict, prefix: str = "") -> dict[str, Any]:
    """``{"levers": {"a": ...}}`` and ``{"levers.a": ...}`` both give ``{"levers.a": ...}``;
    a range table ``{min, max}`` is a leaf."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict) and not ({"min", "max"} & set(v)):
            out.update(_flatten(v, key))
        else:
            out[key] = v
    return out


def make_design(
    kind: str,
    factors: list[Factor],
    samples: int | None = None,
    seed: int = 0,
    points: list[dict[str, Any]] | None = None,
) -> Design:
    """Build the design's points (in run order) from its factors.

    Parameters
    ----------
    kind : {"factorial", "lhs", "sobol", "points"}
    factors : list of Factor
        Varied parameters (paths already normalised).
    samples : int, optional
        ``lhs``: number of points; ``sobol``: base samples N, giving
        ``N * (D + 2)`` points (first-order and total indices, no second order).
    seed : int
        Seed of the sampler (lhs, sobol scrambling): the batch's base seed.
    points : list of dict, optional
        Explicit points (``kind="points"``).
    """
    paths = [f.path for f in factors]
    if len(set(paths)) != len(paths):
        dup = next(p for p in paths if paths.count(p) > 1)
        raise UsageError(f"--vary {dup}: given more than once")
    if kind == "points":
        params = tuple(dict.fromkeys(k for p in points or [] for k in p))
        pts = tuple(dict(p) for p in points or [])
        return Design("points", params, pts, {})
    if kind == "factorial":
        if samples is not None:
            raise UsageError("--samples: only for --design lhs or sobol")
        levels = [f.factorial_levels() for f in factors]
        total = math.prod(len(v) for v in levels) if levels else 1
        if total > MAX_POINTS:
            raise UsageError(f"--vary: {total:,} design points is more than {MAX_POINTS:,}")
        pts = tuple(dict(zip(paths, combo, strict=True)) for combo in itertools.product(*levels))
        spec = {"levels": {f.path: list(v) for f, v in zip(factors, levels, strict=True)}}
        return Design("factorial", tuple(paths), pts, spec)
    if kind not in ("lhs", "sobol"):
        raise UsageError(f"--design: '{kind}' is not one of factorial, lhs, sobol")
    if not factors:
        raise UsageError(f"--design {kind}: needs at least one --vary PATH=LO:HI range")
    for f in factors:
        if not f.is_range:
            raise UsageError(f"--vary {f.path}: --design {kind} needs a range PATH=LO:HI, not a list")
        if f.low == f.high:
            raise UsageError(f"--vary {f.path}: --design {kind} needs LO below HI")
    if samples is None:
        raise UsageError(f"--design {kind}: needs --samples N")
    problem = {
        "num_vars": len(factors),
        "names": paths,
        "bounds": [[f.low, f.high] for f in factors],
    }
    if kind == "lhs":
        from SALib.sample import latin  # slow import (~2 s): only when asked

        rows = latin.sample(problem, samples, seed=seed)
        spec = {"samples": samples, "bounds": problem["bounds"], "seed": seed}
    else:
        if samples & (samples - 1):
            raise UsageError(f"--samples {samples}: Sobol sampling needs a power of 2 (e.g. 64, 128, 256)")
        import warnings

        from SALib.sample import sobol

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = sobol.sample(problem, samples, calc_second_order=False, seed=seed)
        spec = {
            "samples": samples,
            "bounds": problem["bounds"],
            "seed": seed,
            "calc_second_order": False,
            "salib_problem": problem,
        }
    if len(rows) > MAX_POINTS:
        raise UsageError(f"--samples: {len(rows):,} design points is more than {MAX_POINTS:,}")
    pts = tuple({p: float(v) for p, v in zip(paths, row, strict=True)} for row in rows)
    return Design(kind, tuple(paths), pts, spec)


def normalise_factors(base: Scenario, factors: list[Factor]) -> list[Factor]:
    """Bare lever names (``us_pressure``) become ``levers.us_pressure``."""
    out = []
    for f in factors:
        path = next(iter(normalise_overrides(base, {f.path: 0})))
        out.append(Factor(path, f.levels, f.low, f.high, f.n))
    return out


def check_points(
    source: Any,
    base_overrides: dict[str, Any],
    design: Design,
    origin: str = "--vary",
) -> list[Scenario]:
    """Validate every design point; return one Scenario per point.

    Unknown paths and out-of-range values become one ``UsageError`` line naming
    the point (``--vary levers.us_pressure=1.5: ... less than or equal to 1``).
    """
    from engine.world import _signature

    scenarios: list[Scenario] = []
    sig = None
    for pid, point in enumerate(design.points):
        try:
            s = load_scenario(source, {**base_overrides, **point})
        except ScenarioError as exc:
            path, msg = exc.problems[0] if exc.problems else ("", str(exc))
            where = ", ".join(f"{k}={v!r}" for k, v in point.items() if path.startswith(k) or k == path)
            where = where or ", ".join(f"{k}={v!r}" for k, v in point.items())
            line = f"{origin} {where}: {path}: {msg}" if path else f"{origin} {where}: {msg}"
            raise UsageError(line) from None
        if sig is None:
            sig = _signature(s)
        elif _signature(s) != sig:
            raise UsageError(
                f"{origin}: design point {pid} changes the scenario's structure "
                "(states, sectors, event kinds or targets); only numbers may vary"
            )
        scenarios.append(s)
    return scenarios


def inactive_levers(base: Scenario, design: Design) -> list[str]:
    """Varied levers that are switched off (their mechanism does not exist yet)."""
    out = []
    for p in design.params:
        parts = p.split(".")
        if len(parts) == 2 and parts[0] == "levers" and parts[1] in base.levers:
            if not base.levers[parts[1]].active:
                out.append(parts[1])
    return out
