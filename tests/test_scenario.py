"""Scenario validation: every kind of bad file gives one line naming the field."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from engine.scenario import ScenarioError, collect_sources, load_scenario, parse_override
from tests.conftest import REFERENCE, run_cli


@pytest.fixture
def raw(synthetic):
    return synthetic(n_fronts=3, n_pairs=1, n_envoys=2, n_issues=2)


def problems(raw_or_path, overrides=None):
    with pytest.raises(ScenarioError) as exc:
        load_scenario(raw_or_path, overrides)
    return exc.value.problems


def test_reference_scenario_validates():
    s = load_scenario(REFERENCE)
    assert {"RUS", "UKR", "USA", "EUR"} <= set(s.states)
    assert len(s.fronts) >= 8


def test_synthetic_validates(raw):
    s = load_scenario(raw)
    assert len(s.fronts) == 3


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda r: r["fronts"]["s0"].update(attacker="XXX"), "fronts.s0.attacker"),
        (lambda r: r["fronts"]["s0"].update(fortification=0.5), "fronts.s0.fortification"),
        (lambda r: r["fronts"]["s0"].update(length_km="long"), "fronts.s0.length_km"),
        (lambda r: r["fronts"]["s0"].update(length_km=float("nan")), "fronts.s0.length_km"),
        (lambda r: r["fronts"]["s0"].update(attacker_troops=1e300), "fronts.s0.attacker_troops"),
        (lambda r: r["fronts"]["s0"].update(colour="red"), "fronts.s0.colour"),
        (lambda r: r["states"]["A0"].update(morale=True), "states.A0.morale"),
        (lambda r: r["envoys"]["e0"].update(principal="ZZZ"), "envoys.e0.principal"),
        (lambda r: r["scenario"].update(days=0), "scenario.days"),
        (lambda r: r["scenario"].update(start="yesterday"), "scenario.start"),
        (lambda r: r.update(weather={}), "weather"),
        (
            lambda r: r.update(
                events=[{"date": dt.date(2040, 1, 1), "kind": "reinforcement", "target": "A0",
                         "value": 1.0}]
            ),
            "events.0.date",
        ),
        (
            lambda r: r.update(
                events=[{"date": dt.date(2030, 2, 1), "kind": "teleport", "target": "A0",
                         "value": 1.0}]
            ),
            "events.0.kind",
        ),
        (
            lambda r: r.update(
                levers={"x": {"description": "d", "min": 0, "max": 1, "default": 2}}
            ),
            "levers.x",
        ),
        (
            lambda r: r.update(
                levers={"x": {"description": "d", "min": 0, "max": 1, "default": 0.5,
                              "targets": ["states.A0.nothing"]}}
            ),
            "levers.x.targets.0",
        ),
    ],
)
def test_bad_fields_are_named(raw, mutate, path):
    bad = copy.deepcopy(raw)
    mutate(bad)
    paths = [p for p, _ in problems(bad)]
    assert path in paths, paths


def test_sourced_numbers_unwrap_and_are_collected(raw):
    raw["fronts"]["s0"]["length_km"] = {"value": 42.0, "source": "a map"}
    s = load_scenario(raw)
    assert s.fronts["s0"].length_km == 42.0
    found = {p: src for p, _, src in collect_sources(raw)}
    assert found["fronts.s0.length_km"] == "a map"


def test_overrides_set_values_and_levers(raw):
    raw["levers"] = {
        "grit": {"description": "d", "min": 0, "max": 1, "default": 0.5,
                 "targets": ["states.A0.resolve"]}
    }
    s = load_scenario(raw, {"fronts.s1.fortification": 2.5, "levers.grit": 0.8})
    assert s.fronts["s1"].fortification == 2.5
    assert s.states["A0"].resolve == 0.8
    s = load_scenario(raw, {"grit": 0.1})
    assert s.states["A0"].resolve == 0.1
    assert s.levers["grit"].current == 0.1


def test_bad_overrides_are_named(raw):
    assert problems(raw, {"fronts.nowhere.fortification": 2})[0][0] == "fronts.nowhere.fortification"
    assert "fronts.s0.fortification" in [p for p, _ in problems(raw, {"fronts.s0.fortification": -1})]
    with pytest.raises(ScenarioError):
        parse_override("no-equals-sign")
    assert parse_override("a.b=2.5") == ("a.b", 2.5)
    assert parse_override("a.b=hello") == ("a.b", "hello")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02\xff\xfe", b"[scenario\nname=", b"scenario = 3", b"[scenario]\nname='x'\n"],
)
def test_validate_cli_never_tracebacks(tmp_path, content):
    f = tmp_path / "bad.toml"
    f.write_bytes(content)
    res = run_cli("validate", str(f))
    assert res.returncode == 2, res
    assert "Traceback" not in res.stderr
    assert all(line.startswith(f"{f}: ") for line in res.stderr.strip().splitlines()), res.stderr


def test_validate_cli_one_line_per_field(tmp_path):
    text = REFERENCE.read_text().replace('[fronts.pokrovsk]', '[fronts.pokrovsk]\ncolour = "red"', 1)
    f = tmp_path / "bad.toml"
    f.write_text(text)
    res = run_cli("validate", str(f))
    assert res.returncode == 2
    assert res.stderr.strip() == f"{f}: fronts.pokrovsk.colour: unknown field"


def test_validate_cli_ok_and_missing_file(tmp_path):
    res = run_cli("validate", str(REFERENCE))
    assert res.returncode == 0 and res.stdout.strip() == "ok"
    res = run_cli("validate", str(tmp_path / "missing.toml"))
    assert res.returncode == 2 and "file not found" in res.stderr
