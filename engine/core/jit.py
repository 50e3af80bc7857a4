"""Numba options of every day kernel, in one place.

Day kernels index the per-run arrays their driver sliced and allocate nothing,
so they are compiled without Numba's reference-counting runtime (``_nrt=False``):
no ``NRT_incref``/``NRT_decref`` can reach the day's machine code, and an
allocation inside the day is a compile error rather than a silent cost.
tests/test_kernels.py reads every kernel's LLVM to hold them to this.

``kernel``
    A mechanism's step or a sizeable piece of it: compiled once, called.
    ``@kernel(outer=True)``: a kernel that mostly calls other sizeable kernels, a
    few times a day; their machine code is linked in as compiled, not optimised
    again inside it (:class:`OuterCompiler`).
``helper``
    Scalar maths mirroring a twin function, inlined into its caller.
``driver``
    The day's driver (engine/core/day.py, generated): an outer kernel that
    releases the GIL and keeps the reference-counting runtime (it slices the World).
"""

from __future__ import annotations

import types

from numba import njit
from numba.core.compiler import CompilerBase, DefaultPassBuilder
from numba.core.compiler_lock import require_global_compiler_lock
from numba.core.compiler_machinery import FunctionPass, PassManager, register_pass
from numba.core.typed_passes import NopythonTypeInference

KERNEL_OPTIONS = {"cache": True, "_nrt": False}


def kernel(fn=None, *, signature=None, outer=False):
    """Decorate a day kernel (``@kernel``, ``@kernel(signature="void(...)")``, or
    ``@kernel(outer=True)`` for one compiled by :class:`OuterCompiler`)."""

    def wrap(f):
        options = dict(KERNEL_OPTIONS, pipeline_class=OuterCompiler) if outer else KERNEL_OPTIONS
        if signature is not None:
            return njit(signature, **options)(f)
        return njit(**options)(f)

    return wrap(fn) if fn is not None else wrap


def helper(fn):
    """Decorate a scalar helper: inlined at Numba IR level into each caller."""
    return njit(inline="always", **KERNEL_OPTIONS)(fn)


# ------------------------------------------------------------------ outer kernels' compile
#
# Numba links every compiled function a function calls into that function's LLVM
# module and runs the full optimisation pipeline over the whole, so each level of calls
# re-optimises everything below it (and emits its machine code again). An outer kernel
# (the driver, a loop of calls to the day steps; the game's day over its round over its
# solve) gains nothing from that: its own module is optimised first, and the (already
# optimised) kernels it calls are linked in afterwards, as they are; it calls them
# instead of inlining the small ones. Measured (benchmarks/README.md, 30 Nov 2026): the
# driver's finalize 4.3 -> 2.0 s CPU, the same day cost (2.76 vs 2.78 us/day red-line,
# 11.5 vs 11.6 bargaining) and the same World arrays bit for bit (4 scenarios, 1 and 2
# threads). Doing it for every kernel saves more but halves the game's speed (its inner
# loops lose their inlined callees), hence a choice per kernel.
# This reaches into Numba's code library (private attributes, Numba 0.60-0.68); where
# they are missing, the kernel is compiled the ordinary way.

_LIBRARY_PARTS = ("_codegen", "_linking_libraries", "_final_module", "_reload_init", "_optimize_final_module",
                  "_finalize_final_module", "_raise_if_finalized")


def _finalize_before_linking(library) -> None:
    """``CPUCodeLibrary.finalize`` with the optimisation moved before the linking."""
    require_global_compiler_lock()
    library._codegen._check_llvm_bugs()
    library._raise_if_finalized()
    library._optimize_final_module()  # the driver's own code; callees are declarations
    seen = set()
    for lib in library._linking_libraries:
        if lib not in seen:
            seen.add(lib)
            library._reload_init.update(lib._reload_init)
            library._final_module.link_in(lib._get_module_for_linking(), preserve=True)
    library._final_module.verify()
    library._finalize_final_module()


@register_pass(mutates_CFG=False, analysis_only=True)
class _OptimiseBeforeLinking(FunctionPass):
    """Create the function's code library (as lowering would) and have it optimised
    before the libraries of the functions it calls are linked in."""

    _name = "warsim_optimise_before_linking"

    def __init__(self):
        FunctionPass.__init__(self)

    def run_pass(self, state):
        if state.library is None:
            state.library = state.targetctx.codegen().create_library(state.func_id.func_qualname)
            state.library.enable_object_caching()  # as NativeLowering does, for the cache
        if all(hasattr(state.library, part) for part in _LIBRARY_PARTS):
            state.library.finalize = types.MethodType(_finalize_before_linking, state.library)
        return False


class OuterCompiler(CompilerBase):
    """Numba's nopython pipeline with :class:`_OptimiseBeforeLinking` after typing."""

    def define_pipelines(self):
        passes = list(DefaultPassBuilder.define_nopython_pipeline(self.state).passes)
        at = next(i for i, (p, _) in enumerate(passes) if p is NopythonTypeInference)
        passes.insert(at + 1, (_OptimiseBeforeLinking, "optimise before linking"))
        pm = PassManager("warsim_driver")
        pm.passes.extend(passes)
        pm.finalize()
        return [pm]


def driver(fn):
    """Decorate the day's driver: cached, releases the GIL, compiled by :class:`OuterCompiler`."""
    return njit(cache=True, nogil=True, pipeline_class=OuterCompiler)(fn)
