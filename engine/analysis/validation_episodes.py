"""Validation sections of issue 14: the fit across episodes and the clean 2025 backtest.

Called by ``warsim validate-model`` (engine/validation.py):

* :func:`calibration_section` re-predicts every episode from the committed fit's
  leave-one-out posteriors (``--calibration DIR``, the folder ``warsim calibrate`` wrote:
  ``calibration.json``, ``posterior.parquet``, ``loo_posteriors.parquet``), over the
  fit's posterior draws and seeds, and scores the predictions against the base-rate
  hazard models fitted on the same training episodes. The same seeds as the fit's own
  scoring, so the table equals the fit's ``scores.parquet``; the section says whether it
  does.
* :func:`clean_backtest_section` runs ``ukraine_2025_backtest_clean`` (written by
  ``python -m scenarios.backtest_clean``) with the frozen posterior and sets its figures
  next to 2025's public record (:data:`RECORD_2025`, from the client's CALIBRATION.md).
  The record is data typed in with its sources; nothing in the model reads it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.errors import UsageError

REPO = Path(__file__).resolve().parents[2]
FIT_DIR = REPO / "scenarios" / "episodes" / "fit"
PRIORS = REPO / "scenarios" / "episodes" / "priors_bargaining.toml"
CLEAN = "ukraine_2025_backtest_clean"
AREA_UKRAINE_KM2 = 603_628.0


@dataclass(frozen=True)
class Record:
    """One line of 2025's public record for the backtest table.

    Attributes
    ----------
    label : str
        What is compared.
    value : float or None
        The record's figure in the model's unit (None when CALIBRATION.md has no 2025
        figure; ``text`` then says what it does have).
    text : str
        The figure as written in the report.
    source : str
        Where it comes from (outlet, date), as CALIBRATION.md gives it.
    """

    label: str
    value: float | None
    text: str
    source: str


# 2025's record, from /work/shared/CALIBRATION.md (the client's table of public facts).
# (D): derived here by arithmetic; the derivation is in the text.
_SHARE_2024, _SHARE_SEP25 = 0.184, 0.1904
_GAIN_9M = (_SHARE_SEP25 - _SHARE_2024) * AREA_UKRAINE_KM2
RECORD_2025 = {
    "ceasefire": Record(
        "Ceasefire in 2025",
        0.0,
        "none (talks through Dec 2025: Riyadh, Istanbul x3, Anchorage, Geneva, Berlin; no ceasefire)",
        "CALIBRATION.md, 'Talks: 2025 timeline' (Reuters, AP reprints)",
    ),
    "territory": Record(
        "Russian gain (km2, 2025)",
        _GAIN_9M * 12.0 / 9.0,
        f"about {_GAIN_9M:,.0f} km2 from 1 Jan to 30 Sep (D: occupied share 18.4% end 2024 to "
        f"19.04% on 30 Sep 2025, of 603,628 km2), about {_GAIN_9M * 12 / 9:,.0f} km2 a year at that pace (D)",
        "AFP/ISW (end-2024 share, D); DeepState 30 Sep 2025",
    ),
    "cas_rus": Record(
        "Russian casualties per day",
        None,
        "no 2025 figure in CALIBRATION.md; 2024: ~1,180/day (Ukrainian General Staff, D), "
        "~1,600/day at end 2024 (UK Defence Intelligence)",
        "CALIBRATION.md, 'Forces' (claims, not verified)",
    ),
    "cas_ukr": Record(
        "Ukrainian casualties per day",
        None,
        "no 2025 figure in CALIBRATION.md; official Ukrainian losses to Dec 2024: 43,000 killed, "
        "370,000 wounded; CSIS (Jun 2025): ~400k killed and wounded since 2022 (~300/day over 40 months, D)",
        "CALIBRATION.md, 'Forces'",
    ),
    "gdp": Record(
        "Russian GDP growth (%)",
        None,
        "no 2025 figure in CALIBRATION.md; 2024: 4.3% (Rosstat revised), 2023: 3.6-4.1%",
        "CALIBRATION.md, 'Economy' (Reuters)",
    ),
    "brent": Record(
        "Brent ($/bbl)",
        None,
        "no 2025 annual mean in CALIBRATION.md; about $65-66 on 22-23 Oct 2025, about $62.5 on "
        "21 Nov 2025; 2024 averaged about $81 (EIA)",
        "CALIBRATION.md, 'Markets' and 'Economy'",
    ),
}


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _rel(p: Path) -> str:
    """A path relative to the repository when inside it (for the report)."""
    p = Path(p).resolve()
    return str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p)


def _fmt(v: float | None, digits: int = 3) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


# ------------------------------------------------------------------ the fit across episodes
def load_fit(fit_dir: Path, priors_path: Path = PRIORS):
    """The committed fit: its config, priors, posterior and leave-one-out posteriors.

    Raises
    ------
    UsageError
        One line naming ``--calibration`` when the folder is missing, incomplete, or was
        fitted from another priors file.
    """
    import polars as pl

    from engine.analysis.calibrate import CalibrationConfig
    from engine.analysis.priors import load_priors

    state_path = fit_dir / "calibration.json"
    if not state_path.is_file():
        raise UsageError(
            f"--calibration {fit_dir}: no calibration.json (run `warsim calibrate --out DIR` first)"
        )
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        ident = state["identity"]
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(f"--calibration {fit_dir}: calibration.json is unreadable") from None
    if not state.get("complete"):
        raise UsageError(f"--calibration {fit_dir}: the fit is not complete (resume it with --resume)")
    for name in ("posterior.parquet", "loo_posteriors.parquet"):
        if not (fit_dir / name).is_file():
            raise UsageError(f"--calibration {fit_dir}: {name} is missing")
    priors = load_priors(priors_path)
    if priors.sha256 != ident.get("priors_sha256"):
        raise UsageError(
            f"--calibration {fit_dir}: fitted from other priors than {priors_path} (sha256 differs)"
        )
    cfg = CalibrationConfig(
        out=str(fit_dir),
        episodes=tuple(ident["episodes"]),
        priors=str(priors_path),
        population=ident["population"],
        generations=ident["generations"],
        seeds=ident["seeds"],
        days=ident["days"],
        draws=ident["draws"],
        seed=ident["seed"],
        loo=ident.get("loo", "exact"),
    )
    return (
        cfg,
        priors,
        state,
        pl.read_parquet(fit_dir / "posterior.parquet"),
        pl.read_parquet(fit_dir / "loo_posteriors.parquet"),
    )


def calibration_section(fit_dir: Path, img_dir: Path | None, priors_path: Path = PRIORS):
    """The fit's posterior and its leave-one-out scores against the base rates, regenerated.

    Returns
    -------
    (title, markdown, figures, table)
        ``table`` is the scores frame (one row per episode and predictor).
    """
    import polars as pl

    from engine.analysis.calibrate import markdown_scores, predict_episode, score_table, select_episodes

    cfg, priors, state, post, loo = load_fit(fit_dir, priors_path)
    episodes = select_episodes(cfg.episodes, cfg.days)
    predictions = {
        e.name: predict_episode(e, loo.filter(pl.col("left_out") == e.name).drop("left_out"), priors, cfg)
        for e in episodes
    }
    table = score_table(episodes, predictions)
    same = stored = None
    if (fit_dir / "scores.parquet").is_file():
        stored = pl.read_parquet(fit_dir / "scores.parquet")
        same = True

    last = post.filter(pl.col("generation") == post["generation"].max())
    w = last["weight"].to_numpy()
    from engine.analysis.calibrate import weighted_quantiles

    rows = ["| coefficient (tied paths) | prior | posterior median | 5-95% |", "|---|---|---|---|"]
    for c in priors.coefficients:
        q05, med, q95 = weighted_quantiles(last[c.path].to_numpy(), w, (0.05, 0.5, 0.95))
        tied = f" (= {', '.join(c.also)})" if c.also else ""
        rows.append(
            f"| `{c.path}`{tied} | {c.prior} [{c.low:g}, {c.high:g}] | {med:.4g} | {q05:.4g} to {q95:.4g} |"
        )
    eps = last["epsilon"][0]
    how = (
        "exact (each episode left out of a fit of its own)"
        if cfg.loo == "exact"
        else "approximate: the full fit's last population re-thresholded on the distance without "
        "the left-out episode (no refit; the left-out episode still steered the earlier "
        "generations, so the model's out-of-sample scores are if anything flattered)"
    )
    label = f"{priors.meta.talks_model}; fit at {state['commit'][:12]}"
    tracked = "differed" if state.get("dirty") else "clean"
    text = [
        f"`warsim calibrate --priors {_rel(priors_path)}` "
        f"at commit `{state['commit'][:12]}` (tracked files {tracked}), "
        f"{len(episodes)} episodes, {cfg.population} particles x {cfg.generations} generations, "
        f"{cfg.seeds} seeds per episode and particle, final threshold {eps:.3f}; leave-one-out: {how}. "
        f"Predictions: {cfg.draws} posterior draws x {cfg.seeds} seeds per episode. The fit's files "
        f"are in `{_rel(fit_dir)}`.",
        "",
        "Posterior (last generation, weighted):",
        "",
        *rows,
        "",
        markdown_scores(table, label).rstrip("\n"),
    ]
    text += ["", loss_paragraph(table)]
    if same is not None:
        text += ["", compare_sentence(stored, table, state["commit"])]
    figs = []
    if img_dir is not None:
        figs.append(_episode_figure(table, img_dir))
    return "Calibration across episodes (issue 14)", "\n".join(text), figs, table


def compare_sentence(stored, table, fit_commit: str) -> str:
    """Whether the regenerated scores equal the fit's own, and why they may not."""
    import polars as pl

    from engine.analysis.calibrate import git_commit

    cols = ["episode", "predictor", "crps", "brier_mean", "log_mean", "p_by_historical_day"]
    if stored.select(cols).sort(cols[:2]).equals(table.select(cols).sort(cols[:2])):
        return ("Regenerated here from the stored leave-one-out posteriors (same draws and seeds): "
                "identical to the fit's own `scores.parquet`.")
    now, dirty = git_commit()

    def mean_crps(t):
        return float(t.filter(pl.col("predictor") == "calibrated")["crps"].mean())

    return (
        "Regenerated here from the stored leave-one-out posteriors (same draws and seeds) at commit "
        f"`{now[:12]}`{' (with uncommitted changes)' if dirty else ''}: not identical to the fit's own "
        f"`scores.parquet` (made at `{fit_commit[:12]}`; mean CRPS {mean_crps(stored):.1f} there, "
        f"{mean_crps(table):.1f} here): the engine changed between the two commits, and the numbers "
        "above are this run's. The posterior was not refitted."
    )


