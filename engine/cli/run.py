"""``warsim run SCENARIO``: one run, a readable summary or a JSON object."""

from __future__ import annotations

import json

from engine.cli.options import add_run_options

NAME = "run"
HELP = "simulate one run and print its summary"


def register(p) -> None:
    p.add_argument("scenario", help="scenario file or name (e.g. ukraine_2025)")
    add_run_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", default=None, help="folder for summary, event log and daily series")
    p.add_argument("--force", action="store_true",
                   help="with --out: replace the files of an earlier run in that folder")


def main(args) -> int:
    from engine.cli import collection_paused

    with collection_paused():  # a short command: its imports are most of what it allocates
        return _run(args)


def _run(args) -> int:
    from engine.api import output_folder, simulate
    from engine.cli.suggest import checked_overrides

    overrides = checked_overrides(args.scenario, args.overrides)
    out_dir = output_folder(args.out) if args.out else None
    if out_dir:
        check_run_folder(out_dir, args.force)  # before the run: a refusal loses no work
    w, st = simulate(
        args.scenario,
        seed=args.seed,
        days=args.days,
        overrides=overrides,
        record_every=1,  # the daily series also date the outcome's reason ("since day N")
    )
    result, log = explain_and_write(w, st, out_dir, args.force)
    if args.json:
        print(json.dumps(result))
    else:
        print(format_summary(result, log))
    return 0


def explain_and_write(w, st, out_dir, force: bool) -> tuple[dict, list[dict]]:
    """A finished run's summary with its one-line reason and its event log; written to
    ``out_dir`` (under the writer lock, the folder checked again) when one is given."""
    from engine.cli.reason import outcome_reason
    from engine.results import event_log, summary

    result = summary(w, st)
    log = event_log(w, st)
    result["reason"] = outcome_reason(w, st, log=log)
    if out_dir:
        from engine.batch.lock import writer_lock
        from engine.export import write_run

        with writer_lock(out_dir):
            check_run_folder(out_dir, force)
            write_run(out_dir, w, st, result)
    return result, log


def check_run_folder(out, force: bool) -> None:
    """Refuse an ``--out`` folder that holds anything (another run, a batch) unless ``--force``;
    ``--force`` replaces an earlier run's files but never writes into a batch dataset."""
    from engine.batch.store import MANIFEST, folder_entries
    from engine.errors import UsageError

    entries = sorted(p.name for p in folder_entries(out))
    if (out / MANIFEST).exists():
        raise UsageError(f"--out {out}: holds a batch dataset ({MANIFEST}); choose another folder")
    if entries and not force:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise UsageError(
            f"--out {out}: not empty (holds {shown}); add --force to replace an earlier run's files, "
            "or choose a new folder"
        )


def format_summary(res: dict, log: list[dict]) -> str:
    """The human-readable summary of one run."""
    lines = [
        f"{res['scenario']}  seed {res['seed']}  {res['start']} .. {res['end']} ({res['days']} days)",
        f"outcome: {res['outcome']}"
        + (f" on day {res['ceasefire_day']}" if res["ceasefire_day"] is not None else "")
        + (f" ({res['collapsed_state']})" if res.get("collapsed_state") else ""),
    ]
    if res.get("reason"):
        lines.append(f"why: {res['reason']}")
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
    lines.extend(_talks_lines(res.get("talks") or {}))
    lines.extend(_indicator_lines(res.get("indicators") or {}))
    if log:
        lines.append("")
        lines.append(f"events ({len(log)} logged{', the last 12' if len(log) > 12 else ''}):")
        lines.extend(f"  {e['date']}  {e['text']}" for e in log[-12:])
    return "\n".join(lines)


def _talks_lines(t: dict) -> list[str]:
    if not t:
        return []
    if t.get("model") == "bargaining":
        g = t["talks"]
        out = ["", f"talks (bargaining game): {g['rounds']} rounds, {g['refusals']} refused, "
               f"{g['no_offer']} without a serious offer; game outcome {t['outcome']}; "
               f"status {t['status']}"]
        for side, v in t["sides"].items():
            least = v["least_acceptable_share"]  # above 1: no share (the kernel writes 2)
            accepts = "accepts no share" if least > 1.0 else f"accepts >= {least:.3f}"
            out.append(f"  {side}: type {v['type']}, {accepts}, "
                       f"reservation " + ", ".join(f"{k} {x:.2f}" for k, x in v["reserve"].items())
                       + f", belief in the other's true type {v['belief_other_true_type']:.2f}")
        if t.get("last_refusal"):
            out.append(f"  last refusal: {t['last_refusal']}")
        return out
    out = ["", "talks: " + ", ".join(
        f"{t[k]} {k.replace('_', ' ')}" for k in
        ("rounds", "meetings", "draft_versions", "leaks", "deadlines_missed", "breakdowns",
         "signings", "relapses") if k in t
    ) + (f"; status {t['status']}" if "status" in t else "")]
    if t.get("batna") and t.get("draft_utility"):
        out.append("  draft utility vs BATNA: " + ", ".join(
            f"{c} {t['draft_utility'][c]:.3f} vs {b:.3f}" for c, b in t["batna"].items()
        ))
    if t.get("draft"):
        out.append("  draft: " + ", ".join(f"{k} {v:.2f}" for k, v in t["draft"].items()))
    return out


def _indicator_lines(ind: dict) -> list[str]:
    if not ind:
        return []
    out = [""]
    if "oil_price_final" in ind:
        out.append(f"oil: ${ind['oil_price_final']:.1f}/bbl at the end, ${ind['oil_price_mean']:.1f} mean")
    if "gdp_growth" in ind:
        out.append("GDP growth %/yr: " + ", ".join(f"{c} {v:.1f}" for c, v in ind["gdp_growth"].items()))
    if "war_support" in ind:
        out.append("war support: " + ", ".join(f"{c} {v:.2f}" for c, v in ind["war_support"].items()))
    markets = [(k, ind[k]) for k in ("defence_index_change_pct", "reconstruction_index_change_pct")
               if k in ind]
    if markets:
        out.append("markets: " + ", ".join(f"{k.removesuffix('_change_pct').replace('_', ' ')} "
                                           f"{v:+.1f}%" for k, v in markets)
                   + (f", bond {ind['bond_price_final']:.1f}c" if "bond_price_final" in ind else ""))
    return out
