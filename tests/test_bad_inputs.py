"""A corpus of bad input (files, options, folders): every item is exit 2 with exactly one
line naming the field, never a traceback, never a coerced value (issue 16).

Three layers:

* hypothesis-generated scenario files and ``--set``/``--vary`` values, checked through the
  validation functions in this process (thousands of cases in seconds);
* hypothesis-generated manifests (any JSON value in any field) for ``report``;
* a fixed corpus of the command lines found by hand, run through ``warsim``'s ``main``
  (and a few in a fresh process, as a user would), each with the text its line must hold.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.batch import store
from engine.errors import UsageError
from engine.scenario import (
    ScenarioError,
    collect_sources,
    load_scenario,
    parse_override,
    read_raw,
    resolve_path,
    validate_raw,
)
from tests.conftest import run_cli

RAW = read_raw(resolve_path("ukraine_2025"))


def _numbers(node, prefix: str = "") -> list[str]:
    """Dotted paths of the reference scenario's numbers, bare or sourced (not inside arrays
    of numbers such as a line's points or a sourced interval)."""
    out = []
    if isinstance(node, dict):
        if "value" in node and set(node) <= {"value", "source", "unit", "note"}:
            v = node["value"]
            return [prefix] if isinstance(v, int | float) and not isinstance(v, bool) else []
        for k, v in node.items():
            out += _numbers(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(node, list):
        for j, v in enumerate(node):
            if isinstance(v, dict):
                out += _numbers(v, f"{prefix}.{j}")
    elif isinstance(node, int | float) and not isinstance(node, bool) and "." in prefix:
        out.append(prefix)
    return out


# Every number of the reference scenario, by dotted path (sourced or bare).
NUMBERS = sorted(_numbers(RAW))
assert len(NUMBERS) > 300 and len(NUMBERS) <= len(collect_sources(RAW))

NOT_NUMBERS = st.one_of(
    st.booleans(),
    st.sampled_from(["yes", "no", "true", "1", "0.5", "", "nan", "1e3", " 7 "]),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "source"]), st.integers(), max_size=1),
)


def _set_path(raw: dict, path: str, value, sourced: bool) -> dict:
    out = copy.deepcopy(raw)
    node = out
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = {"value": value, "source": "test"} if sourced else value
    else:
        old = node[last]
        if sourced or isinstance(old, dict):
            node[last] = {**(old if isinstance(old, dict) else {}), "value": value, "source": "test"}
        else:
            node[last] = value
    return out


def _one_problem_at(exc: ScenarioError, path: str) -> str:
    lines = exc.lines()
    assert len(lines) == 1, lines
    assert f": {path}" in lines[0] or lines[0].split(": ")[1].startswith(path.rsplit(".", 1)[0]), lines
    return lines[0]


@given(path=st.sampled_from(NUMBERS), value=NOT_NUMBERS, sourced=st.booleans())
def test_a_number_written_as_anything_else_is_refused_naming_it(path, value, sourced):
    raw = _set_path(RAW, path, value, sourced)
    with pytest.raises(ScenarioError) as err:
        validate_raw(raw, "f.toml")
    _one_problem_at(err.value, path)


@given(path=st.sampled_from(NUMBERS), text=st.sampled_from(["true", "false", '"yes"', '"5"', "[1]", "{a=1}"]))
def test_set_never_coerces(path, text):
    key, value = parse_override(f"{path}={text}")
    with pytest.raises(ScenarioError) as err:
        load_scenario(RAW, {key: value}, origin="ukraine_2025")
    line = err.value.lines()[0]
    assert len(err.value.lines()) == 1 and path.rsplit(".", 1)[0] in line, line


@given(value=st.one_of(st.integers(), st.floats(), st.text(max_size=8), st.booleans()))
def test_talks_enabled_is_only_true_or_false(value):
    raw = _set_path(RAW, "talks.enabled", value, sourced=False)
    if isinstance(value, bool):
        validate_raw(raw, "f.toml")
        return
    with pytest.raises(ScenarioError) as err:
        validate_raw(raw, "f.toml")
    assert err.value.lines() == [f"f.toml: talks.enabled: {err.value.problems[0][1]}"]
    assert "expected true or false" in err.value.lines()[0]


