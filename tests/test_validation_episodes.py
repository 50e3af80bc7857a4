"""``warsim validate-model``'s issue-14 parts: hand-made sections survive, bad folders exit 2."""

from __future__ import annotations

import json

import pytest
from conftest import stub_heavy_report_sections

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


# ---------------------------------------------------------------- the 2025 record
def test_every_record_figure_has_a_source_or_says_it_has_none():
    from engine.analysis import validation_episodes as VE

    for key, rec in VE.RECORD_2025.items():
        if rec.value is None:
            assert rec.text.startswith("not sourced here"), key
        else:
            assert rec.source not in ("", "-") and any(ch.isdigit() for ch in rec.source), key
    assert VE.RECORD_2025["ceasefire"].value == 0.0


def test_inside_the_interval_in_words():
    from engine.analysis.validation_episodes import inside

    assert inside(None, 0.0, 1.0) == "- (no figure)"
    assert inside(0.5, 0.0, 1.0) == "yes"
    assert inside(-1.0, 0.0, 1.0) == "no: below it"
    assert inside(2.0, 0.0, 1.0) == "no: above it"


# ---------------------------------------------------------------- exact against reweighted LOO
@pytest.fixture(scope="module")
def loo_pair(tmp_path_factory):
    """A tiny exact and a tiny reweight fit of the bargaining priors, same budget and seed.

    Two of the quick episodes' first 60 days, 4 particles, 1 generation, 1 seed, 2 draws:
    the exact one is 3 fits, the reweight one 1 (the machinery, not a posterior).
    """
    pytest.importorskip("pyabc")
    from engine.analysis import calibrate as C
    from engine.analysis import validation_episodes as VE

    root = tmp_path_factory.mktemp("loo")
    for loo in ("exact", "reweight"):
        C.run_calibration(C.CalibrationConfig(
            out=str(root / loo), episodes=C.QUICK["episodes"][:2], priors=str(VE.PRIORS),
            population=4, generations=1, seeds=1, days=60, draws=2, quick=True, loo=loo,
        ))
    return root / "exact", root / "reweight"


def test_the_loo_check_sets_exact_beside_reweight_from_the_stored_posteriors(loo_pair):
    import polars as pl

    from engine.analysis import validation_episodes as VE

    exact, reweight = loo_pair
    title, text, table = VE.loo_check_section(exact, reweight)
    assert title == VE.LOO_CHECK_TITLE
    assert "identical, bit for bit" in text  # the exact run's full fit is the reweight run's
    assert sorted(set(table["predictor"])) == ["constant_hazard", "exact", "reweight"]
    cols = ["episode", "crps", "brier_mean", "log_mean"]
    means = {}
    for pred, folder in (("exact", exact), ("reweight", reweight)):
        stored = pl.read_parquet(folder / "scores.parquet").filter(pl.col("predictor") == "calibrated")
        got = table.filter(pl.col("predictor") == pred)
        assert got.select(cols).sort("episode").equals(stored.select(cols).sort("episode")), pred
        means[pred] = float(got["crps"].mean())
    assert f"| CRPS | {means['exact']:.1f} | {means['reweight']:.1f} | " in text
    # the two leave-one-out posteriors are not the same thing
    le = pl.read_parquet(exact / "loo_posteriors.parquet")
    lr = pl.read_parquet(reweight / "loo_posteriors.parquet")
    assert not le.select("left_out", "weight").equals(lr.select("left_out", "weight"))
    # the adopted fit's own exact leave-one-out: its title, and it says whose gap it is
    title_a, text_a, table_a = VE.loo_check_section(exact, reweight, adopted=True)
    assert title_a == VE.LOO_ADOPTED_TITLE and table_a.equals(table)
    assert "the adopted table's own gap" in text_a and "reduced budget" not in text_a
    assert "reduced budget" in text and "the adopted table's own gap" not in text


def test_the_loo_check_refuses_swapped_or_mismatched_folders(loo_pair, tmp_path):
    import shutil

    from engine.analysis import validation_episodes as VE
    from engine.errors import UsageError

    exact, reweight = loo_pair
    with pytest.raises(UsageError, match="need an exact and a reweight"):
        VE.loo_check_section(reweight, exact)
    other = tmp_path / "reweight"
    shutil.copytree(reweight, other)
    state = json.loads((other / "calibration.json").read_text())
    state["identity"]["draws"] += 1
    (other / "calibration.json").write_text(json.dumps(state))
    with pytest.raises(UsageError, match="different draws"):
        VE.loo_check_section(exact, other)


