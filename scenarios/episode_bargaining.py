"""Write each library episode's ``[talks.bargaining]`` table by fixed library rules.

``python -m scenarios.episode_bargaining`` (re)writes, in every ``scenarios/episodes/*.toml``,
the block between the markers ``# BEGIN talks.bargaining`` and ``# END talks.bargaining``
(appended when absent). The block is the bargaining game of issue 13 (docs/talks_game.md)
coded for the episode, so that ``--set talks.model=bargaining`` plays it; the calibration
(issue 14, ``scenarios/episodes/priors_bargaining.toml``) fits its behavioural
coefficients.

Two kinds of numbers are written, and their source notes say which:

* **case facts by rule**, from numbers the episode file already carries with sources and
  that were known at the episode's start: each side's strength centre from its force
  at the start (:func:`force`), so that the chance side A wins the war,
  ``p = 1/2 + (theta_A - theta_B) / 2``, is A's share of the two forces. Force size is a
  crude proxy for the balance (Israel in 1973 and the coalition in 1991 show its limits);
  it is a rule, not a judgement per war, so it carries no outcome;
* **behavioural coefficients**, marked ``PLACEHOLDER`` (replaced by the calibrated
  posterior; the value written is the prior median of priors_bargaining.toml), and the
  game's fixed judgements, the same in every episode (the reference scenario's values,
  which are judgement, not 2025 facts).

No number in the block reads outcomes.toml.

**The force is the force at the start** (issue 14: positions coded only from what was
known at the episode's start; a test period's outcomes never reach its prediction). A
side's force is its ``troops`` (sourced in every file as of the start), or the sum of
its fronts' start troops (``attacker_troops`` / ``defender_troops``) where that is larger,
plus the troops of its ``reinforcement`` events dated on or before the scenario's start
(``[scenario] start``). The ``troop_ceiling`` is not read. It once held wartime peaks
known only after the start (the Soviet ~760,000 of Feb-Mar 1940, Iraq's ~1 million of
1988; docs/episodes.md, "Inputs not known at the start"); since the same refit every
ceiling is the troops at the start (a battlefield rule, tests/test_episode_rules.py).
Reinforcements dated after the start are left out: even a start-known one (the
Falklands task force announced on day 1) arrives on an estimated date. Until commit
1d1045b (branch ``startknown``, adopted with the refit of 1 Dec 2026) the force was the
larger of the troops and the ceiling, plus every reinforcement; the rule was changed
before any score of the new coding was seen. A side with no force in the theatre at
the start (Britain in the Falklands on 2 Apr 1982) gets p = 0 or 1: the rule reads the
force on the ground, not the power that may be sent, which is its known weak point.

Since commit 8f529f7 the game's cost of war is scaled by the engine's pain as the red-line
talks weigh it, ``1 + (1 - resolve) x pain x (1 + weariness (1 - war_support))``, so the
inputs of that pain reach the game: each state's ``resolve`` and the ``[talks]`` weights
``casualty_cost``, ``econ_cost``, ``pressure_cost``, ``weariness`` and ``belief_rate`` (the
loss-rate average). They are not fitted (the fit frees six game coefficients, see
priors_bargaining.toml) and nothing in an episode's record sets them before the war, so
:func:`pain_settings` writes them by a **library setting**, the same in every episode
(:data:`PAIN`, :data:`RESOLVE`). ``us_pressure`` stays a case setting of each episode (the
mediator's levers differ from war to war; its weight ``pressure_cost`` is the library's).
"""

# ruff: noqa: E501 -- the TOML lines of the block are written verbatim, one entry a line
from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path

EPISODE_DIR = Path(__file__).resolve().parent / "episodes"
BEGIN = "# BEGIN talks.bargaining (written by python -m scenarios.episode_bargaining; edit the rule, not this block)"
END = "# END talks.bargaining"
DATA = {"outcomes.toml", "priors.toml", "priors_bargaining.toml", "posterior.toml"}
PH = "PLACEHOLDER: prior median of scenarios/episodes/priors_bargaining.toml; replaced by the calibrated posterior (issue 14)"

# Prior medians of the fitted coefficients (priors_bargaining.toml): geometric mean for a
# log-uniform prior, mid-point for a uniform one.
PLACEHOLDERS = {
    "hazard": math.sqrt(1e-3 * 5e-2),
    "informativeness": 0.5,
    "cost": math.sqrt(1e-6 * 1e-3),
    "optimism": 1.5,
    "ripening": math.sqrt(0.1 * 1000.0),
    "guarantee": 0.15,
}


