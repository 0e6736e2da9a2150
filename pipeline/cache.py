"""Per-document stage outputs that are their own cache.

Every stage writes one file (ingest, segment) or one file per table (extract) for each
document, named ``<doc_id>.<key>.<ext>``.  The key is a hash of what made the file: the
document's content hash (the doc_id), the key of the stage output it was made from, the code
of the stage (STAGE_CODE: the same files dvc.yaml lists as the stage's dependencies, rule
files included) and the stage's settings (runtime settings such as workers left out).  A
stage run keeps the files whose key is current, makes the missing ones, and removes the
rest, so adding one document re-reads only that document, a changed rule file re-extracts
without re-reading, and a removed file loses its rows.

Files are written atomically (a temporary name in the same folder, then a rename); an entry
that fails a cheap check (Parquet magic bytes, a complete JSON line) is rebuilt.  Library
versions are not in the key (the same commit gives the same file names everywhere, which
DVC records in dvc.lock): after upgrading a library that changes outputs, delete the
stage folders (``make clean``) to rebuild.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
FORMAT_VERSION = "1"

# What each stage's per-document output depends on, relative to the package root.
COMMON_CODE = ("pipeline/records.py", "pipeline/cache.py", "pipeline/stages.py")
STAGE_CODE: dict[str, tuple[str, ...]] = {
    "ingest": ("pipeline/ingest.py", "pipeline/ocr.py", "pipeline/errors.py"),
    "segment": ("pipeline/segment.py", "extractors"),
    "extract": ("pipeline/extract.py", "pipeline/extract_people.py", "pipeline/extract_timeline.py",
                "pipeline/extract_repeats.py", "pipeline/extract_search.py", "extractors", "pipeline/sql/00_tables.sql",
                "pipeline/sql/01_obligations.sql", "pipeline/sql/02_timeline.sql", "pipeline/sql/03_people.sql",
                "pipeline/sql/04_errors.sql"),
}
# Settings that change how a stage runs, never what it writes.
RUNTIME_SETTINGS = frozenset({"workers", "document_timeout_s", "ocr_cache_dir"})
PARQUET_MAGIC = b"PAR1"


def _code_files(entry: str) -> list[Path]:
    path = ROOT / entry
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                      and p.suffix not in (".pyc", ".pyo"))
    return [path]


@lru_cache(maxsize=None)
def code_version(stage: str) -> str:
    """Hash of the stage's code and rule files (their paths and bytes)."""
    return files_version((*COMMON_CODE, *STAGE_CODE[stage]))


def files_version(entries: tuple[str, ...]) -> str:
    """Hash of the paths and bytes of these files and folders (relative to the package root)."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for entry in entries:
        for path in _code_files(entry):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def settings_version(settings: Any) -> str:
    values = {k: v for k, v in dataclasses.asdict(settings).items() if k not in RUNTIME_SETTINGS}
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def document_key(stage: str, upstream: str, settings: Any) -> str:
    """The key of one document's output of `stage`, made from `upstream` (the doc_id and file
    type for ingest, the previous stage's key otherwise)."""
    parts = (stage, upstream, code_version(stage), settings_version(settings))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# --- file names -------------------------------------------------------------------------------


def entry_name(doc_id: str, key: str, ext: str) -> str:
    return f"{doc_id}.{key}.{ext}"


def parse_entry_name(name: str) -> tuple[str, str] | None:
    """(doc_id, key) of a cache file name; None for anything else (temporary files start with '.')."""
    if name.startswith("."):
        return None
    parts = name.split(".")
    return (parts[0], parts[1]) if len(parts) == 3 else None


def list_entries(folder: Path, ext: str) -> dict[str, str]:
    """doc_id -> key of the files in folder (a doc_id with several keys: the files are stale but
    one is returned; reconcile removes the others)."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for entry in os.scandir(folder):
        if entry.name.endswith("." + ext):
            parsed = parse_entry_name(entry.name)
            if parsed:
                found[parsed[0]] = parsed[1]
    return found


def is_valid(path: Path) -> bool:
    """Cheap completeness check: Parquet magic at both ends; a JSON entry is one complete line."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            if path.suffix == ".parquet":
                if size < 12:
                    return False
                fh.seek(-4, os.SEEK_END)
                return head == PARQUET_MAGIC and fh.read(4) == PARQUET_MAGIC
            fh.seek(max(0, size - 2))
            return head[:1] == b"{" and fh.read(2) == b"}\n"
    except OSError:
        return False


