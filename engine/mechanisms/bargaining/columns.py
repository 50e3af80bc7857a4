"""Column indices of the bargaining mechanism's per-run arrays.

A run of the bargaining protocol is held in eight small arrays, sliced once per run by
the driver and passed to the kernel (never the World):

``ipar``   int64[NI]            whole-number settings (days, seed, proposer rule ...)
``par``    float64[NP]          game-wide coefficients (hazard, informativeness ...)
``side``   float64[2, NSP]      per belligerent (A = 0, B = 1): discount, audience cost ...
``types``  float64[NTY, 2, n]   the private type grid of each side, and priors
``quad``   float64[2, NQ]       quadrature nodes (row 0) and weights (row 1) of the
                                power-shift uncertainty (one node when it is certain)
``vals``   float64[NV, 2, n]    the day's state per side and type: beliefs, values, offers
``st``     float64[NS]          scalars of the run: outcome, deal day, positions, counters
``trace``  float64[days, NT]    one row per day, written by the kernel (the run's record)

docs/talks.md has the equations; :mod:`engine.mechanisms.bargaining.kernel` and its
twin :mod:`engine.mechanisms.bargaining.reference` read these indices.
"""

from __future__ import annotations

# ---------------------------------------------------------------- ipar (int64)
I_DAYS = 0  # days to play
I_SEED = 1  # the run's seed (every draw is keyed on it; engine.rng)
I_FIRST = 2  # side that proposes first (0 = A, 1 = B)
I_FIXED = 3  # 1: the first proposer makes every offer (Powell 2004); 0: alternate
I_TALK_EVERY = 4  # days between talks rounds (1 = every day)
I_MEDIATOR_EVERY = 5  # every k-th round is a mediator's draft (0 = no mediator)
I_MAX_SWEEPS = 6  # cap on value-iteration sweeps per solve
I_SHIFT_DAYS = 7  # days after a deal at which the power shift is known (renege check)
I_TYPE_A = 8  # A's true type index on its grid (drawn by build; redrawn by a new leader)
I_TYPE_B = 9  # B's true type index
NI = 10

# ---------------------------------------------------------------- par (float64)
P_HAZARD = 0  # h: daily chance that the war ends decisively
P_KAPPA = 1  # kappa in [0, 1]: informativeness of a day's battle
P_TREMBLE = 2  # eps: chance a responder errs (keeps Bayes' rule off zero)
P_SHIFT = 3  # expected power shift towards B during a deal (win-probability units)
P_SHIFT_SD = 4  # its spread
P_GUARANTEE = 5  # g: cost a reneging side pays (third-party guarantee), pie units
P_MED_NOISE = 6  # sd of the mediator's signal of a side's acceptance threshold
P_TOL = 7  # value-iteration tolerance (pie units)
P_FRONT0 = 8  # A's front share at the start: the status quo the reference points start from
P_FRONT_STEP = 9  # how far one battle moves the front share (share units; 0: a still front)
P_RESUME = 10  # days after a collapsed deal until talks resume (-1: never; aims.py)
P_G_PER_LEVEL = 11  # w: guarantee per unit of the client's share (the package's guarantee level)
P_G_CLIENT = 12  # the side whose share is the package's guarantee level (0 A, 1 B)
# the truce (engine runs: engine/mechanisms/ceasefire/truce.py; docs/talks_game.md, "The truce")
P_TRUCE = 13  # 1: incidents under a deal, trust and re-decision ([truce] given); 0: off
P_ATTRIB = 14  # m >= 1: how many times likelier a side reads an incident when the other means to resume
P_SURPRISE = 15  # b: value lost by a side that keeps the truce when the other strikes first (pie units)
P_REDECIDE = 16  # 1: each side re-decides whether to resume on every incident day; 0: never
NP = 17

