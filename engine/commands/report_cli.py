"""``warsim report`` options (argparse only: imported on every ``warsim`` start)."""

from __future__ import annotations

NAME = "report"
HELP = "summarise a batch dataset: probabilities with intervals, outcomes, survival"


def register(p) -> None:
    p.description = (
        "Per design point: ceasefire probability by day 30/90/180/365 with 95% Wilson "
        "intervals, outcome shares, the Kaplan-Meier ceasefire survival curve, and the "
        "median and 90% interval of signed terms, territory and casualties."
    )
    p.add_argument("dataset", metavar="DIR", help="a folder written by `warsim batch --out DIR`")
    p.add_argument("--json", action="store_true", help="print one JSON object (docs/datasets.md)")
