"""Dashboard logic without a browser: front-map geometry, live views, explorer statistics, CLI."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from tests.conftest import run_cli
from viz import charts, explorer, front_map, live


# ---------------------------------------------------------------- front map
def test_shift_point_moves_along_the_bearing():
    lon, lat = front_map.shift_point(37.0, 48.0, 111.32, 0.0)  # one degree north
    assert lon == pytest.approx(37.0) and lat == pytest.approx(49.0)
    lon, lat = front_map.shift_point(37.0, 48.0, 10.0, 90.0)  # east: longitude shrinks with latitude
    assert lat == pytest.approx(48.0)
    assert lon - 37.0 == pytest.approx(10.0 / (111.32 * math.cos(math.radians(48.0))))


def test_shifted_line_keeps_its_distance():
    line = [(37.1, 48.2), (37.3, 48.4)]
    moved = front_map.shift_line(line, 5.0, 225.0)
    for (a, b), (c, d) in zip(line, moved, strict=True):
        dy = (d - b) * front_map.KM_PER_DEG_LAT
        dx = (c - a) * front_map.KM_PER_DEG_LAT * math.cos(math.radians(b))
        assert math.hypot(dx, dy) == pytest.approx(5.0, rel=1e-9)


@pytest.fixture(scope="module")
def stepped_model():
    from engine.model import WarModel
    from engine.scenario import load_scenario

    # the red-line talks: the issues view shows their draft, ideals and positions
    m = WarModel(load_scenario("ukraine_2025", {"talks.model": "redlines"}), seed=1)
    for _ in range(120):
        m.step()
    return m


def test_sector_view_matches_the_model(stepped_model):
    sectors = front_map.sector_view(stepped_model)
    assert [s["fid"] for s in sectors] == [f.fid for f in stepped_model.front_agents]
    moved = [s for s in sectors if s["advance_km"] > 0]
    assert moved, "120 days should move some sector"
    for s in sectors:
        assert len(s["current"]) == len(s["start"])
        if s["advance_km"] == 0:
            assert [c for p in s["current"] for c in p] == pytest.approx([c for p in s["start"] for c in p])


def test_map_spec_marks_changed_ground_lines_and_towns(stepped_model):
    sectors = front_map.sector_view(stepped_model)
    layers = front_map.map_layers(sectors)
    assert len(layers["gained"]) == sum(1 for s in sectors if abs(s["advance_km"]) > 1e-6)
    assert len(layers["lines"]) == 2 * len(sectors)
    captured = {t["town"] for t in layers["towns"] if t["status"] == "captured"}
    summary_captured = {
        t for f in stepped_model.summary()["fronts"].values() for t in f["settlements_captured"]
    }
    assert captured == summary_captured
    assert "troops" in layers["gained"][0]["properties"]["strength"]  # strength on hover
    spec = front_map.map_spec(sectors)
    json.dumps(spec)  # serialisable for the widget
    assert spec["projection"]["type"] == "mercator"
    box = front_map.bounding_box(sectors)
    assert 29 <= box[0] < box[2] <= 41 and 45 <= box[1] < box[3] <= 53  # Ukraine's east


def test_basemap_draws_borders_and_rivers_of_the_window():
    """Natural Earth layers (installed by `make install`): Ukraine's and Russia's borders and
    some rivers in the front's window, every point inside it but for the segment ends."""
    from viz import basemap

    box = (34.0, 46.0, 40.0, 50.0)
    layers = basemap.clipped_layers(box)
    ids = {f["properties"]["id"] for f in layers["countries"]}
    assert {"UKR", "RUS"} <= ids and "FRA" not in ids
    assert len(layers["rivers"]) >= 2
    pts = [p for f in layers["countries"] for part in f["geometry"]["coordinates"] for p in part]
    inside = [33.0 <= x <= 41.0 and 45.0 <= y <= 51.0 for x, y in pts]
    assert all(inside), "clipped lines reach at most one segment out of the window"
    assert basemap.layers(box) is basemap.layers(box)  # cached per window


def test_basemap_missing_file_is_a_message(tmp_path, monkeypatch):
    from viz import basemap

    monkeypatch.setenv("WARSIM_MAP_DATA", str(tmp_path / "none.json"))
    with pytest.raises(basemap.MapDataMissing, match="make install"):
        basemap.layers((34.0, 46.0, 40.0, 50.0))
    sectors = [
        {
            "fid": "a",
            "name": "A",
            "attacker": "X",
            "defender": "Y",
            "start": [(35, 47), (35, 48)],
            "current": [(35.1, 47), (35.1, 48)],
            "advance_km": 7.0,
            "bearing_deg": 90.0,
            "frozen": False,
            "attacker_troops": 1.0,
            "defender_troops": 1.0,
            "settlements": [],
        }
    ]
    spec = front_map.map_spec(sectors)
    assert "make install" in spec["title"]["text"]  # the front alone, saying what is missing


