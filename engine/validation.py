"""The validation report: closed-form checks, the 2025 backtest, sensitivity, limits.

``warsim validate-model [--out docs/validation.md] [--seeds N] [--quick]`` runs
everything from the engine and rewrites the report with its figures (PNG files
under ``docs/img/``). Nothing in the report is typed in by hand except the prose
around the numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine import layout as L
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world
from scenarios.synthetic import synthetic_raw


@dataclass
class Section:
    """One part of the report: markdown text and the figures it wrote."""

    title: str
    text: str
    figures: list[str] = field(default_factory=list)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


# ------------------------------------------------------------------ Lanchester
def lanchester_check(img_dir: Path | None) -> Section:
    """Square law (mu=1, no noise or movement) against its closed form."""
    a0, d0, k, phi, days = 100_000.0, 80_000.0, 0.002, 1.3, 365
    raw = synthetic_raw(n_fronts=1, settlements=0, movement=False, days=days)
    raw["battle"].update(mu=1.0, attrition=k, loss_noise=0.0, advance_noise=0.0,
                         fire_elasticity=0.0, morale_effect=0.0)
    for code in ("A0", "D0"):
        raw["states"][code].update(recruits_per_day=0.0, fire_rate=0.0, fire_production=0.0,
                                   morale_sensitivity=0.0, collapse_morale=0.0, alloc_rate=0.0)
    raw["fronts"]["s0"].update(attacker_troops=a0, defender_troops=d0, fortification=phi,
                               intensity=1.0)
    raw["states"]["A0"]["troops"], raw["states"]["D0"]["troops"] = a0, d0
    w, _ = build_world(load_scenario(raw), [1], record_every=1)
    run_days(w, days)
    ka, kd = k / phi, k * phi
    g = math.sqrt(ka * kd)
    t = np.arange(1, days + 1)
    a_exact = a0 * np.cosh(g * t) - math.sqrt(kd / ka) * d0 * np.sinh(g * t)
    d_exact = d0 * np.cosh(g * t) - math.sqrt(ka / kd) * a0 * np.sinh(g * t)
    a_sim = w.series_state[0, :, 0, L.SS_TROOPS]
    d_sim = w.series_state[0, :, 1, L.SS_TROOPS]
    ok = (a_exact > 0) & (d_exact > 0)
    err = max(np.max(np.abs(a_sim[ok] / a_exact[ok] - 1)), np.max(np.abs(d_sim[ok] / d_exact[ok] - 1)))
    figs = []
    if img_dir:
        plt = _plt()
        fig, ax = plt.subplots(figsize=(6, 3.2))
        ax.plot(t, a_exact, "k-", lw=1, label="closed form")
        ax.plot(t, d_exact, "k-", lw=1)
        ax.plot(t[::10], a_sim[::10], "o", ms=3, label="attacker (engine)")
        ax.plot(t[::10], d_sim[::10], "s", ms=3, label="defender (engine)")
        ax.set_xlabel("day")
        ax.set_ylabel("troops")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(img_dir / "validation_lanchester.png", dpi=110)
        plt.close(fig)
        figs.append("img/validation_lanchester.png")
    text = (
        f"Two armies, A0 = {a0:,.0f} and D0 = {d0:,.0f}, k = {k}, fortification {phi}, "
        "mu = 1 (square law), no noise, movement, recruitment or reinforcement. The engine's "
        "daily steps against the continuous solution "
        "`A(t) = A0 cosh(gt) - sqrt(kD/kA) D0 sinh(gt)`: largest relative error over the year "
        f"**{err:.2%}** (an explicit daily Euler step; the error is of order k*phi per day)."
    )
    return Section("Lanchester's square law", text, figs)


# ------------------------------------------------------------------ backtest
BACKTEST_SOURCES = [
    ("Territory gained in 2025", "AFP/ISW monthly tallies; DeepState maps (deepstatemap.live)"),
    ("Casualty rate", "Ukrainian General Staff daily reports; UK Defence Intelligence updates"),
    ("Russian GDP growth 2025", "Rosstat first estimate (early 2026); IMF World Economic Outlook"),
    ("Mean Brent price 2025", "EIA Short-Term Energy Outlook, Brent spot annual average"),
    ("Ceasefire in 2025", "news record of 2025 (Reuters, AP)"),
]
BACKTEST_TITLE = "The 2025 backtest with 2025's talks events as inputs (not clean)"


def backtest(seeds: int) -> tuple[Section, dict]:
    """Simulated 2025 from the end-2024 world: medians and 90% intervals."""
    s = load_scenario("ukraine_2025_backtest")
    w, st = build_world(s, np.arange(1, seeds + 1))
    run_days(w, st.days)
    from engine.results import run_columns

    cols = run_columns(w, st)
    n_days = np.maximum(w.day, 1)
    metrics = {
        "Russian territorial gain (km2 in the run)": cols["territory_change_km2_RUS"],
        "Russian casualties per day (over the year, ceasefire days included)":
            cols["casualties_RUS"] / n_days,
        "Ukrainian casualties per day (over the year)": cols["casualties_UKR"] / n_days,
    }
    if "gdp_growth_RUS" in cols:
        metrics["Russian GDP growth (% a year)"] = cols["gdp_growth_RUS"]
    if "oil_price_mean" in cols:
        metrics["Mean oil price ($/bbl)"] = cols["oil_price_mean"]
    cf = cols["ceasefire_day"]
    p_cf = float(np.mean((cf >= 0) & (cf < st.days)))
    lo, hi = _wilson(int(np.sum((cf >= 0) & (cf < st.days))), seeds)
    rows = ["| quantity | median | 90% interval |", "|---|---|---|"]
    for name, v in metrics.items():
        q = np.quantile(v, [0.5, 0.05, 0.95])
        rows.append(f"| {name} | {q[0]:,.1f} | {q[1]:,.1f} to {q[2]:,.1f} |")
    rows.append(f"| P(ceasefire in 2025) | {p_cf:.2f} | {lo:.2f} to {hi:.2f} (95% Wilson) |")
    src = "\n".join(f"- {a}: {b}" for a, b in BACKTEST_SOURCES)
    text = (
        f"`ukraine_2025_backtest`: {seeds} seeds from 2025-01-01 for {st.days} days, every "
        "mechanism on, parameters calibrated only on facts up to 2024-12-31 and 2025's "
        "scheduled inputs as events (docs/calibration.md). Kept for comparison: it breaks "
        "the clean rule (it takes 2025's summits, leak and deadline, products of the talks, "
        "as inputs, and judgement talks coefficients; docs/validation_2025_inputs.md); the "
        "clean backtest is the section above.\n\n" + "\n".join(rows) +
        "\n\n2025's record, with figures and sources, is in the clean backtest's table above; "
        "the series it comes from:\n\n" + src
    )
    found = {k: float(np.median(v)) for k, v in metrics.items()}
    found["p_ceasefire"] = p_cf
    found["median_ceasefire_day"] = float(np.median(cf[cf >= 0])) if (cf >= 0).any() else float("nan")
    return Section(BACKTEST_TITLE, text), found


def _wilson(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval, scalar form of :func:`engine.batch.survival.wilson`."""
    from engine.batch.survival import wilson

    if n == 0:
        return 0.0, 1.0
    low, high = wilson(k, n)
    return float(low), float(high)


