"""Scenarios inherit the calibrated posterior unless they set a coefficient with a source.

``warsim calibrate`` writes ``posterior.toml`` next to its Parquet posterior: per fitted
coefficient (a dotted scenario path) the weighted posterior median and 5-95% interval,
with the commit it was fitted at, the priors' hash and the talks model it is for. Once a
real fit is adopted it is copied to :data:`POSTERIOR_FILE` (``scenarios/episodes/
posterior.toml``); none is committed while the talks of issue 13 are being rebuilt.

The rule (:func:`inherits`): a scenario keeps its own value for a coefficient when it
gives it as ``{value = ..., source = "..."}`` with a source of its own; it inherits the
posterior median when it leaves the coefficient out or marks the source
``PLACEHOLDER...`` or ``posterior...`` (the episode files' and the clean backtest's way
of saying "the calibration's value"). A number with no source at all on a fitted
coefficient is refused (a ``ScenarioError`` naming the field; :func:`unsourced`): replacing a value
the user wrote would be a silent coercion, and keeping it would let an unsourced number
beat the fit. ``--set`` overrides come after inheritance and win over both.

Inheritance is an override layer on the raw scenario dict (:func:`inherit`), applied by
:func:`apply_posterior` before the scenario is validated; it does not import the
scenario loader, so the loader can call it. This module never reads outcomes.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.core.schema import ScenarioError
from engine.errors import UsageError

# Same folder as engine.analysis.episodes.EPISODE_DIR, without importing the scenario loader.
POSTERIOR_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "episodes" / "posterior.toml"
INHERIT_MARKS = ("PLACEHOLDER", "posterior")


class PosteriorError(UsageError, ValueError):
    """A posterior summary file is malformed; one line per problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SummaryMeta(_Strict):
    talks_model: str
    commit: str
    priors_sha256: str
    fitted: str
    status: str = Field(description="e.g. 'quick test fit, not for use' or 'adopted'")
    episodes: list[str]


class CoefficientSummary(_Strict):
    median: float
    q05: float
    q95: float


class PosteriorSummary(_Strict):
    meta: SummaryMeta
    coefficients: dict[str, CoefficientSummary]

    def source_note(self) -> str:
        m = self.meta
        return (
            f"posterior median, warsim calibrate at {m.commit[:12]} (priors {m.priors_sha256[:12]}, "
            f"{len(m.episodes)} episodes, {m.talks_model}; {m.status})"
        )


def inherits(entry: Any, parent: dict | None = None) -> bool:
    """True when a scenario's raw value does not override the posterior with its own source.

    Parameters
    ----------
    entry : any
        The raw TOML value at the coefficient's path (``None`` when absent).
    parent : dict, optional
        The table holding it. A bare number inside a table that carries its own source
        (a distribution ``{ centre = ..., spread = ..., source = "..." }``: the path
        ``...cost.centre``) is sourced by that table's note.
    """
    if entry is not None and not isinstance(entry, dict) and isinstance(parent, dict):
        return _marked(parent.get("source"))
    if entry is None or not isinstance(entry, dict):
        return True
    return _marked(entry.get("source"))


def unsourced(entry: Any, parent: dict) -> bool:
    """True when a scenario writes a number at a fitted path with no source at all.

    A bare number (outside a sourced table) or a ``{value = ...}`` table without a
    ``source``; an empty source counts as none.
    """
    if entry is None:
        return False
    if not isinstance(entry, dict):
        return "source" not in parent
    source = entry.get("source")
    return not (isinstance(source, str) and source.strip())


def _marked(source: Any) -> bool:
    """A source note that leaves the value to the posterior (none, empty, or marked)."""
    if not isinstance(source, str) or not source.strip():
        return True
    return source.strip().startswith(INHERIT_MARKS)


def _lookup(raw: dict, path: str) -> tuple[dict | None, str, Any]:
    """(parent table, last key, value) of a dotted path; parent None when a table is missing."""
    node: Any = raw
    parts = path.split(".")
    for part in parts[:-1]:
        if not isinstance(node, dict) or part not in node:
            return None, parts[-1], None
        node = node[part]
    if not isinstance(node, dict):
        return None, parts[-1], None
    return node, parts[-1], node.get(parts[-1])


def source_of(raw: dict, path: str) -> str | None:
    """The source note a scenario gives the value at ``path`` (None when it gives none)."""
    _, _, entry = _lookup(raw, path)
    if isinstance(entry, dict) and isinstance(entry.get("source"), str):
        return entry["source"]
    return None


