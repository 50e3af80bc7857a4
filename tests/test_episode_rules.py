"""The episode library's written rules hold in the committed files (issue 14).

The game's cost of war reads each side's ``resolve`` and the red-line pain weights (commit
8f529f7), so those inputs must be one library setting in every episode and in the clean
2025 backtest (scenarios/episode_bargaining.py, ``pain_settings``), never a per-war or
2025-sourced number; and the committed files must be what the rule writers write.
"""

from __future__ import annotations

import functools
import shutil
import tomllib
from pathlib import Path

import pytest

from scenarios import backtest_clean as BC
from scenarios import episode_bargaining as EB

EPISODES = sorted(p for p in EB.EPISODE_DIR.glob("*.toml") if p.name not in EB.DATA)


def test_library_has_fourteen_episodes():
    assert len(EPISODES) == 14


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_episode_file_is_what_the_rule_writes(path: Path, tmp_path: Path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    assert not EB.write(copy), f"{path.name} differs from python -m scenarios.episode_bargaining"


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_pain_inputs_are_the_library_setting(path: Path):
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    for code in EB.belligerents(raw):
        entry = raw["states"][code]["resolve"]
        assert entry["value"] == EB.RESOLVE[0], (path.name, code)
        assert entry["source"].startswith("library setting"), (path.name, code)
    talks = raw["talks"]
    for key, (value, _) in EB.PAIN.items():
        assert talks[key]["value"] == value, (path.name, key)
        assert talks[key]["source"].startswith("library setting"), (path.name, key)
    for key in EB.CREDIBILITY:
        # no episode sets them: the engine default is the library's value
        assert key not in talks, (path.name, key)


REFERENCE = Path(__file__).resolve().parents[1] / "scenarios" / "ukraine_2025.toml"


@functools.cache
def _reference() -> dict:
    """The reference scenario as parsed TOML (read once for every parametrized case)."""
    return tomllib.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_battle_rates_are_the_reference_structure(path: Path):
    """Attrition, morale sensitivity and the breakthrough hazard are the reference's.

    Each was a rate counted over the war's own length (total losses, or breakthroughs,
    over its days), so it carried the outcome being predicted (a low rate marks a long
    war) and, through the engine's pain and the line's moves, reached the talks (issue 14,
    docs/episodes.md).
    """
    ref = _reference()
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    k = raw["battle"]["attrition"]
    assert k["value"] == ref["battle"]["attrition"]["value"], path.name
    assert k["source"].startswith("structure from ukraine_2025"), path.name
    b = raw["battle"]["breakthrough_hazard"]
    assert b["value"] == ref["battle"]["breakthrough_hazard"]["value"], path.name
    assert b["source"].startswith("structure from ukraine_2025"), path.name
    for code in EB.belligerents(raw):
        m = raw["states"][code]["morale_sensitivity"]
        assert m["value"] == ref["states"]["RUS"]["morale_sensitivity"]["value"], (path.name, code)
        assert m["source"].startswith("structure from ukraine_2025"), (path.name, code)


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_growth_is_replacement_up_to_the_start_strength(path: Path):
    """No side grows past its troops at the start, and it replaces losses at the reference's share.

    Recorded growth (a wartime peak reached over the war's own length) carried the
    duration being predicted: (ceiling - troops) / recruits_per_day put the end of the
    Winter War's Soviet growth at day 103 of 104 (issue 14 review).
    """
    ref = _reference()["states"]["RUS"]
    share = ref["recruits_per_day"]["value"] / ref["troops"]["value"]
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    for code in EB.belligerents(raw):
        s = raw["states"][code]
        troops = s["troops"]["value"]
        assert s["troop_ceiling"]["value"] == troops, (path.name, code)
        assert s["recruits_per_day"]["value"] == round(troops * share, 1), (path.name, code)
        for key in ("fire_production", "fire_rate", "fire_stock"):
            # no episode codes fire: the Gulf War's bombing was a tonnage over its 43 days
            assert s.get(key, {"value": 0.0})["value"] == 0.0, (path.name, code, key)


def test_credibility_setting_is_the_engine_default():
    from engine.mechanisms.talks.schema import Talks  # noqa: PLC0415

    fields = Talks.model_fields
    for key, (value, _) in EB.CREDIBILITY.items():
        assert fields[key].default == value, key


def test_clean_backtest_is_what_the_rule_writes():
    text, _ = BC.clean_text(BC.SOURCE.read_text(encoding="utf-8"))
    assert BC.TARGET.read_text(encoding="utf-8") == text, "run python -m scenarios.backtest_clean"


def test_clean_backtest_plays_the_library_pain():
    from engine.scenario import load_scenario  # noqa: PLC0415

    sc = load_scenario(BC.TARGET)
    for code in ("RUS", "UKR"):
        assert sc.states[code].resolve == EB.RESOLVE[0], code  # after the resolve levers
    for key, (value, _) in {**EB.PAIN, **EB.CREDIBILITY}.items():
        assert getattr(sc.talks, key) == value, key
    raw = tomllib.loads(BC.TARGET.read_text(encoding="utf-8"))
    for key in {**EB.PAIN, **EB.CREDIBILITY}:
        assert raw["talks"][key]["source"].startswith("library setting"), key


def _centre_a(raw: dict) -> float:
    text = EB.block(raw)
    line = next(ln for ln in text.splitlines() if ln.startswith("strength = { centre"))
    return float(line.split("centre = ", 1)[1].split(",", 1)[0])


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_strength_centre_reads_only_the_force_at_the_start(path: Path):
    """No troop ceiling and no reinforcement dated after the start reaches the game's case
    fact (issue 14: wartime peaks are known only after the start)."""
    import datetime

    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    before = _centre_a(raw)
    start = raw["scenario"]["start"]
    a, b = EB.belligerents(raw)
    for code in (a, b):
        raw["states"][code]["troop_ceiling"] = {"value": 5.0e7, "source": "test: a wartime peak"}
    raw.setdefault("events", []).append({
        "date": start + datetime.timedelta(days=1), "kind": "reinforcement", "target": a,
        "value": 1.0e7, "name": "test", "source": "test: a later landing"})
    assert _centre_a(raw) == before
    # a reinforcement dated on the start is known at the start and counts
    raw["events"].append({
        "date": start, "kind": "reinforcement", "target": a, "value": 1.0e7,
        "name": "test", "source": "test: in place on day 0"})
    assert _centre_a(raw) > before


def test_falklands_force_is_the_argentine_garrison_alone():
    """Britain had no troops on the islands on 2 Apr 1982; its task force's landing (an
    estimated 26 Apr) is a later reinforcement and is not counted."""
    raw = tomllib.loads((EB.EPISODE_DIR / "falklands_1982.toml").read_text(encoding="utf-8"))
    assert EB.force(raw, "GBR")[0] == 0.0
    assert EB.force(raw, "ARG")[0] == 3000.0
