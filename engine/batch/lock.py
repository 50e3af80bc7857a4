"""One writer per results folder: an exclusive OS lock (``filelock``) plus a note of who holds it.

Every command that writes into a results folder (``warsim batch``, ``batch
--resume``, ``sensitivity --out``, and later ``calibrate``) wraps its writing in
:func:`writer_lock`. The lock is the operating system's (``flock`` on Linux and
macOS, ``LockFileEx`` on Windows, through the maintained ``filelock`` package),
so it is released by the kernel when the holder exits or is killed: a stale
lock cannot outlive its process. Next to the lock file the holder writes who it
is (pid, host, command, start time), so a second writer is told whom it waits
for:

    --out results/x: in use by another warsim writer (pid 4242 on host1, `warsim batch
    ukraine_2025 ...`, since 2026-11-30T12:01:07+00:00); wait for it to finish or use another folder

Files (both hidden, ignored by every reader of the dataset)::

    DIR/.warsim.lock        the lock file (empty; the lock is on it)
    DIR/.warsim.lock.json   the holder's note (written after the lock is taken)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from engine.errors import UsageError

LOCK_NAME = ".warsim.lock"
HOLDER_NAME = ".warsim.lock.json"
# How long a second writer waits to read the holder's note (written just after the lock is taken).
NOTE_WAIT_S = 0.5


class FolderLocked(UsageError):
    """Another process holds the writer lock of a results folder."""


def lock_files() -> tuple[str, str]:
    """Names of the lock's files, which readers and emptiness checks ignore."""
    return (LOCK_NAME, HOLDER_NAME)


def command_line() -> str:
    """This process's command line as a user would type it (``warsim batch ...``)."""
    args = [Path(sys.argv[0]).name if sys.argv else "python", *sys.argv[1:]]
    if args and args[0] in ("__main__.py", "cli.py", "-m", "-c"):
        args[0] = "warsim"
    text = " ".join(args)
    return text if len(text) <= 200 else text[:197] + "..."


def holder(folder: Path) -> dict | None:
    """The note the current holder wrote, or None (no holder, or not written yet)."""
    try:
        note = json.loads((Path(folder) / HOLDER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return note if isinstance(note, dict) else None


def describe(note: dict | None) -> str:
    if not note:
        return "holder not recorded yet"
    return (
        f"pid {note.get('pid', '?')} on {note.get('host', '?')}, "
        f"`{note.get('command', '?')}`, since {note.get('started', '?')}"
    )


def refuse_if_held(folder: str | Path, option: str = "--out") -> None:
    """Raise FolderLocked when another writer holds ``folder`` (for early, clear errors).

    Only a courtesy before the real check (:func:`writer_lock`): a folder another
    batch is setting up gets "in use by ..." rather than a puzzling "not a warsim
    batch folder". The lock is probed only when a holder's note exists, so a
    folder nobody writes is never locked by this check.
    """
    from filelock import FileLock, Timeout

    folder = Path(folder)
    if not (folder / HOLDER_NAME).exists():
        return
    probe = FileLock(folder / LOCK_NAME, timeout=0)
    try:
        probe.acquire()
    except Timeout:
        raise FolderLocked(
            f"{option} {folder}: in use by another warsim writer ({describe(holder(folder))}); "
            "wait for it to finish or use another folder"
        ) from None
    except OSError:
        return
    # Free: the note is stale (its writer was killed); the next writer replaces it.
    probe.release()


@contextlib.contextmanager
def writer_lock(folder: str | Path, command: str | None = None, option: str = "--out") -> Iterator[Path]:
    """Hold the exclusive writer lock of ``folder`` (created if missing) for the ``with`` block.

    Parameters
    ----------
    folder : path
        The results folder.
    command : str, optional
        What the holder is doing, for the note (default: this process's command line).
    option : str
        The option that named the folder, for the error line (``--out``).

    Raises
    ------
    FolderLocked
        Another process (or another ``writer_lock`` in this one) holds the lock:
        one line naming the holder. Never waits.
    """
    from filelock import FileLock, Timeout

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option} {folder}: cannot create ({exc.strerror})") from None
    lock = FileLock(folder / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        deadline = time.monotonic() + NOTE_WAIT_S
        note = holder(folder)
        while note is None and time.monotonic() < deadline:
            time.sleep(0.02)
            note = holder(folder)
        raise FolderLocked(
            f"{option} {folder}: in use by another warsim writer ({describe(note)}); "
            "wait for it to finish or use another folder"
        ) from None
    except OSError as exc:
        raise UsageError(f"{option} {folder}: cannot lock ({exc.strerror or exc})") from None
    note_path = folder / HOLDER_NAME
    try:
        note = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command or command_line(),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        tmp = folder / f".warsim.lock.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(note), encoding="utf-8")
        os.replace(tmp, note_path)
        yield folder
    finally:
        # The note goes first: a note without a lock would name a writer that is gone.
        with contextlib.suppress(OSError):
            note_path.unlink()
        lock.release()
