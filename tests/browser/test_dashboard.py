"""The dashboard in a real browser: `warsim app` on a free port, driven by Debian's chromium.

Every page a test opens records the browser's console errors and uncaught page
errors; a test fails on any (``_open`` / ``_no_errors``). Charts are drawn as SVG
(viz.charts.EMBED_OPTIONS), so axis titles and map paths can be read from the page.
Screenshots go to the test's output folder (``tmp_path``); the README's pictures
are made by ``scripts/screenshots.py`` from the reference batch, not here.
"""

from __future__ import annotations

import json
import re
import sys
import time

import numpy as np
import polars as pl
import pytest

from tests.browser import harness

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

UNIT = re.compile(r"\(.+\)")  # an axis title names its unit in brackets: "Ground gained (km²)"


def write_boxed_dataset(out, seed: int = 5):
    """A 6 x 6 factorial batch of 720 runs whose ceasefire holds exactly when
    ``levers.a > 0.6`` and ``levers.b < 0.4`` (3% of runs flipped): PRIM should find that box."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.05, 0.95, 6)
    rows = []
    for pid, (a, b) in enumerate((a, b) for a in grid for b in grid):
        for rep in range(20):
            hit = (a > 0.6 and b < 0.4) != (rng.uniform() < 0.03)
            rows.append(
                {
                    "run_id": len(rows),
                    "point_id": pid,
                    "replicate": rep,
                    "seed": 1 + rep,
                    "levers.a": float(a),
                    "levers.b": float(b),
                    "outcome": "ceasefire_holding" if hit else "no_deal",
                    "ceasefire_day": int(rng.integers(10, 300)) if hit else None,
                    "days_run": 365,
                }
            )
    (out / "runs").mkdir(parents=True)
    pl.DataFrame(rows).write_parquet(out / "runs" / "chunk-000000.parquet")
    (out / "manifest.json").write_text(
        json.dumps(
            {
                "scenario": {"name": "ukraine_2025"},
                "design": {"params": ["levers.a", "levers.b"]},
                "days": 365,
                "n_runs": len(rows),
            }
        )
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    harness.require_chromium()
    from tests.viz_dataset import write_dataset

    root = tmp_path_factory.mktemp("results")
    write_dataset(root / "small", reps=2, days=60, series=True)
    write_boxed_dataset(root / "boxed")
    (root / "sens").mkdir()
    pl.DataFrame(
        {
            "outcome": ["territory_change_km2"] * 2,
            "parameter": ["us_pressure", "russian_resolve"],
            "S1": [0.6, 0.2],
            "S1_conf": [0.05, 0.05],
            "ST": [0.7, 0.3],
            "ST_conf": [0.05, 0.05],
        }
    ).write_parquet(root / "sens" / "indices.parquet")
    port = harness.free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    cmd = [sys.executable, "-m", "engine.cli", "app", "--results", str(root), "--port", str(port)]
    proc = harness.start_server(cmd, port, log_path=log)
    yield f"http://127.0.0.1:{port}/", proc
    harness.stop_server(proc)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = harness.launch_chromium(pw)
        yield b
        b.close()


def _watch(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return errors


def _open(browser, url, width=1500, height=1100, button="Step"):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    errors = _watch(page)
    page.goto(url)
    harness.wait_for_button(page, button, timeout=90)
    if button == "Step" and "mesa" not in url:
        # the session's model is built once the page is up (Numba may compile first on a cold cache)
        expect(page.get_by_text(re.compile(r"^Day 0 of \d+$"))).to_be_visible(timeout=120_000)
    return ctx, page, errors


def _no_errors(errors: list[str]) -> None:
    assert not errors, "browser console errors:\n" + "\n".join(errors[:10])


def _step(page, n=1):
    for _ in range(n):
        page.get_by_role("button", name="Step", exact=True).click()


def _chart(page, slug: str):
    """The drawn Vega chart of the div ``.chart-<slug>`` (viz.components.chart.slug of its title)."""
    svg = page.locator(f"[class*='chart-{slug}'] .vega-embed svg").first
    expect(svg).to_be_visible(timeout=20_000)
    return svg


def _slider(page, label: str):
    """The slider whose label starts with ``label``."""
    return page.locator(".v-input").filter(has_text=label).get_by_role("slider").first


def _axis_titles(chart) -> list[str]:
    return [t.strip() for t in chart.locator(".role-axis-title text").all_text_contents()]


def _check_every_chart_has_a_unit(page) -> int:
    """Every drawn chart but the map has an axis title naming a unit; returns how many were checked."""
    charts = page.locator(".chart")
    n = 0
    for i in range(charts.count()):
        c = charts.nth(i)
        cls = c.get_attribute("class") or ""
        if "chart-front" in cls:
            continue
        svg = c.locator(".vega-embed svg")
        if not svg.count():
            continue
        titles = _axis_titles(c)
        assert any(UNIT.search(t) for t in titles), f"{cls}: no axis title with a unit in {titles}"
        n += 1
    return n


def test_live_page_charts_map_levers_and_play(server, browser, tmp_path):
    url, _ = server
    ctx, page, errors = _open(browser, url)
    expect(page.get_by_text("Day 0 of 365", exact=True)).to_be_visible()
    _step(page, 5)
    expect(page.get_by_text("Day 5 of 365", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)  # charts redraw 100 ms after the last change
    before = _chart(page, "ground-gained-since-the-start").inner_html()
    _step(page, 10)
    expect(page.get_by_text("Day 15 of 365", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    assert _chart(page, "ground-gained-since-the-start").inner_html() != before, (
        "territory chart did not change"
    )
    assert _axis_titles(_chart(page, "ground-gained-since-the-start")) == [
        "day (since the start)",
        "Ground gained (km²)",  # the declared label and unit (front/outputs.py)
    ]
    # the reference plays the talks as the bargaining game: its panel, not the red-line one
    _check_game_panel(page)
    # the map draws Natural Earth country borders (grey) and rivers (blue) under the front;
    # on the whole front (zoomed to the active sectors it may show no border at all)
    page.get_by_role("button", name="All sectors").click()
    page.wait_for_timeout(800)
    front = _chart(page, "front-contact-line-now")
    assert front.locator("path[stroke='#8c8c8c']").count() >= 2, "no country borders on the map"
    assert front.locator("path[stroke='#6baed6']").count() >= 1, "no rivers on the map"
    n = _check_every_chart_has_a_unit(page)
    assert n >= 11, n  # 2 game charts, 3 war and 7 economy panels (minus any not drawn)
    assert page.get_by_text("Not modelled yet").count() == 0
    page.screenshot(path=str(tmp_path / "live.png"), full_page=True)

    # compare with an earlier day: a third line on the map
    _slider(page, "Compare with").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text(re.compile(r"^Compare with day \d+$"))).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    expect(front.locator("path[stroke='#ff7f0e']").first).to_be_attached(timeout=10_000)

    # moving a lever restarts the run with it, and its value is shown
    lever = _slider(page, "Sanctions intensity")
    lever.focus()
    label = page.get_by_text(re.compile(r"^Sanctions intensity: [\d.]+$"))
    before_label = label.inner_text()
    lever.press("ArrowLeft")
    lever.press("ArrowLeft")
    expect(page.get_by_text("Day 0 of 365", exact=True)).to_be_visible(timeout=10_000)
    expect(label).not_to_have_text(before_label, timeout=10_000)

    # play for a few seconds with every chart on: the speed is recorded, never asserted
    page.get_by_role("button", name="Play", exact=True).click()
    t0 = time.monotonic()
    page.wait_for_timeout(5000)
    page.get_by_role("button", name="Pause", exact=True).click()
    elapsed = time.monotonic() - t0
    page.wait_for_timeout(500)
    days = int(page.get_by_text(re.compile(r"^Day \d+ of 365$")).first.inner_text().split()[1])
    (tmp_path / "speed.json").write_text(json.dumps({"days": days, "seconds": elapsed}))
    assert days > 0, "Play did not advance the run"
    _no_errors(errors)
    ctx.close()


def _check_game_panel(page):
    """The bargaining game's panel: per side a belief line and a chance-of-winning line, the
    public positions, and the table of the day; the red-line talks' panels are gone."""
    belief = _chart(page, "belief-in-the-other-s-type")
    expect(belief.locator(".mark-line path")).to_have_count(4)  # 2 sides x (belief, chance)
    assert any(UNIT.search(t) for t in _axis_titles(belief))
    offers = _chart(page, "offers-against-public-positions")
    expect(offers.locator(".mark-line path")).to_have_count(2)  # each side's public demand
    table = page.locator(".game-table")
    expect(table).to_be_visible()
    for row in ("Belief in the other's type", "Felt cost of war", "Veto in force", "Least acceptable share"):
        expect(table.get_by_text(re.compile(re.escape(row))).first).to_be_visible()
    assert page.locator("[class*='chart-draft-utility-against-batna']").count() == 0
    assert page.get_by_text("This scenario has no talks.").count() == 0


