"""The 2025 backtest scenario (issue 9): validates, runs a year through every mechanism
(battlefield, economy, talks), logs 2025's scheduled inputs, and kernel and twin agree."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from engine.api import simulate
from engine.results import event_log, summary
from engine.scenario import load_scenario
from scenarios.calibration_record import is_calibrated, records
from tests.twin import assert_twin_agrees

NAME = "ukraine_2025_backtest"

# (date, kind) of the 2025 inputs that must show in a run's event log.
SCHEDULED = [
    ("2025-01-20", "aid"),  # no new US packages
    ("2025-02-24", "sanctions"),  # EU 16th package
    ("2025-02-28", "summit"),  # Oval Office
    ("2025-03-03", "aid"),  # US pause of aid and intelligence
    ("2025-03-11", "summit"),  # Jeddah
    ("2025-03-11", "aid"),  # aid resumes
    ("2025-04-30", "summit"),  # minerals deal
    ("2025-05-16", "summit"),  # Istanbul rounds
    ("2025-06-02", "summit"),
    ("2025-07-23", "summit"),
    ("2025-05-20", "sanctions"),  # EU 17th
    ("2025-07-18", "sanctions"),  # EU 18th
    ("2025-09-03", "price_cap"),  # floating cap $47.60
    ("2025-08-15", "summit"),  # Anchorage
    ("2025-10-22", "sanctions"),  # US Rosneft/Lukoil
    ("2025-10-23", "sanctions"),  # EU 19th
    ("2025-11-19", "leak"),  # 28-point draft
    ("2025-11-20", "summit"),
    ("2025-11-20", "deadline"),  # deadline 27 Nov
    ("2025-11-23", "summit"),  # Geneva
    ("2025-12-02", "summit"),  # Moscow
    ("2025-12-14", "summit"),  # Berlin
    ("2025-12-19", "financing"),  # EU EUR 90bn loan
]


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(NAME)


@pytest.fixture(scope="module")
def year(scenario):
    return simulate(scenario, seed=1)


def test_backtest_validates_with_every_mechanism(scenario):
    assert scenario.scenario.start == dt.date(2025, 1, 1)
    assert scenario.scenario.days == 365
    assert scenario.talks.enabled and scenario.talks.territory is not None
    assert scenario.issues and scenario.economy.sanctions and scenario.economy.events
    for code in ("RUS", "UKR"):
        st = scenario.states[code]
        assert st.economy is not None and st.politics is not None
        assert st.bargaining.salience
    assert scenario.states["EUR"].economy.aid_bn_per_year > 0.0
    for lever in ("sanctions_intensity", "us_pressure", "european_support", "deadline_days"):
        assert scenario.levers[lever].active and scenario.levers[lever].targets


def test_backtest_starts_from_end_2024(scenario):
    """Start values are end-2024 facts, not the Nov 2025 reference's."""
    area0 = scenario.talks.territory.area0_km2
    assert 0.182 * 603_628 < area0 < 0.186 * 603_628  # ~18.4% occupied (D)
    knots = scenario.talks.territory
    assert np.interp(area0, knots.area_km2, knots.value) == pytest.approx(0.5)
    assert scenario.states["RUS"].economy.price_cap == 60.0  # G7 cap before Sep 2025
    assert scenario.economy.oil.mean == 81.0
    for ev in scenario.economy.events:
        assert ev.date.year == 2025 and ev.source


def test_every_calibrated_number_is_sourced():
    missing = [path for path, _, note in records(NAME) if not note]
    assert missing == []
    assert is_calibrated("talks.territory.area0_km2")


def test_backtest_year_runs_through_every_mechanism(year):
    w, st = year
    out = summary(w, st)
    assert out["days"] == 365
    ind = out["indicators"]
    for key in ("oil_price_final", "gdp_growth", "war_support", "fiscal_buffer_bn",
                "production_multiplier", "sanctions_level", "bond_price_final"):
        assert key in ind
    assert np.isfinite(ind["oil_price_final"]) and ind["oil_price_final"] > 0.0
    assert set(ind["gdp_growth"]) >= {"RUS", "UKR"}
    talks = out["talks"]
    for key in ("rounds", "meetings", "leaks", "deadlines_missed", "draft_versions", "status"):
        assert key in talks
    assert talks["meetings"] > 0
    assert np.all(np.isfinite(w.state[0])) and np.all(np.isfinite(w.glob[0]))


def test_scheduled_2025_events_are_logged(year):
    w, st = year
    logged = {(e["date"], e["kind"]) for e in event_log(w, st)}
    missing = [e for e in SCHEDULED if e not in logged]
    assert missing == []


def test_kernel_agrees_with_twin_on_backtest(scenario):
    assert_twin_agrees(scenario, 1, 120)
