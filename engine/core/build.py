"""What every mechanism's ``build.py`` receives: the scenarios, the names behind the
indices, and the World's arrays as they are being built.

A mechanism's ``build.py`` may define:

``signature(scenario) -> tuple``
    the structure all runs of one World must share (checked for every run);
``build(ctx)``
    fill its columns of the pre-allocated blocks (``ctx.arrays["state"]`` ...) and add
    the arrays it declares in ``columns.ARRAYS`` (``ctx.arrays["sanctions"] = ...``);
``init(world)``
    finish once the World exists (a day-0 snapshot computed by its kernels).

Hooks run in registry (day) order, so a mechanism can read what earlier ones built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class BuildContext:
    """The runs being built. ``scenarios[r]`` is run r's (validated) scenario."""

    scenarios: list
    codes: list[str]  # state codes, in row order
    fids: list[str]  # front ids, in row order
    days: int
    record_every: int
    n_records: int
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def s0(self):
        """The first run's scenario (its structure is every run's)."""
        return self.scenarios[0]

    @property
    def n_runs(self) -> int:
        return len(self.scenarios)

    @property
    def idx(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.codes)}

    @property
    def fidx(self) -> dict[str, int]:
        return {f: i for i, f in enumerate(self.fids)}

    def per_scenario(self, make):
        """``make(s)`` once per distinct scenario object, in run order (design points repeat)."""
        cache: dict[int, object] = {}
        out = []
        for s in self.scenarios:
            if id(s) not in cache:
                cache[id(s)] = make(s)
            out.append(cache[id(s)])
        return out
