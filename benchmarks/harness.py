"""Side-by-side timing: interleaved repeats after a warm-up, medians and spread.

Each benchmark compares two (or more) ways of doing the same work in one
process. Timing them in alternation (A B, B A, A B, ...) rather than all of A
then all of B means a slow patch of the machine (another process, a frequency
change) hits both sides alike, so the *ratio* of medians stays trustworthy
even on a busy machine where the absolute seconds do not.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Wall-clock seconds of the repeats of one side."""

    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)


Side = Callable[[], object] | tuple[Callable[[], object], Callable[[object], object]]


def time_once(side: Side) -> tuple[float, object]:
    """Seconds one call of a side takes (garbage collected before, disabled during).

    A side is a zero-argument callable, or a pair ``(setup, work)``: ``setup()``
    runs untimed and ``work(setup())`` is timed (to time stepping without
    building the model, say).
    """
    if isinstance(side, tuple):
        setup, work = side
        arg = setup()
        fn = lambda: work(arg)  # noqa: E731
    else:
        fn = side
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        out = fn()
        return time.perf_counter() - t0, out
    finally:
        if enabled:
            gc.enable()


class Timings(dict):
    """``{side name: Timing}``; ``mismatch`` holds the check's message when the
    sides did not agree (None when they did or nothing was checked)."""

    mismatch: str | None = None


def interleaved(
    sides: dict[str, Side],
    repeats: int,
    warmup: int = 1,
    check: Callable[[dict[str, object]], None] | None = None,
) -> Timings:
    """Time each side ``repeats`` times, alternating the order every repeat.

    Parameters
    ----------
    sides : dict of name -> side
        The ways of doing the same work (see :func:`time_once`). Each call
        must do the whole work from a fresh start, so repeats are independent.
    repeats : int
        Timed calls per side.
    warmup : int
        Untimed calls per side first (compilation, caches, imports).
    check : callable, optional
        Called with ``{name: return value}`` of the warm-up round (or the first
        repeat when there is no warm-up) to check that the sides agree; it
        raises ``AssertionError`` when they do not, and the message is kept
        in the result's ``mismatch`` (the timings are still returned, so the
        suite can report them flagged rather than lose them).
    """
    names = list(sides)
    outputs: dict[str, object] = {}
    for _ in range(warmup):
        for name in names:
            outputs[name] = time_once(sides[name])[1]
    timings = Timings({name: Timing() for name in names})
    for k in range(repeats):
        order = names if k % 2 == 0 else names[::-1]
        for name in order:
            seconds, out = time_once(sides[name])
            timings[name].seconds.append(seconds)
            if k == 0 and not warmup:
                outputs[name] = out
    if check is not None:
        try:
            check(outputs)
        except AssertionError as exc:
            timings.mismatch = str(exc) or "outputs differ"
    return timings


def ratio_spread(slow: Timing, fast: Timing) -> tuple[float, float, float]:
    """Ratio of medians ``slow / fast``, with the pessimistic and optimistic
    bounds from the spreads (``slow.low / fast.high``, ``slow.high / fast.low``)."""
    return slow.median / fast.median, slow.low / fast.high, slow.high / fast.low


def agreement(benchmark: str, timings: Timings, what: str, **where):
    """A figure saying whether the sides' outputs agreed (1) or not (0)."""
    from benchmarks.results import Figure

    ok = timings.mismatch is None
    note = what if ok else f"OUTPUTS DIFFER, the timings compare unequal work: {timings.mismatch}"
    return Figure(benchmark, "outputs_equal", "agreement", "1", 1.0 if ok else 0.0, target=1.0, note=note,
                  **where)
