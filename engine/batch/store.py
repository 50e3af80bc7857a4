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
import re
from pathlib import Path
from typing import Any

from engine.errors import UsageError

FORMAT = "warsim-batch/2"
OLD_FORMATS = ("warsim-batch/1",)
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
# Chunk files carry these Parquet key-value metadata (all strings); docs/datasets.md.
META_KEYS = (
    "warsim_format", "warsim_batch_id", "warsim_design_hash", "warsim_scenario_hash",
    "warsim_engine_code_hash", "warsim_seed_base", "warsim_chunk", "warsim_first_run",
    "warsim_stop_run", "warsim_rows",
)
# Folder where --resume moves chunk files that do not belong (never deleted: no work is lost).
REJECTED = "rejected"
# Limits that keep a manifest small and readable (a batch beyond them should be split).
MAX_CHUNKS = 100_000
MAX_RUNS = 100_000_000


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


# ---------------------------------------------------------------- the manifest's schema
def _manifest_models():
    """The manifest's pydantic models (built on first use: pydantic is not needed to write)."""
    global _MODELS
    if _MODELS is not None:
        return _MODELS
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

    class _M(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)

    class ScenarioRef(_M):
        name: str = Field(min_length=1)
        hash: str = Field(min_length=1)

    class DesignRef(_M):
        kind: Literal["factorial", "lhs", "sobol", "points"]
        params: list[str]
        spec: dict[str, Any] = Field(default_factory=dict)
        points: list[dict[str, Any]] | None = None
        n_points: StrictInt = Field(ge=1)
        hash: str = Field(pattern=r"^[0-9a-f]{64}$")

    class Seeds(_M):
        base: StrictInt = Field(ge=0, lt=2**62)
        rule: str = "seed = base + replicate"

    class Engine(_M):
        version: str
        code_hash: str

    class ChunkEntry(_M):
        model_config = ConfigDict(extra="allow", strict=True)
        chunk: StrictInt = Field(ge=0)
        first_run: StrictInt = Field(ge=0)
        stop_run: StrictInt = Field(ge=1)
        status: Literal["pending", "done"]

    class Manifest(_M):
        format: Literal["warsim-batch/2"]
        batch_id: str = Field(pattern=r"^[0-9a-f]{32}$")
        scenario: ScenarioRef
        scenario_file: str = ""
        base_overrides: dict[str, Any]
        design: DesignRef
        reps: StrictInt = Field(ge=1, le=10_000_000)
        seeds: Seeds
        days: StrictInt = Field(ge=1, le=3650)
        series: Literal["none", "weekly", "daily"]
        record_every: StrictInt = Field(ge=0, le=7)
        engine: Engine
        n_points: StrictInt = Field(ge=1, le=100_000)
        n_runs: StrictInt = Field(ge=1, le=MAX_RUNS)
        run_id: str = "point_id * reps + replicate"
        chunk_runs: StrictInt = Field(ge=1)
        n_chunks: StrictInt = Field(ge=1, le=MAX_CHUNKS)
        created: str
        updated: str
        complete: StrictBool
        runs_done: StrictInt = Field(ge=0)
        chunks: list[ChunkEntry]

        @model_validator(mode="after")
        def _consistent(self):
            stride = {"none": 0, "weekly": 7, "daily": 1}[self.series]
            if self.record_every != stride:
                raise ValueError(f"record_every: {self.record_every} does not match series '{self.series}'")
            if self.n_runs != self.n_points * self.reps:
                raise ValueError(
                    f"n_runs: {self.n_runs} is not n_points x reps ({self.n_points} x {self.reps})"
                )
            if self.design.n_points != self.n_points:
                raise ValueError("design.n_points: differs from n_points")
            if self.design.points is not None and len(self.design.points) != self.n_points:
                raise ValueError(
                    f"design.points: {len(self.design.points)} points, n_points says {self.n_points}"
                )
            if self.n_chunks != -(-self.n_runs // self.chunk_runs):
                raise ValueError(f"n_chunks: {self.n_chunks} does not fit n_runs / chunk_runs")
            if len(self.chunks) != self.n_chunks:
                raise ValueError(f"chunks: {len(self.chunks)} entries for {self.n_chunks} chunks")
            for k, c in enumerate(self.chunks):
                a, b = k * self.chunk_runs, min((k + 1) * self.chunk_runs, self.n_runs)
                if (c.chunk, c.first_run, c.stop_run) != (k, a, b):
                    raise ValueError(f"chunks.{k}: expected chunk {k} holding runs [{a}, {b})")
            if self.runs_done > self.n_runs:
                raise ValueError("runs_done: more than n_runs")
            return self

    _MODELS = Manifest
    return _MODELS


_MODELS = None


def validate_manifest(text: str, path: Path, what: str) -> dict:
    """Parse and validate manifest JSON; a DatasetError line names the first bad field."""
    from pydantic import ValidationError

    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise DatasetError(f"{what}: {path}: corrupt manifest ({msg})") from None
    if not isinstance(raw, dict):
        raise DatasetError(f"{what}: {path}: corrupt manifest (not a JSON object)")
    fmt = raw.get("format")
    if fmt in OLD_FORMATS:
        raise DatasetError(
            f"{what}: {path}: written by an older warsim ({fmt}, chunks carry no metadata to verify); "
            "rerun the batch into a new folder"
        )
    if fmt != FORMAT:
        raise DatasetError(f"{what}: {path}: not a {FORMAT} manifest (format: {str(fmt)[:40]!r})")
    try:
        _manifest_models().model_validate_json(text)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if msg == "Extra inputs are not permitted":
            msg = "unknown field"
        where = f"{loc}: " if loc else ""
        raise DatasetError(f"{what}: {path}: corrupt manifest: {where}{msg}") from None
    return raw


def manifest_for(
    *,
    scenario: dict,
    design: dict,
    reps: int,
    seed_base: int,
    days: int,
    chunk_runs: int,
    series: str = "none",
    base_overrides: dict | None = None,
    engine: dict | None = None,
    scenario_file: str = "",
) -> dict:
    """A complete, valid manifest for a dataset written by other code (tests, tools).

    ``design`` is ``{kind, params, spec?, points}``; its ``n_points`` and ``hash``
    are filled in. Every chunk is marked done: write them with :func:`write_chunk`.
    """
    design = {"spec": {}, **design}
    design["n_points"] = len(design["points"])
    design["hash"] = design_hash(design)
    n_runs = design["n_points"] * reps
    bounds = [(a, min(a + chunk_runs, n_runs)) for a in range(0, n_runs, chunk_runs)]
    m = {
        "format": FORMAT,
        "batch_id": hashlib.sha256(f"{now()}{os.getpid()}{id(design)}".encode()).hexdigest()[:32],
        "scenario": scenario,
        "scenario_file": scenario_file,
        "base_overrides": base_overrides or {},
        "design": design,
        "reps": reps,
        "seeds": {"base": seed_base, "rule": "seed = base + replicate"},
        "days": days,
        "series": series,
        "record_every": {"none": 0, "weekly": 7, "daily": 1}[series],
        "engine": engine or engine_fingerprint(),
        "n_points": design["n_points"],
        "n_runs": n_runs,
        "run_id": "point_id * reps + replicate",
        "chunk_runs": chunk_runs,
        "n_chunks": len(bounds),
        "created": now(),
        "updated": now(),
        "complete": True,
        "runs_done": n_runs,
        "chunks": [{"chunk": k, "first_run": a, "stop_run": b, "status": "done"}
                   for k, (a, b) in enumerate(bounds)],
    }
    validate_manifest(json.dumps(m, default=str), Path(MANIFEST), "manifest_for")
    return m


def write_chunk(out: Path, m: dict, k: int, frame, table: str = "runs") -> Path:
    """Write chunk ``k`` of ``table`` (a Polars frame) with its metadata, atomically."""
    path = (runs_path if table == "runs" else series_path)(out, k)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda p: frame.write_parquet(p, compression="zstd", metadata=chunk_metadata(m, k)))
    return path


