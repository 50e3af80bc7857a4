"""``warsim validate SCENARIO``: check a file, print ``ok`` or its problems."""

from __future__ import annotations

from engine.cli.options import add_set_option

NAME = "validate"
HELP = "check a scenario file"


def register(p) -> None:
    p.add_argument("scenario", help="scenario file or name")
    add_set_option(p, help="check with this override applied (repeatable)")


def main(args) -> int:
    from engine.cli.suggest import checked_overrides
    from engine.scenario import load_scenario

    load_scenario(args.scenario, checked_overrides(args.scenario, args.overrides))
    print("ok")
    return 0
