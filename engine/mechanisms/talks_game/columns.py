"""The columns and arrays of the talks as a bargaining game (``talks.model = "bargaining"``).

The game's state is the bargaining core's eight per-run arrays
(:mod:`engine.mechanisms.bargaining.columns`, docs/talks.md), held in the World with a
leading run axis and sliced once per run by the generated driver. Declared once here;
engine.layout numbers the columns, the twin test compares every dynamic array and
column with the reference model (``m.game``, :mod:`engine.mechanisms.talks_game.reference`).
"""

from __future__ import annotations

from engine.core.columns import Array, Column


def _flat(attr: str):
    """Twin of a game array: ``{index: value}`` over every entry of ``m.game.<attr>``
    (nested lists, the run axis dropped)."""

    def read(m) -> dict:
        out: dict = {}

        def walk(x, index):
            if isinstance(x, list):
                for k, y in enumerate(x):
                    walk(y, (*index, k))
            else:
                out[index] = float(x)

        walk(getattr(m.game, attr), ())
        return out

    return read


COLUMNS = {
    "glob": (
        Column("game_area", "km2", "side A's ground gained as of the last talks step (signed)",
               twin="game.area"),
        Column("game_battle", "-", "the day's battle as the game sees it: 1 A won, 0 B won, -1 none",
               twin="game.battle"),
        Column("game_pain_a", "-", "factor on side A's cost of a day of war: the engine's pain "
               "(casualties, economy, US pressure) as the red-line talks weigh it", twin="game.pain_a"),
        Column("game_pain_b", "-", "the same for side B", twin="game.pain_b"),
        Column("game_expected", "km2", "side A's gain today that two equally strong sides would "
               "make, its median (battle_reading = expected; 0 otherwise)", twin="game.expected"),
    ),
    "talks_param": (
        Column("game", "-", "1 when the talks are the bargaining game (talks.model)", twin="game.flag"),
        Column("game_even", "km2/day", "A's daily ground gain that counts as an even battle",
               twin="game.even"),
        Column("game_reading", "-", "what the day's gain is read against: 0 game_even, 1 the "
               "median gain of two equally strong sides (talks.battle_reading)",
               twin="game.reading"),
        Column("game_effect", "-", "log combat power per unit of strength above the type's centre "
               "(talks.strength_effect)", twin="game.effect"),
    ),
}

ARRAYS = (
    Array("game_ipar", "int64", "R, NI", "the game's whole-number settings (bargaining.columns I_*)"),
    Array("game_par", "float64", "R, NP", "the game's coefficients (P_*)"),
    Array("game_side", "float64", "R, 2, NSP", "per side A, B: discount, audience cost ... (SP_*; "
          "a patron's block writes the veto in force)", dynamic=True, twin=_flat("side")),
    Array("game_types", "float64", "R, NTY, 2, NTYPE", "each side's private type grid and priors "
          "(TY_*; war aims and hardened red lines write the floors)", dynamic=True,
          twin=_flat("types")),
    Array("game_quad", "float64", "R, 2, NQ", "quadrature nodes and weights of the power shift"),
    Array("game_vals", "float64", "R, NV, 2, NTYPE", "beliefs, values, thresholds, offers (V_*)",
          dynamic=True, twin=_flat("vals")),
    Array("game_st", "float64", "R, NS", "the game's scalars: outcome, deal, positions, counters (S_*)",
          dynamic=True, twin=_flat("st")),
    Array("game_trace", "float64", "R, D, NT", "one row per day: proposer, offer, answer, beliefs (T_*)",
          dynamic=True, twin=_flat("trace")),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    # log only (talks game): a: state blamed, b: state whose trust falls; value: its trust after
    "EV_INCIDENT": 56,
}
