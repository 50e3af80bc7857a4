"""The registry: the mechanisms in day order, and the layout derived from their declarations.

Adding a mechanism is one folder under ``engine/mechanisms/`` and one line in
:data:`MECHANISMS` (docs/architecture.md says what the folder holds). The
registry imports only each mechanism's declarations (``columns.py``,
``outputs.py``), never its kernels, so engine.layout can be built from it
without import cycles.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, replace
from types import ModuleType

from engine.core.columns import BLOCK_BY_NAME, Array, Column, Layout, Output, Result
from engine.core.run import ARRAYS as RUN_ARRAYS
from engine.core.run import COLUMNS as RUN_COLUMNS
from engine.core.run import RESULTS as RUN_RESULTS

# Day order (docs/model.md, "One day"): each day runs the mechanisms in this order.
MECHANISMS = (
    "events", "front", "economy", "politics", "beliefs", "talks", "talks_game", "ceasefire"
)
PACKAGE = "engine.mechanisms"


@dataclass(frozen=True)
class Mechanism:
    """A mechanism's declarations: its columns per block, its output series and its
    per-run results (``outputs.py``: ``OUTPUTS`` and, optionally, ``RESULTS``)."""

    name: str
    package: str
    columns: dict[str, tuple[Column, ...]]
    arrays: tuple[Array, ...]
    outputs: tuple[Output, ...]
    results: tuple[Result, ...] = ()
    events: tuple[tuple[str, int], ...] = ()  # (``EV_*`` name, code): kinds it logs
    streams: tuple[tuple[str, int], ...] = ()  # (``STREAM_*`` name, id): streams it draws

    def module(self, part: str) -> ModuleType:
        """One of its modules (``kernel``, ``reference``, ``build``, ``schema`` ...)."""
        return importlib.import_module(f"{self.package}.{part}")


def load(name: str, package: str = PACKAGE) -> Mechanism:
    """Read a mechanism's ``columns.py`` and ``outputs.py`` (``name`` may be a full dotted
    package path, for a mechanism that lives outside engine/mechanisms)."""
    base = name if "." in name else f"{package}.{name}"
    declared = importlib.import_module(f"{base}.columns")
    declared_outputs = importlib.import_module(f"{base}.outputs")
    outputs = declared_outputs.OUTPUTS
    results = tuple(getattr(declared_outputs, "RESULTS", ()))
    for block in declared.COLUMNS:
        if block not in BLOCK_BY_NAME:
            raise ValueError(f"{base}.columns: unknown block {block!r}")
    arrays = tuple(getattr(declared, "ARRAYS", ()))
    events = tuple(getattr(declared, "EVENTS", {}).items())
    streams = tuple(getattr(declared, "STREAMS", {}).items())
    return Mechanism(base.rsplit(".", 1)[-1], base, declared.COLUMNS, arrays, tuple(outputs), results,
                     events, streams)


def _claim(table: dict[str, tuple[int, str]], name: str, code: int, owner: str, prefix: str) -> None:
    """Add ``name = code`` for ``owner``; a name or a code two mechanisms declare is refused."""
    if not name.startswith(prefix):
        raise ValueError(f"{owner}.columns: {name!r} must start with {prefix}")
    taken = {c: (n, o) for n, (c, o) in table.items()}
    if name in table or code in taken:
        other = table[name][1] if name in table else taken[code][1]
        raise ValueError(f"{owner}.columns: {name} = {code} is declared by {other} too")
    table[name] = (code, owner)


def mechanisms(names=MECHANISMS, package: str = PACKAGE) -> list[Mechanism]:
    """The registered mechanisms, in day order."""
    return [load(n, package) for n in names]


def build_layout(mechs: list[Mechanism]) -> Layout:
    """Every block's columns (the run's own first, then each mechanism's in day order)
    and every output series, each tagged with its owner."""
    layout = Layout()
    sources = [("core", RUN_COLUMNS, RUN_ARRAYS, (), RUN_RESULTS)]
    sources += [(m.name, m.columns, m.arrays, m.outputs, m.results) for m in mechs]
    for owner, columns, arrays, outputs, results in sources:
        for block, cols in columns.items():
            layout.columns.setdefault(block, []).extend(replace(c, owner=owner) for c in cols)
        layout.arrays.extend(replace(a, owner=owner) for a in arrays)
        layout.outputs.extend(replace(o, owner=owner) for o in outputs)
        layout.results.extend(replace(r, owner=owner) for r in results)
    for m in mechs:
        for name, code in m.events:
            _claim(layout.events, name, code, m.name, "EV_")
        for name, code in m.streams:
            _claim(layout.streams, name, code, m.name, "STREAM_")
    return layout


def active_mechanisms() -> list[Mechanism]:
    """The registered mechanisms, plus any named (dotted packages, comma-separated) in
    ``WARSIM_EXTRA_MECHANISMS``: how tests/test_architecture.py runs a mechanism that is
    not in the tree through the generic machinery, in a process of its own."""
    extra = [n.strip() for n in os.environ.get("WARSIM_EXTRA_MECHANISMS", "").split(",") if n.strip()]
    return mechanisms(tuple(MECHANISMS) + tuple(extra))


LAYOUT = build_layout(active_mechanisms())
