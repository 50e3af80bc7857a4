"""The ``warsim`` command line.

Each sub-command's work lives in ``engine/commands/<name>.py`` and is imported
only when that command runs, so ``warsim run`` never imports mesa or solara.
Exit codes: 0 success, 2 bad input (one line per problem, no traceback),
1 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from engine.errors import UsageError


class _Parser(argparse.ArgumentParser):
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


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=SEED, default=None, help="random seed (default: the scenario's)")
    p.add_argument("--days", type=DAYS, default=None, help="days to simulate")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a scenario value by dotted path (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warsim",
        description="Agent-based war-and-diplomacy simulation engine.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("run", help="simulate one run and print its summary")
    p.add_argument("scenario", help="scenario file or name (e.g. ukraine_2025)")
    add_run_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", default=None, help="folder for summary, event log and daily series")

    p = sub.add_parser("validate", help="check a scenario file")
    p.add_argument("scenario")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")

    for name, register in _extra_commands():
        register(sub.add_parser(name, help=_HELP.get(name, name)))
    return parser


_HELP: dict[str, str] = {}


def _extra_commands():
    """Commands contributed by engine.commands modules with a ``register`` function."""
    out = []
    for name in ("batch", "report", "sensitivity", "app", "bench", "validate_model"):
        try:
            mod = importlib.import_module(f"engine.commands.{name}_cli")
        except ModuleNotFoundError:
            continue
        _HELP[mod.NAME] = mod.HELP
        out.append((mod.NAME, mod.register))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in ("run", "validate"):
            mod = importlib.import_module(f"engine.commands.{args.command}")
        else:
            mod = importlib.import_module(f"engine.commands.{args.command.replace('-', '_')}")
        code = mod.main(args)
    except UsageError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("warsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence
        if os.environ.get("WARSIM_DEBUG"):
            raise
        print(
            f"warsim: internal error: {type(exc).__name__}: {exc} (WARSIM_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
