"""Column layout of the world arrays.

The world is a structure of arrays with a leading run axis (see
:mod:`engine.world`). Per-entity records are rows of float64 matrices whose
columns are named here, so kernels read ``state[r, i, S_RESERVE]`` rather than
magic numbers. Numba freezes these module-level integers as compile-time
constants.

Each mechanism owns one block of columns; a new mechanism appends its block
and bumps the matching ``N_*`` count.
"""

# ---------------------------------------------------------------- states: dynamic
S_RESERVE = 0  # troops in theatre not committed to a sector (people)
S_FIRE_STOCK = 1  # firepower stockpile (shell-equivalents)
S_FIRE_USED = 2  # firepower expended today (shell-equivalents)
S_MORALE = 3  # army morale (0..1)
S_CASUALTIES = 4  # cumulative killed and wounded since the start (people)
S_CASUALTIES_TODAY = 5  # killed and wounded today (people)
S_RECRUITED = 6  # cumulative recruits arrived (people)
S_TERRITORY = 7  # cumulative ground gained, signed (km2)
S_RECRUIT_MULT = 8  # multiplier on recruitment set by events and politics
S_PRODUCTION_MULT = 9  # multiplier on firepower production set by events and economy
S_WAR_SUPPORT = 10  # share of the public backing the war (0..1)
S_COMMITTED = 11  # troops committed to sectors, summed (people)
# Interface columns between mechanisms (written by one, read by others):
S_ECON_PAIN = 12  # economic pain (0..1), written by economy, read by politics and talks
S_AID_PAUSED = 13  # 1 while the mediator pauses aid/intelligence to this state (talks -> economy)
S_PRESSURE_SANCTIONS = 14  # extra sanctions level the mediator puts on this state (talks -> economy)
S_LEADER_CHANGED_DAY = 15  # day a new leadership took over (-1 never), politics -> talks
# Columns 16..39: economy and domestic politics (docs/model.md, "Economy..." and "Domestic politics").
S_GDP = 16  # GDP level ($bn/year, constant prices)
S_GDP0 = 17  # GDP at the start ($bn/year)
S_GROWTH = 18  # today's annualised GDP growth (fraction/year)
S_CYCLE = 19  # cyclical growth above trend, decaying (fraction/year)
S_SANCTIONS_BITE = 20  # combined sanctions bite on this state today (0..1)
S_OIL_VOLUME = 21  # oil exports today (mb/d)
S_OIL_DISCOUNT = 22  # discount of its oil below the world price ($/bbl)
S_OIL_REVENUE = 23  # oil export revenue (annualised, $bn/year)
S_FISCAL_BUFFER = 24  # fiscal buffer: liquid reserves ($bn)
S_WAR_BUDGET = 25  # war spending (annualised, $bn/year)
S_DEFICIT = 26  # budget deficit (annualised, $bn/year)
S_AID_MONEY_IN = 27  # budget aid received (annualised, $bn/year)
S_AID_MATERIEL_IN = 28  # materiel aid received (annualised, $bn/year)
S_PRODUCTION_ECON = 29  # economy's factor on firepower production (-)
S_PRODUCTION_EVENT = 30  # events' factor on firepower production (-)
S_RECRUIT_POLITICS = 31  # politics' factor on recruitment (-)
S_RECRUIT_EVENT = 32  # events' factor on recruitment (-)
S_PRICE_CAP = 33  # price cap on its oil ($/bbl; 0: none)
S_EFFORT_REF = 34  # war budget + materiel on day 0 ($bn/year), production normaliser
S_SUPPLY_REF = 35  # component supply factor on day 0 (-), production normaliser
S_SHORTFALL = 36  # financing shortfall cut from spending ($bn/year)
S_RALLIES = 37  # rally events so far (count)
S_CEASEFIRE_ELECTION = 38  # 1 once the post-ceasefire election was held
# Columns 40..63: beliefs and talks (docs/model.md, "Beliefs" and "Talks").
S_BELIEF_TREND = 40  # smoothed observed change of own territory (km2/day)
S_BELIEF_VAR = 41  # smoothed variance of the daily change ((km2/day)^2)
S_BELIEF_BIAS = 42  # optimism bias still held (signed fraction), decays with fighting
S_LAST_TERRITORY = 43  # territory seen yesterday (km2), for the daily observation
S_LOSS_RATE = 44  # smoothed casualties / troops in theatre (1/day)
S_BATNA = 45  # value of fighting on for the horizon (utility)
S_BATNA_TREND = 46  # smoothed daily change of the BATNA (utility/day)
S_BATNA0 = 47  # BATNA on the first day of talks (utility), reference for hurt
S_DRAFT_UTILITY = 48  # utility of the current draft, red-line penalty included
S_RIPE = 49  # 1 while ripe: BATNA falling and the draft beats it within tolerance
S_GAP = 50  # BATNA + margin - draft utility, plus red-line violation (>= 0)
S_RED_GIVE = 51  # how far red lines have given way under hurt (issue units)
S_LEVERAGE = 52  # bargaining leverage today (-)
S_PRESSURE_FELT = 53  # mediator pressure felt (0..1): credibility x pressure
S_RESENTMENT = 54  # resentment under a ceasefire (0..1)
N_STATE = 64

