"""``warsim calibrate --out DIR``: fit the talks' behavioural coefficients across the episodes."""

from __future__ import annotations

import json

from engine.cli.options import int_in as _int

NAME = "calibrate"
HELP = "fit the talks' behavioural coefficients across the episode library (pyabc ABC-SMC)"
DESCRIPTION = (
    "Fit the coefficients of a priors file jointly across historical episodes by ABC-SMC "
    "(pyabc), score each episode left out of its own fit against base-rate hazard models, "
    "and write the posterior (Parquet), a posterior summary (TOML) and the scores "
    "(Parquet and markdown) into --out. docs/calibration_plan.md describes the method."
)


def register(p) -> None:
    p.add_argument(
        "--episodes",
        nargs="+",
        default=None,
        metavar="NAME",
        help="episodes to fit (scenario file stems in scenarios/episodes; default all)",
    )
    p.add_argument(
        "--priors",
        default=None,
        metavar="FILE",
        help="priors file (default scenarios/episodes/priors_bargaining.toml: the bargaining game "
        "the project uses; scenarios/episodes/priors.toml fits the older red-line talks)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="results folder (new or empty, or --resume)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="small fit for tests: 3 short episodes, their first 120 days, 10 particles, "
        "2 generations, 2 seeds; --loo forward scores an episode from 1 past war "
        "(each option given explicitly still wins)",
    )
    p.add_argument(
        "--population",
        type=_int(2, 100_000, "--population"),
        default=None,
        help="particles per generation (default 200; --quick 10)",
    )
    p.add_argument(
        "--generations",
        type=_int(1, 100, "--generations"),
        default=None,
        help="ABC-SMC generations per fit (default 8; --quick 2)",
    )
    p.add_argument(
        "--seeds",
        type=_int(1, 10_000, "--seeds"),
        default=None,
        help="engine runs per episode and particle (default 8; --quick 2)",
    )
    p.add_argument(
        "--draws",
        type=_int(1, 10_000, "--draws"),
        default=None,
        help="posterior draws per left-out episode when scoring (default 16; --quick 4)",
    )
    p.add_argument(
        "--days",
        type=_int(1, 3650, "--days"),
        default=None,
        help="cap each episode's window at DAYS (the record is censored alike; default: "
        "the whole window; --quick 120)",
    )
    p.add_argument(
        "--seed",
        type=_int(0, 2**40, "--seed"),
        default=1,
        help="base seed of the engine runs and pyabc's proposals (default 1)",
    )
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local: one process; dask: pyabc's Dask sampler (the same posterior, bit for bit)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (--executor dask)",
    )
    p.add_argument(
        "--threads",
        type=_int(1, 4096, "--threads"),
        default=None,
        help="dask: LocalCluster worker processes (default: all cores)",
    )
    p.add_argument(
        "--loo",
        choices=("exact", "reweight", "forward"),
        default="exact",
        help="out-of-sample scores: exact leave-one-out (one more fit per episode), reweight "
        "(the full fit's last population re-thresholded without the left-out episode's term: "
        "an approximation at 1/(N+1) of the cost) or forward (past-only: each episode "
        "predicted from a fit on the episodes whose outcome was known before it began, as "
        "known then; one fit per episode with at least 4 such wars, the others not scored)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the calibration in --out after a kill (same options; --generations may "
        "differ: the fit is extended, or reported at fewer generations)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress display")
    p.add_argument("--json", action="store_true", help="print the end summary as one JSON object")


# The priors of the adopted talks model (talks.model = "bargaining", issue 13), which the
# command fits unless told otherwise. The library's own default (CalibrationConfig.priors,
# engine.analysis.priors.PRIORS_FILE) stays the red-line file its tests fit.
DEFAULT_PRIORS = "priors_bargaining.toml"