def design_hash(design_json: dict) -> str:
    """What identifies a design: kind, params, spec and any explicit points."""
    keep = {k: design_json.get(k) for k in ("kind", "params", "spec")}
    if design_json.get("kind") == "points":
        keep["points"] = design_json.get("points")
    return digest(keep)


def chunk_metadata(m: dict, k: int) -> dict[str, str]:
    """The Parquet key-value metadata chunk ``k`` of manifest ``m`` carries."""
    a = k * m["chunk_runs"]
    b = min(a + m["chunk_runs"], m["n_runs"])
    return {
        "warsim_format": FORMAT,
        "warsim_batch_id": m["batch_id"],
        "warsim_design_hash": m["design"]["hash"],
        "warsim_scenario_hash": m["scenario"]["hash"],
        "warsim_engine_code_hash": m["engine"]["code_hash"],
        "warsim_seed_base": str(m["seeds"]["base"]),
        "warsim_chunk": str(k),
        "warsim_first_run": str(a),
        "warsim_stop_run": str(b),
        "warsim_rows": str(b - a),
    }


def points_metadata(m: dict) -> dict[str, str]:
    """The key-value metadata of ``points.parquet``: which batch and design it lists."""
    return {
        "warsim_format": FORMAT,
        "warsim_batch_id": m["batch_id"],
        "warsim_design_hash": m["design"]["hash"],
        "warsim_points": str(m["n_points"]),
    }


