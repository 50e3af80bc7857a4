"""``warsim plot DIR --out FILE.png|.svg|.pdf``: the batch report's charts in one figure.

Four panels, one colour per design point, all read from ``warsim report``'s
numbers (engine.batch.report.build_report), never recomputed here:

1. the Kaplan-Meier ceasefire survival curve with its 95% band;
2. P(ceasefire by day d) at the report's horizons with 95% Wilson intervals;
3. outcome shares;
4. medians and 90% intervals of the signed terms (or, with no deal in any run, of
   the territory change per belligerent).
"""

from __future__ import annotations

from pathlib import Path

from engine.cli.options import int_in

NAME = "plot"
HELP = "draw a batch report's charts (survival, P(ceasefire), outcomes, terms) to PNG, SVG or PDF"
FORMATS = (".png", ".svg", ".pdf")
MAX_POINTS = 12  # beyond this a legend is unreadable: pick points with --points


def register(p) -> None:
    p.add_argument("dataset", metavar="DIR", help="a folder written by `warsim batch --out DIR`")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="image to write; the suffix picks the format (.png, .svg or .pdf)")
    p.add_argument("--points", default=None, metavar="ID,...",
                   help=f"design points to draw (default: all, at most {MAX_POINTS})")
    p.add_argument("--dpi", type=int_in(30, 1200, "--dpi"), default=150,
                   help="resolution of a PNG (default 150)")


def check_out(text: str) -> Path:
    """The ``--out`` file: a known suffix, in a folder that exists (UsageError otherwise)."""
    from engine.errors import UsageError

    out = Path(text)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"--out: {text}: the suffix picks the format; use {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise UsageError(f"--out: {text}: no folder {out.parent}")
    if out.is_dir():
        raise UsageError(f"--out: {text}: is a folder; give a file name")
    return out


def pick_points(report: dict, spec: str | None) -> list[dict]:
    """The report's design points to draw: ``--points`` ids, or all of them (at most MAX_POINTS)."""
    from engine.errors import UsageError

    points = report["points"]
    if spec is None:
        if len(points) > MAX_POINTS:
            raise UsageError(f"--points: {report['dataset']} has {len(points)} design points; choose "
                             f"at most {MAX_POINTS}, e.g. --points 0,1,2")
        return points
    by_id = {p["point_id"]: p for p in points}
    chosen = []
    for item in spec.split(","):
        item = item.strip()
        if not item.isdigit() or int(item) not in by_id:
            raise UsageError(f"--points: '{item}' is not a design point id of {report['dataset']} "
                             f"(0..{len(points) - 1})")
        chosen.append(by_id[int(item)])
    if not chosen or len(chosen) > MAX_POINTS:
        raise UsageError(f"--points: give 1 to {MAX_POINTS} point ids")
    return chosen


def point_label(p: dict) -> str:
    """``"point 2: us_pressure=0.5"`` (lever names shortened, numbers to 4 digits)."""
    vals = ", ".join(
        f"{k.removeprefix('levers.')}={v:.4g}" if isinstance(v, float) else f"{k.removeprefix('levers.')}={v}"
        for k, v in (p.get("values") or {}).items()
    )
    return f"point {p['point_id']}" + (f": {vals}" if vals else "")


