"""Every calibrated number of the Ukraine scenarios and episodes has a source, and the record is current."""

from engine.analysis.episodes import scenario_paths
from engine.analysis.posterior import PosteriorSummary
from scenarios.calibration_record import (
    ROOT,
    adopted_posterior,
    episode_section,
    kind_of,
    method_of,
    missing,
    records,
    records_of,
    render,
)


def test_every_calibrated_number_has_a_source():
    assert missing() == []


def test_docs_calibration_is_regenerated():
    current = (ROOT / "docs" / "calibration.md").read_text()
    assert current == render(), "run: python -m scenarios.calibration_record"


def _summary(commit="abcdef0123456789"):
    return PosteriorSummary.model_validate({
        "meta": {"talks_model": "bargaining", "commit": commit, "priors_sha256": "0" * 64,
                 "fitted": "2026-12-01", "status": "fit", "episodes": ["a", "b"]},
        "coefficients": {
            "talks.bargaining.hazard": {"median": 0.004, "q05": 0.001, "q95": 0.01},
            "talks.bargaining.sides.A.cost.centre": {"median": 2e-5, "q05": 1e-6, "q95": 1e-4},
            "talks.bargaining.informativeness": {"median": 0.6, "q05": 0.1, "q95": 0.9},
        },
    })


def test_a_posterior_inherited_value_is_listed_as_fitted(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(
        "[talks.bargaining]\n"
        'hazard = { value = 0.007, source = "posterior (issue 14): the prior median" }\n'
        'informativeness = { value = 0.3, source = "judgement: a sourced override (U)" }\n'
        "[talks.bargaining.sides.A]\n"
        'cost = { centre = 3e-5, spread = 0.0, source = "PLACEHOLDER: prior median" }\n'
    )
    summary = _summary()
    fitted = frozenset(summary.coefficients)
    recs = {p: (v, src) for p, v, src in records_of(f, summary)}
    # inherited: the posterior's median, listed as fitted with the fit's commit
    for path, median in (("talks.bargaining.hazard", 0.004), ("talks.bargaining.sides.A.cost.centre", 2e-5)):
        value, src = recs[path]
        assert value == median
        assert method_of(src, path, fitted) == "fitted (posterior median, warsim calibrate at abcdef012345)"
        assert kind_of(src, path, fitted) == "fitted"
    # a value the file sets with a source of its own stays judgement
    value, src = recs["talks.bargaining.informativeness"]
    assert value == 0.3
    assert method_of(src, "talks.bargaining.informativeness", fitted) == "by hand (judgement)"
    # the spread shares the fitted table's note but is not fitted
    spread = "talks.bargaining.sides.A.cost.spread"
    assert method_of(recs[spread][1], spread, fitted) == "fixed, not fitted (shares a fitted table's note)"
    assert kind_of(recs[spread][1], spread, fitted) == "not fitted (in a fitted table)"
    # without a posterior the placeholder is not called fitted
    bare = {p: src for p, _, src in records_of(f, None)}
    hazard = "talks.bargaining.hazard"
    assert not method_of(bare[hazard], hazard, fitted).startswith("fitted")


def test_the_clean_backtest_lists_the_adopted_posterior_as_fitted():
    summary = adopted_posterior()
    assert summary is not None, "scenarios/episodes/posterior.toml is adopted"
    commit = summary.meta.commit[:12]
    recs = {p: (v, src) for p, v, src in records("ukraine_2025_backtest_clean")}
    text = render()
    for path, coef in summary.coefficients.items():
        value, src = recs[path]
        assert value == coef.median
        how = f"fitted (posterior median, warsim calibrate at {commit})"
        assert f"| `{path}` | {coef.median:g} | {how} |" in text


def test_every_episode_lists_the_fitted_coefficients_and_no_bargaining_placeholder():
    summary = adopted_posterior()
    lines = episode_section(summary)
    rows = [x for x in lines if x.startswith("| `talks.bargaining.")]
    assert rows and not any("red-line talks placeholder" in x for x in rows)
    n = len(summary.coefficients)
    names = set(scenario_paths())
    table = [x for x in lines if x.startswith("| ") and x.split(" | ")[0][2:] in names]
    assert len(table) == len(names) == 14
    assert all(int(x.split(" | ")[1]) == n for x in table)