# ---------------------------------------------------------------- states: parameters
SP_TROOPS = 0  # troops in theatre at the start (people)
SP_RECRUITS_PER_DAY = 1  # recruits reaching the theatre per day (people/day)
SP_TROOP_CEILING = 2  # most troops the state can field in theatre (people)
SP_FIRE_PRODUCTION = 3  # firepower produced or delivered per day (shell-eq/day)
SP_FIRE_RATE = 4  # firepower the army wants to expend per day (shell-eq/day)
SP_FIRE_STOCK = 5  # firepower stockpile at the start (shell-eq)
SP_MORALE = 6  # morale at the start (0..1)
SP_MORALE_RECOVERY = 7  # daily recovery of morale toward 1 (1/day)
SP_MORALE_SENSITIVITY = 8  # morale lost per unit of daily loss rate (casualties/troops)
SP_COLLAPSE_MORALE = 9  # army breaks when morale falls below this (0..1)
SP_RESERVE_KEEP = 10  # share of in-theatre troops kept in reserve (0..1)
SP_ALLOC_RATE = 11  # share of the free reserve sent to sectors per day (1/day)
SP_THREAT_WEIGHT = 12  # weight of enemy pressure in allocation priorities (-)
SP_RESOLVE = 13  # resolve (0..1): willingness to bear costs
SP_WAR_SUPPORT = 14  # public war support at the start (0..1)
SP_POPULATION = 15  # population (people)
SP_WOUNDED_RETURN = 16  # share of a day's casualties back in the reserve the next day
# Columns 20..39: reserved for economy and politics (their per-state parameters live
# in World.econ_param, columns in engine/economy_layout.py). Columns 40..63: beliefs and talks.
SP_DISCOUNT = 40  # bargaining discount factor per day (per offer in the alternating protocol)
SP_RISK = 41  # risk attitude (-1 averse .. 1 acceptant)
SP_OPTIMISM = 42  # optimism bias about its own front trend (signed fraction)
SP_TREND_PRIOR = 43  # believed change of own territory at the start (km2/day)
SP_TREND_SD = 44  # believed daily spread of it at the start (km2/day)
SP_RED_RELATIVE = 45  # 1 when its territorial red line is tied to the current line
SP_RED_OFFSET = 46  # offset of that red line from the freeze point (issue units)
SP_RATIFY_FAIL = 47  # chance ratification fails for a barely acceptable deal (0..1)
N_STATE_PARAM = 64

