"""Fearon (1995): with a bargaining range and accurate beliefs a deal comes quickly;
mutual optimism (Blainey 1973) empties the range and the war lasts longer."""

from __future__ import annotations

import numpy as np

from engine.mechanisms.talks.checks import FEARON_DAYS as DAYS  # noqa: F401
from engine.mechanisms.talks.checks import days_to_deal


def test_accurate_beliefs_give_a_quick_deal():
    d = days_to_deal(0.0)
    assert np.median(d) <= 30
    assert (d < DAYS).mean() >= 0.9


def test_mutual_optimism_prolongs_the_war():
    accurate = days_to_deal(0.0)
    optimistic = days_to_deal(1.0)
    assert np.median(optimistic) > np.median(accurate) + 20
    assert optimistic.mean() > accurate.mean()
