"""One simulated day for one run, composed from the mechanism kernels.

The order follows docs/model.md ("One day"): events, mobilisation and
allocation, combat, morale; then the day's record is written.
"""

from __future__ import annotations

from numba import njit

from engine import layout as L
from engine.kernels.events import apply_events
from engine.kernels.front import allocate, combat, mobilise, update_morale


@njit(cache=True)
def step_run(w, r):
    """Advance run ``r`` by one day (no-op once the run has ended)."""
    if w.glob[r, L.G_ENDED] > 0.0:
        return
    day = w.day[r]
    # 1. events
    apply_events(w, r, day)
    # 2. mobilisation and allocation
    mobilise(w, r)
    allocate(w, r)
    # 3. combat
    combat(w, r, day)
    update_morale(w, r, day)
    # 4. economy, sanctions, energy and markets
    # 5. domestic politics
    # 6. beliefs
    # 7. talks
    # 8. ceasefire
    record(w, r, day)
    w.day[r] = day + 1


@njit(cache=True)
def record(w, r, day):
    """Write the end-of-day series row when ``day`` falls on the stride."""
    every = w.record_every[0]
    if every <= 0 or day % every != 0:
        return
    k = day // every
    if k >= w.series_global.shape[1]:
        return
    for i in range(w.role.shape[0]):
        s = w.state[r, i]
        row = w.series_state[r, k, i]
        row[L.SS_TROOPS] = s[L.S_RESERVE] + s[L.S_COMMITTED]
        row[L.SS_CASUALTIES] = s[L.S_CASUALTIES]
        row[L.SS_TERRITORY] = s[L.S_TERRITORY]
        row[L.SS_FIRE_STOCK] = s[L.S_FIRE_STOCK]
        row[L.SS_MORALE] = s[L.S_MORALE]
        row[L.SS_WAR_SUPPORT] = s[L.S_WAR_SUPPORT]
    for f in range(w.front_attacker.shape[0]):
        w.series_front[r, k, f] = w.front[r, f, L.F_DEPTH]
    w.series_global[r, k, L.SG_CEASEFIRE] = w.glob[r, L.G_CEASEFIRE]
