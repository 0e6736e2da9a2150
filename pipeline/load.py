"""Stage 4, load: JSON lines → DuckDB tables, then the SQL views in pipeline/sql/*.sql.

The database is built in a temporary file and moved into place, so a failed
load never leaves a half-written database. It is written with one thread, which
makes the file byte-identical for the same rows (DVC records its hash in dvc.lock;
a multi-threaded write places blocks differently on every run).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from .db import connect

SQL_DIR = Path(__file__).parent / "sql"


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
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
    counts = {}
    try:
        files = sql_files()
        table_files = [f for f in files if f.name.startswith("0")]
        view_files = [f for f in files if not f.name.startswith("0")]
        for f in table_files:
            con.execute(f.read_text(encoding="utf-8"))
        for name, value in (settings_sql or {}).items():
            con.execute(f"CREATE OR REPLACE MACRO {name}() AS {value}")
        for table, rows in tables.items():
            counts[table] = insert_rows(con, table, rows)
        for f in view_files:
            con.execute(f.read_text(encoding="utf-8"))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, db_path)
    return counts
