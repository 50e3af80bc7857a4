"""``warsim validate-model``'s issue-14 parts: hand-made sections survive, bad folders exit 2."""

from __future__ import annotations

import json

from engine.cli import main as cli_main
from engine.validation import kept_sections


def test_hand_made_sections_survive_a_regeneration():
    old = "# Validation report\n\nintro\n\n## Lanchester's square law\n\nold numbers\n\n" \
          "## Talks as a bargaining game: ceasefire against the front\n\nthe advance_max curve\n\n" \
          "| a | b |\n\n## Known limits\n\n- old\n"
    kept = kept_sections(old, {"Lanchester's square law", "Known limits"})
    assert [s.title for s in kept] == ["Talks as a bargaining game: ceasefire against the front"]
    assert kept[0].text == "the advance_max curve\n\n| a | b |"


def test_a_bad_calibration_folder_is_one_line_and_exit_2(tmp_path, capsys):
    out = tmp_path / "v.md"
    args = ["validate-model", "--quick", "--out", str(out), "--calibration", str(tmp_path / "nofit")]
    code = cli_main(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--calibration" in err[0] and "calibration.json" in err[0], err
    assert not out.exists()


def test_an_incomplete_fit_is_refused(tmp_path, capsys):
    fit = tmp_path / "fit"
    fit.mkdir()
    (fit / "calibration.json").write_text(json.dumps({"identity": {}, "complete": False}))
    code = cli_main(["validate-model", "--quick", "--out", str(tmp_path / "v.md"), "--calibration", str(fit)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "not complete" in err[0], err


def test_the_clean_backtest_takes_every_fitted_coefficient_from_the_posterior(tmp_path, monkeypatch):
    import pytest

    from engine.analysis import validation_episodes as VE
    from engine.errors import UsageError
    from engine.scenario import SCENARIO_DIR

    text = (SCENARIO_DIR / f"{VE.CLEAN}.toml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("informativeness = "))
    bad = tmp_path / "clean_with_own_value.toml"
    bad.write_text(text.replace(line, 'informativeness = { value = 0.3, source = "judgement (2025)" }'))
    monkeypatch.setattr(VE, "CLEAN", str(bad))
    with pytest.raises(UsageError, match="talks.bargaining.informativeness did not come from the posterior"):
        VE.clean_backtest(1)
