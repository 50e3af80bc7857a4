"""P(ceasefire by day 365) of a batch against one varied parameter: a Markdown table and
a figure (docs/validation.md, "Talks as a bargaining game: ceasefire against the front").

    warsim batch ukraine_2025 --set talks.model=bargaining \\
        --vary battle.advance_max=0.1127:0.2093:7 --reps 200 --days 365 --out DIR
    python scripts/talks_game_sweep.py DIR battle.advance_max docs/img/FIGURE.png

The interval is the binomial 95% half-width ``1.96 sqrt(p (1 - p) / n)``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl


def table(folder: str, param: str) -> pl.DataFrame:
    runs = pl.concat([pl.read_parquet(f) for f in sorted(Path(folder, "runs").glob("*.parquet"))])
    cf = pl.col("outcome").is_in(["ceasefire_holding", "ceasefire_collapsed"])
    out = (runs.group_by(param)
           .agg(pl.len().alias("runs"), cf.mean().alias("p"),
                (pl.col("outcome") == "ceasefire_collapsed").mean().alias("collapsed"),
                pl.col("ceasefire_day").drop_nulls().median().alias("median_day"),
                pl.col("territory_change_km2_RUS").mean().alias("gain_km2"))
           .sort(param))
    return out.with_columns((1.96 * (pl.col("p") * (1 - pl.col("p")) / pl.col("runs")).sqrt())
                            .alias("half_width"))


def main() -> None:
    folder, param, figure = sys.argv[1], sys.argv[2], sys.argv[3]
    t = table(folder, param)
    print(f"| {param} | runs | P(ceasefire by 365) | of which collapsed | median ceasefire day "
          "| Russian gain (km2, mean) |")
    print("|---|---|---|---|---|---|")
    for row in t.iter_rows(named=True):
        med = "-" if row["median_day"] is None else f"{row['median_day']:.0f}"
        print(f"| {row[param]:.4f} | {row['runs']} | {row['p']:.3f} ± {row['half_width']:.3f} | "
              f"{row['collapsed']:.3f} | {med} | {row['gain_km2']:,.0f} |")
    p = t["p"].to_numpy()
    print(f"\nlargest step between neighbouring values: {np.abs(np.diff(p)).max():.3f}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    x = t[param].to_numpy()
    ax.errorbar(x, p, yerr=t["half_width"].to_numpy(), marker="o", capsize=3)
    ax.set_xlabel(param)
    ax.set_ylabel("P(ceasefire by day 365)")
    ax.set_ylim(0, 1)
    ax.set_title("Reference scenario, talks.model = bargaining")
    fig.tight_layout()
    fig.savefig(figure, dpi=120)


if __name__ == "__main__":
    main()
