"""``warsim discover DIR --outcome ...``: scenario discovery over a batch (PRIM, CART, feature scores)."""

from __future__ import annotations

import json

NAME = "discover"
HELP = "which lever ranges lead to an outcome: PRIM box with coverage and density, CART, feature scores"
DESCRIPTION = (
    "Scenario discovery with EMA Workbench over a batch's varied parameters. --outcome is an "
    "outcome name (e.g. ceasefire_holding), 'ceasefire' (a ceasefire started) or "
    "'ceasefire_by=DAY'. Reports the PRIM box of most coverage whose density reaches "
    "--threshold, the densest CART leaves and the parameters' feature scores."
)


def _share(text: str) -> float:
    import argparse

    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 < v <= 1.0:
        raise argparse.ArgumentTypeError(f"{v} is not in (0, 1]")
    return v


def register(p) -> None:
    p.add_argument("dataset", metavar="DIR", help="a folder written by `warsim batch --out DIR`")
    p.add_argument("--outcome", default="ceasefire", help="what counts as a hit (default: ceasefire)")
    p.add_argument("--threshold", type=_share, default=0.8, help="least density of the PRIM box (0-1; 0.8)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def main(args) -> int:
    from engine.analysis.discover import DiscoveryError, discover, format_report, to_json
    from engine.batch.report import open_dataset
    from engine.errors import UsageError

    ds = open_dataset(args.dataset, what="discover")
    runs = ds.runs.collect()
    try:
        result = discover(runs, ds.params, outcome=args.outcome, threshold=args.threshold)
    except DiscoveryError as exc:
        raise UsageError(f"discover: {exc}") from None
    if args.json:
        print(json.dumps(to_json(result)))
    else:
        print(format_report(result))
    return 0
