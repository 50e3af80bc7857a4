"""``warsim report DIR``: the batch report, as text or one JSON object."""

from __future__ import annotations

import json

NAME = "report"
HELP = "summarise a batch dataset: probabilities with intervals, outcomes, survival"
DESCRIPTION = (
    "Per design point: ceasefire probability by day 30/90/180/365 with 95% Wilson "
    "intervals, outcome shares, the Kaplan-Meier ceasefire survival curve, and the "
    "median and 90% interval of signed terms, territory and casualties."
)


def register(p) -> None:
    p.add_argument("dataset", metavar="DIR", help="a folder written by `warsim batch --out DIR`")
    p.add_argument("--json", action="store_true", help="print one JSON object (docs/datasets.md)")


def main(args) -> int:
    from engine.batch.report import build_report, format_report

    rep = build_report(args.dataset)
    if args.json:
        print(json.dumps(rep))
    else:
        print(format_report(rep))
    return 0
