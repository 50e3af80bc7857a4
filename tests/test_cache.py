"""The kernels' on-disk cache is keyed by the hash of the sources they are built from."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.core import cache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def engine_copy(tmp_path, monkeypatch):
    """A copy of engine/ (Python files only) that cache.py hashes instead of the real one."""
    root = tmp_path / "engine"
    shutil.copytree(ROOT / "engine", root, ignore=shutil.ignore_patterns("__pycache__", "*.nb*"))
    monkeypatch.setattr(cache, "_ROOT", root)
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    return root


def test_editing_a_kernel_helper_in_another_module_moves_the_cache(engine_copy):
    # The stale-kernel case Numba's own cache misses: a helper in engine/core that the
    # mechanisms' kernels inline. Any byte of it must give another cache folder.
    before = cache.kernel_cache_dir()
    helper = engine_copy / "core" / "rng.py"
    helper.write_text(helper.read_text() + "\n# edited\n")
    after = cache.kernel_cache_dir()
    assert after != before
    assert before.parent == after.parent == engine_copy / "__pycache__" / "kernels"


def test_plain_python_parts_keep_the_cache(engine_copy):
    before = cache.kernel_cache_dir()
    for name in ("scenario.py", "mechanisms/front/schema.py", "mechanisms/front/reference.py",
                 "mechanisms/front/results.py"):
        path = engine_copy / name
        path.write_text(path.read_text() + "\n# edited\n")
    assert cache.kernel_cache_dir() == before


def test_a_user_cache_dir_is_the_base_and_children_map_to_their_own_hash(tmp_path, monkeypatch):
    digest = cache.source_hash()
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.kernel_cache_dir() == tmp_path / "mine" / f"warsim-{digest[:16]}"
    # a child inherits its parent's warsim-<hash> folder; with other sources it gets a sibling
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine" / "warsim-0123456789abcdef"))
    assert cache.kernel_cache_dir() == tmp_path / "mine" / f"warsim-{digest[:16]}"


def test_only_the_newest_hash_folders_are_kept(tmp_path):
    base = tmp_path / "kernels"
    old = []
    for i in range(6):
        d = base / f"warsim-{i:016d}"
        d.mkdir(parents=True)
        os.utime(d, (1_000_000 + i, 1_000_000 + i))
        old.append(d)
    current = base / "warsim-ffffffffffffffff"
    current.mkdir()
    cache._prune(current)
    kept = sorted(d.name for d in base.iterdir())
    assert kept == sorted([current.name] + [d.name for d in old[-(cache._KEEP - 1):]])


def test_a_folder_merely_named_warsim_is_neither_inherited_nor_pruned(tmp_path, monkeypatch):
    """A temporary folder named warsim-... (the start-up benchmark's, a user's) is a base:
    taking it for an inherited hash folder put the cache in its parent (a shared /tmp),
    where the next empty folder found it warm and pruning deleted others' folders."""
    digest = cache.source_hash()
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "warsim-cold-cache-x1y2"))
    assert cache.kernel_cache_dir() == tmp_path / "warsim-cold-cache-x1y2" / f"warsim-{digest[:16]}"
    others = [tmp_path / f"warsim-bench-batch-{i}" for i in range(6)]
    for d in others:
        d.mkdir()
    current = tmp_path / "warsim-ffffffffffffffff"
    current.mkdir()
    cache._prune(current)
    assert all(d.exists() for d in others)


def test_numba_caches_in_the_hash_folder_even_when_imported_first(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "base")
    code = ("import numba, engine; from engine.core import cache; "
            "print(numba.config.CACHE_DIR); print(cache.kernel_cache_dir())")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, text=True,
                         capture_output=True, check=True).stdout.split()
    assert out[0] == out[1]
    assert Path(out[0]).parent == tmp_path / "base"