# The engine's pain as the game feels it (8f529f7): one setting for every episode and side.
RESOLVE = (
    0.5,
    "library setting (issue 14, the same for every state of every episode): resolve 0.5 is "
    "neutral (the engine's default), between settling at any cost (0) and bearing any cost "
    "(1); a per-war judgement of resolve would be a talks coefficient the fit never sees, and "
    "the calibrated cost centre carries the library's average cost tolerance",
)
_PAIN_WHY = (
    "library setting (issue 14, the same in every episode): the reference scenario's judgement "
    "value (scenarios/ukraine_2025.toml), not a fact of this war and not fitted; it weighs the "
    "engine's pain in the game's cost of war, whose scale the fitted cost centre carries"
)
PAIN = {
    "belief_rate": (0.03, _PAIN_WHY + " (here: the loss rate averages the last ~1-2 months)"),
    "casualty_cost": (0.25, _PAIN_WHY),
    "econ_cost": (0.2, _PAIN_WHY),
    "pressure_cost": (0.5, _PAIN_WHY + " (the weight of the mediator's case-set us_pressure)"),
    "weariness": (1.0, _PAIN_WHY + " (costs double as war support goes to 0)"),
}
# How credible the mediator's pressure is (an aid pause on a client, sanctions on the other):
# no episode sets them, so every episode plays the engine's default; a file that does set
# them (the clean backtest) is brought to the same value.
_CRED_WHY = (
    "library setting (issue 14, the same in every episode): the engine's default, which "
    "every episode of the library plays with (none sets it); not fitted"
)
CREDIBILITY = {
    "aid_credibility": (0.5, _CRED_WHY),
    "sanctions_credibility": (0.5, _CRED_WHY),
}


def _entry(key: str, value: float, source: str) -> str:
    return f'{key} = {{ value = {float(value)!r}, source = "{source}" }}'


def pain_settings(text: str, states: set[str] | None = None) -> str:
    """``text`` with the pain inputs of the game set by the library setting.

    Rewrites the ``resolve`` line of each ``[states.X]`` table (only the codes in
    ``states`` when given) and the :data:`PAIN` and :data:`CREDIBILITY` lines of the
    ``[talks]`` table; every other
    line is kept byte for byte. A key that the file lacks is not added.
    """
    out, header = [], ""
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            header = line.split("#", 1)[0].strip()
        key = line.split("=", 1)[0].strip() if "=" in line else ""
        new = None
        if (
            key == "resolve"
            and header.startswith("[states.")
            and header.count(".") == 1
            and (states is None or header[len("[states."):-1] in states)
        ):
            new = _entry("resolve", *RESOLVE)
        elif header == "[talks]" and key in PAIN:
            new = _entry(key, *PAIN[key])
        elif header == "[talks]" and key in CREDIBILITY:
            new = _entry(key, *CREDIBILITY[key])
        out.append(line if new is None else new + "\n")
    return "".join(out)


def _val(v) -> float:
    return float(v["value"] if isinstance(v, dict) else v)


def force(raw: dict, code: str) -> tuple[float, str]:
    """A belligerent's force at the episode's start for the strength rule, and how it was counted.

    Parameters
    ----------
    raw : dict
        The episode file as parsed TOML.
    code : str
        The state's code (a key of ``raw["states"]``).

    Returns
    -------
    force : float
        Troops (men): the larger of the state's ``troops`` and the sum of its fronts' start
        troops, plus its ``reinforcement`` events dated on or before ``[scenario] start``.
        The ``troop_ceiling`` and later reinforcements are not read (module docstring).
    how : str
        The count in words, for the source note.
    """
    s = raw["states"][code]
    troops = _val(s["troops"])
    on_fronts = 0.0
    for f in raw.get("fronts", {}).values():
        if f.get("attacker") == code:
            on_fronts += _val(f.get("attacker_troops", 0.0))
        if f.get("defender") == code:
            on_fronts += _val(f.get("defender_troops", 0.0))
    start = raw["scenario"]["start"]
    mine = [e for e in raw.get("events", []) if e.get("kind") == "reinforcement" and e.get("target") == code]
    # a TOML date compares with the start date; an event without a date is not start-known
    known = [e for e in mine if e.get("date") is not None and e["date"] <= start]
    extra = sum(float(e["value"]) for e in known)
    later = sum(float(e["value"]) for e in mine) - extra
    f = max(troops, on_fronts) + extra
    how = f"troops at the start {troops:,.0f}"
    if on_fronts > troops:
        how = f"fronts' start troops {on_fronts:,.0f} > troops {troops:,.0f}"
    if extra:
        how += f" + reinforcements by the start {extra:,.0f}"
    if later:
        how += f"; later reinforcements {later:,.0f} not counted"
    return f, how


def belligerents(raw: dict) -> list[str]:
    """Side A and side B: the first two belligerents in file order (the talks' sides)."""
    return [k for k, v in raw["states"].items() if v.get("role") == "belligerent"][:2]


