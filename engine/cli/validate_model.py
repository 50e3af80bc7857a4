"""``warsim validate-model``: rewrite docs/validation.md from engine runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from engine.errors import UsageError

NAME = "validate-model"
HELP = "regenerate the validation report (closed forms, episode scores, clean backtest, sensitivity)"


def register(p) -> None:
    p.add_argument("--out", default="docs/validation.md", help="report path")
    p.add_argument("--seeds", type=int, default=200, help="backtest seeds")
    p.add_argument("--samples", type=int, default=128, help="Sobol base samples")
    p.add_argument("--reps", type=int, default=10, help="replicates per sensitivity point")
    p.add_argument("--quick", action="store_true", help="small sample sizes (a smoke test)")
    p.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    p.add_argument(
        "--calibration",
        default=None,
        metavar="DIR",
        help="the fit across episodes to report (a `warsim calibrate` folder; default "
        "scenarios/episodes/fit); its leave-one-out predictions are re-run and scored",
    )
    p.add_argument(
        "--no-episodes",
        action="store_true",
        help="skip the episode scores and the clean backtest (issue 14)",
    )


def main(args) -> int:
    from engine.validation import build_report

    out = Path(args.out)
    check_out(out, figures=not args.no_figures)
    for name in ("seeds", "samples", "reps"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name}: must be at least 1")
    if not args.no_episodes:
        # bad --calibration or no posterior: one line before any engine run
        from engine.analysis import validation_episodes as VE
        from engine.analysis.posterior import load_summary, posterior_path

        VE.load_fit(Path(args.calibration) if args.calibration else VE.FIT_DIR)
        post = posterior_path()
        if post is None:
            raise UsageError(
                "no posterior adopted (scenarios/episodes/posterior.toml) and WARSIM_POSTERIOR "
                "unset: the clean backtest needs one (or pass --no-episodes)"
            )
        load_summary(post)
    seeds, samples, reps = (20, 4, 2) if args.quick else (args.seeds, args.samples, args.reps)
    t0 = time.perf_counter()
    build_report(out, seeds=seeds, samples=samples, reps=reps, figures=not args.no_figures,
                 calibration=Path(args.calibration) if args.calibration else None,
                 episodes=not args.no_episodes)
    print(f"wrote {out} in {time.perf_counter() - t0:.0f} s")
    return 0


def check_out(out: Path, figures: bool = True) -> None:
    """Refuse a report path that cannot be written, before any engine run (UsageError).

    The report is written last, after minutes of runs, so a folder given as the file,
    a missing or non-folder parent, an unwritable file, or a figures folder that is a
    file would otherwise lose all that work.
    """
    parent = out.parent
    if out.is_dir():
        raise UsageError(f"--out {out}: is a folder; give the report's file (e.g. {out / 'validation.md'})")
    if out.exists() and not out.is_file():
        raise UsageError(f"--out {out}: exists and is not a regular file")
    if not parent.exists():
        raise UsageError(f"--out {out}: {parent}: no such folder")
    if not parent.is_dir():
        raise UsageError(f"--out {out}: {parent}: is not a folder")
    if out.exists() and not os.access(out, os.W_OK):
        raise UsageError(f"--out {out}: not writable")
    if not out.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: {parent}: folder not writable")
    img = parent / "img"
    if figures and img.exists() and not img.is_dir():
        raise UsageError(f"--out {out}: {img} (where the figures go) is not a folder; pass --no-figures "
                         "or move it")
    if figures and not img.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: {parent}: folder not writable (figures go to {img})")
