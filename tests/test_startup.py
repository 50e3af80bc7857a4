"""The structure behind a quick ``warsim run`` (benchmarks/startup.py times it; no timings here).

A fresh ``warsim run`` imports no library its path does not use, pauses the cyclic
garbage collector while it works and skips the collector's passes at exit; the TOML
depth scan it runs on every scenario file keeps its exact answers.
"""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from engine.cli import collection_paused
from engine.core.schema import deep_text
from tests.conftest import ROOT

# Libraries other commands use (Parquet, dataframes, Dask, Mesa, the dashboard, plots,
# calibration, sensitivity, scoring) that a one-run start-up must not pay for.
HEAVY = ("polars", "pyarrow", "pandas", "dask", "distributed", "mesa", "solara", "matplotlib",
         "pyabc", "SALib", "ema_workbench", "scoringrules", "sklearn", "statsmodels")

# Run in a fresh interpreter: an atexit hook registered before main() runs after main()'s
# own (atexit is last in, first out), so it sees the state the interpreter's teardown sees.
PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("FROZEN_AT_EXIT", gc.get_freeze_count() > 0))
full = []
gc.callbacks.append(lambda phase, info: phase == "stop" and info["generation"] == 2 and full.append(1))
from engine.cli import main
code = main(["run", "ukraine_2025", "--days", "2", "--json"])
print("RC", code)
print("FULL_COLLECTIONS", len(full))
print("GC_ENABLED_AFTER_MAIN", gc.isenabled())
print("HEAVY", sorted(m for m in HEAVY if m in sys.modules))
"""


def test_run_imports_no_heavy_library_and_skips_the_exit_collection():
    code = f"HEAVY = {HEAVY!r}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=600)
    lines = out.stdout.splitlines()
    assert "RC 0" in lines, out.stdout + out.stderr
    assert "HEAVY []" in lines, out.stdout
    assert "GC_ENABLED_AFTER_MAIN True" in lines, out.stdout
    assert "FULL_COLLECTIONS 0" in lines, out.stdout  # two without the pause
    assert "FROZEN_AT_EXIT True" in lines, out.stdout


@pytest.mark.parametrize("enabled", [True, False])
def test_collection_paused_restores_the_collector(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collection_paused():
            assert not gc.isenabled()
            kept = [[i] for i in range(20_000)]  # containers the collector tracks
        assert gc.isenabled() is enabled
        # what the block allocated was moved to the oldest generation, so the next young
        # collection does not walk all of it
        assert gc.get_count()[0] < 1_000, gc.get_count()
        assert len(kept) == 20_000
    finally:
        (gc.enable if was else gc.disable)()


def test_collection_paused_leaves_a_callers_frozen_objects_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collection_paused():
            pass
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(("text", "where"), [
    ('a = "[[[["\nb = [[1]]\n', None),                        # brackets inside a string
    ('a = "x\\" [[["\n[t]\nb = [[[1]]]\n', "line 3 (t.b)"),   # an escaped quote
    ('a = """\n[[[\n"""\nb = [[[1]]]\n', "line 4 (b)"),       # lines inside a multi-line string
    ("a = 'c:\\\\[[[ '\nb = {x = [[1]]}\n", "line 2 (b)"),    # a literal string's backslash
    ("a = 1 # [[[[\n[t.u]\nk = [[[ 1 ]]]\n", "line 3 (t.u.k)"),  # a comment, a table header
])
def test_deep_text_skips_strings_and_comments_and_counts_lines(text, where):
    assert deep_text(text, 2) == where