# ---------------------------------------------------------------- side (float64[2, NSP])
SP_DISCOUNT = 0  # delta_i per day
SP_AUDIENCE = 1  # a_i: utility (and support) lost per unit of backing off a position
SP_STICKY = 2  # rho_i: daily rate at which the public position follows the demand
SP_POSITION0 = 3  # the public position at the start (share of the pie demanded)
SP_VETO = 4  # a veto player's red line: the least share it co-signs (0: none)
SP_LEADER_DAY = 5  # day a new leader takes over and the type is redrawn (-1: none)
SP_RIPEN = 6  # r_i: how fast the felt cost of war grows with the hurt suffered
SP_REF_RATE = 7  # 1 - 2^(-1/half-life): daily rate the reference point follows the front (aims.py)
SP_LOSS = 8  # lambda_i: value lost per unit a deal falls short of the reference (loss aversion)
SP_AIM_SUNK = 9  # war aims: rise of the floor per unit of hurt since the leader took office
SP_AIM_GAIN = 10  # rise of the floor per unit of front share gained since the leader took office
SP_AIM_CAP = 11  # the most the war aims rise (share units)
SP_VETO_HOME = 12  # the domestic veto player's red line (SP_VETO: the one in force, with a patron's)
SP_PATRON = 13  # the patron's red line: the least share of its client it co-signs (0: none)
SP_PATRON_PUBLIC = 14  # 1: the patron's red line is known from the start; 0: once it blocks
SP_LEADER_HAZARD = 15  # daily chance of a random leader change (a death, a coup, a snap election)
SP_HARDEN_DAY = 16  # day the side hardens a red line or adds an issue (-1: none; TY_FLOOR_NEXT)
SP_TH_SHARE = 17  # a threshold (indivisible) issue: the share at which the side gets it whole
SP_TH_LOSS = 18  # its value: lost whole below the threshold (0: no threshold issue)
SP_REFRAME_DAY = 19  # day the issue is reframed as divisible (-1: never)
SP_REFRAME_COST = 20  # what the reframing costs the side (pie units, from that day on)
# ripeness of the floor (aims.py, floor_yield; Zartman 2000): the government's floor gives
# way under the hurt of a stalemate, its veto players' and patron's lines do not
SP_FLOOR_GIVE = 21  # share of the package the floor gives up per pie unit of stalemate hurt
SP_FLOOR_GIVE_CAP = 22  # the most the floor gives up (share units)
NSP = 23

# ---------------------------------------------------------------- types (float64[NTY, 2, n])
TY_STRENGTH = 0  # theta: military strength of type j of side i
TY_COST = 1  # c: cost of a day of war (pie units; low = high resolve)
TY_FLOOR = 2  # the strictest per-issue reservation term (share it never goes below)
TY_POP = 3  # weight of type j in side i's own distribution (the draw, the mediator's prior)
TY_PRIOR = 4  # [TY_PRIOR, i, o]: side i's prior that the other side is of type o
TY_FLOOR0 = 5  # the floor before war aims rose and the stalemate wore it down
#               (TY_FLOOR = TY_FLOOR0 + the side's aims rise - its yield, aims.py)
TY_FLOOR_NEXT = 6  # TY_FLOOR0 from the side's hardening day on (a harder term or a new issue)
NTY = 7

