"""``warsim run SCENARIO``: one run, a readable summary or a JSON object."""

from __future__ import annotations

import json
import os
from pathlib import Path

from engine.api import parse_overrides, simulate
from engine.errors import UsageError
from engine.results import event_log, summary


def main(args) -> int:
    overrides = parse_overrides(args.overrides)
    out_dir = _check_out(args.out) if args.out else None
    w, st = simulate(
        args.scenario,
        seed=args.seed,
        days=args.days,
        overrides=overrides,
        record_every=1 if out_dir else 0,
    )
    result = summary(w, st)
    if out_dir:
        from engine.export import write_run

        write_run(out_dir, w, st, result)
    if args.json:
        print(json.dumps(result))
    else:
        print(format_summary(result, event_log(w, st)))
    return 0


def _check_out(path: str) -> Path:
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out: {path}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: {path}: cannot create ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"--out: {path}: not writable")
    return out


def format_summary(res: dict, log: list[dict]) -> str:
    """The human-readable summary of one run."""
    lines = [
        f"{res['scenario']}  seed {res['seed']}  {res['start']} .. {res['end']} ({res['days']} days)",
        f"outcome: {res['outcome']}"
        + (f" on day {res['ceasefire_day']}" if res["ceasefire_day"] is not None else "")
        + (f" ({res['collapsed_state']})" if res.get("collapsed_state") else ""),
    ]
    if res.get("terms"):
        lines.append("terms: " + ", ".join(f"{k} {v:.2f}" for k, v in res["terms"].items()))
    lines.append("")
    lines.append(f"{'state':<6}{'ground km2':>12}{'casualties':>12}{'per day':>10}{'troops':>11}")
    for code, km2 in res["territory_change_km2"].items():
        if code not in res["troops"]:
            continue
        lines.append(
            f"{code:<6}{km2:>12,.0f}{res['casualties'][code]:>12,}"
            f"{res['casualties_per_day'][code]:>10,.0f}{res['troops'][code]:>11,}"
        )
    lines.append("")
    width = max([len(fid) for fid in res["fronts"]] + [6]) + 2
    lines.append(f"{'sector':<{width}}{'depth km':>9}  captured")
    for fid, f in res["fronts"].items():
        lines.append(f"{fid:<{width}}{f['depth_km']:>9.1f}  {', '.join(f['settlements_captured'])}")
    for section in ("talks", "indicators"):
        if res.get(section):
            lines.append("")
            lines.append(f"{section}: " + json.dumps(res[section]))
    if log:
        lines.append("")
        lines.append(f"events ({len(log)} logged{', the last 12' if len(log) > 12 else ''}):")
        lines.extend(f"  {e['date']}  {e['text']}" for e in log[-12:])
    return "\n".join(lines)
