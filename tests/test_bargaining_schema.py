"""The standalone ``[bargaining]`` table: sourced numbers, the type grid, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining.build import build, game, grid


def raw(**over) -> dict:
    base = {
        "issues": ["territory", "guarantees"],
        "sides": {
            "A": {"discount": {"value": 0.999, "source": "a year's discounting, judgement"},
                  "strength": {"centre": 0.1, "spread": 0.2, "source": "force ratio"},
                  "strength_levels": 3, "cost_levels": 2,
                  "cost": {"centre": 0.002, "spread": 0.001},
                  "reserve": {"territory": {"centre": 0.3, "spread": 0.1}}},
            "B": {},
        },
    }
    base.update(over)
    return base


def test_type_grid_from_centre_and_spread():
    run = build(game(raw()), seed=5)
    z, w = grid(3)
    assert w.sum() == pytest.approx(1.0) and z[1] == pytest.approx(0.0)
    # A: 3 strength x 2 cost nodes; B has one type, padded with weight 0
    assert run.types.shape == (C.NTY, 2, 6)
    assert run.types[C.TY_STRENGTH, 0] == pytest.approx(0.1 + 0.2 * np.repeat(z, 2))
    assert run.types[C.TY_COST, 0, :2] == pytest.approx([0.001, 0.003])
    assert run.reserve[0, :, 0] == pytest.approx(0.3 + 0.1 * np.repeat(z, 2))
    assert run.types[C.TY_FLOOR, 0] == pytest.approx(run.reserve[0].max(axis=1))
    assert run.types[C.TY_POP, 0].sum() == pytest.approx(1.0)
    assert run.types[C.TY_POP, 1].tolist() == [1.0, 0, 0, 0, 0, 0]
    assert run.types[C.TY_PRIOR].sum(axis=1) == pytest.approx([1.0, 1.0])


def test_true_types_are_drawn_per_seed_from_the_distribution():
    g = game(raw())
    drawn = np.array([build(g, seed=s).ipar[C.I_TYPE_A] for s in range(600)])
    freq = np.bincount(drawn, minlength=6) / len(drawn)
    expect = build(g).types[C.TY_POP, 0]
    assert np.abs(freq - expect).max() < 0.06
    assert build(g, seed=3).ipar[C.I_TYPE_A] == build(g, seed=3).ipar[C.I_TYPE_A]


def test_optimism_tilts_the_prior_towards_a_weaker_other():
    r = raw()
    r["sides"]["B"] = {"optimism": 1.0}
    run = build(game(r))
    prior = run.types[C.TY_PRIOR, 1]  # B's prior over A's types
    weak = prior[:2].sum()
    strong = prior[4:].sum()
    assert weak > run.types[C.TY_POP, 0, :2].sum() and strong < run.types[C.TY_POP, 0, 4:].sum()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sides": {"A": {"reserve": {"oil": {"centre": 0.1}}}, "B": {}}}, "reserve"),
        ({"sides": {"A": {"type": 3}, "B": {}}}, "type"),
        ({"sides": {"A": {}}}, "sides"),
        ({"sides": {"A": {"discount": 1.0}, "B": {}}}, "discount"),
        ({"informativeness": 1.5}, "informativeness"),
    ],
)
def test_bad_input_names_the_field(change, field):
    with pytest.raises(ValidationError) as err:
        game(raw(**change))
    assert field in str(err.value)


def test_negative_cost_on_the_grid_is_refused():
    r = raw()
    r["sides"]["A"]["cost"] = {"centre": 0.001, "spread": 0.002}
    with pytest.raises(ValueError, match="sides.A.cost"):
        build(game(r))