def loss_paragraph(table) -> str:
    """Where the calibrated model loses to the base rates, and by how much (numbers only)."""
    import polars as pl

    def means(p):
        sub = table.filter(pl.col("predictor") == p)
        return {c: float(sub[c].drop_nulls().mean()) for c in ("crps", "brier_mean", "log_mean")}

    m = means("calibrated")
    parts = []
    for base in ("constant_hazard", "lognormal"):
        b = means(base)
        words = []
        for c, name in (("crps", "CRPS"), ("brier_mean", "Brier"), ("log_mean", "log score")):
            rel = m[c] / b[c] - 1.0
            verdict = "loses" if rel > 0 else "wins"
            words.append(f"{name} {m[c]:.3g} vs {b[c]:.3g} ({verdict} by {abs(rel):.0%})")
        parts.append(f"against the {base.replace('_', ' ')}: " + "; ".join(words))
    def rows(p):
        return {r["episode"]: r for r in table.filter(pl.col("predictor") == p).iter_rows(named=True)}

    cal, con = rows("calibrated"), rows("constant_hazard")
    worse = sorted(
        ((n, cal[n]["crps"] - con[n]["crps"]) for n in cal if cal[n]["crps"] > con[n]["crps"]),
        key=lambda x: -x[1],
    )
    lost = ", ".join(f"{n} (+{d:,.0f} days)" for n, d in worse)
    return (
        "Means over the episodes, " + "; ".join(parts) + ". "
        f"Per episode the model's CRPS is worse than the constant hazard's in {len(worse)} of "
        f"{len(cal)}" + (f": {lost}." if worse else ".")
        + " Why: the section \"Why the calibrated talks lose to the base rate\" below."
    )