def points_problem(path: Path, expected: dict[str, str]) -> str | None:
    """Why ``points.parquet`` does not list this batch's design (None when it does)."""
    import polars as pl

    try:
        meta = pl.read_parquet_metadata(path)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    except Exception as exc:  # noqa: BLE001
        return f"corrupt Parquet file ({type(exc).__name__})"
    if any(meta.get(k) != v for k, v in expected.items()):
        return "lists another batch's design points"
    if rows != int(expected["warsim_points"]):
        return f"holds {rows} points, the manifest says {expected['warsim_points']}"
    return None


# Checked in this order: the first mismatch is the one reported.
_META_WORDS = (
    ("warsim_format", "format"),
    ("warsim_seed_base", "seeds (base seed)"),
    ("warsim_design_hash", "design"),
    ("warsim_scenario_hash", "scenario"),
    ("warsim_engine_code_hash", "engine version"),
    ("warsim_chunk", "chunk number"),
    ("warsim_first_run", "run range"),
    ("warsim_stop_run", "run range"),
    ("warsim_rows", "row count"),
    ("warsim_batch_id", "batch"),
)


def chunk_problem(path: Path, expected: dict[str, str], table: str, deep: bool = False) -> str | None:
    """Why chunk file ``path`` does not belong to the batch (None when it does).

    Reads the Parquet footer: the key-value metadata written with the chunk and
    the row count. ``deep`` also reads the data (a corrupt page fails) and, for
    ``runs``, checks the run ids and seeds the rows hold.
    """
    import polars as pl

    try:
        meta = pl.read_parquet_metadata(path)
        rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    except Exception as exc:  # noqa: BLE001 - any unreadable file is corrupt
        return f"corrupt Parquet file ({type(exc).__name__})"
    if "warsim_batch_id" not in meta:
        return "no warsim chunk metadata (not written by this batch)"
    for key, word in _META_WORDS:
        if table == "series" and key == "warsim_rows":
            continue
        if meta.get(key) != expected[key]:
            theirs = meta.get(key)
            if key == "warsim_batch_id":
                return "belongs to another batch (its batch id differs from the manifest's)"
            return (f"belongs to another batch: {word} differs "
                    f"({str(theirs)[:24]} here, {expected[key][:24]} in the manifest)")
    if table == "runs" and rows != int(expected["warsim_rows"]):
        return f"holds {rows} rows, its metadata says {expected['warsim_rows']}"
    if deep:
        try:
            frame = pl.read_parquet(path)
        except Exception as exc:  # noqa: BLE001
            return f"corrupt Parquet file ({type(exc).__name__})"
        if table == "runs" and {"run_id", "seed"} <= set(frame.columns):
            a, b = int(expected["warsim_first_run"]), int(expected["warsim_stop_run"])
            ids = frame["run_id"]
            if ids.n_unique() != frame.height or ids.min() != a or ids.max() != b - 1:
                return f"run ids are not {a}..{b - 1}"
    return None


CHUNK_FILE = re.compile(r"^chunk-(\d{6})\.parquet$")


