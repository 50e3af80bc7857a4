"""Option types shared by the ``warsim`` commands (argparse and stdlib only).

Every command module imports these at start-up, so nothing heavy may be imported here.
"""

from __future__ import annotations

import argparse


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``warsim run: error: ...``, exit 2."""

    def error(self, message):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {message}\n")


def int_in(lo: int, hi: int, what: str = ""):
    """An argparse ``type`` for a whole number in ``[lo, hi]`` (``what`` prefixes the error)."""
    prefix = f"{what} " if what else ""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{prefix}{v} is outside [{lo}, {hi}]")
        return v

    return parse


SEED = int_in(0, 2**62 - 1)
DAYS = int_in(1, 3650)


def add_set_option(
    p: argparse.ArgumentParser, help: str = "override a scenario value by dotted path (repeatable)"
) -> None:
    """``--set PATH=VALUE`` (repeatable), collected in ``args.overrides``."""
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help=help)


def add_run_options(p: argparse.ArgumentParser) -> None:
    """``--seed``, ``--days`` and ``--set``, as ``warsim run`` spells them."""
    p.add_argument("--seed", type=SEED, default=None, help="random seed (default: the scenario's)")
    p.add_argument("--days", type=DAYS, default=None, help="days to simulate")
    add_set_option(p)
