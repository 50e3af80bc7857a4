"""The run's own columns: how and when it ended; and its own per-run results.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
``RESULTS``: the run's identity and end in the batch files and ``warsim run --json``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column, Result

COLUMNS = {
    "glob": (
        Column("ceasefire_day", "day", "day the ceasefire began (-1 if none)"),
        Column("outcome", "code", "outcome code (OUTCOME_*)"),
        Column("ended", "-", "1 once the run has ended early (a collapse)"),
        Column("end_day", "day", "day the run ended (-1 while running)"),
        Column(
            "collapsed_state",
            "state index",
            "index of the state whose army or support broke (-1 if none)",
            twin=lambda x: -1 if x.collapsed_state is None else x.collapsed_state.index,
        ),
    ),
}

ARRAYS = (
    Array("seed", "int64", "R", "each run's seed"),
    Array("day", "int64", "R", "days stepped so far", dynamic=True, twin=lambda m: {(): m.day}),
    Array("role", "int64", "N", "ROLE_* of each state"),
    Array("record_every", "int64", "1", "series stride in days (0: no series)"),
    # compared record by record by the twin test (tests/twin.py)
    Array("log", "float64", "R, LOG_CAPACITY, N_LOG", "event records (day, kind, a, b, value)"),
    Array(
        "log_count",
        "int64",
        "R",
        "records written (may exceed the capacity)",
        dynamic=True,
        twin=lambda m: {(): len(m.event_records)},
    ),
    Array("series_state", "float64", "R, NREC, N, N_SERIES_STATE", "per-state series (OUTPUTS)"),
    Array("series_front", "float64", "R, NREC, F", "per-front series: depth (km)"),
    Array("series_global", "float64", "R, NREC, N_SERIES_GLOBAL", "run-level series (OUTPUTS)"),
)

# The run's identity and end: batch bookkeeping columns (runs/ and series/ files) and
# the top-level keys of ``warsim run --json`` (engine/results.py, engine/cli/run.py).
RESULTS = (
    Result("run_id", "-", "Run", "point_id x reps + replicate (batch files)", column="run_id"),
    Result("point_id", "-", "Design point", "design point of the batch (batch files)", column="point_id"),
    Result("replicate", "-", "Replicate", "0 .. reps-1 within a design point", column="replicate"),
    Result("seed", "-", "Seed", "the run's seed", column="seed", json="seed"),
    Result("day", "day", "Day", "day of a series row (0 = the first day)", column="day"),
    Result(
        "days_run",
        "days",
        "Days simulated",
        "days simulated (fewer after a collapse)",
        column="days_run",
        json="days",
    ),
    Result(
        "outcome",
        "-",
        "Outcome",
        "no_deal, ceasefire_holding, ceasefire_collapsed or collapse",
        column="outcome",
        json="outcome",
    ),
    Result(
        "ceasefire_day",
        "day",
        "Ceasefire day",
        "day the ceasefire began (runs: null or -1 if none)",
        column="ceasefire_day",
        json="ceasefire_day",
    ),
    Result(
        "collapsed_state",
        "-",
        "Collapsed state",
        "state whose army or support broke (null if none)",
        json="collapsed_state",
    ),
    Result("scenario", "-", "Scenario", "the scenario's name", json="scenario"),
    Result("start", "date", "First day", "date of the first day", json="start"),
    Result("end", "date", "Last day", "date of the last simulated day", json="end"),
    Result(
        "events_logged",
        "records",
        "Events logged",
        "event records written (may exceed the log)",
        json="events_logged",
    ),
    Result("reason", "-", "Reason", "one line saying why the run ended with its outcome", json="reason"),
)
