"""Scoring predictions of when a war's fighting stops, against base-rate hazard models.

A *predictor* maps an episode's inputs (:class:`Target`: its scenario, never its outcome)
to a :class:`Predictive` distribution of the ceasefire day (days from the episode's
start; ``inf`` = no ceasefire), given as samples (a simulator's runs) or as a CDF (a
fitted model). :func:`leave_one_out` fits any predictor on all episodes but one, predicts
the one left out, and scores it:

* Brier and log score of P(ceasefire by day t) at fixed days t (``scoringrules``
  ``brier_score`` and ``log_score``; lower is better);
* CRPS of the ceasefire day, capped at the episode's window H (``scoringrules``
  ``crps_ensemble``): an episode without a ceasefire in its window is known only to
  have ``T >= H``, so the forecast and the observation are both read as ``min(T, H)``,
  which keeps the score proper under this (fixed, known) censoring.

Base rates (:data:`BASE_RATES`), each fitted on right-censored durations by a maintained
library: ``constant_hazard`` (exponential; the maximum-likelihood rate, closed form,
checked against ``scipy.stats.expon.fit``), ``lognormal`` (``scipy.stats.lognorm.fit`` on
``CensoredData``) and ``kaplan_meier`` (``scipy.stats.ecdf`` on ``CensoredData``, mixed
with 10% of the constant hazard so that no day gets probability 0 or 1).

The calibrated talks model plugs in through :func:`engine_predictor` (runs of the
engine, one sample per seed) or any function ``Target -> Predictive``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import scoringrules as sr
from scipy import stats

from engine.analysis.episodes import Episode, Outcome

EVAL_DAYS = (30, 90, 180, 365, 730)
KM_TAIL_WEIGHT = 0.1
CDF_EPS = 1e-6
QUANTILE_MEMBERS = 2000
# The fewest past wars a past-only prediction is scored from (decided before any past-only
# score existed, not tuned to them). Below four, the fits have nothing to work with: the
# lognormal base rate has two parameters, so on two or three durations its
# maximum-likelihood fit all but passes through them; the Kaplan-Meier base rate moves in
# steps of 1/n; and six talks coefficients fitted by ABC on one to three wars are their
# priors. Four keeps the first scored war as early as the record allows (the October War
# of 1973, after the Chaco, Winter, 1965 and Vietnam wars).
MIN_PAST = 4


# ---------------------------------------------------------------- predictive distributions
@dataclass(frozen=True)
class Predictive:
    """A predictive distribution of the ceasefire day T (days from day 0; inf = never).

    Exactly one of ``samples`` and ``cdf`` is given.

    Attributes
    ----------
    horizon : int
        The episode's window H (days); T is scored as min(T, H).
    samples : float64[n] or None
        Draws of T (e.g. one per seed and posterior draw); ``inf`` for no ceasefire.
    cdf : callable or None
        ``cdf(t) -> P(T <= t)`` for an array of days t, vectorised.
    """

    horizon: int
    samples: np.ndarray | None = None
    cdf: Callable[[np.ndarray], np.ndarray] | None = None

    def __post_init__(self):
        if (self.samples is None) == (self.cdf is None):
            raise ValueError("give exactly one of samples and cdf")
        if self.horizon < 1:
            raise ValueError("horizon must be at least one day")
        if self.samples is not None:
            s = np.asarray(self.samples, dtype=float)
            if s.ndim != 1 or s.size == 0:
                raise ValueError("samples must be a non-empty 1-d array")
            if np.isnan(s).any() or (s < 0).any():
                raise ValueError("samples must be days >= 0 (inf for no ceasefire)")
            object.__setattr__(self, "samples", s)

    @classmethod
    def from_samples(cls, days, horizon: int) -> Predictive:
        return cls(horizon=int(horizon), samples=np.asarray(days, dtype=float))

    @classmethod
    def from_cdf(cls, cdf: Callable[[np.ndarray], np.ndarray], horizon: int) -> Predictive:
        return cls(horizon=int(horizon), cdf=cdf)

    def prob_by(self, t) -> np.ndarray:
        """P(T <= t) for day(s) t; for samples, floored at 1/(2n) and capped at 1 - 1/(2n)."""
        t = np.asarray(t, dtype=float)
        if self.samples is not None:
            n = self.samples.size
            p = (self.samples[None, :] <= t.reshape(-1, 1)).mean(axis=1).reshape(t.shape)
            return np.clip(p, 0.5 / n, 1.0 - 0.5 / n)
        return np.clip(np.asarray(self.cdf(t), dtype=float), CDF_EPS, 1.0 - CDF_EPS)

    def capped_members(self, n: int = QUANTILE_MEMBERS) -> np.ndarray:
        """An ensemble of min(T, H): the samples themselves, or n quantiles of the CDF.

        The quantile ensemble takes levels (i + 0.5) / n; its CRPS converges to the
        distribution's as n grows (tests/test_scoring.py checks it against the integral).
        """
        h = float(self.horizon)
        if self.samples is not None:
            return np.minimum(self.samples, h)
        levels = (np.arange(n) + 0.5) / n
        return _inverse_cdf(self.cdf, levels, h)


def _inverse_cdf(cdf, levels: np.ndarray, horizon: float) -> np.ndarray:
    """Smallest t in [0, H] with cdf(t) >= level (H if none), by bisection on each level."""
    lo = np.zeros_like(levels)
    hi = np.full_like(levels, horizon)
    above = np.asarray(cdf(hi), dtype=float) >= levels
    for _ in range(60):  # 2^-60 of the window: exact to far below a day
        mid = 0.5 * (lo + hi)
        ok = np.asarray(cdf(mid), dtype=float) >= levels
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    return np.where(above, hi, horizon)


# ---------------------------------------------------------------- scores
def observed_day(outcome: Outcome) -> float:
    """The observation for the CRPS: the ceasefire day, or the window H when censored."""
    return float(outcome.ceasefire_day if outcome.observed else outcome.window_days)


def crps_day(pred: Predictive, outcome: Outcome) -> float:
    """CRPS (days) of min(T, H) against the observed min(day, H) (``scoringrules``)."""
    members = pred.capped_members()
    return float(sr.crps_ensemble(observed_day(outcome), members, estimator="qd"))


def outcome_by(outcome: Outcome, t: float) -> int | None:
    """1 if the ceasefire came by day t, 0 if not, None if unknown (censored before t)."""
    if outcome.observed:
        return int(outcome.ceasefire_day <= t)
    return 0 if t < outcome.window_days else None


def binary_scores(pred: Predictive, outcome: Outcome, days: Sequence[int] = EVAL_DAYS) -> dict:
    """P(ceasefire by day t), its Brier and log score, for each t whose outcome is known."""
    out = {}
    for t in days:
        y = outcome_by(outcome, t)
        p = float(pred.prob_by(t))
        out[f"p_by_{t}"] = p
        out[f"brier_{t}"] = None if y is None else float(sr.brier_score(y, p))
        out[f"log_{t}"] = None if y is None else float(sr.log_score(y, p))
    return out


def score_episode(pred: Predictive, episode: Episode, days: Sequence[int] = EVAL_DAYS) -> dict:
    """One row of the leave-one-out table for ``episode`` (see :func:`leave_one_out`)."""
    o = episode.outcome
    if pred.horizon != o.window_days:
        raise ValueError(f"{episode.name}: predictive horizon {pred.horizon} != window {o.window_days}")
    row = {
        "episode": episode.name,
        "ceasefire_day": o.ceasefire_day,
        "observed": o.observed,
        "window_days": o.window_days,
        "p_by_historical_day": float(pred.prob_by(o.ceasefire_day)) if o.observed else None,
        "crps": crps_day(pred, o),
    }
    scores = binary_scores(pred, o, days)
    row.update(scores)
    briers = [v for k, v in scores.items() if k.startswith("brier_") and v is not None]
    logs = [v for k, v in scores.items() if k.startswith("log_") and v is not None]
    row["brier_mean"] = float(np.mean(briers)) if briers else None
    row["log_mean"] = float(np.mean(logs)) if logs else None
    return row


def censor(outcome: Outcome, days: int | None) -> Outcome:
    """The record as seen through the first ``days`` days (unchanged when None or longer).

    A ceasefire or relapse dated after the last day seen is dropped (the ending becomes
    ``ongoing``), the window shortened to ``days``, and talks opened later moved to that day.
    """
    if days is None or days >= outcome.window_days:
        return outcome
    upd: dict[str, Any] = {"window_days": days}
    last = outcome.start + dt.timedelta(days=days - 1)
    if outcome.ceasefire.date is not None and outcome.ceasefire.date > last:
        upd["ceasefire"] = outcome.ceasefire.model_copy(update={"date": None})
        upd["ended"] = outcome.ended.model_copy(update={"how": "ongoing"})
    if outcome.resumed.date is not None and outcome.resumed.date > last:
        upd["resumed"] = outcome.resumed.model_copy(update={"date": None})
    if outcome.talks_opened.date > last:
        upd["talks_opened"] = outcome.talks_opened.model_copy(update={"date": last})
    return outcome.model_copy(update=upd)


# ---------------------------------------------------------------- past-only training sets
def known_on(outcome: Outcome) -> dt.date:
    """The day an episode's ceasefire day was known: the ceasefire, or its window's last day.

    An episode without a ceasefire in its window is known (censored at the window) only
    once the window has run out.
    """
    if outcome.ceasefire.date is not None:
        return outcome.ceasefire.date
    return outcome.start + dt.timedelta(days=outcome.window_days - 1)


def as_known_before(outcome: Outcome, day: dt.date) -> Outcome:
    """The record as it stood on the eve of ``day`` (censored at ``day`` minus one day).

    For an episode in a past-only training set the ceasefire is before ``day`` by
    construction; what this removes is anything dated later, chiefly a relapse (Vietnam's
    1975 offensive was not known when the October War began in 1973), and the window is
    cut to the days seen, so a fit on it simulates only those.
    """
    return censor(outcome, (day - outcome.start).days)


def past_episodes(target: Episode, episodes: Sequence[Episode]) -> list[Episode]:
    """The training set of a past-only prediction of ``target``.

    The episodes (other than ``target``) whose ceasefire day was known (:func:`known_on`)
    strictly before ``target`` started, each as known on the eve of that start
    (:func:`as_known_before`), in the order given. A war still going when ``target``
    began is left out (the Iran-Iraq war, 1980-88, is not in the Falklands' 1982 set),
    not entered as censored at that day.
    """
    start = target.outcome.start
    return [
        Episode(e.name, e.path, as_known_before(e.outcome, start))
        for e in episodes
        if e.name != target.name and known_on(e.outcome) < start
    ]


# ---------------------------------------------------------------- base rates
@dataclass(frozen=True)
class Target:
    """What a predictor may see of an episode: its scenario, never its outcome."""

    name: str
    path: Path
    window_days: int

    @classmethod
    def of(cls, episode: Episode) -> Target:
        return cls(episode.name, episode.path, episode.outcome.window_days)


Predictor = Callable[[Target], Predictive]


def durations(outcomes: Sequence[Outcome]) -> tuple[np.ndarray, np.ndarray]:
    """(durations in days, observed flags): ceasefire day, or the window when censored."""
    d = np.array([o.duration for o in outcomes], dtype=float)
    e = np.array([o.observed for o in outcomes], dtype=bool)
    return d, e


def constant_hazard_rate(outcomes: Sequence[Outcome]) -> float:
    """Maximum-likelihood daily hazard of a ceasefire: events / days at risk.

    With no event at all the rate would be 0 and every log score infinite; half an event
    is added then (the Jeffreys prior's posterior mode for a Poisson count).
    """
    d, e = durations(outcomes)
    events = e.sum() if e.any() else 0.5
    return float(events / d.sum())


def fit_constant_hazard(train: Sequence[Episode]) -> Predictor:
    rate = constant_hazard_rate([e.outcome for e in train])

    def predict(target: Target) -> Predictive:
        return Predictive.from_cdf(lambda t: -np.expm1(-rate * np.asarray(t, float)), target.window_days)

    return predict


def _censored(train: Sequence[Episode]) -> stats.CensoredData:
    d, e = durations([x.outcome for x in train])
    return stats.CensoredData(uncensored=d[e], right=d[~e])


def fit_lognormal(train: Sequence[Episode]) -> Predictor:
    shape, _, scale = stats.lognorm.fit(_censored(train), floc=0)
    dist = stats.lognorm(shape, scale=scale)

    def predict(target: Target) -> Predictive:
        return Predictive.from_cdf(dist.cdf, target.window_days)

    return predict


def fit_kaplan_meier(train: Sequence[Episode]) -> Predictor:
    km = stats.ecdf(_censored(train)).cdf
    rate = constant_hazard_rate([e.outcome for e in train])

    def cdf(t):
        t = np.asarray(t, dtype=float)
        return (1 - KM_TAIL_WEIGHT) * km.evaluate(t) + KM_TAIL_WEIGHT * -np.expm1(-rate * t)

    def predict(target: Target) -> Predictive:
        return Predictive.from_cdf(cdf, target.window_days)

    return predict


BASE_RATES: dict[str, Callable[[Sequence[Episode]], Predictor]] = {
    "constant_hazard": fit_constant_hazard,
    "lognormal": fit_lognormal,
    "kaplan_meier": fit_kaplan_meier,
}


# ---------------------------------------------------------------- leave one out
def leave_one_out(
    episodes: Sequence[Episode],
    fit: Callable[[Sequence[Episode]], Predictor],
    days: Sequence[int] = EVAL_DAYS,
) -> pl.DataFrame:
    """Fit on all episodes but one, predict the one left out, score it; one row each.

    Parameters
    ----------
    episodes : sequence of Episode
        The library (:func:`engine.analysis.episodes.library`).
    fit : callable
        ``fit(train_episodes) -> predictor``; the predictor sees only a :class:`Target`.
        A predictor that needs no fitting is ``lambda train: predictor``.
    days : sequence of int
        Days t at which P(ceasefire by t) is scored.

    Returns
    -------
    polars.DataFrame
        Columns ``episode``, ``ceasefire_day``, ``observed``, ``window_days``,
        ``p_by_historical_day``, ``crps`` (days), ``p_by_<t>``, ``brier_<t>``,
        ``log_<t>`` (null where the outcome at t is censored), ``brier_mean``,
        ``log_mean``.
    """
    rows = []
    for k, episode in enumerate(episodes):
        train = [e for j, e in enumerate(episodes) if j != k]
        predictor = fit(train)
        rows.append(score_episode(predictor(Target.of(episode)), episode, days))
    return pl.DataFrame(rows, infer_schema_length=None)


def past_only(
    episodes: Sequence[Episode],
    fit: Callable[[Sequence[Episode]], Predictor],
    train_for: Callable[[Episode, Sequence[Episode]], Sequence[Episode]] = past_episodes,
    days: Sequence[int] = EVAL_DAYS,
    min_past: int = MIN_PAST,
) -> pl.DataFrame:
    """Predict each episode from a fit on the wars before it, score it; one row each.

    Parameters
    ----------
    episodes : sequence of Episode
        The library (any order; rows come out in order of start date).
    fit : callable
        ``fit(train_episodes) -> predictor``, as in :func:`leave_one_out`; called only for
        the scored episodes, with exactly ``train_for``'s list.
    train_for : callable
        ``train_for(target, episodes) -> training episodes`` (default
        :func:`past_episodes`).
    days : sequence of int
        Days t at which P(ceasefire by t) is scored.
    min_past : int
        An episode with fewer training episodes is not scored (its scores are null and
        ``scored`` is False) and ``fit`` is not called for it.

    Returns
    -------
    polars.DataFrame
        :func:`leave_one_out`'s columns, plus ``start`` (date), ``n_train`` (training
        episodes), ``train`` (their names, comma-separated) and ``scored`` (bool).
    """
    rows = []
    for episode in sorted(episodes, key=lambda e: e.outcome.start):
        train = list(train_for(episode, episodes))
        if len(train) >= min_past:
            row = score_episode(fit(train)(Target.of(episode)), episode, days)
        else:
            o = episode.outcome
            row = {
                "episode": episode.name,
                "ceasefire_day": o.ceasefire_day,
                "observed": o.observed,
                "window_days": o.window_days,
                "p_by_historical_day": None,
                "crps": None,
                **{f"{k}_{t}": None for t in days for k in ("p_by", "brier", "log")},
                "brier_mean": None,
                "log_mean": None,
            }
        row.update(
            start=episode.outcome.start,
            n_train=len(train),
            train=",".join(e.name for e in train),
            scored=len(train) >= min_past,
        )
        rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None)


def summary(table: pl.DataFrame) -> dict[str, float]:
    """Mean CRPS, Brier and log score over the episodes (nulls skipped)."""
    return {c: float(table[c].drop_nulls().mean()) for c in ("crps", "brier_mean", "log_mean")}


def skill(model: pl.DataFrame, base: pl.DataFrame) -> dict[str, float]:
    """1 - score(model) / score(base) per score (positive: the model beats the base rate)."""
    m, b = summary(model), summary(base)
    return {k: 1.0 - m[k] / b[k] for k in m}


# ---------------------------------------------------------------- the engine as a predictor
def engine_predictor(seeds: Sequence[int] = tuple(range(1, 33)), overrides: dict | None = None) -> Predictor:
    """A predictor that runs the engine on the episode's scenario, one sample per seed.

    The day the fighting stopped is the ceasefire day, or the last day of a run that
    ended in a collapse (a military decision); ``inf`` when the run reached the window's
    end still fighting. ``overrides`` are ``--set``-style values (e.g. posterior draws).
    """

    def predict(target: Target) -> Predictive:
        from engine import layout as L
        from engine.core.simulate import run_days
        from engine.results import ceasefire_day
        from engine.scenario import load_scenario
        from engine.world import build_world

        s = load_scenario(target.path, overrides)
        w, st = build_world(s, list(seeds), days=target.window_days)
        run_days(w, st.days, parallel=False)
        cf = ceasefire_day(w).astype(float)
        collapse = w.glob[:, L.G_OUTCOME] == L.OUTCOME_COLLAPSE
        stop = np.where(cf >= 0, cf, np.where(collapse, w.day.astype(float) - 1.0, np.inf))
        return Predictive.from_samples(stop, target.window_days)

    return predict
