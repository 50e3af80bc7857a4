"""Argument wiring for ``warsim validate-model`` (light: argparse only)."""

NAME = "validate-model"
HELP = "regenerate the validation report (closed forms, backtest, sensitivity)"


def register(p) -> None:
    p.add_argument("--out", default="docs/validation.md", help="report path")
    p.add_argument("--seeds", type=int, default=200, help="backtest seeds")
    p.add_argument("--samples", type=int, default=128, help="Sobol base samples")
    p.add_argument("--reps", type=int, default=10, help="replicates per sensitivity point")
    p.add_argument("--quick", action="store_true", help="small sample sizes (a smoke test)")
    p.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
