"""The report's "Known limits" say where the reference's talks coefficients come from.

The reference (scenarios/ukraine_2025.toml) sets every fitted coefficient of
``[talks.bargaining]`` by judgement with a source, so it inherits nothing from the
posterior; the clean 2025 backtest is what plays the fitted ones. The bullet is derived
from the scenario and the posterior in force each time the report is generated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import stub_heavy_report_sections

from engine import validation as V
from engine.analysis import posterior as P

ROOT = Path(__file__).resolve().parents[1]
FITTED = [
    "talks.bargaining.hazard",
    "talks.bargaining.sides.A.cost.centre",
    "talks.bargaining.sides.B.cost.centre",
    "talks.bargaining.sides.A.optimism",
    "talks.bargaining.sides.B.optimism",
    "talks.bargaining.informativeness",
    "talks.bargaining.sides.A.ripening",
    "talks.bargaining.sides.B.ripening",
    "talks.bargaining.commitment.guarantee",
]


@pytest.fixture
def posterior(tmp_path, monkeypatch):
    """A posterior over the nine fitted paths, fitted on 14 episodes, in force by WARSIM_POSTERIOR."""
    f = tmp_path / "posterior.toml"
    P.write_summary(f, P.PosteriorSummary(
        meta=P.SummaryMeta(talks_model="bargaining", commit="f" * 40, priors_sha256="0" * 64,
                           fitted="2026-12-01", status="test",
                           episodes=[f"war_{i}" for i in range(14)]),
        coefficients={p: P.CoefficientSummary(median=0.5, q05=0.1, q95=0.9) for p in FITTED},
    ))
    monkeypatch.setenv(P.ENV, str(f))
    return f


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_reference_plays_judgement_coefficients_not_the_fit(posterior):
    ref = V.reference_coefficients()
    assert ref.adopted and ref.inherited == [] and ref.own == FITTED and ref.episodes == 14
    text = _flat(V.bargaining_limit(ref))
    assert "behavioural coefficients set by judgement (U) too: it sets all 9 paths" in text
    assert "so it inherits none of the posterior" in text
    assert ("The clean 2025 backtest plays the coefficients fitted on 14 episodes, which the "
            "base rate still beats (above)") in text
    # the old, false claim: the reference playing coefficients fitted on the episodes
    assert "coefficients fitted on 14 episodes that the base rate" not in text
    assert V.reference_talks(ref) == "judgement coefficients"


def test_the_bullet_follows_the_scenario(posterior, tmp_path, monkeypatch):
    src = (ROOT / "scenarios" / "ukraine_2025.toml").read_text(encoding="utf-8")
    # the scenario leaves the hazard to the fit: it inherits that one path
    line = next(x for x in src.splitlines() if x.startswith("hazard = { value = 0.01,"))
    partial = tmp_path / "partial.toml"
    partial.write_text(src.replace(line, 'hazard = { value = 0.01, source = "PLACEHOLDER" }', 1))
    ref = V.reference_coefficients(str(partial))
    assert ref.inherited == ["talks.bargaining.hazard"] and ref.own == FITTED[1:]
    text = _flat(V.bargaining_limit(ref))
    assert "it inherits 1 of the 9 fitted paths (`hazard`) from the posterior fitted on 14 episodes" in text
    assert "sets the rest (`sides.A/B.cost.centre`," in text
    assert V.reference_talks(ref).startswith("1 of its 9 fitted coefficients from the posterior")
    # no posterior in force: judgement, and no word of a fit
    monkeypatch.setenv(P.ENV, "none")
    ref = V.reference_coefficients(str(partial))
    assert not ref.adopted and "no fit across episodes is adopted" in _flat(V.bargaining_limit(ref))


def test_the_report_carries_the_derived_bullet(posterior, tmp_path, monkeypatch):
    stub_heavy_report_sections(monkeypatch)
    text = V.build_report(tmp_path / "validation.md", figures=False)
    limits = text.split("## Known limits", 1)[1]
    assert V.bargaining_limit(V.reference_coefficients()) in limits
    assert "{bargaining}" not in text


def test_docs_validation_says_what_the_code_generates(monkeypatch):
    """docs/validation.md's bullet is the one `warsim validate-model` would write now."""
    monkeypatch.delenv(P.ENV, raising=False)
    if P.posterior_path() is None:
        pytest.skip("no posterior adopted")
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert V.bargaining_limit(V.reference_coefficients()) in doc
