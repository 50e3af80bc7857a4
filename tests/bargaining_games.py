"""Games the bargaining checks play (tests/test_bargaining_*.py)."""

from __future__ import annotations

import copy

import numpy as np

from engine.mechanisms.bargaining import columns as C
from engine.mechanisms.bargaining import kernel as K
from engine.mechanisms.bargaining import reference as R
from engine.mechanisms.bargaining.build import Run, build, game


def rubinstein(d1: float, d2: float, first: str = "A") -> dict:
    """Complete information, no war costs, no decisive end: pure alternating offers."""
    side = {"cost": {"centre": 0.0}, "strength": {"centre": 0.0}}
    return {
        "days": 3, "tremble": 0.0, "hazard": 0.0, "first": first,
        "sides": {"A": {**side, "discount": d1}, "B": {**side, "discount": d2}},
    }


def screening(q_weak: float, c_weak: float = 0.3, c_strong: float = 0.05) -> dict:
    """One-sided private information (Fearon 1995): A makes a take-it-or-leave-it offer
    (h = 1: a refusal means a war decided that day) to B, which is weak (cost
    ``c_weak``) with A's prior ``q_weak``, else strong (cost ``c_strong``)."""
    centre = 0.5 * (c_weak + c_strong)
    spread = 0.5 * (c_weak - c_strong)
    # two cost nodes, z = -1 (strong, low cost) and z = +1 (weak, high cost); A's
    # prior is tilted to q_weak with optimism = -atanh-like tilt: exp(-o z) weights
    return {
        "days": 2, "tremble": 0.0, "hazard": 1.0, "proposer": "fixed",
        "sides": {
            "A": {"discount": 0.95, "cost": {"centre": 0.1}},
            "B": {"discount": 0.95, "cost": {"centre": centre, "spread": spread},
                  "cost_levels": 2},
        },
        "_q_weak": q_weak,
    }


def mutual_optimism(kappa: float, days: int = 730, tremble: float = 0.5) -> dict:
    """Both sides strong, each convinced the other is probably weak (Blainey 1973;
    Smith and Stam 2004): no bargaining range until battles correct the beliefs.

    ``tremble = 0.5`` makes offers and refusals cheap talk (a refusal is as likely from
    any type), so battles are the only channel of learning (Slantchev 2003)."""
    side = {
        "discount": 0.999, "strength": {"centre": 0.0, "spread": 0.8}, "strength_levels": 2,
        "cost": {"centre": 0.0005}, "optimism": 2.0, "type": 1,
    }
    return {
        "days": days, "tremble": tremble, "hazard": 0.005, "informativeness": kappa,
        "max_sweeps": 500,
        "sides": {"A": dict(side), "B": dict(side)},
    }


def commitment(shift: float, guarantee: float, shift_sd: float = 0.0) -> dict:
    """Complete information, even strength, costly war (a bargaining range exists);
    a deal lets B gain ``shift`` of win probability within 30 days (Powell 2006)."""
    side = {"discount": 0.999, "cost": {"centre": 0.001}}
    return {
        "days": 400, "tremble": 0.0, "hazard": 0.01,
        "sides": {"A": dict(side), "B": dict(side)},
        "commitment": {"shift": shift, "shift_sd": shift_sd, "shift_days": 30,
                       "guarantee": guarantee},
    }


def prepared(raw: dict, seed: int | None = None) -> Run:
    raw = dict(raw)
    q = raw.pop("_q_weak", None)
    run = build(game(raw), seed)
    if q is not None:
        # A's prior over B's two types: index 0 = strong (z = -1), 1 = weak (z = +1)
        run.types[C.TY_PRIOR, 0, :] = [1.0 - q, q]
        run.vals[C.V_BELIEF, 0, :] = [1.0 - q, q]
    return run


def play(run: Run) -> int:
    return int(K.play(*run.arrays()))


def play_twin(run: Run) -> tuple[int, tuple]:
    lists = R.to_lists(copy.deepcopy(run.arrays()))
    return R.play(*lists), lists


def arrays_of(lists: tuple) -> list[np.ndarray]:
    return [np.asarray(a, dtype=float) for a in lists]
