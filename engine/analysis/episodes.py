"""The episode library: historical war endings, scenario files apart from their outcomes.

``scenarios/episodes/<name>.toml`` are ordinary scenario files (the engine's own format,
validated by :func:`engine.scenario.load_scenario`); ``scenarios/episodes/outcomes.toml``
holds what happened in each (talks opened, ceasefire, how it ended, relapse, coarse
battle figures), each fact with its source. Calibration and scoring read outcomes through
:func:`load_outcomes`; scenario files never refer to them, and the scenario loader never
opens the outcomes file (tests/test_episodes.py checks both).

Day numbers count from the episode's start (day 0), the same clock as a run's
``ceasefire_day``. An episode without a ceasefire inside its window is right-censored at
``window_days``.

Two well-known cases are held out for out-of-sample checks and may not enter the library:
the Korean armistice talks (1951-53) and the 2020 Karabakh war. :func:`held_out_problem`
names an episode that looks like either, and :func:`load_outcomes` and
:func:`library` refuse it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from engine.errors import UsageError
from engine.scenario import SCENARIO_DIR, Scenario, load_scenario

EPISODE_DIR = SCENARIO_DIR / "episodes"
OUTCOMES_FILE = EPISODE_DIR / "outcomes.toml"
DATA_FILES = (OUTCOMES_FILE.name, "priors.toml", "priors_bargaining.toml", "posterior.toml")
ENDINGS = ("negotiated", "imposed", "military_victory", "petered_out", "ongoing")

# The held-out wars: (name, first day, last day, pattern of names that refer to it).
HELD_OUT = (
    ("Korean War armistice talks 1951-53", dt.date(1950, 6, 25), dt.date(1953, 7, 27),
     re.compile(r"kore|panmunjom|kaesong", re.I)),
    ("2020 Karabakh war", dt.date(2020, 9, 27), dt.date(2020, 11, 10),
     re.compile(r"karabakh|artsakh|armenia|azerbaijan", re.I)),
)


class OutcomeError(UsageError, ValueError):
    """The outcomes file (or the library) is malformed; one line per problem."""


def _finite(v):
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError("expected a number")
    if not math.isfinite(v):
        raise ValueError("must be a finite number (not NaN or infinity)")
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Source = Annotated[str, Field(min_length=3, description="where the fact comes from")]


class Dated(_Strict):
    """A dated fact; no ``date`` means it did not happen within the window."""

    date: dt.date | None = None
    source: Source


class Ending(_Strict):
    how: Literal["negotiated", "imposed", "military_victory", "petered_out", "ongoing"]
    source: Source


class Figure(_Strict):
    value: Annotated[float, BeforeValidator(_finite), Field(ge=0.0)]
    source: Source


class Outcome(_Strict):
    """What happened in one episode (fields as in the header of outcomes.toml)."""

    start: dt.date
    window_days: int = Field(ge=1, le=3650)
    talks_opened: Dated
    ceasefire: Dated
    ended: Ending
    resumed: Dated
    casualties_per_day: Figure
    ground_changed_km2: Figure

    @model_validator(mode="after")
    def _consistent(self) -> Outcome:
        end = self.start + dt.timedelta(days=self.window_days - 1)
        for name in ("talks_opened", "ceasefire", "resumed"):
            d = getattr(self, name).date
            if d is not None and not self.start <= d <= end:
                raise ValueError(f"{name}.date {d} is outside the window ({self.start} to {end})")
        if self.talks_opened.date is None:
            raise ValueError("talks_opened.date is required (every episode has talks)")
        cf = self.ceasefire.date
        if (cf is None) != (self.ended.how == "ongoing"):
            raise ValueError("ended.how is 'ongoing' exactly when there is no ceasefire date")
        if self.resumed.date is not None and (cf is None or self.resumed.date <= cf):
            raise ValueError("resumed.date must come after a ceasefire")
        return self

    # ------------------------------------------------------------ days from day 0
    @property
    def talks_open_day(self) -> int:
        return (self.talks_opened.date - self.start).days

    @property
    def ceasefire_day(self) -> int | None:
        """Day of the ceasefire (0 = the start), or None if none came within the window."""
        return None if self.ceasefire.date is None else (self.ceasefire.date - self.start).days

    @property
    def observed(self) -> bool:
        """True when the ceasefire came within the window (not censored)."""
        return self.ceasefire.date is not None

    @property
    def duration(self) -> int:
        """Ceasefire day, or the window length when censored (survival-analysis time)."""
        return self.ceasefire_day if self.observed else self.window_days

    @property
    def resumed_day(self) -> int | None:
        return None if self.resumed.date is None else (self.resumed.date - self.start).days


def held_out_problem(name: str, start: dt.date, window_days: int, text: str = "") -> str | None:
    """Why an episode looks like a held-out case, or None.

    Parameters
    ----------
    name : str
        The episode's id (file name).
    start : date
        Its day 0.
    window_days : int
        Days it covers.
    text : str
        Any free text about it (title, description) to search for the held-out names.
    """
    end = start + dt.timedelta(days=window_days - 1)
    for label, first, last, pattern in HELD_OUT:
        named = bool(pattern.search(name) or pattern.search(text))
        overlaps = start <= last and end >= first
        if named and overlaps:
            return f"{name}: covers the held-out {label}, which must not be added or used"
        if first <= start <= last:
            return f"{name}: starts during the held-out {label}, which must not be added or used"
    return None


def _problems_of(exc: ValidationError, prefix: str) -> list[str]:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        msg = err["msg"].removeprefix("Value error, ")
        if msg == "Extra inputs are not permitted":
            msg = "unknown field"
        lines.append(f"{prefix}{'.' + loc if loc else ''}: {msg}")
    return lines


def load_outcomes(path: str | Path = OUTCOMES_FILE) -> dict[str, Outcome]:
    """Read and validate the outcomes file.

    Returns
    -------
    dict of str to Outcome
        Keyed by episode name (the scenario file's stem), in file order.

    Raises
    ------
    OutcomeError
        One line per problem, each naming the file and the dotted field.
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutcomeError(f"{path}: file not found") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise OutcomeError(f"{path}: not valid TOML: {exc}") from None
    out, problems = {}, []
    for name, table in raw.items():
        if not isinstance(table, dict):
            problems.append(f"{path}: {name}: expected a table")
            continue
        try:
            outcome = Outcome.model_validate(table)
        except ValidationError as exc:
            problems.extend(_problems_of(exc, f"{path}: {name}"))
            continue
        held = held_out_problem(name, outcome.start, outcome.window_days)
        if held:
            problems.append(f"{path}: {held}")
            continue
        out[name] = outcome
    if problems:
        raise OutcomeError(*problems)
    return out


def scenario_paths(directory: str | Path = EPISODE_DIR) -> dict[str, Path]:
    """The episode scenario files (every ``*.toml`` but the data files), by name.

    Data files next to the episodes: the outcomes, and the calibration's priors and
    adopted posterior summary (engine/analysis/priors.py, posterior.py).
    """
    directory = Path(directory)
    return {p.stem: p for p in sorted(directory.glob("*.toml")) if p.name not in DATA_FILES}


@dataclass(frozen=True)
class Episode:
    """One library episode: its scenario file and what happened.

    Attributes
    ----------
    name : str
        The scenario file's stem.
    path : Path
        The scenario file.
    outcome : Outcome
        What happened (from outcomes.toml).
    """

    name: str
    path: Path
    outcome: Outcome

    def scenario(self, overrides: dict | None = None) -> Scenario:
        """The validated scenario as coded (optionally with ``--set``-style overrides).

        The posterior is not inherited: an episode's own file is what a fit starts from.
        """
        return load_scenario(self.path, overrides, posterior=False)


def library(directory: str | Path = EPISODE_DIR, outcomes: str | Path | None = None) -> list[Episode]:
    """Pair every episode scenario with its outcome, checking that the two agree.

    Checks: every scenario has an outcome and vice versa; the scenario's start and run
    length equal the outcome's ``start`` and ``window_days``; no episode is a held-out
    case. Raises :class:`OutcomeError` (one line per problem).
    """
    directory = Path(directory)
    outs = load_outcomes(outcomes if outcomes is not None else directory / OUTCOMES_FILE.name)
    paths = scenario_paths(directory)
    problems = [f"{n}: scenario file has no entry in outcomes.toml" for n in paths if n not in outs]
    problems += [f"{n}: outcomes.toml entry has no scenario file" for n in outs if n not in paths]
    episodes = []
    for name, path in paths.items():
        if name not in outs:
            continue
        s = load_scenario(path, posterior=False)
        o = outs[name]
        meta = s.scenario
        held = held_out_problem(name, meta.start, meta.days, f"{meta.title} {meta.description}")
        if held:
            problems.append(held)
        if meta.start != o.start:
            problems.append(f"{name}: scenario starts {meta.start}, outcomes.toml says {o.start}")
        if meta.days != o.window_days:
            problems.append(
                f"{name}: scenario runs {meta.days} days, outcomes.toml window_days {o.window_days}"
            )
        episodes.append(Episode(name, path, o))
    if problems:
        raise OutcomeError(*problems)
    return episodes
