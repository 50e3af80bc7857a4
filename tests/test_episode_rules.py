"""The episode library's written rules hold in the committed files (issue 14).

The game's cost of war reads each side's ``resolve`` and the red-line pain weights (commit
8f529f7), so those inputs must be one library setting in every episode and in the clean
2025 backtest (scenarios/episode_bargaining.py, ``pain_settings``), never a per-war or
2025-sourced number; and the committed files must be what the rule writers write.
"""

from __future__ import annotations

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
