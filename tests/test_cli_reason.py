"""The one-line reason `warsim run` gives for a run's outcome, checked against the run itself."""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from engine.cli.reason import _since
from tests.conftest import run_cli


def run_json(*args: str) -> dict:
    res = run_cli("run", "ukraine_2025", "--json", *args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_since_finds_the_last_unbroken_stretch():
    days = np.arange(6) * 2
    assert _since(np.array([1, 0, 1, 1, 1, 1], bool), days) == 4
    assert _since(np.array([1, 1, 1], bool), days[:3]) == 0
    assert _since(np.array([1, 1, 0], bool), days[:3]) is None


def test_no_deal_reason_quotes_the_runs_own_utilities_and_batnas():
    res = run_json("--seed", "1", "--set", "talks.model=redlines")  # the red-line talks' reason
    assert res["outcome"] == "no_deal"
    reason, talks = res["reason"], res["talks"]
    assert reason.startswith("no deal: ")
    refusing = [c for c in talks["batna"] if f"{c} refused the draft" in reason]
    assert refusing, reason
    for c in talks["batna"]:
        u, b = talks["draft_utility"][c], talks["batna"][c]
        if c in refusing:
            assert u < b and f"its utility {u:.3f} below its BATNA {b:.3f}" in reason
        else:
            assert f"{c} {u:.3f} vs {b:.3f}" in reason
    if talks["status"] != "active":
        assert f"talks {talks['status']}" in reason


def test_ceasefire_reasons_match_the_event_log(tmp_path):
    res = run_json("--seed", "1", "--set", "us_pressure=1.0", "--set", "russian_resolve=0.2",
                   "--set", "talks.model=redlines")
    assert res["outcome"] == "ceasefire_holding", res["reason"]
    cf = res["ceasefire_day"]
    assert res["reason"].startswith(f"ceasefire from day {cf}: ")
    assert f"held {res['days'] - cf} days" in res["reason"]

    # seed 89: the first of seeds 1-200 whose red-line talks sign a ceasefire that then
    # collapses (model version 2; found by search, python: outcome == ceasefire_collapsed)
    out = tmp_path / "run89"
    human = run_cli("run", "ukraine_2025", "--seed", "89", "--set", "talks.model=redlines",
                    "--out", str(out))
    assert human.returncode == 0, human.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["outcome"] == "ceasefire_collapsed"
    assert f"why: {summary['reason']}" in human.stdout.splitlines()
    events = pl.read_parquet(out / "events.parquet")
    relapse = events.filter(pl.col("kind") == "relapse").row(-1, named=True)
    signed = events.filter((pl.col("kind") == "signed") & (pl.col("day") <= summary["ceasefire_day"]))
    assert f"broke down on day {relapse['day']} after {relapse['value']:.0f} days" in summary["reason"]
    assert f"signed on day {signed['day'][-1]}" in summary["reason"]


def test_collapse_reason_names_the_state_day_and_morale():
    res = run_json("--set", "states.UKR.collapse_morale=0.9", "--days", "50")
    assert res["outcome"] == "collapse" and res["collapsed_state"] == "UKR"
    assert res["reason"] == (f"collapse: on day {res['days'] - 1} UKR's army breaks "
                             f"(morale {res['morale']['UKR']:.2f})")
