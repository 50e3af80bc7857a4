"""Every reported output by its exact name: series and per-run results, from the declarations.

The mechanisms declare what they report once (``engine/mechanisms/<name>/outputs.py``:
``OUTPUTS``, the recorded series; ``RESULTS``, the per-run results), collected in
:data:`engine.layout.OUTPUTS` and :data:`engine.layout.RESULTS`. This module expands
those declarations into the exact names one scenario's files carry, so the model's
reporters, the dashboard, the CLI's JSON and the docs all read the same thing:

- a per-state series ``troops`` is the column ``troops_<STATE>``, a per-front one
  ``depth_km_<front>``, a run-level one its name (``series.parquet``, batch series,
  WarModel's model reporters);
- a result's ``column`` and ``json`` templates are filled in with the scenario's
  state codes, front ids and issue keys (runs files, ``warsim run --json``).

:func:`outputs_markdown` is the table in docs/columns.md ("Reported outputs"),
regenerated with it by ``python -m engine.core.codegen`` and checked by
tests/test_columns.py.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from engine import layout as L
from engine.core.columns import BLOCK_BY_NAME, Output, Result

PLACES = ("state", "target", "front", "issue")
"""Placeholders a template may carry: ``{state}``/``{target}`` a state code,
``{front}`` a front id, ``{issue}`` an issue key."""


@dataclass(frozen=True)
class Named:
    """One exact reported name and its declaration.

    name : the exact name (``troops_RUS``, ``fronts.pokrovsk.depth_km``);
    decl : the :class:`~engine.core.columns.Output` or :class:`~engine.core.columns.Result`;
    about : the state code, front id or issue key the name carries (None: run-level;
        for a state pair, ``"SENDER_TARGET"``).
    """

    name: str
    decl: Output | Result
    about: str | None = None

    @property
    def unit(self) -> str:
        return self.decl.unit

    @property
    def label(self) -> str:
        return self.decl.label

    @property
    def owner(self) -> str:
        return self.decl.owner


def series_template(o: Output) -> str:
    """The column name of a series with its placeholder: ``troops_{state}``, ``depth_km_{front}``."""
    return {"state": f"{o.name}_{{state}}", "front": f"{o.name}_{{front}}"}.get(o.per, o.name)


def fill(
    template: str, states: Sequence[str] = (), fronts: Sequence[str] = (), issues: Sequence[str] = ()
) -> list[tuple[str, str | None]]:
    """Every ``(name, about)`` a template names for one scenario's states, fronts and issues."""
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    if not fields:
        return [(template, None)]
    unknown = set(fields) - set(PLACES)
    if unknown:
        raise ValueError(f"{template!r}: unknown placeholder(s) {sorted(unknown)}")
    values = {"state": states, "target": states, "front": fronts, "issue": issues}
    out = []
    for combo in itertools.product(*(values[f] for f in fields)):
        out.append((template.format(**dict(zip(fields, combo, strict=True))), "_".join(combo)))
    return out


def series_names(
    states: Sequence[str] = (), fronts: Sequence[str] = (), written_only: bool = True
) -> dict[str, Named]:
    """Exact series column -> its declaration, in declaration order (all states: a file
    carries a per-state series only on the states it is declared for)."""
    out: dict[str, Named] = {}
    for o in L.OUTPUTS:
        if written_only and not o.written:
            continue
        for name, about in fill(series_template(o), states, fronts):
            out[name] = Named(name, o, about)
    return out


def result_names(
    where: str, states: Sequence[str] = (), fronts: Sequence[str] = (), issues: Sequence[str] = ()
) -> dict[str, Named]:
    """Exact runs-file column (``where="column"``) or JSON path (``where="json"``) -> declaration."""
    out: dict[str, Named] = {}
    for r in L.RESULTS:
        template = getattr(r, where)
        if template:
            for name, about in fill(template, states, fronts, issues):
                out[name] = Named(name, r, about)
    return out


def json_leaves(obj: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    """``(dotted path, value)`` of every leaf of a JSON object (lists are leaves)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from json_leaves(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, obj


def is_number(v: Any) -> bool:
    return (
        isinstance(v, (int, float))
        and not isinstance(v, bool)
        and not (isinstance(v, float) and math.isnan(v))
    )


def undeclared_json(
    obj: dict, states: Sequence[str], fronts: Sequence[str], issues: Sequence[str]
) -> list[str]:
    """Paths of a ``warsim run --json`` object with no declaration (should be empty).

    A null leaf is declared when some declared path starts with it (``terms`` is null
    when nothing was signed; ``terms.{issue}`` is declared)."""
    table = result_names("json", states, fronts, issues)
    bad = []
    for path, v in json_leaves(obj):
        if path in table:
            continue
        if v is None and any(n.startswith(path + ".") for n in table):
            continue
        bad.append(path)
    return bad


# ---------------------------------------------------------------- docs
def _doc(template: str) -> str:
    return (
        template.replace("{state}", "<STATE>")
        .replace("{target}", "<TARGET>")
        .replace("{front}", "<front>")
        .replace("{issue}", "<issue>")
    )


_BLOCK = {"state": "state", "front": "front", "glob": "glob"}


def source_description(o: Output) -> str:
    """An output's description: its own, else that of the one column its source reads
    (``state[i, L.S_BATNA]``), else its source expression."""
    if o.description:
        return o.description
    m = re.fullmatch(r"(state|front|glob)\[(?:[if], )?L\.([A-Z0-9_]+)\]", o.source.strip())
    if m:
        block = BLOCK_BY_NAME[_BLOCK[m.group(1)]]
        for c in L.COLUMNS.get(block.name, []):
            if block.prefix + c.name.upper() == m.group(2):
                return c.description
    return f"`{o.source}`"


def outputs_markdown() -> list[str]:
    """The "Reported outputs" section of docs/columns.md: every name a run reports."""
    out = [
        "## Reported outputs",
        "",
        "Every name a run reports, with its unit, label and owner (the mechanism that",
        "writes it): the series (`series.parquet`, a batch's `series/`, WarModel's model",
        "reporters; `OUTPUTS` in each `outputs.py`) and the per-run results (a batch's",
        "`runs/` columns and the keys of `warsim run --json`; `RESULTS`). `<STATE>` and",
        "`<TARGET>` stand for state codes, `<front>` for a sector id, `<issue>` for an issue key.",
        "",
        "### Series (one value per recorded day)",
        "",
        "| name | unit | label | owner | states | in files | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in L.OUTPUTS:
        desc = o.description or source_description(o)
        states = o.states if o.per == "state" else o.per
        out.append(
            f"| `{_doc(series_template(o))}` | {o.unit} | {o.label} | {o.owner} | {states} | "
            f"{'yes' if o.written else 'no (model reporter only)'} | {desc.replace('|', '/')} |"
        )
    out += [
        "",
        "### Per-run results (one value per run)",
        "",
        "| name | runs column | `run --json` key | unit | label | owner | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in L.RESULTS:
        col = f"`{_doc(r.column)}`" if r.column else "-"
        key = f"`{_doc(r.json)}`" if r.json else "-"
        out.append(f"| {r.name} | {col} | {key} | {r.unit} | {r.label} | {r.owner} | {r.description} |")
    return out