# ---------------------------------------------------------------- fronts: dynamic
F_ATTACKER_TROOPS = 0  # attacker's troops in the sector (people)
F_DEFENDER_TROOPS = 1  # defender's troops in the sector (people)
F_DEPTH = 2  # depth advanced beyond the start line (km), in [0, max_depth]
F_ATTACKER_LOSSES = 3  # attacker's cumulative casualties here (people)
F_DEFENDER_LOSSES = 4  # defender's cumulative casualties here (people)
F_ADVANCE_TODAY = 5  # depth change today (km, signed)
F_LOG_RATIO = 6  # log combat-power ratio today, ln R (-)
F_ATTACKER_FIRE_SHARE = 7  # attacker's share of the sector's firepower today (0..1)
F_FROZEN = 8  # 1 while a ceasefire freezes the sector
F_BREAKTHROUGHS = 9  # breakthroughs so far (count)
N_FRONT = 10

# ---------------------------------------------------------------- fronts: parameters
FP_LENGTH = 0  # frontage (km)
FP_MAX_DEPTH = 1  # operational depth the attacker can gain (km)
FP_FORTIFICATION = 2  # defender multiplier (>= 1)
FP_PRIORITY = 3  # strategic value in allocation (0..1)
FP_INTENSITY = 4  # assault tempo relative to an average sector (-)
FP_DEPTH = 5  # depth at the start (km)
N_FRONT_PARAM = 6

# ---------------------------------------------------------------- global: dynamic
G_CEASEFIRE = 0  # 1 while a ceasefire holds
G_CEASEFIRE_DAY = 1  # day the ceasefire began (-1 if none)
G_OUTCOME = 2  # outcome code (OUTCOME_*)
G_ENDED = 3  # 1 once the run has ended early (a collapse)
G_END_DAY = 4  # day the run ended (-1 while running)
G_COLLAPSED_STATE = 5  # index of the state whose army or support broke (-1 if none)
G_TALKS_PROGRESS = 6  # how close the talks are to a deal (0..1), talks -> economy/markets
G_SANCTIONS_RELIEF = 7  # agreed sanctions relief (0..1) once a deal is signed, talks -> economy
G_GUARANTEE_STRENGTH = 8  # strength of signed security guarantees (0..1), talks -> markets
# Columns 10..29: economy, energy and markets.
G_OIL_PRICE = 10  # world (Brent) oil price today ($/bbl)
G_OIL_LOG_BASE = 11  # fundamental log price x_t before news premia (ln $/bbl)
G_OIL_PRICE_SUM = 12  # sum of daily prices so far ($/bbl), for the run mean
G_LOST_SUPPLY = 13  # exports lost to sanctions today (mb/d)
G_LOST_SUPPLY0 = 14  # exports lost to sanctions on day 0 (mb/d), the price's reference
G_DEFENCE_INDEX = 15  # European defence-equity index (100 at the start)
G_RECON_INDEX = 16  # reconstruction index (100 at the start)
G_BOND_PRICE = 17  # supported belligerent's bond price (cents on the dollar)
G_SETTLE_ODDS = 18  # settlement odds the markets price (0..1)
G_RELIEF_APPLIED = 19  # sanctions relief phased in so far (0..1)
G_OIL_DAYS = 20  # days priced so far (for the run mean)
# Columns 30..63: talks and ceasefire.
G_TALKS_STATUS = 30  # TALKS_* code
G_DRAFT_VERSION = 31  # draft version number (0: the starting draft)
G_ROUNDS = 32  # meetings with a belligerent (count)
G_MEETINGS = 33  # meetings of any envoy with any host (count)
G_LEAKS = 34  # leaked drafts (count)
G_DEADLINES_MISSED = 35  # deadlines passed without a deal (count)
G_DEADLINE_DAY = 36  # day of the mediator's next deadline (-1 none)
G_PRESSURE_LEVEL = 37  # mediator's escalation multiplier (1 at the start)
G_SUSPEND_UNTIL = 38  # day suspended talks resume (-1 none)
G_GAP = 39  # total gap over the belligerents (utility)
G_BEST_GAP = 40  # smallest gap since the last (re)start (utility)
G_BEST_GAP_DAY = 41  # day of that smallest gap
G_GAP0 = 42  # gap on the first day of talks (utility), scales the progress
G_SIGN_DAY = 43  # day the current deal was signed (-1 none)
G_RATIFY_DAY = 44  # day ratification is decided (-1 none)
G_FREEZE_POINT = 45  # territory issue value of the current line
G_VIOLATIONS = 46  # ceasefire violations (count)
G_RELAPSES = 47  # ceasefires that collapsed back into war (count)
G_BREAKDOWNS = 48  # suspensions after the gap stopped shrinking (count)
G_OBSTACLE = 49  # state the mediator presses (-1 none)
G_PRESSURE_KIND = 50  # 0 aid pause, 1 sanctions, -1 none
G_SIGNINGS = 51  # deals signed (count)
G_RATIFY_FAILS = 52  # ratifications failed (count)
G_LEAK_TODAY = 53  # 1 when a scheduled leak fires today (events -> talks)
G_SUMMIT_TODAY = 54  # host state + 1 when a scheduled summit is held today (events -> talks)
N_GLOBAL = 64