def temporary_name(path: Path) -> Path:
    """A name no other process uses: hidden, with this process's id and a random part."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json_entry(path: Path, value: Any) -> None:
    write_atomic(path, (json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def read_json_entry(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_parquet_entry(path: Path, rows: list[dict], schema, compression: str = "none") -> None:
    """Rows as a Parquet file with a fixed schema (the same for every document of a table).
    Uncompressed by default: a document's rows of one table are a few kB, and a zstd
    context costs ~0.8 ms a file (nine files a document in extract: 13 % of its time);
    document texts are written with zstd."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=schema)
    buffer = pa.BufferOutputStream()   # in memory first: the writer makes ~50 small writes a file
    pq.write_table(table, buffer, compression=compression)
    write_atomic(path, buffer.getvalue().to_pybytes())


def remove_stale(folder: Path, keep: set[str]) -> int:
    """Remove every file in folder whose name is not in keep (stale keys, removed documents,
    temporary files of killed runs: the caller holds the work folder's lock, so no other
    process is writing here).  Returns the number removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and entry.name not in keep:
            os.unlink(entry.path)
            removed += 1
    return removed


# --- Parquet schemas of the database tables -------------------------------------------------------

# The extract stage's records keep the extractors' field names; the database names these
# columns apart so that a join with documents needs no qualification (no plain `kind` or
# `title` on both sides) and a person identity's name is `person_name` everywhere.
COLUMN_RENAMES: dict[str, dict[str, str]] = {
    "documents": {"kind": "doc_kind", "title": "doc_title"},
    "decisions": {"kind": "decision_kind"},
    "agreements": {"kind": "agreement_kind"},
    "timeline_events": {"kind": "event_kind"},
    "persons": {"name": "person_name"},
    "process_rules": {"name": "process_name"},  # `name` is a person's name as written
}
# Columns the load stage fills from the input paths (a renamed file keeps its cached rows).
PATH_COLUMNS: dict[str, tuple[str, ...]] = {"documents": ("source_path", "other_paths"),
                                            "extract_errors": ("source_path",)}
TABLE_SQL = ("00_tables.sql", "01_obligations.sql", "02_timeline.sql", "03_people.sql", "04_errors.sql")


def database_row(table: str, row: dict) -> dict:
    renames = COLUMN_RENAMES.get(table, {})
    return {renames.get(key, key): value for key, value in row.items()}


def _arrow_type(duckdb_type: str):
    import pyarrow as pa

    if duckdb_type.endswith("[]"):
        return pa.list_(_arrow_type(duckdb_type[:-2]))
    return {"VARCHAR": pa.string(), "INTEGER": pa.int64(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
            "BOOLEAN": pa.bool_(), "DATE": pa.string()}[duckdb_type]  # dates: ISO text, cast on load


@lru_cache(maxsize=None)
def table_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """table -> ((column, DuckDB type), ...) from the table DDL (pipeline/sql/0*.sql)."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        for name in TABLE_SQL:
            con.execute((ROOT / "pipeline" / "sql" / name).read_text(encoding="utf-8"))
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
        return {t: tuple((r[0], r[1]) for r in con.execute(f"DESCRIBE {t}").fetchall()) for t in tables}
    finally:
        con.close()


@lru_cache(maxsize=None)
def partition_schema(table: str):
    """The Arrow schema of a table's per-document files: its DDL columns but the path columns."""
    import pyarrow as pa

    skip = PATH_COLUMNS.get(table, ())
    return pa.schema([(name, _arrow_type(kind)) for name, kind in table_columns()[table] if name not in skip])


class UnknownColumns(ValueError):
    pass


def partition_rows(table: str, rows: Iterable[dict]) -> list[dict]:
    """Rows in database column names, checked against the table's DDL; the path columns are
    left to load (a renamed or copied file keeps its cached rows)."""
    skip = PATH_COLUMNS.get(table, ())
    if table in COLUMN_RENAMES or skip:
        rows = [{k: v for k, v in database_row(table, row).items() if k not in skip} for row in rows]
    else:   # the rows already have the table's names (no copy: search_terms has hundreds a document)
        rows = list(rows)
    known = set(partition_schema(table).names)
    unknown = sorted({key for keys in {tuple(row) for row in rows} for key in keys} - known)
    if unknown:
        raise UnknownColumns(f"rows for table {table!r} have columns not in its DDL: {unknown}")
    return rows
