"""The day's driver and record kernel, generated from the registry.

Each mechanism's ``kernel.py`` lists its day steps in ``DAY`` (kernels, in order);
each step's parameters are named after World fields (``state``, ``front_param``,
``sanctions`` ...) or ``seed``, ``day``. From these and the declared outputs this
module writes ``engine/core/day.py``: ``record`` (one line per declared output) and
the driver that slices the World once per run and calls every step in registry order,
then ``record``, for each day. A step that opens with ``if <condition>: return`` (the
condition reading only its parameters and layout constants) is called behind
``if not (<condition>):``, and ``record`` only on its stride, so a mechanism that is off
costs a comparison instead of a call (:func:`guard`). Numba caches functions by source file, so the
generated code lives in a real file; it is rewritten whenever the registry's
declarations change (on import of :mod:`engine.core.simulate`, or with
``python -m engine.core.codegen``), and tests/test_architecture.py checks the
checked-in copy is current.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import textwrap
from pathlib import Path

from engine.core.columns import BLOCKS, Array, Output

DAY_FILE = Path(__file__).resolve().parent / "day.py"
SCALARS = ("seed", "day", "record_every")  # per-run values, not arrays


def steps(mechs) -> list[tuple[str, str, list[str]]]:
    """``(module, kernel name, parameter names)`` of every day step, in day order."""
    out = []
    for m in mechs:
        module = importlib.import_module(f"{m.package}.kernel")
        for fn in module.DAY:
            params = list(inspect.signature(fn.py_func).parameters)
            out.append((module.__name__, fn.py_func.__name__, params))
    return out


def _pure(node: ast.AST, params: list[str]) -> bool:
    """Whether ``node`` only compares and indexes the step's parameters and ``L``'s
    constants (no calls, no assignments): evaluating it has no effect."""
    if isinstance(node, ast.BoolOp | ast.Compare | ast.UnaryOp | ast.BinOp | ast.Subscript):
        return all(_pure(c, params) for c in ast.iter_child_nodes(node))
    if isinstance(node, ast.Attribute):  # a layout constant, or an array parameter's shape
        v = node.value
        if isinstance(v, ast.Name) and v.id == "L":
            return True
        return (node.attr == "shape" and isinstance(v, ast.Name) and v.id in params)
    if isinstance(node, ast.Name):
        return node.id in params
    return isinstance(node, ast.Constant | ast.boolop | ast.cmpop | ast.unaryop | ast.operator
                      | ast.expr_context)


def guard(module: str, name: str) -> str | None:
    """The condition under which day step ``name`` of ``module`` does nothing, when its
    body opens with ``if <condition>: return`` and the condition only reads its
    parameters and layout constants; else None.

    The driver tests it before the call (``if not (<condition>): step(...)``), so a
    switched-off mechanism costs a comparison instead of a call that hands over its
    arrays (tens of machine words each). The step keeps its own test; since the
    condition is read in the same place of the day and has no effect, the result is the
    same bit for bit, NaN included (``not (x <= 0)`` is not ``x > 0``).
    """
    mod = importlib.import_module(module)
    if getattr(mod, "L", None) is not importlib.import_module("engine.layout"):
        return None
    fn = getattr(mod, name).py_func
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body or not isinstance(body[0], ast.If):
        return None
    first = body[0]
    returns = (len(first.body) == 1 and isinstance(first.body[0], ast.Return)
               and first.body[0].value is None and not first.orelse)
    params = list(inspect.signature(fn).parameters)
    if not returns or not _pure(first.test, params):
        return None
    return ast.unparse(first.test)


def step_call(module: str, name: str, params: list[str], indent: str) -> list[str]:
    """The driver's lines that run one day step (behind its guard, when it has one)."""
    call = f"{module.split('.')[-2]}__{name}(" + ", ".join(params) + ")"
    cond = guard(module, name)
    if cond is None:
        return [indent + call]
    return [f"{indent}if not ({cond}):", f"{indent}    {call}"]


def _field_kinds(arrays: list[Array]) -> dict[str, str]:
    """World field -> how the driver hands it over: ``run`` (sliced ``w.x[r]``), ``cell``
    (``w.x[r:r+1]``, a per-run scalar the kernels write), ``shared`` (``w.x``)."""
    kinds = {}
    for b in BLOCKS:
        kinds[b.name] = "shared" if b.name == "talks_roles" else "run"
    for a in arrays:
        dims = [d.strip() for d in a.shape.split(",")]
        if not a.per_run:
            kinds[a.name] = "shared"
        elif dims == ["R"]:
            kinds[a.name] = "cell"
        else:
            kinds[a.name] = "run"
    return kinds


def _record(outputs: list[Output]) -> list[str]:
    per = {"state": [], "front": [], "run": []}
    for o in outputs:
        per[o.per].append(o)
    lines = [
        "@kernel",
        "def record(day, every, glob, state, front, series_state, series_front, series_global):",
        '    """Write the end-of-day series row when ``day`` falls on the stride ``every``',
        '    (one line per output declared in the mechanisms\' outputs.py)."""',
        "    if every <= 0 or day % every != 0:",
        "        return",
        "    k = day // every",
        "    if k >= series_global.shape[0]:",
        "        return",
    ]
    if per["state"]:
        lines.append("    for i in range(state.shape[0]):")
        lines += [f"        series_state[k, i, L.SS_{o.name.upper()}] = {o.source}" for o in per["state"]]
    if per["front"]:
        lines.append("    for f in range(front.shape[0]):")
        lines += [f"        series_front[k, f] = {o.source}" for o in per["front"]]
    lines += [f"    series_global[k, L.SG_{o.name.upper()}] = {o.source}" for o in per["run"]]
    return lines