def _episode_figure(table, img_dir: Path) -> str:
    """P(ceasefire by the historical day) and CRPS per episode: model vs two base rates."""
    plt = _plt()
    names = sorted(set(table["episode"].to_list()))
    preds = ["calibrated", "constant_hazard", "lognormal"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6), sharey=True)
    y = np.arange(len(names))
    for k, p in enumerate(preds):
        sub = {r["episode"]: r for r in table.filter(table["predictor"] == p).iter_rows(named=True)}
        pv = [sub[n]["p_by_historical_day"] for n in names]
        pv = [np.nan if v is None else v for v in pv]
        cv = [sub[n]["crps"] for n in names]
        axes[0].barh(y + (k - 1) * 0.27, pv, height=0.27, label=p)
        axes[1].barh(y + (k - 1) * 0.27, cv, height=0.27, label=p)
    axes[0].set_yticks(y, names, fontsize=7)
    axes[0].set_xlabel("P(ceasefire by the historical day)")
    axes[0].set_xlim(0, 1)
    axes[1].set_xlabel("CRPS of the ceasefire day (days; lower is better)")
    axes[1].set_xscale("symlog", linthresh=10)
    axes[0].legend(fontsize=7, loc="lower right")
    fig.suptitle("Leave-one-episode-out: the calibrated bargaining talks against base rates", fontsize=9)
    fig.tight_layout()
    fig.savefig(img_dir / "validation_episodes.png", dpi=110)
    plt.close(fig)
    return "img/validation_episodes.png"


