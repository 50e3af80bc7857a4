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
# Columns 16..39: economy and domestic politics. Columns 40..63: beliefs and talks.
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
# Columns 20..39: economy and domestic politics. Columns 40..63: beliefs and talks.
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
# Columns 10..29: economy, energy and markets. Columns 30..63: talks and ceasefire.
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
# Columns 20..39: economy, energy and markets. Columns 40..63: talks and ceasefire.
N_GLOBAL_PARAM = 64

# ---------------------------------------------------------------- outcomes
OUTCOME_NO_DEAL = 0
OUTCOME_CEASEFIRE_HOLDING = 1
OUTCOME_CEASEFIRE_COLLAPSED = 2
OUTCOME_COLLAPSE = 3
OUTCOME_NAMES = ("no_deal", "ceasefire_holding", "ceasefire_collapsed", "collapse")

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
# Streams 10..19: economy and politics. Streams 20..29: beliefs and talks.

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
# Codes 20..39: economy and politics events. Codes 40..59: talks events.

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
# Columns 6..11: economy and politics. Columns 12..15: talks.
N_SERIES_STATE = 16
# Global daily series columns
SG_CEASEFIRE = 0
# Columns 1..9: economy, energy and markets. Columns 10..15: talks.
N_SERIES_GLOBAL = 16
