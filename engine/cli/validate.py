"""``warsim validate SCENARIO``: check a file, print ``ok`` or its problems."""

from __future__ import annotations

from engine.api import parse_overrides
from engine.scenario import load_scenario


def main(args) -> int:
    load_scenario(args.scenario, parse_overrides(args.overrides))
    print("ok")
    return 0
