"""Columns declared once: every column of every World block, and every output series.

A mechanism declares, in its ``columns.py``, the columns it owns in each block
(``COLUMNS = {"state": (Column(...), ...), ...}``) and, in its ``outputs.py``, the
series it records (``OUTPUTS = (Output(...), ...)``). :mod:`engine.core.registry`
collects them in day order; everything else is derived from these declarations:

- the kernels' column constants (``engine.layout.S_RESERVE`` ...): module-level
  ints that Numba freezes, numbered in registry order, no gaps;
- the twin comparison (tests/twin.py compares every column of every dynamic block
  with the plain-Python reference model through ``Column.twin``);
- reporters and charts (``Column.label``/``Output.label``), the series written to
  Parquet and shown by the dashboard (:data:`engine.layout.OUTPUTS`), and the
  column tables in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of a World block.

    name : snake_case, unique in its block; the constant is ``PREFIX + NAME``.
    unit : physical unit (``people``, ``km2``, ``$bn/year``, ``0..1``, ``-``).
    description : what the number is, in the model's words.
    twin : how the plain-Python reference model exposes the same number on the
        block's twin object (a state agent, a front agent, the model, an envoy): an
        attribute path (``"talks.gap"``), a function of the object, or "" for the
        attribute called ``name``. None: not compared (parameter blocks only).
    label : chart label (default: the name in words).
    owner : the mechanism that declares it (set by the registry).
    """

    name: str
    unit: str
    description: str
    twin: str | Callable[[Any], float] | None = ""
    label: str = ""
    owner: str = ""

    @property
    def chart_label(self) -> str:
        text = self.label or self.name.replace("_", " ").capitalize()
        return text if self.unit in ("-", "") else f"{text} ({self.unit})"

    def twin_value(self, obj) -> float:
        """The twin's value of this column on ``obj`` (the block's row object)."""
        if callable(self.twin):
            return float(self.twin(obj))
        value = obj
        for part in (self.twin or self.name).split("."):
            value = getattr(value, part)
        return float(value)


@dataclass(frozen=True)
class Block:
    """A float64 (or int64) block of the World whose last axis is named columns.

    name : World field (``state``); prefix : constant prefix (``S_``);
    dynamic : the day changes it (its columns must all have a twin);
    rows : what a row is (``state``, ``front``, ``run``, ``envoy``), for docs and twins.
    """

    name: str
    prefix: str
    rows: str
    dynamic: bool
    doc: str
    width: str


# The World's column blocks, in documentation order. Per-state blocks have rows
# indexed like scenario.states, per-front blocks like scenario.fronts.
BLOCKS = (
    Block("state", "S_", "state", True, "float64[R, N, N_STATE]: each state's dynamic record", "N_STATE"),
    Block(
        "state_param",
        "SP_",
        "state",
        False,
        "float64[R, N, N_STATE_PARAM]: per-state parameters",
        "N_STATE_PARAM",
    ),
    Block(
        "econ_param",
        "EP_",
        "state",
        False,
        "float64[R, N, N_ECON_PARAM]: per-state economy and politics parameters",
        "N_ECON_PARAM",
    ),
    Block("front", "F_", "front", True, "float64[R, F, N_FRONT]: each sector's dynamic record", "N_FRONT"),
    Block(
        "front_param",
        "FP_",
        "front",
        False,
        "float64[R, F, N_FRONT_PARAM]: per-sector parameters",
        "N_FRONT_PARAM",
    ),
    Block("glob", "G_", "run", True, "float64[R, N_GLOBAL]: run-level dynamic record", "N_GLOBAL"),
    Block(
        "glob_param",
        "GP_",
        "run",
        False,
        "float64[R, N_GLOBAL_PARAM]: run-level parameters",
        "N_GLOBAL_PARAM",
    ),
    Block(
        "econ_glob_param",
        "EG_",
        "run",
        False,
        "float64[R, N_ECON_GLOB_PARAM]: run-level economy parameters",
        "N_ECON_GLOB_PARAM",
    ),
    Block(
        "talks_param",
        "TP_",
        "run",
        False,
        "float64[R, N_TALKS_PARAM]: talks, beliefs and ceasefire parameters",
        "N_TALKS_PARAM",
    ),
    Block(
        "talks_roles",
        "TR_",
        "run",
        False,
        "int64[N_TALKS_ROLES]: who plays which part in the talks (shared)",
        "N_TALKS_ROLES",
    ),
    Block("envoy", "EN_", "envoy", True, "float64[R, E, N_ENVOY]: each envoy's dynamic record", "N_ENVOY"),
    Block(
        "envoy_param",
        "ENP_",
        "envoy",
        False,
        "float64[R, E, N_ENVOY_PARAM]: per-envoy parameters",
        "N_ENVOY_PARAM",
    ),
)
BLOCK_BY_NAME = {b.name: b for b in BLOCKS}


