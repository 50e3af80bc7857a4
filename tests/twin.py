"""Compare the kernels with the plain-Python reference model day by day."""

from __future__ import annotations

import numpy as np

from engine import layout as L
from engine.reference.model import ReferenceModel
from engine.simulate import run_days
from engine.world import build_world

STATE_FIELDS = {
    "reserve": L.S_RESERVE,
    "committed": L.S_COMMITTED,
    "fire_stock": L.S_FIRE_STOCK,
    "morale": L.S_MORALE,
    "casualties": L.S_CASUALTIES,
    "territory": L.S_TERRITORY,
}
FRONT_FIELDS = {
    "attacker_troops": L.F_ATTACKER_TROOPS,
    "defender_troops": L.F_DEFENDER_TROOPS,
    "depth": L.F_DEPTH,
}


def assert_twin_agrees(scenario, seed: int, days: int, rtol: float = 1e-9) -> None:
    """Step kernel and reference model together; fail on the first divergence."""
    w, _ = build_world(scenario, [seed], days=days)
    m = ReferenceModel(scenario, seed=seed, days=days)
    for day in range(days):
        run_days(w, 1, parallel=False)
        m.step()
        for i, st in enumerate(m.state_list):
            for name, col in STATE_FIELDS.items():
                _close(w.state[0, i, col], getattr(st, name), rtol, f"day {day} {st.code}.{name}")
        for f, fr in enumerate(m.front_list):
            for name, col in FRONT_FIELDS.items():
                _close(w.front[0, f, col], getattr(fr, name), rtol, f"day {day} {fr.fid}.{name}")
        assert w.glob[0, L.G_ENDED] == float(m.ended), f"day {day}: ended"
    got = [tuple(r) for r in w.log[0, : w.log_count[0]]]
    want = [tuple(float(x) for x in r) for r in m.event_records]
    assert len(got) == len(want)
    for g, e in zip(got, want, strict=True):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=1e-9)


def _close(a: float, b: float, rtol: float, what: str) -> None:
    assert abs(a - b) <= rtol * max(abs(a), abs(b), 1.0), f"{what}: kernel {a!r} twin {b!r}"