def _episode_loo_sections(monkeypatch, tmp_path, fit, **check):
    """``episode_sections``' leave-one-out sections with ``fit`` adopted and ``check`` stored.

    ``check`` maps a ``loo_check`` sub-folder name to the fit folder copied there. The clean
    backtest is not run (not what these tests check).
    """
    import shutil

    from engine import validation as V
    from engine.analysis import validation_episodes as VE

    root = tmp_path / "loo_check"
    root.mkdir()
    for name, src in check.items():
        shutil.copytree(src, root / name)
    monkeypatch.setattr(VE, "FIT_DIR", fit)
    monkeypatch.setattr(VE, "LOO_CHECK_DIR", root)
    monkeypatch.setattr(VE, "clean_backtest_section", lambda seeds, img: ("clean", "", [], {}))
    secs, _ = V.episode_sections(None, 1, None)
    return {s.title: s.text for s in secs[:-1]}


def test_an_exact_adopted_fit_is_set_beside_its_re_thresholded_approximation(loo_pair, monkeypatch, tmp_path):
    from engine.analysis import validation_episodes as VE

    exact, reweight = loo_pair
    # layout (b): the adopted fit is the exact leave-one-out; a stale exact_adopted is ignored
    secs = _episode_loo_sections(monkeypatch, tmp_path, exact, reweight_adopted=reweight,
                                 exact_adopted=exact)
    head = secs["Calibration across episodes (issue 14)"]
    assert "leave-one-out: exact (each of the 2 episodes left out of a fit of its own: 3 fits" in head
    assert "re-thresholded on the distance" not in head and "approximate" not in head
    assert list(secs)[1:] == [VE.LOO_ADOPTED_EXACT_TITLE]  # not the old layout's section
    text = secs[VE.LOO_ADOPTED_EXACT_TITLE]
    assert text.startswith("The leave-one-out of the adopted fit (above) is exact")
    assert "The earlier adopted fits approximated it by re-thresholding" in text
    assert "The exact column is the adopted table above" in text
    assert "re-thresholds the full fit's last population" not in text  # the old layout's claim
    assert "that the table above approximates" not in text and "reduced budget" not in text
    assert "identical, bit for bit" in text
    assert f"`{exact}`, `{tmp_path / 'loo_check' / 'reweight_adopted'}`" in text
    # which scores the approximation flattered (kinder) and which it did not, by name
    rows = [ln for ln in text.splitlines() if ln.startswith(("| CRPS |", "| Brier |", "| log |"))]
    kind = [ln.split(" | ")[0][2:] for ln in rows if "(kinder)" in ln]
    verdict = text.splitlines()[-1]
    assert "at the adopted budget the approximation flattered the model on " + (
        "no score" if not kind else kind[0]) in verdict, verdict
    # the reduced-budget check, when stored, no longer calls the adopted fit re-thresholded
    _, small, _ = VE.loo_check_section(exact, reweight, adopted_loo="exact")
    assert small.startswith("The leave-one-out of the adopted fit (above) is exact")
    assert f'"{VE.LOO_ADOPTED_EXACT_TITLE}"' in small and "re-thresholds the full fit's" not in small


def test_a_re_thresholded_adopted_fit_keeps_its_exact_check(loo_pair, monkeypatch, tmp_path):
    from engine.analysis import validation_episodes as VE

    exact, reweight = loo_pair
    # layout (a): the adopted fit re-thresholds; its exact check is loo_check/exact_adopted
    secs = _episode_loo_sections(monkeypatch, tmp_path, reweight, exact_adopted=exact,
                                 reweight_adopted=reweight)
    head = secs["Calibration across episodes (issue 14)"]
    assert "leave-one-out: approximate: the full fit's last population re-thresholded" in head
    assert list(secs)[1:] == [VE.LOO_ADOPTED_TITLE]
    text = secs[VE.LOO_ADOPTED_TITLE]
    _, direct, _ = VE.loo_check_section(tmp_path / "loo_check" / "exact_adopted", reweight, adopted=True)
    assert text == direct
    assert text.startswith("The leave-one-out of the adopted fit (above) re-thresholds")
    assert "the adopted table's own gap" in text and "is exact" not in text


def test_a_leave_one_out_section_no_longer_generated_is_dropped_not_kept(tmp_path, monkeypatch):
    """The layout flipped (or a folder deleted): the old section must not survive as hand-made."""
    from engine import validation as V
    from engine.analysis import validation_episodes as VE

    out = tmp_path / "validation.md"
    out.write_text("# Validation report\n\n## Hand-made\n\nmine\n\n"
                   f"## {VE.LOO_ADOPTED_TITLE}\n\nstale: the adopted fit re-thresholds\n\n"
                   f"## {VE.LOO_CHECK_TITLE}\n\nstale too\n\n## Known limits\n\n- old\n")
    new = V.Section(VE.LOO_ADOPTED_EXACT_TITLE, "fresh")
    stub_heavy_report_sections(monkeypatch, [new])
    text = V.build_report(out, figures=False)
    assert "## Hand-made\n\nmine" in text and f"## {VE.LOO_ADOPTED_EXACT_TITLE}\n\nfresh" in text
    assert "stale" not in text


