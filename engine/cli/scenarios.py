"""``warsim scenarios``: the scenarios ``warsim run NAME`` finds, one line each."""

from __future__ import annotations

import json

NAME = "scenarios"
HELP = "list the scenarios in scenarios/ with a one-line description"


def register(p) -> None:
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")


def describe(name: str) -> dict:
    """Name, title, description, start, days and levers of one scenario file.

    A file that does not validate is listed with its first problem instead of
    failing the whole listing.
    """
    from engine.scenario import ScenarioError, load_scenario, resolve_path

    path = resolve_path(name)
    try:
        s = load_scenario(path)
    except ScenarioError as exc:
        return {"name": name, "file": str(path), "problem": exc.lines()[0]}
    meta = s.scenario
    return {
        "name": name,
        "file": str(path),
        "title": meta.title,
        "description": meta.description,
        "start": meta.start.isoformat(),
        "days": meta.days,
        "levers": list(s.levers),
    }


def one_line(d: dict) -> str:
    """``title: description (from START, N days, K levers)`` or the file's problem."""
    if "problem" in d:
        return f"(does not validate: {d['problem']})"
    text = ": ".join(t for t in (d["title"], d["description"]) if t) or "(no description)"
    return f"{text} (from {d['start']}, {d['days']} days, {len(d['levers'])} levers)"


def main(args) -> int:
    from engine.cli.suggest import scenario_names

    found = [describe(n) for n in scenario_names()]
    if args.json:
        print(json.dumps(found))
        return 0
    width = max([len(d["name"]) for d in found] + [8]) + 2
    for d in found:
        print(f"{d['name']:<{width}}{one_line(d)}")
    print(f"\n{len(found)} scenarios; `warsim levers NAME` shows a scenario's levers")
    return 0