# ---------------------------------------------------------------- vals (float64[NV, 2, n])
V_BELIEF = 0  # [V_BELIEF, i, o]: side i's belief that the other side is of type o
V_THR = 1  # continuation value of side i, type j, on refusing an offer
V_TACC = 2  # the least share side i, type j, accepts (2.0: none)
V_PROP = 3  # value of proposing
V_RESP = 4  # value of responding (= V_THR: no information rent counted)
V_OFFER = 5  # share side i, type j, offers the other side (-1: no serious offer)
V_NEWPROP = 6  # scratch for the sweep
V_NEWRESP = 7  # scratch for the sweep (continuation values)
V_MED = 8  # [V_MED, i, j]: the mediator's belief that side i is of type j
V_LIKE = 9  # scratch: likelihoods for Bayes' rule
# the Newton step of the value iteration (kernel.newton_step): the sweep's map is
# piecewise affine in the values, and these rows hold its slopes at the last sweep
V_PREV_THR = 10  # V_THR before the last sweep (the step's base point)
V_PREV_PROP = 11  # V_PROP before the last sweep
V_SLOPE = 12  # slope of the expected deal value at V_TACC (0: the floor binds, or none)
V_REFUSED = 13  # belief weight of the responder types refusing the offer made (1: none made)
V_DOFFER = 14  # d(proposer value) / d(continuation of the responder type at V_TARGET)
V_TARGET = 15  # responder type whose acceptance share is the offer made (-1: none)
V_NR = 16  # scratch of the step's linear solve, Delta = V_NR + V_NG Delta(V_TARGET)
V_NG = 17
V_ND = 18  # the step: Delta of V_PROP (alternating) or V_THR (fixed proposer)
V_OUT_THR = 19  # V_THR after the last sweep, before the step (restored when a step misses)
V_OUT_PROP = 20
# what a sweep keeps for the next (kernel.best_offers, kernel.accept_threshold); nothing
# a solve reads from these changes within the solve, so they are exact, not estimates
V_ACCEPTS = 21  # the responder types that accept the offer made: sum of 2^o (n <= 25)
V_AT_PIECE = 22  # accept_threshold's landing piece: 1 + its number from the floor (0: none kept)
V_AT_LO = 23  # its left end
V_AT_BREAK = 24  # the break that ends it (next_break)
V_AT_FLO = 25  # the expected deal value at its left end
V_AT_FHI = 26  # ... and just inside its break
V_AT_BELOW = 27  # the largest of those values over the pieces below it (-inf: none)
# solve's snapshot of its iteration (V_THR, V_PROP, V_OUT_THR, V_OUT_PROP) to find a cycle
V_SNAP_THR = 28
V_SNAP_PROP = 29
V_SNAP_OUT_THR = 30
V_SNAP_OUT_PROP = 31
# solve's sums of V_THR and V_PROP over one period of a cycle (the mixed-strategy reading)
V_MIX_THR = 32
V_MIX_PROP = 33
NV = 34

# ---------------------------------------------------------------- st (float64[NS])
S_OUTCOME = 0  # see OUT_*
S_DEAL_DAY = 1  # day a deal was signed (-1: none)
S_END_DAY = 2  # day the run's outcome was settled (deal, victory, collapse; -1: none)
S_SHARE_A = 3  # A's share of the deal (-1: none)
S_POS_A = 4  # A's public position (share it demands)
S_POS_B = 5  # B's public position (share B demands)
S_SUPPORT_A = 6  # domestic support of A's leadership (1 at the start)
S_SUPPORT_B = 7
S_ROUNDS = 8  # talks rounds held
S_REFUSALS = 9  # offers refused
S_NO_OFFER = 10  # rounds in which the proposer made no serious offer
S_SWEEPS = 11  # value-iteration sweeps, summed over the run
S_UNCONVERGED = 12  # solves that hit the sweep cap (no cycle found and averaged before it)
S_BATTLES_A = 13  # days of battle A won
S_REFUSER = 14  # side that refused last (-1: none)
S_REFUSED_SHARE = 15  # share it was offered
S_RENEGER = 16  # side that reneged (-1 none, 0 A, 1 B, 2 both)
S_LEADER_CHANGES = 17  # leader turnovers so far
S_HURT_A = 18  # H_A: war cost A has paid so far (pie units; ripeness)
S_HURT_B = 19
S_FRONT = 20  # A's front share (B's is 1 - it): moves with each battle (aims.py)
S_REF_A = 21  # A's reference point: the share it codes gains and losses against (Levy 1997)
S_REF_B = 22
S_AIM_A = 23  # how far A's war aims have raised its floor (Goemans 2000)
S_AIM_B = 24
S_HURT0_A = 25  # A's hurt when its leader took office (sunk costs count from there)
S_HURT0_B = 26
S_FRONTL_A = 27  # A's front share when its leader took office (gains count from there)
S_FRONTL_B = 28
S_BLOCKER = 29  # side whose patron blocked the last deal (-1: none)
S_BLOCKED = 30  # deals blocked by a patron
S_BLOCKED_SHARE = 31  # the client's share in the last blocked deal
S_RELAPSES = 32  # times talks resumed after a collapsed deal
S_HARDENED = 33  # red lines hardened or issues added so far
S_REFRAMED_A = 34  # 1 once A's threshold issue is reframed as divisible
S_REFRAMED_B = 35
S_TRUST_A = 36  # q_A: A's belief that B keeps the deal (the truce; set at signing)
S_TRUST_B = 37
S_INCIDENTS = 38  # incidents under deals so far (spoilers, front-line units)
S_BREAK = 39  # how the last deal ended: -1 not, 0 renege check, 1 re-decision, 2 incident escalated
S_MIXED = 40  # solves whose best responses cycle, read as a mixing over the cycle (solve)
S_STALL_A = 41  # A's stalemate hurt: war cost paid on days it did not win the battle (pie units)
S_STALL_B = 42
S_YIELD_A = 43  # how far A's floor has yielded to its stalemate hurt (share units; aims.py)
S_YIELD_B = 44
NS = 45

