"""Beliefs: each belligerent's estimate of where the front is heading (MODEL step 6).

docs/model.md ("Beliefs"). Twin: :mod:`engine.mechanisms.beliefs.reference`.
"""

from __future__ import annotations

from engine import layout as L
from engine.core.jit import kernel


@kernel
def update_beliefs(day, role, glob, state, talks_param):
    """Smooth each belligerent's observed territory change and loss rate; shed optimism.

    With weight ``a = belief_rate``, observation ``y`` (km2 gained today) and
    deviation ``e = y - m``: ``m += a e``, ``v = (1 - a)(v + a e^2)`` (exponentially
    weighted mean and variance); the optimism bias shrinks by ``learning`` per day
    of fighting (fighting reveals information; Slantchev 2003). Nothing is observed
    under a ceasefire. talks_param : float64[N_TALKS_PARAM].
    """
    if talks_param[L.TP_ON] <= 0.0:
        return
    a = talks_param[L.TP_BELIEF_RATE]
    fighting = glob[L.G_CEASEFIRE] <= 0.0
    for i in range(role.shape[0]):
        if role[i] != L.ROLE_BELLIGERENT:
            continue
        seen = state[i, L.S_TERRITORY] - state[i, L.S_LAST_TERRITORY]
        state[i, L.S_LAST_TERRITORY] = state[i, L.S_TERRITORY]
        if not fighting:
            continue
        troops = state[i, L.S_RESERVE] + state[i, L.S_COMMITTED]
        rate = state[i, L.S_CASUALTIES_TODAY] / troops if troops > 0.0 else 0.0
        if day == 0:
            state[i, L.S_LOSS_RATE] = rate
        else:
            state[i, L.S_LOSS_RATE] += a * (rate - state[i, L.S_LOSS_RATE])
        dev = seen - state[i, L.S_BELIEF_TREND]
        state[i, L.S_BELIEF_TREND] += a * dev
        state[i, L.S_BELIEF_VAR] = (1.0 - a) * (state[i, L.S_BELIEF_VAR] + a * dev * dev)
        state[i, L.S_BELIEF_BIAS] *= 1.0 - talks_param[L.TP_LEARNING]


# The day's steps, in order; the driver passes each the World fields its parameters name.
DAY = (update_beliefs,)
