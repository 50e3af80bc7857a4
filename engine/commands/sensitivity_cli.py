"""Argument wiring for ``warsim sensitivity`` (light: argparse only)."""

NAME = "sensitivity"
HELP = "global sensitivity analysis (Sobol or Morris, via SALib)"


def register(p) -> None:
    from engine.cli import DAYS, SEED, int_in

    _positive = int_in(1, 1_000_000)

    p.add_argument("scenario", help="scenario file or name")
    p.add_argument(
        "--params", required=True,
        help="comma-separated lever names or PATH=LO:HI ranges (e.g. us_pressure,battle.mu=0.3:0.7)",
    )
    p.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    p.add_argument("--samples", type=_positive, default=64,
                   help="base samples (Sobol: N, runs N*(k+2) points; Morris: trajectories)")
    p.add_argument("--reps", type=_positive, default=20, help="replicates per sample point")
    p.add_argument("--days", type=DAYS, default=None)
    p.add_argument("--seed", type=SEED, default=1, help="base seed of the replicates")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    p.add_argument("--out", default=None, help="folder for indices.parquet and sample.parquet")
    p.add_argument("--json", action="store_true", help="print the indices as JSON")