@given(text=st.text(alphabet="[]{}=,.\"'a1 ", max_size=60))
def test_any_set_value_is_a_value_or_one_line(text):
    try:
        key, value = parse_override(f"battle.mu={text}")
        load_scenario(RAW, {key: value})
    except UsageError as exc:
        assert len(exc.lines()) == 1 and "battle.mu" in exc.lines()[0]


@given(depth=st.integers(33, 6000), opener=st.sampled_from(["[", "{a="]))
def test_nesting_beyond_the_limit_is_one_line_at_any_depth(depth, opener):
    closer = "]" if opener == "[" else "}"
    text = opener * depth + "1" + closer * depth
    with pytest.raises(ScenarioError) as err:
        parse_override(f"battle.mu={text}")
    assert err.value.lines() == ["--set: battle.mu: value nested more than 32 levels deep"]
    from engine.batch.designs import parse_vary

    with pytest.raises(UsageError) as err:
        parse_vary(f"battle.mu={text},0.5")
    assert err.value.lines() == ["--vary battle.mu: value nested more than 32 levels deep"]


@given(value=st.floats(1e8, 1e9), as_hazard=st.booleans())
def test_events_cannot_push_state_past_the_schema(value, as_hazard):
    """Troops past states.X.troops' limit (1e8) by a reinforcement, or a fire stock past
    fire_stock's (1e10) by deliveries a hazard may make every day: refused at validation."""
    raw = copy.deepcopy(RAW)
    if as_hazard:
        raw.setdefault("hazards", []).append(
            {"kind": "fire_delivery", "target": "RUS", "rate": 0.01, "value": value})
        where = f"hazards.{len(raw['hazards']) - 1}.value"
    else:
        raw.setdefault("events", []).append(
            {"date": RAW["scenario"]["start"], "kind": "reinforcement", "target": "RUS", "value": value})
        where = f"events.{len(raw['events']) - 1}.value"
    with pytest.raises(ScenarioError) as err:
        validate_raw(raw, "f.toml")
    line = _one_problem_at(err.value, where)
    assert "past the schema's limit" in line


# ---------------------------------------------------------------- manifests
@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    from engine.batch.driver import BatchConfig, run_batch

    out = tmp_path_factory.mktemp("bad") / "ds"
    run_batch(BatchConfig("rubinstein", out=str(out), reps=2, days=5, chunk_runs=1))
    return out


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
              st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6,
)


@given(data=st.data())
def test_any_manifest_field_with_any_value_is_valid_or_one_line(dataset, data):
    m = json.loads((dataset / store.MANIFEST).read_text())
    key = data.draw(st.sampled_from(sorted(m)))
    value = data.draw(JSON)
    bad = {**m, key: value}
    try:
        store.validate_manifest(json.dumps(bad), dataset / store.MANIFEST, "report")
    except store.DatasetError as exc:
        assert len(exc.lines()) == 1 and exc.lines()[0].startswith("report: ")
        assert key in exc.lines()[0] or "corrupt manifest" in exc.lines()[0] or "format" in exc.lines()[0]
    else:
        assert value == m[key] or key in ("created", "updated", "scenario_file", "run_id", "base_overrides")


# ---------------------------------------------------------------- the command line
def _deep_toml(tmp: Path) -> Path:
    f = tmp / "deep.toml"
    deep = "[" * 3000 + "1" + "]" * 3000
    f.write_text(resolve_path("ukraine_2025").read_text() + f"\n[deep]\nx = {deep}\n")
    return f


def _edit(tmp: Path, name: str, old: str, new: str) -> Path:
    text = resolve_path("ukraine_2025").read_text()
    assert old in text, old
    f = tmp / name
    f.write_text(text.replace(old, new, 1))
    return f