# ------------------------------------------------------------------ the clean 2025 backtest
def clean_backtest(seeds: int) -> dict:
    """Run the clean backtest with the frozen posterior; per-run quantities (arrays over seeds)."""
    from engine.analysis.posterior import posterior_path
    from engine.core.simulate import run_days
    from engine.results import run_columns
    from engine.scenario import load_scenario
    from engine.world import build_world

    post = posterior_path()
    if post is None:
        raise UsageError(
            f"{CLEAN}: no posterior adopted (scenarios/episodes/posterior.toml) and WARSIM_POSTERIOR "
            "unset: the clean backtest takes its talks coefficients from the posterior only"
        )
    from engine.analysis.posterior import _lookup, load_summary, source_of

    s = load_scenario(CLEAN)
    raw = s._raw  # the inherited file before levers (sources kept)
    for path in load_summary(post).coefficients:
        parent, key, _ = _lookup(raw, path)
        note = source_of(raw, path) or (parent or {}).get("source", "")
        if parent is None or not str(note).startswith("posterior median"):
            raise UsageError(f"{CLEAN}: {path} did not come from the posterior ({post})")
    w, st = build_world(s, np.arange(1, seeds + 1))
    run_days(w, st.days)
    cols = run_columns(w, st)
    n_days = float(st.days)
    cf = cols["ceasefire_day"].astype(float)
    return {
        "posterior": str(post),
        "days": st.days,
        "ceasefire": (cf >= 0) & (cf < st.days),
        "ceasefire_day": cf,
        "territory": cols["territory_change_km2_RUS"],
        "cas_rus": cols["casualties_RUS"] / n_days,
        "cas_ukr": cols["casualties_UKR"] / n_days,
        "gdp": cols.get("gdp_growth_RUS"),
        "brent": cols.get("oil_price_mean"),
        "outcome": cols["outcome"],
    }


