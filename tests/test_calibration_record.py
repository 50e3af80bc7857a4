"""Every calibrated number of the Ukraine scenarios has a source, and the record is current."""

from scenarios.calibration_record import ROOT, missing, render


def test_every_calibrated_number_has_a_source():
    assert missing() == []


def test_docs_calibration_is_regenerated():
    current = (ROOT / "docs" / "calibration.md").read_text()
    assert current == render(), "run: python -m scenarios.calibration_record"
