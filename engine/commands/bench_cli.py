"""Argument wiring for ``warsim bench`` (light: argparse only)."""

NAME = "bench"
HELP = "benchmark suite: engine vs the plain Mesa reference and mesa.batch_run, scaling, hardware limit"


def register(p) -> None:
    p.add_argument("--quick", action="store_true",
                   help="small sizes and few repeats (under two minutes); for checking that it works")
    p.add_argument("--out", default=None,
                   help="folder for the results table (default: benchmarks/results)")
    p.add_argument("--only", default=None, metavar="NAME,...",
                   help="run only these benchmarks: single, batch, scaling, bandwidth, startup, threads")