BREAK_RENEGE = 0  # S_BREAK: the renege check at shift_days
BREAK_REDECIDE = 1  # a side re-decided to resume after an incident
BREAK_ESCALATED = 2  # an incident escalated into war

OUT_WAR = 0  # still fighting at the end
OUT_DEAL = 1  # a deal holds
OUT_COLLAPSED = 2  # a deal was reneged on
OUT_A_WON = 3  # the war ended decisively
OUT_B_WON = 4
OUTCOMES = ("war", "deal", "collapsed", "a_won", "b_won")

# ---------------------------------------------------------------- trace (float64[days, NT])
T_PROPOSER = 0  # -1 no round, 0 A, 1 B, 2 mediator
T_OFFER = 1  # share offered to the responder (B's share for a mediator's draft; -1 none)
T_ACCEPT = 2  # 1 accepted, 0 refused, -1 no offer
T_BATTLE = 3  # 1 A won the day's battle, 0 B won, -1 no battle
T_BELIEF_A = 4  # A's belief that B is of B's true type
T_BELIEF_B = 5  # B's belief that A is of A's true type
T_EXPECT_A = 6  # A's expected chance of winning the war (under its belief)
T_EXPECT_B = 7  # B's expected chance of winning the war
T_POS_A = 8
T_POS_B = 9
T_SUPPORT_A = 10
T_SUPPORT_B = 11
T_OUTCOME = 12
T_FRONT = 13  # A's front share
T_REF_A = 14  # A's reference point
T_REF_B = 15
T_AIM_A = 16  # A's war aims' rise of its floor
T_AIM_B = 17
T_BLOCKED = 18  # deals a patron has blocked so far
T_YIELD_A = 19  # how far A's floor has yielded to the stalemate's hurt
T_YIELD_B = 20
NT = 21

# ---------------------------------------------------------------- random streams
STREAM_TYPE = 30  # index: side (the true type drawn at build)
STREAM_BATTLE = 31  # index 0: who wins the day's battle
STREAM_DECISIVE = 32  # index 0: decisive end today, 1: who wins it
STREAM_SHIFT = 33  # normal index 0: the realised power shift after a deal
STREAM_MEDIATOR = 34  # normal index: side whose threshold the mediator glimpses
STREAM_LEADER = 35  # index: side whose new leader's type is drawn
STREAM_LEADER_FALL = 36  # index: side whose leader may fall today (the leader hazard)

TIE = 1e-12  # acceptance tolerance: an offer equal to a threshold is accepted
NKINK = 4  # most kinks of a deal value inside one renege piece (kernel.next_kink)