def test_no_geography_is_recognised():
    flat = [{"start": [], "settlements": [{"lon": 0.0, "lat": 0.0}]}]
    assert not front_map.has_geography(flat)
    assert front_map.has_geography([{"start": [(35, 47), (35, 48)], "settlements": []}])


def test_line_on_a_chosen_day_is_that_days_depth(stepped_model):
    then = front_map.lines_on_day(stepped_model, 40)
    frame = stepped_model.datacollector.get_agenttype_vars_dataframe(type(stepped_model.front_agents[0])).xs(
        40, level="Step"
    )
    for f in stepped_model.front_agents:
        start = stepped_model.scenario.fronts[f.fid].depth_km
        assert then[f.fid] == pytest.approx(frame.loc[f.unique_id, "depth_km"] - start)
    assert front_map.lines_on_day(stepped_model, 0) == pytest.approx(
        {f.fid: 0.0 for f in stepped_model.front_agents}
    )
    sectors = front_map.sector_view(stepped_model)
    spec = front_map.map_spec(sectors, compare=then)
    lines = next(lay for lay in spec["layer"] if lay.get("encoding", {}).get("stroke"))
    kinds = [f["properties"]["line"] for f in lines["data"]["values"]]
    assert kinds.count("chosen day") == len(sectors)


def test_town_labels_do_not_overlap():
    towns = [
        {"town": f"Town number {i}", "lon": 37.0 + 0.02 * i, "lat": 48.0 + 0.01 * (i % 3)} for i in range(12)
    ]
    box = (36.0, 47.0, 39.0, 49.0)
    placed = front_map.place_labels(towns, box, width=600, height=360, font_px=9)
    assert 0 < len(placed) < len(towns)  # crowded: some go unlabelled rather than overlap
    # redo the placement's own geometry: every kept label box is disjoint from the others
    import math as m

    def px(lon, lat):
        x0, y1 = m.radians(box[0]), m.log(m.tan(m.pi / 4 + m.radians(box[3]) / 2))
        x1, y0 = m.radians(box[2]), m.log(m.tan(m.pi / 4 + m.radians(box[1]) / 2))
        k = min(600 / (x1 - x0), 360 / (y1 - y0))
        return (m.radians(lon) - x0) * k, (y1 - m.log(m.tan(m.pi / 4 + m.radians(lat) / 2))) * k

    rects = []
    for t in placed:
        x, y = px(t["label_lon"], t["label_lat"])
        w = 0.6 * 9 * len(t["town"])
        x0 = {"left": x, "right": x - w, "center": x - w / 2}[t["align"]]
        rects.append((x0, y - 5, x0 + w, y + 5))
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not (
                a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
            ), (a, b)


# ---------------------------------------------------------------- live views
def test_lever_specs_cover_every_lever():
    from engine.scenario import load_scenario

    s = load_scenario("ukraine_2025")
    specs = live.lever_specs(s)
    assert [x.name for x in specs] == list(s.levers)
    for x in specs:
        assert x.min <= x.default <= x.max and x.step > 0 and x.description
    assert {x.name: x.step for x in specs}["deadline_days"] == 1.0
    assert "ukraine_2025" in live.list_scenarios()


def test_panels_read_the_model_reporters(stepped_model):
    specs = live.panel_charts(stepped_model, live.WAR_PANELS)
    assert all(spec is not None for spec in specs.values())
    terr = specs["Ground gained since the start"]["data"]["values"]
    assert {r["series"] for r in terr} >= {"RUS", "UKR"}
    last = max(r["day"] for r in terr)
    assert last == stepped_model.day
    rus = next(r["value"] for r in terr if r["series"] == "RUS" and r["day"] == last)
    assert rus == pytest.approx(stepped_model.summary()["territory_change_km2"]["RUS"], abs=1e-2)
    eco = live.panel_charts(stepped_model, live.ECONOMY_PANELS)
    assert eco["War support"] is not None
    assert live.day_label(stepped_model) == "Day 120 of 365"