# ---------------------------------------------------------------- global: parameters
GP_MU = 0  # Helmbold exponent: 1 square law, 0 linear law
GP_ATTRITION = 1  # base attrition coefficient k (casualties per troop-equivalent per day)
GP_FIRE_ELASTICITY = 2  # elasticity of effectiveness to firepower share
GP_ADVANCE_MAX = 3  # top advance rate v_max (km/day)
GP_RATIO_NEEDED = 4  # combat-power ratio at half the top rate, R*
GP_RATIO_SCALE = 5  # logistic width s on ln R
GP_COUNTER_MAX = 6  # top counter-attack rate (km/day)
GP_RATIO_COUNTER = 7  # ratio below which the defender counter-attacks, R_c
GP_ADVANCE_NOISE = 8  # lognormal sigma of the daily advance
GP_LOSS_NOISE = 9  # lognormal sigma of daily losses
GP_BREAKTHROUGH_HAZARD = 10  # daily breakthrough hazard at R = R*
GP_BREAKTHROUGH_EXPONENT = 11  # elasticity of the hazard to R / R*
GP_BREAKTHROUGH_KM = 12  # depth gained by a breakthrough (km)
GP_MORALE_EFFECT = 13  # elasticity of effectiveness to morale
GP_MOVEMENT = 14  # 1 lets the line move, 0 freezes it (closed-form checks)
# Columns 20..39: economy, energy and markets.
GP_OIL_PRICE0 = 20  # oil price at the start ($/bbl)
GP_OIL_MEAN = 21  # long-run mean oil price ($/bbl)
GP_OIL_REVERSION = 22  # daily mean-reversion rate of the log price (1/day)
GP_OIL_VOLATILITY = 23  # daily sigma of the log price
GP_OIL_JUMP_HAZARD = 24  # daily probability of a price jump
GP_OIL_JUMP_SIZE = 25  # sigma of a jump in the log price
GP_OIL_PRICE_IMPACT = 26  # log-price change per unit share of world supply lost (-)
GP_OIL_WORLD_SUPPLY = 27  # world oil supply (mb/d)
GP_OIL_PEACE_PUSH = 28  # log-price fall at certain settlement (-)
GP_SANCTIONS_INTENSITY = 29  # how hard sanctions bite (0..1), the lever
GP_RELIEF_PHASE_DAYS = 30  # time constant of phasing in agreed relief (days)
GP_AID_PAUSE_SHARE = 31  # share of a state's aid stopped by a mediator pause (0..1)
GP_BUFFER_HORIZON = 32  # years over which a buffer may be drawn down (years)
GP_WAR_CUT_SHARE = 33  # share of a financing shortfall cut from war spending (0..1)
GP_BUDGET_ELASTICITY = 34  # elasticity of production to war budget + materiel (-)
GP_PAIN_SCALE = 35  # growth shortfall below trend that is full pain (fraction/year)
GP_DEFENCE_BETA = 36  # log change of the defence index per unit of settlement odds
GP_RECON_BETA = 37  # log change of the reconstruction index per unit of settlement odds
GP_MARKET_VOLATILITY = 38  # daily sigma of the equity indices
GP_BOND_FLOOR = 39  # bond price at zero settlement odds (cents)
# Columns 40..63: talks and ceasefire (their parameters live in World.talks_param,
# columns in engine/talks_layout.py).
N_GLOBAL_PARAM = 64