def _reinforcement(tmp: Path) -> Path:
    f = tmp / "reinforce.toml"
    f.write_text(resolve_path("ukraine_2025").read_text() + '\n[[events]]\ndate = 2025-12-01\n'
                 'kind = "reinforcement"\ntarget = "RUS"\nvalue = 999999999.0\n')
    return f


def _deep_grid(tmp: Path) -> Path:
    f = tmp / "grid.toml"
    f.write_text('[vary]\n"battle.mu" = ' + "[" * 2000 + "0.5" + "]" * 2000 + "\n")
    return f


def _a_file(tmp: Path) -> Path:
    f = tmp / "a_file"
    f.write_text("x")
    return f


DEEP = "[" * 5000 + "1" + "]" * 5000
# (argv, text the one line must hold); {tmp} is a fresh folder, callables make files there
CORPUS = [
    (["run", "ukraine_2025", "--set", "battle.mu=true"], "battle.mu: expected a number, got a boolean"),
    (["run", "ukraine_2025", "--set", "states.RUS.troops=true"], "states.RUS.troops: expected a number"),
    (["run", "ukraine_2025", "--set", "battle.mu=yes"], "battle.mu: expected a number, got a string"),
    (["run", "ukraine_2025", "--set", "talks.enabled=yes"], "talks.enabled: expected true or false"),
    (["run", "ukraine_2025", "--set", "talks.enabled=1"], "talks.enabled: expected true or false"),
    (["validate", "ukraine_2025", "--set", "scenario.seed=true"], "scenario.seed: expected a number"),
    (["validate", "ukraine_2025", "--set", "scenario.days=\"365\""], "scenario.days: expected a number"),
    (["run", "ukraine_2025", "--set", f"battle.mu={DEEP}"], "battle.mu: value nested more than 32"),
    (["run", "ukraine_2025", "--set", "a" + ".a" * 3000 + "=1"], "path deeper than 32 levels"),
    (["run", "ukraine_2025", "--set", "scenario.start=9999-12-31"],
     "scenario.start: 9999-12-31 leaves no room"),
    (["validate", lambda t: _edit(t, "start.toml", "start = 2025-11-20", "start = 9999-12-31")],
     "scenario.start: 9999-12-31 leaves no room for a run"),
    (["validate", lambda t: _edit(t, "sourced.toml", "troops = { value = 700000.0,",
                                  "troops = { value = true,")],
     "states.RUS.troops: expected a number, got a boolean"),
    (["validate", lambda t: _edit(t, "yes.toml", "[talks]\nenabled = true", '[talks]\nenabled = "yes"')],
     "talks.enabled: expected true or false, got a string"),
    (["validate", _deep_toml], "nested more than 32 levels deep"),
    (["validate", _reinforcement], "events.0.value: reinforcement of 999,999,999 could take RUS's troops"),
    (["batch", "ukraine_2025", "--reps", "1", "--days", "2", "--vary", "battle.mu=true,false",
      "--out", "{tmp}/o"],
     "battle.mu: expected a number, got a boolean"),
    (["batch", "ukraine_2025", "--reps", "1", "--days", "2", "--vary", f"battle.mu={DEEP}",
      "--out", "{tmp}/o"],
     "--vary battle.mu: value nested more than 32 levels deep"),
    (["batch", "ukraine_2025", "--reps", "1", "--days", "2", "--grid", _deep_grid, "--out", "{tmp}/o"],
     "nested"),
    (["batch", "ukraine_2025", "--reps", "1", "--vary", "battle.mu=0:1:1000", "--vary",
      "battle.attrition=0:0.01:1000", "--out", "{tmp}/o"],
     "--vary: 1000 x 1000 levels make 1,000,000 design points"),
    (["batch", "ukraine_2025", "--reps", "2000", "--vary", "battle.mu=0:1:1000", "--vary",
      "battle.attrition=0:0.01:100", "--out", "{tmp}/o"], "runs, more than 100,000,000"),
    (["batch", "ukraine_2025", "--reps", "1", "--design", "sobol", "--samples", "65536", "--vary",
      "battle.mu=0:1", "--out", "{tmp}/o"],
     "--samples: 196,608 design points is more than the 100,000 allowed"),
    (["app", "--host", "", "--check"], "--host: empty"),
    (["app", "--host", "   ", "--check"], "--host: empty"),
    (["run", "ukraine_2025", "--days", "2", "--out", _a_file], "exists and is not a folder"),
    (["report", "{tmp}"], "no manifest.json"),
    (["report", "{tmp}/missing"], "no such folder"),
]


