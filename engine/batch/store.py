"""The batch dataset on disk: manifest, chunk files, atomic writes (docs/datasets.md).

Layout of ``DIR``::

    manifest.json              what was run and the status of each chunk
    points.parquet             one row per design point: point_id, varied parameters
    runs/chunk-000000.parquet  one row per run, chunk by chunk
    series/chunk-000000.parquet  (with --series) one row per run and recorded day

A file appears only complete: it is written under a hidden temporary name
(``.chunk-000000.<pid>.tmp``, never matched by ``*.parquet``) and renamed.
A chunk's series file is renamed before its runs file, so a runs file on
disk means the whole chunk is done, whatever the manifest says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from engine.errors import UsageError

FORMAT = "warsim-batch/1"
MANIFEST = "manifest.json"
# Keys of the manifest that must match for --resume to continue a dataset.
IDENTITY_KEYS = ("scenario", "base_overrides", "design", "reps", "seeds", "days", "series", "engine")
IDENTITY_WORDS = {
    "scenario": "scenario",
    "base_overrides": "--set overrides",
    "design": "design",
    "reps": "--reps",
    "seeds": "seeds (--seed)",
    "days": "--days",
    "series": "--series",
    "engine": "engine version (the model code changed since)",
}


class DatasetError(UsageError):
    """A dataset folder that cannot be used (missing, corrupt, or mismatched)."""


def chunk_name(k: int) -> str:
    return f"chunk-{k:06d}.parquet"


def runs_path(out: Path, k: int) -> Path:
    return Path(out) / "runs" / chunk_name(k)


def series_path(out: Path, k: int) -> Path:
    return Path(out) / "series" / chunk_name(k)


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` then rename onto ``path`` (same folder, atomic)."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)


def write_json(path: Path, obj: Any) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1, default=str)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, write)


def digest(obj: Any) -> str:
    """A stable sha256 of a JSON-able object (dates as ISO strings)."""
    text = json.dumps(obj, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def engine_fingerprint() -> dict[str, str]:
    """Engine version and a hash of the code that determines a run's numbers."""
    from engine import __version__

    root = Path(__file__).resolve().parent.parent
    # Files that cannot change a run's numbers (the command line, the Mesa
    # wrapper, convenience entry points) are left out.
    skip = {"cli.py", "model.py", "api.py"}
    files = sorted(p for p in root.glob("*.py") if p.name not in skip)
    files += sorted(p for package in ("core", "mechanisms") for p in (root / package).rglob("*.py"))
    files += [root / "batch" / "columns.py", root / "batch" / "runner.py"]
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return {"version": __version__, "code_hash": h.hexdigest()[:16]}


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def prepare_out(out: Path, resume: bool) -> dict | None:
    """Check ``--out`` and return its manifest when resuming (None: start fresh).

    Refuses a path that is a file, cannot be created or written, or is a
    non-empty folder without ``--resume``.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: not writable")
    entries = [p for p in out.iterdir() if not (p.name.startswith(".") and p.name.endswith(".tmp"))]
    manifest_file = out / MANIFEST
    if not resume:
        if entries:
            raise UsageError(
                f"--out {out}: folder is not empty (add --resume to continue a batch there, "
                "or choose a new folder)"
            )
        return None
    if not manifest_file.exists():
        if entries:
            raise UsageError(f"--out {out}: --resume: no {MANIFEST} here, not a warsim batch folder")
        return None
    return read_manifest(out, what="--resume")


def read_manifest(out: Path, what: str = "report") -> dict:
    path = Path(out) / MANIFEST
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{what}: {out}: no {MANIFEST}: not a warsim batch folder") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{what}: {path}: corrupt manifest ({exc})") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise DatasetError(f"{what}: {path}: not a {FORMAT} manifest")
    # A report needs less than a resume: datasets written by other tools (the
    # dashboard's test fixtures) carry only the design, the days and the reps.
    needed = ("scenario", "design", "days", "reps") if what == "report" else (
        *IDENTITY_KEYS, "chunks", "chunk_runs", "n_runs")
    missing = [k for k in needed if k not in m]
    if missing:
        raise DatasetError(f"{what}: {path}: corrupt manifest (missing {', '.join(missing)})")
    return m


def check_same_batch(old: dict, new: dict, out: Path) -> None:
    """Refuse to resume when what was asked differs from what the folder holds."""
    for key in IDENTITY_KEYS:
        if json.dumps(old.get(key), sort_keys=True) != json.dumps(new.get(key), sort_keys=True):
            raise UsageError(
                f"--resume: {out} holds a batch with a different {IDENTITY_WORDS[key]}; "
                "rerun with the original options, or use a new --out"
            )


def chunk_done(out: Path, k: int, with_series: bool) -> bool:
    if not runs_path(out, k).exists():
        return False
    return not with_series or series_path(out, k).exists()


def clean_temp(out: Path) -> None:
    """Remove temporary files left by a killed writer."""
    for sub in (Path(out), Path(out) / "runs", Path(out) / "series"):
        if sub.is_dir():
            for p in sub.glob(".*.tmp"):
                p.unlink(missing_ok=True)
