"""The plain-Mesa peer and the outputs both sides must agree on.

``CollectingReferenceModel`` is :class:`engine.reference.model.ReferenceModel`
with the one thing ``mesa.batch_run`` needs, a ``DataCollector``, reporting the
same final outputs the engine's batch writes (territory change and casualties
per state, outcome). It collects after every step, as idiomatic Mesa models do and as
``batch_run`` assumes (it indexes the collected rows by step number, even for
``data_collection_period=-1``); the reporters are plain attribute reads, a few
microseconds a day against the model's own step.
"""

from __future__ import annotations

import math

import mesa

from engine import layout as L
from engine.reference.model import ReferenceModel
from engine.results import outcome_name


def reference_outputs(model: ReferenceModel) -> dict[str, float | str]:
    """Final outputs of a reference run: ``territory_change_km2_<S>``, ``casualties_<S>``, ``outcome``."""
    out: dict[str, float | str] = {}
    for st in model.state_list:
        out[f"territory_change_km2_{st.code}"] = float(st.territory)
        out[f"casualties_{st.code}"] = float(st.casualties)
    out["outcome"] = outcome_name(model.outcome)
    return out


def world_outputs(w, structure, r: int = 0) -> dict[str, float | str]:
    """The same outputs read from run ``r`` of a stepped World."""
    out: dict[str, float | str] = {}
    for i, code in enumerate(structure.states):
        out[f"territory_change_km2_{code}"] = float(w.state[r, i, L.S_TERRITORY])
        out[f"casualties_{code}"] = float(w.state[r, i, L.S_CASUALTIES])
    out["outcome"] = outcome_name(w.glob[r, L.G_OUTCOME])
    return out


def assert_same_outputs(a: dict, b: dict, what: str, rtol: float = 1e-9) -> None:
    """Raise ``AssertionError`` unless two output dicts agree (numbers to ``rtol``)."""
    if set(a) != set(b):
        raise AssertionError(f"{what}: different outputs {sorted(set(a) ^ set(b))}")
    for key, va in a.items():
        vb = b[key]
        if isinstance(va, str) or isinstance(vb, str):
            ok = va == vb
        else:
            ok = math.isclose(va, vb, rel_tol=rtol, abs_tol=1e-9)
        if not ok:
            raise AssertionError(f"{what}: {key} differs: {va!r} vs {vb!r}")


class CollectingReferenceModel(ReferenceModel):
    """ReferenceModel plus a DataCollector of its final outputs (for ``mesa.batch_run``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reporters = {}
        for i, st in enumerate(self.state_list):
            reporters[f"territory_change_km2_{st.code}"] = _state_reader(i, "territory")
            reporters[f"casualties_{st.code}"] = _state_reader(i, "casualties")
        reporters["outcome"] = lambda m: outcome_name(m.outcome)
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    def step(self) -> None:
        if not self.running:
            return
        super().step()
        self.datacollector.collect(self)


def _state_reader(i: int, attribute: str):
    return lambda m: float(getattr(m.state_list[i], attribute))
