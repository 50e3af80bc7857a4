"""The tree: one folder per mechanism, a registry in day order, no import cycles.

docs/architecture.md says how to add a mechanism; these tests hold the tree to it.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from engine.core import registry
from tests.conftest import ROOT

ENGINE = ROOT / "engine"
# What each mechanism's folder holds (economy and talks split their kernels in parts).
FOLDER = ("columns.py", "outputs.py", "kernel.py", "reference.py")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    """engine modules imported at module level (imports inside functions are deferred)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("engine")}


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in ENGINE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        graph[name] = {m for m in top_level_imports(path) if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v, counter=[0]):  # noqa: B006 - a shared counter
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_in_the_engine():
    assert cycles(import_graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", registry.MECHANISMS)
def test_each_mechanism_is_one_folder(name):
    folder = ENGINE / "mechanisms" / name
    missing = [f for f in FOLDER if not (folder / f).exists()]
    assert not missing, f"engine/mechanisms/{name} lacks {missing}"


@pytest.mark.parametrize("name", registry.MECHANISMS)
def test_each_mechanism_imports_alone(name):
    """Importing a mechanism's modules first, in a fresh interpreter, works (no hidden order)."""
    folder = ENGINE / "mechanisms" / name
    mods = [module_name(p) for p in sorted(folder.glob("*.py"))]
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in mods)
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]


def test_registry_is_in_day_order_and_complete():
    on_disk = {p.parent.name for p in (ENGINE / "mechanisms").glob("*/columns.py")}
    assert set(registry.MECHANISMS) <= on_disk
    assert registry.MECHANISMS[0] == "events" and registry.MECHANISMS[-1] == "ceasefire"


# ---------------------------------------------------------------- no compatibility modules
def own_definitions(source: str) -> list[str]:
    """The public names a module defines itself: functions, classes and names bound to
    something other than an imported name (``X = other.X`` and
    ``globals().update(other...)`` re-export; private helpers do not count)."""
    tree = ast.parse(source)
    imported: set[str] = set()
    own = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.id for n in targets if isinstance(n, ast.Name)]
            value = node.value
            while isinstance(value, ast.Attribute):
                value = value.value
            if names == ["__all__"] or (isinstance(value, ast.Name) and value.id in imported):
                continue
            own.extend(names)
        elif isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            own.append(f"<{type(node).__name__} at line {node.lineno}>")
    return [name for name in own if not name.startswith("_")]


def shims(paths) -> list[str]:
    """Modules among ``paths`` that only re-export other modules' names."""
    return [p.name for p in paths if not own_definitions(p.read_text())]


def test_no_top_level_engine_module_is_a_re_export_shim():
    """Every importer uses the real module: a top-level engine/*.py that defines nothing of
    its own (a compatibility name for a module that moved) is a defect."""
    found = shims(p for p in sorted(ENGINE.glob("*.py")) if p.name != "__init__.py")
    assert found == [], f"compatibility shims left in engine/: {found}"


