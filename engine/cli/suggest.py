""""Did you mean" for scenario names, lever names and dotted scenario paths.

The loader (engine.scenario) says *that* a name is wrong; these checks run in the
command line before it and say what exists instead, using difflib's close matches,
so ``warsim run ukraine`` answers ``did you mean ukraine_2025?`` and
``--set fronts.pokrosk.fortification=2`` answers ``did you mean pokrovsk?``.
All problems are raised as :class:`engine.errors.UsageError` (exit 2, one line).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.errors import UsageError

# Above this many choices a line lists only the close matches, not every choice.
_LIST_AT_MOST = 12


def hint(word: str, choices: Iterable[str], what: str = "") -> str:
    """``"did you mean 'x'?"`` (close matches), else the list of choices, else ``""``.

    Parameters
    ----------
    word : str
        What the user typed.
    choices : iterable of str
        What exists.
    what : str
        Plural noun for the list ("levers", "sectors"); used when nothing is close.
    """
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not close:
        # a prefix or a part of a name ("ukraine" for "ukraine_2025") is close too
        close = [c for c in choices if word and (c.startswith(word) or word in c)][:3]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if choices and len(choices) <= _LIST_AT_MOST:
        return f"{what or 'choices'}: " + ", ".join(choices)
    return ""


def _join(message: str, tip: str) -> str:
    return f"{message}; {tip}" if tip else message


def scenario_names() -> list[str]:
    """Names of the scenario files in ``scenarios/`` (what ``warsim run NAME`` accepts)."""
    from engine.scenario import SCENARIO_DIR

    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def nested_scenarios() -> dict[str, Path]:
    """Scenario files in sub-folders of ``scenarios/`` (the episode library), by file stem.

    They are run by path; a file without a ``[scenario]`` table (a data file such as
    ``episodes/outcomes.toml``) is not one.
    """
    import tomllib

    from engine.scenario import SCENARIO_DIR

    out = {}
    for p in sorted(SCENARIO_DIR.glob("*/*.toml")):
        try:
            if "scenario" in tomllib.loads(p.read_text(encoding="utf-8")):
                out[p.stem] = p
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
    return out


def display_path(p: Path) -> str:
    """``p`` relative to the working folder when it is below it, else absolute."""
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def check_scenario(source: str) -> None:
    """Raise a UsageError naming close scenario names when ``source`` is neither a file nor a name."""
    p = Path(source)
    if p.exists():
        return
    names = scenario_names()
    if p.suffix == "" and p.name in names:
        return
    word = p.stem if p.suffix == ".toml" else p.name
    tip = hint(word, names, "scenarios")
    if not tip.startswith("did you mean"):
        nested = nested_scenarios()
        close = hint(word, nested)
        if close.startswith("did you mean"):
            found = [nested[c] for c in nested if f"'{c}'" in close]
            tip = "did you mean " + " or ".join(display_path(f) for f in found) + "?"
    raise UsageError(
        _join(f"{source}: file not found, and no scenario of that name", tip)
        + " (`warsim scenarios` lists them)"
    )


# What a dict of named entries holds, for messages ("no sector 'x' in fronts").
_ENTRY = {
    "states": "state",
    "fronts": "sector",
    "levers": "lever",
    "envoys": "envoy",
    "issues": "issue",
}


def _fill(raw: dict, full: dict) -> None:
    """Add to ``raw`` (in place) every key of ``full`` it lacks, table by table."""
    for key, value in full.items():
        if key not in raw:
            raw[key] = value
        elif isinstance(raw[key], dict) and isinstance(value, dict):
            _fill(raw[key], value)


def _game_defaults(tree: dict) -> None:
    """Give the talks game's table (kept raw in the scenario, validated by its own schema
    when a run builds it) the game schema's defaults, so that ``--set`` may name a game
    field the file leaves at its default, as it may any other section's."""
    talks = tree.get("talks")
    raw = talks.get("bargaining") if isinstance(talks, dict) else None
    if not isinstance(raw, dict) or not raw:
        return
    from engine.mechanisms.bargaining.schema import Game

    try:
        full = Game.model_validate(raw).model_dump(mode="python")
    except ValueError:
        return  # an invalid table: the run's own validation names the field
    _fill(raw, full)


def check_paths(scenario: Any, paths: Iterable[str], option: str) -> None:
    """Check that each dotted path names something in ``scenario``.

    Parameters
    ----------
    scenario : engine.scenario.Scenario
        The validated base scenario; its fields with defaults count, so a path to
        a value the file leaves at its default is accepted.
    paths : iterable of str
        Dotted paths (``fronts.pokrovsk.fortification``) or bare lever names.
    option : str
        The option the paths came from (``--set``, ``--vary``, ``--params``).

    Raises
    ------
    UsageError
        ``OPTION: PATH: no sector 'x' in fronts; did you mean 'y'?`` for the first
        part of the first path that does not exist.
    """
    tree = scenario.model_dump(mode="python")
    _game_defaults(tree)
    levers = list(tree.get("levers") or {})
    for path in paths:
        parts = path.split(".")
        if len(parts) == 1:
            if path in levers:
                continue
            tip = hint(path, levers, "levers") or hint(path, tree, "sections")
            raise UsageError(_join(f"{option}: {path}: no lever of that name (a bare name is a lever)", tip))
        node: Any = tree
        for j, part in enumerate(parts):
            where = ".".join(parts[:j]) or "the scenario"
            if node is None:
                break  # an optional section the file leaves out: the loader decides
            if isinstance(node, list):
                if part.isdigit() and int(part) < len(node):
                    node = node[int(part)]
                    continue
                have = f"has items 0..{len(node) - 1}" if node else "is empty"
                raise UsageError(f"{option}: {path}: {where} {have}, not '{part}'")
            if not isinstance(node, dict):
                raise UsageError(f"{option}: {path}: {where} is a value, not a table")
            if part not in node:
                entry = _ENTRY.get(parts[j - 1]) if j == 1 else None
                noun = f"{entry} '{part}'" if entry else f"field '{part}'"
                tip = hint(part, [str(k) for k in node], f"{entry}s" if entry else "fields")
                raise UsageError(_join(f"{option}: {path}: no {noun} in {where}", tip))
            node = node[part]


def checked_overrides(source: str, items: list[str], extra_paths: Iterable[str] = (), option: str = "--set"):
    """Parse ``--set`` items for ``source`` after checking the scenario name and every path.

    Parameters
    ----------
    source : str
        Scenario file or name.
    items : list of str
        ``PATH=VALUE`` strings from ``--set``.
    extra_paths : iterable of (str, str)
        ``(option, path)`` pairs from other options (``--vary``, ``--params``) to check too.

    Returns
    -------
    dict
        ``{path: value}``, as :func:`engine.api.parse_overrides` gives.
    """
    from engine.api import parse_overrides
    from engine.scenario import load_scenario

    check_scenario(source)
    overrides = parse_overrides(items)
    extra = list(extra_paths)
    if overrides or extra:
        base = load_scenario(source)
        check_paths(base, overrides, option)
        for opt, path in extra:
            check_paths(base, [path], opt)
    return overrides
