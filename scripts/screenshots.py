#!/usr/bin/env python3
"""Regenerate the README's dashboard pictures (docs/img/*.png) from the reference batch.

Starts ``warsim app --results results/reference`` on a free port, drives Debian's
chromium with Playwright (tests/browser/harness.py) and saves:

* ``docs/img/dashboard.png``: the live page after 90 simulated days (seed 1), the
  map compared with day 30;
* ``docs/img/explorer.png``: the batch explorer on the reference batch (survival
  curves and outcome shares per design point, the heatmap, terms, fan chart);
* ``docs/img/discovery.png``: PRIM's box for a ceasefire over the reference levers, at
  the least density ``--prim-density`` (the bargaining reference's best cells reach a
  P(ceasefire) of about 0.56, so the page's default 0.80 finds no box).

The reference batch is what ``make main`` builds (``results/reference``); this
script refuses to run without it rather than picture a test fixture. Any browser
console error stops it (exit 1).

Usage::

    .venv/bin/python scripts/screenshots.py [--results results/reference] [--out docs/img]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, default=ROOT / "results" / "reference")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument(
        "--prim-density", type=float, default=0.5, help="PRIM's least density (0.3-1, steps of 0.05)"
    )
    args = ap.parse_args()
    if not (args.results / "manifest.json").is_file():
        print(f"screenshots: {args.results}: no batch there; run `make main` first", file=sys.stderr)
        return 2
    from playwright.sync_api import expect, sync_playwright

    from tests.browser import harness

    args.out.mkdir(parents=True, exist_ok=True)
    port = harness.free_port()
    cmd = [sys.executable, "-m", "engine.cli", "app", "--results", str(args.results), "--port", str(port)]
    proc = harness.start_server(cmd, port)
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = harness.launch_chromium(pw)
            # tall enough for the whole page: Solara scrolls inside its app, not the document
            page = browser.new_context(viewport={"width": args.width, "height": 2000}).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{port}/")
            harness.wait_for_button(page, "Step", timeout=120)
            expect(page.get_by_text("Day 0 of 365", exact=True)).to_be_visible(timeout=120_000)
            step = page.get_by_role("button", name="Step", exact=True)
            for _ in range(90):
                step.click()
            expect(page.get_by_text("Day 90 of 365", exact=True)).to_be_visible(timeout=60_000)
            slider = page.locator(".v-input").filter(has_text="Compare with").get_by_role("slider").first
            slider.focus()
            for _ in range(30):
                page.keyboard.press("ArrowRight")
            expect(page.get_by_text("Compare with day 30", exact=True)).to_be_visible(timeout=20_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(args.out / "dashboard.png"), full_page=True)

            page.get_by_role("tab", name="Batch explorer").click()
            label = page.locator("label").filter(has_text=re.compile("^Dataset$"))
            page.locator(".v-select").filter(has=label).first.click()
            page.locator(".menuable__content__active .v-list-item").filter(
                has_text=args.results.name
            ).first.click()
            expect(page.get_by_text(re.compile(r"^\d[\d,]* runs, \d+ design points"))).to_be_visible(
                timeout=60_000
            )
            page.set_viewport_size({"width": args.width, "height": 2700})
            page.wait_for_timeout(3000)
            page.screenshot(path=str(args.out / "explorer.png"), full_page=True)

            density = (
                page.locator(".v-input").filter(has_text="PRIM least density").get_by_role("slider").first
            )
            now = float(
                re.search(
                    r"PRIM least density: ([\d.]+)", page.get_by_text("PRIM least density").first.inner_text()
                )[1]
            )
            density.focus()
            for _ in range(abs(round((args.prim_density - now) / 0.05))):
                page.keyboard.press("ArrowRight" if args.prim_density > now else "ArrowLeft")
            expect(
                page.get_by_text(f"PRIM least density: {args.prim_density:.2f}", exact=True)
            ).to_be_visible(timeout=20_000)
            page.get_by_role("button", name="Run PRIM", exact=True).click()
            box = page.locator(".prim-box")
            expect(box).to_be_visible(timeout=180_000)
            page.wait_for_timeout(1500)
            top = page.get_by_text("Scenario discovery: which lever ranges").bounding_box()
            page.screenshot(
                path=str(args.out / "discovery.png"),
                clip={"x": 0, "y": top["y"] - 10, "width": args.width, "height": 900},
            )
            browser.close()
    finally:
        harness.stop_server(proc)
    if errors:
        print("screenshots: browser console errors:\n" + "\n".join(errors[:10]), file=sys.stderr)
        return 1
    for name in ("dashboard.png", "explorer.png", "discovery.png"):
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