def config_from_args(args):
    """The CalibrationConfig these options describe (``--quick`` fills what is not given)."""
    from engine.analysis.calibrate import FULL, QUICK, CalibrationConfig, CalibrationError
    from engine.analysis.priors import PRIORS_FILE
    from engine.analysis.scoring import MIN_PAST

    if args.scheduler and args.executor != "dask":
        raise CalibrationError("--scheduler: only with --executor dask")
    base = QUICK if args.quick else FULL

    def pick(name):
        v = getattr(args, name)
        return base.get(name) if v is None else v

    episodes = args.episodes if args.episodes is not None else (list(QUICK["episodes"]) if args.quick else [])
    return CalibrationConfig(
        out=args.out,
        episodes=tuple(episodes),
        priors=args.priors or str(PRIORS_FILE.with_name(DEFAULT_PRIORS)),
        population=pick("population"),
        generations=pick("generations"),
        seeds=pick("seeds"),
        days=pick("days"),
        draws=pick("draws"),
        seed=args.seed,
        executor=args.executor,
        scheduler=args.scheduler,
        workers=args.threads,
        resume=args.resume,
        quick=args.quick,
        loo=args.loo,
        min_past=QUICK["min_past"] if args.quick else MIN_PAST,
    )


class Display:
    """Progress on stderr (rich): one bar per fit, generations done, particles simulated, epsilon.

    The live display starts at the first event (the first fit), not on entry: input the
    calibration refuses before any fit is then one line on stderr, with no blank line
    that rich's display leaves when it stops.
    """

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tasks = {}
        self.current = None
        self.progress = None

    def __enter__(self):
        return self

    def _start(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]calibrate {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("generations"),
            TextColumn("{task.fields[info]}", style="cyan"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self.progress.__enter__()

    def __call__(self, e: dict) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            self._start()
        kind = e["event"]
        if kind == "fit":
            self.current = self.progress.add_task(
                e["fit"], total=e["generations"], completed=e["done"], info="", sims=0
            )
        elif kind == "simulation" and self.current is not None:
            task = self.progress.tasks[self.current]
            sims = task.fields.get("sims", 0) + 1
            self.progress.update(self.current, sims=sims, info=f"{sims} simulated")
        elif kind == "generation" and self.current is not None:
            self.progress.update(
                self.current,
                completed=e["t"] + 1,
                info=f"epsilon {e['epsilon']:.4f} ({e['samples']} simulated)",
                sims=0,
            )
        elif kind == "scoring":
            self.current = self.progress.add_task(
                "scores", total=1, completed=0, info="leave-one-out", sims=0
            )

    def __exit__(self, *exc):
        if self.progress is not None:
            if self.current is not None and exc[0] is None:
                self.progress.update(self.current, completed=self.progress.tasks[self.current].total)
            return self.progress.__exit__(*exc)
        return None


def main(args) -> int:
    from engine.analysis.calibrate import run_calibration

    cfg = config_from_args(args)
    with Display(not args.no_progress) as display:
        result = run_calibration(cfg, report=display)
    if args.json:
        print(json.dumps(result))
    else:
        print(format_result(result))
    return 0


def format_result(r: dict) -> str:
    lines = [
        f"calibration complete -> {r['out']} (fitted at commit {r['commit'][:12]})",
        "posterior (median, 5-95%):",
    ]
    for path, c in r["posterior"].items():
        lines.append(f"  {path} = {c['median']:.4g} [{c['q05']:.4g}, {c['q95']:.4g}]")
    if r.get("loo") == "forward":
        lines.append(f"past-only, means over the {len(r['scored'])} scored episodes (lower is better):")
    else:
        lines.append("leave-one-episode-out, means (lower is better):")
    for pred, s in r["summary"].items():
        lines.append(
            f"  {pred:16s} CRPS {s['crps']:8.1f} days  Brier {s['brier_mean']:.3f}  log {s['log_mean']:.3f}"
        )
    lines.append(f"table: {r['out']}/scores.md")
    return "\n".join(lines)