def test_every_reporter_is_declared_and_every_panel_has_a_unit(stepped_model):
    """Each model reporter is a declared output (viz.series reads the declarations); each
    chart's y axis names the declared label and unit."""
    from viz import series

    table = series.for_model(stepped_model)
    assert series.undeclared(list(stepped_model.datacollector.model_vars), table) == []
    specs = live.panel_charts(stepped_model, live.WAR_PANELS + live.ECONOMY_PANELS)
    assert all(s is not None for s in specs.values()), [t for t, s in specs.items() if s is None]
    for title, spec in specs.items():
        y = spec["encoding"]["y"]["title"]
        assert y and y.endswith(")") and "(" in y, (title, y)
    # each panel draws exactly its declared series, nothing picked by a fragment of a name
    # (sanctions bite is declared for every state with a modelled economy)
    sanctions = {r["series"] for r in specs["Sanctions bite"]["data"]["values"]}
    assert sanctions == {"RUS", "UKR", "USA", "EUR"}
    markets = {r["series"] for r in specs["Market indices"]["data"]["values"]}
    assert markets == {"Defence equities", "Reconstruction equities"}
    assert specs["Market indices"]["encoding"]["y"]["title"] == "Market indices (100 = start)"
    oil = specs["Oil price"]
    assert oil["encoding"]["y"]["title"] == "Oil price ($/bbl)"
    assert specs[live.WAR_PANELS[0]]["encoding"]["y"]["title"] == "Ground gained (km²)"


def test_utility_against_batna_one_line_per_party_and_measure(stepped_model):
    recs = live.talks_view(stepped_model)["ripeness"]
    assert recs is not None
    keys = {(r["party"], r["measure"]) for r in recs}
    assert keys == {(c, m) for c in ("RUS", "UKR") for m in ("Utility of the draft", "BATNA")}
    for party, measure in keys:  # one value per day on each line: no zig-zag between parties
        days = [r["day"] for r in recs if r["party"] == party and r["measure"] == measure]
        assert days == list(range(stepped_model.day + 1))
    last = {(r["party"], r["measure"]): r["value"] for r in recs if r["day"] == stepped_model.day}
    rus = stepped_model.state("RUS")
    assert last[("RUS", "BATNA")] == pytest.approx(rus.batna)
    assert last[("RUS", "Utility of the draft")] == pytest.approx(rus.draft_utility)
    spec = live.ripeness_chart(recs)
    assert spec["encoding"]["strokeDash"]["field"] == "measure"
    assert spec["encoding"]["color"]["field"] == "party"


def test_issues_show_draft_ideal_and_public_position(stepped_model):
    recs = live.talks_view(stepped_model)["issues"]
    kinds = {(r["party"], r["kind"]) for r in recs}
    assert ("draft", "draft") in kinds
    for code in ("RUS", "UKR"):
        assert {(code, "ideal"), (code, "public position")} <= kinds
    w = stepped_model.world
    i = stepped_model.structure.states.index("UKR")
    terr = next(r for r in recs if r["party"] == "UKR" and r["kind"] == "ideal" and r["issue"] == "territory")
    j = list(stepped_model.scenario.issues).index("territory")
    assert terr["value"] == pytest.approx(w.ideal[0, i, j])


def test_talks_view_degrades_to_none_without_talks(stepped_model):
    view = live.talks_view(stepped_model)
    assert set(view) == {"issues", "ripeness", "envoys", "summary"}
    if not stepped_model.summary().get("talks"):
        assert view["issues"] is None


@pytest.fixture(scope="module")
def game_model():
    from engine.model import WarModel

    # the reference: talks.model = "bargaining"; seed 7 makes offers on days 7, 21, 49 and
    # 63 of the first 90, all refused (with the types acting on the front, b6e5a5e); seed
    # 1's hard types make no offer
    m = WarModel("ukraine_2025", seed=7)
    for _ in range(90):
        m.step()
    return m


def test_game_panels_name_declared_trace_columns_and_results():
    from engine.mechanisms.bargaining import columns as C
    from viz import series

    for title, rows in series.GAME_TRACE.items():
        units = set()
        for key, col_a, col_b, label, unit in rows:
            assert isinstance(getattr(C, col_a), int) and isinstance(getattr(C, col_b), int)
            assert getattr(C, col_a) < C.NT and getattr(C, col_b) < C.NT
            if key:
                series.game_result("A", key), series.game_result("B", key)  # KeyError: undeclared
            else:
                assert label and unit
            units.add(series.game_label(key, label, unit)[1])
        assert len(units) == 1, (title, units)
    for name in series.GAME_OFFER:
        assert getattr(C, name) < C.NT
    for key in series.GAME_SIDE_ROWS:
        series.game_result("A", key), series.game_result("B", key)
    assert set(series.GAME_AXES) == set(series.GAME_TRACE) == set(series.GAME_PANELS)
    assert series.game_result_label("last_refusal") == "Last refusal"


