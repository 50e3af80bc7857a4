"""Building domestic politics' columns for a World (its parameters per state are written
with the economy's, engine/mechanisms/economy/build.py)."""

from __future__ import annotations

import numpy as np
from numba import njit

from engine import layout as L
from engine.core.build import BuildContext
from engine.mechanisms.politics.kernel import politics_day


def build(ctx: BuildContext) -> None:
    state, state_param = ctx.arrays["state"], ctx.arrays["state_param"]
    for r, s in enumerate(ctx.scenarios):
        for i, c in enumerate(ctx.codes):
            state_param[r, i, L.SP_WAR_SUPPORT] = s.states[c].war_support
            state_param[r, i, L.SP_POPULATION] = s.states[c].population
    state[:, :, L.S_WAR_SUPPORT] = state_param[:, :, L.SP_WAR_SUPPORT]
    state[:, :, L.S_LEADER_CHANGED_DAY] = -1.0


def politics_only(world, r: int, day: int) -> None:
    """Step only domestic politics of run ``r`` for ``day`` (tests hold the rest still)."""
    _politics_only(world, np.int64(r), np.int64(day))


@njit(cache=True)
def _politics_only(w, r, day):
    politics_day(w.seed[r], day, w.role, w.glob[r], w.state[r], w.state_param[r], w.econ_param[r],
                 w.election_day[r], w.election_state, w.log[r], w.log_count[r : r + 1])
