"""A rich progress bar on stderr for long commands (batch, sensitivity): runs done,
runs per second, time elapsed and left."""

from __future__ import annotations


class ProgressBar:
    """Context manager; ``update(done, total)`` sets the runs done so far.

    Parameters
    ----------
    label : str
        Shown at the left of the bar (the command's name).
    """

    def __init__(self, label: str):
        self.label = label

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
            TextColumn(f"[bold]{self.label}"),
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
            self.task = self.progress.add_task(self.label, total=total, completed=done)
        else:
            self.progress.update(self.task, completed=done)

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)
