"""What the dashboard draws, read from the engine's declarations; here only where it goes.

Every series and per-run column is declared once, by the mechanism that writes it
(``engine/mechanisms/<name>/outputs.py``: ``OUTPUTS`` and ``RESULTS``; the names,
units, labels and owners are listed in docs/columns.md). This module turns those
declarations into :class:`SeriesSpec` entries for the charts and keeps the one
presentation choice that is the dashboard's own: which live panel draws which
declared series (:data:`PANELS`, keyed by exact declared names). Charts never pick
series by a fragment of their name; a name that matches no declaration is not drawn
and is listed by :func:`undeclared` (tests check there is none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import layout as L
from engine.core.columns import Output, Result
from engine.outputs import series_template

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

# The talks as the bargaining game (talks.model = "bargaining") replace the red-line
# talks' panel: the game's daily record is its ``game_trace`` array (engine/mechanisms/
# talks_game/columns.py; one column per constant T_* of engine.mechanisms.bargaining.
# columns). Which trace columns each game chart draws, per side A and B, and the declared
# per-side result (talks_game/outputs.py, ``game_{side}_{key}``) whose label and unit the
# chart uses; ``""``: no declared result, the label given here (exact names; tests check).
GAME_PANELS = ("Belief in the other's type", "Offers against public positions")
GAME_TRACE: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    # (key of the declared per-side result, trace column of A, of B, label and unit
    # where there is no declared result)
    GAME_PANELS[0]: (
        ("belief_other_true_type", "T_BELIEF_A", "T_BELIEF_B", "", ""),
        ("", "T_EXPECT_A", "T_EXPECT_B", "Own chance of winning", "probability"),
    ),
    GAME_PANELS[1]: (("position", "T_POS_A", "T_POS_B", "", ""),),
}
# What each game chart's y axis measures (its unit is the declared one, added in brackets).
GAME_AXES = {GAME_PANELS[0]: "chance", GAME_PANELS[1]: "share of the package"}
# The offers on the second game chart: proposer, share offered to the responder, answer.
GAME_OFFER = ("T_PROPOSER", "T_OFFER", "T_ACCEPT")
# The rows of the game's table of the day, per side: declared per-side results
# (talks_game/outputs.py ``_SIDE`` keys, read from ``summary()["talks"]["sides"]``).
GAME_SIDE_ROWS = (
    "cost_per_day",
    "belief_other_true_type",
    "least_acceptable_share",
    "offer",
    "position",
    "floor",
    "support",
    "veto",
    "veto_holder",
)

# Which declared series (exact names in engine.layout.OUTPUTS) each live panel draws.
PANELS: dict[str, tuple[str, ...]] = {
    WAR_PANELS[0]: ("territory_km2",),
    WAR_PANELS[1]: ("casualties",),
    WAR_PANELS[2]: ("morale",),
    ECONOMY_PANELS[0]: ("growth_pct",),
    ECONOMY_PANELS[1]: ("war_support",),
    ECONOMY_PANELS[2]: ("sanctions_bite",),
    ECONOMY_PANELS[3]: ("economic_pain",),
    ECONOMY_PANELS[4]: ("oil_price",),
    ECONOMY_PANELS[5]: ("defence_index", "reconstruction_index"),
    ECONOMY_PANELS[6]: ("bond_price",),
    TALKS_PANEL: ("draft_utility", "batna"),
}

# The declared series the explorer's fan chart offers first (the first is its default),
# before the others in declaration order.
FAN_FIRST: tuple[str, ...] = ("territory_km2", "casualties")

# How a declared unit is written on an axis (typography only; the unit is the declared one).
UNIT_GLYPHS = {"km2": "km²", "km2/day": "km²/day"}


def unit_text(unit: str) -> str:
    """A declared unit as the axis shows it (``km2`` -> ``km²``)."""
    return UNIT_GLYPHS.get(unit, unit)


@dataclass(frozen=True)
class SeriesSpec:
    """One declared series or per-run column, as the dashboard uses it.

    Attributes
    ----------
    template : str
        Exact name, with ``{state}`` (state code), ``{front}`` (front id) or ``{issue}``
        (issue key) where the name carries one.
    name : str
        The declaration's name (``territory_km2``), the key of :data:`PANELS`.
    label, unit, owner, description : str
        From the declaration (the unit as declared, see :func:`unit_text`).
    panel : str
        The live page's panel that draws it (``""``: none).
    states : str
        Which states carry a per-state series (``belligerent``, ``economy``, ``all``).
    """

    template: str
    name: str
    label: str
    unit: str
    owner: str
    description: str = ""
    panel: str = ""
    states: str = "all"

    @property
    def axis_title(self) -> str:
        """``label (unit)``, the declared label and unit."""
        return f"{self.label} ({unit_text(self.unit)})"


def game_result(side: str, key: str) -> Result:
    """The declared per-side result ``game_{side}_{key}`` of the talks game (KeyError: none)."""
    name = f"game_{side}_{key}"
    for r in L.RESULTS:
        if r.name == name:
            return r
    raise KeyError(name)


def game_result_label(key: str) -> str:
    """The declared label of the game's result ``game_{key}`` (``last_refusal`` -> ``Last refusal``)."""
    return next(r.label for r in L.RESULTS if r.name == f"game_{key}")


