"""Stage 4, load: JSON lines → DuckDB tables, then the SQL views in pipeline/sql/*.sql.

The database is built in a temporary file and moved into place, so a failed
load never leaves a half-written database. The file is byte-identical for the same
rows (DVC records its hash in dvc.lock, which must not change on a fresh clone): it is
written with one thread (several place blocks differently on every run) and without
compression (DuckDB's compressed segments carry unused bytes that differ between runs;
the file is about 30% larger).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from .db import connect
from .schema import apply_comments

SQL_DIR = Path(__file__).parent / "sql"

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


def database_row(table: str, row: dict) -> dict:
    renames = COLUMN_RENAMES.get(table, {})
    return {renames.get(key, key): value for key, value in row.items()}


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """All statements of a file. DuckDB expands a PRAGMA while parsing the whole file, so a
    PRAGMA that reads a table must be in a later file than the statement creating it."""
    con.execute(path.read_text(encoding="utf-8"))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    rows = [database_row(table, row) for row in rows]
    columns = table_columns(con, table)
    unknown = sorted({key for row in rows for key in row} - set(columns))
    if unknown:
        raise ValueError(f"rows for table {table!r} have columns not in its DDL: {unknown}")
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    con.register("incoming", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    finally:
        con.unregister("incoming")
    return len(rows)


def build_database(db_path: Path, tables: dict[str, list[dict]], settings_sql: dict[str, str] | None = None) -> dict[str, int]:
    """Create every table and view from scratch in db_path; returns row counts per table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".tmp")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        if leftover.exists():
            leftover.unlink()
    con = connect(tmp, threads=1)
    con.execute("SET force_compression = 'uncompressed'")
    counts = {}
    try:
        files = sql_files()
        table_files = [f for f in files if f.name.startswith("0")]
        view_files = [f for f in files if not f.name.startswith("0")]
        for f in table_files:
            run_sql_file(con, f)
        for name, value in (settings_sql or {}).items():
            con.execute(f"CREATE OR REPLACE MACRO {name}() AS {value}")
        for table, rows in tables.items():
            counts[table] = insert_rows(con, table, rows)
        for f in view_files:
            run_sql_file(con, f)
        apply_comments(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, db_path)
    return counts
