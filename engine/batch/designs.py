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

import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import UsageError
from engine.scenario import (
    Scenario,
    ScenarioError,
    deep_text,
    load_scenario,
    normalise_overrides,
    parse_value,
    too_deep,
)

KINDS = ("factorial", "lhs", "sobol", "points")
# Each point is validated (~30 ms for the reference scenario) and held while its chunk
# runs: 100,000 points is already most of an hour of set-up spread over the batch.
MAX_POINTS = 100_000
# The manifest lists a design's points up to this many (beyond, points.parquet and the spec hold them).
MANIFEST_POINTS = 10_000
# Designs up to this many points are validated point by point before any run; larger ones
# by probes (each factor's extremes and odd levels, the corners), then point by point as
# their chunks are built (a bad point stops the batch there with exit 2; finished chunks stay).
FULL_CHECK = 256
# Nesting allowed in a grid file's values (a level is a number, a string or a short list).
MAX_DEPTH = 32


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


class Points(Sequence):
    """A design's points, computed on demand: ``points[pid]`` is ``{path: value}``.

    A million-point design takes no memory until its points are asked for, one
    chunk at a time (docs/datasets.md, "Design size").
    """

    def __init__(self, n: int, get: Callable[[int], dict[str, Any]]):
        self._n = n
        self._get = get

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self._get(j) for j in range(*i.indices(self._n)))
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return self._get(i)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != self._n:
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"Points({self._n})"


@dataclass(frozen=True)
class Design:
    """A batch design: its kind, the varied paths, and the points in order."""

    kind: str
    params: tuple[str, ...]
    points: Sequence[dict[str, Any]]
    spec: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The manifest's ``design``: kind, params, spec, hash, and the points when few."""
        out = {
            "kind": self.kind,
            "params": list(self.params),
            "spec": self.spec,
            "n_points": len(self.points),
            "points": [dict(p) for p in self.points] if len(self.points) <= MANIFEST_POINTS else None,
        }
        from engine.batch.store import design_hash

        out["hash"] = design_hash({**out, "points": list(self.points) if self.kind == "points" else None})
        return out

    def column(self, path: str) -> list[Any]:
        """One parameter's value at every point, in point order (None where a point lacks it)."""
        return [pt.get(path) for pt in self.points]


def _tidy(v: float) -> float:
    return float(f"{v:.12g}")


def _number(text: str, what: str, spec: str) -> float:
    v = parse_value(text.strip())
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise UsageError(f"--vary {spec}: {what} '{text.strip()}' is not a finite number")
    return float(v)


def parse_vary(spec: str) -> Factor:
    """Parse one ``--vary`` argument into a :class:`Factor` (UsageError if malformed)."""
    try:
        return _parse_vary(spec)
    except ValueError as exc:  # a value nested too deeply (parse_value)
        path = spec.partition("=")[0].strip()[:80]
        raise UsageError(f"--vary {path}: {exc}") from None


