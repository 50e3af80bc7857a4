"""Batch designs: --vary syntax, factorial / LHS / Sobol points, grid files, validation."""

from __future__ import annotations

import numpy as np
import pytest

from engine.batch.designs import (
    Factor,
    check_points,
    inactive_levers,
    make_design,
    normalise_factors,
    parse_vary,
    read_grid,
)
from engine.errors import UsageError
from engine.scenario import load_scenario, read_raw, resolve_path


def test_vary_range_gives_evenly_spaced_tidy_levels():
    f = parse_vary("battle.mu=0.1:0.8:3")
    assert f == Factor("battle.mu", low=0.1, high=0.8, n=3)
    assert f.factorial_levels() == (0.1, 0.45, 0.8)
    assert parse_vary("x=0:1:7").factorial_levels()[1] == 0.166666666667
    assert parse_vary("x=2:2:1").factorial_levels() == (2.0,)


def test_vary_list_reads_toml_literals():
    assert parse_vary("states.RUS.morale = 0.5, 0.6,1").levels == (0.5, 0.6, 1)
    assert parse_vary("battle.movement=true,false").levels == (True, False)


@pytest.mark.parametrize(
    "spec, needle",
    [
        ("battle.mu", "PATH=LO:HI:N"),
        ("=1,2", "empty path"),
        ("a..b=1", "empty path"),
        ("battle.mu=", "no values"),
        ("battle.mu=0.8:0.1:3", "above HI"),
        ("battle.mu=a:1:3", "LO 'a'"),
        ("battle.mu=0:1:x", "N 'x'"),
        ("battle.mu=0:1:0", "N must be"),
        ("battle.mu=0:1:2:3", "LO:HI:N"),
        ("battle.mu=1,,2", "empty value"),
        ("battle.mu=1,1", "repeated"),
        ("battle.mu=0.5:0.5:3", "N must be 1"),
    ],
)
def test_bad_vary_syntax_is_one_clear_error(spec, needle):
    with pytest.raises(UsageError) as err:
        parse_vary(spec)
    assert len(err.value.lines()) == 1 and needle in err.value.lines()[0]


def test_factorial_is_full_and_ordered_last_factor_fastest():
    d = make_design("factorial", [parse_vary("a=1,2"), parse_vary("b=0:1:3")])
    assert d.params == ("a", "b")
    assert len(d.points) == 6
    assert d.points[0] == {"a": 1, "b": 0.0} and d.points[1] == {"a": 1, "b": 0.5}
    assert d.points[5] == {"a": 2, "b": 1.0}
    assert d.to_json()["spec"]["levels"] == {"a": [1, 2], "b": [0.0, 0.5, 1.0]}


def test_factorial_without_vary_is_one_point():
    d = make_design("factorial", [])
    assert d.points == ({},)


def test_factorial_rejects_a_bare_range_and_samples():
    with pytest.raises(UsageError, match="needs levels"):
        make_design("factorial", [parse_vary("a=0:1")])
    with pytest.raises(UsageError, match="--samples"):
        make_design("factorial", [parse_vary("a=0:1:2")], samples=8)


def test_latin_hypercube_is_stratified_within_bounds_and_seeded():
    fs = [parse_vary("a=0:1"), parse_vary("b=10:20:4")]
    d = make_design("lhs", fs, samples=20, seed=3)
    x = np.array([[p["a"], p["b"]] for p in d.points])
    assert x.shape == (20, 2)
    assert (x[:, 0] >= 0).all() and (x[:, 0] <= 1).all() and (x[:, 1] >= 10).all() and (x[:, 1] <= 20).all()
    # one point in each of the 20 equal strata of every parameter
    assert sorted(np.floor(x[:, 0] * 20).astype(int)) == list(range(20))
    assert sorted(np.floor((x[:, 1] - 10) / 10 * 20).astype(int)) == list(range(20))
    assert make_design("lhs", fs, samples=20, seed=3).points == d.points
    assert make_design("lhs", fs, samples=20, seed=4).points != d.points


def test_sobol_gives_saltelli_points():
    fs = [parse_vary("a=0:1"), parse_vary("b=-1:1"), parse_vary("c=5:6")]
    d = make_design("sobol", fs, samples=16, seed=1)
    assert len(d.points) == 16 * (3 + 2)
    assert d.spec["salib_problem"]["names"] == ["a", "b", "c"]
    with pytest.raises(UsageError, match="power of 2"):
        make_design("sobol", fs, samples=10)


