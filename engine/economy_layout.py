"""Column layout of the economy's and politics' own parameter arrays.

Per-state economic and political parameters outnumber the state-parameter
columns reserved for them in :mod:`engine.layout`, so they live in their own
arrays of the World's "economy" block: ``econ_param[r, i, EP_*]`` and
``econ_glob_param[r, EG_*]``. Dynamic columns stay in :mod:`engine.layout`
(``S_GDP``..., ``G_OIL_PRICE``...).
"""

# ---------------------------------------------------------------- per state: economy
EP_ECONOMY = 0  # 1 when the state's economy is modelled
EP_GDP = 1  # GDP at the start ($bn/year)
EP_TREND_GROWTH = 2  # trend (potential) growth (fraction/year)
EP_CYCLE_GROWTH = 3  # cyclical growth above trend at the start (fraction/year)
EP_CYCLE_DECAY = 4  # daily factor on the cyclical growth, 2**(-1/half_life) (-)
EP_SANCTIONS_DRAG = 5  # growth lost at full sanctions bite (fraction/year)
EP_WAR_DRAG = 6  # growth lost while at war (fraction/year)
EP_PEACE_DIVIDEND = 7  # growth gained under a ceasefire (fraction/year)
EP_WAR_SHARE = 8  # war spending (share of GDP)
EP_CIVIL_SHARE = 9  # other public spending (share of GDP)
EP_REVENUE_SHARE = 10  # non-oil budget revenue (share of GDP)
EP_BORROWING = 11  # deficit it can borrow each year without drawing the buffer ($bn/year)
EP_FISCAL_BUFFER = 12  # fiscal buffer at the start ($bn)
EP_OIL_EXPORT = 13  # oil exports without sanctions (mb/d)
EP_DISCOUNT_BASE = 14  # discount below the world price without sanctions ($/bbl)
EP_DISCOUNT_BITE = 15  # extra discount at full bite ($/bbl)
EP_FISCAL_TAKE = 16  # share of export revenue that reaches the budget (0..1)
EP_VOLUME_CUT = 17  # share of export volume lost at full bite (0..1)
EP_COMPONENT_HIT = 18  # share of production efficiency lost at full bite (0..1)
EP_AID = 19  # aid this patron gives its client at the start ($bn/year)
EP_MATERIEL_SHARE = 20  # share of its aid given as materiel (0..1)
EP_AID_SCALE = 21  # scale on its aid and financing (1 = the scenario's level)
# ---------------------------------------------------------------- per state: politics
EP_POLITICS = 22  # 1 when the state's domestic politics is modelled
EP_CASUALTY_SENSITIVITY = 23  # support lost per day per (casualties per capita per day)
EP_PAIN_SENSITIVITY = 24  # support lost per day at full economic pain
EP_SUPPORT_RECOVERY = 25  # daily pull of support back toward its start (1/day)
EP_RECRUIT_ELASTICITY = 26  # elasticity of recruitment to support / support at start
EP_RALLY_HAZARD = 27  # daily probability of a rally event
EP_RALLY_SIZE = 28  # support gained in a rally
EP_COLLAPSE_SUPPORT = 29  # war support below which the state gives up (0: never)
EP_ELECTION_DELAY = 30  # days from a ceasefire to an election (0: none)
EP_REPLACE_MIDPOINT = 31  # support at which an election replaces the leadership half the time
EP_REPLACE_SCALE = 32  # logistic width of that probability
EP_RESOLVE_SHIFT = 33  # change in resolve when a leadership is replaced
N_ECON_PARAM = 34

# ---------------------------------------------------------------- global overflow
EG_BOND_SPAN = 0  # bond price gained at certain settlement (cents)
EG_GUARANTEE_WEIGHT = 1  # share of that gain that needs strong guarantees (0..1)
EG_REFERENCE_INTENSITY = 2  # sanctions intensity under which the start figures were observed
N_ECON_GLOB_PARAM = 3

# Economy event kinds in the scenario file -> event codes (engine.layout EV_*)
ECON_EVENT_KINDS = {
    "sanctions": "coverage added to the sender's sanctions on the target (0..1)",
    "aid": "new aid level from the sender (a patron) to the target ($bn/year)",
    "financing": "lump sum from the sender into the target's fiscal buffer ($bn)",
    "price_cap": "price cap the sender sets on the target's oil ($/bbl)",
}
