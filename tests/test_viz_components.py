"""Dashboard components rendered headless with ``solara.render`` (no browser)."""

from __future__ import annotations

import time

import ipyvuetify as vw
import pytest
import solara

from viz import state
from viz.app import Page


@pytest.fixture(autouse=True)
def fresh_session():
    state.reset_session()
    yield
    state.playing.set(False)
    state.reset_session()


def _texts(rc) -> list[str]:
    return [c for w in rc.find(vw.Html).widgets for c in w.children if isinstance(c, str)]


def _click(rc, label):
    rc.find(vw.Btn, children=[label]).widget.click()


def test_live_page_steps_and_resets():
    box, rc = solara.render(Page(), handle_error=False)
    rc.find(children=["Day 0 of 365"]).assert_single()
    m = state.model.value
    for _ in range(3):
        _click(rc, "Step")
    assert m.day == 3
    rc.find(children=["Day 3 of 365"]).assert_single()
    assert any("Event log" in t for t in _texts(rc))
    _click(rc, "Reset")
    assert state.model.value is not m and state.model.value.day == 0
    rc.find(children=["Day 0 of 365"]).assert_single()
    rc.close()


def test_every_lever_has_a_slider_and_moving_one_rebuilds_the_model():
    box, rc = solara.render(Page(), handle_error=False)
    m = state.model.value
    sliders = rc.find(vw.Slider).widgets
    labels = [s.label for s in sliders]
    for name in m.scenario.levers:
        assert any(name.replace("_", " ").capitalize() in lab for lab in labels), name
    _click(rc, "Step")
    resolve = next(s for s in sliders if s.label.startswith("Russian resolve"))
    resolve.v_model = 0.3
    new = state.model.value
    assert new is not m and new.day == 0
    assert new.scenario.states["RUS"].resolve == pytest.approx(0.3)
    assert state.levers.value["russian_resolve"] == pytest.approx(0.3)
    rc.close()


def test_seed_input_rebuilds_with_that_seed():
    box, rc = solara.render(Page(), handle_error=False)
    field = rc.find(vw.TextField, label="Seed").widget
    field.v_model = "7"
    field.fire_event("focusout", None)  # InputInt commits on focusout or enter
    assert state.model.value.run_seed == 7
    rc.close()


def test_play_steps_in_the_background_and_pause_stops():
    box, rc = solara.render(Page(), handle_error=False)
    state.speed.set(40)
    _click(rc, "Play")
    deadline = time.time() + 20
    while state.model.value.day < 10 and time.time() < deadline:
        time.sleep(0.1)
    _click(rc, "Pause")
    time.sleep(0.6)
    day = state.model.value.day
    assert day >= 10
    time.sleep(0.5)
    assert state.model.value.day == day
    rc.close()


def test_each_step_redraws_every_chart_with_the_new_day():
    """Every chart of the live page gets the new day's data after a step (timing is not tested
    here: performance belongs in benchmarks/, and docs/dashboard.md reports the measured cost)."""
    import json

    from viz.components.chart import VegaLite

    box, rc = solara.render(Page(), handle_error=False)
    for _ in range(30):
        _click(rc, "Step")
    specs = [w.spec for w in rc.find(VegaLite).widgets]
    assert len(specs) >= 10  # map, the game's 2 charts, 3 war and 7 economy panels

    def last_days(specs):
        """Per chart, the newest day in any of its layers (a layer of events, such as the
        game's offers, may end before the chart's day)."""
        out = []
        for s in specs:
            days = []
            for d in [s.get("data"), *[lay.get("data") for lay in s.get("layer", [])]]:
                if d and isinstance(d.get("values"), str):
                    days += [r["day"] for r in json.loads(d["values"]) if isinstance(r, dict) and "day" in r]
            if days:
                out.append(max(days))
        return out

    assert set(last_days(specs)) == {30}
    _click(rc, "Step")
    after = [w.spec for w in rc.find(VegaLite).widgets]
    assert set(last_days(after)) == {31} and len(last_days(after)) == len(last_days(specs)) >= 11
    rc.close()


def test_explorer_shows_a_dataset_and_replays_a_run(tmp_path):
    from tests.viz_dataset import write_dataset

    write_dataset(tmp_path / "small", reps=2, days=30, series=True)
    state.results_root.set(tmp_path)
    state.tab.set(1)
    box, rc = solara.render(Page(), handle_error=False)
    rc.find(vw.Select, label="Dataset").widget.v_model = "small"
    texts = _texts(rc)
    assert any(t.startswith("8 runs, 4 design points") for t in texts), texts
    charts = rc.find(solara.widgets.VegaLite).widgets
    titles = [c.spec["title"]["text"] for c in charts]
    assert any(t.startswith("P(ceasefire by day") for t in titles)
    assert any("median, 50% and 90% of runs" in t for t in titles)  # fan chart from the series
    assert any(t.startswith("P(no ceasefire yet) per design point") for t in titles)
    runs = rc.find(vw.Select, label="Run").widget
    runs.v_model = runs.items[1]
    _click(rc, "Replay")
    assert state.tab.value == 0
    m = state.model.value
    assert m.run_seed == 2 and m.days == 30
    assert state.levers.value["russian_resolve"] == pytest.approx(0.5)
    assert "Replaying run 1 of small" in state.replay_note.value
    rc.close()


def test_explorer_shows_a_message_for_a_broken_dataset(tmp_path):
    (tmp_path / "bad" / "runs").mkdir(parents=True)
    (tmp_path / "bad" / "runs" / "chunk-000000.parquet").write_bytes(b"garbage")
    state.results_root.set(tmp_path)
    state.tab.set(1)
    box, rc = solara.render(Page(), handle_error=False)
    rc.find(vw.Select, label="Dataset").widget.v_model = "bad"
    assert any("Cannot open this dataset" in str(w.children) for w in rc.find(vw.Alert).widgets)
    rc.close()


def test_explorer_without_datasets(tmp_path):
    state.results_root.set(tmp_path / "none")
    state.tab.set(1)
    box, rc = solara.render(Page(), handle_error=False)
    assert any("No datasets" in str(w.children) for w in rc.find(vw.Alert).widgets)
    rc.close()