def block(raw: dict) -> str:
    """The ``[talks.bargaining]`` block of one episode (TOML text between the markers)."""
    a, b = belligerents(raw)
    fa, how_a = force(raw, a)
    fb, how_b = force(raw, b)
    p = fa / (fa + fb)
    centre = round(p - 0.5, 4)
    ph = PLACEHOLDERS
    lines = [
        BEGIN,
        "# The bargaining game (issue 13) coded for this episode: side A = " + a + ", B = " + b + ".",
        "# Strength centres are a case fact by the library rule (docs/episodes.md): A's chance to",
        "# win the war p = 1/2 + (theta_A - theta_B)/2 equals A's share of the two forces at the",
        "# start (no troop ceiling, no reinforcement dated after the start: known only later).",
        "[talks.bargaining]",
        'first = "A"',
        'proposer = "alternate"',
        f'issues = ["{next(iter(raw["issues"]))}"]  # one package line; no reservation terms are coded',
        'talk_every = { value = 7, source = "library setting (judgement, the same in every episode): about one substantive exchange a week (the reference scenario\'s cadence) (U)" }',
        f'hazard = {{ value = {ph["hazard"]:.6g}, source = "{PH}" }}',
        f'informativeness = {{ value = {ph["informativeness"]:.6g}, source = "{PH}" }}',
        'tremble = { value = 0.05, source = "library setting (judgement, the reference scenario\'s value): offers and refusals are noisy signals (U)" }',
        "",
    ]
    for side, c in (("A", centre), ("B", -centre)):
        lines += [
            f"[talks.bargaining.sides.{side}]",
            'discount = { value = 0.9995, source = "library setting (judgement, the same in every episode and side): a year of delay worth ~17% (the reference value) (U)" }',
            (
                f'strength = {{ centre = {c}, spread = 0.3, source = "(D) library rule: p(A wins) = A\'s share of the forces at the start '
                '(troops as sourced at the start, reinforcements dated by the start; troop ceilings and later reinforcements are not read, being known only after the start), '
                f'{a} {fa:,.0f} [{how_a}] vs {b} {fb:,.0f} [{how_b}], p = {p:.3f}, so centre = +-(p - 1/2); '
                'spread 0.3 judgement as in the reference (U)" }'
            ),
            'strength_levels = { value = 2, source = "library setting (numerics of the type grid): a weaker and a stronger type" }',
            f'cost = {{ centre = {ph["cost"]:.6g}, spread = 0.0, source = "{PH} (cost.centre; the same for both sides)" }}',
            'cost_levels = { value = 1, source = "library setting (numerics): one cost type; the cost is fitted, not drawn" }',
            f'optimism = {{ value = {ph["optimism"]:.6g}, source = "{PH} (the same for both sides: mutual optimism)" }}',
            f'ripening = {{ value = {ph["ripening"]:.6g}, source = "{PH} (the same for both sides)" }}',
            "",
        ]
    lines += [
        "[talks.bargaining.commitment]",
        'shift = { value = 0.0, source = "library setting (judgement, the same in every episode): no expected power shift under a ceasefire, only an uncertain one (U)" }',
        'shift_sd = { value = 0.1, source = "library setting (judgement, the same in every episode): how far the balance may move while the guns are silent (U)" }',
        'shift_days = { value = 60, source = "library setting (judgement, the same in every episode): two months until the balance after a ceasefire shows (the reference value) (U)" }',
        f'guarantee = {{ value = {ph["guarantee"]:.6g}, source = "{PH}" }}',
        'nodes = { value = 3, source = "library setting (numerics): quadrature nodes of the uncertain shift" }',
        "",
        "[talks.bargaining.mediator]",
        'every = { value = 3, source = "library setting (judgement, the same in every episode): the mediator drafts every third round (the reference value) (U)" }',
        'noise = { value = 0.1, source = "library setting (judgement, the same in every episode): the mediator reads each bottom line to ~0.1 of the package (U)" }',
        END,
    ]
    return "\n".join(lines) + "\n"


def write(path: Path) -> bool:
    """Rewrite (or append) the block in one episode file; True when the text changed."""
    old = path.read_text(encoding="utf-8")
    text = pain_settings(old)
    raw = tomllib.loads(text)
    new_block = block(raw)
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        new = head + new_block + tail.lstrip("\n")
    else:
        new = text.rstrip("\n") + "\n\n" + new_block
    if new != old:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    changed = [p.name for p in sorted(EPISODE_DIR.glob("*.toml")) if p.name not in DATA and write(p)]
    print(f"rewrote [talks.bargaining] and the pain settings in {len(changed)} episode files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