def test_game_view_reads_the_games_daily_record(game_model, stepped_model):
    from engine.mechanisms.bargaining import columns as C
    from viz import series

    assert live.talks_model(game_model) == "bargaining"
    assert live.talks_model(stepped_model) == "redlines"
    assert live.game_view(stepped_model) is None  # the red-line talks keep their panels
    view = live.game_view(game_model)
    assert view["codes"] == ("RUS", "UKR")
    tr = game_model.world.game_trace[0]
    belief = series.game_label("belief_other_true_type")[0]
    chart = view["charts"][series.GAME_PANELS[0]]
    recs = [r for r in chart if r["measure"] == belief and r["party"] == "UKR"]
    assert [r["day"] for r in recs] == list(range(1, 91))
    assert [r["value"] for r in recs] == pytest.approx(list(tr[:90, C.T_BELIEF_B]))
    made = [d for d in range(90) if tr[d, C.T_OFFER] >= 0 and tr[d, C.T_ACCEPT] >= 0]
    assert made and [o["day"] - 1 for o in view["offers"]] == made
    for o in view["offers"]:
        assert o["value"] == pytest.approx(tr[o["day"] - 1, C.T_OFFER])
        assert o["answer"] == ("accepted" if tr[o["day"] - 1, C.T_ACCEPT] > 0 else "refused")
    rows = {r["row"]: r for r in view["table"]}
    sides = game_model.summary()["talks"]["sides"]
    assert rows["Public position"]["B"] == f"{sides['B (UKR)']['position']:.3f}"
    assert float(rows["Felt cost of war (x its type's cost)"]["A"]) > 1.0  # the engine's pain
    for title in series.GAME_PANELS:
        offers = view["offers"] if title == series.GAME_PANELS[1] else None
        spec = live.game_chart(title, view["charts"][title], offers)
        assert "(" in spec["layer"][0]["encoding"]["y"]["title"]  # names its unit


def test_events_newest_first(stepped_model):
    rows = live.event_rows(stepped_model)
    assert [r["day"] for r in rows] == sorted((r["day"] for r in rows), reverse=True)


# ---------------------------------------------------------------- explorer
def _runs(n_points=(3, 2), reps=20):
    rows, rid = [], 0
    for i in range(n_points[0]):
        for j in range(n_points[1]):
            for r in range(reps):
                # ceasefire by day 10*(i+1) in a share j/2 + r/(4*reps) of runs
                cf = 10 * (i + 1) if r < reps * (0.25 + 0.5 * j) else -1
                rows.append(
                    {
                        "run_id": rid,
                        "point_id": i * n_points[1] + j,
                        "replicate": r,
                        "seed": r,
                        "levers.a": 0.1 * i,
                        "levers.b": float(j),
                        "outcome": "ceasefire" if cf >= 0 else "no_deal",
                        "ceasefire_day": cf,
                        "days_run": 100,
                        "term_territory": 0.3 + 0.01 * r if cf >= 0 else None,
                    }
                )
                rid += 1
    return pl.DataFrame(rows)


def test_wilson_interval():
    lo, hi = explorer.wilson(5, 10)
    assert lo < 0.5 < hi and lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert explorer.wilson(0, 0) == (0.0, 1.0)
    assert explorer.wilson(0, 20)[0] == 0.0


def test_survival_curve_counts_ceasefires():
    runs = _runs()
    curve = explorer.survival_curve(runs, 100)
    by_day = {r["day"]: r for r in curve}
    assert by_day[0]["survival"] == 1.0 and by_day[100]["survival"] == curve[-1]["survival"]
    n = runs.height
    k30 = runs.filter((pl.col("ceasefire_day") >= 0) & (pl.col("ceasefire_day") <= 30)).height
    assert by_day[30]["survival"] == pytest.approx((n - k30) / n)
    assert all(r["lo"] <= r["survival"] <= r["hi"] for r in curve)
    s = [r["survival"] for r in curve]
    assert s == sorted(s, reverse=True)


def test_heatmap_per_pair_of_levers():
    runs = _runs()
    cells = explorer.ceasefire_heatmap(runs, "levers.a", "levers.b", 20)
    assert len(cells) == 6 and all(c["n"] == 20 for c in cells)
    p = {(round(c["levers.a"], 1), c["levers.b"]): c["p"] for c in cells}
    assert p[(0.0, 0.0)] == 0.25 and p[(0.0, 1.0)] == 0.75  # ceasefire on day 10
    assert p[(0.1, 1.0)] == 0.75 and p[(0.2, 1.0)] == 0.0  # day 20 counts, day 30 not yet


