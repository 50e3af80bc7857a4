"""Issue 13's validation of the talks as a bargaining game (docs/validation.md).

Two questions, both answered with batches of the reference scenario run through the
batch API (:func:`engine.batch.driver.run_batch`: the same seeds at every design
point, bit-identical on a re-run), ``talks.model = "bargaining"``:

1. **Is P(ceasefire by day 365) a smooth function of the front's speed?** The first
   design's talks (coded red lines that follow the front) gave 0.02 / 0.215 / 0.535 /
   0.905 at ``battle.advance_max`` 0.14 / 0.161 / 0.18 / 0.206: the deal came on the day
   the front crossed a red line. Here ``battle.advance_max`` is swept over its reference
   value +-30% (13 values by default), P(ceasefire by 365) is given with its 95% Wilson
   interval, and each step between neighbouring values with a paired 95% interval
   (Newcombe 1998, method 10: the same seeds at both values). The red-line talks are run
   on the same grid and seeds for comparison.
2. **Do the game's mechanisms matter?** The issue found that switching off the first
   design's casualty cost or learning barely moved the ceasefire day. Here each
   mechanism is switched off in turn (battles uninformative, no private information, no
   commitment problem, no ripening, ...) and P(ceasefire by 365) and the median
   ceasefire day are compared with the reference, each with its 95% interval.
3. **What decides a run?** At the reference value the runs are split by the strength
   node of each side's drawn type (the node also sets the type's reservation terms):
   runs, settled, settled on day 0, median day, collapsed per pair of nodes. In the
   reference the pair decides (docs/talks_game.md, "The reference game: what decides a
   run").

Run (writes batch folders under ``--out``, a Markdown report there, the figures under
``--img`` and, with ``--doc``, the generated part of the section in docs/validation.md)::

    nice -n 10 .venv/bin/python -m engine.analysis.talks_validation \\
        --out results/talks_validation --doc docs/validation.md

A finished batch folder is reused (``--resume``), so a second call only re-reads.
References: Wilson (1927), JASA 22; Newcombe (1998), "Improved confidence intervals for
the difference between binomial proportions based on paired data", Statistics in
Medicine 17.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from engine.batch.survival import Z95, wilson
from engine.errors import UsageError

PARAM = "battle.advance_max"
HORIZON = 365  # P(ceasefire by day HORIZON): a ceasefire begun on day 0 .. HORIZON - 1
TITLE = "Talks as a bargaining game: P(ceasefire by 365) against battle.advance_max"
BEGIN = "<!-- talks_validation: generated, begin -->"
END = "<!-- talks_validation: generated, end -->"
FIGURE_CURVE = "validation_talks_game_advance.png"
FIGURE_ABLATIONS = "validation_talks_game_ablations.png"
# The first design's curve as issue 13 measured it (200-300 seeds per value, model v1).
ISSUE_CURVE = ((0.14, 0.02), (0.161, 0.215), (0.18, 0.535), (0.206, 0.905))


# ------------------------------------------------------------------ statistics
def newcombe_paired(a: int, b: int, c: int, d: int, z: float = Z95) -> tuple[float, float]:
    """95% interval of ``p1 - p2`` for paired binary outcomes (Newcombe 1998, method 10).

    Parameters
    ----------
    a, b, c, d : int
        Pairs (run at value 1, run at value 2 with the same seed): both yes, yes/no,
        no/yes, both no; ``p1 = (a + b) / n``, ``p2 = (a + c) / n``.

    Returns
    -------
    (low, high) : floats in [-1, 1]
        Built from each proportion's Wilson interval and the pairs' phi correlation,
        so it is narrower than the unpaired interval when the outcomes are correlated
        (common random numbers).
    """
    n = a + b + c + d
    if n == 0:
        return -1.0, 1.0
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = (float(v) for v in wilson(a + b, n, z))
    l2, u2 = (float(v) for v in wilson(a + c, n, z))
    den = (a + b) * (c + d) * (a + c) * (b + d)
    # Newcombe's phi: the pairs' correlation, corrected towards 0 by n/2 when positive.
    cross = a * d - b * c
    cross = cross - n / 2 if cross > n / 2 else (cross if cross < 0 else 0.0)
    phi = cross / math.sqrt(den) if den > 0 else 0.0
    delta = math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    eps = math.sqrt(max((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0.0))
    theta = p1 - p2
    return max(theta - delta, -1.0), min(theta + eps, 1.0)


def median_interval(days: np.ndarray, z: float = Z95) -> tuple[float, float, float]:
    """Median of ``days`` and its distribution-free 95% interval (order statistics).

    The interval runs from the l-th to the (m - l + 1)-th smallest of the m values,
    l the largest rank with ``P(Binomial(m, 1/2) < l) <= alpha / 2`` (the sign-test
    interval; it covers the median with at least 95% for any distribution).

    Returns
    -------
    (median, low, high) : floats (days); NaN when ``days`` is empty
    """
    from scipy.stats import binom, norm

    x = np.sort(np.asarray(days, dtype=np.float64))
    m = x.size
    if m == 0:
        return math.nan, math.nan, math.nan
    alpha = 2.0 * (1.0 - norm.cdf(z))
    ranks = np.arange(1, m + 1)
    ok = binom.cdf(ranks - 1, m, 0.5) <= alpha / 2.0  # P(B < l) for l = 1..m
    if not ok.any():
        return float(np.median(x)), float(x[0]), float(x[-1])
    low_rank = int(ranks[ok][-1])
    return float(np.median(x)), float(x[low_rank - 1]), float(x[m - low_rank])


# ------------------------------------------------------------------ what is run
@dataclass(frozen=True)
class Arm:
    """One batch: a name, a line for the reader and the ``--set`` overrides it adds."""

    key: str
    label: str
    overrides: dict[str, Any]


def _sides(bargaining: dict) -> dict[str, dict]:
    return bargaining.get("sides", {}) or {}


def ablations(bargaining: dict) -> list[Arm]:
    """The mechanism switches of the ablation table, read off the scenario's
    ``[talks.bargaining]`` (so that every reservation issue it codes gets its spread
    set to 0, say).

    Parameters
    ----------
    bargaining : dict
        The loaded scenario's ``talks.bargaining`` table.
    """
    root = "talks.bargaining"
    sides = sorted(_sides(bargaining))
    no_private: dict[str, Any] = {}
    for s in sides:
        side = _sides(bargaining)[s]
        for name in ("strength", "cost"):
            if isinstance(side.get(name), dict):
                no_private[f"{root}.sides.{s}.{name}.spread"] = 0.0
        for issue in sorted(side.get("reserve", {}) or {}):
            no_private[f"{root}.sides.{s}.reserve.{issue}.spread"] = 0.0
    arms = [
        Arm("reference", "the reference (bargaining, every mechanism on)", {}),
        Arm("uninformative", "battles uninformative (informativeness 0)",
            {f"{root}.informativeness": 0.0}),
        Arm("no_private", "no private information (every type spread 0: strength, cost, "
            "reservation terms)", no_private),
        Arm("no_commitment", "no commitment problem (guarantee 1: no side ever reneges)",
            {f"{root}.commitment.guarantee": 1.0}),
        Arm("no_shift", "no power shift after a ceasefire (shift 0, shift_sd 0)",
            {f"{root}.commitment.shift": 0.0, f"{root}.commitment.shift_sd": 0.0}),
        _ripening_arm(bargaining, sides),
        Arm("accurate_priors", "no mutual optimism (optimism 0 on both sides)",
            {f"{root}.sides.{s}.optimism": 0.0 for s in sides}),
        Arm("cheap_talk", "offers and refusals uninformative (tremble 0.5)",
            {f"{root}.tremble": 0.5}),
    ]
    return [a for a in arms if a is not None]


def _value(entry: Any) -> float:
    """A scenario number, bare or ``{value = ..., source = ...}`` (0 when absent)."""
    if isinstance(entry, dict):
        entry = entry.get("value", 0.0)
    return float(entry or 0.0)


def _ripening_arm(bargaining: dict, sides: list[str]) -> Arm | None:
    """Ripening off when the scenario has it on; when the scenario has it off (the
    reference pins ``ripening = 0``), ripening on at the adopted posterior's median, so
    that the table still says what the mechanism does (None without a posterior)."""
    root = "talks.bargaining"
    rates = {s: _value(_sides(bargaining)[s].get("ripening")) for s in sides}
    if any(r != 0.0 for r in rates.values()):
        return Arm("no_ripening", "ripening off (ripening 0 on both sides)",
                   {f"{root}.sides.{s}.ripening": 0.0 for s in sides})
    from engine.analysis.posterior import load_summary, posterior_path

    path = posterior_path()
    coefs = load_summary(path).coefficients if path else {}
    on = {f"{root}.sides.{s}.ripening": round(coefs[f"{root}.sides.{s}.ripening"].median, 3)
          for s in sides if f"{root}.sides.{s}.ripening" in coefs}
    if not on:
        return None
    rates = ", ".join(f"{v:g}" for v in on.values())
    return Arm("ripening_on", f"ripening on (the reference has none; the posterior's median "
               f"rate {rates})", on)


def advance_grid(value: float, span: float, points: int) -> list[float]:
    """``points`` evenly spaced values over ``value * (1 -+ span)``, rounded to 1e-6."""
    return [round(float(v), 6) for v in np.linspace(value * (1 - span), value * (1 + span), points)]


def run_arm(
    out: Path,
    scenario: str,
    overrides: dict[str, Any],
    reps: int,
    days: int,
    seed: int,
    values: list[float] | None = None,
    threads: int | None = None,
    progress: Callable[[str], None] | None = None,
    reuse: bool = False,
) -> pl.DataFrame:
    """Run (or resume) one batch folder; return its runs table.

    ``values``: the ``battle.advance_max`` grid (one design point each), or None for one
    point at the scenario's own value. Replicate r runs seed ``seed + r`` at every point.
    ``reuse``: read a finished folder as it is, even if the engine or the scenario changed
    since (its manifest's time and code hash go into the report); nothing is run.
    """
    from engine.batch.driver import BatchConfig, run_batch
    from engine.batch.report import open_dataset, scan_runs

    if reuse:
        ds = open_dataset(out, what="--reuse")
        if not ds.manifest.get("complete"):
            raise UsageError(f"--reuse: {out}: the batch is not finished (run without --reuse)")
        if progress:
            progress(f"{out}: reused ({ds.manifest['n_runs']} runs, made {ds.manifest['created']}, "
                     f"engine {ds.manifest['engine'].get('code_hash')})")
        return ds.runs.collect()

    vary = [f"{PARAM}=" + ",".join(repr(v) for v in values)] if values else []
    cfg = BatchConfig(
        scenario=scenario, out=str(out), reps=reps, vary=vary, seed=seed, days=days,
        overrides=[f"{k}={_toml(v)}" for k, v in overrides.items()], threads=threads,
        resume=(out / "manifest.json").exists(),
    )
    res = run_batch(cfg)
    if progress:
        progress(f"{out}: {res.get('runs', '?')} runs ({res.get('runs_new', 0)} new, "
                 f"{res.get('seconds', 0):.0f} s)")
    return scan_runs(out).collect()


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    return repr(v)


# ------------------------------------------------------------------ summaries
def settled(horizon: int = HORIZON) -> pl.Expr:
    """A run whose (first) ceasefire began before day ``horizon``."""
    cf = pl.col("ceasefire_day")
    return (cf.is_not_null() & (cf >= 0) & (cf < horizon)).fill_null(False)


def summarise(runs: pl.DataFrame, by: str | None, horizon: int = HORIZON) -> pl.DataFrame:
    """P(ceasefire by ``horizon``) with its Wilson interval, the share collapsed, the
    median ceasefire day (settled runs) with its order-statistic interval, and the mean
    Russian gain, per value of ``by`` (or for the whole table).

    Returns
    -------
    DataFrame with ``[by,] n, k, p, low, high, day0, collapsed, median_day, day_low,
    day_high, late_day, late_low, late_high, gain_km2`` (``day0``: the share of runs
    whose ceasefire began on day 0, where the drawn types leave a bargaining range
    before anything is learned; ``late_*``: the median day of the ceasefires that began
    later, after some fighting and talking).
    """
    runs = runs.with_columns(settled(horizon).alias("_settled"))
    groups = runs.partition_by(by, maintain_order=False, as_dict=True) if by else {(None,): runs}
    rows = []
    for key, g in groups.items():
        n, k = g.height, int(g["_settled"].sum())
        lo, hi = (float(v) for v in wilson(k, n))
        days = g.filter(pl.col("_settled"))["ceasefire_day"].to_numpy()
        med, dlo, dhi = median_interval(days)
        late, llo, lhi = median_interval(days[days > 0])
        row = {by: key[0]} if by else {}
        row.update(n=n, k=k, p=k / n, low=lo, high=hi,
                   day0=float((g["ceasefire_day"] == 0).fill_null(False).mean()),
                   collapsed=float((g["outcome"] == "ceasefire_collapsed").mean()),
                   median_day=med, day_low=dlo, day_high=dhi,
                   late_day=late, late_low=llo, late_high=lhi,
                   gain_km2=float(g["territory_change_km2_RUS"].mean())
                   if "territory_change_km2_RUS" in g.columns else math.nan)
        rows.append(row)
    out = pl.DataFrame(rows)
    return out.sort(by) if by else out


def neighbour_steps(runs: pl.DataFrame, by: str = PARAM, horizon: int = HORIZON) -> pl.DataFrame:
    """Each step of P(ceasefire by ``horizon``) between neighbouring values of ``by``,
    with its paired 95% interval (the same replicate, i.e. seed, at both values).

    Returns
    -------
    DataFrame with ``x0, x1, p0, p1, step (p1 - p0), low, high, significant``
    (``significant``: the interval excludes 0).
    """
    wide = (runs.with_columns(settled(horizon).alias("_s"))
            .pivot(on=by, index="replicate", values="_s", aggregate_function="first")
            .drop("replicate"))
    xs = sorted(float(c) for c in wide.columns)
    col = {float(c): c for c in wide.columns}
    rows = []
    for x0, x1 in zip(xs[:-1], xs[1:], strict=True):
        pair = wide.select(col[x0], col[x1]).drop_nulls()
        s0, s1 = pair[col[x0]].to_numpy(), pair[col[x1]].to_numpy()
        a, b = int(np.sum(s1 & s0)), int(np.sum(s1 & ~s0))
        c, d = int(np.sum(~s1 & s0)), int(np.sum(~s1 & ~s0))
        lo, hi = newcombe_paired(a, b, c, d)  # p1 - p0 with p1 the later value
        rows.append(dict(x0=x0, x1=x1, p0=float(s0.mean()), p1=float(s1.mean()),
                         step=(b - c) / len(s0), low=lo, high=hi, significant=lo > 0 or hi < 0))
    return pl.DataFrame(rows)


def smoothness(curve: pl.DataFrame, steps: pl.DataFrame) -> dict[str, float]:
    """Numbers for the smoothness statement: the largest step between neighbours, its
    paired interval, the widest Wilson half-width of the two points, the range of the
    curve, and the number of steps whose interval excludes 0."""
    j = int(np.argmax(np.abs(steps["step"].to_numpy())))
    big = steps.row(j, named=True)
    near = curve.filter(pl.col(PARAM).is_in([big["x0"], big["x1"]]))
    half = float(((near["high"] - near["low"]) / 2).max())
    return dict(step=big["step"], x0=big["x0"], x1=big["x1"], low=big["low"], high=big["high"],
                half_width=half, range=float(curve["p"].max() - curve["p"].min()),
                n_significant=int(steps["significant"].sum()), n_steps=steps.height)


# ------------------------------------------------------------------ figures
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def figure_curve(path: Path, game: pl.DataFrame, redlines: pl.DataFrame | None, ref: float) -> None:
    """P(ceasefire by 365) and the median ceasefire day against ``battle.advance_max``."""
    plt = _plt()
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.8))
    x = game[PARAM].to_numpy()
    p = game["p"].to_numpy()
    ax.fill_between(x, game["low"].to_numpy(), game["high"].to_numpy(), alpha=0.25, color="C0")
    ax.plot(x, p, "o-", color="C0", label="bargaining game (95% Wilson)")
    if redlines is not None:
        ax.fill_between(redlines[PARAM].to_numpy(), redlines["low"].to_numpy(),
                        redlines["high"].to_numpy(), alpha=0.2, color="C3")
        ax.plot(redlines[PARAM].to_numpy(), redlines["p"].to_numpy(), "s--", color="C3",
                label="red-line talks, same seeds")
    ix, ip = zip(*ISSUE_CURVE, strict=True)
    ax.plot(ix, ip, "x:", color="0.4", label="red-line talks, issue 13 (model v1)")
    ax.axvline(ref, color="0.6", lw=0.8)
    ax.set_xlabel(PARAM)
    ax.set_ylabel(f"P(ceasefire by day {HORIZON})")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7, loc="upper left")
    ax.set_title("Ceasefire against the front's speed", fontsize=10)
    med = game["late_day"].to_numpy()
    bx.errorbar(x, med, yerr=[med - game["late_low"].to_numpy(), game["late_high"].to_numpy() - med],
                fmt="o-", capsize=3, color="C0", label="bargaining game, ceasefires after day 0")
    if redlines is not None:
        rm = redlines["median_day"].to_numpy()
        bx.errorbar(redlines[PARAM].to_numpy(), rm,
                    yerr=[rm - redlines["day_low"].to_numpy(), redlines["day_high"].to_numpy() - rm],
                    fmt="s--", capsize=3, color="C3", label="red-line talks")
    bx.axvline(ref, color="0.6", lw=0.8)
    bx.set_xlabel(PARAM)
    bx.set_ylabel("median ceasefire day")
    bx.set_ylim(0, HORIZON)
    bx.legend(fontsize=7)
    bx.set_title("When the runs that settle settle (95% order-statistic)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def figure_ablations(path: Path, table: pl.DataFrame) -> None:
    """P(ceasefire by 365) and the median ceasefire day of each ablation."""
    plt = _plt()
    labels = table["label"].to_list()
    y = np.arange(len(labels))[::-1]
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 0.45 * len(labels) + 1.2), sharey=True)
    p = table["p"].to_numpy()
    ax.errorbar(p, y, xerr=[p - table["low"].to_numpy(), table["high"].to_numpy() - p],
                fmt="o", capsize=3)
    ax.axvline(p[0], color="0.6", lw=0.8)
    ax.set_yticks(y, [lb.split(" (")[0] for lb in labels], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"P(ceasefire by day {HORIZON}), 95% Wilson")
    m = table["median_day"].to_numpy()
    bx.errorbar(m, y + 0.12, xerr=[m - table["day_low"].to_numpy(), table["day_high"].to_numpy() - m],
                fmt="o", capsize=3, label="all ceasefires")
    late = table["late_day"].to_numpy()
    bx.errorbar(late, y - 0.12, xerr=[late - table["late_low"].to_numpy(),
                                      table["late_high"].to_numpy() - late],
                fmt="s", capsize=3, color="C1", label="those after day 0")
    if np.isfinite(m[0]):
        bx.axvline(m[0], color="0.6", lw=0.8)
    bx.set_xlim(0, HORIZON)
    bx.legend(fontsize=7)
    bx.set_xlabel("median ceasefire day (runs that settle), 95%")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------ Markdown
def _day(v: float) -> str:
    return "-" if not np.isfinite(v) else f"{v:.0f}"


def _interval(lo: float, hi: float, fmt: str = "{:.3f}") -> str:
    return "-" if not (np.isfinite(lo) and np.isfinite(hi)) else f"{fmt.format(lo)} to {fmt.format(hi)}"


def curve_table(game: pl.DataFrame, redlines: pl.DataFrame | None) -> list[str]:
    head = (f"| {PARAM} | runs | P(ceasefire by {HORIZON}) | 95% Wilson | on day 0 | collapsed | "
            "median ceasefire day (95%) | median day of the later ones (95%) | Russian gain (km2, mean) |")
    lines = [head + (" red-line talks: P (95%) |" if redlines is not None else ""),
             "|---|---|---|---|---|---|---|---|---|" + ("---|" if redlines is not None else "")]
    red = {} if redlines is None else {r[PARAM]: r for r in redlines.iter_rows(named=True)}
    for r in game.iter_rows(named=True):
        cells = [f"{r[PARAM]:.4f}", str(r["n"]), f"{r['p']:.3f}", _interval(r["low"], r["high"]),
                 f"{r['day0']:.3f}", f"{r['collapsed']:.3f}",
                 f"{_day(r['median_day'])} ({_interval(r['day_low'], r['day_high'], '{:.0f}')})",
                 f"{_day(r['late_day'])} ({_interval(r['late_low'], r['late_high'], '{:.0f}')})",
                 f"{r['gain_km2']:,.0f}"]
        if redlines is not None:
            q = red.get(r[PARAM])
            cells.append("-" if q is None else f"{q['p']:.3f} ({_interval(q['low'], q['high'])})")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def smoothness_text(sm: dict, red: dict | None) -> str:
    text = (
        f"Largest step between neighbouring values: {sm['step']:+.3f} (from {sm['x0']:.4f} to "
        f"{sm['x1']:.4f}), paired 95% interval {sm['low']:+.3f} to {sm['high']:+.3f} (Newcombe "
        f"1998; the same seeds at both values), against a 95% Wilson half-width of up to "
        f"{sm['half_width']:.3f} at each of the two points; {sm['n_significant']} of "
        f"{sm['n_steps']} steps have a paired interval that excludes 0. Over the whole +-30% "
        f"the curve spans {sm['range']:.3f}."
    )
    if red is not None:
        text += (
            f" The red-line talks on the same grid and seeds: largest step {red['step']:+.3f} "
            f"(from {red['x0']:.4f} to {red['x1']:.4f}, paired 95% interval {red['low']:+.3f} to "
            f"{red['high']:+.3f}), {red['n_significant']} of {red['n_steps']} steps excluding 0, "
            f"range {red['range']:.3f}."
        )
    text += (" Issue 13 measured the red-line talks (model v1) at 0.02 / 0.215 / 0.535 / 0.905 "
             "for 0.14 / 0.161 / 0.18 / 0.206: steps of about 0.2 to 0.37 per 12-16% of the "
             "reference value, a range of 0.885 over +-28%.")
    return text


def ablation_table(table: pl.DataFrame) -> list[str]:
    lines = [f"| switched off | runs | P(ceasefire by {HORIZON}) (95% Wilson) | change vs reference "
             "(paired 95%) | on day 0 | collapsed | median ceasefire day (95%) | median day of "
             "the later ones (95%) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in table.iter_rows(named=True):
        change = "-" if r["key"] == "reference" else (
            f"{r['change']:+.3f} ({r['change_low']:+.3f} to {r['change_high']:+.3f})")
        lines.append(
            f"| {r['label']} | {r['n']} | {r['p']:.3f} ({_interval(r['low'], r['high'])}) | {change} | "
            f"{r['day0']:.3f} | {r['collapsed']:.3f} | {_day(r['median_day'])} "
            f"({_interval(r['day_low'], r['day_high'], '{:.0f}')}) | {_day(r['late_day'])} "
            f"({_interval(r['late_low'], r['late_high'], '{:.0f}')}) |")
    return lines


def paired_change(
    base: pl.DataFrame, other: pl.DataFrame, horizon: int = HORIZON
) -> tuple[float, float, float]:
    """P(other settles) - P(reference settles) over the same seeds, with Newcombe's interval."""
    j = (base.select("replicate", settled(horizon).alias("s0"))
         .join(other.select("replicate", settled(horizon).alias("s1")), on="replicate"))
    s0, s1 = j["s0"].to_numpy(), j["s1"].to_numpy()
    a, b = int(np.sum(s1 & s0)), int(np.sum(s1 & ~s0))
    c, d = int(np.sum(~s1 & s0)), int(np.sum(~s1 & ~s0))
    lo, hi = newcombe_paired(a, b, c, d)
    return (b - c) / max(len(s0), 1), lo, hi


def drawn_strengths(scenario: Any, seeds: list[int], days: int = HORIZON) -> pl.DataFrame:
    """The strength node of each side's true type in the run of each seed.

    The types are drawn at build from the seed alone
    (:func:`engine.mechanisms.talks_game.build.run_arrays`, the same draw as the run's),
    so no run is needed.

    Parameters
    ----------
    scenario : a loaded Scenario in bargaining mode
    seeds : the runs' seeds

    Returns
    -------
    DataFrame ``seed, z_a, z_b``: the standard-normal node of side A's and side B's true
    strength (2 levels: -1 the weaker, "soft" type with the lower reservation terms,
    +1 the stronger, "hard" one).
    """
    from engine.mechanisms.bargaining import columns as C
    from engine.mechanisms.talks_game.build import run_arrays

    rows = []
    for seed in seeds:
        run = run_arrays(scenario, days, int(seed))
        ta, tb = int(run.ipar[C.I_TYPE_A]), int(run.ipar[C.I_TYPE_B])
        rows.append({"seed": int(seed), "z_a": float(run.strength_z[0, ta]),
                     "z_b": float(run.strength_z[1, tb])})
    return pl.DataFrame(rows)


def by_strength_pair(runs: pl.DataFrame, strengths: pl.DataFrame,
                     horizon: int = HORIZON) -> pl.DataFrame:
    """Outcomes per pair of drawn strength nodes: runs, settled by ``horizon``, settled on
    day 0, the median ceasefire day of those settled, and the deals that collapsed.

    Returns
    -------
    DataFrame ``z_a, z_b, n, settled, day0, median_day, collapsed``, sorted by the nodes.
    """
    j = runs.join(strengths, on="seed", how="left")
    cf = pl.col("ceasefire_day")
    return (j.with_columns(settled(horizon).alias("_s"))
            .group_by("z_a", "z_b")
            .agg(n=pl.len(), settled=pl.col("_s").sum(), day0=(cf == 0).fill_null(False).sum(),
                 median_day=cf.filter(pl.col("_s")).median(),
                 collapsed=(pl.col("outcome") == "ceasefire_collapsed").sum())
            .sort("z_a", "z_b"))


def pair_table(pairs: pl.DataFrame, names: tuple[str, str]) -> list[str]:
    lines = [f"| {names[0]}'s strength node | {names[1]}'s strength node | runs | settled by "
             f"{HORIZON} | on day 0 | median ceasefire day | collapsed |",
             "|---|---|---|---|---|---|---|"]
    for r in pairs.iter_rows(named=True):
        med = r["median_day"]
        lines.append(f"| {r['z_a']:+.2f} | {r['z_b']:+.2f} | {r['n']} | {r['settled']} | {r['day0']} | "
                     f"{'-' if med is None else f'{med:.0f}'} | {r['collapsed']} |")
    return lines


def replace_generated(doc: Path, body: str) -> None:
    """Write ``body`` between the BEGIN and END markers of the section ``TITLE`` in
    ``doc``; the rest of the file (the hand-written reading included) is kept."""
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise UsageError(f"--doc: {doc}: no '{BEGIN}' ... '{END}' block (add it to the section "
                         f"'## {TITLE}' first)")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + BEGIN + "\n" + body.strip("\n") + "\n" + END + tail, encoding="utf-8")


