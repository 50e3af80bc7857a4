"""The one event system: every mechanism appends ``(day, kind, a, b, value)`` records.

``log[LOG_CAPACITY, N_LOG]`` and ``log_count[1]`` are run ``r``'s rows of the
World's log block, sliced by the driver. Event codes (``EV_*``) and what ``a``,
``b`` and ``value`` mean per kind are in :mod:`engine.layout`; their names and
sentences in each mechanism's ``results.py`` (``EVENT_NAMES``, ``describe``), composed
by :func:`engine.results.event_names`.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.jit import kernel

# One explicit signature: callers pass literal kinds and -1 targets, which would
# otherwise each compile their own specialization.
LOG_EVENT_SIGNATURE = "void(float64[:, ::1], int64[::1], int64, int64, int64, int64, float64)"


@kernel(signature=LOG_EVENT_SIGNATURE)
def log_event(log, log_count, day, kind, a, b, value):
    """Append ``(day, kind, a, b, value)`` to the run's log (dropped past capacity).

    log : float64[LOG_CAPACITY, N_LOG]; log_count : int64[1], records written
    (may exceed the capacity).
    """
    n = log_count[0]
    log_count[0] = n + 1
    if n < log.shape[0]:
        log[n, L.LOG_DAY] = day
        log[n, L.LOG_KIND] = kind
        log[n, L.LOG_A] = a
        log[n, L.LOG_B] = b
        log[n, L.LOG_VALUE] = value


def name_at(names, i: int, missing: str = "?") -> str:
    """``names[i]`` for a log record's index ``a`` or ``b``, or ``missing`` when out of range.

    Records carry -1 for "none" and a damaged or foreign log may carry anything, so the
    sentences of each mechanism's ``describe`` never index blindly (plain Python).
    """
    return names[i] if 0 <= i < len(names) else missing