# ------------------------------------------------------------------ sensitivity
def sensitivity(samples: int, reps: int, img_dir: Path | None) -> Section:
    """Sobol indices of the reference scenario's levers on its main outcomes."""
    from engine.sensitivity import analyze, evaluate, parse_parameters, sample

    s = load_scenario("ukraine_2025")
    names = [n for n, lv in s.levers.items() if lv.active]
    params = parse_parameters(names, s)
    X = sample("sobol", params, samples, seed=1)
    Y = evaluate(s, params, X, reps)
    idx = analyze("sobol", params, X, Y, seed=1)
    lines = [f"Sobol indices (Saltelli sampling, {samples} base samples, {len(X)} points x {reps} "
             "replicates with common random numbers), total order ST with 95% half-widths:", "",
             "| lever | " + " | ".join(sorted(set(idx["outcome"].to_list()))) + " |",
             "|---|" + "---|" * idx["outcome"].n_unique()]
    outcomes = sorted(set(idx["outcome"].to_list()))
    for p in params:
        cells = []
        for o in outcomes:
            r = idx.filter((idx["outcome"] == o) & (idx["parameter"] == p.name)).row(0, named=True)
            cells.append(f"{r['ST']:.2f} ± {r['ST_conf']:.2f}")
        lines.append(f"| {p.name} | " + " | ".join(cells) + " |")
    figs = []
    if img_dir:
        plt = _plt()
        fig, axes = plt.subplots(1, len(outcomes), figsize=(3 * len(outcomes), 3), sharey=True)
        for ax, o in zip(np.atleast_1d(axes), outcomes, strict=True):
            sub = idx.filter(idx["outcome"] == o)
            ax.barh(sub["parameter"].to_list(), sub["ST"].to_numpy(), xerr=sub["ST_conf"].to_numpy())
            ax.set_title(o, fontsize=9)
            ax.set_xlim(0, 1)
        fig.tight_layout()
        fig.savefig(img_dir / "validation_sensitivity.png", dpi=110)
        plt.close(fig)
        figs.append("img/validation_sensitivity.png")
    ranking = {o: idx.filter(idx["outcome"] == o).sort("ST", descending=True)["parameter"][0]
               for o in outcomes}
    words = "; ".join(f"`{o}` is driven most by `{p}`" for o, p in ranking.items())
    lines += ["", f"In words: {words}. A lever with ST near 0 barely moves that outcome over its "
              "range, whatever the other levers do; ST well above S1 means it acts through "
              "interactions (for example pressure that only matters when resolve is low)."]
    return Section("Sensitivity of the reference scenario", "\n".join(lines), figs)