def draw(report: dict, points: list[dict]):
    """The four-panel matplotlib Figure for ``points`` of ``report``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(13, 9), constrained_layout=True)
    colours = plt.get_cmap("tab10" if len(points) <= 10 else "tab20").colors
    days = int(report["days"])
    n = len(points)

    ax = axes[0, 0]
    for j, p in enumerate(points):
        s = p["survival"]
        d = [0, *s["day"], days]
        y = [1.0, *s["survival"], s["survival"][-1] if s["survival"] else 1.0]
        lo = [1.0, *s["low"], s["low"][-1] if s["low"] else 1.0]
        hi = [1.0, *s["high"], s["high"][-1] if s["high"] else 1.0]
        c = colours[j % len(colours)]
        ax.step(d, y, where="post", color=c, label=point_label(p))
        ax.fill_between(d, lo, hi, step="post", color=c, alpha=0.15, linewidth=0)
    ax.set(title="Ceasefire survival (Kaplan-Meier, 95% band)", xlabel="day of the run (days)",
           ylabel="P(no ceasefire yet) (probability)", xlim=(0, days), ylim=(-0.02, 1.02))

    ax = axes[0, 1]
    horizons = [int(h) for h in report["horizons"]]
    width = 0.8 / n
    for j, p in enumerate(points):
        xs = [k + (j - (n - 1) / 2) * width for k in range(len(horizons))]
        cb = [p["ceasefire_by_day"][str(h)] for h in horizons]
        y = [c["p"] for c in cb]
        err = [[c["p"] - c["low"] for c in cb], [c["high"] - c["p"] for c in cb]]
        ax.errorbar(xs, y, yerr=err, fmt="o", capsize=3, color=colours[j % len(colours)])
    ax.set_xticks(range(len(horizons)), [f"day {h}" for h in horizons])
    ax.set(title="P(ceasefire by day d), 95% Wilson intervals", xlabel="horizon d (days)",
           ylabel="P(ceasefire by day d) (probability)", ylim=(-0.02, 1.02))

    ax = axes[1, 0]
    names = sorted({o for p in points for o in p["outcomes"]})
    outcome_colours = plt.get_cmap("Set2").colors
    left = [0.0] * n
    for k, name in enumerate(names):
        shares = [p["outcomes"].get(name, {}).get("share", 0.0) for p in points]
        ax.barh(range(n), shares, left=left, color=outcome_colours[k % len(outcome_colours)], label=name)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(range(n), [f"point {p['point_id']}" for p in points])
    ax.invert_yaxis()
    ax.set(title="Outcome shares", xlabel="share of runs (fraction)", xlim=(0, 1))
    ax.legend(loc="lower right", fontsize="small")

    ax = axes[1, 1]
    dist_names = sorted({k for p in points for k in p["distributions"]})
    terms = [k for k in dist_names if k.startswith("term_")]
    shown, unit = (terms, "value of the issue in the deal (0..1)") if terms else (
        [k for k in dist_names if k.startswith("territory_change_km2_")], "ground gained, signed (km2)")
    title = ("Signed terms: median and 90% interval (runs with a deal)" if terms
             else "No deal in any run: territory change, median and 90% interval")
    for j, p in enumerate(points):
        ys = [k + (j - (n - 1) / 2) * (0.8 / n) for k in range(len(shown))]
        for y, col in zip(ys, shown, strict=True):
            dd = p["distributions"].get(col)
            if not dd or dd.get("median") is None:
                continue
            ax.errorbar([dd["median"]], [y], xerr=[[dd["median"] - dd["q05"]], [dd["q95"] - dd["median"]]],
                        fmt="o", capsize=3, color=colours[j % len(colours)])
    ax.set_yticks(range(len(shown)), [c.removeprefix("term_") for c in shown])
    ax.invert_yaxis()
    ax.set(title=title, xlabel=unit)

    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(n, 3), fontsize="small")
    fig.suptitle(f"{report['scenario']}: {report['runs']:,} runs, {report['reps']} per design point, "
                 f"{days} days  ({report['dataset']})")
    return fig


def main(args) -> int:
    from engine.batch.report import build_report

    out = check_out(args.out)
    report = build_report(args.dataset)
    points = pick_points(report, args.points)
    fig = draw(report, points)
    tmp = out.with_name(f".{out.name}.tmp{out.suffix}")
    fig.savefig(tmp, dpi=args.dpi, format=out.suffix.lower().lstrip("."))
    tmp.replace(out)  # a reader never sees half an image
    print(f"wrote {out} ({len(points)} design points, {report['runs']:,} runs)")
    return 0
