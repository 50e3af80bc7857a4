"""The day kernels' machine code: no reference counting, one specialization each.

Every day kernel takes run ``r``'s small arrays (sliced once by the driver) and
allocates nothing; it is compiled without Numba's reference-counting runtime
(engine/core/jit.py). These tests compile every kernel by running the reference
scenario (shuttle talks) and the Rubinstein scenario (alternating offers) through
the driver on one thread and on several, then read what Numba built.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import pytest
from numba.core.registry import CPUDispatcher

import engine.core
from engine.core import registry
from engine.core.simulate import run_days
from engine.scenario import load_scenario
from engine.world import build_world
from tests.conftest import REFERENCE, ROOT

# The drivers slice the World (views, hence reference counts) once per run, outside the day:
# the day's drivers, and the build-time ones in the mechanisms' build.py (day-0 snapshots,
# single-mechanism stepping for tests).
DRIVER_MODULES = ("engine.core.simulate",)
DRIVERS = ("engine.core.day.run_runs",)


def is_driver(name: str) -> bool:
    module = name.rsplit(".", 1)[0]
    return name in DRIVERS or module in DRIVER_MODULES or module.endswith(".build")


def _modules():
    """engine.core, every registered mechanism's package (a folder not yet in the
    registry is not part of the day), and every module a registered mechanism's kernels
    come from (the talks game runs the bargaining core's kernels in the day)."""
    packages = [engine.core] + [importlib.import_module(m.package) for m in registry.mechanisms()]
    seen = set()
    for package in packages:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            seen.add(module.__name__)
            yield module
    for name in sorted(seen):
        for obj in list(vars(importlib.import_module(name)).values()):
            origin = getattr(getattr(obj, "py_func", None), "__module__", None)
            if isinstance(obj, CPUDispatcher) and origin and origin not in seen:
                seen.add(origin)
                yield importlib.import_module(origin)


def dispatchers(day_kernels_only: bool = True) -> dict[str, CPUDispatcher]:
    """Every Numba function defined in engine.core and engine.mechanisms, by qualified name."""
    found = {}
    for module in _modules():
        for name, obj in vars(module).items():
            if isinstance(obj, CPUDispatcher) and obj.py_func.__module__ == module.__name__:
                if not (day_kernels_only and is_driver(f"{module.__name__}.{name}")):
                    found[f"{module.__name__}.{name}"] = obj
    return found


def inlined(d: CPUDispatcher) -> bool:
    return d.targetoptions.get("inline", "never") == "always"


def compile_everything() -> None:
    """Run both red-line talks protocols and the talks game on one thread and on several, and
    the bargaining core standalone (its ``play``), so that every kernel is compiled."""
    scenarios = (load_scenario(REFERENCE), load_scenario("rubinstein"),
                 load_scenario(REFERENCE, {"talks.model": "bargaining"}))
    for scenario in scenarios:
        w, _ = build_world(scenario, [1, 2, 3], days=40, record_every=7)
        run_days(w, 40, parallel=True)
        w, _ = build_world(scenario, [4], days=40, record_every=1)
        run_days(w, 40, parallel=False)
    from engine.mechanisms.bargaining import kernel as core
    from engine.mechanisms.bargaining.build import build, game
    from tests.bargaining_games import mutual_optimism

    core.play(*build(game(mutual_optimism(0.5, days=20))).arrays())


def probe() -> dict:
    """Compile every kernel and report, per kernel, its signatures and refcount calls."""
    compile_everything()
    out = {}
    for name, d in dispatchers(day_kernels_only=False).items():
        out[name] = {
            "inlined": inlined(d),
            "nrt": d.targetoptions.get("_nrt", True),
            "driver": is_driver(name),
            "signatures": [str(s) for s in d.signatures],
            "refcounts": refcount_calls(d) if not inlined(d) else {},
        }
    return out


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """Kernels compiled cold in a fresh process: a kernel loaded from Numba's on-disk
    cache has no LLVM to read, and a driver loaded from it compiles none of its callees."""
    cache = tmp_path_factory.mktemp("numba-cache")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    code = "import json; from tests.test_kernels import probe; print(json.dumps(probe()))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=1200)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def _body(llvm: str, name: str) -> str:
    """The definition of function ``name`` in a module's LLVM text (not its wrappers)."""
    lines, inside = [], False
    for line in llvm.splitlines():
        if line.startswith("define") and f"@{name}(" in line:
            inside = True
        if inside:
            lines.append(line)
            if line.startswith("}"):
                break
    assert lines, f"no definition of {name}"
    return "\n".join(lines)


def refcount_calls(d: CPUDispatcher) -> dict[str, int]:
    """Calls to NRT_incref / NRT_decref in the body of each compiled specialization."""
    out = {}
    for sig, cres in d.overloads.items():
        body = _body(d.inspect_llvm(sig), cres.fndesc.mangled_name)
        out[str(sig)] = body.count("@NRT_incref(") + body.count("@NRT_decref(")
    return out


def test_every_day_kernel_is_compiled_without_reference_counts(compiled):
    kernels = {k: v for k, v in compiled.items() if not v["driver"] and not v["inlined"]}
    assert len(kernels) >= 40, sorted(kernels)
    never = [k for k, v in kernels.items() if not v["signatures"]]
    assert not never, f"kernels no scenario compiled (untested): {never}"
    bad = {k: v["refcounts"] for k, v in kernels.items() if any(v["refcounts"].values())}
    assert not bad, f"reference counting inside the day: {bad}"


def test_every_day_kernel_uses_the_kernel_options(compiled):
    """Day kernels are declared with engine.core.jit (no reference-counting runtime)."""
    loose = [k for k, v in compiled.items() if not v["driver"] and v["nrt"]]
    assert not loose, f"day kernels not declared with @kernel/@helper: {loose}"


def test_every_kernel_has_one_specialization(compiled):
    many = {k: v["signatures"] for k, v in compiled.items()
            if not v["inlined"] and len(v["signatures"]) > 1}
    assert not many, f"kernels compiled more than once: {many}"


def test_the_run_index_is_int64(compiled):
    (signature,) = compiled["engine.core.day.run_runs"]["signatures"]
    assert signature.endswith(", int64, int64, int64)"), signature
