"""The talks' columns: BATNAs, ripeness, drafts, the mediator, envoys and their parameters.

Declared once here; engine.layout numbers them (``PREFIX + NAME``), the twin
test compares each dynamic one with the reference model through ``twin``.
"""

from __future__ import annotations

from engine.core.columns import Array, Column


def _index(attr: str):
    """Twin of a talks role held by a state: its index (-1 none)."""
    return lambda m: -1 if getattr(m.talks, attr) is None else getattr(m.talks, attr).index


def _issue(role: str):
    """Twin of the index of the issue playing ``role`` (-1 none)."""

    def read(m) -> int:
        key = m.talks.role_issue.get(role) if role != "territory" else m.talks.territory_issue
        return -1 if key is None else m.talks.issues.index(key)

    return read


COLUMNS = {
    "state": (
        Column(
            "aid_paused", "-", "1 while the mediator pauses aid/intelligence to this state (talks -> economy)"
        ),
        Column(
            "pressure_sanctions",
            "0..1",
            "extra sanctions level the mediator puts on this state (talks -> economy)",
        ),
        Column("batna", "utility", "value of fighting on for the horizon"),
        Column("batna_trend", "utility/day", "smoothed daily change of the BATNA"),
        Column("batna0", "-", "BATNA on the first day of talks (utility), reference for hurt"),
        Column("draft_utility", "-", "utility of the current draft, red-line penalty included"),
        Column("ripe", "-", "1 while ripe: BATNA falling and the draft beats it within tolerance"),
        Column("gap", "utility", "BATNA + margin - draft utility, plus red-line violation (>= 0)"),
        Column("red_give", "issue units", "how far red lines have given way under hurt"),
        Column("leverage", "-", "bargaining leverage today"),
        Column("pressure_felt", "-", "mediator pressure felt (0..1): credibility x pressure"),
    ),
    "state_param": (
        Column("resolve", "-", "resolve (0..1): willingness to bear costs", twin="resolve"),
        Column(
            "discount",
            "-",
            "bargaining discount factor per day (per offer in the alternating protocol)",
            twin="discount",
        ),
        Column("risk", "-1..1", "risk attitude (-1 averse .. 1 acceptant)", twin="risk"),
        Column(
            "red_relative",
            "-",
            "1 when its territorial red line is tied to the current line",
            twin="red_relative",
        ),
        Column(
            "red_offset", "issue units", "offset of that red line from the freeze point", twin="red_offset"
        ),
        Column(
            "ratify_fail",
            "0..1",
            "chance ratification fails for a barely acceptable deal",
            twin="ratify_fail",
        ),
    ),
    "glob": (
        Column("talks_progress", "-", "how close the talks are to a deal (0..1), talks -> economy/markets"),
        Column(
            "sanctions_relief", "-", "agreed sanctions relief (0..1) once a deal is signed, talks -> economy"
        ),
        Column("talks_status", "-", "TALKS_* code", twin="talks.status"),
        Column(
            "draft_version", "count", "draft version number (0: the starting draft)", twin="talks.version"
        ),
        Column("rounds", "count", "meetings with a belligerent", twin="talks.rounds"),
        Column("meetings", "count", "meetings of any envoy with any host", twin="talks.meetings"),
        Column("leaks", "count", "leaked drafts", twin="talks.leaks"),
        Column("deadlines_missed", "count", "deadlines passed without a deal", twin="talks.deadlines_missed"),
        Column(
            "deadline_day", "day", "day of the mediator's next deadline (-1 none)", twin="talks.deadline_day"
        ),
        Column(
            "pressure_level",
            "-",
            "mediator's escalation multiplier (1 at the start)",
            twin="talks.pressure_level",
        ),
        Column("suspend_until", "day", "day suspended talks resume (-1 none)", twin="talks.suspend_until"),
        Column("gap", "utility", "total gap over the belligerents", twin="talks.gap"),
        Column("best_gap", "utility", "smallest gap since the last (re)start", twin="talks.best_gap"),
        Column("best_gap_day", "-", "day of that smallest gap", twin="talks.best_gap_day"),
        Column(
            "gap0", "-", "gap on the first day of talks (utility), scales the progress", twin="talks.gap0"
        ),
        Column("sign_day", "day", "day the current deal was signed (-1 none)", twin="talks.sign_day"),
        Column("ratify_day", "day", "day ratification is decided (-1 none)", twin="talks.ratify_day"),
        Column("freeze_point", "-", "territory issue value of the current line", twin="talks.freeze_point"),
        Column("breakdowns", "count", "suspensions after the gap stopped shrinking", twin="talks.breakdowns"),
        Column(
            "obstacle",
            "state index",
            "state the mediator presses (-1 none)",
            twin=lambda m: -1 if m.talks.obstacle is None else m.talks.obstacle.index,
        ),
        Column("pressure_kind", "-", "0 aid pause, 1 sanctions, -1 none", twin="talks.pressure_kind"),
        Column("signings", "count", "deals signed", twin="talks.signings"),
        Column("ratify_fails", "count", "ratifications failed", twin="talks.ratify_fails"),
    ),
    "talks_param": (
        Column("on", "-", "1 when the scenario has talks", twin="talks.on"),
        Column(
            "protocol",
            "code",
            "0 shuttle diplomacy, 1 alternating offers (Rubinstein check)",
            twin="talks.alternating",
        ),
        Column("exponent", "-", "p in U = sum s (1 - |x - ideal|^p)", twin="talks.spec.utility_exponent"),
        Column(
            "red_penalty",
            "-",
            "utility lost per unit of red-line violation",
            twin="talks.spec.red_line_penalty",
        ),
        Column(
            "horizon",
            "days",
            "BATNA horizon H (days; offers in the alternating protocol)",
            twin="talks.spec.horizon_days",
        ),
        Column(
            "ripe_tol",
            "-",
            "draft may fall this far below the BATNA and the party still be ripe",
            twin="talks.spec.ripe_tolerance",
        ),
        Column(
            "sign_margin",
            "-",
            "draft must beat the BATNA by this margin to be signed",
            twin="talks.spec.sign_margin",
        ),
        Column(
            "concession",
            "-",
            "pull of a counter-demand on the draft per meeting",
            twin="talks.spec.concession",
        ),
        Column(
            "yield",
            "-",
            "share of the gap to the draft a ripe party's demand gives up per meeting",
            twin="talks.spec.yield_rate",
        ),
        Column(
            "unripe", "-", "factor on the yield of a party that is not ripe", twin="talks.spec.unripe_factor"
        ),
        Column(
            "casualty_cost",
            "-",
            "cost weight of the yearly loss rate (casualties / troops)",
            twin="talks.spec.casualty_cost",
        ),
        Column("econ_cost", "-", "cost weight of economic pain", twin="talks.spec.econ_cost"),
        Column(
            "pressure_cost", "-", "cost weight of mediator pressure felt", twin="talks.spec.pressure_cost"
        ),
        Column(
            "weariness", "-", "extra cost weight per unit of missing war support", twin="talks.spec.weariness"
        ),
        Column(
            "red_give", "issue units", "most red lines give way under hurt", twin="talks.spec.red_line_give"
        ),
        Column("hurt_scale", "utility", "BATNA fall giving full red-line give", twin="talks.spec.hurt_scale"),
        Column(
            "trend_weight",
            "-",
            "leverage gained from a favourable believed trend",
            twin="talks.spec.trend_weight",
        ),
        Column("trend_scale", "km2/day", "trend giving tanh(1) of that", twin="talks.spec.trend_scale_km2"),
        Column(
            "patron_weight",
            "-",
            "leverage gained per patron backing a party (aid not paused)",
            twin="talks.spec.patron_weight",
        ),
        Column(
            "trust_gain",
            "-",
            "share of the way to full trust gained per kept meeting",
            twin="talks.spec.trust_gain",
        ),
        Column(
            "trust_loss",
            "-",
            "share of trust lost to a leak or a failed ratification",
            twin="talks.spec.trust_loss",
        ),
        Column(
            "leak_hazard",
            "-",
            "daily chance a draft leaks while talks are active",
            twin="talks.spec.leak_hazard",
        ),
        Column(
            "backlash",
            "-",
            "share of the way back to its ideal a leak pushes a party's demand",
            twin="talks.spec.backlash",
        ),
        Column(
            "patron_pull",
            "-",
            "pull of a patron's counter-proposal on the draft",
            twin="talks.spec.patron_pull",
        ),
        Column(
            "patience",
            "-",
            "days without a smaller gap before talks break down",
            twin="talks.spec.patience_days",
        ),
        Column(
            "gap_eps",
            "utility",
            "shrinkage of the gap that counts as progress",
            twin="talks.spec.gap_epsilon",
        ),
        Column("suspend_min", "days", "shortest suspension", twin="talks.spec.suspend_min_days"),
        Column(
            "suspend_mean", "days", "mean extra suspension, exponential", twin="talks.spec.suspend_mean_days"
        ),
        Column(
            "deadline_days",
            "days",
            "days the mediator gives (0: no deadlines)",
            twin="talks.spec.deadline_days",
        ),
        Column("us_pressure", "0..1", "how hard the mediator presses", twin="talks.spec.us_pressure"),
        Column(
            "cred_aid", "0..1", "credibility of an aid/intelligence pause", twin="talks.spec.aid_credibility"
        ),
        Column(
            "cred_sanctions",
            "0..1",
            "credibility of sanctions or tariffs",
            twin="talks.spec.sanctions_credibility",
        ),
        Column(
            "aid_threshold", "-", "pressure at which the mediator pauses aid", twin="talks.spec.aid_threshold"
        ),
        Column(
            "extend_prob",
            "-",
            "chance the mediator extends at a missed deadline",
            twin="talks.spec.extend_prob",
        ),
        Column(
            "escalate_prob",
            "0..1",
            "chance it escalates (else it disengages)",
            twin="talks.spec.escalate_prob",
        ),
        Column(
            "escalate_step",
            "-",
            "rise of the escalation multiplier per escalation",
            twin="talks.spec.escalate_step",
        ),
        Column(
            "disengage_days",
            "-",
            "days the mediator stays away after disengaging",
            twin="talks.spec.disengage_days",
        ),
        Column(
            "ratify_days", "-", "days from signing to the ratification vote", twin="talks.spec.ratify_days"
        ),
        Column(
            "ratify_slack",
            "utility",
            "margin over the BATNA that makes ratification safe",
            twin="talks.spec.ratify_slack",
        ),
        Column("stay_days", "-", "days an envoy stays for a meeting", twin="talks.spec.stay_days"),
        Column("area0", "km2", "area the territory holder held at the start", twin="talks.area0"),
        Column(
            "version_step",
            "-",
            "largest issue change that makes a new draft version",
            twin="talks.spec.version_step",
        ),
        Column(
            "ripe_deadband",
            "utility/day",
            "BATNA trend must pass +-this to switch ripeness",
            twin="talks.spec.ripe_deadband",
        ),
    ),
    "talks_roles": (
        Column(
            "side_a",
            "state index",
            "first belligerent (first proposer in the alternating protocol)",
            twin=_index("side_a"),
        ),
        Column("side_b", "state index", "second belligerent (-)", twin=_index("side_b")),
        Column(
            "holder",
            "state index",
            "belligerent whose gains raise the territory issue (-1 none)",
            twin=_index("holder"),
        ),
        Column("mediator", "state index", "mediator state (-1 none)", twin=_index("mediator")),
        Column(
            "territory", "issue index", "index of the territory issue (-1 none)", twin=_issue("territory")
        ),
        Column(
            "guarantees",
            "issue index",
            "index of the security-guarantees issue (-1 none)",
            twin=_issue("guarantees"),
        ),
        Column(
            "peacekeepers",
            "issue index",
            "index of the peacekeepers issue (-1 none)",
            twin=_issue("peacekeepers"),
        ),
        Column(
            "sanctions",
            "issue index",
            "index of the sanctions-relief issue (-1 none)",
            twin=_issue("sanctions_relief"),
        ),
    ),
    "envoy": (
        Column(
            "location",
            "state index",
            "state whose capital the envoy is in (or left)",
            twin=lambda e: e.location.index,
        ),
        Column("dest", "state index", "state it travels to (-)", twin=lambda e: e.dest.index),
        Column("ready_day", "day", "day it arrives (travelling) or leaves (meeting)"),
        Column("travelling", "-", "1 while on the way to EN_DEST"),
        Column("meetings", "count", "meetings held"),
    ),
    "envoy_param": (
        Column("skill", "0..1", "skill", twin="skill"),
        Column(
            "mandate",
            "issue units",
            "how far its principal lets the draft stray from its ideal",
            twin="mandate",
        ),
    ),
}


