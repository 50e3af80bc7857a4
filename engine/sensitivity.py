"""Global sensitivity analysis with SALib over the batch engine.

A parameter is a lever name (its range is the lever's ``[min, max]``) or any
dotted path with an explicit range, ``PATH=LO:HI``. SALib draws the sample
(Saltelli's scheme for Sobol indices, trajectories for Morris); every sample
row is a design point, run ``reps`` times with common random numbers
(replicate j of every point has seed ``base_seed + j``), and the outcomes are
averaged over replicates before the indices are computed, so that a binary
outcome such as "ceasefire within 180 days" enters as a probability.

Outcomes (per design point): ``ceasefire_180`` and ``ceasefire_365``
(probabilities), ``territory_change_km2`` (the first attacker's gain, km2),
``casualties`` (all belligerents, people).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from engine.errors import UsageError
from engine.results import run_columns
from engine.scenario import Scenario, load_scenario

OUTCOMES = ("ceasefire_180", "ceasefire_365", "territory_change_km2", "casualties")


@dataclass(frozen=True)
class Parameter:
    """One uncertain input: a dotted path and the range it is sampled over."""

    path: str
    lo: float
    hi: float

    @property
    def name(self) -> str:
        return self.path.removeprefix("levers.")


def parse_parameters(specs: list[str], scenario: Scenario) -> list[Parameter]:
    """``["us_pressure", "battle.mu=0.3:0.7"]`` into Parameters (UsageError if bad)."""
    out: list[Parameter] = []
    for spec in specs:
        spec = spec.strip()
        if not spec:
            continue
        if "=" in spec:
            path, _, rng = spec.partition("=")
            try:
                lo_text, hi_text = rng.split(":")
                lo, hi = float(lo_text), float(hi_text)
            except ValueError:
                raise UsageError(f"--params: {spec}: expected PATH=LO:HI") from None
        else:
            name = spec.removeprefix("levers.")
            if name not in scenario.levers:
                raise UsageError(
                    f"--params: {spec}: not a lever of {scenario.scenario.name}; "
                    f"give a range as PATH=LO:HI (levers: {', '.join(scenario.levers)})"
                )
            lever = scenario.levers[name]
            path, lo, hi = f"levers.{name}", lever.min, lever.max
        if not (np.isfinite(lo) and np.isfinite(hi)) or lo >= hi:
            raise UsageError(f"--params: {spec}: need LO < HI")
        out.append(Parameter(path.strip(), lo, hi))
    if not out:
        raise UsageError("--params: give at least one parameter")
    if len({p.path for p in out}) != len(out):
        raise UsageError("--params: a parameter is named twice")
    return out


def problem_of(params: list[Parameter]) -> dict:
    return {
        "num_vars": len(params),
        "names": [p.name for p in params],
        "bounds": [[p.lo, p.hi] for p in params],
    }


def sample(method: str, params: list[Parameter], n: int, seed: int = 0) -> np.ndarray:
    """SALib sample, shape (n_points, n_params)."""
    problem = problem_of(params)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, n, calc_second_order=False, seed=seed)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=4, seed=seed)
    raise UsageError(f"--method: {method}: use sobol or morris")


def evaluate(
    scenario, params: list[Parameter], X: np.ndarray, reps: int, days: int | None = None,
    base_seed: int = 1, chunk_runs: int = 2000, progress=None,
) -> dict[str, np.ndarray]:
    """Run every sample row ``reps`` times; outcome means per row, each shape (n_points,)."""
    from engine.core.simulate import run_days
    from engine.world import build_world

    base = load_scenario(scenario)
    points = [
        load_scenario(base, {p.path: float(v) for p, v in zip(params, row, strict=True)})
        for row in X
    ]
    seeds = base_seed + np.arange(reps)
    sums = {k: np.zeros(len(points)) for k in OUTCOMES}
    per_chunk = max(1, chunk_runs // reps)
    for start in range(0, len(points), per_chunk):
        block = points[start : start + per_chunk]
        runs = [s for s in block for _ in range(reps)]
        w, st = build_world(runs, np.tile(seeds, len(block)), days=days)
        run_days(w, st.days)
        values = outcomes(w, st)
        for key, v in values.items():
            sums[key][start : start + len(block)] = v.reshape(len(block), reps).mean(axis=1)
        if progress:
            progress(len(block))
    return sums


def outcomes(w, st) -> dict[str, np.ndarray]:
    """Per-run outcomes from a stepped World (see the module docstring)."""
    cols = run_columns(w, st)
    cf = cols["ceasefire_day"]
    attacker = st.states[int(w.front_attacker[0])]
    belligerents = [c for c in st.states if st.scenario.states[c].role == "belligerent"]
    return {
        "ceasefire_180": ((cf >= 0) & (cf < 180)).astype(float),
        "ceasefire_365": ((cf >= 0) & (cf < 365)).astype(float),
        "territory_change_km2": cols[f"territory_change_km2_{attacker}"],
        "casualties": sum(cols[f"casualties_{c}"] for c in belligerents),
    }


def analyze(method: str, params: list[Parameter], X: np.ndarray, Y: dict[str, np.ndarray],
            seed: int = 0) -> pl.DataFrame:
    """Indices per (outcome, parameter) as a Polars frame.

    Sobol: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (95% bootstrap half-widths).
    Morris: ``mu_star``, ``mu_star_conf``, ``sigma``. An outcome that does not vary
    gets zeros (no parameter moves it).
    """
    problem = problem_of(params)
    rows = []
    for outcome, y in Y.items():
        y = np.asarray(y, dtype=float)
        flat = np.ptp(y) == 0.0
        if method == "sobol":
            from SALib.analyze import sobol

            res = None if flat else sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            for j, p in enumerate(params):
                rows.append({
                    "outcome": outcome, "parameter": p.name,
                    "S1": 0.0 if flat else float(res["S1"][j]),
                    "S1_conf": 0.0 if flat else float(res["S1_conf"][j]),
                    "ST": 0.0 if flat else float(res["ST"][j]),
                    "ST_conf": 0.0 if flat else float(res["ST_conf"][j]),
                })
        else:
            from SALib.analyze import morris

            res = None if flat else morris.analyze(problem, X, y, num_levels=4, seed=seed)
            for j, p in enumerate(params):
                rows.append({
                    "outcome": outcome, "parameter": p.name,
                    "mu_star": 0.0 if flat else float(res["mu_star"][j]),
                    "mu_star_conf": 0.0 if flat else float(res["mu_star_conf"][j]),
                    "sigma": 0.0 if flat else float(res["sigma"][j]),
                })
    return pl.DataFrame(rows)


def ranking(indices: pl.DataFrame, outcome: str) -> list[str]:
    """Parameters ordered by total (Sobol ST) or mu* (Morris) effect on an outcome."""
    key = "ST" if "ST" in indices.columns else "mu_star"
    sub = indices.filter(pl.col("outcome") == outcome).sort(key, descending=True)
    return sub["parameter"].to_list()