# ---------------------------------------------------------------- parameter uncertainty
def _spread_inputs(weights):
    """Two episodes, 3 draws x 2 seeds each, and a left-out posterior per episode."""
    from types import SimpleNamespace

    import numpy as np
    import polars as pl

    from engine.analysis.scoring import Predictive

    def ep(name, day, horizon):
        return SimpleNamespace(name=name, horizon=horizon, outcome=SimpleNamespace(ceasefire_day=day))

    eps = [ep("short", 20, 100), ep("endless", None, 100)]
    # draw-major samples: draw 0 ends on days 5 and 30, draw 1 on 10 and 15, draw 2 never
    preds = {
        "short": Predictive.from_samples([5, 30, 10, 15, np.inf, np.inf], 100),
        "endless": Predictive.from_samples([50, 200, np.inf, np.inf, 99, 100], 100),
    }
    loo = pl.DataFrame({
        "generation": [0, 1, 1, 1, 1, 1, 1],
        "weight": [9.0, *weights, 1.0, 1.0, 1.0],
        "left_out": ["short", "short", "short", "short", "endless", "endless", "endless"],
    })
    return eps, preds, loo, SimpleNamespace(draws=3, seeds=2)


def test_the_spread_over_draws_reads_each_draw_s_own_seeds_and_the_kish_ess():
    import numpy as np

    from engine.analysis import validation_episodes as VE

    eps, preds, loo, cfg = _spread_inputs([1.0, 0.0, 0.0])
    spread = {d.episode: d for d in VE.draw_spread(eps, preds, loo, cfg)}
    # by day 20: draw 0 one of two seeds, draw 1 both, draw 2 none
    assert spread["short"].p_draws.tolist() == [0.5, 1.0, 0.0]
    # no ceasefire in the record: P(ceasefire within the 100-day window) per draw
    assert spread["endless"].p_draws.tolist() == [0.5, 0.0, 1.0]
    # the last generation only (the generation-0 particle is ignored); one particle carries it
    assert spread["short"].ess == 1.0 and spread["short"].particles == 3
    assert spread["endless"].ess == 3.0
    text = VE.draw_spread_markdown(list(spread.values()), cfg)
    assert "| short | 20 | 0.00 / 0.50 / 1.00 | 1 | 1 | 1.0 of 3 |" in text
    assert "Below 3 effective particles" in text and "short (1.0)" in text
    assert "endless (3.0)" not in text
    eps2, preds2, loo2, _ = _spread_inputs([2.0, 1.0, 1.0])
    s2 = {d.episode: d for d in VE.draw_spread(eps2, preds2, loo2, cfg)}
    assert np.isclose(s2["short"].ess, 16.0 / 6.0)


def test_the_clean_backtest_over_draws_runs_each_drawn_particle_on_every_tied_path(monkeypatch, tmp_path):
    import json as _json
    import shutil

    import numpy as np
    import polars as pl

    from engine.analysis import validation_episodes as VE
    from engine.analysis.priors import load_priors
    from engine.scenario import load_scenario as real_load

    seen = []

    def spy(source, overrides=None, *a, **k):
        seen.append(dict(overrides))
        return real_load(source, overrides, *a, **k)

    monkeypatch.setattr("engine.scenario.load_scenario", spy)
    d = VE.clean_backtest_over_draws(draws=8, seeds=3)
    assert d["p_draws"].shape == (8,) and d["ceasefire"].shape == (24,)
    assert np.array_equal(d["p_draws"], d["ceasefire"].reshape(8, 3).mean(axis=1))
    priors = load_priors(VE.PRIORS)
    full = pl.read_parquet(VE.FIT_DIR / "posterior.parquet")
    last = full.filter(pl.col("generation") == full["generation"].max())
    particles = {tuple(float(last[c.path][i]) for c in priors.coefficients) for i in range(last.height)}
    assert len(seen) == 8
    for over in seen:
        # every tied path set, to one particle's values
        assert set(over) == {p for c in priors.coefficients for p in c.paths}
        assert tuple(over[c.path] for c in priors.coefficients) in particles
        assert all(over[p] == over[c.path] for c in priors.coefficients for p in c.paths)
    # a fit folder that is not the adopted posterior's is not used
    other = tmp_path / "fit"
    shutil.copytree(VE.FIT_DIR, other)
    state = _json.loads((other / "calibration.json").read_text())
    state["commit"] = "0" * 40
    (other / "calibration.json").write_text(_json.dumps(state))
    assert VE.clean_backtest_over_draws(draws=1, seeds=1, fit_dir=other) is None
    assert "not run" in VE.over_draws_paragraph(None)


def test_the_reading_note_states_the_log_score_floors_of_this_fit():
    import math
    from types import SimpleNamespace

    from engine.analysis import validation_episodes as VE

    text = VE.reading_note(SimpleNamespace(draws=5, seeds=1))
    assert "[1/10, 1 - 1/10]" in text and f"at most {math.log(10):.2f}" in text
    assert "13.8" in text
