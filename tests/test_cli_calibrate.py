"""``warsim calibrate``: one-line refusals with the progress display on, a resume of
nothing refused, and the default priors (the bargaining game the project uses).

No fit runs here: every case is refused before the first one (or only parses options).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from engine.analysis import calibrate as C
from engine.analysis.priors import PRIORS_FILE, load_priors
from engine.cli import build_parser
from engine.cli import main as cli_main
from engine.cli.calibrate import config_from_args
from tests.conftest import run_cli

pytest.importorskip("pyabc")
BARGAINING = PRIORS_FILE.with_name("priors_bargaining.toml")


# ---------------------------------------------------------------- progress on: one line
def _one_line(res) -> str:
    # not stripped: a blank line before the error (rich's display stopping) must show
    lines = res.stderr.splitlines()
    assert res.returncode == 2 and len(lines) == 1 and lines[0].strip(), repr(res.stderr)
    return lines[0]


def test_a_file_as_out_is_one_line_with_progress_on(tmp_path):
    f = tmp_path / "somefile"
    f.write_text("x")
    line = _one_line(run_cli("calibrate", "--quick", "--out", str(f)))
    assert line == f"--out {f}: exists and is not a folder"


def test_bad_input_is_one_line_with_progress_on(tmp_path, capsys):
    # in-process as well: the display writes to sys.stderr, which capsys holds
    code = cli_main(["calibrate", "--quick", "--episodes", "winter_war_1939", "korea_1951",
                     "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and err.splitlines() == [err.strip()] and "korea_1951" in err, repr(err)
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- --resume of nothing
def test_a_resume_of_a_missing_folder_is_refused_with_progress_on(tmp_path):
    out = tmp_path / "never_made"
    line = _one_line(run_cli("calibrate", "--quick", "--resume", "--out", str(out)))
    assert line.startswith(f"--resume: --out {out}: no such folder"), line
    assert not out.exists()  # refused before the writer lock would create it


@pytest.mark.parametrize("content", [[], [".warsim.lock"], ["runs.parquet"]])
def test_a_resume_of_a_folder_without_a_calibration_is_refused(tmp_path, capsys, content):
    out = tmp_path / "o"
    out.mkdir()
    for name in content:
        (out / name).write_text("")
    code = cli_main(["calibrate", "--quick", "--resume", "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0] == (f"--resume: --out {out}: holds no calibration to resume (no calibration.json); "
                      "drop --resume to start a fit")
    assert sorted(p.name for p in out.iterdir()) == sorted(content)  # nothing started


def test_the_folder_check_under_the_lock_refuses_it_too(tmp_path):
    """A calibration.json gone between the early check and the lock: still no fresh fit."""
    priors = load_priors(BARGAINING)
    cfg = C.CalibrationConfig(out=str(tmp_path), episodes=C.QUICK["episodes"], priors=str(BARGAINING),
                              resume=True, quick=True)
    with pytest.raises(C.CalibrationError, match="holds no calibration to resume"):
        C._prepare_folder(tmp_path, cfg, cfg.identity(priors, list(C.QUICK["episodes"])))
    # the same folder with a calibration in it resumes (the check is only for nothing)
    fresh = dataclasses.replace(cfg, resume=False)
    state = C._prepare_folder(tmp_path, fresh, fresh.identity(priors, list(C.QUICK["episodes"])))
    (tmp_path / C.STATE_FILE).write_text(json.dumps(state))
    assert C._prepare_folder(tmp_path, cfg, cfg.identity(priors, list(C.QUICK["episodes"])))["identity"]


# ---------------------------------------------------------------- the default priors
def _config(*argv):
    return config_from_args(build_parser().parse_args(["calibrate", *argv]))


def test_the_default_priors_are_the_bargaining_games(tmp_path):
    cfg = _config("--quick", "--out", str(tmp_path / "o"))
    assert Path(cfg.priors) == BARGAINING and BARGAINING.is_file()
    meta = load_priors(cfg.priors).meta
    assert meta.talks_model.startswith("bargaining") and meta.set["talks.model"] == "bargaining"
    # the red-line priors are still one option away
    assert Path(_config("--priors", str(PRIORS_FILE), "--out", "o").priors) == PRIORS_FILE
