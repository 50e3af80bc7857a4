"""Files that must not be tracked: a results folder's writer lock (engine/batch/lock.py).

The lock file and its holder note belong to whoever writes the folder at the time; a
committed one is a stale artefact of the machine that made the fit, and nothing reads it
(every reader and emptiness check skips :func:`engine.batch.lock.lock_files`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from engine.batch.lock import lock_files

ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def tracked() -> list[str]:
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    return _git("ls-files").stdout.splitlines()


def test_no_writer_lock_is_tracked(tracked):
    names = set(lock_files())
    assert [p for p in tracked if Path(p).name in names] == []


@pytest.mark.parametrize("name", lock_files())
def test_writer_locks_are_ignored_in_any_folder(tracked, name):
    # check-ignore --no-index answers from the rules alone, tracked or not
    r = _git("check-ignore", "--no-index", "-q", f"scenarios/episodes/loo_check/new_fit/{name}")
    assert r.returncode == 0, f"{name} is not ignored by .gitignore"
