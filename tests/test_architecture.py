"""The tree: one folder per mechanism, a registry in day order, no import cycles.

docs/architecture.md says how to add a mechanism; these tests hold the tree to it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


PROBE_SCRIPT = """
from engine import layout as L
from engine.export import series_frame
from engine.scenario import load_scenario
from engine.core.simulate import run_days
from engine.world import build_world
from tests.conftest import REFERENCE
from tests.twin import assert_twin_agrees

assert [c.owner for c in L.COLUMNS["state"] if c.name == "fatigue"] == ["probe_mechanism"]
s = load_scenario(REFERENCE)
assert_twin_agrees(s, 1, 40)  # every column, the probe's included
w, st = build_world(s, [1, 2, 3], days=40, record_every=1)
run_days(w, 40)
rus = st.states.index("RUS")
assert w.state[0, rus, L.S_FATIGUE] > 0 and w.glob[0, L.G_FATIGUE_MAX] > 0
assert w.fatigue_peak[0, rus] == w.state[0, rus, L.S_FATIGUE]
frame = series_frame(w, st)
assert "fatigue_RUS" in frame.columns and frame["fatigue_RUS"][-1] > 0
print("probe ok")
"""


def test_a_new_mechanism_is_one_folder_and_one_registry_entry(tmp_path):
    """tests/probe_mechanism (columns, outputs, build, kernel, reference) registered by name
    only: its columns get constants, its arrays reach the World and the driver, its kernel
    runs in the day, its twin is compared column by column and its series is written."""
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
