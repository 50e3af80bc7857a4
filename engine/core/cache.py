"""Keep Numba's on-disk cache honest.

Numba's ``cache=True`` keys a cached kernel on its own file only: edit a
kernel it calls in another module and the stale machine code is still loaded.
So the compiled kernels do not live next to their sources: before any kernel
module is imported, this hashes every source file the kernels are built from
and points Numba's cache at a directory named by that hash,

    engine/__pycache__/kernels/warsim-<hash>/      (default)
    $NUMBA_CACHE_DIR/warsim-<hash>/                 (when the user sets one)

Sources that differ by one byte get another directory, so stale machine code
cannot be loaded. A hash *directory* rather than a stamp file that triggers a
purge also closes a race: a process that started before an edit compiles its
(old) kernels into the old sources' directory, never into the new one, however
late it writes them. Only the few most recent directories are kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent  # engine/
_PREFIX = "warsim-"
# a hash folder's name exactly: other folders named warsim-* (a benchmark's temporary
# folder, a user's) are neither taken for an inherited cache nor pruned
_HASH_DIR = re.compile(r"warsim-[0-9a-f]{16}")
_KEEP = 4  # hash directories kept: the current one and the three newest others


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


def source_hash() -> str:
    """SHA-256 (hex) of the kernel sources' relative paths and bytes, in path order."""
    digest = hashlib.sha256()
    for path in _kernel_sources():
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def kernel_cache_dir(digest: str | None = None) -> Path:
    """Where the kernels compiled from the current sources are cached.

    ``$NUMBA_CACHE_DIR`` (or ``engine/__pycache__/kernels``) with a ``warsim-<hash>``
    folder under it. A ``NUMBA_CACHE_DIR`` that already names a ``warsim-*`` folder
    (a child process inheriting its parent's setting) is taken as its parent's base.
    """
    custom = os.environ.get("NUMBA_CACHE_DIR")
    base = Path(custom) if custom else _ROOT / "__pycache__" / "kernels"
    if _HASH_DIR.fullmatch(base.name):
        base = base.parent
    return base / f"{_PREFIX}{(digest or source_hash())[:16]}"


def _prune(current: Path) -> None:
    """Delete all but the newest ``_KEEP`` hash folders next to ``current``."""
    others = sorted((d for d in current.parent.glob(f"{_PREFIX}*")
                     if d != current and d.is_dir() and _HASH_DIR.fullmatch(d.name)),
                    key=lambda d: d.stat().st_mtime, reverse=True)
    for d in others[_KEEP - 1:]:
        shutil.rmtree(d, ignore_errors=True)


def ensure_fresh_cache() -> None:
    """Point Numba's cache at the current sources' folder (cheap: one hash)."""
    try:
        target = kernel_cache_dir()
        target.mkdir(parents=True, exist_ok=True)
        os.utime(target)  # the newest folder is the one kept longest
        _prune(target)
    except OSError:
        # A read-only install cannot hold a cache here: Numba then uses its own
        # locations or compiles in memory; its sources cannot change under it.
        return
    # Children (Dask workers, subprocesses) inherit the folder through the environment;
    # if their sources differ they map it to their own hash (kernel_cache_dir).
    os.environ["NUMBA_CACHE_DIR"] = str(target)
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba was imported first: its config is already read
        config.CACHE_DIR = str(target)
