"""``warsim batch SCENARIO ...``: a Monte Carlo batch with a progress bar."""

from __future__ import annotations

import json
import sys

from engine.batch.driver import BatchConfig, prepare_batch, run_batch


def config_from_args(args) -> BatchConfig:
    return BatchConfig(
        scenario=args.scenario,
        out=args.out,
        reps=args.reps,
        vary=list(args.vary),
        design=args.design,
        samples=args.samples,
        grid=args.grid,
        series=args.series,
        seed=args.seed,
        days=args.days,
        overrides=list(args.overrides),
        threads=args.threads,
        resume=args.resume,
        executor=args.executor,
        scheduler=args.scheduler,
        chunk_runs=args.chunk_runs,
    )


def main(args) -> int:
    prep = prepare_batch(config_from_args(args))
    for note in prep.notes:
        print(note, file=sys.stderr)
    if args.no_progress:
        result = run_batch(prep)
    else:
        with _ProgressBar() as bar:
            result = run_batch(prep, on_progress=bar.update)
    result["outcomes"] = outcome_shares(result["out"])
    if args.json:
        print(json.dumps(result))
    else:
        print(format_result(result))
    return 0


def outcome_shares(out: str) -> dict[str, float]:
    import polars as pl

    from engine.batch.report import scan_runs

    counts = scan_runs(out).group_by("outcome").agg(pl.len().alias("n")).sort("outcome").collect()
    total = max(int(counts["n"].sum()), 1)
    return {row["outcome"]: row["n"] / total for row in counts.iter_rows(named=True)}


def format_result(r: dict) -> str:
    rate = r["runs_new"] / r["seconds"] if r["seconds"] > 0 else 0.0
    status = "complete" if r["complete"] else "INCOMPLETE"
    lines = [
        f"batch {status}: {r['runs']:,} runs ({r['n_points']} design points x {r['reps']} reps, "
        f"{r['chunks']} chunks) -> {r['out']}",
        f"this session: {r['runs_new']:,} runs in {r['seconds']:.1f} s ({rate:,.0f} runs/s)",
        "outcomes: " + ", ".join(f"{k} {v:.1%}" for k, v in r["outcomes"].items()),
        f"report: warsim report {r['out']}",
    ]
    return "\n".join(lines)


class _ProgressBar:
    """A rich progress bar on stderr: runs done, runs/s, time left."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f} runs/s" if speed else "-- runs/s", style="cyan")

        self.progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("runs"),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.progress.__enter__()
        self.task = None
        return self

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task("batch", total=total, completed=done)
        else:
            self.progress.update(self.task, completed=done)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)