LIMITS = """\
- **A model, not a forecast.** Every judgement-marked (U) parameter is a guess with a
  source note, not an estimate with an error bar; the intervals in this report are Monte
  Carlo spread given those guesses, not uncertainty about them. Use the sensitivity
  analysis and lever sweeps to see how much the answers hinge on them.
- **Sectors are one-dimensional.** A sector's line moves as one depth; encirclements,
  salients and river crossings are reduced to fortification and breakthrough hazards.
- **Casualties are killed and wounded together**, with a fixed share of wounded
  returning; neither side's reported figures are verified numbers.
- **Firepower is one number** (shell-equivalents, drones included); air and missile
  campaigns on cities and energy enter only through events and rally effects.
- **Geography is coarse**: contact-line points and town depths were read off maps to
  5-10 km; settlements are captured when the sector's depth passes them.
{bargaining}
- **Calibration uses 2024 only**: the battlefield's two fitted coefficients match 2024's
  ground and casualty rates; behaviour outside that regime (a collapse, a breakthrough
  war of movement) is extrapolation.
"""


REFERENCE = "ukraine_2025"


@dataclass
class ReferenceCoefficients:
    """Where the reference scenario's fitted talks coefficients come from.

    Attributes
    ----------
    inherited : list of str
        Fitted paths (``talks.bargaining.hazard``, ...) the scenario leaves to the
        posterior, which it therefore plays at the posterior median.
    own : list of str
        Fitted paths it sets with a source of its own (judgement), which win over the fit.
    episodes : int
        How many episodes the posterior was fitted on (0 when none is adopted).
    adopted : bool
        Whether a posterior is in force (``WARSIM_POSTERIOR`` or the adopted file).
    """

    inherited: list[str]
    own: list[str]
    episodes: int
    adopted: bool


def reference_coefficients(scenario: str = REFERENCE) -> ReferenceCoefficients:
    """Which fitted coefficients the reference inherits, by the loader's own rule.

    The report's claims about the reference's talks follow from the scenario file and
    the posterior in force (engine/analysis/posterior.py: a value with a source of its
    own wins, anything else inherits), read each time the report is generated, so they
    stay true when either changes.
    """
    from engine.analysis.posterior import inherit, load_summary, posterior_path
    from engine.scenario import read_raw, resolve_path

    path = resolve_path(scenario)
    raw = read_raw(path)
    post = posterior_path()
    if post is None:
        return ReferenceCoefficients([], [], 0, False)
    summary = load_summary(post)
    _, inherited = inherit(raw, summary, origin=str(path))
    # a path whose table the scenario lacks is neither inherited nor set (inherit skips it)
    present = [p for p in summary.coefficients if _has_table(raw, p)]
    own = [p for p in present if p not in inherited]
    return ReferenceCoefficients(inherited, own, len(summary.meta.episodes), True)