def clean_backtest_section(seeds: int, img_dir: Path | None):
    """The clean backtest's figures side by side with 2025's record (markdown, figures, numbers)."""
    from engine.batch.survival import wilson

    r = clean_backtest(seeds)
    k = int(np.sum(r["ceasefire"]))
    lo, hi = wilson(k, seeds)
    cfd = r["ceasefire_day"][r["ceasefire"]]
    rows = [
        "| quantity | model: median (90% interval) over seeds | 2025 record | record source |",
        "|---|---|---|---|",
    ]
    rec = RECORD_2025["ceasefire"]
    cf_text = f"P = {k / seeds:.2f} (95% Wilson {float(lo):.2f} to {float(hi):.2f})"
    if k:
        cf_text += f"; median day {np.median(cfd):.0f}"
    rows.append(f"| {rec.label} | {cf_text} | {rec.text} | {rec.source} |")
    labels = {
        "territory": ("{:,.0f}", "Russian gain (km2 in the year)"),
        "cas_rus": ("{:,.0f}", "Russian casualties per day (over the year)"),
        "cas_ukr": ("{:,.0f}", "Ukrainian casualties per day (over the year)"),
        "gdp": ("{:.1f}", "Russian GDP growth (%)"),
        "brent": ("{:.1f}", "Oil price, mean over the year ($/bbl)"),
    }
    found = {"p_ceasefire": k / seeds}
    for key, (fmt, label) in labels.items():
        v = r[key]
        if v is None:
            continue
        q = np.quantile(np.asarray(v, dtype=float), [0.5, 0.05, 0.95])
        found[key] = float(q[0])
        rec = RECORD_2025[key]
        spread = f"{fmt.format(q[0])} ({fmt.format(q[1])} to {fmt.format(q[2])})"
        rows.append(f"| {label} | {spread} | {rec.text} | {rec.source} |")
    outcomes = {o: int(np.sum(r["outcome"] == o)) for o in sorted(set(r["outcome"].tolist()))}
    text = [
        f"`{CLEAN}` (written by `python -m scenarios.backtest_clean` from `ukraine_2025_backtest`; "
        "its inputs are listed and argued in docs/validation_2025_inputs.md): talks as the "
        "bargaining game, every fitted coefficient inherited from the frozen posterior "
        f"(`{_rel(Path(r['posterior']))}`), "
        "no scheduled talks events, no economy event the talks produced. "
        f"{seeds} seeds from 2025-01-01 for {r['days']} days; run outcomes: "
        + ", ".join(f"{o} {n}" for o, n in outcomes.items()) + ".",
        "",
        *rows,
    ]
    figs = []
    if img_dir is not None:
        figs.append(_backtest_figure(r, img_dir))
    return "The clean 2025 backtest (issue 14)", "\n".join(text), figs, found


def _backtest_figure(r: dict, img_dir: Path) -> str:
    """The model's spread over seeds for each quantity, with the record where it has a figure."""
    plt = _plt()
    keys = [k for k in ("territory", "cas_rus", "cas_ukr", "gdp", "brent") if r.get(k) is not None]
    titles = {
        "territory": "Russian gain, km2",
        "cas_rus": "RUS casualties/day",
        "cas_ukr": "UKR casualties/day",
        "gdp": "RUS GDP growth, %",
        "brent": "oil price mean, $/bbl",
    }
    fig, axes = plt.subplots(1, len(keys) + 1, figsize=(2.3 * (len(keys) + 1), 3.2))
    p = float(np.mean(r["ceasefire"]))
    axes[0].bar(["model", "record"], [p, RECORD_2025["ceasefire"].value], color=["C0", "k"])
    axes[0].set_ylim(0, 1)
    axes[0].set_title("P(ceasefire in 2025)", fontsize=8)
    for ax, key in zip(axes[1:], keys, strict=True):
        v = np.asarray(r[key], dtype=float)
        ax.boxplot(v, whis=(5, 95), widths=0.5, showfliers=False)
        rec = RECORD_2025[key].value
        if rec is not None:
            ax.axhline(rec, color="k", lw=1.5, ls="--", label="record")
            ax.legend(fontsize=7)
        ax.set_xticks([])
        ax.set_title(titles[key], fontsize=8)
    fig.suptitle("Clean 2025 backtest (frozen posterior) against the 2025 record", fontsize=9)
    fig.tight_layout()
    fig.savefig(img_dir / "validation_backtest_clean.png", dpi=110)
    plt.close(fig)
    return "img/validation_backtest_clean.png"