# ------------------------------------------------------------------ command
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m engine.analysis.talks_validation",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--scenario", default="ukraine_2025")
    p.add_argument("--out", default="results/talks_validation", help="folder of the batch folders")
    p.add_argument("--seeds", type=int, default=400, help="seeds (replicates) per value and ablation")
    p.add_argument("--seed", type=int, default=1, help="first seed")
    p.add_argument("--points", type=int, default=13, help="values of battle.advance_max")
    p.add_argument("--span", type=float, default=0.3, help="relative half-width of the sweep")
    p.add_argument("--days", type=int, default=HORIZON)
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                   help="an override for every batch (talks.model=bargaining is always set)")
    p.add_argument("--img", default="docs/img", help="folder of the figures ('' for none)")
    p.add_argument("--doc", default=None, help="rewrite the generated block of this report")
    p.add_argument("--no-redlines", action="store_true", help="skip the red-line comparison")
    p.add_argument("--no-ablations", action="store_true")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--reuse", action="store_true",
                   help="read the finished batch folders under --out as they are (no runs), "
                   "e.g. to redraw the figures after the engine moved on")
    return p.parse_args(argv)


def check_args(a: argparse.Namespace) -> None:
    """Bad input: one line naming the option (UsageError, exit 2), before any run."""
    if a.seeds < 2:
        raise UsageError("--seeds: must be at least 2")
    if a.points < 3:
        raise UsageError("--points: must be at least 3")
    if not 0.0 < a.span < 1.0:
        raise UsageError(f"--span: {a.span} is not in (0, 1)")
    if a.days < HORIZON:
        raise UsageError(f"--days: {a.days} is shorter than the horizon {HORIZON}")
    if a.img and not Path(a.img).is_dir():
        raise UsageError(f"--img: {a.img}: no such folder")
    if a.doc and not Path(a.doc).is_file():
        raise UsageError(f"--doc: {a.doc}: no such file")
    if any(o.split("=", 1)[0].strip() == "talks.model" for o in a.overrides):
        raise UsageError("--set talks.model: fixed by this command (bargaining, and redlines for "
                         "the comparison)")