def test_outcome_shares_and_terms():
    runs = _runs()
    shares = {r["outcome"]: r["share"] for r in explorer.outcome_shares(runs)}
    assert sum(shares.values()) == pytest.approx(1.0)
    terms = explorer.term_records(runs)
    assert len(terms) == runs["term_territory"].drop_nulls().len()
    json.dumps(charts.histogram(terms, "value", facet="term"))


def test_load_real_dataset_and_replay_gives_the_same_run(tmp_path):
    from engine.model import WarModel
    from tests.viz_dataset import write_dataset

    write_dataset(tmp_path / "res" / "small", reps=2, days=30)
    assert explorer.list_datasets(tmp_path / "res") == ["small"]
    ds = explorer.load_dataset(tmp_path / "res", "small")
    assert ds.parameters == ["levers.russian_resolve", "levers.ukrainian_resolve"]
    assert ds.horizon == 30 and ds.runs.height == 8 and not ds.warnings
    cols = explorer.fan_columns(ds)
    assert cols["territory_km2_RUS"] == "Ground gained, RUS (km²)"
    assert cols["oil_price"] == "Oil price ($/bbl)"
    assert set(cols) <= set(ds.series.columns) and "day" not in cols
    fan = explorer.fan_records(ds.series, "territory_km2_RUS")
    assert all(r["q05"] <= r["q50"] <= r["q95"] for r in fan)
    spec = explorer.replay_spec(ds, 5)
    assert spec["overrides"] == {"russian_resolve": 0.9, "ukrainian_resolve": 0.4}
    m = WarModel(spec["scenario"], seed=spec["seed"], days=spec["days"], **spec["overrides"])
    m.run_to_end()
    row = ds.runs.filter(pl.col("run_id") == 5).row(0, named=True)
    assert m.summary()["territory_change_km2"]["RUS"] == pytest.approx(
        row["territory_change_km2_RUS"], abs=1e-3
    )
    assert m.summary()["outcome"] == row["outcome"]


def test_bad_datasets_give_messages_not_crashes(tmp_path):
    root = tmp_path / "res"
    (root / "empty" / "runs").mkdir(parents=True)
    (root / "empty" / "runs" / ".chunk-000000.123.tmp").write_bytes(b"half")
    (root / "broken" / "runs").mkdir(parents=True)
    (root / "broken" / "manifest.json").write_text("{not json")
    (root / "junk" / "runs").mkdir(parents=True)
    (root / "junk" / "runs" / "chunk-000000.parquet").write_bytes(b"PAR1 not really")
    (root / "nocols" / "runs").mkdir(parents=True)
    pl.DataFrame({"x": [1]}).write_parquet(root / "nocols" / "runs" / "chunk-000000.parquet")
    (tmp_path / "outside" / "runs").mkdir(parents=True)
    messages = {}
    for name in ["empty", "broken", "junk", "nocols", "../outside", "/etc", "missing"]:
        with pytest.raises(explorer.DatasetError) as exc:
            explorer.load_dataset(root, name)
        messages[name] = str(exc.value)
    assert "no finished runs" in messages["empty"]
    assert "manifest.json" in messages["broken"]
    assert "unreadable" in messages["junk"]
    assert "lack column" in messages["nocols"]
    assert "not a dataset name" in messages["../outside"] and "not a dataset name" in messages["/etc"]
    assert "no such dataset" in messages["missing"]


def test_symlink_out_of_the_root_is_refused(tmp_path):
    root = tmp_path / "res"
    root.mkdir()
    (tmp_path / "secret" / "runs").mkdir(parents=True)
    (root / "link").symlink_to(tmp_path / "secret")
    assert explorer.list_datasets(root) == []
    with pytest.raises(explorer.DatasetError, match="outside"):
        explorer.load_dataset(root, "link")


# ---------------------------------------------------------------- CLI
def test_app_cli_bad_input_exits_2(tmp_path):
    r = run_cli("app", "--results", str(tmp_path / "nope"))
    assert r.returncode == 2 and "no such folder" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("app", "--port", "70000")
    assert r.returncode == 2 and "outside" in r.stderr
    r = run_cli("app", "--results", str(tmp_path), "--check")
    assert r.returncode == 0 and "http://127.0.0.1:8765/" in r.stdout


def test_app_cli_refuses_a_busy_port(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run_cli("app", "--results", str(tmp_path), "--port", str(port), "--check")
    assert r.returncode == 2 and "in use" in r.stderr


def test_run_command_does_not_import_solara():
    import subprocess
    import sys

    code = (
        "import sys; from engine.cli import build_parser; build_parser(); import engine.cli.run; "
        "print(any(m.startswith(('solara', 'viz')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
