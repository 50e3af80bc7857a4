"""The ``warsim`` command line: one module per command in this package.

Each command module defines ``NAME``, ``HELP``, ``register(parser)`` (argparse
options; light, imported on every start) and ``main(args)`` (the work; heavy
imports such as numba kernels, polars or the benchmark suite happen inside it),
so ``warsim --help`` is quick and ``warsim run`` never imports mesa or solara.
Exit codes: 0 success, 2 bad input (one line per problem, no traceback),
1 internal error.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import os
import sys

from engine.cli.options import DAYS, SEED, Parser, add_run_options, add_set_option, int_in
from engine.errors import UsageError

__all__ = ["COMMANDS", "DAYS", "SEED", "add_run_options", "add_set_option", "build_parser",
           "collection_paused", "int_in", "main"]

# Modules of engine.cli, in the order ``warsim --help`` lists them.
COMMANDS = (
    "run",
    "validate",
    "batch",
    "report",
    "sensitivity",
    "calibrate",
    "app",
    "bench",
    "validate_model",
    "scenarios",
    "levers",
    "replay",
    "plot",
    "discover",
)


class _Version(argparse.Action):
    """``--version``: the installed package's version (read only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kw):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        from engine import __version__

        print(f"warsim {__version__}")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    """The ``warsim`` parser with every command's options (imports only the light modules)."""
    parser = Parser(
        prog="warsim",
        description="Agent-based war-and-diplomacy simulation engine.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for module in COMMANDS:
        mod = importlib.import_module(f"engine.cli.{module}")
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", None))
        mod.register(p)
        p.set_defaults(handler=mod.main)
    return parser


_EXIT_HOOK: list[bool] = []  # whether main() registered _no_collection_at_exit


def _no_collection_at_exit() -> None:
    """Move every object into the collector's permanent generation as the process exits.

    The interpreter's teardown runs the cyclic garbage collector several times over
    everything still alive: after a run that is ~130,000 objects (Numba's typing and
    lowering registries, pydantic's schemas), about 0.23 s of a 1.1 s ``warsim run``
    (benchmarks/README.md). Frozen objects are not examined; their memory goes back with
    the process. Registered as an ``atexit`` hook by :func:`main`, it runs after the hooks
    registered later (files, locks, worker pools are closed by then) and changes no output.
    """
    gc.freeze()


@contextlib.contextmanager
def collection_paused():
    """Pause the cyclic garbage collector for a short command's work (``warsim run``).

    Nearly everything such a command allocates is imports (Numba's registries, pydantic's
    schemas) that live until exit; the collector's passes over them, two full ones among
    about 300, cost 0.1-0.18 s of a 1 s run. A single run's own garbage is bounded (its
    World, its summary). When the block ends the collector is switched back on (if it was
    on), so a caller in a long-lived process is unaffected: what the block allocated is
    first moved to the oldest generation (``freeze`` then ``unfreeze``), where the next
    full collection examines it, instead of the next young collection walking all of it
    (57 ms) as it would on the first allocation after ``enable``.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # leave a caller's own frozen objects frozen
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command, return its exit code."""
    if not _EXIT_HOOK:
        atexit.register(_no_collection_at_exit)
        _EXIT_HOOK.append(True)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
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
