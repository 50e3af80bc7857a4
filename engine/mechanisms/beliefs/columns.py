"""Beliefs' columns: each belligerent's estimate of the front's trend.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Column

COLUMNS = {
    "state": (
        Column("belief_trend", "km2/day", "smoothed observed change of own territory"),
        Column("belief_var", "-", "smoothed variance of the daily change ((km2/day)^2)"),
        Column("belief_bias", "-", "optimism bias still held (signed fraction), decays with fighting"),
        Column("last_territory", "-", "territory seen yesterday (km2), for the daily observation"),
        Column("loss_rate", "1/day", "smoothed casualties / troops in theatre"),
    ),
    "state_param": (
        Column("optimism", "signed fraction", "optimism bias about its own front trend", twin="optimism"),
        Column(
            "trend_prior",
            "km2/day",
            "believed change of own territory at the start",
            twin="spec.bargaining.trend_prior",
        ),
        Column(
            "trend_sd", "km2/day", "believed daily spread of it at the start", twin="spec.bargaining.trend_sd"
        ),
    ),
    "talks_param": (
        Column(
            "belief_rate",
            "-",
            "smoothing weight of a day's observation in beliefs",
            twin="talks.spec.belief_rate",
        ),
        Column(
            "learning", "-", "share of the optimism bias lost per day of fighting", twin="talks.spec.learning"
        ),
    ),
}
