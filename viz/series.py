"""Every series the dashboard draws: its exact name, label, unit and panel, in one place.

Charts never pick series by a fragment of their name. Each entry below names a
model reporter (``WarModel.datacollector``) or a dataset column (``runs`` or
``series`` of a batch) exactly, with ``{state}`` standing for a belligerent's
code and ``{issue}`` for an issue key, both filled in from the scenario; a
name that matches no entry is not drawn and is listed by :func:`undeclared`
(tests check there is none).

This table stands in for the engine's own column declarations (name, unit,
label and owning mechanism) until those land; then :func:`declared` should read
them instead and this table goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SeriesSpec:
    """One reported series.

    Attributes
    ----------
    template : str
        Exact name, with ``{state}`` (belligerent code) or ``{issue}`` (issue key)
        where the name carries one.
    label : str
        What it is, in words (axis and legend).
    unit : str
        Its unit as shown on the axis (``km²``, ``people``, ``$/bbl``, ``0-1``).
    panel : str
        The live page's panel that draws it (``""``: none).
    owner : str
        The mechanism that writes it (battle, economy, politics, talks).
    """

    template: str
    label: str
    unit: str
    panel: str = ""
    owner: str = ""

    @property
    def axis_title(self) -> str:
        return f"{self.label} ({self.unit})"


# ---------------------------------------------------------------- live panels (titles, in page order)
WAR_PANELS = ("Ground gained since the start", "Casualties", "Army morale")
ECONOMY_PANELS = (
    "GDP growth",
    "War support",
    "Sanctions bite",
    "Economic pain",
    "Oil price",
    "Market indices",
    "Bond price",
)
TALKS_PANEL = "Draft utility against BATNA"

# ---------------------------------------------------------------- model reporters (engine/model.py)
REPORTERS: tuple[SeriesSpec, ...] = (
    SeriesSpec("territory_km2_{state}", "ground gained", "km²", WAR_PANELS[0], "battle"),
    SeriesSpec("casualties_{state}", "killed and wounded", "people", WAR_PANELS[1], "battle"),
    SeriesSpec("morale_{state}", "army morale", "0-1", WAR_PANELS[2], "battle"),
    SeriesSpec("gdp_growth_pct_{state}", "GDP growth, annualised", "% a year", ECONOMY_PANELS[0], "economy"),
    SeriesSpec("war_support_{state}", "public backing the war", "share, 0-1", ECONOMY_PANELS[1], "politics"),
    SeriesSpec("sanctions_bite_{state}", "sanctions bite", "0-1", ECONOMY_PANELS[2], "economy"),
    SeriesSpec("economic_pain_{state}", "economic pain", "0-1", ECONOMY_PANELS[3], "economy"),
    SeriesSpec("oil_price", "Brent oil price", "$/bbl", ECONOMY_PANELS[4], "economy"),
    SeriesSpec(
        "defence_index", "European defence equities", "index, start = 100", ECONOMY_PANELS[5], "economy"
    ),
    SeriesSpec(
        "reconstruction_index", "reconstruction equities", "index, start = 100", ECONOMY_PANELS[5], "economy"
    ),
    SeriesSpec("bond_price", "supported belligerent's bonds", "cents per $", ECONOMY_PANELS[6], "economy"),
    SeriesSpec("batna_{state}", "BATNA (value of fighting on)", "utility", TALKS_PANEL, "talks"),
    SeriesSpec("draft_utility_{state}", "draft utility", "utility", TALKS_PANEL, "talks"),
    SeriesSpec("draft_{issue}", "draft", "issue scale, 0-1", "", "talks"),
    SeriesSpec("talks_progress", "talks progress", "0-1", "", "talks"),
    SeriesSpec("ceasefire", "ceasefire holds", "1 yes, 0 no", "", "talks"),
    SeriesSpec("day", "day", "days since the start", "", "model"),
)

# ---------------------------------------------------------------- batch series columns (engine/export.py)
SERIES_COLUMNS: tuple[SeriesSpec, ...] = (  # the explorer's fan chart offers them in this order
    SeriesSpec("territory_km2_{state}", "ground gained", "km²", owner="battle"),
    SeriesSpec("troops_{state}", "troops in theatre", "people", owner="battle"),
    SeriesSpec("casualties_{state}", "killed and wounded", "people", owner="battle"),
    SeriesSpec("fire_stock_{state}", "firepower stockpile", "shell-equivalents", owner="battle"),
    SeriesSpec("morale_{state}", "army morale", "0-1", owner="battle"),
    SeriesSpec("war_support_{state}", "public backing the war", "share, 0-1", owner="politics"),
    SeriesSpec("depth_km_{front}", "depth advanced", "km", owner="battle"),
    SeriesSpec("ceasefire", "ceasefire holds", "1 yes, 0 no", owner="talks"),
    SeriesSpec("gdp_index_{state}", "GDP", "index, start = 100", owner="economy"),
    SeriesSpec("growth_pct_{state}", "GDP growth, annualised", "% a year", owner="economy"),
    SeriesSpec("economic_pain_{state}", "economic pain", "0-1", owner="economy"),
    SeriesSpec("oil_revenue_bn_{state}", "oil export revenue", "$bn a year", owner="economy"),
    SeriesSpec("fiscal_buffer_bn_{state}", "fiscal buffer", "$bn", owner="economy"),
    SeriesSpec("sanctions_bite_{state}", "sanctions bite", "0-1", owner="economy"),
    SeriesSpec("oil_price", "Brent oil price", "$/bbl", owner="economy"),
    SeriesSpec("defence_index", "European defence equities", "index, start = 100", owner="economy"),
    SeriesSpec("reconstruction_index", "reconstruction equities", "index, start = 100", owner="economy"),
    SeriesSpec("bond_price", "supported belligerent's bonds", "cents per $", owner="economy"),
    SeriesSpec("settlement_odds", "market odds of a settlement", "0-1", owner="economy"),
    SeriesSpec("sanctions_relief", "sanctions relief priced in", "0-1", owner="economy"),
)

# ---------------------------------------------------------------- per-run columns used by the explorer
RUN_COLUMNS: tuple[SeriesSpec, ...] = (
    SeriesSpec("term_{issue}", "signed term", "issue scale, 0-1", owner="talks"),
    SeriesSpec("ceasefire_day", "ceasefire day", "day", owner="talks"),
    SeriesSpec("territory_change_km2_{state}", "ground gained", "km²", owner="battle"),
    SeriesSpec("casualties_{state}", "killed and wounded", "people", owner="battle"),
)


def declared(
    specs: tuple[SeriesSpec, ...],
    states: list[str] | tuple[str, ...] = (),
    issues: list[str] | tuple[str, ...] = (),
    fronts: list[str] | tuple[str, ...] = (),
) -> dict[str, tuple[SeriesSpec, str | None]]:
    """Exact name -> (spec, the state, issue or front it is about, or None), for one scenario.

    Parameters
    ----------
    specs : tuple of SeriesSpec
        :data:`REPORTERS`, :data:`SERIES_COLUMNS` or :data:`RUN_COLUMNS`.
    states, issues, fronts : sequences of str
        The belligerents' codes, the issue keys and the front ids of the scenario.
    """
    out: dict[str, tuple[SeriesSpec, str | None]] = {}
    for s in specs:
        if "{state}" in s.template:
            out.update({s.template.format(state=c): (s, c) for c in states})
        elif "{issue}" in s.template:
            out.update({s.template.format(issue=k): (s, k) for k in issues})
        elif "{front}" in s.template:
            out.update({s.template.format(front=f): (s, f) for f in fronts})
        else:
            out[s.template] = (s, None)
    return out


def for_model(model) -> dict[str, tuple[SeriesSpec, str | None]]:
    """:func:`declared` for a WarModel's reporters (its belligerents and issues)."""
    st = model.structure
    states = [c for c in st.states if model.scenario.states[c].role == "belligerent"]
    return declared(REPORTERS, states, list(model.scenario.issues), list(st.fronts))


def for_scenario_names(
    specs: tuple[SeriesSpec, ...], columns: list[str], states: list[str], issues: list[str], fronts: list[str]
) -> dict[str, tuple[SeriesSpec, str | None]]:
    """The declared entries among ``columns`` (dataset columns), in column order."""
    table = declared(specs, states, issues, fronts)
    return {c: table[c] for c in columns if c in table}


def undeclared(names: list[str], table: dict[str, Any]) -> list[str]:
    """Names with no declaration (drawn nowhere): should be empty."""
    return [n for n in names if n not in table]
