"""Beliefs: each belligerent's estimate of where the front is heading (MODEL step 6).

docs/model.md ("Beliefs"). Twin: :mod:`engine.reference.beliefs`.
"""

from __future__ import annotations

from numba import njit

from engine import layout as L
from engine import talks_layout as T


@njit(cache=True)
def update_beliefs(w, r, day):
    """Smooth each belligerent's observed territory change and loss rate; shed optimism.

    With weight ``a = belief_rate``, observation ``y`` (km2 gained today) and
    deviation ``e = y - m``: ``m += a e``, ``v = (1 - a)(v + a e^2)`` (exponentially
    weighted mean and variance); the optimism bias shrinks by ``learning`` per day
    of fighting (fighting reveals information; Slantchev 2003). Nothing is observed
    under a ceasefire.
    """
    if w.talks_param[r, T.TP_ON] <= 0.0:
        return
    a = w.talks_param[r, T.TP_BELIEF_RATE]
    fighting = w.glob[r, L.G_CEASEFIRE] <= 0.0
    for i in range(w.role.shape[0]):
        if w.role[i] != L.ROLE_BELLIGERENT:
            continue
        s = w.state[r, i]
        seen = s[L.S_TERRITORY] - s[L.S_LAST_TERRITORY]
        s[L.S_LAST_TERRITORY] = s[L.S_TERRITORY]
        if not fighting:
            continue
        troops = s[L.S_RESERVE] + s[L.S_COMMITTED]
        rate = s[L.S_CASUALTIES_TODAY] / troops if troops > 0.0 else 0.0
        if day == 0:
            s[L.S_LOSS_RATE] = rate
        else:
            s[L.S_LOSS_RATE] += a * (rate - s[L.S_LOSS_RATE])
        dev = seen - s[L.S_BELIEF_TREND]
        s[L.S_BELIEF_TREND] += a * dev
        s[L.S_BELIEF_VAR] = (1.0 - a) * (s[L.S_BELIEF_VAR] + a * dev * dev)
        s[L.S_BELIEF_BIAS] *= 1.0 - w.talks_param[r, T.TP_LEARNING]
