"""Past-only scores (``warsim calibrate --loo forward``, issue 14).

Each episode is predicted only from the episodes whose outcome was known before it began,
as known then; the base rates are fitted on the same set. The training-set rule is
checked on constructed dates and on the library; the fit is the ``--quick`` size (three
short wars, their first 120 days), where an episode is scored from a single past war.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from conftest import stub_heavy_report_sections

from engine.analysis import calibrate as C
from engine.analysis import scoring as S
from engine.analysis.episodes import Episode, Outcome, library

pytest.importorskip("pyabc")
PRIORS = C.REPO / "scenarios" / "episodes" / "priors_bargaining.toml"  # validate-model's


def _outcome(start: str, window: int, ceasefire: str | None, resumed: str | None = None) -> Outcome:
    src = {"source": "constructed for the test"}
    return Outcome.model_validate({
        "start": start,
        "window_days": window,
        "talks_opened": {"date": start, **src},
        "ceasefire": {"date": ceasefire, **src} if ceasefire else src,
        "ended": {"how": "negotiated" if ceasefire else "ongoing", **src},
        "resumed": {"date": resumed, **src} if resumed else src,
        "casualties_per_day": {"value": 1.0, **src},
        "ground_changed_km2": {"value": 0.0, **src},
    })


def _ep(name, *args, **kw) -> Episode:
    return Episode(name, Path(f"{name}.toml"), _outcome(*args, **kw))


# ---------------------------------------------------------------- the training-set rule
def test_the_training_set_is_the_wars_known_before_the_target_began():
    target = _ep("target", "1982-04-02", 100, "1982-06-14")
    eps = [
        target,
        _ep("long_war", "1980-09-22", 3650, "1988-08-20"),  # ended after the target began
        _ep("ended_before", "1973-10-06", 3650, "1973-10-24", resumed="1983-01-01"),
        _ep("ended_that_day", "1982-03-01", 3650, "1982-04-02"),  # not strictly before
        _ep("ended_the_eve", "1982-03-01", 3650, "1982-04-01"),
        _ep("window_ran_out", "1970-01-01", 365, None),  # no ceasefire, window over by 1971
        _ep("window_still_open", "1981-06-01", 400, None),  # its window ends in July 1982
        _ep("later", "1990-01-01", 30, "1990-01-10"),
    ]
    train = S.past_episodes(target, eps)
    assert [e.name for e in train] == ["ended_before", "ended_the_eve", "window_ran_out"]
    known = {e.name: e.outcome for e in train}
    # each as known on the eve of the target's start: a relapse dated later is not known yet
    eve = dt.date(1982, 4, 1)
    assert known["ended_before"].resumed.date is None and known["ended_before"].ceasefire_day == 18
    assert known["ended_before"].start + dt.timedelta(days=known["ended_before"].window_days - 1) == eve
    assert known["ended_the_eve"].ceasefire.date == eve and known["ended_the_eve"].observed
    assert known["window_ran_out"] == eps[5].outcome  # wholly known: unchanged
    assert S.known_on(eps[5].outcome) == dt.date(1970, 12, 31)


def test_the_library_in_order_of_start_and_its_training_sets():
    lib = library()
    eps = [C.episode_data(e, None) for e in lib]
    plan = C.forward_plan(eps)
    got = [(t.name, len(train)) for t, train in plan]
    assert got == [
        ("chaco_war_1932", 0), ("winter_war_1939", 1), ("indo_pak_1965", 2),
        ("vietnam_paris_1968", 3), ("october_war_1973", 4), ("iran_iraq_1980", 5),
        ("falklands_1982", 5), ("gulf_war_1991", 7), ("armenia_azerbaijan_1992", 8),
        ("cenepa_1995", 9), ("ethiopia_eritrea_1998", 10), ("kargil_1999", 10),
        ("russia_georgia_2008", 12), ("russia_ukraine_2022", 13),
    ]
    train = {t.name: {x.name: x for x in tr} for t, tr in plan}
    # the Iran-Iraq war (1980-88) had not ended when the Falklands war began (1982)
    assert "iran_iraq_1980" not in train["falklands_1982"]
    assert "iran_iraq_1980" in train["gulf_war_1991"]
    # Vietnam's 1975 relapse was not known in October 1973; its window is cut there
    vietnam = train["october_war_1973"]["vietnam_paris_1968"]
    assert vietnam.resumed == 0.0 and vietnam.horizon == (dt.date(1973, 10, 6) - dt.date(1968, 5, 13)).days
    assert train["iran_iraq_1980"]["vietnam_paris_1968"].resumed == 1.0
    # every training war's record ends before its target began
    for t, tr in plan:
        for x in tr:
            assert x.outcome.start + dt.timedelta(days=x.horizon - 1) < t.outcome.start
            assert S.known_on(x.outcome) < t.outcome.start


def test_the_harness_fits_base_rates_on_exactly_the_past_episodes():
    lib = library()
    calls = []

    def fit(train):
        calls.append([e.name for e in train])
        return S.fit_constant_hazard(train)

    table = S.past_only(lib, fit)
    assert table["episode"].to_list()[0] == "chaco_war_1932"  # in order of start date
    by = {r["episode"]: r for r in table.iter_rows(named=True)}
    for name in ("chaco_war_1932", "winter_war_1939", "indo_pak_1965", "vietnam_paris_1968"):
        assert not by[name]["scored"] and by[name]["crps"] is None and by[name]["brier_mean"] is None
    assert by["vietnam_paris_1968"]["n_train"] == 3 < S.MIN_PAST
    assert sum(table["scored"]) == 10 and len(calls) == 10  # no fit for an unscored episode
    named = {e.name: e for e in lib}
    falk = named["falklands_1982"]
    past = S.past_episodes(falk, lib)
    assert by["falklands_1982"]["train"] == ",".join(e.name for e in past)
    assert by["falklands_1982"]["train"].split(",") in calls
    for base, fitter in S.BASE_RATES.items():
        row = S.past_only(lib, fitter).filter(pl.col("episode") == "falklands_1982").row(0, named=True)
        alone = S.score_episode(fitter(past)(S.Target.of(falk)), falk)
        assert row["crps"] == alone["crps"] and row["log_mean"] == alone["log_mean"], base
        assert row["p_by_historical_day"] == alone["p_by_historical_day"], base
        # and not what a fit on every other episode (leave-one-out) gives
        loo = S.leave_one_out(lib, fitter).filter(pl.col("episode") == "falklands_1982")
        assert loo["crps"][0] != row["crps"], base
    # the constant hazard by hand: ceasefires over days at risk of the five past wars
    rate = len(past) / sum(e.outcome.ceasefire_day for e in past)
    assert S.constant_hazard_rate([e.outcome for e in past]) == pytest.approx(rate)


# ---------------------------------------------------------------- a quick past-only fit
def _cfg(out, **kw) -> C.CalibrationConfig:
    q = C.QUICK
    return C.CalibrationConfig(
        out=str(out), episodes=q["episodes"], priors=str(PRIORS), quick=True, loo="forward",
        min_past=q["min_past"],
        **{k: q[k] for k in ("population", "generations", "seeds", "days", "draws")}, **kw,
    )


@pytest.fixture(scope="module")
def forward(tmp_path_factory):
    out = tmp_path_factory.mktemp("fwd") / "a"
    events = []
    result = C.run_calibration(_cfg(out), report=events.append)
    return out, result, events


def test_forward_fits_only_on_the_past_and_marks_the_unscored(forward):
    import pyabc

    out, result, events = forward
    fits = [e["fit"] for e in events if e["event"] == "fit"]
    assert fits == ["all", "before_falklands_1982", "before_russia_georgia_2008"]
    assert sorted(p.name for p in (out / "abc").glob("*.db")) == [
        "all.db", "before_falklands_1982.db", "before_russia_georgia_2008.db"]
    # each fit's observed record is the past wars' only, as known then
    for fit, past in (("before_falklands_1982", {"indo_pak_1965"}),
                      ("before_russia_georgia_2008", {"indo_pak_1965", "falklands_1982"})):
        h = pyabc.History(f"sqlite:///{out / 'abc' / f'{fit}.db'}")
        h.id = 1
        assert {k.split(":")[0] for k in h.observed_sum_stat()} == past, fit
    state = json.loads((out / "calibration.json").read_text())
    assert state["identity"]["loo"] == "forward" and state["identity"]["min_past"] == 1
    assert result["scored"] == ["falklands_1982", "russia_georgia_2008"]
    scores = pl.read_parquet(out / "scores.parquet")
    indo = scores.filter(pl.col("episode") == "indo_pak_1965")
    assert indo.height == 4 and not any(indo["scored"]) and indo["crps"].null_count() == 4
    assert set(indo["n_train"]) == {0}
    loo = pl.read_parquet(out / "loo_posteriors.parquet")
    assert sorted(set(loo["left_out"])) == ["falklands_1982", "russia_georgia_2008"]
    md = (out / "scores.md").read_text()
    assert md.startswith("Past-only scores (") and "past-only" in md and "2 of 3 scored" in md
    assert "| indo_pak_1965 | 1965-09-01 | 0 | 22 (120) | - | not scored: 0 past wars" in md
    assert md.count("| calibrated |") == 3  # two episodes and the mean
    # the base rates on the same past-only set as the calibrated model
    eps = {e.name: e for e in C.select_episodes(C.QUICK["episodes"], C.QUICK["days"])}
    geo = eps["russia_georgia_2008"]
    past = [Episode(e.name, e.path, S.as_known_before(e.outcome, geo.outcome.start))
            for e in (eps["indo_pak_1965"], eps["falklands_1982"])]
    target = Episode(geo.name, geo.path, geo.outcome)
    for base, fitter in S.BASE_RATES.items():
        row = scores.filter((pl.col("episode") == geo.name) & (pl.col("predictor") == base))
        assert row["crps"][0] == S.score_episode(fitter(past)(S.Target.of(target)), target)["crps"]
        assert row["train"][0] == "indo_pak_1965,falklands_1982"
    # the means are over the scored episodes
    cal = scores.filter((pl.col("predictor") == "calibrated") & pl.col("scored"))
    assert result["summary"]["calibrated"]["crps"] == pytest.approx(float(cal["crps"].mean()))


def test_the_harness_refuses_a_fit_trained_on_another_set(forward):
    out, _, _ = forward
    eps = C.select_episodes(C.QUICK["episodes"], C.QUICK["days"])
    preds = {n: S.Predictive.from_samples([10.0, 200.0], 120)
             for n in ("falklands_1982", "russia_georgia_2008")}
    wrong = {"falklands_1982": ["indo_pak_1965"], "russia_georgia_2008": ["indo_pak_1965"]}
    with pytest.raises(ValueError, match="russia_georgia_2008: the fit was trained on"):
        C.score_table(eps, preds, "forward", wrong, min_past=1)


def test_a_resume_in_another_mode_is_refused(forward, tmp_path):
    out, _, _ = forward
    for loo in ("exact", "reweight"):
        cfg = dataclasses.replace(_cfg(out, resume=True), loo=loo)
        with pytest.raises(C.CalibrationError, match=f"--loo {loo} differs .*loo = 'forward'"):
            C.run_calibration(cfg)
    with pytest.raises(C.CalibrationError, match="past-only minimum of past wars"):
        C.run_calibration(dataclasses.replace(_cfg(out, resume=True), min_past=2))
    # the other way round: an exact folder (its identity names no mode) refuses forward
    priors = C.load_priors(PRIORS)
    exact = dataclasses.replace(_cfg(tmp_path / "e"), loo="exact")
    (tmp_path / "e").mkdir()
    state = C._prepare_folder(tmp_path / "e", exact, exact.identity(priors, C.QUICK["episodes"]))
    (tmp_path / "e" / C.STATE_FILE).write_text(json.dumps(state))
    fwd = _cfg(tmp_path / "e", resume=True)
    with pytest.raises(C.CalibrationError, match="--loo forward differs .*loo = 'exact'"):
        C._prepare_folder(tmp_path / "e", fwd, fwd.identity(priors, C.QUICK["episodes"]))


def test_nothing_to_score_is_refused(tmp_path):
    cfg = dataclasses.replace(_cfg(tmp_path / "o"), min_past=C.MIN_PAST)
    with pytest.raises(C.CalibrationError, match="--loo forward: no episode has 4 or more"):
        C.run_calibration(cfg)
    assert not (tmp_path / "o").exists()


class _Killed(Exception):
    pass


def test_killed_between_fits_and_resumed_equals_uninterrupted(forward, tmp_path):
    a, _, _ = forward
    b = tmp_path / "b"

    def kill(e):  # dies as the last past-only fit starts (the first two are stored)
        if e["event"] == "fit" and e["fit"] == "before_russia_georgia_2008":
            raise _Killed

    with pytest.raises(_Killed):
        C.run_calibration(_cfg(b), report=kill)
    assert not (b / "posterior.parquet").exists()
    assert json.loads((b / "calibration.json").read_text())["complete"] is False
    events = []
    C.run_calibration(_cfg(b, resume=True), report=events.append)
    done = {e["fit"]: e["done"] for e in events if e["event"] == "fit"}
    assert done["all"] == 2 and done["before_falklands_1982"] == 2  # not refitted
    for name in ("posterior.parquet", "loo_posteriors.parquet", "scores.parquet"):
        assert pl.read_parquet(a / name).equals(pl.read_parquet(b / name)), name


# ---------------------------------------------------------------- validate-model
def _sections(monkeypatch, tmp_path, fit, forward_dir=None):
    """``episode_sections``' titles and texts with ``fit`` adopted (its own table stubbed)."""
    import shutil

    from engine import validation as V
    from engine.analysis import validation_episodes as VE

    root = tmp_path / "loo_check"
    root.mkdir(exist_ok=True)
    if forward_dir is not None:
        shutil.copytree(forward_dir, root / "forward")
    monkeypatch.setattr(VE, "FIT_DIR", fit)
    monkeypatch.setattr(VE, "LOO_CHECK_DIR", root)
    monkeypatch.setattr(VE, "calibration_section", lambda fit_dir, img: ("adopted", "", [], None))
    monkeypatch.setattr(VE, "clean_backtest_section", lambda seeds, img: ("clean", "", [], {}))
    secs, _ = V.episode_sections(None, 1, None)
    return {s.title: s.text for s in secs}


