"""The probe mechanism's section of the scenario file: ``[fatigue]``, composed into the
scenario by engine.scenario from this folder alone."""

from __future__ import annotations

from pydantic import Field

from engine.core.schema import Num, _Strict, num


class Fatigue(_Strict):
    """War fatigue's one parameter."""

    rate: Num = num(0.0, 100.0, default=2.0, description="fatigue per unit of daily loss rate")


SECTIONS = {"fatigue": (Fatigue, Field(default_factory=Fatigue))}


def problems(s) -> list[tuple[str, str]]:
    """A check that needs the rest of the scenario: fatigue needs belligerents with troops."""
    if s.fatigue.rate > 0.0 and not any(st.troops > 0.0 for st in s.states.values()):
        return [("fatigue.rate", "no state has troops to tire")]
    return []
