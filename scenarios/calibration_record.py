"""Write docs/calibration.md: every calibrated number of the Ukraine scenarios and episodes, and its source.

Usage::

    python -m scenarios.calibration_record            # rewrite docs/calibration.md
    python -m scenarios.calibration_record --check    # exit 1 if a calibrated number has no source

A number counts as calibrated unless it is design (scenario meta, lever ranges),
geometry read off maps (contact-line points, bearings, capitals' and towns'
coordinates, town depths and populations: their sources are the notes at the
top of each file's fronts section) or an event's own value (each event carries
its own ``source``).

Each scenario is listed as the loader reads it: a talks coefficient that the file
leaves to the calibration (no source of its own, or one marked ``PLACEHOLDER`` or
``posterior``; engine/analysis/posterior.py) shows the adopted posterior's median
(``scenarios/episodes/posterior.toml``) with the source note the loader gives it,
and is listed as fitted, naming the commit of the fit.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from engine.analysis.episodes import scenario_paths
from engine.analysis.posterior import POSTERIOR_FILE, PosteriorSummary, inherit, load_summary
from engine.scenario import SCENARIO_DIR, collect_sources, read_raw

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("ukraine_2025", "ukraine_2025_backtest", "ukraine_2025_backtest_clean")
# hand-written sections appended to the record (issue 14: the plan for calibrating the talks)
HAND_WRITTEN = (ROOT / "docs" / "calibration_plan.md",)
NOT_CALIBRATED = [
    r"^scenario\.",
    r"^levers\.",
    r"\.line\.",
    r"\.settlements\.",
    r"\.bearing_deg$",
    r"\.capital_(lon|lat)$",
    r"^events\.",
    r"^hazards\.\d+\.value$",
]
# the note engine.analysis.posterior gives an inherited value (PosteriorSummary.source_note)
FITTED_NOTE = re.compile(r"^posterior median, warsim calibrate at ([0-9a-f]+)")
# the kinds of number in an episode file, in the order the record lists them
KINDS = (
    "fitted",
    "library rule",
    "library setting",
    "sourced fact",
    "judgement",
    "case setting",
    "not fitted (red-line talks placeholder)",
    "not fitted (in a fitted table)",
    "MISSING",
)


def is_calibrated(path: str) -> bool:
    return not any(re.search(p, path) for p in NOT_CALIBRATED)


def adopted_posterior() -> PosteriorSummary | None:
    """The adopted posterior summary (``scenarios/episodes/posterior.toml``), or None.

    The record documents the repository, so ``$WARSIM_POSTERIOR`` is not read here.
    """
    return load_summary(POSTERIOR_FILE) if POSTERIOR_FILE.exists() else None


def fitted_by(source: str | None) -> str | None:
    """The commit (12 hex) named by a posterior-inherited source note, else None."""
    m = FITTED_NOTE.match(source or "")
    return m.group(1) if m else None


def method_of(source: str | None, path: str = "", fitted: frozenset[str] = frozenset()) -> str:
    """How a number of a Ukraine scenario was set, read off its source note.

    ``fitted`` holds the paths the adopted posterior fits; a number that only shares a
    fitted table's note (a distribution's spread next to its fitted centre) is not fitted.
    """
    if not source:
        return "MISSING"
    commit = fitted_by(source)
    if commit is not None:
        if path in fitted:
            return f"fitted (posterior median, warsim calibrate at {commit})"
        return "fixed, not fitted (shares a fitted table's note)"
    low = source.lower()
    if low.startswith("fitted"):
        return "fitted by script"
    if low.startswith("placeholder"):
        return "placeholder (not fitted)"
    if low.startswith("posterior"):
        return "left to the posterior (none adopted: the file's prior median)"
    if "judgement" in low or "judgment" in low:
        return "by hand (judgement)"
    if "estimate" in low:
        return "estimated from the cited fact"
    return "from the cited fact"


def kind_of(source: str | None, path: str, fitted: frozenset[str]) -> str:
    """The kind of an episode number (one of :data:`KINDS`), read off its source note.

    The episode files mark their notes by the rules of docs/episodes.md: ``library
    rule`` (a number derived the same way in every war), ``library setting`` (one
    value for every war, as is ``structure from ukraine_2025``, the reference's value), ``case
    setting`` (a per-war judgement of the talks' setting),
    ``judgement``, and ``PLACEHOLDER`` (left to the calibration); any other note cites
    the record. A placeholder the adopted posterior fits is inherited and listed as
    fitted; the placeholders left are the red-line talks' coefficients, which no fit
    covers (the adopted fit is of the bargaining game).
    """
    if not source:
        return "MISSING"
    if fitted_by(source) is not None:
        return "fitted" if path in fitted else "not fitted (in a fitted table)"
    # an old value kept in a note for comparison is not what the number is
    low = source.lower().split("not read, for comparison only")[0]
    if low.startswith(("placeholder", "posterior")):
        return "not fitted (red-line talks placeholder)"
    if "library rule" in low:
        return "library rule"
    if "library setting" in low or low.startswith("structure from"):
        # the reference scenario's structure value, the same in every war
        return "library setting"
    if low.startswith("case setting"):
        return "case setting"
    if "judgement" in low or "judgment" in low:
        return "judgement"
    return "sourced fact"


def records_of(path: Path, summary: PosteriorSummary | None) -> list[tuple[str, object, str | None]]:
    """Every calibrated number of a scenario file as the loader reads it (posterior inherited)."""
    raw = read_raw(path)
    if summary is not None:
        raw = inherit(raw, summary, str(path))[0]
    return [r for r in collect_sources(raw) if is_calibrated(r[0])]


def records(name: str) -> list[tuple[str, object, str | None]]:
    return records_of(SCENARIO_DIR / f"{name}.toml", adopted_posterior())


def _cell(v: object) -> str:
    return f"{v:g}" if isinstance(v, int | float) else str(v)


def _events(raw: dict, name: str) -> list[str]:
    events = raw.get("events", [])
    if not events:
        return []
    lines = ["", f"### Scheduled events of {name}", "", "| date | kind | target | value | source |",
             "|---|---|---|---|---|"]
    for e in events:
        src = str(e.get("source", "")).replace("|", "/") or "**no source**"
        val = e.get("value")
        val = val.get("value") if isinstance(val, dict) else val
        lines.append(f"| {e.get('date')} | {e.get('kind')} | {e.get('target')} | {val} | {src} |")
    return lines


def episode_section(summary: PosteriorSummary | None) -> list[str]:
    """The episode library's numbers, one section per episode, grouped by kind."""
    fitted = frozenset(summary.coefficients) if summary else frozenset()
    fit_line = (
        f"The fitted values are the adopted posterior's medians (`scenarios/episodes/posterior.toml`, "
        f"`warsim calibrate` at {summary.meta.commit[:12]}), which an episode inherits when "
        "loaded by path; they are the bargaining game's coefficients, played with "
        "`--set talks.model=bargaining` as the fit plays them (the files' own `[talks]` "
        "model is the red-line talks). `warsim calibrate` itself loads the files as coded."
        if summary else
        "No posterior is adopted: the coefficients left to the calibration keep their prior medians."
    )
    lines = [
        "", "## The episode library (issue 14)", "",
        "Every calibrated number of each episode file (`scenarios/episodes/`, docs/episodes.md),",
        "by kind: **fitted** (inherited from the posterior), **library rule** (derived the same",
        "way in every war), **library setting** (one value for every war), **sourced fact**",
        "(cites the record: facts, estimates and arithmetic on them), **judgement**, **case",
        "setting** (a per-war judgement of the talks' setting), and numbers that no fit",
        "covers: the red-line talks' placeholders, and a fitted table's fixed member (the",
        "cost type's spread). A note that begins `structure from ukraine_2025` is the reference",
        "scenario's value used in every war (a library setting); battle rates once counted",
        "over a war's own length (attrition, morale sensitivity, breakthrough hazard, growth)",
        "are such settings now, their old values kept in the notes for comparison only.",
        "",
        fit_line,
        "",
        "| episode | " + " | ".join(k for k in KINDS if k != "MISSING") + " |",
        "|---" * len(KINDS) + "|",
    ]
    bodies = []
    for name, path in scenario_paths().items():
        recs = records_of(path, summary)
        kinds = [kind_of(src, p, fitted) for p, _, src in recs]
        lines.append(f"| {name} | " + " | ".join(str(kinds.count(k)) for k in KINDS if k != "MISSING") + " |")
        body = ["", f"### {name}", "", f"{len(recs)} calibrated numbers.", "",
                "| parameter | value | kind | source |", "|---|---|---|---|"]
        order = sorted(range(len(recs)), key=lambda j: KINDS.index(kinds[j]))
        for j in order:
            p, v, src = recs[j]
            text = (src or "**no source**").replace("|", "/")
            body.append(f"| `{p}` | {_cell(v)} | {kinds[j]} | {text} |")
        bodies += body + _events(read_raw(path), name)
    return lines + bodies


def render() -> str:
    summary = adopted_posterior()
    fitted = frozenset(summary.coefficients) if summary else frozenset()
    lines = [
        "# Calibration record",
        "",
        "Generated by `python -m scenarios.calibration_record` from the scenario files: every",
        "calibrated number, its value, the fact and source it came from (the `source` note",
        "in the file), and how it was set. Fitted numbers name their script; the battlefield",
        "fit is `python -m scenarios.calibrate --fit` (talks off, 200 seeds, 2024 targets).",
        "A talks coefficient a file leaves to the calibration across episodes is listed as the",
        "loader reads it: the adopted posterior's median (`scenarios/episodes/posterior.toml`),",
        "marked fitted with the commit of the `warsim calibrate` run.",
        "",
        "Rule (backtest): parameters are calibrated on facts dated up to 2024-12-31 plus",
        "2025's *inputs* (scheduled events, policies, initial conditions). What happened",
        "during 2025 is the test, never a target. (U) marks an uncertain or estimated",
        "figure, (D) one derived by arithmetic.",
        "",
        "Not listed as calibrated: scenario meta and lever ranges (design), geometry read",
        "off maps (contact-line points, bearings, coordinates, town depths; sourced in each",
        "file's notes above its fronts), and scheduled events (each carries its own source).",
    ]
    for name in SCENARIOS:
        path = SCENARIO_DIR / f"{name}.toml"
        if not path.exists():
            continue
        recs = records_of(path, summary)
        lines += ["", f"## {name}", "", f"{len(recs)} calibrated numbers.", "",
                  "| parameter | value | how | source |", "|---|---|---|---|"]
        for p, v, src in recs:
            text = (src or "**no source**").replace("|", "/")
            lines.append(f"| `{p}` | {_cell(v)} | {method_of(src, p, fitted)} | {text} |")
        lines += _events(read_raw(path), name)
    lines += episode_section(summary)
    for extra in HAND_WRITTEN:
        if extra.exists():
            lines += ["", extra.read_text().rstrip()]
    return "\n".join(lines) + "\n"


def missing() -> list[str]:
    """Every calibrated number or scheduled event without a source, as 'file: path'."""
    summary = adopted_posterior()
    files = {n: SCENARIO_DIR / f"{n}.toml" for n in SCENARIOS}
    files.update({f"episodes/{n}": p for n, p in scenario_paths().items()})
    out = []
    for name, path in files.items():
        if path.exists():
            out += [f"{name}: {p}" for p, _, src in records_of(path, summary) if not src]
            raw = read_raw(path)
            out += [f"{name}: events.{j}" for j, e in enumerate(raw.get("events", []))
                    if not e.get("source")]
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true")
    a = p.parse_args(argv)
    gaps = missing()
    if a.check:
        for g in gaps:
            print(f"no source: {g}")
        return 1 if gaps else 0
    (ROOT / "docs" / "calibration.md").write_text(render())
    print(f"wrote docs/calibration.md ({len(gaps)} numbers without a source)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
