"""Outputs of the talks game: no daily series yet (its daily record is the ``game_trace``
array); the ``talks`` keys of ``warsim run --json`` for a run with ``talks.model =
"bargaining"`` (engine/mechanisms/talks_game/results.py, from the core's
:func:`engine.mechanisms.bargaining.outputs.summary`). Side A is the first belligerent,
B the second; their keys carry the state code (``talks.sides.A (RUS).type``)."""

from __future__ import annotations

from engine.core.columns import Result

OUTPUTS = ()

# The game's daily record (the ``game_trace`` array, one row per day): each column's
# constant in engine.mechanisms.bargaining.columns (``T_*``), unit, label and meaning.
# WarModel reports each as ``game_<column>`` (``T_BELIEF_A`` -> ``game_belief_a``,
# engine/model.py), the live dashboard and the Mesa page draw them (viz/series.py
# GAME_TRACE); tests/test_viz_mesa.py checks every ``T_*`` column is declared here.
TRACE = (
    ("T_PROPOSER", "-", "Proposer", "who proposed today: 0 A, 1 B, 2 the mediator (-1: no round)"),
    ("T_OFFER", "share", "Offer", "share offered to the responder (a mediator's draft: B's share; -1: none)"),
    ("T_ACCEPT", "-", "Answer", "1 accepted, 0 refused (-1: no offer)"),
    ("T_BATTLE", "-", "Battle", "1 A won the day's battle, 0 B won (-1: no battle)"),
    ("T_BELIEF_A", "probability", "Belief in the other's type, A", "A's belief that B is of B's true type"),
    ("T_BELIEF_B", "probability", "Belief in the other's type, B", "B's belief that A is of A's true type"),
    ("T_EXPECT_A", "probability", "Own chance of winning, A", "A's chance of winning, by its belief"),
    ("T_EXPECT_B", "probability", "Own chance of winning, B", "B's chance of winning, by its belief"),
    ("T_POS_A", "share", "Public position, A", "the share A publicly demands"),
    ("T_POS_B", "share", "Public position, B", "the share B publicly demands"),
    ("T_SUPPORT_A", "-", "Domestic support, A", "support of A's leadership (1 at the start)"),
    ("T_SUPPORT_B", "-", "Domestic support, B", "support of B's leadership (1 at the start)"),
    ("T_OUTCOME", "-", "Game outcome", "0 war, 1 deal, 2 collapsed, 3 A won, 4 B won"),
    ("T_FRONT", "share", "Front share", "A's front share of the package"),
    ("T_REF_A", "share", "Reference point, A", "the share A codes gains and losses against"),
    ("T_REF_B", "share", "Reference point, B", "the share B codes gains and losses against"),
    ("T_AIM_A", "share", "War aims' rise, A", "how far war aims raised A's floor"),
    ("T_AIM_B", "share", "War aims' rise, B", "how far war aims raised B's floor"),
    ("T_BLOCKED", "count", "Blocked deals", "deals a patron has blocked so far"),
    ("T_YIELD_A", "share", "Floor's yield, A", "how far the stalemate's hurt wore A's floor down"),
    ("T_YIELD_B", "share", "Floor's yield, B", "how far the stalemate's hurt wore B's floor down"),
)

