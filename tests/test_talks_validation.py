"""Issue 13's validation of the bargaining talks (engine/analysis/talks_validation.py).

The statistics helpers against closed forms, and one check through the batch API on
the reference scenario in bargaining mode: battles carry information, so making them
uninformative changes the outcome distribution (the first design's talks barely moved
when learning was switched off).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis import talks_validation as TV
from engine.batch.survival import wilson


def test_median_interval_is_the_sign_test_interval():
    # Order-statistic 95% interval for the median (e.g. Conover, Practical Nonparametric
    # Statistics, table A3): ranks 40 and 61 of 100, ranks 2 and 9 of 10.
    med, lo, hi = TV.median_interval(np.arange(1, 101))
    assert (med, lo, hi) == (50.5, 40.0, 61.0)
    med, lo, hi = TV.median_interval(np.arange(10, 0, -1))
    assert (med, lo, hi) == (5.5, 2.0, 9.0)
    assert all(np.isnan(TV.median_interval(np.array([]))))


def test_paired_interval_is_the_unpaired_score_interval_without_correlation():
    # phi = 0 (a d = b c): Newcombe's method 10 is then the square-and-add of the two
    # Wilson intervals (his method 10 for independent samples).
    a, b, c, d = 10, 10, 10, 10
    lo, hi = TV.newcombe_paired(a, b, c, d)
    l1, u1 = (float(v) for v in wilson(a + b, 40))
    l2, u2 = (float(v) for v in wilson(a + c, 40))
    assert lo == pytest.approx(-np.hypot(0.5 - l1, u2 - 0.5), abs=1e-12)
    assert hi == pytest.approx(np.hypot(u1 - 0.5, 0.5 - l2), abs=1e-12)


def test_paired_interval_covers_the_difference_95_percent_of_the_time():
    # Correlated pairs as common random numbers make them: the same uniform decides both
    # outcomes, p1 = 0.45 and p2 = 0.35, so pairs disagree only for u in [0.35, 0.45).
    rng = np.random.default_rng(7)
    n, trials, hit = 200, 2000, 0
    widths_paired, widths_unpaired = [], []
    for _ in range(trials):
        u = rng.random(n)
        v = np.where(rng.random(n) < 0.8, u, rng.random(n))  # mostly the same draw
        s1, s2 = u < 0.45, v < 0.35
        a, b = int(np.sum(s1 & s2)), int(np.sum(s1 & ~s2))
        c, d = int(np.sum(~s1 & s2)), int(np.sum(~s1 & ~s2))
        lo, hi = TV.newcombe_paired(a, b, c, d)
        hit += lo <= 0.10 <= hi
        widths_paired.append(hi - lo)
        l1, u1 = wilson(a + b, n)
        l2, u2 = wilson(a + c, n)
        p1, p2 = (a + b) / n, (a + c) / n
        widths_unpaired.append(np.hypot(p1 - l1, u2 - p2) + np.hypot(u1 - p1, p2 - l2))
    assert 0.93 <= hit / trials <= 0.975
    # the pairing is worth it: narrower than treating the two values as independent
    assert np.mean(widths_paired) < 0.8 * np.mean(widths_unpaired)


def test_the_grid_is_the_reference_value_plus_minus_the_span():
    grid = TV.advance_grid(0.161, 0.3, 13)
    assert len(grid) == 13
    assert grid[0] == pytest.approx(0.1127) and grid[-1] == pytest.approx(0.2093)
    assert grid[6] == pytest.approx(0.161)
    assert np.allclose(np.diff(grid), 0.161 * 0.05)


def test_bad_options_are_one_line_and_exit_2(capsys, tmp_path):
    for argv, field in ((["--seeds", "1"], "--seeds"), (["--span", "1.5"], "--span"),
                        (["--img", str(tmp_path / "nope")], "--img"),
                        (["--set", "talks.model=redlines"], "--set talks.model")):
        assert TV.main(["--out", str(tmp_path / "out"), *argv]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(field), err


SEEDS = 32


def _arm(tmp_path, name, overrides):
    base = {"talks.model": "bargaining"}
    return TV.run_arm(tmp_path / name, "ukraine_2025", {**base, **overrides}, reps=SEEDS,
                      days=TV.HORIZON, seed=1).sort("replicate")


# The reference's first coding of the reservation terms on territory (0.45 and 0.3 of
# the package), under which every pair of types has a range between its floors, so that
# what the sides learn can decide; with the floors the notes give (0.667 and 0.444) only
# the pair of soft types has one, and it settles on day 7 whatever is learned
# (docs/talks_game.md, "Why the type pair decides").
RANGES = {"talks.bargaining.sides.A.reserve.territory.centre": 0.45,
          "talks.bargaining.sides.B.reserve.territory.centre": 0.3}


def test_uninformative_battles_change_the_outcomes(tmp_path):
    """Fighting reveals information (Slantchev 2003; Powell 2004): where the floors leave
    a range (``RANGES``), with the battles' informativeness at 0 the ceasefire day (or
    none) changes in a good share of the same seeds and fewer runs settle within the
    year. Watched failing with the talks game's day loop passing no battle to the core
    (every seed then identical)."""
    # the battle read against the fixed 6 km2, the types off the front (as when this was
    # measured): read against two equally strong sides with the types on the front
    # (strength_effect 0.02, set to match informativeness 0.3) only 7 of seeds 1-200
    # change and as many settle (69) (docs/talks_game.md, "Fighting reveals the types")
    level = {**RANGES, "talks.battle_reading": "level", "talks.strength_effect": 0.0}
    informative = _arm(tmp_path, "informative", level)
    blind = _arm(tmp_path, "blind", {**level, "talks.bargaining.informativeness": 0.0})
    assert informative["replicate"].to_list() == blind["replicate"].to_list()
    day0 = informative["ceasefire_day"].fill_null(-1).to_numpy()
    day1 = blind["ceasefire_day"].fill_null(-1).to_numpy()
    changed = int(np.sum(day0 != day1))
    assert changed >= SEEDS // 8, f"only {changed} of {SEEDS} seeds changed"
    settled0 = int(np.sum((day0 >= 0) & (day0 < TV.HORIZON)))
    settled1 = int(np.sum((day1 >= 0) & (day1 < TV.HORIZON)))
    assert settled0 > settled1, (settled0, settled1)
    # a deal struck on day 0 comes before any battle: informativeness cannot move it
    assert np.array_equal(day0 == 0, day1 == 0)


def _range_over_the_front(tmp_path, model):
    grid = TV.advance_grid(0.161, 0.3, 3)
    runs = TV.run_arm(tmp_path / model, "ukraine_2025", {"talks.model": model}, reps=48,
                      days=TV.HORIZON, seed=1, values=grid)
    p = TV.summarise(runs, TV.PARAM)["p"].to_numpy()
    return float(p.max() - p.min()), p


def test_the_ceasefire_is_not_a_step_function_of_the_front(tmp_path):
    """Issue 13: the red-line talks' P(ceasefire by 365) went from 0.02 to 0.9 as
    battle.advance_max rose by +-20% (the front pushed the territory issue across a
    red line). At 0.7x, 1x and 1.3x the reference value (48 seeds each; 400 seeds give
    ranges of 0.21 and 0.91, docs/validation.md) the game's range stays well below the
    red-line talks', which the same check catches (the 'broken' arm: the first design)."""
    game, p_game = _range_over_the_front(tmp_path, "bargaining")
    red, p_red = _range_over_the_front(tmp_path, "redlines")
    assert red > 0.6, p_red
    assert game < 0.45, p_game


