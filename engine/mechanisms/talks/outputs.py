"""The talks' recorded series (kept in the World for the reason and the live view, not
written to files).

Declared once here: engine.layout numbers them (``SS_*`` per state, ``SG_*`` per
run, ``SF_*`` per front), the series files and the dashboard list them from
:data:`engine.layout.OUTPUTS`.
"""

from __future__ import annotations

from engine.core.columns import Output, Result

OUTPUTS = (
    Output(
        "batna", "utility", "BATNA", "state[i, L.S_BATNA]", per="state", states="belligerent", written=False
    ),
    Output(
        "draft_utility",
        "utility",
        "Utility of the draft",
        "state[i, L.S_DRAFT_UTILITY]",
        per="state",
        states="belligerent",
        written=False,
    ),
    Output(
        "ripe", "-", "Ripe for a deal", "state[i, L.S_RIPE]", per="state", states="belligerent", written=False
    ),
    Output("talks_progress", "0..1", "Talks progress", "glob[L.G_TALKS_PROGRESS]", written=False),
    Output("talks_status", "-", "Talks status", "glob[L.G_TALKS_STATUS]", written=False),
    Output("draft_version", "-", "Draft version", "glob[L.G_DRAFT_VERSION]", written=False),
    Output(
        "freeze_point", "-", "Territory issue at the current line", "glob[L.G_FREEZE_POINT]", written=False
    ),
    Output("gap", "utility", "Gap to a deal", "glob[L.G_GAP]", written=False),
    Output("pressure_level", "-", "Mediator's escalation", "glob[L.G_PRESSURE_LEVEL]", written=False),
)

# Per-run results: the runs-file columns and ``warsim run --json`` keys (results.py).
_COUNTERS = (
    ("rounds", "rounds", "Rounds of talks"),
    ("meetings", "meetings", "Envoy meetings"),
    ("leaks", "leaks", "Draft leaks"),
    ("deadlines_missed", "deadlines", "Deadlines missed"),
    ("draft_versions", "drafts", "Draft versions"),
    ("breakdowns", "breakdowns", "Breakdowns"),
    ("signings", "signings", "Signings"),
    ("ratifications_failed", "ratifications", "Failed ratifications"),
    ("violations", "violations", "Ceasefire violations"),
    ("relapses", "relapses", "Ceasefire collapses"),
)
RESULTS = (
    *(
        Result(
            f"talks_{k}", unit, label, f"{label.lower()} over the run", column=f"talks_{k}", json=f"talks.{k}"
        )
        for k, unit, label in _COUNTERS
    ),
    Result(
        "talks_status",
        "-",
        "Talks status",
        "off, active, suspended, signed or ceasefire",
        json="talks.status",
    ),
    Result(
        "talks_progress",
        "0..1",
        "Talks progress",
        "talks progress at the end",
        column="talks_progress",
        json="talks.progress",
    ),
    Result(
        "freeze_point",
        "issue scale",
        "Territory issue at the line",
        "territory issue value of the line",
        json="talks.freeze_point",
    ),
    Result(
        "draft",
        "issue scale",
        "Draft",
        "the draft's value on each issue at the end",
        json="talks.draft.{issue}",
    ),
    Result("batna", "utility", "BATNA", "value of fighting on at the end", json="talks.batna.{state}"),
    Result(
        "draft_utility",
        "utility",
        "Utility of the draft",
        "utility of the draft at the end",
        json="talks.draft_utility.{state}",
    ),
    Result(
        "term",
        "issue scale",
        "Signed term",
        "value of the last signed deal per issue (NaN/null: none)",
        column="term_{issue}",
        json="terms.{issue}",
    ),
)