def test_validate_model_renders_the_past_only_section(forward, monkeypatch, tmp_path):
    from engine.analysis import validation_episodes as VE

    out, result, _ = forward
    secs = _sections(monkeypatch, tmp_path, out, forward_dir=out)
    assert list(secs) == ["adopted", VE.FORWARD_TITLE, "clean"]
    text = secs[VE.FORWARD_TITLE]
    assert "fewer than 1 such wars is not scored (indo_pak_1965)" in text
    assert "| indo_pak_1965 | 1965-09-01 | 0 | 22 | not scored: 0 past wars, fewer than 1 |" in text
    stored = pl.read_parquet(out / "scores.parquet")
    row = stored.filter((pl.col("episode") == "falklands_1982") & (pl.col("predictor") == "calibrated"))
    ch = stored.filter((pl.col("episode") == "falklands_1982") & (pl.col("predictor") == "constant_hazard"))
    assert (f"| falklands_1982 | 1982-04-02 | 1 | 73 | {row['p_by_historical_day'][0]:.3f} / "
            f"{ch['p_by_historical_day'][0]:.3f} | {row['crps'][0]:.1f} / {ch['crps'][0]:.1f} / ") in text
    m, h = result["summary"]["calibrated"], result["summary"]["constant_hazard"]
    assert f"| CRPS | {m['crps']:.1f} | {h['crps']:.1f} | " in text
    assert f"| Brier | {m['brier_mean']:.3f} | {h['brier_mean']:.3f} | " in text
    rel = m["crps"] / h["crps"] - 1
    sentence = next(ln for ln in text.splitlines() if ln.startswith("Over the 2 scored episodes"))
    verdict = f"{'loses' if rel > 0 else 'wins'} by {abs(rel):.0%}"
    assert f"CRPS {m['crps']:.1f} against {h['crps']:.1f} ({verdict})" in sentence
    assert "Identical to the fit's own `scores.parquet`." in text
    # no folder, no section
    (tmp_path / "b").mkdir()
    assert VE.FORWARD_TITLE not in _sections(monkeypatch, tmp_path / "b", out)


def test_a_past_only_fit_cannot_be_the_adopted_table(forward):
    from engine.analysis import validation_episodes as VE
    from engine.errors import UsageError

    out, _, _ = forward
    with pytest.raises(UsageError, match="a past-only fit .* needs --loo exact or reweight"):
        VE.calibration_section(out, None)


def test_a_stale_past_only_section_is_dropped(tmp_path, monkeypatch):
    from engine import validation as V
    from engine.analysis import validation_episodes as VE

    out = tmp_path / "validation.md"
    out.write_text("# Validation report\n\n## Hand-made\n\nmine\n\n"
                   f"## {VE.FORWARD_TITLE}\n\nstale past-only table\n\n## Known limits\n\n- old\n")
    stub_heavy_report_sections(monkeypatch)
    text = V.build_report(out, figures=False)
    assert "## Hand-made\n\nmine" in text and "stale" not in text