def test_talks_panel_follows_the_talks_model(server, browser):
    """The reference (talks.model = "bargaining") shows the game; a red-line run
    (ukraine_2025_backtest) shows the draft against ideals and utility against BATNA."""
    url, _ = server
    ctx, page, errors = _open(browser, url)
    _step(page, 3)
    expect(page.get_by_text("Day 3 of 365", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    _check_game_panel(page)
    _pick(page, "Scenario", "ukraine_2025_backtest")
    expect(page.get_by_text(re.compile(r"^Day 0 of \d+$"))).to_be_visible(timeout=120_000)
    _step(page, 3)
    expect(page.get_by_text(re.compile(r"^Day 3 of \d+$"))).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    ripe = _chart(page, "draft-utility-against-batna")
    expect(ripe.locator(".mark-line path")).to_have_count(4)  # solid and dashed per belligerent
    _chart(page, "draft-ideals-and-public-positions")
    assert page.locator(".game-table").count() == 0
    assert page.locator("[class*='chart-belief-in-the-other-s-type']").count() == 0
    _no_errors(errors)
    ctx.close()


def test_live_page_fits_1024_px(server, browser, tmp_path):
    url, _ = server
    ctx, page, errors = _open(browser, url, width=1024, height=800)
    _step(page, 3)
    expect(page.get_by_text("Day 3 of 365", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a 1024 px window"
    _chart(page, "front-contact-line-now")
    page.screenshot(path=str(tmp_path / "live-1024.png"), full_page=True)
    _no_errors(errors)
    ctx.close()


def test_two_sessions_keep_their_own_run(server, browser):
    url, _ = server
    ctx_a, a, err_a = _open(browser, url)
    ctx_b, b, err_b = _open(browser, url)
    _step(a, 3)
    expect(a.get_by_text("Day 3 of 365", exact=True)).to_be_visible(timeout=10_000)
    expect(b.get_by_text("Day 0 of 365", exact=True)).to_be_visible()
    _step(b, 1)
    expect(b.get_by_text("Day 1 of 365", exact=True)).to_be_visible(timeout=10_000)
    expect(a.get_by_text("Day 3 of 365", exact=True)).to_be_visible()
    _no_errors(err_a + err_b)
    ctx_a.close()
    ctx_b.close()


def _pick(page, label: str, option: str):
    """Choose ``option`` in the select whose label is exactly ``label``."""
    exact = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    page.locator(".v-select").filter(has=exact).first.click()
    page.locator(".menuable__content__active .v-list-item").filter(has_text=option).first.click()


def test_explorer_compares_design_points_and_replays_a_run(server, browser, tmp_path):
    url, _ = server
    ctx, page, errors = _open(browser, url)
    page.get_by_role("tab", name="Batch explorer").click()
    _pick(page, "Dataset", "small")
    expect(page.get_by_text(re.compile(r"^8 runs, 4 design points"))).to_be_visible(timeout=20_000)
    survival = _chart(page, "p-no-ceasefire-yet-per-design-point")
    expect(survival.locator(".mark-line path")).to_have_count(4)  # one curve per design point
    _chart(page, "outcome-shares-per-design-point")
    _chart(page, "p-ceasefire-by-day")  # the heatmap
    fan = _chart(page, "ground-gained-rus-km-median")
    _pick(page, "Series", "Casualties, UKR")  # the menu shows its first 20 items until scrolled
    expect(page.locator("[class*='chart-casualties-ukr-people'] .vega-embed svg").first).to_be_visible(
        timeout=20_000
    )
    assert fan is not None
    expect(page.get_by_role("button", name=re.compile(r"Runs as CSV \(8\)"))).to_be_visible()
    page.wait_for_timeout(800)
    assert _check_every_chart_has_a_unit(page) >= 4
    page.screenshot(path=str(tmp_path / "explorer.png"), full_page=True)

    _pick(page, "Design point", "point 3")
    _pick(page, "Run", "run 7")
    page.get_by_role("button", name="Replay", exact=True).click()
    expect(page.get_by_text(re.compile("Replaying run 7 of small"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Day 0 of 60", exact=True)).to_be_visible()
    expect(page.get_by_label("Seed")).to_have_value("2")
    _step(page, 2)
    expect(page.get_by_text("Day 2 of 60", exact=True)).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    _no_errors(errors)
    ctx.close()


def test_prim_finds_the_box_the_batch_was_built_with(server, browser, tmp_path):
    url, _ = server
    ctx, page, errors = _open(browser, url)
    page.get_by_role("tab", name="Batch explorer").click()
    _pick(page, "Dataset", "boxed")
    expect(page.get_by_text(re.compile(r"^720 runs, 36 design points"))).to_be_visible(timeout=20_000)
    survival = _chart(page, "p-no-ceasefire-yet-per-design-point")
    expect(survival.locator(".mark-line path")).to_have_count(36)
    page.get_by_role("button", name="Run PRIM", exact=True).click()
    box = page.locator(".prim-box")
    expect(box).to_be_visible(timeout=120_000)
    text = box.inner_text()
    assert re.search(r"coverage \d+\.\d%, density \d+\.\d%", text), text
    rows = {r.split("\t")[0]: r.split("\t")[1:] for r in box.locator("tr").all_inner_texts()[1:]}
    assert set(rows) == {"levers.a", "levers.b"}, rows
    assert 0.6 <= float(rows["levers.a"][0]) <= 0.8  # the grid's first value above 0.6 is 0.77
    assert 0.2 <= float(rows["levers.b"][1]) <= 0.4  # and its last below 0.4 is 0.23
    _chart(page, "prim-peeling-trajectory")
    _chart(page, "feature-scores")
    page.screenshot(path=str(tmp_path / "discovery.png"), full_page=True)
    _no_errors(errors)
    ctx.close()


def test_sensitivity_and_benchmarks_tabs(server, browser, tmp_path):
    url, _ = server
    ctx, page, errors = _open(browser, url)
    for _ in range(3):  # leave the live page while its charts wait to redraw (solara's own
        _step(page, 1)  # widget then threw "Cannot read properties of undefined (reading 'classList')")
        page.get_by_role("tab", name="Benchmarks").click()
        page.get_by_role("tab", name="Live run").click()
    page.get_by_role("tab", name="Sensitivity").click()
    sens = _chart(page, "sensitivity-of-territory-change")
    assert any("share of output variance" in t for t in _axis_titles(sens))
    page.get_by_role("tab", name="Benchmarks").click()
    ratios = _chart(page, "speed-up-ratios")
    assert ratios.locator(".mark-symbol path").count() >= 3, "the speed-up ratios chart is empty"
    # The scaling chart is drawn when the committed results table has scaling rows
    # (a `warsim bench --only` run may leave them out); otherwise the page says so.
    from benchmarks.results import load_latest

    has_scaling = load_latest().filter(pl.col("benchmark") == "scaling").height > 0
    assert _check_every_chart_has_a_unit(page) >= 1 + has_scaling
    if not has_scaling:
        expect(page.get_by_text("not in this results table").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "benchmarks.png"), full_page=True)
    page.get_by_role("tab", name="Live run").click()
    expect(page.get_by_text(re.compile(r"^Day \d+ of 365$"))).to_be_visible(timeout=20_000)
    page.wait_for_timeout(800)
    _no_errors(errors)
    ctx.close()


def test_scenario_without_geography_says_so(server, browser):
    url, _ = server
    ctx, page, errors = _open(browser, url)
    _pick(page, "Scenario", "rubinstein")
    expect(page.get_by_text(re.compile("This scenario has no geography"))).to_be_visible(timeout=30_000)
    _step(page, 2)
    expect(page.get_by_text(re.compile(r"^Day 2 of \d+$"))).to_be_visible(timeout=10_000)
    page.wait_for_timeout(800)
    _no_errors(errors)
    ctx.close()


def test_mesa_solaraviz_renders_warmodel(browser, tmp_path):
    """Mesa's own SolaraViz serving WarModel (viz/mesa_app.py) steps in the browser."""
    port = harness.free_port()
    proc = harness.start_server(
        harness.solara_cmd("viz/mesa_app.py", port), port, log_path=tmp_path / "mesa.log"
    )
    try:
        ctx, page, errors = _open(browser, f"http://127.0.0.1:{port}/", button="Step")
        expect(page.get_by_text(re.compile(r"Day 0 of 365"))).to_be_visible(timeout=60_000)
        _step(page, 3)
        expect(page.get_by_text(re.compile(r"Day 3 of 365"))).to_be_visible(timeout=30_000)
        expect(page.get_by_role("slider", name="Us pressure")).to_be_attached()  # the levers as sliders
        page.screenshot(path=str(tmp_path / "solaraviz.png"), full_page=True)
        _no_errors(errors)
        ctx.close()
    finally:
        harness.stop_server(proc)
