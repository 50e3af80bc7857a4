"""The validation report regenerates from the engine on a small sample."""

from tests.conftest import run_cli


def test_validate_model_quick_writes_every_section(tmp_path):
    out = tmp_path / "validation.md"
    res = run_cli("validate-model", "--quick", "--no-figures", "--out", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    for title in ("Lanchester's square law", "Rubinstein's alternating offers",
                  "Fearon's bargaining range", "The 2025 backtest",
                  "Sensitivity of the reference scenario", "Known limits"):
        assert f"## {title}" in text, title
    assert "P(ceasefire in 2025)" in text


def test_validate_model_bad_output_folder(tmp_path):
    res = run_cli("validate-model", "--quick", "--out", str(tmp_path / "no" / "such" / "v.md"))
    assert res.returncode == 2 and "no such folder" in res.stderr
