"""`warsim --version`, `scenarios`, `levers` and the "did you mean" answers to mistyped names."""

from __future__ import annotations

import json

import pytest

from engine import __version__
from engine.cli import main


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``warsim ARGV`` in this process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_version(capsys):
    code, out, _ = cli(capsys, "--version")
    assert code == 0 and out.strip() == f"warsim {__version__}"


def test_scenarios_lists_every_file_with_a_line(capsys):
    from engine.scenario import SCENARIO_DIR

    code, out, _ = cli(capsys, "scenarios")
    assert code == 0
    for p in SCENARIO_DIR.glob("*.toml"):
        line = next(ln for ln in out.splitlines() if ln.startswith(p.stem + " "))
        assert "days" in line
    assert "Russia-Ukraine, the 2025 peace push" in out
    code, out, _ = cli(capsys, "scenarios", "--json")
    listed = json.loads(out)
    names = {d["name"] for d in listed}
    assert {"ukraine_2025", "rubinstein"} <= names
    # sub-folder scenarios (the episode library) are listed by path; data files are not
    nested = [p for p in SCENARIO_DIR.glob("*/*.toml") if "[scenario]" in p.read_text()]
    for p in nested:
        assert any(d["name"].endswith(f"{p.parent.name}/{p.name}") and "problem" not in d for d in listed)
    assert not any(d["name"].endswith("outcomes.toml") for d in listed)


def test_levers_show_range_default_targets_and_sources(capsys):
    from engine.scenario import load_scenario

    s = load_scenario("ukraine_2025")
    code, out, _ = cli(capsys, "levers", "ukraine_2025", "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == set(s.levers)
    us = rows["us_pressure"]
    lever = s.levers["us_pressure"]
    assert (us["min"], us["max"], us["default"]) == (lever.min, lever.max, lever.default)
    assert us["targets"] == ["talks.us_pressure"] and "talks.us_pressure" in us["sources"]
    code, out, _ = cli(capsys, "levers", "ukraine_2025")
    assert "us_pressure  default 0.5, range [0, 1]" in out and "source (talks.us_pressure)" in out


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["run", "ukraine"], "did you mean 'ukraine_2025'?"),
        (["run", "falklands"], "did you mean scenarios/episodes/falklands_1982.toml?"),
        (["levers", "ukrane_2025"], "did you mean 'ukraine_2025'"),
        (["run", "ukraine_2025", "--set", "levers.us_presure=0.3"], "did you mean 'us_pressure'?"),
        (["run", "ukraine_2025", "--set", "us_presure=0.3"], "did you mean 'us_pressure'?"),
        (["run", "ukraine_2025", "--set", "fronts.pokrosk.fortification=2"], "did you mean 'pokrovsk'?"),
        (["validate", "ukraine_2025", "--set", "states.RUSS.resolve=0.3"], "did you mean 'RUS'?"),
        (["run", "ukraine_2025", "--set", "battle.muu=0.3"], "did you mean 'mu'?"),
        (["run", "ukraine_2025", "--set", "fronts.nowhere.length_km=3"], "sectors: dnipro_border"),
        (["batch", "ukraine_2025", "--out", "unused", "--vary", "levers.sanction_intensity=0:1:3"],
         "--vary: levers.sanction_intensity"),
        (["sensitivity", "ukraine_2025", "--params", "us_presure,battle.mu=0:1"],
         "--params: us_presure"),
        (["run", "ukraine_2025", "--set", "events.999.value=1"], "events"),
    ],
)
def test_mistyped_names_get_one_line_with_what_exists(capsys, argv, needle):
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], err


def test_a_path_left_at_its_default_is_accepted(capsys):
    # battle fields the file does not write still exist (pydantic defaults): no false alarm
    from engine.cli.suggest import check_paths
    from engine.mechanisms.front.schema import Battle
    from engine.scenario import load_scenario

    s = load_scenario("ukraine_2025")
    check_paths(s, [f"battle.{f}" for f in Battle.model_fields], "--set")
    check_paths(s, ["us_pressure", "levers.us_pressure", "fronts.pokrovsk.fortification"], "--set")


def test_a_game_field_left_at_its_default_is_accepted(capsys):
    # the talks game's table is validated by its own schema when a run builds it: every
    # field of that schema may be set, the ones the file leaves out included
    from engine.cli.suggest import check_paths
    from engine.errors import UsageError
    from engine.mechanisms.bargaining.schema import Game, Side
    from engine.scenario import load_scenario

    s = load_scenario("ukraine_2025")
    check_paths(s, [f"talks.bargaining.sides.B.{f}" for f in Side.model_fields], "--set")
    check_paths(s, [f"talks.bargaining.{f}" for f in Game.model_fields], "--set")
    with pytest.raises(UsageError, match="floor_give"):
        check_paths(s, ["talks.bargaining.sides.A.floor_gve"], "--set")


def test_help_is_fast_to_import():
    import subprocess
    import sys

    code = ("import sys; from engine.cli import build_parser; build_parser();"
            "print(sorted(m for m in ('numba', 'polars', 'pydantic', 'mesa', 'solara', 'matplotlib')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_module_is_listed_in_help(capsys):
    import importlib
    from pathlib import Path

    import engine.cli as cli_pkg
    from engine.cli import COMMANDS

    modules = sorted(p.stem for p in Path(cli_pkg.__file__).parent.glob("*.py") if not p.stem.startswith("_"))
    commands = [m for m in modules if hasattr(importlib.import_module(f"engine.cli.{m}"), "register")]
    assert sorted(commands) == sorted(COMMANDS), "a command module is missing from engine.cli.COMMANDS"
    code, out, _ = cli(capsys, "--help")
    assert code == 0
    for m in COMMANDS:
        assert importlib.import_module(f"engine.cli.{m}").NAME in out


def test_a_broken_scenario_file_is_listed_with_its_problem(capsys, monkeypatch, tmp_path):
    import shutil

    from tests.conftest import REFERENCE

    shutil.copy(REFERENCE, tmp_path / "good.toml")
    (tmp_path / "broken.toml").write_text("[scenario]\nname = 'broken'\n")
    monkeypatch.setattr("engine.scenario.SCENARIO_DIR", tmp_path)
    code, out, _ = cli(capsys, "scenarios")
    assert code == 0
    broken = next(ln for ln in out.splitlines() if ln.startswith("broken "))
    assert "does not validate" in broken and "start" in broken
    assert any(ln.startswith("good ") and "365 days" in ln for ln in out.splitlines())


def test_levers_of_a_bad_file_is_one_line_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario\n")
    code, out, err = cli(capsys, "levers", str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "invalid TOML" in err
