"""Scenarios inherit the calibrated posterior through the loader (issue 14, item 3).

``engine.scenario.load_scenario`` applies ``engine.analysis.posterior.apply_posterior``
to a scenario read from a file: coefficients the file leaves to the calibration (absent,
``PLACEHOLDER`` or ``posterior`` sources) take the posterior median, a number without a
source is refused, a value with a
source of its own wins, ``--set`` wins over both, and ``warsim calibrate`` loads its
episodes as coded (``posterior=False``). A named posterior file that is missing or
malformed is one line and exit 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis import posterior as P
from engine.cli import main as cli_main
from engine.scenario import ScenarioError, load_scenario, read_raw

ROOT = Path(__file__).resolve().parents[1]
EPISODE = ROOT / "scenarios" / "episodes" / "kargil_1999.toml"
HAZARD = "talks.bargaining.hazard"
COST_A = "talks.bargaining.sides.A.cost.centre"


def _v(entry):
    """The number of a raw entry, bare or ``{value, source}``."""
    return entry["value"] if isinstance(entry, dict) else entry


def _summary(**coefs: float) -> P.PosteriorSummary:
    return P.PosteriorSummary(
        meta=P.SummaryMeta(
            talks_model="bargaining",
            commit="f" * 40,
            priors_sha256="e" * 64,
            fitted="2026-11-30T00:00:00+00:00",
            status="test fit",
            episodes=["a", "b"],
        ),
        coefficients={k: P.CoefficientSummary(median=v, q05=v / 2, q95=v * 2) for k, v in coefs.items()},
    )


@pytest.fixture
def posterior_file(tmp_path, monkeypatch):
    """A posterior summary named by WARSIM_POSTERIOR (the adopted file is not touched)."""
    f = tmp_path / "posterior.toml"
    P.write_summary(f, _summary(**{HAZARD: 0.0234, COST_A: 7.5e-5, "talks.bargaining.informativeness": 0.61}))
    monkeypatch.setenv(P.ENV, str(f))
    return f


def test_a_scenario_file_inherits_the_posterior(posterior_file):
    s = load_scenario(EPISODE)
    game = s.talks.bargaining
    assert game["hazard"]["value"] == pytest.approx(0.0234)
    assert game["hazard"]["source"].startswith("posterior median, warsim calibrate at ffffffffffff")
    # a distribution's centre: the number is replaced and the table's note names the fit
    assert game["sides"]["A"]["cost"]["centre"] == pytest.approx(7.5e-5)
    assert game["sides"]["A"]["cost"]["source"].startswith("posterior median")
    assert game["informativeness"]["value"] == pytest.approx(0.61)
    # as coded (no posterior): the episode's placeholders
    coded = load_scenario(EPISODE, posterior=False).talks.bargaining
    assert coded["hazard"]["source"].startswith("PLACEHOLDER")
    assert coded["hazard"]["value"] != pytest.approx(0.0234)


def test_a_value_with_its_own_source_wins_and_set_wins_over_both(posterior_file, tmp_path):
    text = EPISODE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("hazard = "))
    own = 'hazard = { value = 0.004, source = "a sourced override of this test" }'
    f = tmp_path / "kargil_sourced.toml"
    f.write_text(text.replace(line, own), encoding="utf-8")
    game = load_scenario(f).talks.bargaining
    assert game["hazard"] == {"value": 0.004, "source": "a sourced override of this test"}
    assert game["informativeness"]["value"] == pytest.approx(0.61)  # the rest still inherits
    assert _v(load_scenario(f, {HAZARD: 0.009}).talks.bargaining["hazard"]) == pytest.approx(0.009)
    assert _v(load_scenario(EPISODE, {HAZARD: 0.009}).talks.bargaining["hazard"]) == pytest.approx(0.009)


def test_a_sourced_distribution_keeps_its_centre(posterior_file):
    # the reference scenario's cost distributions carry judgement sources: not inherited
    raw = read_raw(ROOT / "scenarios" / "ukraine_2025.toml")
    own = raw["talks"]["bargaining"]["sides"]["A"]["cost"]["centre"]
    s = load_scenario("ukraine_2025")
    assert s.talks.bargaining["sides"]["A"]["cost"]["centre"] == own
    assert s.talks.bargaining["hazard"]["value"] == raw["talks"]["bargaining"]["hazard"]["value"]


def test_calibrate_loads_its_episodes_as_coded(posterior_file):
    from engine.analysis.calibrate import select_episodes
    from engine.analysis.episodes import library

    (ep,) = [e for e in library() if e.name == "kargil_1999"]
    assert ep.scenario().talks.bargaining["hazard"]["source"].startswith("PLACEHOLDER")
    data = {d.name: d for d in select_episodes(["kargil_1999", "cenepa_1995"], None)}
    assert data["kargil_1999"].raw == read_raw(EPISODE)
    assert data["kargil_1999"].raw["talks"]["bargaining"]["hazard"]["source"].startswith("PLACEHOLDER")


def test_without_a_posterior_nothing_changes(monkeypatch):
    monkeypatch.setenv(P.ENV, "none")
    assert load_scenario(EPISODE).talks.bargaining == load_scenario(EPISODE, posterior=False).talks.bargaining


def test_a_missing_posterior_file_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(P.ENV, str(tmp_path / "nope.toml"))
    code = cli_main(["validate", str(EPISODE)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert f"WARSIM_POSTERIOR={tmp_path / 'nope.toml'}: posterior summary file not found" in err[0]


def test_a_malformed_adopted_posterior_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    f = tmp_path / "posterior.toml"
    P.write_summary(f, _summary(**{HAZARD: 0.01}))
    f.write_text(f.read_text().replace("median = 0.01", 'median = "low"', 1), encoding="utf-8")
    monkeypatch.delenv(P.ENV, raising=False)
    monkeypatch.setattr(P, "POSTERIOR_FILE", f)
    code = cli_main(["validate", str(EPISODE)])
    out = capsys.readouterr()
    err = out.err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "ok" not in out.out, err
    assert str(f) in err[0] and f"coefficients.{HAZARD}.median" in err[0], err


@pytest.mark.parametrize("written", ["hazard = 0.004", "hazard = { value = 0.004 }",
                                     'hazard = { value = 0.004, source = " " }'])
def test_a_fitted_coefficient_without_a_source_is_refused_not_replaced(
        posterior_file, tmp_path, capsys, written):
    # Neither silently replaced by the posterior nor let to beat it unsourced: one line, exit 2.
    text = EPISODE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("hazard = "))
    f = tmp_path / "kargil_bare.toml"
    f.write_text(text.replace(line, written), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"kargil_bare.toml: talks\.bargaining\.hazard: a calibrated"):
        load_scenario(f)
    assert load_scenario(f, posterior=False).talks.bargaining["hazard"] is not None  # as coded
    assert cli_main(["validate", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "talks.bargaining.hazard" in err[0] and "source" in err[0], err
