"""Column layout of the world arrays, numbered from the mechanisms' declarations.

The world is a structure of arrays with a leading run axis (see
:mod:`engine.world`). Per-entity records are rows of float64 matrices whose
columns are declared once, by the mechanism that owns them, in
``engine/mechanisms/<name>/columns.py`` (and the run's own in
``engine/core/run.py``); :mod:`engine.core.registry` collects them in day order
and this module turns them into the constants kernels use: ``S_RESERVE`` is the
column of ``reserve`` in the ``state`` block, ``N_STATE`` the block's width
(prefixes in :data:`engine.core.columns.BLOCKS`). Output series get ``SS_*``
(per state), ``SG_*`` (per run) and ``SF_*`` (per front). Numba freezes these
module-level integers as compile-time constants.

``COLUMNS`` maps each block to its :class:`engine.core.columns.Column` list and
``OUTPUTS`` lists every :class:`engine.core.columns.Output`: what reporters,
charts, the series files, the dashboard and docs/architecture.md are made from;
``RESULTS`` every :class:`engine.core.columns.Result` (the per-run columns of a
batch's runs files and the keys of ``warsim run --json``). engine/outputs.py
expands both into the exact names a scenario's files carry.
"""

from engine.core.registry import LAYOUT

COLUMNS = LAYOUT.columns
ARRAYS = tuple(LAYOUT.arrays)
OUTPUTS = tuple(LAYOUT.outputs)
RESULTS = tuple(LAYOUT.results)
globals().update(LAYOUT.constants())

# ---------------------------------------------------------------- outcomes
OUTCOME_NO_DEAL = 0
OUTCOME_CEASEFIRE_HOLDING = 1
OUTCOME_CEASEFIRE_COLLAPSED = 2
OUTCOME_COLLAPSE = 3
OUTCOME_NAMES = ("no_deal", "ceasefire_holding", "ceasefire_collapsed", "collapse")

# ---------------------------------------------------------------- talks status
TALKS_OFF = 0  # no talks in this scenario
TALKS_ACTIVE = 1  # envoys shuttling
TALKS_SUSPENDED = 2  # broken down or the mediator disengaged, until G_SUSPEND_UNTIL
TALKS_SIGNED = 3  # deal signed, ratification pending
TALKS_CEASEFIRE = 4  # ratified: a ceasefire holds
TALKS_STATUS_NAMES = ("off", "active", "suspended", "signed", "ceasefire")

# ---------------------------------------------------------------- roles
ROLE_BELLIGERENT = 0
ROLE_MEDIATOR = 1
ROLE_PATRON = 2
ROLE_NAMES = ("belligerent", "mediator", "patron")

# ---------------------------------------------------------------- streams and events
# Each mechanism declares, in its columns.py, the keyed random streams it draws from
# (``STREAMS``: ``STREAM_LOSSES`` ...) and the event kinds it logs (``EVENTS``:
# ``EV_SANCTIONS`` ...); the registry collects them into the constants above
# (``LAYOUT.constants()``) and refuses a code declared twice. Codes are fixed numbers
# (a stream's id is part of every draw's key; an event's code is stored in event logs).
# Streams 30..39 belong to the bargaining core (engine/mechanisms/bargaining/columns.py),
# stream 2 is retired (the defender's loss noise before model version 2). An event has
# a day, two integer targets (a, b; -1 when unused) and a value; the scheduled kinds of
# a scenario file are engine.mechanisms.events.schema.EVENT_KINDS; each kind's name and
# sentence in the event log come from the results.py of the mechanism that logs it.

# Log record columns: (day, kind, a, b, value)
LOG_DAY = 0
LOG_KIND = 1
LOG_A = 2
LOG_B = 3
LOG_VALUE = 4
N_LOG = 5