def source(mechs, arrays: list[Array], outputs: list[Output]) -> str:
    """The text of the generated day module for these mechanisms."""
    kinds = _field_kinds(arrays)
    day_steps = steps(mechs)
    args: list[str] = []
    for _, _, params in day_steps:
        for p in params:
            if p not in SCALARS and p not in args:
                if p not in kinds:
                    raise ValueError(f"day step parameter {p!r} names no World field")
                args.append(p)
    for p in ("glob", "state", "front", "series_state", "series_front", "series_global"):
        if p not in args:
            args.append(p)
    out = [
        '"""GENERATED by engine.core.codegen from the registry and the mechanisms\' declarations:',
        "do not edit (``python -m engine.core.codegen`` rewrites it).",
        "",
        "The drivers: each slices the World once per run and calls, for each day, every",
        "mechanism's DAY steps in registry (day) order, then the day's record.",
        '"""',
        "",
        "# ruff: noqa",
        "from __future__ import annotations",
        "",
        "from engine import layout as L",
        "from engine.core.jit import driver, kernel",
    ]
    for module, name, _ in day_steps:
        out.append(f"from {module} import {name} as {module.split('.')[-2]}__{name}")
    out += ["", ""] + _record(outputs) + ["", ""]
    out += [
        "@driver",
        "def run_runs(w, first, stop, n_days):",
        '    """Advance runs ``first`` to ``stop - 1`` (int64) of World ``w`` by up to ``n_days``',
        "    days each (a run stops once ended).",
        "",
        "    The one compiled driver: engine.core.simulate.run_days calls it for all runs, or from",
        "    a few Python threads on blocks of runs (it releases the GIL). A day is every",
        "    mechanism's DAY steps in registry (day) order, then the day's record, called",
        "    straight from the loop: a ``step_day`` function in between would pass every per-run",
        "    array (several hundred machine words) on every day; a second driver with ``prange``",
        "    would compile every kernel again (Numba re-optimises all it links in). A step whose",
        "    body opens with ``if <condition>: return`` is called only when the condition is",
        "    false (engine.core.codegen.guard): a switched-off mechanism costs a comparison, not",
        '    a call handing over its arrays."""',
        "    for r in range(first, stop):",
        "        seed = w.seed[r]",
        "        record_every = w.record_every[0]",
    ]
    for a in args:
        k = kinds[a]
        out.append(f"        {a} = w.{a}[r]" if k == "run" else f"        {a} = w.{a}[r : r + 1]"
                   if k == "cell" else f"        {a} = w.{a}")
    out += [
        "        days = w.day[r : r + 1]",
        "        for _ in range(n_days):",
        "            if glob[L.G_ENDED] > 0.0:",
        "                break",
        "            day = days[0]",
    ]
    for module, name, params in day_steps:
        out += step_call(module, name, params, " " * 12)
    out += [
        "            if record_every > 0 and day % record_every == 0:",
        "                record(day, record_every, glob, state, front, series_state, series_front,",
        "                       series_global)",
        "            days[0] = day + 1",
        "",
    ]
    return "\n".join(out)


def current_source() -> str:
    from engine import layout as L
    from engine.core.registry import active_mechanisms

    return source(active_mechanisms(), list(L.ARRAYS), list(L.OUTPUTS))


def target() -> Path:
    """Where the day module for the active registry lives (a scratch folder for a test's
    extended registry, so the checked-in file always matches the built-in one)."""
    extra = os.environ.get("WARSIM_GENERATED_DIR")
    return Path(extra) / "warsim_day.py" if extra else DAY_FILE


def ensure_current() -> Path:
    """Rewrite the day module when the declarations changed; return its path."""
    path = target()
    text = current_source()
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    return path


DOCS_FILE = Path(__file__).resolve().parents[2] / "docs" / "columns.md"


def columns_markdown() -> str:
    """docs/columns.md: every block's columns, every array and every output, from the
    declarations (tests/test_columns.py checks the file is current)."""
    from engine import layout as L

    out = ["# Columns, arrays and outputs", "",
           "GENERATED by `python -m engine.core.codegen` from the mechanisms' declarations",
           "(`engine/mechanisms/<name>/columns.py` and `outputs.py`); docs/architecture.md",
           "explains them. Constant: the name kernels use (`engine.layout`).", ""]
    for block in BLOCKS:
        cols = L.COLUMNS.get(block.name, [])
        out += [f"## `{block.name}` ({block.doc})", "", "| constant | unit | owner | description |",
                "|---|---|---|---|"]
        out += [f"| `{block.prefix}{c.name.upper()}` | {c.unit} | {c.owner} | {c.description} |"
                for c in cols]
        out.append("")
    out += ["## Arrays", "", "| field | dtype | shape | owner | description |", "|---|---|---|---|---|"]
    out += [f"| `{a.name}` | {a.dtype} | {a.shape} | {a.owner} | {a.description} |" for a in L.ARRAYS]
    out += ["", "## Outputs (series)", "",
            "| constant | per | states | unit | label | owner | written |", "|---|---|---|---|---|---|---|"]
    prefix = {"state": "SS_", "run": "SG_", "front": "SF_"}
    out += [f"| `{prefix[o.per]}{o.name.upper()}` | {o.per} | {o.states} | {o.unit} | {o.label} | "
            f"{o.owner} | {'yes' if o.written else 'no'} |" for o in L.OUTPUTS]
    from engine.outputs import outputs_markdown  # every reported name (series and results)

    out += ["", *outputs_markdown()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(ensure_current())
    DOCS_FILE.write_text(columns_markdown())
    print(DOCS_FILE)