def build(a: argparse.Namespace, say: Callable[[str], None] = print) -> str:
    """Run every batch, write the figures and return the generated Markdown."""
    from engine.api import parse_overrides
    from engine.scenario import load_scenario

    base_over = {**parse_overrides(a.overrides), "talks.model": "bargaining"}
    base = load_scenario(a.scenario, base_over)
    ref = float(base.battle.advance_max)
    grid = advance_grid(ref, a.span, a.points)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    kw = dict(reps=a.seeds, days=a.days, seed=a.seed, threads=a.threads, progress=say, reuse=a.reuse)

    game_runs = run_arm(out / "advance_bargaining", a.scenario, base_over, values=grid, **kw)
    game = summarise(game_runs, PARAM)
    sm = smoothness(game, neighbour_steps(game_runs))
    red = red_sm = None
    if not a.no_redlines:
        red_runs = run_arm(out / "advance_redlines", a.scenario, {**base_over, "talks.model": "redlines"},
                           values=grid, **kw)
        red = summarise(red_runs, PARAM)
        red_sm = smoothness(red, neighbour_steps(red_runs))
    cmd = ("nice -n 10 .venv/bin/python -m engine.analysis.talks_validation "
           f"--scenario {a.scenario} --seeds {a.seeds} --points {a.points} --span {a.span}"
           + "".join(f" --set {o}" for o in a.overrides) + " --out DIR --doc docs/validation.md")
    made = _made(out / "advance_bargaining")
    md = [
        "```console",
        f"$ {cmd}",
        "```",
        "",
        f"Batches made {made} (batch manifests under `--out`).",
        "",
        f"`{PARAM}` over its reference value {ref:g} +-{a.span:.0%} ({a.points} values), "
        f"{a.seeds} seeds per value (seeds {a.seed} to {a.seed + a.seeds - 1}, the same at every "
        f"value), {a.days} days, `talks.model = \"bargaining\"` with the scenario's "
        "`[talks.bargaining]` (coefficients it leaves out come from the adopted posterior):",
        "",
        *curve_table(game, red),
        "",
        smoothness_text(sm, red_sm),
    ]
    at_ref = game_runs.filter(pl.col(PARAM) == min(grid, key=lambda v: abs(v - ref)))
    pairs = by_strength_pair(at_ref, drawn_strengths(base, at_ref["seed"].to_list(), a.days))
    # side A is the scenario's first belligerent, B the second (talks_game.build)
    names = tuple([c for c, st in base.states.items() if st.role == "belligerent"][:2])
    md += [
        "",
        f"By the strength node of each side's drawn type (side A is {names[0]}, B {names[1]}; "
        "the node sets the type's strength and its reservation terms), at the reference value:",
        "",
        *pair_table(pairs, names),
    ]
    img = Path(a.img) if a.img else None
    if img:
        figure_curve(img / FIGURE_CURVE, game, red, ref)
        md += ["", f"![P(ceasefire by 365) against {PARAM}](img/{FIGURE_CURVE})"]

    if not a.no_ablations:
        rows = []
        ref_runs = None
        for arm in ablations(base.talks.bargaining or {}):
            runs = run_arm(out / f"ablation_{arm.key}", a.scenario, {**base_over, **arm.overrides}, **kw)
            row = summarise(runs, None).row(0, named=True)
            if ref_runs is None:
                ref_runs = runs
                row.update(change=0.0, change_low=0.0, change_high=0.0)
            else:
                ch, lo, hi = paired_change(ref_runs, runs)
                row.update(change=ch, change_low=lo, change_high=hi)
            row.update(key=arm.key, label=arm.label,
                       overrides=", ".join(f"{k}={_toml(v)}" for k, v in arm.overrides.items()))
            rows.append(row)
        table = pl.DataFrame(rows)
        md += [
            "",
            f"Ablations at the reference value {ref:g}, {a.seeds} seeds each (the same seeds), one "
            "mechanism switched off at a time (the overrides are listed below the table):",
            "",
            *ablation_table(table),
            "",
            *(f"- {r['key']}: `{r['overrides']}`" for r in table.iter_rows(named=True) if r["overrides"]),
        ]
        if img:
            figure_ablations(img / FIGURE_ABLATIONS, table)
            md += ["", f"![Ablations of the bargaining game](img/{FIGURE_ABLATIONS})"]
    return "\n".join(md) + "\n"


def _made(folder: Path) -> str:
    """When and by which engine code a batch folder was made (from its manifest)."""
    import json

    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return (f"{m['created'][:16].replace('T', ' ')} UTC, warsim {m['engine'].get('version')} "
            f"code hash {m['engine'].get('code_hash')}")


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    try:
        check_args(a)
        body = build(a, say=lambda s: print(s, file=sys.stderr, flush=True))
        Path(a.out, "talks_validation.md").write_text(body, encoding="utf-8")
        if a.doc:
            replace_generated(Path(a.doc), body)
    except UsageError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
