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

# ---------------------------------------------------------------- random streams
STREAM_LOSSES = 1  # normal pair index: sector (attacker's, defender's loss noise)
# 2: the defender's loss noise before model version 2 (now the pair's second draw)
STREAM_ADVANCE = 3
STREAM_BREAKTHROUGH = 4
STREAM_HAZARD = 5
# Streams 10..19: economy and politics.
STREAM_OIL = 10  # index 0: the log price's diffusion
STREAM_OIL_JUMP = 11  # uniform index 0: jump or not; normal index 1: its size
STREAM_MARKETS = 12  # normal pair index 0: defence index, reconstruction index
STREAM_RALLY = 13  # index: state
STREAM_ELECTION = 14  # index: state
# Streams 20..29: beliefs and talks.
STREAM_LEAK = 20  # index 0: a leak today
STREAM_DEADLINE = 21  # index 0: the mediator's choice at a deadline
STREAM_SUSPEND = 22  # index 0: length of a suspension
STREAM_RATIFY = 23  # index: state
STREAM_CEASEFIRE = 24  # index 0: violation (incident) today, 1: escalation into relapse, 2: side blamed

# ---------------------------------------------------------------- events
# Event kinds. Each event has a day, two integer targets (a, b; -1 when
# unused) and a value. The meaning of a, b and value per kind is in
# docs/model.md; the scheduled kinds of a scenario file are
# engine.mechanisms.events.schema.EVENT_KINDS; each kind's name and sentence in
# the event log come from the results.py of the mechanism that logs it.
EV_REINFORCEMENT = 0  # a: state; value: troops added to the reserve (people)
EV_RECRUITMENT = 1  # a: state; value: new recruitment multiplier
EV_PRODUCTION = 2  # a: state; value: new firepower production multiplier
EV_FIRE_DELIVERY = 3  # a: state; value: shell-equivalents added to the stock
EV_FORTIFY = 4  # a: front; value: fortification multiplier applied
EV_SETTLEMENT_CAPTURED = 5  # log only: a: front, b: settlement; value: depth (km)
EV_SETTLEMENT_RETAKEN = 6  # log only: a: front, b: settlement; value: depth (km)
EV_BREAKTHROUGH = 7  # log only: a: front; value: km gained
EV_COLLAPSE = 8  # log only: a: state whose army broke
# Codes 20..39: economy and politics events.
EV_SANCTIONS = 20  # a: sender, b: target; value: sanctions coverage added (0..1)
EV_AID = 21  # a: patron, b: recipient; value: new aid level ($bn/year)
EV_FINANCING = 22  # a: patron, b: recipient; value: lump sum into the fiscal buffer ($bn)
EV_PRICE_CAP = 23  # a: sender, b: target; value: price cap ($/bbl)
EV_ELECTION = 24  # log only: a: state, b: 1 leadership replaced, 0 kept; value: war support
EV_RALLY = 25  # log only: a: state; value: support gained
EV_BUFFER_EMPTY = 26  # log only: a: state whose fiscal buffer ran dry; value: deficit ($bn/yr)
EV_SUPPORT_COLLAPSE = 27  # log only: a: state whose war support broke; value: support
# Codes 40..59: talks events.
EV_DEADLINE = 40  # scheduled: a: mediator; value: days from today to the deadline
EV_SUMMIT = 41  # scheduled: a: host state; a summit meeting with the mediator today
EV_LEAK = 42  # scheduled or drawn: a: belligerent that backlashes (-1 scheduled); value: leaks
EV_MEETING = 43  # log only: a: envoy, b: host; value: draft version after the meeting
EV_DEADLINE_MISSED = 44  # log only: a: mediator; b: 0 extend, 1 escalate, 2 disengage; value: level
EV_PRESSURE = 45  # log only: a: pressed state (-1 none); b: 0 aid pause, 1 sanctions; value: level
EV_SIGNED = 46  # log only: value: draft version signed
EV_RATIFIED = 47  # log only: value: draft version
EV_RATIFY_FAILED = 48  # log only: a: state whose ratification failed; value: chance of failing
EV_CEASEFIRE = 49  # log only: value: guarantee strength
EV_VIOLATION = 50  # log only: value: daily hazard
EV_RELAPSE = 51  # log only: value: days the ceasefire held
EV_BREAKDOWN = 52  # log only: value: days suspended
EV_RESUME = 53  # log only: value: gap when talks resume
EV_RIPE = 54  # log only: a: state; value: 1 now ripe, 0 no longer
EV_COUNTER_PROPOSAL = 55  # log only: a: patron; value: draft version
EV_INCIDENT = 56  # log only (talks game): a: state blamed, b: state whose trust falls; value: its trust after

# Log record columns: (day, kind, a, b, value)
LOG_DAY = 0
LOG_KIND = 1
LOG_A = 2
LOG_B = 3
LOG_VALUE = 4
N_LOG = 5