@pytest.mark.parametrize("kind", ["lhs", "sobol"])
def test_sampling_designs_need_ranges_and_samples(kind):
    with pytest.raises(UsageError, match="range"):
        make_design(kind, [parse_vary("a=1,2")], samples=8)
    with pytest.raises(UsageError, match="--samples"):
        make_design(kind, [parse_vary("a=0:1")])
    with pytest.raises(UsageError, match="--vary"):
        make_design(kind, [], samples=8)


def test_duplicate_paths_refused():
    with pytest.raises(UsageError, match="more than once"):
        make_design("factorial", [parse_vary("a=1,2"), parse_vary("a=3")])


def test_grid_file_vary_table(tmp_path):
    g = tmp_path / "grid.toml"
    g.write_text(
        'design = "factorial"\n[vary]\n"levers.us_pressure" = [0.2, 0.8]\n'
        "battle.mu = { min = 0.2, max = 0.6, n = 3 }\n"
    )
    grid = read_grid(g)
    d = make_design(grid["design"], grid["factors"], grid["samples"])
    assert d.params == ("levers.us_pressure", "battle.mu")
    assert len(d.points) == 6 and d.points[-1] == {"levers.us_pressure": 0.8, "battle.mu": 0.6}


def test_grid_file_points(tmp_path):
    g = tmp_path / "grid.toml"
    g.write_text('[[points]]\nus_pressure = 0.1\n[[points]]\nus_pressure = 0.9\n"battle.mu" = 0.3\n')
    grid = read_grid(g)
    assert grid["design"] == "points"
    d = make_design("points", [], points=grid["points"])
    assert d.params == ("us_pressure", "battle.mu") and len(d.points) == 2


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[vary\n", "invalid TOML"),
        ('design = "magic"\n', "not one of"),
        ("bogus = 1\n", "unknown key"),
        ('design = "points"\n', "needs [[points]]"),
        ("[vary]\na = { min = 1 }\n", "expected"),
        ("[vary]\na = []\n", "empty list"),
        ("samples = -2\n", "samples"),
    ],
)
def test_bad_grid_files(tmp_path, text, needle):
    g = tmp_path / "grid.toml"
    g.write_text(text)
    with pytest.raises(UsageError) as err:
        read_grid(g)
    assert needle in str(err.value)
    with pytest.raises(UsageError, match="not found"):
        read_grid(tmp_path / "nope.toml")


@pytest.fixture(scope="module")
def reference():
    raw = read_raw(resolve_path("ukraine_2025"))
    return raw, load_scenario(raw)


@pytest.mark.parametrize(
    "spec, needle",
    [
        ("fronts.nowhere.length_km=1,2", "fronts.nowhere.length_km"),
        ("battle.mu=0.5,7", "battle.mu"),
        ("us_pressure=0.5,1.5", "levers.us_pressure"),
        ("states.RUS.morale=0.5:1.2:3", "states.RUS.morale"),
    ],
)
def test_unknown_paths_and_out_of_range_values_name_the_point(reference, spec, needle):
    raw, base = reference
    d = make_design("factorial", normalise_factors(base, [parse_vary(spec)]))
    with pytest.raises(UsageError) as err:
        check_points(raw, {}, d)
    lines = err.value.lines()
    assert len(lines) == 1 and lines[0].startswith("--vary") and needle in lines[0], lines


def test_structure_changes_are_refused(reference):
    raw, base = reference
    d = make_design("factorial", [parse_vary('fronts.pokrovsk.attacker="RUS","UKR"')])
    with pytest.raises(UsageError):
        check_points(raw, {}, d)


def test_bare_lever_names_are_normalised(reference):
    _, base = reference
    (f,) = normalise_factors(base, [parse_vary("us_pressure=0.1,0.2")])
    assert f.path == "levers.us_pressure"


def test_varying_an_inactive_lever_is_noted(reference):
    import copy

    raw, _ = reference
    raw = copy.deepcopy(raw)
    raw["levers"]["us_pressure"]["active"] = False
    base = load_scenario(raw)
    d = make_design("factorial", normalise_factors(base, [parse_vary("us_pressure=0.1,0.9"),
                                                         parse_vary("battle.mu=0.4,0.5")]))
    assert inactive_levers(base, d) == ["us_pressure"]
