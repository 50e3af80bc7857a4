"""``warsim calibrate`` (issue 14 items 3-4): priors, distance, folder, resume, lock, scores.

The fits here are the ``--quick`` size (three short wars, their first 120 days, 10
particles, 2 generations, 2 seeds): they check the machinery, not the posterior.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from engine.analysis import calibrate as C
from engine.analysis import posterior as P
from engine.analysis.episodes import library
from engine.analysis.priors import PRIORS_FILE, PriorsError, load_priors
from engine.cli import main as cli_main
from engine.core.schema import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("pyabc")

GOOD = PRIORS_FILE.read_text(encoding="utf-8")
RED_LINES = ("--priors", str(PRIORS_FILE))  # the priors the `uninterrupted` fixture fits


def _cli(tmp_path, *args):
    return [sys.executable, "-m", "engine.cli", "calibrate", *args]


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# ---------------------------------------------------------------- priors
def test_priors_file_is_valid_for_the_whole_library():
    priors = load_priors()
    assert len(priors.coefficients) == 6
    assert all(len(c.reason) > 40 for c in priors.coefficients)
    eps = [C.episode_data(e, None) for e in library()]
    C.check_priors(priors, eps)  # every path is a PLACEHOLDER coefficient valid over its range
    assert priors.sha256 == hashlib.sha256(PRIORS_FILE.read_bytes()).hexdigest()


BAD_PRIORS = [
    ("low = 1e-4\nhigh = 3e-2", "low = 3e-2\nhigh = 1e-4", "coefficient[0]: Value error, low"),
    ('prior = "loguniform"\nlow = 1e-4', 'prior = "loguniform"\nlow = 0.0', "loguniform needs low > 0"),
    (
        'path = "talks.learning"',
        'path = "talks.learning"\ncolour = "red"',
        "coefficient[0].colour: unknown field",
    ),
    ('path = "talks.learning"', 'path = "talks learning"', "coefficient[0].path"),
    (
        'prior = "uniform"\nlow = 0.0\nhigh = 0.5',
        'prior = "normal"\nlow = 0.0\nhigh = 0.5',
        "coefficient[2].prior",
    ),
    ("[meta]\n", "[meta]\nbogus = 1\n", "meta.bogus: unknown field"),
]


@pytest.mark.parametrize(("old", "new", "expect"), BAD_PRIORS)
def test_bad_priors_name_the_field(tmp_path, old, new, expect):
    assert old in GOOD
    f = tmp_path / "priors.toml"
    f.write_text(GOOD.replace(old, new, 1))
    with pytest.raises(PriorsError) as exc:
        load_priors(f)
    assert any(expect.replace("Value error, ", "") in line for line in exc.value.lines()), exc.value.lines()
    assert all(str(f) in line for line in exc.value.lines())


def test_priors_refuse_case_facts_and_ranges_the_engine_refuses(tmp_path):
    eps = [C.episode_data(e, None) for e in library()[:3]]
    f = tmp_path / "p.toml"
    # a case fact: every episode gives km_per_day a source of its own
    f.write_text(GOOD.replace('path = "talks.learning"', 'path = "talks.km_per_day"', 1))
    with pytest.raises(PriorsError, match=r"coefficient\[0\]\.path: talks\.km_per_day is a case fact"):
        C.check_priors(load_priors(f), eps)
    # a range past what the scenario validation accepts (ripe_tolerance is in [0, 1])
    f.write_text(GOOD.replace("low = 0.0\nhigh = 0.1", "low = 0.0\nhigh = 2.5", 1))
    with pytest.raises(PriorsError, match=r"coefficient\[4\]\.high: .*talks\.ripe_tolerance"):
        C.check_priors(load_priors(f), eps)
    f.write_text(GOOD.replace('path = "talks.learning"', 'path = "talks.no_such_thing"', 1))
    with pytest.raises(PriorsError, match=r"coefficient\[0\]\.path"):
        C.check_priors(load_priors(f), eps)


# ---------------------------------------------------------------- summaries and distance
def test_censor_and_observed_summaries():
    eps = {e.name: e for e in library()}
    winter = C.episode_data(eps["winter_war_1939"], 120)  # ceasefire day 104, resumed day 573
    assert (winter.horizon, winter.day, winter.kind, winter.resumed) == (120, 104.0, C.KIND_DEAL, 0.0)
    short = C.episode_data(eps["winter_war_1939"], 100)
    assert (short.day, short.kind) == (100.0, C.KIND_NONE)
    assert not short.outcome.observed and short.outcome.window_days == 100
    full = C.episode_data(eps["winter_war_1939"], None)
    assert full.resumed == 1.0 and full.horizon == 3650
    falklands = C.episode_data(eps["falklands_1982"], None)
    assert falklands.kind == C.KIND_DECISION


def _x(day, kind, resumed, name="e"):
    return {
        f"{name}:day": np.asarray(day, float),
        f"{name}:kind": np.asarray(kind, float),
        f"{name}:resumed": resumed,
    }


def test_distance_is_zero_at_the_record_and_grows_with_the_miss():
    d = C.EpisodeDistance(("e",), (365,))
    x0 = _x([30.0], [0, 1, 0], 0.0)
    assert d(_x([30.0, 30.0], [0, 1, 0], 0.0), x0) == pytest.approx(0.0, abs=1e-12)
    near = d(_x([40.0, 50.0], [0, 1, 0], 0.0), x0)
    far = d(_x([300.0, 365.0], [0, 1, 0], 0.0), x0)
    wrong_kind = d(_x([30.0, 30.0], [0, 0, 1], 0.0), x0)
    relapsed = d(_x([30.0, 30.0], [0, 1, 0], 1.0), x0)
    assert 0 < near < far <= 1
    assert wrong_kind == pytest.approx(1 / 3) and relapsed == pytest.approx(1 / 3)
    # an ending the engine cannot tell (petered out) drops the kind term
    x0_unknown = _x([30.0], [np.nan] * 3, 0.0)
    assert d(_x([30.0, 30.0], [0, 0, 1], 0.0), x0_unknown) == pytest.approx(0.0, abs=1e-12)


def test_particle_seeds_are_a_function_of_the_values():
    a = C.seeds_for(1, "fit", [0.1, 0.2], 3)
    assert a == C.seeds_for(1, "fit", [0.1, 0.2], 3) and a[1] == a[0] + 1
    assert a != C.seeds_for(1, "fit", [0.1, 0.2000001], 3) and a != C.seeds_for(2, "fit", [0.1, 0.2], 3)


# ---------------------------------------------------------------- inheritance
def _summary(**coefs):
    return P.PosteriorSummary(
        meta=P.SummaryMeta(
            talks_model="test talks",
            commit="abc123",
            priors_sha256="f" * 64,
            fitted="2026-11-30",
            status="test",
            episodes=["a", "b"],
        ),
        coefficients={k: P.CoefficientSummary(median=v, q05=v / 2, q95=v * 2) for k, v in coefs.items()},
    )


def test_scenarios_inherit_the_posterior_unless_they_give_a_source():
    from engine.scenario import load_scenario, read_raw

    raw = read_raw(ROOT / "scenarios/episodes/cenepa_1995.toml")
    raw["talks"]["concession"] = {"value": 0.9, "source": "Bishkek 1994 minutes (a sourced override)"}
    # a number marked as the calibration's: inherits
    raw["talks"]["casualty_cost"] = {"value": 0.3, "source": "PLACEHOLDER (the fit's)"}
    raw["talks"].pop("relapse_prob")  # absent: the engine default would apply; inherits
    summary = _summary(
        **{
            "talks.learning": 0.0123,
            "talks.concession": 0.05,
            "talks.casualty_cost": 1.5,
            "talks.relapse_prob": 0.2,
            "economy.nothing.here": 1.0,
        }
    )
    out, applied = P.inherit(raw, summary)
    assert applied == ["talks.learning", "talks.casualty_cost", "talks.relapse_prob"]
    assert raw["talks"]["learning"]["value"] == 0.004  # the input is not modified
    s = load_scenario(out, origin="cenepa")
    assert s.talks.learning == pytest.approx(0.0123)
    assert s.talks.concession == pytest.approx(0.9)
    assert s.talks.casualty_cost == pytest.approx(1.5) and s.talks.relapse_prob == pytest.approx(0.2)
    assert out["talks"]["learning"]["source"].startswith("posterior median, warsim calibrate at abc123")
    # --set still wins over the inherited value
    assert load_scenario(out, {"talks.learning": 0.02}).talks.learning == pytest.approx(0.02)
    # a "posterior" mark inherits too (the clean backtest's way of asking for it)
    assert P.inherits({"value": 1.0, "source": "posterior (issue 14)"})
    assert not P.inherits({"value": 1.0, "source": "Anchorage summit, 2025"})
    # a number with no source at all is refused, naming the field: neither replaced nor kept
    raw["talks"]["casualty_cost"] = 0.3
    with pytest.raises(ScenarioError, match=r"cenepa: talks\.casualty_cost: a calibrated coefficient"):
        P.inherit(raw, summary, origin="cenepa")


def test_apply_posterior_without_an_adopted_file_changes_nothing(tmp_path, monkeypatch):
    raw = {"talks": {"learning": {"value": 0.1, "source": "PLACEHOLDER"}}}
    # none adopted: the committed posterior.toml is pointed away and WARSIM_POSTERIOR unset
    monkeypatch.delenv(P.ENV, raising=False)
    monkeypatch.setattr(P, "POSTERIOR_FILE", tmp_path / "adopted" / "posterior.toml")
    assert P.posterior_path() is None
    assert P.apply_posterior(raw) is raw
    # WARSIM_POSTERIOR=none inherits nothing, whatever is adopted
    monkeypatch.setattr(P, "POSTERIOR_FILE", tmp_path / "adopted.toml")
    P.write_summary(P.POSTERIOR_FILE, _summary(**{"talks.learning": 0.003}))
    assert P.apply_posterior(raw)["talks"]["learning"]["value"] == 0.003
    monkeypatch.setenv(P.ENV, "none")
    assert P.posterior_path() is None and P.apply_posterior(raw) is raw
    monkeypatch.delenv(P.ENV)
    f = tmp_path / "posterior.toml"
    P.write_summary(f, _summary(**{"talks.learning": 0.007}))
    assert P.apply_posterior(raw, f)["talks"]["learning"]["value"] == 0.007
    assert P.load_summary(f).coefficients["talks.learning"].q95 == 0.014
    f.write_text(f.read_text().replace("median = ", "middle = ", 1))
    with pytest.raises(P.PosteriorError, match="coefficients"):
        P.load_summary(f)


# ---------------------------------------------------------------- command line: bad input
@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["--episodes", "winter_war_1939", "korea_1951"], "--episodes: no episode 'korea_1951'"),
        (["--episodes", "winter_war_1939"], "--episodes: need at least two episodes"),
        (["--priors", "no/such/priors.toml"], "--priors no/such/priors.toml: file not found"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: only with --executor dask"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, expect):
    code = cli_main(["calibrate", "--quick", "--out", str(tmp_path / "o"), "--no-progress", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and expect in err[0], err
    assert not (tmp_path / "o" / "abc").exists()


def test_a_case_fact_in_the_priors_is_one_line_and_exit_2(tmp_path, capsys):
    f = tmp_path / "priors.toml"
    f.write_text(GOOD.replace('path = "talks.concession"', 'path = "talks.us_pressure"', 1))
    code = cli_main(
        ["calibrate", "--quick", "--priors", str(f), "--out", str(tmp_path / "o"), "--no-progress"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert "coefficient[3].path: talks.us_pressure is a case fact in russia_georgia_2008" in err[0]


@pytest.mark.parametrize("opt", [["--population", "0"], ["--generations", "x"], ["--executor", "mpi"]])
def test_bad_options_exit_2(tmp_path, capsys, opt):
    with pytest.raises(SystemExit) as exc:
        cli_main(["calibrate", "--out", str(tmp_path / "o"), *opt])
    assert exc.value.code == 2
    assert opt[0] in capsys.readouterr().err


def test_a_second_writer_gets_exit_2(tmp_path, capsys):
    from engine.batch.lock import writer_lock

    out = tmp_path / "o"
    with writer_lock(out, command="warsim calibrate (the first writer)"):
        code = cli_main(["calibrate", "--quick", "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "in use by another warsim writer" in err and "the first writer" in err
    assert not (out / "abc").exists()


def test_a_folder_of_something_else_is_refused(tmp_path, capsys):
    out = tmp_path / "o"
    out.mkdir()
    (out / "runs.parquet").write_text("x")
    assert cli_main(["calibrate", "--quick", "--out", str(out), "--no-progress"]) == 2
    assert "not empty and not a calibration folder" in capsys.readouterr().err


# ---------------------------------------------------------------- a quick fit, killed and resumed
def _max_t(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            v = c.execute("select max(t) from populations").fetchone()[0]
        return -1 if v is None else int(v)
    except sqlite3.Error:
        return -1


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("cal") / "a"
    cfg = C.CalibrationConfig(
        out=str(out),
        episodes=C.QUICK["episodes"],
        quick=True,
        **{k: C.QUICK[k] for k in ("population", "generations", "seeds", "days", "draws")},
    )
    events = []
    result = C.run_calibration(cfg, report=events.append)
    return out, result, events


def test_quick_fit_writes_the_posterior_and_scores(uninterrupted):
    out, result, events = uninterrupted
    priors = load_priors()
    post = pl.read_parquet(out / "posterior.parquet")
    assert set(post["generation"].unique()) == {0, 1}
    assert post.filter(pl.col("generation") == 1).height == C.QUICK["population"]
    sums = post.group_by("generation").agg(pl.col("weight").sum())["weight"].to_numpy()
    assert np.allclose(sums, 1.0)
    for c in priors.coefficients:
        assert post[c.path].min() >= c.low and post[c.path].max() <= c.high
    meta = pl.read_parquet_metadata(out / "posterior.parquet")
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout
    assert meta["commit"] == json.loads((out / "calibration.json").read_text())["commit"]
    assert len(meta["commit"]) == 40 and head.strip()  # a real commit (HEAD may move on meanwhile)
    assert meta["priors_sha256"] == priors.sha256 and "pre-issue-13" in meta["talks_model"]
    assert meta["status"] == "quick test fit, not for use"
    loo = pl.read_parquet(out / "loo_posteriors.parquet")
    assert set(loo["left_out"].unique()) == set(C.QUICK["episodes"])
    scores = pl.read_parquet(out / "scores.parquet")
    assert scores.height == 3 * 4 and set(scores["predictor"]) == {
        "calibrated",
        "constant_hazard",
        "lognormal",
        "kaplan_meier",
    }
    # probabilities over draws x seeds: 4 x 2 = 8 samples, so multiples of 1/8 (floored at 1/16)
    allowed = np.clip(np.arange(9) / 8, 1 / 16, 15 / 16)
    for p in scores.filter(pl.col("predictor") == "calibrated")["p_by_30"].to_numpy():
        assert np.isclose(allowed, p).any(), p
    md = (out / "scores.md").read_text()
    assert md.count("| calibrated |") == 4 and "CRPS skill vs constant hazard" in md
    summary = P.load_summary(out / "posterior.toml")
    assert list(summary.coefficients) == list(priors.paths)
    for c in summary.coefficients.values():
        assert c.q05 <= c.median <= c.q95
    fits = [e["fit"] for e in events if e["event"] == "fit"]
    assert fits == ["all"] + [f"without_{n}" for n in C.QUICK["episodes"]]
    assert sum(e["event"] == "generation" for e in events) == 8
    assert sum(e["event"] == "simulation" for e in events) > 4 * 10


def test_killed_and_resumed_equals_uninterrupted(uninterrupted, tmp_path):
    a, _, _ = uninterrupted
    b = tmp_path / "b"
    # the fixture fits the library's default priors; the command's default is the bargaining game's
    proc = subprocess.Popen(
        _cli(tmp_path, *RED_LINES, "--quick", "--out", str(b), "--no-progress"),
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while _max_t(b / "abc" / "all.db") < 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    state = json.loads((b / "calibration.json").read_text())
    assert state["complete"] is False and not (b / "posterior.parquet").exists()
    # a changed option is refused on resume, naming it
    r = subprocess.run(
        _cli(tmp_path, *RED_LINES, "--quick", "--population", "12", "--out", str(b), "--resume",
             "--no-progress"),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        r.returncode == 2
        and "--population 12 differs" in r.stderr
        and len(r.stderr.strip().splitlines()) == 1
    )
    r = subprocess.run(
        _cli(tmp_path, *RED_LINES, "--quick", "--out", str(b), "--no-progress"),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "add --resume" in r.stderr
    r = subprocess.run(
        _cli(tmp_path, *RED_LINES, "--quick", "--out", str(b), "--resume", "--no-progress"),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "calibration complete" in r.stdout
    for name in ("posterior.parquet", "loo_posteriors.parquet", "scores.parquet"):
        fa, fb = pl.read_parquet(a / name), pl.read_parquet(b / name)
        assert fa.equals(fb), name  # bit for bit: same particles, weights, epsilons, scores
    # the label names the commit each fit started at; on a shared tree HEAD may move
    # between the two fits, so the commit is masked and everything else compared
    def masked(f):
        return re.sub(r"fit at [0-9a-f]{12}", "fit at COMMIT", f.read_text())

    assert masked(a / "scores.md") == masked(b / "scores.md")
    assert len(json.loads((b / "calibration.json").read_text())["sessions"]) == 2


def test_dask_local_cluster_gives_the_local_posterior(tmp_path):
    """Seeded per job, pyabc's Dask sampler on a LocalCluster gives the local fit bit for bit."""
    small = ["--quick", "--episodes", "russia_georgia_2008", "indo_pak_1965", "--population", "6"]
    local, out = tmp_path / "l", tmp_path / "d"
    assert cli_main(["calibrate", *small, "--out", str(local), "--no-progress"]) == 0
    r = subprocess.run(
        _cli(
            tmp_path,
            *small,
            "--executor",
            "dask",
            "--threads",
            "2",
            "--out",
            str(out),
            "--no-progress",
            "--json",
        ),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    result = json.loads(r.stdout)
    assert set(result["summary"]) == {"calibrated", "constant_hazard", "lognormal", "kaplan_meier"}
    assert json.loads((out / "calibration.json").read_text())["sessions"][0]["executor"] == "dask"
    post = pl.read_parquet(out / "posterior.parquet")
    assert post.filter(pl.col("generation") == 1).height == 6
    for name in ("posterior.parquet", "loo_posteriors.parquet", "scores.parquet"):
        assert pl.read_parquet(local / name).equals(pl.read_parquet(out / name)), name
