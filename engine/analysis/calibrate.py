"""``warsim calibrate``: the talks' behavioural coefficients fitted across the episode library.

Simulation-based inference by pyabc's ABC-SMC (docs/calibration_plan.md says why pyabc).
One parameter vector (the coefficients of the priors file, :mod:`engine.analysis.priors`)
is shared by every episode; a *particle* runs each episode's scenario with those values as
``--set`` overrides over a few seeds, and its distance to the record is the mean over
episodes of three terms, each in [0, 1]:

* **day**: the CRPS (``scoringrules``) of log(1 + day the fighting stopped), the day capped
  at the episode's window H, against the observed log(1 + min(day, H)), divided by
  log(1 + H). The log makes a five-day war missed by a month and an eight-year war
  missed by four years count alike; censoring at H keeps an episode without a
  ceasefire comparable (a run still fighting at H scores as H);
* **kind**: the Brier score over three ending kinds the engine can tell apart, halved:
  a deal (negotiated or imposed: the run's ceasefire), a military decision (the run ends
  in a ``collapse`` without a ceasefire), and still fighting at H. An episode that
  "petered out" has no engine counterpart and drops this term;
* **resumed**: the squared error of the share of runs whose ceasefire broke down against
  whether fighting resumed within H.

Determinism and resuming: the summary statistics of a particle are a pure function of its
coefficient values (the engine seeds derive from a hash of them and ``--seed``), and
every generation is run by a fresh ``ABCSMC`` loaded from the SQLite history with
numpy's global generator (which pyabc draws proposals from) reseeded from ``(--seed,
fit, generation)``. An uninterrupted run and one killed and resumed therefore take the
same code path and give bit-identical posteriors. The samplers
(:mod:`engine.analysis.abc_samplers`) seed every proposal from ``(--seed, fit,
generation, job)`` and keep jobs in id order, so the local and the Dask executor give
the same posterior too.

Out of sample: every episode is also left out of a fit of its own (``without_<name>``),
and that posterior (draws x seeds) predicts it; :func:`engine.analysis.scoring.
leave_one_out` scores those predictions and the base-rate hazard models fitted on the
same training episodes. Past-only (``--loo forward``): each episode is predicted from a
fit (``before_<name>``) on the episodes whose outcome was known before it began, as
known then (:func:`engine.analysis.scoring.past_episodes`), and scored with the base
rates fitted on that same set (:func:`engine.analysis.scoring.past_only`); an episode
with fewer than :data:`engine.analysis.scoring.MIN_PAST` such wars is not scored.

The engine is reached only through :func:`simulate_episode` (scenario loader with
overrides, ``build_world``/``run_days``, ``run_columns``), so the restructuring of
issue 12 changes that one function.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
import os
import random
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine.analysis.episodes import Episode, Outcome, library
from engine.analysis.posterior import (
    CoefficientSummary,
    PosteriorSummary,
    SummaryMeta,
    inherits,
    write_summary,
)
from engine.analysis.priors import PRIORS_FILE, Priors, PriorsError, load_priors
from engine.analysis.scoring import MIN_PAST, censor, past_episodes
from engine.errors import UsageError

FORMAT = "warsim-calibrate/1"
REPO = Path(__file__).resolve().parents[2]
# Ending kinds the engine can tell apart (index into the kind shares).
KIND_NONE, KIND_DEAL, KIND_DECISION = 0, 1, 2
KIND_OF_ENDING = {
    "negotiated": KIND_DEAL,
    "imposed": KIND_DEAL,
    "military_victory": KIND_DECISION,
    "ongoing": KIND_NONE,
    "petered_out": None,
}
# The quick mode: three short wars (ceasefires on days 5, 22 and 73), their first 120 days;
# past-only, each scored from a single past war (a test of the machinery: at MIN_PAST
# none of three wars could be scored).
QUICK = {
    "episodes": ("russia_georgia_2008", "indo_pak_1965", "falklands_1982"),
    "population": 10,
    "generations": 2,
    "seeds": 2,
    "days": 120,
    "draws": 4,
    "min_past": 1,
}
LOO_MODES = ("exact", "reweight", "forward")
# identity keys an older folder may lack, with the value it then has
IDENTITY_DEFAULTS = {"loo": "exact", "min_past": None}
# A behavioural value written the same in every episode by the library's rule
# (scenarios/episode_bargaining.py): a default, not a case fact, so a prior may fit it.
LIBRARY_SETTING = "library setting"
FULL = {"population": 200, "generations": 8, "seeds": 8, "days": None, "draws": 16}


class CalibrationError(UsageError, ValueError):
    """Bad calibration input (episodes, priors, options, results folder)."""


# ---------------------------------------------------------------- configuration
@dataclass(frozen=True)
class CalibrationConfig:
    """Everything a fit depends on (``identity`` is checked on ``--resume``).

    Attributes
    ----------
    out : str
        Results folder.
    episodes : tuple of str
        Episode names (scenario file stems); all of the library when empty.
    priors : str
        Priors file.
    population : int
        Particles per generation.
    generations : int
        ABC-SMC generations per fit.
    seeds : int
        Engine runs per episode and particle.
    days : int or None
        Cap on each episode's window (days); None runs the whole window.
    draws : int
        Posterior draws per left-out episode when scoring (each run over ``seeds`` seeds).
    seed : int
        Base seed (engine seeds and pyabc's proposals derive from it).
    executor, scheduler, workers : str, str or None, int or None
        ``local`` (one process) or ``dask`` (``scheduler``, or a LocalCluster of
        ``workers``); both give the same posterior.
    resume : bool
        Continue the calibration in ``out``.
    quick : bool
        Whether the quick defaults were used (recorded only).
    loo : str
        ``exact``: each episode is left out of a fit of its own (N + 1 fits);
        ``reweight``: one fit, and each left-out posterior is its last population
        re-thresholded on the distance without that episode's term (approximate);
        ``forward``: past-only, each episode predicted from a fit on the episodes whose
        outcome was known before it began (one fit per scored episode, plus the full fit).
    min_past : int
        ``forward`` only: the fewest past wars an episode is scored from
        (:data:`engine.analysis.scoring.MIN_PAST`; the quick mode's tiny library uses 1).
    """

    out: str
    episodes: tuple[str, ...] = ()
    priors: str = str(PRIORS_FILE)
    population: int = FULL["population"]
    generations: int = FULL["generations"]
    seeds: int = FULL["seeds"]
    days: int | None = None
    draws: int = FULL["draws"]
    seed: int = 1
    executor: str = "local"
    scheduler: str | None = None
    workers: int | None = None
    resume: bool = False
    quick: bool = False
    loo: str = "exact"
    min_past: int = MIN_PAST

    def identity(self, priors: Priors, episodes: Sequence[str]) -> dict[str, Any]:
        return {
            "priors_sha256": priors.sha256,
            "episodes": list(episodes),
            "population": self.population,
            "generations": self.generations,
            "seeds": self.seeds,
            "days": self.days,
            "draws": self.draws,
            "seed": self.seed,
            **({"loo": self.loo} if self.loo != "exact" else {}),
            **({"min_past": self.min_past} if self.loo == "forward" else {}),
        }


@dataclass(frozen=True)
class EpisodeData:
    """One episode as the fit sees it: the scenario (raw TOML) and the censored record.

    Attributes
    ----------
    name : str
    raw : dict
        The scenario file parsed to a dict (workers need no file access).
    origin : str
        The file, for error lines.
    horizon : int
        Days simulated and observed: the window, or ``--days`` if shorter (H).
    day : float
        Observed day the fighting stopped, capped at H (H when none by then).
    kind : int or None
        Observed ending kind (KIND_*), None when the engine cannot tell it (petered out).
    resumed : float
        1.0 when fighting resumed within H after the ceasefire, else 0.0.
    outcome : Outcome
        The record censored at H (for the scoring harness).
    """

    name: str
    raw: dict
    origin: str
    horizon: int
    day: float
    kind: int | None
    resumed: float
    outcome: Outcome
    path: Path = field(default=Path("."))


def episode_data(episode: Episode, days: int | None) -> EpisodeData:
    """An episode as the fit sees it, its record censored at ``days`` (:func:`scoring.censor`)."""
    from engine.scenario import read_raw

    o = censor(episode.outcome, days)
    return with_record(
        EpisodeData(episode.name, read_raw(episode.path), str(episode.path), 0, 0.0, None, 0.0, o,
                    episode.path),
        o,
    )


def with_record(ep: EpisodeData, o: Outcome) -> EpisodeData:
    """``ep`` with its record replaced by ``o`` (horizon, day, kind and relapse follow it)."""
    h = o.window_days
    return dataclasses.replace(
        ep,
        horizon=h,
        day=float(o.ceasefire_day if o.observed else h),
        kind=KIND_OF_ENDING[o.ended.how],
        resumed=1.0 if o.resumed_day is not None else 0.0,
        outcome=o,
    )


def forward_plan(episodes: Sequence[EpisodeData]) -> list[tuple[EpisodeData, list[EpisodeData]]]:
    """Past-only training sets: (target, the episodes known before it began), by start date.

    The rule is :func:`engine.analysis.scoring.past_episodes` (the base rates' too); each
    training episode's record is as known on the eve of the target's start (a later
    relapse dropped, the window cut there), so the fit simulates only the days then seen.
    Targets with fewer than ``min_past`` training episodes are included (not scored).
    """
    eps = [Episode(e.name, e.path, e.outcome) for e in episodes]
    by_name = {e.name: e for e in episodes}
    plan = []
    for target in sorted(episodes, key=lambda e: e.outcome.start):
        train = past_episodes(Episode(target.name, target.path, target.outcome), eps)
        plan.append((target, [with_record(by_name[t.name], t.outcome) for t in train]))
    return plan


def select_episodes(names: Sequence[str], days: int | None) -> list[EpisodeData]:
    """The library's episodes by name (all when ``names`` is empty), in the order given."""
    lib = {e.name: e for e in library()}
    if not names:
        names = list(lib)
    problems = []
    for n in names:
        if n not in lib:
            problems.append(f"--episodes: no episode '{n}' in scenarios/episodes (have: {', '.join(lib)})")
    if len(set(names)) != len(names):
        problems.append("--episodes: an episode is named twice")
    if problems:
        raise CalibrationError(*problems)
    if len(names) < 2:
        raise CalibrationError("--episodes: need at least two episodes (each is left out of one fit)")
    return [episode_data(lib[n], days) for n in names]


def check_priors(priors: Priors, episodes: Sequence[EpisodeData]) -> None:
    """Every prior path is a behavioural coefficient of every episode, valid over its range.

    A path that some episode sets with a source of its own (not ``PLACEHOLDER`` and not a
    ``library setting ...``, a behavioural value written by one rule for every episode,
    scenarios/episode_bargaining.py) is a case fact there and may not be fitted; both ends
    of the prior must pass the scenario's validation in every episode (so no particle fails mid-fit).
    """
    from engine.analysis.posterior import _lookup
    from engine.scenario import ScenarioError, load_scenario

    origin = f"--priors {priors.path}"
    fixed = dict(priors.meta.set)
    for ep in episodes:
        try:
            load_scenario(ep.raw, fixed, origin=ep.name)
        except ScenarioError as exc:
            raise PriorsError(f"{origin}: meta.set: {exc.lines()[0]}") from None
    problems = []
    for i, c in enumerate(priors.coefficients):
        for k, path in enumerate(c.paths):
            field_ = "path" if k == 0 else f"also[{k - 1}]"
            bad = None
            for ep in episodes:
                parent, _, entry = _lookup(ep.raw, path)
                if parent is None:
                    bad = f"{origin}: coefficient[{i}].{field_}: {path} is not in episode {ep.name}"
                    break
                note = entry.get("source", "") if isinstance(entry, dict) else parent.get("source", "")
                if not inherits(entry, parent) and not str(note).startswith(LIBRARY_SETTING):
                    bad = (
                        f"{origin}: coefficient[{i}].{field_}: {path} is a case fact in {ep.name} "
                        f"(source '{note[:60]}'); only behavioural coefficients "
                        "(absent, PLACEHOLDER or a library setting in every episode) are fitted"
                    )
                    break
                for end in ("low", "high"):
                    try:
                        load_scenario(ep.raw, {**fixed, path: getattr(c, end)}, origin=ep.name)
                    except ScenarioError as exc:
                        # absent from the file and refused: not a field of the scenario at all
                        where = field_ if entry is None else end
                        bad = f"{origin}: coefficient[{i}].{where}: {exc.lines()[0]}"
                        break
                if bad:
                    break
            if bad:
                problems.append(bad)
                break
    if problems:
        raise PriorsError(*problems)


# ---------------------------------------------------------------- the engine, one episode
@dataclass(frozen=True)
class Runs:
    """Runs of one episode (one entry per seed).

    Attributes
    ----------
    stop : float64[n]
        Day the fighting stopped (days from day 0): the ceasefire day, or the last day of
        a run that ended in a collapse; ``inf`` when still fighting at the end.
    kind : int64[n]
        KIND_DEAL, KIND_DECISION or KIND_NONE.
    resumed : bool[n]
        The ceasefire broke down (fighting resumed) within the run.
    """

    stop: np.ndarray
    kind: np.ndarray
    resumed: np.ndarray


def simulate_episode(
    raw: dict, origin: str, overrides: dict[str, float], seeds: Sequence[int], days: int
) -> Runs:
    """Run an episode's scenario with ``--set``-style overrides over ``seeds`` for ``days`` days.

    The only place the calibration touches the engine (the public loader with overrides,
    the world builder, the serial day loop and the results' run columns).
    """
    from engine.core.simulate import run_days
    from engine.results import run_columns
    from engine.scenario import load_scenario
    from engine.world import build_world

    s = load_scenario(raw, overrides, origin=origin)
    w, st = build_world(s, list(seeds), days=days)
    run_days(w, st.days, parallel=False)
    cols = run_columns(w, st)
    cf = cols["ceasefire_day"].astype(float)
    outcome = cols["outcome"]
    collapse = outcome == "collapse"
    deal = cf >= 0
    stop = np.where(deal, cf, np.where(collapse, cols["days_run"].astype(float) - 1.0, np.inf))
    kind = np.where(deal, KIND_DEAL, np.where(collapse, KIND_DECISION, KIND_NONE)).astype(np.int64)
    resumed = deal & (outcome != "ceasefire_holding")
    return Runs(stop=stop, kind=kind, resumed=resumed)


def seeds_for(base_seed: int, key: str, values: Sequence[float], n: int) -> list[int]:
    """Engine seeds of one particle: a hash of the base seed, a key and the exact values.

    A particle's runs are then a pure function of its coefficients (needed for resuming
    bit for bit), while different particles get independent noise.
    """
    text = f"{base_seed}|{key}|" + ",".join(repr(float(v)) for v in values)
    h = int.from_bytes(hashlib.sha256(text.encode()).digest()[:5], "big")
    return [h + j for j in range(n)]


# ---------------------------------------------------------------- summaries and distance
def summaries(runs: Runs, horizon: int) -> dict[str, Any]:
    """Per-episode summary statistics of runs: capped days, kind shares, resumed share."""
    return {
        "day": np.minimum(runs.stop, float(horizon)),
        "kind": np.bincount(runs.kind, minlength=3).astype(float) / runs.kind.size,
        "resumed": float(np.mean(runs.resumed)),
    }


def observed_summaries(episodes: Sequence[EpisodeData]) -> dict[str, Any]:
    """The record in the same layout as the model's summary statistics (pyabc's x_0)."""
    out: dict[str, Any] = {}
    for ep in episodes:
        kind = np.full(3, np.nan)
        if ep.kind is not None:
            kind = np.zeros(3)
            kind[ep.kind] = 1.0
        out[f"{ep.name}:day"] = np.array([ep.day])
        out[f"{ep.name}:kind"] = kind
        out[f"{ep.name}:resumed"] = ep.resumed
    return out


@dataclass(frozen=True)
class EpisodeDistance:
    """Mean over episodes of the day, kind and resumed terms (module docstring); picklable.

    Attributes
    ----------
    names : tuple of str
    horizons : tuple of int
    """

    names: tuple[str, ...]
    horizons: tuple[int, ...]

    def terms(self, x: dict, x0: dict) -> dict[str, float]:
        """Each episode's term d_e (in [0, 1]), by name."""
        import scoringrules as sr

        out = {}
        for name, h in zip(self.names, self.horizons, strict=True):
            sim = np.log1p(np.asarray(x[f"{name}:day"], dtype=float))
            obs = math.log1p(float(np.asarray(x0[f"{name}:day"]).reshape(-1)[0]))
            parts = [float(sr.crps_ensemble(obs, sim, estimator="qd")) / math.log1p(h)]
            k0 = np.asarray(x0[f"{name}:kind"], dtype=float)
            if not np.isnan(k0).any():
                parts.append(0.5 * float(np.sum((np.asarray(x[f"{name}:kind"]) - k0) ** 2)))
            parts.append((float(x[f"{name}:resumed"]) - float(x0[f"{name}:resumed"])) ** 2)
            out[name] = float(np.mean(parts))
        return out

    def __call__(self, x: dict, x0: dict) -> float:
        return float(np.mean(list(self.terms(x, x0).values())))


@dataclass
class EpisodeModel:
    """pyabc's model: a particle's coefficients -> summary statistics over all episodes.

    Attributes
    ----------
    priors : Priors
        Maps pyabc's parameters ``p0, p1, ...`` to scenario paths and values.
    episodes : tuple of EpisodeData
    seeds : int
        Runs per episode.
    base_seed : int
    on_simulation : callable or None
        Called after each particle (local executor only; the progress bar).
    """

    priors: Priors
    episodes: tuple[EpisodeData, ...]
    seeds: int
    base_seed: int
    on_simulation: Callable[[], None] | None = None

    def values(self, par) -> dict[str, float]:
        """A particle's coefficient values in natural units, by (first) path."""
        return {
            c.path: self.priors.to_value(i, float(par[name]))
            for i, (c, name) in enumerate(zip(self.priors.coefficients, self.priors.names(), strict=True))
        }

    def overrides(self, par) -> dict[str, Any]:
        """The particle's ``--set`` overrides (the priors' fixed settings and tied paths included)."""
        return self.priors.overrides(self.values(par))

    def __call__(self, par) -> dict[str, Any]:
        vals = self.values(par)
        ov = self.priors.overrides(vals)
        seeds = seeds_for(self.base_seed, "fit", list(vals.values()), self.seeds)
        out: dict[str, Any] = {}
        for ep in self.episodes:
            runs = simulate_episode(ep.raw, ep.origin, ov, seeds, ep.horizon)
            for k, v in summaries(runs, ep.horizon).items():
                out[f"{ep.name}:{k}"] = v
        if self.on_simulation is not None:
            self.on_simulation()
        return out

    def __getstate__(self):
        d = dict(self.__dict__)
        d["on_simulation"] = None  # a progress bar does not travel to Dask workers
        return d


# ---------------------------------------------------------------- ABC-SMC, one fit
def generation_seed(base_seed: int, fit: str, t: int) -> int:
    text = f"{base_seed}|{fit}|generation {t}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _db_url(db: Path) -> str:
    return f"sqlite:///{db}"


def _quiet_pyabc() -> None:
    for name in ("ABC", "pyabc", "History", "Sampler", "Epsilon", "Distance", "Acceptor", "Transition"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("ABC.History").setLevel(logging.WARNING)


def _prior(priors: Priors):
    import pyabc

    rvs = {}
    for i, name in enumerate(priors.names()):
        lo, hi = priors.sampling_bounds(i)
        rvs[name] = pyabc.RV("uniform", lo, hi - lo)
    return pyabc.Distribution(**rvs)


def generations_done(db: Path) -> int:
    """Generations stored in a fit's history (0 when none or no file)."""
    if not db.exists():
        return 0
    import pyabc

    h = pyabc.History(_db_url(db))
    h.id = 1
    return int(h.max_t) + 1


def run_fit(
    name: str,
    model: EpisodeModel,
    distance: EpisodeDistance,
    x0: dict,
    cfg: CalibrationConfig,
    db: Path,
    sampler,
    report: Callable[[dict], None] = lambda e: None,
) -> None:
    """Run (or continue) one ABC-SMC fit up to ``cfg.generations`` generations in ``db``.

    Every generation is a fresh ``ABCSMC`` loaded from ``db`` with numpy's and Python's
    global generators reseeded from ``(cfg.seed, name, t)``, so a fit killed between or
    inside generations and resumed takes exactly the steps of an uninterrupted one.
    """
    import pyabc

    _quiet_pyabc()

    def abc():
        return pyabc.ABCSMC(
            model, _prior(model.priors), distance, population_size=cfg.population, sampler=sampler
        )

    if not db.exists():
        # Created under a temporary name: a kill before new() finishes leaves no half history.
        tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        abc().new(_db_url(tmp), x0)
        os.replace(tmp, db)
    sampler.seed_key = f"{cfg.seed}|{name}"
    done = generations_done(db)
    report({"event": "fit", "fit": name, "done": done, "generations": cfg.generations})
    for t in range(done, cfg.generations):
        a = abc()
        a.load(_db_url(db), 1, observed_sum_stat=x0)
        s = generation_seed(cfg.seed, name, t)
        np.random.seed(s)  # noqa: NPY002 -- pyabc draws proposals from numpy's global generator
        random.seed(s)
        h = a.run(max_nr_populations=1)
        pops = h.get_all_populations()
        row = pops[pops["t"] == t].iloc[0]
        report(
            {
                "event": "generation",
                "fit": name,
                "t": t,
                "generations": cfg.generations,
                "epsilon": float(row["epsilon"]),
                "samples": int(row["samples"]),
            }
        )


def posterior_frame(db: Path, priors: Priors, generations: int | None = None):
    """A fit's generations (the first ``generations``; all when None) as a Polars frame.

    Columns: generation, particle, weight, epsilon, and one per coefficient path.
    """
    import polars as pl
    import pyabc

    h = pyabc.History(_db_url(db))
    h.id = 1
    pops = h.get_all_populations()
    frames = []
    last = int(h.max_t) if generations is None else min(int(h.max_t), generations - 1)
    for t in range(last + 1):
        df, w = h.get_distribution(m=0, t=t)
        eps = float(pops[pops["t"] == t]["epsilon"].iloc[0])
        cols = {
            "generation": np.full(len(w), t, dtype=np.int32),
            "particle": np.arange(len(w), dtype=np.int32),
            "weight": np.asarray(w, dtype=float),
            "epsilon": np.full(len(w), eps),
        }
        for i, (c, name) in enumerate(zip(priors.coefficients, priors.names(), strict=True)):
            cols[c.path] = np.array([priors.to_value(i, v) for v in df[name].to_numpy()], dtype=float)
        frames.append(pl.DataFrame(cols))
    return pl.concat(frames)


def rethresholded(
    db: Path, priors: Priors, episodes: Sequence[EpisodeData], left_out: str, generations: int | None = None
):
    """Approximate leave-one-out posterior: the full fit's last population without one episode.

    Each accepted particle of the ``all`` fit's last generation keeps its weight if its
    distance over the other episodes (the same :class:`EpisodeDistance`, the left-out
    episode's term dropped) is within that generation's threshold, and is dropped
    otherwise. This is rejection ABC on the remaining episodes restricted to the full
    fit's particles: cheap (no new simulations), but the left-out episode still shaped
    which particles the earlier generations proposed, so it is optimistic for the model
    (``--loo exact`` refits instead). If no particle survives, the whole last population
    is kept (the frame's ``kept`` column says which).

    Returns
    -------
    polars.DataFrame
        The columns of :func:`posterior_frame` for one generation, plus ``kept`` (bool).
    """
    import polars as pl
    import pyabc

    h = pyabc.History(_db_url(db))
    h.id = 1
    t = int(h.max_t) if generations is None else min(int(h.max_t), generations - 1)
    pop = h.get_population(t=t)
    eps = float(h.get_all_populations().query("t == @t")["epsilon"].iloc[0])
    rest = [e for e in episodes if e.name != left_out]
    dist = EpisodeDistance(tuple(e.name for e in rest), tuple(e.horizon for e in rest))
    x0 = observed_summaries(rest)
    particles = pop.particles
    d = np.array([dist(p.sum_stat, x0) for p in particles])
    w = np.array([p.weight for p in particles], dtype=float)
    keep = d <= eps
    if not keep.any():
        keep[:] = True
    cols = {
        "generation": np.full(len(particles), t, dtype=np.int32),
        "particle": np.arange(len(particles), dtype=np.int32),
        "weight": np.where(keep, w, 0.0),
        "epsilon": np.full(len(particles), eps),
        "kept": keep,
    }
    for i, (c, name) in enumerate(zip(priors.coefficients, priors.names(), strict=True)):
        cols[c.path] = np.array([priors.to_value(i, float(p.parameter[name])) for p in particles])
    return pl.DataFrame(cols)


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, levels: Sequence[float]) -> list[float]:
    """Quantiles of a weighted sample (the smallest value whose cumulative weight reaches each level)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order]) / np.sum(weights)
    return [float(values[order][min(np.searchsorted(cum, q), len(values) - 1)]) for q in levels]


# ---------------------------------------------------------------- the samplers
@contextlib.contextmanager
def make_sampler(cfg: CalibrationConfig) -> Iterator[Any]:
    """pyabc's single-core (local) or Dask sampler, seeded per job (engine/analysis/abc_samplers.py).

    Dask runs on ``cfg.scheduler`` or a LocalCluster of ``cfg.workers`` single-threaded
    worker processes, as ``warsim batch`` runs it.
    """
    from engine.analysis.abc_samplers import SeededDaskSampler, SeededSingleCoreSampler

    if cfg.executor == "local":
        yield SeededSingleCoreSampler()
        return
    import dask
    from distributed import Client

    from engine.batch.dask_cluster import close_local_cluster, start_local_cluster

    dask.config.set({"distributed.worker.multiprocessing-method": "spawn"})
    cluster = client = None
    try:
        try:
            if cfg.scheduler:
                client = Client(cfg.scheduler, timeout="10s")
            else:
                cluster, client = start_local_cluster(cfg.workers or os.cpu_count() or 1)
        except (OSError, TimeoutError, ValueError) as exc:
            where = cfg.scheduler or "a local cluster"
            raise CalibrationError(f"--executor dask: cannot connect to {where} ({exc})") from None
        yield SeededDaskSampler(client)
    finally:
        close_local_cluster(cluster, client)


# ---------------------------------------------------------------- out-of-sample scores
def predict_episode(ep: EpisodeData, post, priors: Priors, cfg: CalibrationConfig):
    """Predictive distribution of ``ep``'s stop day from a posterior frame's last generation.

    ``cfg.draws`` weighted draws of the coefficients (numpy generator seeded from the base
    seed and the episode), each run over ``cfg.seeds`` seeds: parameter and run
    uncertainty both show in the probabilities.
    """
    import polars as pl

    from engine.analysis.scoring import Predictive

    last = post.filter(pl.col("generation") == post["generation"].max())
    w = last["weight"].to_numpy()
    rng = np.random.default_rng(generation_seed(cfg.seed, f"predict {ep.name}", 0))
    idx = rng.choice(len(w), size=cfg.draws, replace=True, p=w / w.sum())
    days = []
    for k, j in enumerate(idx):
        vals = {p: float(last[p][int(j)]) for p in priors.paths}
        seeds = seeds_for(cfg.seed, f"predict {ep.name} {k}", list(vals.values()), cfg.seeds)
        days.append(simulate_episode(ep.raw, ep.origin, priors.overrides(vals), seeds, ep.horizon).stop)
    return Predictive.from_samples(np.concatenate(days), ep.horizon)


def score_table(episodes: Sequence[EpisodeData], predictions: dict[str, Any], loo: str = "exact",
                trains: dict[str, Sequence[str]] | None = None, min_past: int = MIN_PAST):
    """Out-of-sample scores of the fitted model and the base rates (scoring.py's harnesses).

    Parameters
    ----------
    predictions : dict of str to Predictive
        Each episode's prediction from the fit that left it out (``forward``: from the fit
        on the episodes before it; only the scored ones).
    loo : str
        ``exact`` or ``reweight``: :func:`engine.analysis.scoring.leave_one_out`;
        ``forward``: :func:`engine.analysis.scoring.past_only`, so the base rates are
        fitted on each scored episode's past-only training set.
    trains : dict of str to sequence of str, optional
        ``forward``: the names of the episodes each prediction's fit was trained on; the
        harness's training set must be the same (checked).
    min_past : int
        ``forward``: the fewest past wars an episode is scored from.

    Returns
    -------
    polars.DataFrame
        The harness's columns plus ``predictor`` (``calibrated`` or a base rate).
    """
    import polars as pl

    from engine.analysis.scoring import BASE_RATES, leave_one_out, past_only

    eps = [Episode(e.name, e.path, e.outcome) for e in episodes]
    names = {e.name for e in eps}

    if loo == "forward":
        def harness(fit):
            return past_only(eps, fit, min_past=min_past)

        def fit_model(train):
            got = [e.name for e in train]

            def predict(target):
                if trains is not None and list(trains[target.name]) != got:
                    raise ValueError(f"{target.name}: the fit was trained on {list(trains[target.name])}, "
                                     f"the harness's past-only set is {got}")
                return predictions[target.name]

            return predict
    else:
        def harness(fit):
            return leave_one_out(eps, fit)

        def fit_model(train):
            (left,) = names - {e.name for e in train}
            return lambda target: predictions[left]

    tables = [harness(fit_model).with_columns(pl.lit("calibrated").alias("predictor"))]
    for base, fit in BASE_RATES.items():
        tables.append(harness(fit).with_columns(pl.lit(base).alias("predictor")))
    return pl.concat(tables, how="diagonal_relaxed")


def markdown_scores(table, label: str, min_past: int | None = None) -> str:
    """The out-of-sample table as markdown: per episode and mean, model vs base rates.

    A past-only table (from :func:`engine.analysis.scoring.past_only`: it has ``scored``)
    comes in order of start date with each episode's number of past wars, and an episode
    not scored says so on its row (naming ``min_past``); the means are over the scored
    episodes.
    """
    import polars as pl

    preds = list(dict.fromkeys(table["predictor"].to_list()))
    forward = "scored" in table.columns

    def fmt(v, digits=3):
        return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"

    if forward:
        n = table.filter(pl.col("scored"))["episode"].n_unique()
        lines = [
            f"Past-only scores ({label}): each episode predicted from the episodes whose outcome was "
            f"known before it began; {n} of {table['episode'].n_unique()} scored. Lower is better "
            "for CRPS (days), Brier and log score.",
            "",
            "| episode | start | past wars | ceasefire day (window) | predictor "
            "| P(ceasefire by the historical day) | CRPS | Brier | log |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        order = {name: k for k, name in enumerate(dict.fromkeys(table.sort("start")["episode"].to_list()))}
        rows = sorted(table.iter_rows(named=True), key=lambda r: order[r["episode"]])
    else:
        lines = [
            f"Leave-one-episode-out scores ({label}); lower is better for CRPS (days), Brier and log score.",
            "",
            "| episode | ceasefire day (window) | predictor | P(ceasefire by the historical day) "
            "| CRPS | Brier | log |",
            "|---|---|---|---|---|---|---|",
        ]
        rows = list(table.sort(["episode"]).iter_rows(named=True))
    for row in rows:
        day = (
            f"{row['ceasefire_day']} ({row['window_days']})"
            if row["observed"]
            else f"none ({row['window_days']})"
        )
        if forward and not row["scored"]:
            if row["predictor"] == preds[0]:
                lines.append(
                    f"| {row['episode']} | {row['start']} | {row['n_train']} | {day} | - | "
                    f"not scored: {row['n_train']} past war{'' if row['n_train'] == 1 else 's'}, "
                    "fewer than the minimum"
                    f"{'' if min_past is None else f' of {min_past}'} | - | - | - |"
                )
            continue
        head = f"| {row['episode']} | {row['start']} | {row['n_train']} | {day}" if forward else \
            f"| {row['episode']} | {day}"
        lines.append(
            f"{head} | {row['predictor']} | {fmt(row['p_by_historical_day'])} | "
            f"{fmt(row['crps'], 1)} | {fmt(row['brier_mean'])} | {fmt(row['log_mean'])} |"
        )
    lines += [
        "",
        "| predictor | mean CRPS | mean Brier | mean log | CRPS skill vs constant hazard |",
        "|---|---|---|---|---|",
    ]
    means = {
        p: table.filter(pl.col("predictor") == p)
        .select([pl.col(c).drop_nulls().mean().alias(c) for c in ("crps", "brier_mean", "log_mean")])
        .row(0, named=True)
        for p in preds
    }
    base = means.get("constant_hazard", {}).get("crps")
    for p in preds:
        m = means[p]
        sk = "-" if not base or m["crps"] is None else f"{1 - m['crps'] / base:+.1%}"
        lines.append(f"| {p} | {fmt(m['crps'], 1)} | {fmt(m['brier_mean'])} | {fmt(m['log_mean'])} | {sk} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- provenance and the folder
def git_commit() -> tuple[str, bool]:
    """(commit of this checkout, whether tracked files differ from it); ('unknown', True) outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown", True
    return head, bool(dirty)


STATE_FILE = "calibration.json"
OUTPUTS = ("posterior.parquet", "posterior.toml", "loo_posteriors.parquet", "scores.parquet", "scores.md")


def _write_json(path: Path, obj: dict) -> None:
    from engine.batch.store import atomic_write

    atomic_write(path, lambda p: p.write_text(json.dumps(obj, indent=1), encoding="utf-8"))


def _nothing_to_resume(out: Path) -> str:
    """The one line for ``--resume`` on a folder that holds no calibration."""
    if not out.exists():
        return f"--resume: --out {out}: no such folder, so nothing to resume (drop --resume to start a fit)"
    return (f"--resume: --out {out}: holds no calibration to resume (no {STATE_FILE}); "
            "drop --resume to start a fit")


def _prepare_folder(out: Path, cfg: CalibrationConfig, identity: dict) -> dict:
    """New state for a fresh folder, or the stored one for ``--resume`` (identity checked)."""
    from engine.batch.lock import lock_files

    state_path = out / STATE_FILE
    if state_path.exists():
        if not cfg.resume:
            raise CalibrationError(f"--out {out}: holds a calibration already; add --resume to continue it")
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            stored = state["identity"]
        except (OSError, ValueError, KeyError, TypeError):
            raise CalibrationError(f"--out {out}: {STATE_FILE} is unreadable; use a new folder") from None
        if state.get("format") != FORMAT:
            raise CalibrationError(
                f"--out {out}: {STATE_FILE} has format {state.get('format')!r}, not {FORMAT}"
            )
        for key in dict.fromkeys([*identity, *stored]):
            # a key one side lacks has its default (an exact fit's identity names no mode)
            value = identity.get(key, IDENTITY_DEFAULTS.get(key))
            if key == "generations" and stored.get(key) != value:
                # Generation t is seeded from (--seed, fit, t) only, so a fit of g generations
                # is the first g of a longer one: a resume may extend it or stop it earlier.
                state["identity"]["generations"] = value
                continue
            if stored.get(key, IDENTITY_DEFAULTS.get(key)) != value:
                what = {
                    "priors_sha256": "the priors file changed",
                    "min_past": f"the past-only minimum of past wars ({value})",
                }.get(key, f"--{key} {value}")
                raise CalibrationError(
                    f"--resume: {what} differs from the calibration in {out} "
                    f"({key} = {stored.get(key, IDENTITY_DEFAULTS.get(key))!r})"
                )
        return state
    if cfg.resume:  # run_calibration refuses this before any work; here again under the lock
        raise CalibrationError(_nothing_to_resume(out))
    others = [p.name for p in out.iterdir() if p.name not in lock_files()] if out.exists() else []
    if others:
        raise CalibrationError(
            f"--out {out}: not empty and not a calibration folder ({', '.join(sorted(others)[:3])})"
        )
    commit, dirty = git_commit()
    return {
        "format": FORMAT,
        "identity": identity,
        "commit": commit,
        "dirty": dirty,
        "sessions": [],
        "complete": False,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def run_calibration(
    cfg: CalibrationConfig, report: Callable[[dict], None] = lambda e: None
) -> dict[str, Any]:
    """Fit, score and write a calibration into ``cfg.out`` under its writer lock.

    Returns
    -------
    dict
        ``out``, ``posterior`` (path -> (median, q05, q95)), ``summary`` (mean scores per
        predictor), ``complete``.
    """
    import polars as pl

    from engine.batch.lock import refuse_if_held, writer_lock

    out = Path(cfg.out)
    if out.exists() and not out.is_dir():
        raise CalibrationError(f"--out {out}: exists and is not a folder")
    if cfg.resume and not (out / STATE_FILE).is_file():  # before the folder's lock creates it
        raise CalibrationError(_nothing_to_resume(out))
    priors = load_priors(cfg.priors)
    episodes = select_episodes(cfg.episodes, cfg.days)
    check_priors(priors, episodes)
    names = [e.name for e in episodes]
    if cfg.loo not in LOO_MODES:
        raise CalibrationError(f"--loo: {cfg.loo!r} is not one of {', '.join(LOO_MODES)}")
    plan = forward_plan(episodes) if cfg.loo == "forward" else []
    scored = [(t, train) for t, train in plan if len(train) >= cfg.min_past]
    if cfg.loo == "forward" and not scored:
        raise CalibrationError(
            f"--loo forward: no episode has {cfg.min_past} or more of the chosen episodes ended "
            "before it began (nothing to score)"
        )
    identity = cfg.identity(priors, names)
    refuse_if_held(out)
    with writer_lock(out, option="--out"):
        state = _prepare_folder(out, cfg, identity)
        commit, dirty = git_commit()
        state["sessions"].append(
            {
                "commit": commit,
                "dirty": dirty,
                "executor": cfg.executor,
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
        state["complete"] = False
        _write_json(out / STATE_FILE, state)
        (out / "abc").mkdir(exist_ok=True)
        fits = [("all", episodes)]
        if cfg.loo == "exact":
            fits += [(f"without_{e.name}", [x for x in episodes if x is not e]) for e in episodes]
        elif cfg.loo == "forward":
            fits += [(f"before_{t.name}", train) for t, train in scored]
        posts = {}
        with make_sampler(cfg) as sampler:
            for fit_name, eps in fits:
                on_sim = (lambda: report({"event": "simulation"})) if cfg.executor == "local" else None
                model = EpisodeModel(priors, tuple(eps), cfg.seeds, cfg.seed, on_sim)
                dist = EpisodeDistance(tuple(e.name for e in eps), tuple(e.horizon for e in eps))
                db = out / "abc" / f"{fit_name}.db"
                run_fit(fit_name, model, dist, observed_summaries(eps), cfg, db, sampler, report)
                posts[fit_name] = posterior_frame(db, priors, cfg.generations)
        if cfg.loo == "reweight":
            for e in episodes:
                posts[f"without_{e.name}"] = rethresholded(
                    out / "abc" / "all.db", priors, episodes, e.name, cfg.generations
                )
        report({"event": "scoring"})
        if cfg.loo == "forward":
            # the posterior that predicts an episode is "without" it too (and without every
            # episode that had not ended when it began)
            for t, _ in scored:
                posts[f"without_{t.name}"] = posts[f"before_{t.name}"]
            predictions = {t.name: predict_episode(t, posts[f"before_{t.name}"], priors, cfg)
                           for t, _ in scored}
            trains = {t.name: [x.name for x in train] for t, train in scored}
            table = score_table(episodes, predictions, "forward", trains, cfg.min_past)
            names_out = [t.name for t, _ in scored]
        else:
            predictions = {e.name: predict_episode(e, posts[f"without_{e.name}"], priors, cfg)
                           for e in episodes}
            table = score_table(episodes, predictions)
            names_out = names
        label = (
            f"{priors.meta.talks_model}; {'quick test fit' if cfg.quick else 'fit'} at {state['commit'][:12]}"
            + {"reweight": "; leave-one-out approximated by re-thresholding the full fit",
               "forward": f"; past-only, at least {cfg.min_past} past wars to be scored"}.get(cfg.loo, "")
        )
        meta = {
            "format": FORMAT,
            "commit": state["commit"],
            "commit_dirty": str(state["dirty"]).lower(),
            "priors_sha256": priors.sha256,
            "priors_file": str(priors.path),
            "talks_model": priors.meta.talks_model,
            "status": "quick test fit, not for use" if cfg.quick else "fit",
            "config": json.dumps(identity),
            "paths": json.dumps(list(priors.paths)),
            "loo": cfg.loo,
        }
        full = posts["all"]
        full.write_parquet(out / "posterior.parquet", metadata=meta)
        loo = pl.concat([posts[f"without_{n}"].with_columns(pl.lit(n).alias("left_out")) for n in names_out])
        loo.write_parquet(out / "loo_posteriors.parquet", metadata=meta)
        table.write_parquet(out / "scores.parquet", metadata=meta)
        (out / "scores.md").write_text(markdown_scores(table, label, cfg.min_past), encoding="utf-8")
        last = full.filter(pl.col("generation") == full["generation"].max())
        w = last["weight"].to_numpy()
        coefs = {}
        for c in priors.coefficients:
            q05, med, q95 = weighted_quantiles(last[c.path].to_numpy(), w, (0.05, 0.5, 0.95))
            for p in c.paths:  # tied paths inherit the same value
                coefs[p] = CoefficientSummary(median=med, q05=q05, q95=q95)
        write_summary(
            out / "posterior.toml",
            PosteriorSummary(
                meta=SummaryMeta(
                    talks_model=priors.meta.talks_model,
                    commit=state["commit"],
                    priors_sha256=priors.sha256,
                    fitted=state["started"],
                    status=meta["status"],
                    episodes=names,
                ),
                coefficients=coefs,
            ),
        )
        state["complete"] = True
        _write_json(out / STATE_FILE, state)
    summary = {
        p: {
            c: float(table.filter(pl.col("predictor") == p)[c].drop_nulls().mean())
            for c in ("crps", "brier_mean", "log_mean")
        }
        for p in dict.fromkeys(table["predictor"].to_list())
    }
    return {
        "out": str(out),
        "complete": True,
        "loo": cfg.loo,
        "scored": names_out,
        "commit": state["commit"],
        "posterior": {
            p: dataclasses.asdict(c) if dataclasses.is_dataclass(c) else c.model_dump()
            for p, c in coefs.items()
        },
        "summary": summary,
    }