def test_the_shim_finder_finds_shims(tmp_path):
    cases = {
        "moved.py": '"""Compatibility name."""\nfrom engine.core.simulate import run_days\n\n'
                    '__all__ = ["run_days"]\n',
        "prefixed.py": "from engine import layout as _layout\n\n_PREFIXES = ('TP_', 'EN_')\n"
                       "globals().update({k: v for k, v in vars(_layout).items()})\n",
        "alias.py": "from engine.core import rng\n\nnormal = rng.normal\n",
        "real.py": "from engine.core.registry import LAYOUT\n\nCOLUMNS = LAYOUT.columns\nN_LOG = 5\n",
        "function.py": "import math\n\n\ndef f(x):\n    return math.exp(x)\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    assert sorted(shims(sorted(tmp_path.glob("*.py")))) == ["alias.py", "moved.py", "prefixed.py"]


# ---------------------------------------------------------------- each schema in its folder
# The scenario-level tables engine/scenario.py keeps; every other table of a scenario file
# is declared by the mechanism that reads it, in its folder's schema.py.
SCENARIO_LEVEL_FIELDS = {"scenario", "states", "levers"}
SCENARIO_LEVEL_MODELS = {"Meta", "_StateBase", "State", "Lever", "_ScenarioBase", "Scenario"}
# What every mechanism reads of a state; a state's other values belong to a mechanism (the
# front's forces ...) and are declared in its STATE_FIELDS.
SCENARIO_LEVEL_STATE_FIELDS = {"name", "role", "backs", "capital", "capital_lon", "capital_lat",
                               "population", "resolve", "war_support"}


def field_types(model: type[BaseModel]) -> dict[str, object]:
    """A model's fields and their types, forward references resolved."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: hints.get(name, f.annotation) for name, f in model.model_fields.items()}


def models_under(annotation, seen: set | None = None) -> set[type]:
    """Every pydantic model a field's annotation reaches (through dicts, lists, unions and
    the models' own fields)."""
    seen = set() if seen is None else seen
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            if a not in seen:
                seen.add(a)
                stack.extend(field_types(a).values())
        else:
            stack.extend(typing.get_args(a))
    return seen


def schema_owners() -> dict[tuple[str, str], str]:
    """(``""`` or ``"states.X"``, table) -> package of the mechanism that declares it."""
    from engine import scenario

    owners = {}
    for mod in getattr(scenario, "SCHEMAS", ()):
        package = mod.__name__.rsplit(".", 1)[0]
        owners.update({("", k): package for k in getattr(mod, "SECTIONS", {})})
        for kind in ("STATE_FIELDS", "STATE_SECTIONS"):
            owners.update({("states.X", k): package for k in getattr(mod, kind, {})})
    return owners


def misplaced_schema() -> list[str]:
    """Scenario tables whose models live outside the folder of the mechanism that owns them,
    mechanism tables kept in engine/scenario.py, and tables named after a mechanism that
    another mechanism declares."""
    from engine import scenario

    owners = schema_owners()
    out = []
    tables = [("", name, a) for name, a in field_types(scenario.Scenario).items()]
    tables += [("states.X", name, a) for name, a in field_types(scenario.State).items()
               if models_under(a)]
    for name in scenario.State.model_fields:
        if ("states.X", name) not in owners and name not in SCENARIO_LEVEL_STATE_FIELDS:
            out.append(f"states.X.{name}: a mechanism's value kept in engine/scenario.py")
    for where, name, annotation in tables:
        path = f"{where}.{name}".lstrip(".")
        owner = owners.get((where, name))
        if owner is None and not (where == "" and name in SCENARIO_LEVEL_FIELDS):
            if where == "":
                out.append(f"{path}: declared in engine/scenario.py, not by a mechanism")
                continue
            owner = "engine.scenario"
        if name in registry.MECHANISMS and owner != f"{registry.PACKAGE}.{name}":
            out.append(f"{path}: named after mechanism '{name}' but declared by {owner}")
        under = models_under(annotation)
        if name == "states":
            under = set()  # the state's tables are checked one by one above
        for model in under:
            home = model.__module__
            if owner in (None, "engine.scenario"):
                ok = home == "engine.scenario" and model.__name__ in SCENARIO_LEVEL_MODELS
            else:
                ok = home.startswith(owner + ".") or home == "engine.core.schema"
            if not ok:
                folder = "engine/scenario.py" if owner in (None, "engine.scenario") else (
                    owner.replace(".", "/") + "/")
                out.append(f"{path}: model {model.__name__} lives in {home}, not in {folder}")
    tree = ast.parse((ENGINE / "scenario.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name not in SCENARIO_LEVEL_MODELS | {"_CrossRefError"}:
            out.append(f"engine/scenario.py defines {node.name}: a mechanism's schema belongs "
                       "in its folder")
    return sorted(set(out))


def test_each_mechanism_schema_lives_in_its_folder():
    """engine/scenario.py keeps the scenario-level tables only; the front's, the events',
    the economy's, politics' and the talks' tables (and the front's values of a state:
    troops, firepower, morale ...) are declared in their folders."""
    assert misplaced_schema() == []


def test_the_schema_check_sees_a_schema_outside_its_folder(monkeypatch):
    """Politics' table declared by the economy's schema (where it used to be) is caught."""
    from engine.mechanisms.economy import schema as economy
    from engine.mechanisms.politics import schema as politics

    monkeypatch.setattr(economy, "STATE_SECTIONS", {**economy.STATE_SECTIONS,
                                                   **politics.STATE_SECTIONS})
    monkeypatch.setattr(politics, "STATE_SECTIONS", {})
    found = misplaced_schema()
    assert found == [
        "states.X.politics: model StatePolitics lives in engine.mechanisms.politics.schema, "
        "not in engine/mechanisms/economy/",
        "states.X.politics: named after mechanism 'politics' but declared by "
        "engine.mechanisms.economy",
    ], found


SECTION_SCRIPT = """
from engine.scenario import Scenario, ScenarioError, load_scenario, read_raw
from tests.conftest import REFERENCE

assert "fatigue" in Scenario.model_fields
assert load_scenario(REFERENCE).fatigue.rate == 2.0  # the probe's default
raw = read_raw(REFERENCE)
raw["fatigue"] = {"rate": {"value": 3.5, "source": "probe"}}
assert load_scenario(raw).fatigue.rate == 3.5
assert load_scenario(raw, {"fatigue.rate": 4.0}).fatigue.rate == 4.0
for table, where in (({"rate": -1.0}, "fatigue.rate"), ({"rat": 1.0}, "fatigue.rat")):
    raw["fatigue"] = table
    try:
        load_scenario(raw)
    except ScenarioError as e:
        assert [p for p, _ in e.problems] == [where], e.problems
    else:
        raise SystemExit(f"{table} accepted")
raw["fatigue"] = {"rate": 1.0}
for st in raw["states"].values():
    st["troops"] = 0.0
try:
    load_scenario(raw)
except ScenarioError as e:
    assert ("fatigue.rate", "no state has troops to tire") in e.problems, e.problems
else:
    raise SystemExit("the probe's problems() was not called")
print("section ok")
"""


def test_a_new_mechanisms_scenario_table_comes_from_its_folder():
    """The probe mechanism's schema.py adds ``[fatigue]`` to every scenario: validated with
    field paths, overridable with --set, checked by its problems(), with no edit to
    engine/scenario.py (a fresh process, registered by name only; no kernel compiled)."""
    from engine.scenario import Scenario

    assert "fatigue" not in Scenario.model_fields  # only where the probe is registered
    env = {**os.environ, "WARSIM_EXTRA_MECHANISMS": "tests.probe_mechanism",
           "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-c", SECTION_SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "section ok" in res.stdout


def test_the_architecture_doc_lists_what_a_mechanism_folder_holds():
    """docs/architecture.md's table of a mechanism's folder names every file the probe
    mechanism (the worked example of a new mechanism) and the required FOLDER have."""
    doc = (ROOT / "docs" / "architecture.md").read_text()
    table = doc.split("## A mechanism's folder", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z_]+\.py)` \|", table, flags=re.M))
    probe = {p.name for p in (ROOT / "tests" / "probe_mechanism").glob("*.py")} - {"__init__.py"}
    assert set(FOLDER) | probe <= listed, sorted(set(FOLDER) | probe - listed)


# ---------------------------------------------------------------- results composed from the folders
def test_every_event_code_is_named_by_one_mechanism():
    """Each ``EV_*`` code has a name in the event log, from the results.py of the mechanism
    that logs it (engine.results.event_names refuses a code two mechanisms name)."""
    from engine import layout as L
    from engine import results

    codes = {v for k, v in vars(L).items() if k.startswith("EV_")}
    names = results.event_names()
    assert codes - set(names) == set()
    assert len(set(names.values())) == len(names)


def test_event_kinds_and_random_streams_are_declared_by_their_mechanism():
    """``EV_*`` and ``STREAM_*`` codes come from the mechanisms' columns.py (none written
    in engine/layout.py); a code two mechanisms declare is refused; the bargaining core's
    streams collide with none of the registered ones."""
    from engine import layout as L
    from engine.core import registry
    from engine.mechanisms.bargaining import columns as C

    text = (ROOT / "engine" / "layout.py").read_text()
    assert not re.findall(r"^(?:EV|STREAM)_[A-Z_]+ *=", text, flags=re.M)
    declared = {**L.LAYOUT.events, **L.LAYOUT.streams}
    assert {k for k in vars(L) if k.startswith(("EV_", "STREAM_"))} == set(declared)
    assert {o for _c, o in L.LAYOUT.events.values()} >= {"events", "front", "economy", "politics", "talks"}
    core = {v for k, v in vars(C).items() if k.startswith("STREAM_")}
    assert core and not core & {c for c, _o in L.LAYOUT.streams.values()}
    mechs = registry.mechanisms()
    twice = registry.Mechanism("twice", "x.twice", {}, (), (), (), events=(("EV_OTHER", L.EV_SANCTIONS),))
    with pytest.raises(ValueError, match="EV_OTHER = 20 is declared by economy too"):
        registry.build_layout([*mechs, twice])
    same = registry.Mechanism("same", "x.same", {}, (), (), (), streams=(("STREAM_OIL", 99),))
    with pytest.raises(ValueError, match="STREAM_OIL = 99 is declared by economy too"):
        registry.build_layout([*mechs, same])


def test_results_are_each_mechanisms_own_and_never_written_twice():
    import types

    from engine import results

    owners = {m.__name__.split(".")[-2] for m in results.result_modules()}
    assert {"events", "front", "economy", "politics", "talks"} <= owners
    out = {"indicators": {"oil_price_final": 70.0}}
    results._merge(out, {"indicators": {"war_support": {"RUS": 0.5}}, "talks": {}})
    assert out == {"indicators": {"oil_price_final": 70.0, "war_support": {"RUS": 0.5}}, "talks": {}}
    with pytest.raises(ValueError, match="'indicators.oil_price_final' is written by two"):
        results._merge(out, {"indicators": {"oil_price_final": 71.0}})
    # a function a results.py imports under a protocol name is not its part of the outputs
    mod = types.ModuleType("engine.mechanisms.x.results")
    mod.summary = results.summary
    mod.columns = lambda w, st: {}
    mod.columns.__module__ = mod.__name__
    assert results._own(mod, "summary") is None and results._own(mod, "columns") is mod.columns


PROBE_SCRIPT = """
from engine import layout as L
from engine.export import series_frame
from engine.core.simulate import run_days
from engine.scenario import load_scenario, read_raw
from engine.world import build_world
from tests.conftest import REFERENCE
from tests.twin import assert_twin_agrees

assert [c.owner for c in L.COLUMNS["state"] if c.name == "fatigue"] == ["probe_mechanism"]
assert (L.EV_FATIGUE_PEAK, L.STREAM_FATIGUE) == (90, 90)
assert L.LAYOUT.events["EV_FATIGUE_PEAK"] == (90, "probe_mechanism")
s = load_scenario(REFERENCE)
assert_twin_agrees(s, 1, 40)  # every column, the probe's included
w, st = build_world(s, [1, 2, 3], days=40, record_every=1)
run_days(w, 40)
rus = st.states.index("RUS")
assert w.state[0, rus, L.S_FATIGUE] > 0 and w.glob[0, L.G_FATIGUE_MAX] > 0
assert w.fatigue_peak[0, rus] == w.state[0, rus, L.S_FATIGUE]
frame = series_frame(w, st)
assert "fatigue_RUS" in frame.columns and frame["fatigue_RUS"][-1] > 0
# its own [fatigue] table (tests/probe_mechanism/schema.py) reaches its build and its twin
raw = read_raw(REFERENCE)
raw["fatigue"] = {"rate": 3.0}
s3 = load_scenario(raw)
assert_twin_agrees(s3, 1, 40)
w3, _ = build_world(s3, [1], days=40)
run_days(w3, 40)
assert abs(w3.state[0, rus, L.S_FATIGUE] / w.state[0, rus, L.S_FATIGUE] - 1.5) < 1e-12
# its results.py: a declared key of run --json and a declared runs-file column
from engine import outputs as O
from engine.results import run_columns, summary
js = summary(w, st, 0)
assert js["fatigue_peak"]["RUS"] == w.fatigue_peak[0, rus] > 0
assert O.undeclared_json(js, st.states, st.fronts, list(s.issues)) == []
cols = run_columns(w, st)
assert (cols["fatigue_peak_RUS"] == w.fatigue_peak[:, rus]).all()
assert "fatigue_peak_RUS" in O.result_names("column", st.states, st.fronts, list(s.issues))
print("probe ok")
"""


def test_a_new_mechanism_is_one_folder_and_one_registry_entry(tmp_path):
    """tests/probe_mechanism (columns, outputs, schema, build, kernel, reference, results)
    registered by name only: its columns get constants, its scenario table its values, its
    arrays reach the World and the driver, its kernel runs in the day, its twin is compared
    column by column, its series is written and its result reaches run --json and the runs
    columns, declared."""
    env = {
        **os.environ,
        "WARSIM_EXTRA_MECHANISMS": "tests.probe_mechanism",
        "WARSIM_GENERATED_DIR": str(tmp_path / "generated"),
        "NUMBA_CACHE_DIR": str(tmp_path / "numba"),
        "PYTHONPATH": str(ROOT),
    }
    res = subprocess.run([sys.executable, "-c", PROBE_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=1500)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "probe ok" in res.stdout


def test_the_generated_day_module_is_current():
    from engine.core import codegen

    assert codegen.DAY_FILE.read_text() == codegen.current_source()
