"""``warsim levers SCENARIO``: a scenario's levers, their ranges, defaults and sources."""

from __future__ import annotations

import json

NAME = "levers"
HELP = "list a scenario's levers: range, default, what each sets, source notes"


def register(p) -> None:
    p.add_argument("scenario", help="scenario file or name (`warsim scenarios` lists them)")
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")


def lever_rows(scenario, raw: dict) -> list[dict]:
    """One record per lever: name, min, max, default, mode, targets, active, sources.

    ``sources`` maps each sourced number behind the lever (its own bounds and
    default, and the scenario values it sets) to its source note.
    """
    from engine.scenario import collect_sources

    notes = {path: note for path, _, note in collect_sources(raw) if note}
    rows = []
    for name, lv in scenario.levers.items():
        own = [f"levers.{name}.{k}" for k in ("min", "max", "default")]
        sources = {p: notes[p] for p in [*own, *lv.targets] if p in notes}
        rows.append({
            "name": name,
            "description": lv.description,
            "min": lv.min,
            "max": lv.max,
            "default": lv.default,
            "mode": lv.mode,
            "targets": list(lv.targets),
            "active": lv.active,
            "sources": sources,
        })
    return rows


def main(args) -> int:
    from engine.cli.suggest import check_scenario
    from engine.scenario import load_scenario, read_raw, resolve_path

    check_scenario(args.scenario)
    path = resolve_path(args.scenario)
    raw = read_raw(path)
    s = load_scenario(raw, origin=str(args.scenario))
    rows = lever_rows(s, raw)
    if args.json:
        print(json.dumps(rows))
        return 0
    name, arg = s.scenario.name, args.scenario
    if not rows:
        print(f"{name}: no levers (set values by dotted path: warsim run {arg} --set PATH=VALUE)")
        return 0
    print(f"{name}: {len(rows)} levers (set one with `warsim run {arg} --set levers.NAME=VALUE`, "
          f"vary it with `warsim batch {arg} --vary levers.NAME=LO:HI:N`)")
    for r in rows:
        how = "sets" if r["mode"] == "set" else "scales"
        off = "  (inactive: its mechanism is not built yet)" if not r["active"] else ""
        print(f"\n{r['name']}  default {r['default']:g}, range [{r['min']:g}, {r['max']:g}]{off}")
        print(f"  {r['description']}")
        if r["targets"]:
            print(f"  {how} {', '.join(r['targets'])}")
        for p, note in r["sources"].items():
            print(f"  source ({p}): {note}")
    return 0
