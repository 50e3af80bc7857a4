"""Keep Numba's on-disk cache honest.

Numba's ``cache=True`` keys a cached kernel on its own file only: edit a
kernel it calls in another module and the stale machine code is still loaded.
Before any kernel is loaded, this hashes every source file the kernels are
built from and, when the hash changed since the cache was written, deletes
the cached ``.nbi``/``.nbc`` files so that everything recompiles.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent  # engine/
_STAMP = "warsim-kernels.stamp"


# Modules the kernels are compiled from: the column layout they freeze as
# constants, the core (drivers, RNG, event log) and every mechanism's folder.
# Other engine modules (scenario, results, commands) do not reach machine code,
# so editing them keeps the cache; nor do the parts of a mechanism's folder that
# are plain Python by the folder's conventions (docs/architecture.md): its scenario
# schema, its results, its twin and the twin's agents, its closed-form checks.
_KERNEL_MODULES = ("layout.py",)
_KERNEL_PACKAGES = ("core", "mechanisms")
_PLAIN_PYTHON = ("schema.py", "results.py", "reference.py", "reference_*.py", "agents.py",
                 "checks.py")


def _kernel_sources() -> list[Path]:
    files = [_ROOT / name for name in _KERNEL_MODULES if (_ROOT / name).exists()]
    for package in _KERNEL_PACKAGES:
        files += (p for p in (_ROOT / package).rglob("*.py")
                  if not any(p.match(pattern) for pattern in _PLAIN_PYTHON))
    return sorted(files)


def ensure_fresh_cache() -> None:
    """Drop cached kernels compiled from older sources (cheap: one hash)."""
    try:
        digest = hashlib.sha256()
        for path in _kernel_sources():
            digest.update(path.relative_to(_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
        stamp_value = digest.hexdigest()
        cache_dirs = [_ROOT / "__pycache__"] + sorted(
            d for package in _KERNEL_PACKAGES for d in (_ROOT / package).rglob("__pycache__")
        )
        custom = os.environ.get("NUMBA_CACHE_DIR")
        if custom:
            cache_dirs = [Path(custom)]
        stamp = cache_dirs[0] / _STAMP
        if stamp.exists() and stamp.read_text() == stamp_value:
            return
        for d in cache_dirs:
            if d.is_dir():
                for f in list(d.rglob("*.nbi")) + list(d.rglob("*.nbc")):
                    f.unlink(missing_ok=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        tmp = stamp.with_suffix(f".{os.getpid()}")
        tmp.write_text(stamp_value)
        os.replace(tmp, stamp)
    except OSError:
        # A read-only install keeps whatever cache it has; numba then falls
        # back to compiling in memory.
        return