def _issues(read):
    """Twin of a per-issue vector: ``read(model)`` gives ``{issue: value}``."""
    return lambda m: {(k,): value for k, value in enumerate(read(m)[key] for key in m.talks.issues)}


def _state_issues(attr: str):
    """Twin of a per-state, per-issue matrix kept as a dict on each state agent."""
    return lambda m: {
        (st.index, k): getattr(st, attr)[key] for st in m.state_list for k, key in enumerate(m.talks.issues)
    }


def _terms(m) -> dict:
    terms = m.talks.terms
    return {(k,): float("nan") if terms is None else terms[key] for k, key in enumerate(m.talks.issues)}


def _trust(m) -> dict:
    return {
        (e, st.index): envoy.trust[st.code] for e, envoy in enumerate(m.talks.envoys) for st in m.state_list
    }


ARRAYS = (
    Array("issue_strong_low", "int64", "K", "1 when 0 is the strong end (guarantees, force, relief)"),
    Array("ideal", "float64", "R, N, K", "ideal point per state and issue"),
    Array("salience", "float64", "R, N, K", "weights, summing to 1 per state (0 for silent states)"),
    Array("red_lo0", "float64", "R, N, K", "red line as written, lower bound"),
    Array("red_hi0", "float64", "R, N, K", "red line as written, upper bound"),
    Array(
        "red_lo",
        "float64",
        "R, N, K",
        "red line today, lower bound",
        dynamic=True,
        twin=_state_issues("red_lo"),
    ),
    Array(
        "red_hi",
        "float64",
        "R, N, K",
        "red line today, upper bound",
        dynamic=True,
        twin=_state_issues("red_hi"),
    ),
    Array(
        "demand",
        "float64",
        "R, N, K",
        "counter-demand a state's envoys carry",
        dynamic=True,
        twin=_state_issues("demand"),
    ),
    Array(
        "draft",
        "float64",
        "R, K",
        "the draft on the table",
        dynamic=True,
        twin=_issues(lambda m: m.talks.draft),
    ),
    Array(
        "no_deal",
        "float64",
        "R, K",
        "what holds without a deal (territory: the current line)",
        dynamic=True,
        twin=_issues(lambda m: m.talks.no_deal),
    ),
    Array(
        "terms",
        "float64",
        "R, K",
        "terms of the last signed deal (NaN before any)",
        dynamic=True,
        twin=_terms,
    ),
    Array("territory_area", "float64", "R, NKN", "knots: km2 held by the territory holder"),
    Array("territory_value", "float64", "R, NKN", "knots: territory issue value"),
    Array("patron_of", "int64", "N", "state a patron backs (-1 for others)"),
    Array("envoy_principal", "int64", "E", "state each envoy speaks for"),
    Array(
        "trust", "float64", "R, E, N", "trust of each host in each envoy (0..1)", dynamic=True, twin=_trust
    ),
    Array("travel_days", "float64", "R, N, N", "days between capitals"),
    Array("talks_scratch", "float64", "R, K", "scratch issue vector, so the day allocates nothing"),
)

