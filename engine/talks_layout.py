"""Column layout of the talks block of the World (engine.world, "talks" fields).

State, global and event columns of beliefs, talks and ceasefire are in
:mod:`engine.layout` (their reserved ranges); the talks' own parameters and the
envoys' records are here. docs/model.md ("Beliefs", "Talks", "Ceasefire")
gives the equations each parameter enters.
"""

# ---------------------------------------------------------------- talks_param[R, N_TALKS_PARAM]
TP_ON = 0  # 1 when the scenario has talks
TP_PROTOCOL = 1  # 0 shuttle diplomacy, 1 alternating offers (Rubinstein check)
TP_EXPONENT = 2  # p in U = sum s (1 - |x - ideal|^p)
TP_RED_PENALTY = 3  # utility lost per unit of red-line violation
TP_HORIZON = 4  # BATNA horizon H (days; offers in the alternating protocol)
TP_RIPE_TOL = 5  # draft may fall this far below the BATNA and the party still be ripe
TP_SIGN_MARGIN = 6  # draft must beat the BATNA by this margin to be signed
TP_CONCESSION = 7  # pull of a counter-demand on the draft per meeting
TP_YIELD = 8  # share of the gap to the draft a ripe party's demand gives up per meeting
TP_UNRIPE = 9  # factor on the yield of a party that is not ripe
TP_BELIEF_RATE = 10  # smoothing weight of a day's observation in beliefs
TP_LEARNING = 11  # share of the optimism bias lost per day of fighting
TP_CASUALTY_COST = 12  # cost weight of the yearly loss rate (casualties / troops)
TP_ECON_COST = 13  # cost weight of economic pain
TP_PRESSURE_COST = 14  # cost weight of mediator pressure felt
TP_WEARINESS = 15  # extra cost weight per unit of missing war support
TP_RED_GIVE = 16  # most red lines give way under hurt (issue units)
TP_HURT_SCALE = 17  # BATNA fall giving full red-line give (utility)
TP_TREND_WEIGHT = 18  # leverage gained from a favourable believed trend
TP_TREND_SCALE = 19  # trend giving tanh(1) of that (km2/day)
TP_PATRON_WEIGHT = 20  # leverage gained per patron backing a party (aid not paused)
TP_TRUST_GAIN = 21  # share of the way to full trust gained per kept meeting
TP_TRUST_LOSS = 22  # share of trust lost to a leak or a failed ratification
TP_LEAK_HAZARD = 23  # daily chance a draft leaks while talks are active
TP_BACKLASH = 24  # share of the way back to its ideal a leak pushes a party's demand
TP_PATRON_PULL = 25  # pull of a patron's counter-proposal on the draft
TP_PATIENCE = 26  # days without a smaller gap before talks break down
TP_GAP_EPS = 27  # shrinkage of the gap that counts as progress (utility)
TP_SUSPEND_MIN = 28  # shortest suspension (days)
TP_SUSPEND_MEAN = 29  # mean extra suspension, exponential (days)
TP_DEADLINE_DAYS = 30  # days the mediator gives (0: no deadlines)
TP_US_PRESSURE = 31  # how hard the mediator presses (0..1)
TP_CRED_AID = 32  # credibility of an aid/intelligence pause (0..1)
TP_CRED_SANCTIONS = 33  # credibility of sanctions or tariffs (0..1)
TP_AID_THRESHOLD = 34  # pressure at which the mediator pauses aid
TP_EXTEND_PROB = 35  # chance the mediator extends at a missed deadline
TP_ESCALATE_PROB = 36  # chance it escalates (else it disengages)
TP_ESCALATE_STEP = 37  # rise of the escalation multiplier per escalation
TP_DISENGAGE_DAYS = 38  # days the mediator stays away after disengaging
TP_RATIFY_DAYS = 39  # days from signing to the ratification vote
TP_RATIFY_SLACK = 40  # margin over the BATNA that makes ratification safe (utility)
TP_VIOLATION_HAZARD = 41  # daily violation hazard of an unguarded ceasefire
TP_GUARANTEE_EFFECT = 42  # share of the hazard removed by full guarantees
TP_PEACEKEEPER_EFFECT = 43  # share of the hazard removed by a full peacekeeping force
TP_RESENTMENT_EFFECT = 44  # rise of the hazard per unit of resentment
TP_RELAPSE_PROB = 45  # chance a violation escalates into relapse (at zero resentment)
TP_RESENT_DECAY = 46  # daily pull of resentment back to the deal's grievance
TP_VIOLATION_RESENT = 47  # resentment added by a violation
TP_STAY_DAYS = 48  # days an envoy stays for a meeting
TP_AREA0 = 49  # area the territory holder held at the start (km2)
TP_VERSION_STEP = 50  # largest issue change that makes a new draft version
TP_LEADER_SHOCK = 51  # resentment added when a leadership changes under a ceasefire
TP_RIPE_DEADBAND = 52  # BATNA trend must pass +-this to switch ripeness (utility/day)
N_TALKS_PARAM = 53

# ---------------------------------------------------------------- talks_roles[N_TALKS_ROLES] (shared)
TR_SIDE_A = 0  # first belligerent (first proposer in the alternating protocol)
TR_SIDE_B = 1  # second belligerent
TR_HOLDER = 2  # belligerent whose gains raise the territory issue (-1 none)
TR_MEDIATOR = 3  # mediator state (-1 none)
TR_TERRITORY = 4  # index of the territory issue (-1 none)
TR_GUARANTEES = 5  # index of the security-guarantees issue (-1 none)
TR_PEACEKEEPERS = 6  # index of the peacekeepers issue (-1 none)
TR_SANCTIONS = 7  # index of the sanctions-relief issue (-1 none)
N_TALKS_ROLES = 8

# ---------------------------------------------------------------- envoy[R, E, N_ENVOY]
EN_LOCATION = 0  # state whose capital the envoy is in (or left)
EN_DEST = 1  # state it travels to
EN_READY_DAY = 2  # day it arrives (travelling) or leaves (meeting)
EN_TRAVELLING = 3  # 1 while on the way to EN_DEST
EN_MEETINGS = 4  # meetings held (count)
N_ENVOY = 5

# ---------------------------------------------------------------- envoy_param[R, E, N_ENVOY_PARAM]
EP_SKILL = 0  # skill (0..1)
EP_MANDATE = 1  # how far its principal lets the draft stray from its ideal (issue units)
N_ENVOY_PARAM = 2
