"""``warsim report DIR``: the batch report, as text or one JSON object."""

from __future__ import annotations

import json

from engine.batch.report import build_report, format_report


def main(args) -> int:
    rep = build_report(args.dataset)
    if args.json:
        print(json.dumps(rep))
    else:
        print(format_report(rep))
    return 0