# Event kinds this mechanism logs (code -> the event log's kind; engine.core.registry
# refuses a code two mechanisms declare). Codes are fixed numbers: they are stored in
# event logs. a, b and value per kind:
EVENTS = {
    "EV_DEADLINE": 40,  # scheduled: a: mediator; value: days from today to the deadline
    "EV_SUMMIT": 41,  # scheduled: a: host state; a summit meeting with the mediator today
    "EV_LEAK": 42,  # scheduled or drawn: a: belligerent that backlashes (-1 scheduled); value: leaks
    "EV_MEETING": 43,  # log only: a: envoy, b: host; value: draft version after the meeting
    "EV_DEADLINE_MISSED": 44,  # log only: a: mediator; b: 0 extend, 1 escalate, 2 disengage; value: level
    "EV_PRESSURE": 45,  # log only: a: pressed state (-1 none); b: 0 aid pause, 1 sanctions; value: level
    "EV_SIGNED": 46,  # log only: value: draft version signed
    "EV_RATIFIED": 47,  # log only: value: draft version
    "EV_RATIFY_FAILED": 48,  # log only: a: state whose ratification failed; value: chance of failing
    "EV_CEASEFIRE": 49,  # log only: value: guarantee strength
    "EV_VIOLATION": 50,  # log only: value: daily hazard
    "EV_RELAPSE": 51,  # log only: value: days the ceasefire held
    "EV_BREAKDOWN": 52,  # log only: value: days suspended
    "EV_RESUME": 53,  # log only: value: gap when talks resume
    "EV_RIPE": 54,  # log only: a: state; value: 1 now ripe, 0 no longer
    "EV_COUNTER_PROPOSAL": 55,  # log only: a: patron; value: draft version
}

# Keyed random streams this mechanism draws from (the stream id is part of every
# draw's key, so a code is never reused or renumbered: results depend on it).
STREAMS = {
    "STREAM_LEAK": 20,  # index 0: a leak today
    "STREAM_DEADLINE": 21,  # index 0: the mediator's choice at a deadline
    "STREAM_SUSPEND": 22,  # index 0: length of a suspension
    "STREAM_RATIFY": 23,  # index: state
}
