"""Which kernels the cold compile spends its time on.

``python -m benchmarks.compile_cost`` compiles every day kernel into an empty
Numba cache (a fresh temporary ``NUMBA_CACHE_DIR``, set before Numba is imported)
through :func:`engine.api.warm_kernels`, listening to Numba's ``numba:compile``
events, and prints each dispatcher's own compile time (its nested compiles of the
kernels it calls subtracted), largest first, with the total CPU seconds.
Run it on a quiet machine: it is wall time per kernel.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> None:
    top = int(argv[0]) if argv else 25
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="warsim_cold_cache_")
    from numba.core import event

    spans: list[tuple[str, float, float]] = []  # (name, start, end)
    stack: list[tuple[str, float]] = []

    class Listener(event.Listener):
        def on_start(self, ev):
            d = ev.data["dispatcher"]
            name = f"{d.py_func.__module__}.{d.py_func.__qualname__}"
            stack.append((name, time.perf_counter()))

        def on_end(self, ev):
            name, t0 = stack.pop()
            spans.append((name, t0, time.perf_counter()))

    cpu0, wall0 = time.process_time(), time.perf_counter()
    with event.install_listener("numba:compile", Listener()):
        from engine.api import warm_kernels

        warm_kernels()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    # exclusive time: a span minus the spans nested directly inside it
    own: dict[str, float] = {}
    count: dict[str, int] = {}
    for name, t0, t1 in spans:
        inner = [(a, b) for (_, a, b) in spans if t0 < a and b < t1]
        direct = [(a, b) for (a, b) in inner if not any(c < a and b < d for (c, d) in inner)]
        own[name] = own.get(name, 0.0) + (t1 - t0) - sum(b - a for a, b in direct)
        count[name] = count.get(name, 0) + 1
    print(f"cold compile (imports, build and warm_kernels): {cpu:.1f} s CPU, {wall:.1f} s wall; "
          f"{len(spans)} compiles of {len(own)} functions, {sum(own.values()):.1f} s inside compiles")
    for name, sec in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {sec:7.2f} s  x{count[name]}  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
