"""Validation sections of issue 14: the fit across episodes and the clean 2025 backtest.

Called by ``warsim validate-model`` (engine/validation.py):

* :func:`calibration_section` re-predicts every episode from the committed fit's
  leave-one-out posteriors (``--calibration DIR``, the folder ``warsim calibrate`` wrote:
  ``calibration.json``, ``posterior.parquet``, ``loo_posteriors.parquet``), over the
  fit's posterior draws and seeds, and scores the predictions against the base-rate
  hazard models fitted on the same training episodes. The same seeds as the fit's own
  scoring, so the table equals the fit's ``scores.parquet``; the section says whether it
  does.
* :func:`forward_section` re-predicts a past-only fit (``warsim calibrate --loo forward``,
  stored in ``scenarios/episodes/loo_check/forward``): each episode from the episodes
  whose outcome was known before it began, scored against the base rates fitted on the
  same wars (shown when the folder exists).
* :func:`clean_backtest_section` runs ``ukraine_2025_backtest_clean`` (written by
  ``python -m scenarios.backtest_clean``) with the frozen posterior and sets its figures
  next to 2025's public record (:data:`RECORD_2025`: CALIBRATION.md's facts and the
  year's figures published in early 2026, each with its outlet and date). The record is
  data typed in with its sources; nothing in the model reads it.
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
        The record's figure in the model's unit (drawn in the figure and checked against
        the model's 90% interval); None when no 2025 figure is sourced here.
    text : str
        The figure as written in the report.
    source : str
        Where it comes from (outlet and date; CALIBRATION.md's table where it has it).
    """

    label: str
    value: float | None
    text: str
    source: str