# ---------------------------------------------------------------- outcomes
OUTCOME_NO_DEAL = 0
OUTCOME_CEASEFIRE_HOLDING = 1
OUTCOME_CEASEFIRE_COLLAPSED = 2
OUTCOME_COLLAPSE = 3
OUTCOME_NAMES = ("no_deal", "ceasefire_holding", "ceasefire_collapsed", "collapse")

# ---------------------------------------------------------------- talks status
TALKS_OFF = 0  # no talks in this scenario
TALKS_ACTIVE = 1  # envoys shuttling
TALKS_SUSPENDED = 2  # broken down or the mediator disengaged, until G_SUSPEND_UNTIL
TALKS_SIGNED = 3  # deal signed, ratification pending
TALKS_CEASEFIRE = 4  # ratified: a ceasefire holds
TALKS_STATUS_NAMES = ("off", "active", "suspended", "signed", "ceasefire")

# ---------------------------------------------------------------- roles
ROLE_BELLIGERENT = 0
ROLE_MEDIATOR = 1
ROLE_PATRON = 2
ROLE_NAMES = ("belligerent", "mediator", "patron")

# ---------------------------------------------------------------- random streams
STREAM_LOSS_ATTACKER = 1
STREAM_LOSS_DEFENDER = 2
STREAM_ADVANCE = 3
STREAM_BREAKTHROUGH = 4
STREAM_HAZARD = 5
# Streams 10..19: economy and politics.
STREAM_OIL = 10  # index 0: the log price's diffusion
STREAM_OIL_JUMP = 11  # uniform index 0: jump or not; normal index 1: its size
STREAM_MARKETS = 12  # index 0: defence index, 1: reconstruction index
STREAM_RALLY = 13  # index: state
STREAM_ELECTION = 14  # index: state
# Streams 20..29: beliefs and talks.
STREAM_LEAK = 20  # index 0: a leak today
STREAM_DEADLINE = 21  # index 0: the mediator's choice at a deadline
STREAM_SUSPEND = 22  # index 0: length of a suspension
STREAM_RATIFY = 23  # index: state
STREAM_CEASEFIRE = 24  # index 0: violation today, 1: escalation into relapse