def _argv(argv: list, tmp: Path) -> list[str]:
    out = []
    for a in argv:
        if callable(a):
            a = str(a(tmp))
        out.append(a.replace("{tmp}", str(tmp)))
    return out


def _id(argv: list) -> str:
    return " ".join(a[:30] if isinstance(a, str) else "FILE" for a in argv[:4])


@pytest.mark.parametrize("argv,needle", CORPUS, ids=[f"{j}: {_id(c[0])}" for j, c in enumerate(CORPUS)])
def test_corpus_is_exit_2_one_line(argv, needle, tmp_path, capsys, monkeypatch):
    from engine.cli import main

    monkeypatch.delenv("WARSIM_DEBUG", raising=False)
    args = _argv(argv, tmp_path)
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, (code, err[:500])
    assert len(lines) == 1 and needle in lines[0], err[:500]
    assert "Traceback" not in err and "internal error" not in err
    assert not (tmp_path / "o" / "runs").exists()  # nothing was run


@pytest.mark.parametrize("argv,needle", [CORPUS[0], CORPUS[7], CORPUS[13], CORPUS[18], CORPUS[21]])
def test_corpus_in_a_fresh_process(argv, needle, tmp_path):
    res = run_cli(*_argv(argv, tmp_path))
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and needle in lines[0], res.stderr[:500]
    assert "Traceback" not in res.stderr


def test_run_out_refuses_an_earlier_run_unless_force(tmp_path):
    out = tmp_path / "r"
    assert run_cli("run", "rubinstein", "--days", "2", "--out", str(out)).returncode == 0
    before = (out / "summary.json").read_bytes()
    res = run_cli("run", "rubinstein", "--days", "3", "--out", str(out))
    assert res.returncode == 2 and "--force" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert (out / "summary.json").read_bytes() == before  # untouched
    assert run_cli("run", "rubinstein", "--days", "3", "--out", str(out), "--force").returncode == 0
    assert json.loads((out / "summary.json").read_text())["days"] == 3


def test_bad_folders_for_report(dataset, tmp_path):
    """Folders: a copy of a good dataset with one thing wrong (more in test_store.py)."""
    cases = {
        "deep manifest": lambda d: (d / store.MANIFEST).write_text("[" * 100_000 + "]" * 100_000),
        "manifest not an object": lambda d: (d / store.MANIFEST).write_text("[1, 2]"),
        "binary manifest": lambda d: (d / store.MANIFEST).write_bytes(b"\xff\xfe\x00"),
        "runs is a file": lambda d: (shutil.rmtree(d / "runs"), (d / "runs").write_text("x")),
        "reps as text": lambda d: (d / store.MANIFEST).write_text(
            json.dumps({**json.loads((d / store.MANIFEST).read_text()), "reps": "2"})),
        "days -5": lambda d: (d / store.MANIFEST).write_text(
            json.dumps({**json.loads((d / store.MANIFEST).read_text()), "days": -5})),
        "infinite days": lambda d: (d / store.MANIFEST).write_text(
            (d / store.MANIFEST).read_text().replace('"days": 5', '"days": Infinity')),
    }
    for name, damage in cases.items():
        d = tmp_path / name.replace(" ", "_")
        shutil.copytree(dataset, d)
        damage(d)
        res = run_cli("report", str(d))
        lines = res.stderr.strip().splitlines()
        assert res.returncode == 2 and len(lines) == 1 and lines[0].startswith("report: "), (name, res.stderr)
        assert "Traceback" not in res.stderr, name