# 2025's public record. The client's CALIBRATION.md has the ceasefire question and the
# territory to 30 Sep 2025; the other year figures (published Jan-Feb 2026) are not in it
# and are cited here from the outlet that published them. (D): derived here by
# arithmetic, the derivation in the text. Casualty figures are one side's claims.
_SHARE_2024, _SHARE_SEP25 = 0.184, 0.1904
_GAIN_9M = (_SHARE_SEP25 - _SHARE_2024) * AREA_UKRAINE_KM2
_KM2_PER_SQ_MI = 2.589988
_GAIN_AFP_ISW = 5_600.0  # "over 5,600 km2" in 2025
_GAIN_BLACKBIRD = 1_780.0 * _KM2_PER_SQ_MI  # "roughly 1,780 square miles", Kursk excluded
_CAS_RUS_SYRSKYI = 418_000.0  # "more than 418,000" killed and wounded in 2025
_CAS_RUS_UKDI = 400_000.0  # "more than 400,000" killed or wounded in 2025
RECORD_2025 = {
    "ceasefire": Record(
        "Ceasefire in 2025",
        0.0,
        "none: talks through the year (Jeddah 11 Mar; Istanbul 16 May, 2 Jun, 23 Jul; Anchorage "
        "15 Aug; Geneva 23 Nov; Berlin 14-15 Dec) and no ceasefire by 6 Jan 2026",
        "CALIBRATION.md, 'Talks: 2025 timeline' (Reuters, AP, AFP reprints)",
    ),
    "territory": Record(
        "Russian gain (km2, 2025)",
        _GAIN_AFP_ISW,
        f"over {_GAIN_AFP_ISW:,.0f} km2 in 2025 (AFP/ISW; includes areas Moscow claims, which ISW "
        f"counts, so an upper figure); about {_GAIN_BLACKBIRD:,.0f} km2 without Kursk (Black Bird "
        f"Group: about 1,780 sq mi, D); about {_GAIN_9M:,.0f} km2 from 1 Jan to 30 Sep (D: occupied "
        "share 18.4% end 2024 to 19.04% on 30 Sep 2025, DeepState, of 603,628 km2)",
        "AFP analysis of ISW data, 2 Jan 2026 (novayagazeta.eu, tag24.com reprints); M. Kofman, "
        "Foreign Affairs, 16 Feb 2026 (hvylya.net); CALIBRATION.md, 'Territory'",
    ),
    "cas_rus": Record(
        "Russian casualties per day",
        _CAS_RUS_SYRSKYI / 365.0,
        f"about {_CAS_RUS_SYRSKYI / 365:,.0f} (D: more than 418,000 killed and wounded in 2025, "
        f"Ukraine's commander-in-chief) or about {_CAS_RUS_UKDI / 365:,.0f} (D: more than 400,000, "
        "UK Defence Intelligence); claims, not verified",
        "Syrskyi, 13 Jan 2026 (news.liga.net); UK Defence Intelligence update, Dec 2025 "
        "(reprinted 27 Dec 2025)",
    ),
    "cas_ukr": Record(
        "Ukrainian casualties per day",
        None,
        "not sourced here (no 2025 total published; Syrskyi, 13 Jan 2026, says Ukraine's own "
        "losses fell 13% on 2024 without a figure)",
        "-",
    ),
    "gdp": Record(
        "Russian GDP growth (%)",
        1.0,
        "1.0 (Rosstat's preliminary estimate for 2025; 2024: 4.3%)",
        "BOFIT Weekly Review 7/2026 (Bank of Finland); Reuters, 3 Feb 2026 (Novak); "
        "CALIBRATION.md, 'Economy' for 2024",
    ),
    "brent": Record(
        "Brent ($/bbl)",
        69.0,
        "69, the 2025 annual average of Brent spot (from $79 in January to $63 in December, "
        "monthly means)",
        "EIA, Today in Energy, 5 Jan 2026",
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
    from engine.analysis.scoring import MIN_PAST

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
        min_past=ident.get("min_past", MIN_PAST),
    )
    return (
        cfg,
        priors,
        state,
        pl.read_parquet(fit_dir / "posterior.parquet"),
        pl.read_parquet(fit_dir / "loo_posteriors.parquet"),
    )


def loo_scores(fit_dir: Path, priors_path: Path = PRIORS, predictions_out: dict | None = None):
    """A stored fit's leave-one-out predictions re-run and scored against the base rates.

    Every episode is predicted from its own left-out posterior in ``loo_posteriors.parquet``
    (the fit's draws and seeds, so the scores equal the fit's ``scores.parquet`` at the
    fit's commit). A past-only fit (``--loo forward``) predicts only the episodes it
    scored, each from the fit on the wars before it; the others are rows marked unscored.

    ``predictions_out``, when given, receives each scored episode's predictive
    distribution (:class:`engine.analysis.scoring.Predictive`, samples in draw-major order:
    ``cfg.draws`` posterior draws x ``cfg.seeds`` seeds), for :func:`draw_spread_section`.

    Returns
    -------
    (cfg, priors, state, posterior, table)
        ``table``: one row per episode and predictor (:func:`engine.analysis.calibrate.score_table`).
    """
    import polars as pl

    from engine.analysis.calibrate import forward_plan, predict_episode, score_table, select_episodes

    cfg, priors, state, post, loo = load_fit(fit_dir, priors_path)
    episodes = select_episodes(cfg.episodes, cfg.days)
    if cfg.loo == "forward":
        scored = [(t, tr) for t, tr in forward_plan(episodes) if len(tr) >= cfg.min_past]
        stored = sorted(set(loo["left_out"].to_list()))
        if stored != sorted(t.name for t, _ in scored):
            raise UsageError(
                f"--calibration {fit_dir}: loo_posteriors.parquet predicts {', '.join(stored)}; the "
                f"past-only rule scores {', '.join(sorted(t.name for t, _ in scored))} "
                "(the outcomes changed?)"
            )
        predictions = {
            t.name: predict_episode(t, loo.filter(pl.col("left_out") == t.name).drop("left_out"), priors, cfg)
            for t, _ in scored
        }
        trains = {t.name: [x.name for x in tr] for t, tr in scored}
        if predictions_out is not None:
            predictions_out.update(predictions)
        return cfg, priors, state, post, score_table(episodes, predictions, "forward", trains, cfg.min_past)
    predictions = {
        e.name: predict_episode(e, loo.filter(pl.col("left_out") == e.name).drop("left_out"), priors, cfg)
        for e in episodes
    }
    if predictions_out is not None:
        predictions_out.update(predictions)
    return cfg, priors, state, post, score_table(episodes, predictions)


def calibration_section(fit_dir: Path, img_dir: Path | None, priors_path: Path = PRIORS):
    """The fit's posterior and its leave-one-out scores against the base rates, regenerated.

    Returns
    -------
    (title, markdown, figures, table)
        ``table`` is the scores frame (one row per episode and predictor).
    """
    import polars as pl

    from engine.analysis.calibrate import markdown_scores, select_episodes

    fit = load_fit(fit_dir, priors_path)
    if fit[0].loo == "forward":
        raise UsageError(
            f"--calibration {fit_dir}: a past-only fit (--loo forward) scores only the later "
            "episodes; the adopted fit needs --loo exact or reweight"
        )
    predictions: dict = {}
    cfg, priors, state, post, table = loo_scores(fit_dir, priors_path, predictions)
    episodes = select_episodes(cfg.episodes, cfg.days)
    spread = draw_spread(episodes, predictions, fit[4], cfg)
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
        f"exact (each of the {len(episodes)} episodes left out of a fit of its own: "
        f"{len(episodes) + 1} fits in all, no re-thresholding)"
        if cfg.loo == "exact"
        else "approximate: the full fit's last population re-thresholded on the distance without "
        "the left-out episode (no refit; the left-out episode still steered the earlier "
        "generations; an exact check, where one is stored, measures the gap)"
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
    text += ["", reading_note(cfg), "", draw_spread_markdown(spread, cfg)]
    figs = []
    if img_dir is not None:
        figs.append(_episode_figure(table, img_dir, spread))
    return "Calibration across episodes (issue 14)", "\n".join(text), figs, table


@dataclass(frozen=True)
class DrawSpread:
    """How one episode's out-of-sample prediction varies over its posterior draws.

    Attributes
    ----------
    episode : str
    day : int or None
        The historical ceasefire day (None: no ceasefire in the window).
    p_draws : float64[draws]
        P(ceasefire by ``day``) at each posterior draw, over that draw's seeds; without a
        ceasefire day, P(ceasefire within the window of ``horizon`` days), which the record
        says did not happen.
    horizon : int
    ess : float
        Kish's effective sample size ``(sum w)^2 / sum w^2`` of the last generation of the
        posterior the episode was predicted from (its left-out fit), out of ``particles``.
    particles : int
    """

    episode: str
    day: int | None
    p_draws: np.ndarray
    ess: float
    particles: int
    horizon: int


def kish_ess(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights, ``(sum w)^2 / sum w^2``."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w**2).sum())


def draw_spread(episodes, predictions: dict, loo, cfg) -> list[DrawSpread]:
    """Per episode, P(ceasefire by the historical day) at each posterior draw, and the ESS.

    Parameters
    ----------
    episodes : sequence of EpisodeData
    predictions : dict of str to Predictive
        Samples in draw-major order (``cfg.draws`` x ``cfg.seeds``), as
        :func:`engine.analysis.calibrate.predict_episode` makes them.
    loo : polars.DataFrame
        The fit's ``loo_posteriors.parquet`` (column ``left_out`` names the episode whose
        prediction each posterior made).
    """
    import polars as pl

    out = []
    for e in episodes:
        if e.name not in predictions:
            continue
        post = loo.filter(pl.col("left_out") == e.name)
        last = post.filter(pl.col("generation") == post["generation"].max())
        day = e.outcome.ceasefire_day
        t = predictions[e.name].samples.reshape(cfg.draws, cfg.seeds)
        p_draws = (t <= (e.horizon if day is None else day)).mean(axis=1)
        out.append(DrawSpread(e.name, day, p_draws, kish_ess(last["weight"].to_numpy()), last.height,
                              e.horizon))
    return out


def draw_spread_markdown(spread: list[DrawSpread], cfg) -> str:
    """The parameter-uncertainty table under the scores: spread over draws and ESS."""
    lines = [
        f"Parameter uncertainty. The probabilities above pool {cfg.draws} posterior draws x "
        f"{cfg.seeds} seeds. Here each draw's own P(ceasefire by the historical day) (over its "
        f"{cfg.seeds} seeds, so in steps of 1/{cfg.seeds}) shows how far the prediction moves "
        "within the posterior, and the effective sample size (Kish) of the left-out posterior "
        "says how many particles really carry it:",
        "",
        "| episode | ceasefire day | P by the day, per draw: min / median / max | draws with P = 0 "
        "| draws with P = 1 | effective sample size of its posterior |",
        "|---|---|---|---|---|---|",
    ]
    for d in spread:
        q = np.quantile(d.p_draws, [0.0, 0.5, 1.0])
        ps = f"{q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f}"
        zero, one = f"{int((d.p_draws == 0).sum())}", f"{int((d.p_draws == 1).sum())}"
        day = f"none (P by the window's end, day {d.horizon})" if d.day is None else str(d.day)
        lines.append(f"| {d.episode} | {day} | {ps} | {zero} | {one} | {d.ess:.1f} of {d.particles} |")
    thin = [d for d in spread if d.ess < 3.0]
    if thin:
        lines += ["", "Below 3 effective particles (the prediction rests on one or two parameter "
                  "values): " + ", ".join(f"{d.episode} ({d.ess:.1f})" for d in thin) + "."]
    return "\n".join(lines)


def reading_note(cfg) -> str:
    """How to read the scores table: what the model's "ceasefire" is, and the log-score floor."""
    from engine.analysis.scoring import CDF_EPS

    n = cfg.draws * cfg.seeds
    return (
        "How to read it. A model run's day is the day its fighting stopped: a signed deal or "
        "one army's collapse, since the record's ceasefire day also counts ceasefires after a "
        "military decision (outcomes.toml's `ended.how`). Probabilities from the model's "
        f"{n} runs per episode are kept within [1/{2 * n}, 1 - 1/{2 * n}] so that a log score is "
        f"finite (at most {math.log(2 * n):.2f} per day scored); the base rates' CDFs within "
        f"[{CDF_EPS:g}, 1 - {CDF_EPS:g}] (at most {-math.log(CDF_EPS):.1f}). The model's floor is "
        "the kinder one: a confident miss costs the model at most "
        f"{math.log(2 * n):.2f}, a base rate up to {-math.log(CDF_EPS):.1f}."
    )


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


def _episode_figure(table, img_dir: Path, spread: list[DrawSpread] | None = None) -> str:
    """P(ceasefire by the historical day) and CRPS per episode: model vs two base rates.

    With ``spread``, the calibrated bar carries the range of the per-draw probabilities.
    """
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
        xerr = None
        if p == "calibrated" and spread:
            by = {d.episode: d for d in spread}
            # no bar (and no range) where the record has no ceasefire day
            lo = [np.nan if n not in by or by[n].day is None else v - by[n].p_draws.min()
                  for n, v in zip(names, pv, strict=True)]
            hi = [np.nan if n not in by or by[n].day is None else by[n].p_draws.max() - v
                  for n, v in zip(names, pv, strict=True)]
            xerr = np.clip(np.array([lo, hi]), 0.0, None)
        axes[0].barh(y + (k - 1) * 0.27, pv, height=0.27, label=p, xerr=xerr,
                     error_kw={"elinewidth": 0.8, "capsize": 2})
        axes[1].barh(y + (k - 1) * 0.27, cv, height=0.27, label=p)
    axes[0].set_yticks(y, names, fontsize=7)
    axes[0].set_xlabel("P(ceasefire by the historical day); calibrated: range over draws")
    axes[0].set_xlim(0, 1)
    axes[1].set_xlabel("CRPS of the ceasefire day (days; lower is better)")
    axes[1].set_xscale("symlog", linthresh=10)
    axes[0].legend(fontsize=7, loc="lower right")
    fig.suptitle("Leave-one-episode-out: the calibrated bargaining talks against base rates", fontsize=9)
    fig.tight_layout()
    fig.savefig(img_dir / "validation_episodes.png", dpi=110)
    plt.close(fig)
    return "img/validation_episodes.png"


# ------------------------------------------------------------------ exact against reweighted LOO
LOO_CHECK_DIR = REPO / "scenarios" / "episodes" / "loo_check"
LOO_CHECK_TITLE = "Exact against approximate leave-one-out (issue 14)"
LOO_ADOPTED_TITLE = "Exact leave-one-out of the adopted fit (issue 14)"
LOO_ADOPTED_EXACT_TITLE = "Exact against re-thresholded leave-one-out of the adopted fit (issue 14)"
FORWARD_TITLE = "Past-only scores (issue 14)"
# every title loo_check_section and forward_section can give: validate-model regenerates
# or drops them, never keeps an old one as hand-made
LOO_TITLES = (LOO_CHECK_TITLE, LOO_ADOPTED_TITLE, LOO_ADOPTED_EXACT_TITLE, FORWARD_TITLE)
_SCORES = (("crps", "CRPS", 1), ("brier_mean", "Brier", 3), ("log_mean", "log", 3))


def loo_check_section(exact_dir: Path, reweight_dir: Path, priors_path: Path = PRIORS,
                      adopted: bool = False, adopted_loo: str = "reweight"):
    """The same fit's leave-one-out scored exactly and by re-thresholding, side by side.

    ``exact_dir`` holds a ``warsim calibrate --loo exact`` folder and ``reweight_dir`` a
    ``--loo reweight`` one with the same budget, seed and episodes, so their full fits
    are the same (the section says whether they are, bit for bit) and the two
    leave-one-out tables differ only in how each left-out posterior was made: a fit
    without the episode (exact) or the full fit's last population re-thresholded on the
    distance without it (reweight). Both are re-predicted here from their stored
    leave-one-out posteriors. ``adopted``: ``reweight_dir`` is the adopted fit itself and
    ``exact_dir`` its exact leave-one-out at the same budget (the section then says that
    its exact column is the leave-one-out the adopted table approximates).
    ``adopted_loo``: how the adopted fit's own leave-one-out (the table above this
    section) was made, ``"reweight"`` or ``"exact"``; with ``adopted`` and ``"exact"``,
    ``exact_dir`` is the adopted fit itself and ``reweight_dir`` its re-thresholded
    approximation at the same budget (the approximation the earlier adopted fits used),
    and the section is titled :data:`LOO_ADOPTED_EXACT_TITLE`.

    Returns
    -------
    (title, markdown, table)
        ``table``: per episode and predictor (``exact``, ``reweight``, ``constant_hazard``),
        the scores.

    Raises
    ------
    UsageError
        When the folders are not an exact and a reweight fit of the same budget.
    """
    import polars as pl

    if adopted_loo not in ("reweight", "exact"):
        raise ValueError(f"adopted_loo: {adopted_loo!r} (reweight or exact)")
    ce, priors, se, post_e, te = loo_scores(exact_dir, priors_path)
    cr, _, sr, post_r, tr = loo_scores(reweight_dir, priors_path)
    if ce.loo != "exact" or cr.loo != "reweight":
        raise UsageError(
            f"{exact_dir}, {reweight_dir}: need an exact and a reweight leave-one-out fit "
            f"(have {ce.loo} and {cr.loo})"
        )
    budget = ("episodes", "population", "generations", "seeds", "days", "draws", "seed")
    differ = [b for b in budget if getattr(ce, b) != getattr(cr, b)]
    if differ:
        raise UsageError(f"{exact_dir}, {reweight_dir}: fitted with different {', '.join(differ)}")
    same_fit = post_e.equals(post_r)
    table = pl.concat([
        te.filter(pl.col("predictor") == "calibrated").with_columns(pl.lit("exact").alias("predictor")),
        tr.filter(pl.col("predictor") == "calibrated").with_columns(pl.lit("reweight").alias("predictor")),
        te.filter(pl.col("predictor") == "constant_hazard"),
    ], how="diagonal_relaxed")

    def rows(p):
        return {r["episode"]: r for r in table.filter(pl.col("predictor") == p).iter_rows(named=True)}

    ex, rw, ch = rows("exact"), rows("reweight"), rows("constant_hazard")
    lines = [
        "| episode | ceasefire day | P(by the day): exact / reweight | CRPS: exact / reweight / "
        "constant hazard | Brier: exact / reweight / c.h. | log: exact / reweight / c.h. |",
        "|---|---|---|---|---|---|",
    ]
    for n in sorted(ex):
        day = str(ex[n]["ceasefire_day"]) if ex[n]["observed"] else "none"
        cells = [f"{_fmt(ex[n]['p_by_historical_day'])} / {_fmt(rw[n]['p_by_historical_day'])}"]
        for c, _, d in _SCORES:
            cells.append(" / ".join(_fmt(x[n][c], d) for x in (ex, rw, ch)))
        lines.append(f"| {n} | {day} | " + " | ".join(cells) + " |")

    def mean(p, c):
        return float(table.filter(pl.col("predictor") == p)[c].drop_nulls().mean())

    lines += ["", "| mean over the episodes | exact | reweight | constant hazard | reweight against "
              "exact (lower: kinder to the model) | exact against the constant hazard |",
              "|---|---|---|---|---|---|"]
    words = []
    kinder = 0
    flattered, harsher = [], []  # score names: the approximation kinder / harsher than exact
    for c, name, d in _SCORES:
        e, r, h = mean("exact", c), mean("reweight", c), mean("constant_hazard", c)
        rel = r / e - 1.0  # below 0: the approximation flatters the model
        kinder += rel < 0
        (flattered if rel < 0 else harsher).append(f"{name} ({rel:+.1%})")
        vs = e / h - 1.0
        lines.append(
            f"| {name} | {e:.{d}f} | {r:.{d}f} | {h:.{d}f} | {rel:+.1%} "
            f"({'kinder' if rel < 0 else 'harsher'}) | {'loses' if vs > 0 else 'wins'} by {abs(vs):.0%} |"
        )
        words.append(f"{name} {r:.{d}f} against {e:.{d}f}")
    better = sum(ex[n]["crps"] > rw[n]["crps"] for n in ex)
    verdict = (
        "the approximation flattered the model on every score" if kinder == len(_SCORES)
        else "the approximation did not flatter the model on any score: the exact refits scored better"
        if kinder == 0 else f"the approximation flattered the model on {kinder} of {len(_SCORES)} scores"
    )
    n_eps = len(ex)
    eps_last = float(post_e.filter(pl.col("generation") == post_e["generation"].max())["epsilon"][0])

    def commit(state):
        return f"`{state['commit'][:12]}` (tracked files {'differed' if state.get('dirty') else 'clean'})"

    at = commit(se) if commit(se) == commit(sr) else f"{commit(se)} and {commit(sr)} respectively"
    command = (
        f"`warsim calibrate --priors {_rel(priors_path)} --population {ce.population} "
        f"--generations {ce.generations} --seeds {ce.seeds} --draws {ce.draws} --seed {ce.seed}` with "
        f"`--loo exact` (each of the {n_eps} episodes left out of a fit of its own: {n_eps + 1} fits) "
        f"and with `--loo reweight` (one fit), at commit {at}; "
        f"final threshold {eps_last:.3f}. The two full fits are "
        + ("identical, bit for bit" if same_fit else "NOT identical (the seeds did not carry over)")
    )
    if adopted_loo == "exact":
        return _loo_exact_adopted(
            adopted, command, exact_dir, reweight_dir, lines, words, verdict, flattered, harsher,
            better, n_eps, table,
        )
    how = (
        "the adopted fit's leave-one-out was redone exactly, at the adopted fit's own budget "
        "and seed" if adopted else
        "the same priors were fitted twice at a reduced budget and the same seed"
    )
    text = [
        f"The leave-one-out of the adopted fit (above) re-thresholds the full fit's last population "
        f"without the left-out episode, whose term still steered the earlier generations. To measure "
        f"what that approximation hides, {how}: " + command
        + f". Folders: `{_rel(exact_dir)}`, `{_rel(reweight_dir)}`; both tables re-predicted here from "
        "their stored leave-one-out posteriors.",
        "",
        *lines,
        "",
        f"Re-thresholded against exact refits (means): {'; '.join(words)}; at this budget "
        f"{verdict}. The re-thresholded posterior gives the better CRPS in {better} of {n_eps} "
        "episodes. "
        + ("This is the adopted table's own gap: the exact column is the leave-one-out that the "
           "table above approximates, and the last column scores the model against the base rate "
           "without the approximation." if adopted else
           "This is the gap at this budget, not a correction to the table above: the "
           "adopted fit ran more particles and generations (its left-out episode steered more of "
           "them), and its own gap is measured only where that run is stored (the section "
           f"\"{LOO_ADOPTED_TITLE}\")."),
    ]
    return (LOO_ADOPTED_TITLE if adopted else LOO_CHECK_TITLE), "\n".join(text), table


def _loo_exact_adopted(adopted, command, exact_dir, reweight_dir, lines, words, verdict,
                       flattered, harsher, better, n_eps, table):
    """:func:`loo_check_section`'s words when the adopted fit's leave-one-out is exact.

    The adopted table above is then the exact leave-one-out; ``adopted``: this section sets
    it beside its re-thresholded approximation at the same budget (``reweight_dir``);
    otherwise it is the reduced-budget check, which measured that approximation first.
    """
    def names(xs):
        return " and ".join([", ".join(xs[:-1]), xs[-1]] if len(xs) > 1 else xs)

    flat = "the approximation flattered the model on " + (names(flattered) if flattered else "no score")
    if harsher:
        flat += f" and was harsher on {names(harsher)}"
    if flattered and harsher:
        flat += (f": re-thresholding makes the model look better than its exact "
                 f"leave-one-out on {names([f.split(' (')[0] for f in flattered])}, worse on "
                 f"{names([h.split(' (')[0] for h in harsher])}")
    folders = f". Folders: `{_rel(exact_dir)}`, `{_rel(reweight_dir)}`; both tables re-predicted here from " \
              "their stored leave-one-out posteriors."
    if adopted:
        text = [
            "The leave-one-out of the adopted fit (above) is exact: each episode was left out of a "
            "fit of its own, at the adopted fit's budget and seed. The earlier adopted fits "
            "approximated it by re-thresholding the full fit's last population on the distance "
            "without the left-out episode (no refit; that episode's term still steered the earlier "
            "generations). To show what that approximation hid, the adopted command was run both "
            f"ways: {command}" + folders + " The exact column is the adopted table above; the "
            "reweight column is what the approximation reports for the same full fit.",
            "",
            *lines,
            "",
            f"Re-thresholded against exact refits (means): {'; '.join(words)}; at the adopted "
            f"budget {flat}. The re-thresholded posterior gives the better CRPS in {better} of "
            f"{n_eps} episodes. The last column scores the adopted (exact) leave-one-out against "
            "the base rate, with no approximation left in it.",
        ]
        return LOO_ADOPTED_EXACT_TITLE, "\n".join(text), table
    text = [
        "The leave-one-out of the adopted fit (above) is exact. The earlier adopted fits "
        "re-thresholded the full fit's last population without the left-out episode, whose term "
        "still steered the earlier generations; this check measured that approximation first, at a "
        f"reduced budget, fitting the same priors twice with the same seed: {command}" + folders,
        "",
        *lines,
        "",
        f"Re-thresholded against exact refits (means): {'; '.join(words)}; at this budget "
        f"{verdict}. The re-thresholded posterior gives the better CRPS in {better} of {n_eps} "
        "episodes. This is the gap at this reduced budget; the gap at the adopted fit's own budget "
        f"is measured where its re-thresholded run is stored (the section \"{LOO_ADOPTED_EXACT_TITLE}\").",
    ]
    return LOO_CHECK_TITLE, "\n".join(text), table


# ------------------------------------------------------------------ past-only scores
_PREDICTORS = (("calibrated", "model"), ("constant_hazard", "constant hazard"),
               ("lognormal", "lognormal"), ("kaplan_meier", "Kaplan-Meier"))


def forward_section(forward_dir: Path, priors_path: Path = PRIORS):
    """Past-only scores: each episode predicted only from the wars known before it began.

    ``forward_dir`` holds a ``warsim calibrate --loo forward`` folder; its predictions are
    re-made here from its stored posteriors (the fit's draws and seeds) and scored with
    the base rates fitted on each episode's same past-only training set
    (:func:`engine.analysis.scoring.past_only`).

    Returns
    -------
    (title, markdown, table)
        ``table``: per episode and predictor, the scores (unscored episodes: null scores,
        ``scored`` False).

    Raises
    ------
    UsageError
        When the folder is not a complete past-only fit of the priors.
    """
    import polars as pl

    cfg, priors, state, post, table = loo_scores(forward_dir, priors_path)
    if cfg.loo != "forward":
        raise UsageError(f"{forward_dir}: not a past-only fit (--loo {cfg.loo}, not forward)")

    def rows(p):
        return {r["episode"]: r for r in table.filter(pl.col("predictor") == p).iter_rows(named=True)}

    by = {p: rows(p) for p, _ in _PREDICTORS}
    order = list(dict.fromkeys(table.sort("start")["episode"].to_list()))
    scored = [n for n in order if by["calibrated"][n]["scored"]]
    lines = [
        "| episode | start | past wars | ceasefire day | P(by the day): model / constant hazard "
        "| CRPS: model / c.h. / lognormal / K-M | Brier: model / c.h. / lognormal / K-M "
        "| log: model / c.h. / lognormal / K-M |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in order:
        r = by["calibrated"][n]
        day = str(r["ceasefire_day"]) if r["observed"] else f"none ({r['window_days']})"
        head = f"| {n} | {r['start']} | {r['n_train']} | {day} | "
        if not r["scored"]:
            wars = "war" if r["n_train"] == 1 else "wars"
            lines.append(head + f"not scored: {r['n_train']} past {wars}, fewer than {cfg.min_past} "
                         "| - | - | - |")
            continue
        ch = by["constant_hazard"][n]
        cells = [f"{_fmt(r['p_by_historical_day'])} / {_fmt(ch['p_by_historical_day'])}"]
        for c, _, d in _SCORES:
            cells.append(" / ".join(_fmt(by[p][n][c], d) for p, _ in _PREDICTORS))
        lines.append(head + " | ".join(cells) + " |")

    def mean(p, c):
        return float(table.filter((pl.col("predictor") == p) & pl.col("scored"))[c].drop_nulls().mean())

    lines += [
        "",
        f"| mean over the {len(scored)} scored episodes | "
        + " | ".join(label for _, label in _PREDICTORS) + " | model against the constant hazard |",
        "|---" * (len(_PREDICTORS) + 2) + "|",
    ]
    verdicts = []
    for c, name, d in _SCORES:
        m, h = mean("calibrated", c), mean("constant_hazard", c)
        rel = m / h - 1.0
        verdict = f"{'loses' if rel > 0 else 'wins'} by {abs(rel):.0%}"
        lines.append(f"| {name} | " + " | ".join(f"{mean(p, c):.{d}f}" for p, _ in _PREDICTORS)
                     + f" | {verdict} |")
        verdicts.append(f"{name} {m:.{d}f} against {h:.{d}f} ({verdict})")
    better = sum(by["calibrated"][n]["crps"] < by["constant_hazard"][n]["crps"] for n in scored)
    wins = sum(mean("calibrated", c) < mean("constant_hazard", c) for c, _, _ in _SCORES)
    who = ("the calibrated talks beat the constant hazard on every score" if wins == len(_SCORES)
           else "the constant hazard beats the calibrated talks on every score" if wins == 0
           else f"the calibrated talks beat the constant hazard on {wins} of {len(_SCORES)} scores")
    tracked = "differed" if state.get("dirty") else "clean"
    unscored = [n for n in order if n not in scored]
    text = [
        "Leave-one-out predicts an early war with coefficients fitted on later ones. Here each "
        "episode is predicted only from the episodes whose outcome was known before it began: "
        "their ceasefire (or, without one, the end of their window) strictly before its start, "
        "each record as it stood on the eve of that start (a later relapse not yet known, the "
        "window cut there). The talks' coefficients are refitted on that set alone (one ABC-SMC "
        "fit per scored episode) and the base rates are fitted on the same set. An episode with "
        f"fewer than {cfg.min_past} such wars is not scored"
        + (f" ({', '.join(unscored)})" if unscored else "") + ". "
        f"`warsim calibrate --priors {_rel(priors_path)} --population {cfg.population} "
        f"--generations {cfg.generations} --seeds {cfg.seeds} --draws {cfg.draws} --seed {cfg.seed} "
        f"--loo forward` at commit `{state['commit'][:12]}` (tracked files {tracked}): "
        f"{len(scored) + 1} fits (one per scored episode and the full fit). Folder "
        f"`{_rel(forward_dir)}`; re-predicted here from its stored posteriors.",
        "",
        *lines,
        "",
        f"Over the {len(scored)} scored episodes {who}: " + "; ".join(verdicts)
        + f"; the model's CRPS is the better in {better} of {len(scored)} episodes.",
    ]
    stored = forward_dir / "scores.parquet"
    if stored.is_file():
        cols = ["episode", "predictor", "crps", "brier_mean", "log_mean", "p_by_historical_day"]
        same = pl.read_parquet(stored).select(cols).sort(cols[:2]).equals(table.select(cols).sort(cols[:2]))
        text += ["", "Identical to the fit's own `scores.parquet`." if same else
                 "Not identical to the fit's own `scores.parquet`: the engine changed since the fit's "
                 "commit; the numbers above are this run's."]
    return FORWARD_TITLE, "\n".join(text), table


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


CLEAN_DRAWS = 40  # posterior draws for the clean backtest over the posterior
CLEAN_DRAW_SEEDS = 5  # seeds per draw: 200 runs, as many as the medians' table
CLEAN_DRAW_RNG = 20250101  # fixed: which particles are drawn never depends on the results


def clean_backtest_over_draws(draws: int = CLEAN_DRAWS, seeds: int = CLEAN_DRAW_SEEDS,
                              fit_dir: Path = FIT_DIR) -> dict | None:
    """The clean backtest over the adopted posterior's draws, not only its medians.

    ``draws`` weighted draws of the fitted coefficients from the last generation of the
    adopted fit (``fit_dir``'s ``posterior.parquet``, which must be the fit that
    ``posterior.toml`` summarises), each run over seeds ``1..seeds``.

    Returns
    -------
    dict or None
        ``p_draws`` float64[draws] (each draw's share of seeds with a ceasefire in the
        year), ``ceasefire`` bool[draws * seeds], ``ceasefire_day`` float64[draws * seeds]
        (draw-major), ``draws``, ``seeds``; None when the fit folder is not the adopted
        posterior's.
    """
    import polars as pl

    from engine.analysis.posterior import load_summary, posterior_path
    from engine.analysis.priors import load_priors
    from engine.core.simulate import run_days
    from engine.results import run_columns
    from engine.scenario import load_scenario
    from engine.world import build_world

    post = posterior_path()
    state_path = fit_dir / "calibration.json"
    if post is None or not state_path.is_file() or not (fit_dir / "posterior.parquet").is_file():
        return None
    if json.loads(state_path.read_text(encoding="utf-8")).get("commit") != load_summary(post).meta.commit:
        return None
    priors = load_priors(PRIORS)
    full = pl.read_parquet(fit_dir / "posterior.parquet")
    last = full.filter(pl.col("generation") == full["generation"].max())
    w = last["weight"].to_numpy()
    idx = np.random.default_rng(CLEAN_DRAW_RNG).choice(len(w), size=draws, replace=True, p=w / w.sum())
    cf_all, day_all = [], []
    for j in idx:
        over = {p: float(last[c.path][int(j)]) for c in priors.coefficients for p in c.paths}
        w_, st = build_world(load_scenario(CLEAN, over), np.arange(1, seeds + 1))
        run_days(w_, st.days)
        cf = run_columns(w_, st)["ceasefire_day"].astype(float)
        cf_all.append((cf >= 0) & (cf < st.days))
        day_all.append(cf)
    ceasefire = np.concatenate(cf_all)
    return {
        "p_draws": ceasefire.reshape(draws, seeds).mean(axis=1),
        "ceasefire": ceasefire,
        "ceasefire_day": np.concatenate(day_all),
        "draws": draws,
        "seeds": seeds,
    }


def over_draws_paragraph(d: dict | None) -> str:
    """The clean backtest's P(ceasefire in 2025) over posterior draws, in words."""
    from engine.batch.survival import wilson

    if d is None:
        return ("Over the posterior's draws: not run (the fit folder is not the one the adopted "
                "posterior.toml summarises).")
    n = d["draws"] * d["seeds"]
    k = int(d["ceasefire"].sum())
    lo, hi = wilson(k, n)
    pd_ = d["p_draws"]
    q = np.quantile(pd_, [0.05, 0.5, 0.95])
    days = d["ceasefire_day"][d["ceasefire"]]
    med = f", median day {np.median(days):.0f}" if k else ""
    return (
        f"The table runs the posterior medians, so its interval is seed spread only. Over the "
        f"posterior instead ({d['draws']} weighted draws of the fitted coefficients from the "
        f"adopted fit's last generation x {d['seeds']} seeds): P(ceasefire in 2025) = {k / n:.2f} "
        f"(95% Wilson {float(lo):.2f} to {float(hi):.2f}){med}; each draw's own P (over its "
        f"{d['seeds']} seeds) has median {q[1]:.2f} and 5-95% {q[0]:.2f} to {q[2]:.2f} over the "
        f"draws; {int((pd_ == 0).sum())} of {d['draws']} draws sign in no seed, "
        f"{int((pd_ == 1).sum())} in every seed."
    )


def inside(record: float | None, low: float, high: float) -> str:
    """Whether a record figure lies in the model's 90% interval [low, high], in words."""
    if record is None:
        return "- (no figure)"
    if record < low:
        return "no: below it"
    if record > high:
        return "no: above it"
    return "yes"


def clean_backtest_section(seeds: int, img_dir: Path | None):
    """The clean backtest's figures side by side with 2025's record (markdown, figures, numbers)."""
    from engine.batch.survival import wilson

    r = clean_backtest(seeds)
    k = int(np.sum(r["ceasefire"]))
    lo, hi = wilson(k, seeds)
    cfd = r["ceasefire_day"][r["ceasefire"]]
    rows = [
        "| quantity | model: median (90% interval) over seeds | 2025 record | record inside the "
        "model's 90% interval | record source |",
        "|---|---|---|---|---|",
    ]
    rec = RECORD_2025["ceasefire"]
    cf_text = f"P = {k / seeds:.2f} (95% Wilson {float(lo):.2f} to {float(hi):.2f})"
    if k:
        cf_text += f"; median day {np.median(cfd):.0f}"
    # the record (no ceasefire) is inside the 90% interval when at least 5% of runs have none
    none_runs = seeds - k
    cf_in = (f"{'yes' if none_runs >= 0.05 * seeds else 'no'}: {none_runs} of {seeds} runs have none")
    rows.append(f"| {rec.label} | {cf_text} | {rec.text} | {cf_in} | {rec.source} |")
    labels = {
        "territory": ("{:,.0f}", "Russian gain (km2 in the year)"),
        "cas_rus": ("{:,.0f}", "Russian casualties per day (over the year)"),
        "cas_ukr": ("{:,.0f}", "Ukrainian casualties per day (over the year)"),
        "gdp": ("{:.1f}", "Russian GDP growth (%)"),
        "brent": ("{:.1f}", "Oil price, mean over the year ($/bbl)"),
    }
    found = {"p_ceasefire": k / seeds,
             "median_ceasefire_day": float(np.median(cfd)) if k else float("nan")}
    for key, (fmt, label) in labels.items():
        v = r[key]
        if v is None:
            continue
        q = np.quantile(np.asarray(v, dtype=float), [0.5, 0.05, 0.95])
        found[key] = float(q[0])
        rec = RECORD_2025[key]
        spread = f"{fmt.format(q[0])} ({fmt.format(q[1])} to {fmt.format(q[2])})"
        rows.append(f"| {label} | {spread} | {rec.text} | {inside(rec.value, q[1], q[2])} | {rec.source} |")
    draws = clean_backtest_over_draws()
    if draws is not None:
        found["p_ceasefire_draws"] = float(draws["ceasefire"].mean())
        days = draws["ceasefire_day"][draws["ceasefire"]]
        found["median_ceasefire_day_draws"] = float(np.median(days)) if days.size else float("nan")
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
        "",
        over_draws_paragraph(draws),
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