# ---------------------------------------------------------------- events
# Event kinds. Each event has a day, two integer targets (a, b; -1 when
# unused) and a value. The meaning of a, b and value per kind is in
# docs/model.md and engine.events.EVENT_KINDS.
EV_REINFORCEMENT = 0  # a: state; value: troops added to the reserve (people)
EV_RECRUITMENT = 1  # a: state; value: new recruitment multiplier
EV_PRODUCTION = 2  # a: state; value: new firepower production multiplier
EV_FIRE_DELIVERY = 3  # a: state; value: shell-equivalents added to the stock
EV_FORTIFY = 4  # a: front; value: fortification multiplier applied
EV_SETTLEMENT_CAPTURED = 5  # log only: a: front, b: settlement; value: depth (km)
EV_SETTLEMENT_RETAKEN = 6  # log only: a: front, b: settlement; value: depth (km)
EV_BREAKTHROUGH = 7  # log only: a: front; value: km gained
EV_COLLAPSE = 8  # log only: a: state whose army broke
# Codes 20..39: economy and politics events.
EV_SANCTIONS = 20  # a: sender, b: target; value: sanctions coverage added (0..1)
EV_AID = 21  # a: patron, b: recipient; value: new aid level ($bn/year)
EV_FINANCING = 22  # a: patron, b: recipient; value: lump sum into the fiscal buffer ($bn)
EV_PRICE_CAP = 23  # a: sender, b: target; value: price cap ($/bbl)
EV_ELECTION = 24  # log only: a: state, b: 1 leadership replaced, 0 kept; value: war support
EV_RALLY = 25  # log only: a: state; value: support gained
EV_BUFFER_EMPTY = 26  # log only: a: state whose fiscal buffer ran dry; value: deficit ($bn/yr)
EV_SUPPORT_COLLAPSE = 27  # log only: a: state whose war support broke; value: support
# Codes 40..59: talks events.
EV_DEADLINE = 40  # scheduled: a: mediator; value: days from today to the deadline
EV_SUMMIT = 41  # scheduled: a: host state; a summit meeting with the mediator today
EV_LEAK = 42  # scheduled or drawn: a: belligerent that backlashes (-1 scheduled); value: leaks
EV_MEETING = 43  # log only: a: envoy, b: host; value: draft version after the meeting
EV_DEADLINE_MISSED = 44  # log only: a: mediator; b: 0 extend, 1 escalate, 2 disengage; value: level
EV_PRESSURE = 45  # log only: a: pressed state (-1 none); b: 0 aid pause, 1 sanctions; value: level
EV_SIGNED = 46  # log only: value: draft version signed
EV_RATIFIED = 47  # log only: value: draft version
EV_RATIFY_FAILED = 48  # log only: a: state whose ratification failed; value: chance of failing
EV_CEASEFIRE = 49  # log only: value: guarantee strength
EV_VIOLATION = 50  # log only: value: daily hazard
EV_RELAPSE = 51  # log only: value: days the ceasefire held
EV_BREAKDOWN = 52  # log only: value: days suspended
EV_RESUME = 53  # log only: value: gap when talks resume
EV_RIPE = 54  # log only: a: state; value: 1 now ripe, 0 no longer
EV_COUNTER_PROPOSAL = 55  # log only: a: patron; value: draft version

# Log record columns: (day, kind, a, b, value)
LOG_DAY = 0
LOG_KIND = 1
LOG_A = 2
LOG_B = 3
LOG_VALUE = 4
N_LOG = 5

# ---------------------------------------------------------------- series
# Per-state daily series columns
SS_TROOPS = 0  # troops in theatre (people)
SS_CASUALTIES = 1  # cumulative casualties (people)
SS_TERRITORY = 2  # cumulative ground gained (km2)
SS_FIRE_STOCK = 3  # firepower stockpile (shell-eq)
SS_MORALE = 4  # morale (0..1)
SS_WAR_SUPPORT = 5  # war support (0..1)
# Columns 6..11: economy and politics.
SS_GDP_INDEX = 6  # GDP (100 at the start)
SS_GROWTH = 7  # annualised growth today (%)
SS_ECON_PAIN = 8  # economic pain (0..1)
SS_OIL_REVENUE = 9  # oil export revenue ($bn/year)
SS_FISCAL_BUFFER = 10  # fiscal buffer ($bn)
SS_SANCTIONS_BITE = 11  # combined sanctions bite (0..1)
# Columns 12..15: talks.
SS_BATNA = 12  # BATNA (utility)
SS_DRAFT_UTILITY = 13  # utility of the current draft (utility)
SS_BELIEF_TREND = 14  # believed change of own territory, bias included (km2/day)
SS_RIPE = 15  # 1 while ripe
N_SERIES_STATE = 16
# Global daily series columns
SG_CEASEFIRE = 0
# Columns 1..9: economy, energy and markets.
SG_OIL_PRICE = 1  # $/bbl
SG_DEFENCE_INDEX = 2  # 100 at the start
SG_RECON_INDEX = 3  # 100 at the start
SG_BOND_PRICE = 4  # cents
SG_SETTLE_ODDS = 5  # 0..1
SG_RELIEF = 6  # sanctions relief phased in (0..1)
# Columns 10..15: talks.
SG_TALKS_PROGRESS = 10  # 0..1
SG_TALKS_STATUS = 11  # TALKS_* code
SG_DRAFT_VERSION = 12
SG_FREEZE_POINT = 13  # territory issue value of the current line
SG_GAP = 14  # total gap (utility)
SG_PRESSURE_LEVEL = 15  # mediator's escalation multiplier
N_SERIES_GLOBAL = 16
