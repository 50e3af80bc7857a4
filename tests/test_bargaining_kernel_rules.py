"""The bargaining kernel against the kernel rules (../shared/DESIGN.md, "Kernel rules"):
no reference counting in the day (no array views, no allocation) and one
specialization per kernel function.

Compiled fresh in a subprocess (cached code cannot be inspected). The kernel is
compiled without the reference-counting runtime (``_nrt=False``), so an allocation in
the day is a compile error; side indices reach the helpers as int64 loop variables,
never literals; the few small helpers called with literals are inlined.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json
from numba.core.registry import CPUDispatcher
from engine.mechanisms.bargaining import kernel as K
from tests.bargaining_games import mutual_optimism, play, prepared
raw = {**mutual_optimism(0.3, days=5), "mediator": {"every": 2}}
raw["commitment"] = {"shift": 0.1, "shift_sd": 0.05, "shift_days": 2, "nodes": 3}
play(prepared(raw, 1))


def body(ir, name):
    # the lines of one function's definition (not the Python wrapper's)
    out, inside = [], False
    for line in ir.splitlines():
        if line.startswith("define "):
            inside = ("@" + name + "(") in line or ('@"' + name + '"(') in line
        elif inside and line.startswith("}"):
            inside = False
        if inside:
            out.append(line)
    return out


out = {}
for name, f in vars(K).items():
    if not isinstance(f, CPUDispatcher) or f.py_func.__module__ != K.__name__:
        continue
    nrt = 0
    for sig, cres in f.overloads.items():
        lines = body(f.inspect_llvm(sig), cres.fndesc.mangled_name)
        assert lines, name
        nrt += sum(("@NRT_incref(" in ln or "@NRT_decref(" in ln) for ln in lines)
    inlined = f.targetoptions.get("inline") == "always"
    out[name] = [len(f.signatures), nrt, inlined, bool(f.targetoptions.get("_nrt", True))]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probe() -> dict:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        res = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_probe_sees_the_kernel(probe):
    assert {"play", "play_day", "sweep", "best_offers", "deal_value"} <= set(probe)
    assert probe["play"][0] == 1


def test_no_reference_counting_in_the_day(probe):
    bad = {n: v for n, v in probe.items() if v[1] != 0 or v[3]}
    assert not bad, bad


def test_one_specialization_per_kernel(probe):
    """Inlined helpers (``inline="always"``) are typed per call site and exempt."""
    many = {n: v[0] for n, v in probe.items() if not v[2] and v[0] != 1}
    assert not many, many
