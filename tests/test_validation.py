"""The validation report regenerates from the engine on a small sample."""

from tests.conftest import run_cli


def test_validate_model_quick_writes_every_section(tmp_path):
    out = tmp_path / "validation.md"
    res = run_cli("validate-model", "--quick", "--no-figures", "--out", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    for title in ("Lanchester's square law", "Rubinstein's alternating offers",
                  "Fearon's bargaining range", "The 2025 backtest",
                  "Sensitivity of the reference scenario", "Known limits",
                  "Calibration across episodes (issue 14)",
                  "Exact against re-thresholded leave-one-out of the adopted fit (issue 14)",
                  "Past-only scores (issue 14)",
                  "The clean 2025 backtest (issue 14)"):
        assert f"## {title}" in text, title
    assert "P(ceasefire in 2025)" in text


def test_validate_model_bad_output_folder(tmp_path):
    res = run_cli("validate-model", "--quick", "--out", str(tmp_path / "no" / "such" / "v.md"))
    assert res.returncode == 2 and "no such folder" in res.stderr


def test_the_settling_limit_reports_the_game_when_the_clean_backtest_ran():
    from engine.validation import backtest_limit

    found = {"p_ceasefire": 0.97, "median_ceasefire_day": 96.0, "p_ceasefire_reference": 0.52}
    clean = {"p_ceasefire": 0.83, "median_ceasefire_day": 28.0}
    text = backtest_limit(found, clean)
    assert "clean 2025 backtest (the bargaining game" in text
    assert "P(ceasefire in 2025) is 0.83 (median day 28)" in text
    assert "red-line talks" in text and "0.97 (median day 96)" in text and "0.52" in text
    assert "red lines give way" not in text  # the red-line story is not the game's
    alone = backtest_limit(found, None)
    assert "P(ceasefire in 2025) is 0.97 (median day 96)" in alone and "--no-episodes" in alone