def verify_chunks(out: Path, m: dict, deep: bool = False) -> tuple[set[int], list[tuple[Path, str]]]:
    """Check every chunk file of the dataset against manifest ``m``.

    Returns ``(done, problems)``: the chunks whose files (runs, and series when
    recorded) are present and belong, and ``(file, why)`` for each file that
    does not (a stray name, a chunk number beyond the batch, foreign or corrupt
    contents, a series file without its runs file is fine: that chunk is redone).
    """
    out = Path(out)
    with_series = m["record_every"] > 0
    good: dict[str, set[int]] = {"runs": set(), "series": set()}
    problems: list[tuple[Path, str]] = []
    for table in ("runs", "series"):
        folder = out / table
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            if f.name.startswith(".") and f.name.endswith(".tmp"):
                continue  # a killed writer's temporary file
            if f.is_dir() or not f.name.endswith(".parquet"):
                if f.name.endswith(".parquet") or f.is_dir():
                    problems.append((f, "not a chunk file of this batch"))
                continue
            hit = CHUNK_FILE.match(f.name)
            if not hit:
                problems.append((f, "not a chunk file of this batch (name)"))
                continue
            k = int(hit.group(1))
            if k >= m["n_chunks"]:
                problems.append((f, f"chunk {k} is beyond this batch's {m['n_chunks']} chunks"))
                continue
            why = chunk_problem(f, chunk_metadata(m, k), table, deep)
            if why:
                problems.append((f, why))
            else:
                good[table].add(k)
    done = good["runs"] & good["series"] if with_series else good["runs"]
    if not with_series and (out / "series").is_dir():
        problems.extend((f, "series file in a batch without --series")
                        for f in sorted((out / "series").glob("*.parquet")))
    return done, problems


def reject(out: Path, files: list[Path]) -> list[Path]:
    """Move files that do not belong aside into ``DIR/rejected/`` (never deleted)."""
    dest = Path(out) / REJECTED
    dest.mkdir(exist_ok=True)
    moved = []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for f in files:
        target = dest / f"{f.parent.name}-{f.name}.{stamp}.rejected"
        os.replace(f, target)
        moved.append(target)
    return moved


# ---------------------------------------------------------------- the folder
def folder_entries(out: Path) -> list[Path]:
    """What a folder holds, less the lock's files and killed writers' temporary files."""
    from engine.batch.lock import lock_files

    skip = set(lock_files())
    return [p for p in Path(out).iterdir()
            if p.name not in skip and not (p.name.startswith(".") and p.name.endswith(".tmp"))]


def prepare_out(out: Path, resume: bool) -> dict | None:
    """Check ``--out`` and return its manifest when resuming (None: start fresh).

    Refuses a path that is a file, cannot be created or written, or is a
    non-empty folder without ``--resume``. Run again under the writer lock
    (:func:`engine.batch.lock.writer_lock`) before anything is written.
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
    entries = folder_entries(out)
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
    """Read and validate ``DIR/manifest.json`` (DatasetError naming the field otherwise)."""
    path = Path(out) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"{what}: {out}: no {MANIFEST}: not a warsim batch folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{what}: {path}: corrupt manifest ({exc})") from None
    return validate_manifest(text, path, what)


def check_same_batch(old: dict, new: dict, out: Path) -> None:
    """Refuse to resume when what was asked differs from what the folder holds."""
    for key in IDENTITY_KEYS:
        if json.dumps(old.get(key), sort_keys=True) != json.dumps(new.get(key), sort_keys=True):
            raise UsageError(
                f"--resume: {out} holds a batch with a different {IDENTITY_WORDS[key]}; "
                "rerun with the original options, or use a new --out"
            )


def chunk_done(out: Path, k: int, with_series: bool) -> bool:
    """A chunk's files exist (not verified: see :func:`verify_chunks`)."""
    if not runs_path(out, k).exists():
        return False
    return not with_series or series_path(out, k).exists()


def clean_temp(out: Path) -> None:
    """Remove temporary files left by a killed writer (call only under the writer lock)."""
    for sub in (Path(out), Path(out) / "runs", Path(out) / "series"):
        if sub.is_dir():
            for p in sub.glob(".*.tmp"):
                if not p.name.startswith(".warsim.lock"):
                    p.unlink(missing_ok=True)
