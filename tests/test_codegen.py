"""The generated driver's guards (engine.core.codegen.guard): a day step is skipped by the
driver only when its own opening ``if <condition>: return`` says it would do nothing."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from engine.core import codegen

STEPS = '''
from engine import layout as L
from engine.core.jit import kernel


def side_effect(glob):
    glob[0] = 1.0
    return True


@kernel
def plain(glob, talks_param):
    """Off without talks."""
    if talks_param[L.TP_ON] <= 0.0 or glob[L.G_ENDED] > 0.0:
        return
    glob[L.G_ROUNDS] += 1.0


@kernel
def by_shape(day, trace):
    if day >= trace.shape[0]:
        return
    trace[day] = 1.0


@kernel
def calls(glob):
    if side_effect(glob):
        return
    glob[1] = 1.0


@kernel
def has_else(glob):
    if glob[0] > 0.0:
        return
    else:
        glob[1] = 1.0


@kernel
def reads_a_global(glob):
    if glob[0] > LIMIT:
        return
    glob[1] = 1.0


@kernel
def returns_a_value(glob):
    if glob[0] > 0.0:
        return 1.0
    return 0.0


LIMIT = 2.0
'''


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("steps")
    (folder / "warsim_guard_steps").mkdir()
    (folder / "warsim_guard_steps" / "__init__.py").write_text("")
    (folder / "warsim_guard_steps" / "kernel.py").write_text(textwrap.dedent(STEPS))
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("warsim_guard_steps.kernel").__name__
    finally:
        sys.path.remove(str(folder))
        for name in ("warsim_guard_steps.kernel", "warsim_guard_steps"):
            sys.modules.pop(name, None)


def test_an_opening_return_on_parameters_and_constants_is_lifted(steps):
    assert codegen.guard(steps, "plain") == "talks_param[L.TP_ON] <= 0.0 or glob[L.G_ENDED] > 0.0"
    assert codegen.guard(steps, "by_shape") == "day >= trace.shape[0]"


@pytest.mark.parametrize("name", ["calls", "has_else", "reads_a_global", "returns_a_value"])
def test_anything_else_is_called_unguarded(steps, name):
    assert codegen.guard(steps, name) is None


def test_the_driver_calls_a_guarded_step_behind_its_negated_condition(steps):
    lines = codegen.step_call(steps, "plain", ["glob", "talks_param"], "    ")
    assert lines == ["    if not (talks_param[L.TP_ON] <= 0.0 or glob[L.G_ENDED] > 0.0):",
                     "        warsim_guard_steps__plain(glob, talks_param)"]
    assert codegen.step_call(steps, "calls", ["glob"], "") == ["warsim_guard_steps__calls(glob)"]


def test_the_checked_in_driver_skips_switched_off_talks():
    text = codegen.DAY_FILE.read_text()
    assert "if not (talks_param[L.TP_ON] <= 0.0 or glob[L.G_ENDED] > 0.0):" in text
    assert "if record_every > 0 and day % record_every == 0:" in text
