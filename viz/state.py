"""The dashboard's reactive state, in one place, and the actions that change it.

Module-level ``solara.reactive`` values are scoped per kernel: each browser
session gets its own copies, so each session has its own model (a WarModel is
only ever created inside a session, never at import). Components read these
values and call the actions below; they hold no state of their own.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import solara

from viz import live

DEFAULT_SCENARIO = "ukraine_2025"
FRAME_S = 0.25  # seconds per drawn frame while playing (the page redraws charts 100 ms after the last change)

# ---------------------------------------------------------------- live run
scenario = solara.reactive(DEFAULT_SCENARIO)
seed = solara.reactive(1)
days = solara.reactive(None)  # run length (None: the scenario's)
levers: solara.Reactive[dict[str, float]] = solara.reactive({})
extra_overrides: solara.Reactive[dict[str, Any]] = solara.reactive({})  # non-lever overrides (replays)
model = solara.reactive(None)  # the session's WarModel
tick = solara.reactive(0)  # bumped after every change of the model: views re-read it
playing = solara.reactive(False)
speed = solara.reactive(20)  # target simulated days per second while playing
measured_speed = solara.reactive(0.0)  # days per second achieved over the last play
error = solara.reactive(None)
replay_note = solara.reactive(None)
map_zoom = solara.reactive("active sectors")  # or "all sectors"
map_day: solara.Reactive[int | None] = solara.reactive(None)  # a third contact line: this day's

# ---------------------------------------------------------------- explorer
tab = solara.reactive(0)  # 0 live, 1 explorer
results_root = solara.reactive(Path(os.environ.get("WARSIM_RESULTS", "results")))
dataset = solara.reactive(None)  # name of the open dataset under results_root
heat_day: solara.Reactive[int | None] = solara.reactive(None)  # None: the day the cells differ most
group_by = solara.reactive("design point")  # survival curves and shares per ...
outcomes_shown: solara.Reactive[list[str]] = solara.reactive([])  # [] = every outcome
fan_column: solara.Reactive[str | None] = solara.reactive(None)
heat_x = solara.reactive(None)
heat_y = solara.reactive(None)
point = solara.reactive(None)
run = solara.reactive(None)

_locks: dict[int, threading.Lock] = {}


def reset_session() -> None:
    """Put every value back to its default (tests; a fresh session starts this way)."""
    scenario.set(DEFAULT_SCENARIO)
    seed.set(1)
    days.set(None)
    levers.set({})
    extra_overrides.set({})
    model.set(None)
    tick.set(0)
    playing.set(False)
    speed.set(20)
    measured_speed.set(0.0)
    error.set(None)
    replay_note.set(None)
    map_zoom.set("active sectors")
    map_day.set(None)
    tab.set(0)
    dataset.set(None)
    heat_day.set(None)
    group_by.set("design point")
    outcomes_shown.set([])
    fan_column.set(None)
    heat_x.set(None)
    heat_y.set(None)
    point.set(None)
    run.set(None)
    results_root.set(Path(os.environ.get("WARSIM_RESULTS", "results")))


def _lock(m) -> threading.Lock:
    return _locks.setdefault(id(m), threading.Lock())


def build() -> None:
    """(Re)build the session's model from the current scenario, levers, overrides, seed and days."""
    from engine.errors import UsageError
    from engine.model import WarModel

    playing.set(False)
    try:
        m = WarModel(
            scenario.value,
            seed=seed.value,
            days=days.value,
            **{k.replace(".", "__"): v for k, v in {**levers.value, **extra_overrides.value}.items()},
        )
    except UsageError as exc:
        error.set(" ".join(exc.lines()))
        return
    error.set(None)
    if not levers.value:
        levers.set({s.name: s.default for s in live.lever_specs(m.scenario)})
    model.set(m)
    tick.set(tick.value + 1)


def ensure_model() -> None:
    """Build the session's model on first use."""
    if model.value is None:
        build()


def step(n: int = 1) -> None:
    """Advance the session's model ``n`` days (stops at the end)."""
    m = model.value
    if m is None:
        return
    with _lock(m):
        for _ in range(n):
            if m.ended:
                break
            m.step()
    if m.ended:
        playing.set(False)
    tick.set(tick.value + 1)


def reset() -> None:
    """A fresh model with the same settings: day 0 again."""
    build()


def choose_scenario(name: str) -> None:
    scenario.set(name)
    levers.set({})
    extra_overrides.set({})
    replay_note.set(None)
    build()


def set_lever(name: str, value: float) -> None:
    """Set a lever; the run restarts from day 0 with it (levers act from the start)."""
    levers.set({**levers.value, name: float(value)})
    build()


def set_seed(value: int | None) -> None:
    seed.set(None if value is None else int(value))
    build()


def play_loop() -> None:
    """Step while ``playing``: about ``speed`` days a second, redrawing every FRAME_S seconds.

    When drawing a frame takes longer than FRAME_S, more days go into each frame
    so the simulated speed holds and the charts update less often.
    """
    t_start, day_start = time.perf_counter(), _day()
    frame = FRAME_S
    while playing.value:
        t0 = time.perf_counter()
        n = max(1, round(speed.value * frame))
        step(n)
        busy = time.perf_counter() - t0
        time.sleep(max(0.0, FRAME_S - busy))
        frame = max(FRAME_S, time.perf_counter() - t0)
        elapsed = time.perf_counter() - t_start
        if elapsed > 0:
            measured_speed.set(round((_day() - day_start) / elapsed, 1))


def _day() -> int:
    m = model.value
    return m.day if m is not None else 0


def toggle_play() -> None:
    m = model.value
    playing.set(bool(m is not None and not m.ended and not playing.value))


# ---------------------------------------------------------------- explorer actions
def open_dataset(name: str | None) -> None:
    dataset.set(name)
    heat_day.set(None)
    outcomes_shown.set([])
    fan_column.set(None)
    heat_x.set(None)
    heat_y.set(None)
    point.set(None)
    run.set(None)


def replay(spec: dict[str, Any]) -> None:
    """Load a batch run into the live page: same scenario, overrides and seed give the same run."""
    from engine.scenario import load_scenario

    name = spec.get("scenario") or scenario.value
    try:
        sc = load_scenario(name)
    except Exception as exc:  # noqa: BLE001 - shown on the page
        error.set(f"cannot replay: scenario {name!r}: {exc}")
        tab.set(0)
        return
    lever_names = set(sc.levers)
    over = dict(spec.get("overrides") or {})
    scenario.set(name)
    levers.set(
        {
            **{s.name: s.default for s in live.lever_specs(sc)},
            **{k: float(v) for k, v in over.items() if k in lever_names},
        }
    )
    extra_overrides.set({k: v for k, v in over.items() if k not in lever_names})
    seed.set(int(spec["seed"]))
    days.set(spec.get("days"))
    replay_note.set(f"Replaying run {spec.get('run_id')} of {spec.get('dataset')} (seed {spec['seed']})")
    build()
    tab.set(0)
