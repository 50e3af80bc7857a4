"""Rubinstein (1982): alternating offers give the first proposer (1 - d2) / (1 - d1 d2)."""

from __future__ import annotations

import json

import pytest

from engine.core.simulate import run_days
from engine.reference.model import ReferenceModel
from engine.results import summary
from engine.scenario import load_scenario
from engine.world import build_world
from tests.conftest import run_cli


def share(d1: float, d2: float) -> float:
    return (1.0 - d2) / (1.0 - d1 * d2)


@pytest.mark.parametrize(
    ("d1", "d2"), [(0.9, 0.9), (0.8, 0.7), (0.95, 0.6), (0.5, 0.99), (0.99, 0.98)]
)
def test_first_proposer_gets_rubinstein_share(d1, d2):
    s = load_scenario(
        "rubinstein", {"states.A.bargaining.discount": d1, "states.B.bargaining.discount": d2}
    )
    w, st = build_world(s, [1])
    run_days(w, s.scenario.days)
    out = summary(w, st)
    assert out["outcome"] == "ceasefire_holding" and out["ceasefire_day"] == 0
    assert out["terms"]["share"] == pytest.approx(share(d1, d2), rel=0.01)
    m = ReferenceModel(s, seed=1)
    m.step()
    assert m.talks.terms["share"] == pytest.approx(w.terms[0, 0], rel=1e-12)


def test_discounts_settable_from_the_command_line():
    res = run_cli(
        "run", "rubinstein", "--json",
        "--set", "states.A.bargaining.discount=0.8", "--set", "states.B.bargaining.discount=0.7",
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["terms"]["share"] == pytest.approx(share(0.8, 0.7), rel=0.01)


def test_more_patient_responder_gets_more():
    shares = []
    for d2 in (0.5, 0.8, 0.95):
        s = load_scenario("rubinstein", {"states.B.bargaining.discount": d2})
        w, _ = build_world(s, [1])
        run_days(w, 1)
        shares.append(w.terms[0, 0])
    assert shares[0] > shares[1] > shares[2]
