"""Numba options of every day kernel, in one place.

Day kernels index the per-run arrays their driver sliced and allocate nothing,
so they are compiled without Numba's reference-counting runtime (``_nrt=False``):
no ``NRT_incref``/``NRT_decref`` can reach the day's machine code, and an
allocation inside the day is a compile error rather than a silent cost.
tests/test_kernels.py reads every kernel's LLVM to hold them to this.

``kernel``
    A mechanism's step or a sizeable piece of it: compiled once, called.
``helper``
    Scalar maths mirroring a twin function, inlined into its caller.
"""

from __future__ import annotations

from numba import njit

KERNEL_OPTIONS = {"cache": True, "_nrt": False}


def kernel(fn=None, *, signature=None):
    """Decorate a day kernel (``@kernel`` or ``@kernel(signature="void(...)")``)."""

    def wrap(f):
        if signature is not None:
            return njit(signature, **KERNEL_OPTIONS)(f)
        return njit(**KERNEL_OPTIONS)(f)

    return wrap(fn) if fn is not None else wrap


def helper(fn):
    """Decorate a scalar helper: inlined at Numba IR level into each caller."""
    return njit(inline="always", **KERNEL_OPTIONS)(fn)
