"""The run's own columns: how and when it ended.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column

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
