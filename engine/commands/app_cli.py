"""Argument parsing for ``warsim app`` (argparse only: importing it must stay light)."""

from __future__ import annotations

import argparse

NAME = "app"
HELP = "serve the Solara dashboard (live run and batch explorer) on 127.0.0.1"


def _port(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= v <= 65535:
        raise argparse.ArgumentTypeError(f"{v} is outside [1, 65535]")
    return v


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--results",
        default=None,
        metavar="DIR",
        help="results folder the batch explorer may open (default: ./results)",
    )
    p.add_argument("--port", type=_port, default=8765, help="port to listen on (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="check the set-up (results folder, port, offline front-end files) and exit",
    )