def _has_table(raw: dict, path: str) -> bool:
    node = raw
    for part in path.split(".")[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            return False
        node = node[part]
    return True


def _short_names(paths: list[str]) -> str:
    """``talks.bargaining.sides.A.optimism`` and its B twin as one `sides.A/B.optimism`."""
    names = [p.removeprefix("talks.bargaining.") for p in paths]
    out = []
    for n in names:
        if n.startswith("sides.B.") and "sides.A." + n[8:] in names:
            continue
        if n.startswith("sides.A.") and "sides.B." + n[8:] in names:
            n = "sides.A/B." + n[8:]
        out.append(f"`{n}`")
    return ", ".join(out)


def bargaining_limit(ref: ReferenceCoefficients, episodes: bool = True) -> str:
    """The "Bargaining is stylised" bullet: what the reference's talks coefficients are.

    Parameters
    ----------
    ref : ReferenceCoefficients
        From :func:`reference_coefficients`.
    episodes : bool
        Whether the report holds the episode scores (so "above" points at them).
    """
    above = " (above)" if episodes else ""
    n = len(ref.inherited) + len(ref.own)
    if not ref.adopted:
        coefs = ("behavioural coefficients set by judgement (U) too (no fit across episodes is "
                 "adopted, so it inherits none)")
    elif not ref.inherited:
        coefs = (f"behavioural coefficients set by judgement (U) too: it sets all {n} paths the fit across "
                 f"episodes estimates ({_short_names(ref.own)}) with sources of its own, so it "
                 f"inherits none of the posterior. The clean 2025 backtest plays the coefficients "
                 f"fitted on {ref.episodes} episodes, which the base rate still beats{above}")
    elif not ref.own:
        coefs = (f"behavioural coefficients fitted on {ref.episodes} episodes (it inherits all "
                 f"{n} fitted paths, {_short_names(ref.inherited)}, from the posterior), which "
                 f"the base rate still beats{above}")
    else:
        coefs = (f"behavioural coefficients partly fitted: it inherits {len(ref.inherited)} of "
                 f"the {n} fitted paths ({_short_names(ref.inherited)}) from the posterior "
                 f"fitted on {ref.episodes} episodes and sets the rest "
                 f"({_short_names(ref.own)}) by judgement. The clean 2025 backtest plays all of "
                 f"them fitted, and the base rate still beats that fit{above}")
    text = ("- **Bargaining is stylised**: the reference plays the talks as a bargaining game "
            "over one package share on [0, 1] (each issue placed between the two sides' "
            f"ideals), with small discrete type grids, judgement (U) type distributions and "
            f"{coefs}. The red-line talks (`talks.model = \"redlines\"`) code nine issues with "
            "saliences and red lines from public statements. Envoys, personalities and private "
            "channels are not modelled in the game.")
    return textwrap.fill(text, width=90, subsequent_indent="  ", break_on_hyphens=False,
                         break_long_words=False)


def reference_talks(ref: ReferenceCoefficients) -> str:
    """A few words on the reference's talks coefficients, for the settling limit."""
    n = len(ref.inherited) + len(ref.own)
    if not ref.inherited:
        return "judgement coefficients"
    if not ref.own:
        return "the posterior's coefficients"
    return f"{len(ref.inherited)} of its {n} fitted coefficients from the posterior, the rest by judgement"


def known_limits(found: dict, clean: dict | None, episodes: bool = True) -> str:
    """The "Known limits" section: the settling limit, then the standing ones."""
    ref = reference_coefficients()
    return backtest_limit(found, clean) + LIMITS.replace("{bargaining}", bargaining_limit(ref, episodes))


def reference_ceasefire_probability(seeds: int) -> float:
    """P(ceasefire within the run) of the reference scenario over ``seeds`` seeds."""
    s = load_scenario("ukraine_2025")
    w, st = build_world(s, np.arange(1, seeds + 1))
    run_days(w, st.days)
    cf = w.glob[:, L.G_CEASEFIRE_DAY]
    return float(np.mean(cf >= 0))


def backtest_limit(found: dict, clean: dict | None = None) -> str:
    """The limit the backtests expose, in numbers from this run of the report.

    Parameters
    ----------
    found : dict
        The not-clean backtest's numbers (red-line talks, 2025's talks events as inputs:
        ``p_ceasefire``, ``median_ceasefire_day``) and ``p_ceasefire_reference`` (the
        reference scenario: the bargaining game with its own coefficients, described by
        :func:`reference_talks`).
    clean : dict or None
        The clean backtest's numbers (the bargaining game with the coefficients fitted
        across the episodes); None when the report skipped the episodes (``--no-episodes``).
    """
    ref = (f"the reference scenario (the same game with "
           f"{reference_talks(reference_coefficients())}, from 2025-11-20) gives "
           f"{found['p_ceasefire_reference']:.2f} within a year (docs/model.md, Talks)")
    redlines = (f"the not-clean backtest, which plays the red-line talks with 2025's summits, "
                f"leak and deadlines as inputs, gives {found['p_ceasefire']:.2f} (median day "
                f"{found['median_ceasefire_day']:.0f})")
    if clean is None:
        head = (f"In the 2025 backtest that plays the red-line talks with 2025's summits, leak "
                f"and deadlines as inputs (not clean), P(ceasefire in 2025) is "
                f"{found['p_ceasefire']:.2f} (median day {found['median_ceasefire_day']:.0f}); "
                f"{ref}. The clean backtest of the game was not run in this report (--no-episodes).")
    else:
        over = ("" if "p_ceasefire_draws" not in clean else
                f" at the posterior medians and {clean['p_ceasefire_draws']:.2f} (median day "
                f"{clean['median_ceasefire_day_draws']:.0f}) over the posterior's draws")
        head = (f"In the clean 2025 backtest (the bargaining game, every fitted coefficient from "
                f"the posterior across the episodes), P(ceasefire in 2025) is "
                f"{clean['p_ceasefire']:.2f} (median day {clean['median_ceasefire_day']:.0f}){over}; "
                f"{ref}, and {redlines}.")
    return (
        "- **The talks settle readily.** " + head + " No ceasefire came in 2025. Nothing was "
        "tuned to 2025's outcome (the backtest rule). In the game the likely reasons are that "
        "its fitted coefficients are shared by every war and the fit favoured the short ones "
        "(a deal within a month or two; \"Why the calibrated talks lose to the base rate\" "
        "above), that its case facts (the force ratio, with the pain inputs at the library's "
        "common setting) carry little of what kept this war going, and that a deal the game "
        "signs starts a ceasefire that day (only the commitment problem breaks it later). "
        "Treat the model's ceasefire probabilities as conditional on its bargaining "
        "assumptions, and read the lever effects (direction and rank) rather than the "
        "levels.\n"
    )


def closed_form_talks() -> list[Section]:
    """Rubinstein and Fearon checks from the talks mechanism (its ``checks.py``)."""
    from engine.mechanisms.talks import checks

    return checks.report_sections()


def kept_sections(text: str, generated: set[str]) -> list[Section]:
    """Sections of an existing report that ``validate-model`` does not generate.

    Hand-made sections (e.g. the talks game's ``advance_max`` curve of issue 13, made by
    its own script) survive a regeneration, in their order, before "Known limits".
    """
    out, cur, lines = [], None, []
    for line in text.splitlines():
        if line.startswith("## "):
            if cur is not None:
                out.append(Section(cur, "\n".join(lines).strip("\n")))
            cur, lines = line[3:].strip(), []
        elif cur is not None:
            lines.append(line)
    if cur is not None:
        out.append(Section(cur, "\n".join(lines).strip("\n")))
    return [s for s in out if s.title not in generated]


def episode_sections(img: Path | None, seeds: int, calibration: Path | None) -> tuple[list[Section], dict]:
    """Issue 14: the fit across episodes (leave-one-out table) and the clean 2025 backtest."""
    from engine.analysis import validation_episodes as VE

    fit_dir = calibration or VE.FIT_DIR
    title, text, figs, _ = VE.calibration_section(fit_dir, img)
    cal = Section(title, text, figs)
    fit_loo = VE.load_fit(fit_dir)[0].loo  # "exact" or "reweight": what the table above is
    # the measured cost of the approximate leave-one-out (reduced-budget fits, when stored)
    exact, reweight = VE.LOO_CHECK_DIR / "exact", VE.LOO_CHECK_DIR / "reweight"
    check = []
    if (exact / "calibration.json").is_file() and (reweight / "calibration.json").is_file():
        title, text, _ = VE.loo_check_section(exact, reweight, adopted_loo=fit_loo)
        check.append(Section(title, text))
    if fit_loo == "exact":
        # the adopted fit is the exact leave-one-out (15 fits); beside it, when stored, its
        # re-thresholded approximation at the same budget. An old exact_adopted folder (the
        # exact check of an earlier, re-thresholded adopted fit) is not shown.
        reweight_adopted = VE.LOO_CHECK_DIR / "reweight_adopted"
        if (reweight_adopted / "calibration.json").is_file():
            title, text, _ = VE.loo_check_section(fit_dir, reweight_adopted, adopted=True,
                                                  adopted_loo="exact")
            check.append(Section(title, text))
    else:
        # the adopted fit's own exact leave-one-out (its budget, 15 fits), when stored
        exact_adopted = VE.LOO_CHECK_DIR / "exact_adopted"
        if (exact_adopted / "calibration.json").is_file():
            title, text, _ = VE.loo_check_section(exact_adopted, fit_dir, adopted=True)
            check.append(Section(title, text))
    forward = VE.LOO_CHECK_DIR / "forward"
    if forward.is_dir():  # past-only scores (--loo forward), when stored
        title, text, _ = VE.forward_section(forward)
        check.append(Section(title, text))
    title, text, figs, found = VE.clean_backtest_section(seeds, img)
    text += (
        "\n\nRun once with the frozen posterior, after the fit and before anyone looked at "
        "its 2025 figures; nothing was re-tuned after looking (the rule of CALIBRATION.md). "
        "Re-running `warsim validate-model` reproduces the same numbers (fixed seeds); "
        "it does not re-fit. What the miss says: the section \"Why the calibrated talks lose "
        "to the base rate\" below."
    )
    return [cal, *check, Section(title, text, figs)], found


def build_report(out: Path, seeds: int = 200, samples: int = 128, reps: int = 10,
                 figures: bool = True, calibration: Path | None = None,
                 episodes: bool = True) -> str:
    img = out.parent / "img" if figures else None
    if img:
        img.mkdir(parents=True, exist_ok=True)
    sections = [lanchester_check(img), *closed_form_talks()]
    bt, found = backtest(seeds)
    found["p_ceasefire_reference"] = reference_ceasefire_probability(seeds)
    ep_secs, clean = episode_sections(img, seeds, calibration) if episodes else ([], None)
    sections += [*ep_secs, bt, sensitivity(samples, reps, img)]
    # "The 2025 backtest": the old backtest's title, now BACKTEST_TITLE (not kept as hand-made)
    generated = {s.title for s in sections} | {"Known limits", "The 2025 backtest"}
    if episodes:  # a leave-one-out check whose folders are gone (or flipped) is dropped, not kept
        from engine.analysis.validation_episodes import LOO_TITLES

        generated |= set(LOO_TITLES)
    # read the old report only now: a section appended while the engine ran is kept too
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    sections += [*kept_sections(old, generated),
                 Section("Known limits", known_limits(found, clean, episodes))]
    body = [
        "# Validation report",
        "",
        f"Regenerated by `warsim validate-model` on {dt.date.today().isoformat()} "
        f"(backtest seeds: {seeds}; sensitivity: {samples} base samples x {reps} replicates). "
        "Every number below comes from the engine at that commit.",
    ]
    for sec in sections:
        body += ["", f"## {sec.title}", "", sec.text]
        body += [f"\n![{sec.title}]({f})" for f in sec.figures]
    text = "\n".join(body) + "\n"
    out.write_text(text)
    return text
