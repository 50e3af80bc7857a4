"""Scenario discovery over a batch: which lever ranges lead to an outcome (PRIM, CART, feature scores).

Computed with EMA Workbench (``ema_workbench.analysis``: ``prim.Prim``,
``cart.CART``, ``feature_scoring.get_ex_feature_scores``), the reference
implementation of Friedman and Fisher's Patient Rule Induction Method as used in
scenario discovery (Bryant and Lempert 2010; Kwakkel 2017). The inputs are the
batch's varied parameters (one row per run), the output a yes/no per run:

* an outcome name (``ceasefire_holding``): the run ended with that outcome;
* ``ceasefire``: a ceasefire started at some day (``ceasefire_day >= 0``);
* ``ceasefire_by=DAY``: a ceasefire started by that day.

PRIM peels the parameter space to a box where the outcome is frequent. Of its
peeling trajectory we report the box with the highest *coverage* (share of all
hits that fall in the box) among those whose *density* (share of the runs in the
box that are hits) reaches ``threshold`` (of equal coverage, the densest); the
whole trajectory is returned for the coverage/density trade-off chart. CART gives
the leaves of a classification tree with their coverage and density; extra-trees
feature scores rank the parameters.

Importing EMA Workbench takes a few seconds (it loads scikit-learn, statsmodels
and seaborn): it is imported only when an analysis runs.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl


class DiscoveryError(Exception):
    """Input that cannot be analysed; ``str()`` is one line naming the field."""


@dataclass
class Box:
    """A PRIM box: the restricted parameters' ranges and the box's statistics.

    Attributes
    ----------
    limits : list of dict
        ``{parameter, low, high}`` of each restricted parameter (inclusive).
    coverage : float
        Share of all runs with the outcome that fall in the box (0-1).
    density : float
        Share of the runs in the box that have the outcome (0-1).
    mass : float
        Share of all runs in the box (0-1).
    n : int
        Runs in the box.
    """

    limits: list[dict[str, Any]]
    coverage: float
    density: float
    mass: float
    n: int


@dataclass
class Discovery:
    """Result of :func:`discover` (all shares 0-1)."""

    outcome: str
    parameters: list[str]
    n_runs: int
    n_hits: int
    threshold: float
    box: Box | None
    trajectory: list[dict[str, float]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    cart: list[Box] = field(default_factory=list)

    @property
    def base_rate(self) -> float:
        """Share of all runs with the outcome (the density of the unrestricted space)."""
        return self.n_hits / self.n_runs if self.n_runs else math.nan


def outcome_vector(runs: pl.DataFrame, outcome: str) -> np.ndarray:
    """Boolean per run: whether it has ``outcome`` (see the module docstring for the forms).

    Raises
    ------
    DiscoveryError
        An unknown outcome or a malformed ``ceasefire_by=DAY``.
    """
    names = sorted(str(o) for o in runs["outcome"].unique().to_list()) if "outcome" in runs.columns else []
    cf = runs["ceasefire_day"].fill_null(-1).to_numpy() if "ceasefire_day" in runs.columns else None
    if outcome.startswith("ceasefire_by="):
        raw = outcome.split("=", 1)[1]
        try:
            day = int(raw)
        except ValueError:
            raise DiscoveryError(f"--outcome: 'ceasefire_by={raw}': the day must be a whole number") from None
        if day < 0:
            raise DiscoveryError(f"--outcome: 'ceasefire_by={day}': the day must be 0 or more")
        if cf is None:
            raise DiscoveryError("--outcome: the runs have no ceasefire_day column")
        return (cf >= 0) & (cf <= day)
    if outcome == "ceasefire":
        if cf is None:
            raise DiscoveryError("--outcome: the runs have no ceasefire_day column")
        return cf >= 0
    if outcome in names:
        return (runs["outcome"].cast(pl.String) == outcome).to_numpy()
    raise DiscoveryError(
        f"--outcome: {outcome!r} is not an outcome of these runs; use one of "
        f"{', '.join(names + ['ceasefire', 'ceasefire_by=DAY'])}"
    )


def discover(
    runs: pl.DataFrame,
    parameters: list[str],
    outcome: str = "ceasefire",
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """PRIM box, CART leaves and feature scores for ``outcome`` over ``parameters``.

    Parameters
    ----------
    runs : polars.DataFrame
        One row per run (a batch's ``runs`` table), with the parameter columns.
    parameters : list of str
        Varied parameters (numeric columns of ``runs``).
    outcome : str
        What counts as a hit (module docstring).
    threshold : float
        Least density (0-1) of the reported PRIM box.
    peel_alpha : float
        Share of the runs PRIM peels off per step (0-1).
    mass_min : float
        Least mass (0-1) of a PRIM box or a CART leaf.

    Raises
    ------
    DiscoveryError
        No parameters, a non-numeric parameter, an unknown outcome, a bad
        threshold, or fewer than 10 runs.
    """
    if not parameters:
        raise DiscoveryError("parameters: the batch varies no parameter; nothing to discover")
    missing = [p for p in parameters if p not in runs.columns]
    if missing:
        raise DiscoveryError(f"parameters: {', '.join(missing)} not in the runs table")
    bad = [p for p in parameters if not runs[p].dtype.is_numeric()]
    if bad:
        raise DiscoveryError(f"parameters: {', '.join(bad)} not numeric (PRIM needs numbers)")
    if not 0.0 < threshold <= 1.0:
        raise DiscoveryError(f"--threshold: {threshold} is not in (0, 1]")
    if runs.height < 10:
        raise DiscoveryError(f"runs: {runs.height} runs; scenario discovery needs 10 or more")
    y = outcome_vector(runs, outcome)
    n_hits = int(y.sum())
    result = Discovery(outcome, list(parameters), runs.height, n_hits, threshold, None)
    if n_hits == 0 or n_hits == runs.height:
        return result  # nothing to separate: every run or no run has the outcome
    import pandas as pd  # what EMA Workbench takes (built from NumPy: no pyarrow needed)

    x = pd.DataFrame({p: runs[p].cast(pl.Float64).to_numpy() for p in parameters})
    ema = _ema()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = ema.prim.Prim(x, y, threshold=threshold, peel_alpha=peel_alpha, mass_min=mass_min)
        box = p.find_box()
        if box is not None:
            traj = box.peeling_trajectory
            result.trajectory = [
                {k: float(r[k]) for k in ("coverage", "density", "mass", "res_dim")}
                for _, r in traj.iterrows()
            ]
            ok = traj[traj["density"] >= threshold]
            if len(ok):
                # most coverage; of equal coverage, the densest (the tighter box)
                i = int(ok.sort_values(["coverage", "density"], ascending=False).index[0])
                box.select(i)
                result.box = _box(box.box_lim, x, traj.loc[i])
        fs = ema.feature_scoring.get_ex_feature_scores(
            x, y, mode=ema.feature_scoring.RuleInductionType.CLASSIFICATION
        )[0]
        result.scores = [{"parameter": str(k), "score": float(v)} for k, v in fs.iloc[:, 0].items()]
        c = ema.cart.CART(x, y, mass_min=mass_min)
        c.build_tree()
        leaves = [_box(lim, x, st) for lim, st in zip(c.boxes, c.stats, strict=True)]
        result.cart = sorted(leaves, key=lambda b: -b.density)
    return result


def _ema():
    """``ema_workbench.analysis`` with its logging and optional-dependency warnings quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        from ema_workbench.analysis import cart, feature_scoring, prim

    class _NS:
        pass

    ns = _NS()
    ns.prim, ns.cart, ns.feature_scoring = prim, cart, feature_scoring
    return ns


def _box(lim, x, stats) -> Box:
    """A :class:`Box` from EMA's limits frame (rows 0 low, 1 high) and a stats row or dict."""
    limits = []
    for p in x.columns:
        lo, hi = float(lim[p].iloc[0]), float(lim[p].iloc[1])
        if lo > float(x[p].min()) or hi < float(x[p].max()):  # restricted
            limits.append({"parameter": str(p), "low": lo, "high": hi})
    g = stats.get if hasattr(stats, "get") else stats.__getitem__
    n = g("n") if g("n") is not None else round(float(g("mass")) * len(x))
    return Box(limits, float(g("coverage")), float(g("density")), float(g("mass")), int(n))


def format_report(d: Discovery) -> str:
    """Plain-text report for ``warsim discover``."""
    lines = [
        f"outcome: {d.outcome}: {d.n_hits} of {d.n_runs} runs ({d.base_rate:.1%})",
        f"parameters: {', '.join(d.parameters)}",
    ]
    if d.n_hits in (0, d.n_runs):
        lines.append("every run or no run has this outcome: nothing to discover")
        return "\n".join(lines)
    if d.box is None:
        lines.append(f"PRIM: no box reaches density {d.threshold:.0%} (lower --threshold to see one)")
    else:
        b = d.box
        lines.append(
            f"PRIM box (EMA Workbench): coverage {b.coverage:.1%}, density {b.density:.1%}, "
            f"mass {b.mass:.1%} ({b.n} runs)"
        )
        lines += [f"  {lim['parameter']}: {lim['low']:.4g} to {lim['high']:.4g}" for lim in b.limits]
        if not b.limits:
            lines.append("  (no parameter restricted)")
    if d.scores:
        lines.append(
            "feature scores (extra trees): "
            + ", ".join(f"{s['parameter']} {s['score']:.2f}" for s in d.scores)
        )
    if d.cart:
        best = d.cart[0]
        ranges = "; ".join(f"{lim['parameter']} {lim['low']:.4g}-{lim['high']:.4g}" for lim in best.limits)
        lines.append(
            f"CART densest leaf: density {best.density:.1%}, coverage {best.coverage:.1%}: {ranges or 'all'}"
        )
    return "\n".join(lines)


def to_json(d: Discovery) -> dict[str, Any]:
    """The result as plain JSON-able data."""
    from dataclasses import asdict

    out = asdict(d)
    out["base_rate"] = d.base_rate
    return out