def inherit(raw: dict, summary: PosteriorSummary, origin: str = "<scenario>") -> tuple[dict, list[str]]:
    """Write the posterior medians into a raw scenario where it has no sourced value of its own.

    Parameters
    ----------
    raw : dict
        A scenario file parsed from TOML (not modified).
    summary : PosteriorSummary
        The posterior to inherit.
    origin : str
        The scenario's file, for the error line.

    Returns
    -------
    (dict, list of str)
        A copy of ``raw`` with inherited values as ``{value, source}`` (the source names
        the fit), and the paths inherited. A path whose table the scenario lacks (e.g. a
        scenario without ``[talks]``) is left alone.
    """
    out = copy.deepcopy(raw)
    applied = []
    note = summary.source_note()
    for path, coef in summary.coefficients.items():
        parent, key, entry = _lookup(out, path)
        if parent is None:
            continue
        if unsourced(entry, parent):
            entry = entry.get("value") if isinstance(entry, dict) else entry
            raise ScenarioError(origin, [(path, (
                f"a calibrated coefficient given without a source ({entry!r}); override "
                f"the posterior with {{ value = {entry!r}, source = \"...\" }}, or leave it out to "
                f"inherit the posterior median {coef.median:.4g}"))])
        if not inherits(entry, parent):
            continue
        if "source" in parent and not isinstance(entry, dict):
            # a number inside a sourced table (a distribution's centre): the table's note
            # is the number's, so it names the fit
            parent[key] = coef.median
            parent["source"] = note
        else:
            parent[key] = {"value": coef.median, "source": note}
        applied.append(path)
    return out, applied


def load_summary(path: str | Path = POSTERIOR_FILE) -> PosteriorSummary:
    """Read a posterior summary file (PosteriorError naming the field when malformed)."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PosteriorError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PosteriorError(f"{path}: cannot read: {exc}") from None
    try:
        return PosteriorSummary.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"{path}: {loc}: {err['msg'].removeprefix('Value error, ')}")
        raise PosteriorError(*lines) from None


ENV = "WARSIM_POSTERIOR"


def posterior_path() -> Path | None:
    """The posterior summary scenarios inherit: ``$WARSIM_POSTERIOR`` or the adopted file.

    ``WARSIM_POSTERIOR`` names a summary file (for example a fit's ``posterior.toml``
    before it is adopted), or ``none`` to inherit nothing; a named file that is missing
    is an error. Without it, :data:`POSTERIOR_FILE` when it exists, else None.
    """
    env = os.environ.get(ENV, "").strip()
    if env:
        if env.lower() == "none":
            return None
        p = Path(env)
        if not p.is_file():
            raise PosteriorError(f"{ENV}={env}: posterior summary file not found")
        return p
    return POSTERIOR_FILE if POSTERIOR_FILE.exists() else None


def apply_posterior(raw: dict, path: str | Path | None = None, origin: str = "<scenario>") -> dict:
    """The loader's hook: ``raw`` with the posterior inherited (unchanged if none).

    Parameters
    ----------
    raw : dict
        A scenario file parsed from TOML.
    path : path, optional
        Posterior summary to inherit (default :func:`posterior_path`: ``$WARSIM_POSTERIOR``
        or the adopted :data:`POSTERIOR_FILE`; none adopted means ``raw`` is returned as
        is). A named file that is missing or malformed raises :class:`PosteriorError`.
    origin : str
        The scenario's file, for the error line of a fitted coefficient without a source.
    """
    target = Path(path) if path is not None else posterior_path()
    if target is None:
        return raw
    return inherit(raw, load_summary(target), origin)[0]


def write_summary(path: str | Path, summary: PosteriorSummary) -> None:
    """Write a posterior summary as TOML (the format :func:`load_summary` reads)."""
    m = summary.meta
    lines = [
        "# Posterior summary written by `warsim calibrate` (engine/analysis/posterior.py).",
        "# Scenarios inherit `median` for every coefficient they do not set with a source",
        "# of their own, once this file is adopted as scenarios/episodes/posterior.toml.",
        "",
        "[meta]",
        f"talks_model = {_q(m.talks_model)}",
        f"commit = {_q(m.commit)}",
        f"priors_sha256 = {_q(m.priors_sha256)}",
        f"fitted = {_q(m.fitted)}",
        f"status = {_q(m.status)}",
        "episodes = [" + ", ".join(_q(e) for e in m.episodes) + "]",
        "",
        "[coefficients]",
    ]
    for p, c in summary.coefficients.items():
        lines.append(f'"{p}" = {{ median = {c.median!r}, q05 = {c.q05!r}, q95 = {c.q95!r} }}')
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