def _parse_vary(spec: str) -> Factor:
    if "=" not in spec:
        raise UsageError(f"--vary {spec}: expected PATH=LO:HI:N or PATH=A,B,C")
    path, _, rhs = spec.partition("=")
    path, rhs = path.strip(), rhs.strip()
    if not path or any(not part for part in path.split(".")):
        raise UsageError(f"--vary {spec[:80]}: empty path")
    if path.count(".") >= MAX_DEPTH:
        raise UsageError(f"--vary {path[:60]}...: path deeper than {MAX_DEPTH} levels")
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
        text = p.read_text(encoding="utf-8")
        where = deep_text(text, MAX_DEPTH)
        if where is not None:
            raise UsageError(f"--grid {origin}: {where}: nested more than {MAX_DEPTH} levels deep")
        raw = tomllib.loads(text)
    except RecursionError:
        raise UsageError(f"--grid {origin}: nested deeper than Python can parse") from None
    except FileNotFoundError:
        raise UsageError(f"--grid {origin}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--grid {origin}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"--grid {origin}: invalid TOML: {exc}") from None
    deep = too_deep(raw, MAX_DEPTH)
    if deep is not None:
        raise UsageError(f"--grid {origin}: {deep or '<root>'}: nested more than {MAX_DEPTH} levels deep")
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


def design_size(
    kind: str, factors: list[Factor], samples: int | None = None, points: list | None = None
) -> int:
    """How many points a design will have, counted before any is made."""
    if kind == "points":
        return len(points or [])
    if kind == "factorial":
        total = 1
        for f in factors:
            total *= len(f.levels) if f.levels is not None else max(f.n, 1)
        return total
    if kind == "lhs":
        return samples or 0
    return (samples or 0) * (len(factors) + 2)  # sobol, first-order and total indices


def check_size(kind: str, factors: list[Factor], samples: int | None = None, points=None) -> int:
    """Refuse a design of more than MAX_POINTS points before planning it (one clear line)."""
    n = design_size(kind, factors, samples, points)
    if n > MAX_POINTS:
        if kind == "factorial":
            sizes = " x ".join(str(len(f.levels) if f.levels is not None else max(f.n, 1)) for f in factors)
            raise UsageError(
                f"--vary: {sizes} levels make {n:,} design points, more than the {MAX_POINTS:,} allowed; "
                "use fewer levels, or --design lhs with --samples"
            )
        what = "--grid" if kind == "points" else "--samples"
        raise UsageError(f"{what}: {n:,} design points is more than the {MAX_POINTS:,} allowed")
    return n


def _factorial_point(paths: list[str], levels: list[tuple[Any, ...]]):
    """Point ``pid`` of a full factorial in ``itertools.product`` order (last path fastest)."""
    sizes = [len(v) for v in levels]

    def point(pid: int) -> dict[str, Any]:
        idx = []
        for size in reversed(sizes):
            pid, j = divmod(pid, size)
            idx.append(j)
        idx.reverse()
        return {p: lv[j] for p, lv, j in zip(paths, levels, idx, strict=True)}

    return point


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
        check_size(kind, factors, samples, points)
        params = tuple(dict.fromkeys(k for p in points or [] for k in p))
        pts = tuple(dict(p) for p in points or [])
        return Design("points", params, pts, {})
    if kind == "factorial":
        if samples is not None:
            raise UsageError("--samples: only for --design lhs or sobol")
        check_size(kind, factors, samples)
        levels = [f.factorial_levels() for f in factors]
        total = math.prod(len(v) for v in levels) if levels else 1
        spec = {"levels": {f.path: list(v) for f, v in zip(factors, levels, strict=True)}}
        return Design("factorial", tuple(paths), Points(total, _factorial_point(paths, levels)), spec)
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
    check_size(kind, factors, samples)
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
    rows = np.ascontiguousarray(rows, dtype=np.float64)

    def point(pid: int) -> dict[str, Any]:
        return {p: float(v) for p, v in zip(paths, rows[pid].tolist(), strict=True)}

    return Design(kind, tuple(paths), Points(len(rows), point), spec)


def normalise_factors(base: Scenario, factors: list[Factor]) -> list[Factor]:
    """Bare lever names (``us_pressure``) become ``levers.us_pressure``."""
    out = []
    for f in factors:
        path = next(iter(normalise_overrides(base, {f.path: 0})))
        out.append(Factor(path, f.levels, f.low, f.high, f.n))
    return out


def _probe_points(design: Design) -> list[int]:
    """Point ids whose validation stands for the whole design (more than FULL_CHECK points).

    A field's limits are an interval and the checks across fields are linear, so
    a design whose extremes are valid is valid between them: each varied
    parameter's lowest and highest level (and any level of another type), the
    corners of the design, and the first points.
    """
    n = len(design.points)
    probes = set(range(min(n, 16))) | {n - 1}
    if design.kind == "factorial":
        levels = [list(v) for v in design.spec["levels"].values()]
        sizes = [len(v) for v in levels]

        def pid_of(idx: list[int]) -> int:
            pid = 0
            for j, size in zip(idx, sizes, strict=True):
                pid = pid * size + j
            return pid

        def extremes(lv: list) -> list[int]:
            nums = [j for j, v in enumerate(lv) if isinstance(v, int | float) and not isinstance(v, bool)]
            picks = {j for j in range(len(lv)) if j not in nums}  # every non-number level
            if nums:
                picks |= {min(nums, key=lambda j: lv[j]), max(nums, key=lambda j: lv[j])}
                kinds = {}
                for j in nums:  # one level of each numeric kind (whole / fractional)
                    kinds.setdefault(float(lv[j]).is_integer(), j)
                picks |= set(kinds.values())
            return sorted(picks)[:64]

        ext = [extremes(lv) for lv in levels]
        for d, picks in enumerate(ext):
            for j in picks:
                idx = [0] * len(sizes)
                idx[d] = j
                probes.add(pid_of(idx))
        lows = [min(e) for e in ext]
        highs = [max(e) for e in ext]
        corners = 2 ** len(sizes) if len(sizes) <= 8 else 0
        for mask in range(corners):
            probes.add(pid_of([highs[d] if mask >> d & 1 else lows[d] for d in range(len(sizes))]))
        probes |= {pid_of(lows), pid_of(highs)}
    return sorted(probes)


def _box_corners(design: Design) -> list[dict[str, Any]]:
    """For lhs/sobol: the corners of the sampled box (every value lies between them)."""
    bounds = design.spec.get("bounds") or []
    d = len(bounds)
    if not d:
        return []
    masks = range(2**d) if d <= 8 else [0, 2**d - 1, *(1 << j for j in range(d))]
    return [
        {p: float(bounds[j][mask >> j & 1]) for j, p in enumerate(design.params)}
        for mask in masks
    ]


def check_points(
    source: Any,
    base_overrides: dict[str, Any],
    design: Design,
    origin: str = "--vary",
) -> dict[int, Scenario]:
    """Validate the design's points before any run; return ``{point_id: Scenario}``.

    Designs of up to FULL_CHECK points are validated point by point and every
    Scenario is returned. Larger ones are validated by probes
    (:func:`_probe_points`, the corners of a sampled box) and an empty dict is
    returned: each chunk then validates its own points as it is built
    (:func:`point_error` names a bad one). Unknown paths and out-of-range values
    become one ``UsageError`` line naming the point (``--vary
    levers.us_pressure=1.5: ... less than or equal to 1``).
    """
    from engine.world import _signature

    n = len(design.points)
    full = n <= FULL_CHECK
    probes: list[tuple[int | None, dict[str, Any]]]
    if full:
        probes = [(pid, design.points[pid]) for pid in range(n)]
    else:
        probes = [(pid, design.points[pid]) for pid in _probe_points(design)]
        probes += [(None, pt) for pt in _box_corners(design)]
    scenarios: dict[int, Scenario] = {}
    sig = None
    for pid, point in probes:
        try:
            s = load_scenario(source, {**base_overrides, **point})
        except ScenarioError as exc:
            raise UsageError(point_error(exc, point, origin)) from None
        if sig is None:
            sig = _signature(s)
        elif _signature(s) != sig:
            which = f"design point {pid}" if pid is not None else "a corner of the design"
            raise UsageError(
                f"{origin}: {which} changes the scenario's structure "
                "(states, sectors, event kinds or targets); only numbers may vary"
            )
        if full and pid is not None:
            scenarios[pid] = s
    return scenarios


def point_error(exc: ScenarioError, point: dict[str, Any], origin: str = "--vary") -> str:
    """One line naming the varied value that made a point invalid, and why."""
    path, msg = exc.problems[0] if exc.problems else ("", str(exc))

    def show(v: Any) -> str:  # as the user wrote it (TOML), not Python's repr
        return str(v).lower() if isinstance(v, bool) else repr(v)

    where = ", ".join(f"{k}={show(v)}" for k, v in point.items() if path.startswith(k) or k == path)
    where = where or ", ".join(f"{k}={show(v)}" for k, v in point.items())
    return f"{origin} {where}: {path}: {msg}" if path else f"{origin} {where}: {msg}"


def inactive_levers(base: Scenario, design: Design) -> list[str]:
    """Varied levers that are switched off (their mechanism does not exist yet)."""
    out = []
    for p in design.params:
        parts = p.split(".")
        if len(parts) == 2 and parts[0] == "levers" and parts[1] in base.levers:
            if not base.levers[parts[1]].active:
                out.append(parts[1])
    return out