_GAME = (
    ("model", "-", "Talks model", "'bargaining': the talks are the bargaining game"),
    ("outcome", "-", "Game outcome", "the game's outcome: war, deal, collapsed, a_won, b_won"),
    ("days", "days", "Game days", "days the game was stepped"),
    ("deal_day", "day", "Deal day", "day of the last deal (null: none)"),
    ("end_day", "day", "Game end day", "day the game's outcome was settled (null: still open)"),
    ("reneged", "-", "Reneged", "side that broke the last deal: A, B or both (null: none)"),
    ("last_refusal", "-", "Last refusal", "why the last offer was refused, in words"),
    ("blocked", "-", "Blocked deal", "the last deal a patron blocked and who blocked it, in words"),
    ("front", "share", "Front share", "A's front share of the package at the end (aims.py)"),
)
_COUNTS = (
    ("rounds", "Game rounds", "talks rounds held"),
    ("refusals", "Refusals", "offers a negotiator refused"),
    ("no_offer", "Rounds without an offer", "rounds in which the proposer made no serious offer"),
    ("sweeps", "Value-iteration sweeps", "value-iteration sweeps over the run"),
    ("unconverged", "Unconverged solves", "solves that hit the sweep cap (no cycle averaged before it)"),
    ("mixed", "Mixed solves", "solves whose best responses cycle, read as a mixing over the cycle"),
    ("blocked", "Blocked deals", "deals a patron blocked"),
    ("relapses", "Talks after relapse", "times the talks resumed after a collapsed deal"),
    ("leader_changes", "Leader changes", "leaders replaced, scheduled or at random"),
)
_SIDE = (
    ("type", "-", "True type", "index of the side's true type on its grid"),
    ("strength", "-", "Strength", "the true type's strength"),
    ("cost_per_day", "pie/day", "War cost", "the true type's cost of a day of war"),
    ("least_acceptable_share", "share", "Least acceptable share",
     "least share of the package the true type accepts (2: none)"),
    ("offer", "share", "Offer", "share the true type offers the other side (-1: none)"),
    ("belief_other_true_type", "probability", "Belief in the other's type",
     "the side's belief that the other side is of its true type"),
    ("position", "share", "Public position", "the share the side publicly demands"),
    ("support", "-", "Domestic support", "support of the side's leadership (1 at the start)"),
    ("floor", "share", "Floor", "the true type's reservation floor, war aims included"),
    ("war_aims_rise", "share", "War aims' rise", "how far war aims raised the side's floor"),
    ("floor_yield", "share", "Floor's yield",
     "how far the stalemate's hurt wore the side's floor down (sides.X.floor_give)"),
    ("stalemate_hurt", "pie", "Stalemate hurt",
     "war cost paid on days the side did not win the battle (pie units)"),
    ("reference", "share", "Reference point", "the share the side codes gains and losses against"),
    ("veto", "share", "Veto in force", "red line of the veto player that binds the side (0: none)"),
    ("veto_holder", "-", "Veto holder", "who holds that veto: a domestic player or the patron"),
)

# the truce after a deal ([talks.bargaining.truce]; engine/mechanisms/ceasefire/truce.py)
_TRUCE = (
    Result("game_truce_incidents", "count", "Truce incidents",
           "incidents under the deals so far (spoilers, front-line units)",
           json="talks.truce.incidents"),
    Result("game_truce_ended_by", "-", "Truce ended by",
           "how the last deal ended: renege check, re-decision, escalation (null: it holds or none)",
           json="talks.truce.ended_by"),
    *(Result(f"game_truce_trust_{c}", "probability", f"Trust, {c}",
             f"side {c}'s belief that the other side keeps the deal",
             json=f"talks.truce.trust.{c} ({{state}})") for c in "AB"),
)

RESULTS = (
    *_TRUCE,
    *(Result(f"game_{k}", unit, label, desc, json=f"talks.{k}") for k, unit, label, desc in _GAME),
    *(Result(f"game_{k}_count" if k == "blocked" else f"game_{k}", "count", label, desc,
             json=f"talks.talks.{k}") for k, label, desc in _COUNTS),
    *(Result(f"game_share_{c}", "share", f"Deal share, {c}", f"side {c}'s share of the last deal",
             json=f"talks.share.{c} ({{state}})") for c in "AB"),
    *(Result(f"game_{c}_{k}", unit, f"{label}, {c}", f"side {c}: {desc}",
             json=f"talks.sides.{c} ({{state}}).{k}")
      for c in "AB" for k, unit, label, desc in _SIDE),
    *(Result(f"game_{c}_reserve", "share", f"Reservation term, {c}",
             f"side {c}: the true type's reservation term per issue",
             json=f"talks.sides.{c} ({{state}}).reserve.{{issue}}")
      for c in "AB"),
)
