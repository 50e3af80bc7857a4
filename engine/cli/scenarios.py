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
    from engine.cli.suggest import display_path, nested_scenarios, scenario_names

    found = [describe(n) for n in scenario_names()]
    by_path = []
    for p in nested_scenarios().values():
        d = describe(str(p))
        d["name"] = display_path(p)  # run these by path
        by_path.append(d)
    if args.json:
        print(json.dumps(found + by_path))
        return 0
    width = max([len(d["name"]) for d in found] + [8]) + 2
    for d in found:
        print(f"{d['name']:<{width}}{one_line(d)}")
    if by_path:
        print("\nrun by path (the episode library, docs/episodes.md):")
        width = max(len(d["name"]) for d in by_path) + 2
        for d in by_path:
            print(f"{d['name']:<{width}}{one_line(d)}")
    print(f"\n{len(found) + len(by_path)} scenarios; `warsim levers NAME` shows a scenario's levers")
    return 0