@dataclass(frozen=True)
class Array:
    """A World field that is not a column block (matrices, index lists, the log).

    name : World field; dtype, shape : e.g. ``float64``, ``"R, N, N"`` (R runs, N
    states, F fronts, K issues, E envoys, NE events ...; no R: shared by all runs);
    twin : for a field the day changes, a function of the reference model giving
    ``{index tuple (without the run axis): value}`` for every entry it holds; None
    for fields the day never writes (``dynamic=False``) or that are compared
    elsewhere. owner : set by the registry.
    """

    name: str
    dtype: str
    shape: str
    description: str
    dynamic: bool = False
    twin: Callable[[Any], dict] | None = None
    owner: str = ""

    @property
    def per_run(self) -> bool:
        return self.shape.split(",")[0].strip() == "R"


@dataclass(frozen=True)
class Output:
    """One recorded series: what ``--series``, ``series.parquet`` and the dashboard show.

    name : series column name (per-state series get ``_<STATE>`` appended, per-front
        series ``_<front>``); unit, label : for charts; per : ``state``, ``front`` or
        ``run``; states : which states carry it (``belligerent``: belligerents only,
        ``economy``: states with a modelled economy, ``all``); source : the value
        recorded, a Numba expression over the run's ``state`` (row ``i``), ``front``
        (row ``f``) or ``glob`` arrays and the ``L`` constants (the day's record
        kernel is generated from these, engine/core/codegen.py); written : False
        for a series recorded in the World but not written to files; owner : set by
        the registry.
    """

    name: str
    unit: str
    label: str
    source: str
    per: str = "run"
    states: str = "all"
    description: str = ""
    written: bool = True
    owner: str = ""

    @property
    def chart_label(self) -> str:
        return self.label if self.unit in ("-", "") else f"{self.label} ({self.unit})"


@dataclass(frozen=True)
class Result:
    """One per-run result: a column of a batch's ``runs/`` files and/or a key of the
    ``warsim run --json`` object (also ``summary.json`` and ``WarModel.summary()``).

    name : what it is called in docs and tables; unit, label : for charts and tables;
    description : what the number is, in the model's words;
    column : the runs-file column, with ``{state}``, ``{target}`` (a state code),
        ``{front}`` (a sector id) or ``{issue}`` (an issue key) where the name carries
        one (``"territory_change_km2_{state}"``); "" where it is not a column;
    json : the dotted path of the key in the run's JSON object, with the same
        placeholders (``"fronts.{front}.depth_km"``); "" where it is not a key;
    owner : the mechanism that writes the number (set by the registry).
    """

    name: str
    unit: str
    label: str
    description: str = ""
    column: str = ""
    json: str = ""
    owner: str = ""

    @property
    def chart_label(self) -> str:
        return self.label if self.unit in ("-", "") else f"{self.label} ({self.unit})"


@dataclass
class Layout:
    """Every block's columns in order, with their constants (built by the registry)."""

    columns: dict[str, list[Column]] = field(default_factory=dict)
    arrays: list[Array] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    # ``EV_*`` / ``STREAM_*`` name -> (code, owner), from the mechanisms' columns.py
    events: dict[str, tuple[int, str]] = field(default_factory=dict)
    streams: dict[str, tuple[int, str]] = field(default_factory=dict)

    def constants(self) -> dict[str, int]:
        """``PREFIX + NAME`` -> column index and ``N_<BLOCK>`` -> width, per block; the
        declared event kinds (``EV_*``) and random streams (``STREAM_*``)."""
        out: dict[str, int] = {}
        for table in (self.events, self.streams):
            out.update({name: code for name, (code, _owner) in table.items()})
        for block in BLOCKS:
            cols = self.columns.get(block.name, [])
            for j, c in enumerate(cols):
                key = block.prefix + c.name.upper()
                if key in out:
                    raise ValueError(f"column {block.name}.{c.name} declared twice")
                out[key] = j
            out[block.width] = len(cols)
        per = {"state": "SS_", "run": "SG_", "front": "SF_"}
        counts = dict.fromkeys(per.values(), 0)
        for o in self.outputs:
            prefix = per[o.per]
            out[prefix + o.name.upper()] = counts[prefix]
            counts[prefix] += 1
        out["N_SERIES_STATE"] = counts["SS_"]
        out["N_SERIES_GLOBAL"] = counts["SG_"]
        out["N_SERIES_FRONT"] = counts["SF_"]
        if counts["SF_"] > 1:
            raise ValueError("series_front holds one per-front series (the depth)")
        return out