def test_the_reference_reservation_terms_on_territory_say_what_their_notes_say():
    """The game's reservation terms are package shares; on the territory issue a share
    ``s`` of RUS is the level ``ideal_RUS + (1 - s)(ideal_UKR - ideal_RUS)`` on the
    scale of [talks.territory] (0.5 the line of the start, 0.7 all of Donetsk and
    Luhansk). RUS's note says "at least the current line plus part of Donbas": its
    centre lies between the line and all of Donbas, and its softer type is not below the
    line. UKR's says "a freeze near the line is the most Kyiv signs": its centre is
    within 0.05 of the line. The first coding (RUS 0.45, UKR 0.3: territory 0.405 and
    0.63) fails both, and so did this check (watched)."""
    from engine.scenario import load_scenario

    s = load_scenario("ukraine_2025")
    sides = s.talks.bargaining["sides"]
    ideal = {c: s.states[c].bargaining.ideal["territory"] for c in ("RUS", "UKR")}

    def level(share_rus: float) -> float:
        return ideal["RUS"] + (1.0 - share_rus) * (ideal["UKR"] - ideal["RUS"])

    line, donbas = 0.5, 0.7
    rus, ukr = sides["A"]["reserve"]["territory"], sides["B"]["reserve"]["territory"]
    assert line < level(TV._value(rus["centre"])) < donbas
    assert level(TV._value(rus["centre"]) - TV._value(rus["spread"])) >= line - 0.01
    assert abs(level(1.0 - TV._value(ukr["centre"])) - line) <= 0.05


def test_the_drawn_strengths_are_the_runs_types_and_pairs_count_them():
    """drawn_strengths gives the strength node of the true types the World's runs play
    (the draw at build, read here without running), and by_strength_pair counts a small
    table by hand: settled means a ceasefire begun before day 365."""
    import polars as pl

    from engine.mechanisms.bargaining import columns as C
    from engine.scenario import load_scenario
    from engine.world import build_world

    s = load_scenario("ukraine_2025", {"talks.model": "bargaining"})
    seeds = [1, 2, 3, 9]
    z = TV.drawn_strengths(s, seeds)
    w, _ = build_world(s, seeds, days=2)
    from engine.mechanisms.talks_game.build import run_arrays

    nodes = run_arrays(s, 2, 1).strength_z
    for r, seed in enumerate(seeds):
        row = z.filter(pl.col("seed") == seed).row(0, named=True)
        assert row["z_a"] == nodes[0, int(w.game_ipar[r, C.I_TYPE_A])]
        assert row["z_b"] == nodes[1, int(w.game_ipar[r, C.I_TYPE_B])]
    runs = pl.DataFrame({"seed": [1, 2, 3, 4, 5],
                         "ceasefire_day": [0, 7, None, 400, 21],
                         "outcome": ["ceasefire_holding", "ceasefire_collapsed", "no_deal",
                                     "ceasefire_holding", "ceasefire_holding"]})
    zz = pl.DataFrame({"seed": [1, 2, 3, 4, 5], "z_a": [-1.0, -1.0, 1.0, 1.0, 1.0],
                       "z_b": [-1.0, -1.0, -1.0, -1.0, -1.0]})
    t = TV.by_strength_pair(runs, zz)
    assert t.rows() == [(-1.0, -1.0, 2, 2, 1, 3.5, 1), (1.0, -1.0, 3, 1, 0, 21.0, 0)]
