"""A tiny mechanism outside the tree (war fatigue), to prove that one folder and one
registry entry are all a mechanism needs (tests/test_architecture.py)."""

from __future__ import annotations

from engine.core.columns import Array, Column

COLUMNS = {
    "state": (Column("fatigue", "-", "war fatigue: accumulated daily loss rate times fatigue_rate"),),
    "state_param": (Column("fatigue_rate", "-", "fatigue gained per unit of daily loss rate"),),
    "glob": (Column("fatigue_max", "-", "largest fatigue of any belligerent today"),),
}
ARRAYS = (
    Array("fatigue_peak", "float64", "R, N", "highest fatigue each state has had", dynamic=True,
          twin=lambda m: {(st.index,): st.fatigue_peak for st in m.state_list}),
)
# its own event kind and random stream, declared here like its columns (codes unused by
# the registered mechanisms; the registry refuses a code declared twice)
EVENTS = {"EV_FATIGUE_PEAK": 90}  # log only: a: state; value: its new peak fatigue
STREAMS = {"STREAM_FATIGUE": 90}