def game_label(key: str, label: str = "", unit: str = "") -> tuple[str, str]:
    """(label, unit) of a declared per-side game result, without its side letter
    (``key == ""``: the given ``label`` and ``unit``)."""
    if not key:
        return label, unit
    r = game_result("A", key)
    return r.label.removesuffix(", A"), r.unit


def panel_of(name: str) -> str:
    """The live panel that draws the declared series ``name`` (``""``: none)."""
    return next((p for p, names in PANELS.items() if name in names), "")


def _from_output(o: Output) -> SeriesSpec:
    return SeriesSpec(
        series_template(o), o.name, o.label, o.unit, o.owner, o.description, panel_of(o.name), o.states
    )


def _from_result(r: Result) -> SeriesSpec:
    return SeriesSpec(r.column, r.name, r.label, r.unit, r.owner, r.description)


def reporters() -> tuple[SeriesSpec, ...]:
    """WarModel's model reporters (engine.model.default_model_reporters): ``day``, every
    declared series and, in game mode, the talks game's declared daily record
    (engine.mechanisms.talks_game.outputs ``TRACE``, as ``game_<column>``)."""
    from engine.mechanisms.talks_game.outputs import TRACE

    day = next(r for r in L.RESULTS if r.name == "day")
    game = (
        SeriesSpec(f"game_{col[2:].lower()}", f"game_{col[2:].lower()}", label, unit, "talks_game", desc)
        for col, unit, label, desc in TRACE
    )
    return (_from_result(day), *(_from_output(o) for o in L.OUTPUTS), *game)


def series_columns() -> tuple[SeriesSpec, ...]:
    """The columns of ``series.parquet`` and a batch's ``series/`` (written series), in the
    order the explorer's fan chart offers them: :data:`FAN_FIRST`, then declaration order."""
    written = [o for o in L.OUTPUTS if o.written]
    rank = {n: k for k, n in enumerate(FAN_FIRST)}
    written.sort(key=lambda o: rank.get(o.name, len(rank)))  # stable: declaration order after
    return tuple(_from_output(o) for o in written)


def run_columns() -> tuple[SeriesSpec, ...]:
    """The declared columns of a batch's ``runs/`` files."""
    return tuple(_from_result(r) for r in L.RESULTS if r.column)


REPORTERS = reporters()
SERIES_COLUMNS = series_columns()
RUN_COLUMNS = run_columns()


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
        The state codes, the issue keys and the front ids of the scenario.
    """
    from engine.outputs import fill

    out: dict[str, tuple[SeriesSpec, str | None]] = {}
    for s in specs:
        for name, about in fill(s.template, states, fronts, issues):
            out[name] = (s, about)
    return out


def for_model(model) -> dict[str, tuple[SeriesSpec, str | None]]:
    """:func:`declared` for a WarModel's reporters (all its states, issues and fronts)."""
    st = model.structure
    return declared(REPORTERS, list(st.states), list(model.scenario.issues), list(st.fronts))


def for_scenario_names(
    specs: tuple[SeriesSpec, ...], columns: list[str], states: list[str], issues: list[str], fronts: list[str]
) -> dict[str, tuple[SeriesSpec, str | None]]:
    """The declared entries among ``columns`` (dataset columns), in column order."""
    table = declared(specs, states, issues, fronts)
    return {c: table[c] for c in columns if c in table}


def undeclared(names: list[str], table: dict[str, Any]) -> list[str]:
    """Names with no declaration (drawn nowhere): should be empty."""
    return [n for n in names if n not in table]
