"""`motebok export`: every table and view of the database's main schema into files.

Parquet and CSV go through DuckDB's COPY (one file per table or view); SQLite is written with
Python's sqlite3 (views become tables of their rows, lists become JSON text, dates ISO text),
with SQLite full-text search (FTS5) on case titles and decision texts for Datasette.
"""

from __future__ import annotations

import datetime
import decimal
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .db import connect
from .errors import MotebokError
from .schema import database_relations

FORMATS = ("parquet", "csv", "sqlite")
SQLITE_NAME = "motebok.sqlite"

# SQLite FTS5 per exported table: the columns searched. unicode61 without diacritics removal
# keeps æ, ø, å as letters (SQLite has no Norwegian stemmer: use a prefix query, budsjett*).
SQLITE_FTS = {
    "cases": ("title",),
    "decisions": ("item_title", "text"),
    "v_cases": ("title", "proposal", "decision"),
    "v_decisions": ("item_title", "text"),
}
SQLITE_TOKENIZER = "unicode61 remove_diacritics 0"


class ExportError(MotebokError):
    """Unknown format or unusable output folder."""


@dataclass(frozen=True)
class Exported:
    name: str
    kind: str       # table | view
    rows: int
    path: Path


def main_relations(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Tables and views analysts see (main schema), in name order: staging views are building blocks."""
    return {name: value for name, value in sorted(database_relations(con).items()) if "." not in name}


def export_database(db: Path, out_dir: Path, fmt: str) -> list[Exported]:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(db, read_only=True, must_exist=True)
    try:
        relations = main_relations(con)
        if fmt == "sqlite":
            return write_sqlite(con, relations, out_dir / SQLITE_NAME)
        return [copy_relation(con, name, kind, out_dir, fmt) for name, (kind, _) in relations.items()]
    finally:
        con.close()


def copy_relation(con: duckdb.DuckDBPyConnection, name: str, kind: str, out_dir: Path, fmt: str) -> Exported:
    path = out_dir / f"{name}.{fmt}"
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' ({options})")
    rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    return Exported(name, kind, rows, path)


SQLITE_TYPES = {"BIGINT": "INTEGER", "INTEGER": "INTEGER", "BOOLEAN": "INTEGER", "DOUBLE": "REAL"}


def sqlite_type(duckdb_type: str) -> str:
    return SQLITE_TYPES.get(duckdb_type, "TEXT")


def sqlite_value(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def write_sqlite(con: duckdb.DuckDBPyConnection, relations: dict, path: Path) -> list[Exported]:
    """A fresh SQLite file with one table per DuckDB table and view, and FTS5 where SQLITE_FTS says."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    out = sqlite3.connect(tmp)
    exported = []
    try:
        for name, (kind, columns) in relations.items():
            column_sql = ", ".join(f'"{c}" {sqlite_type(t)}' for c, t in columns)
            out.execute(f'CREATE TABLE "{name}" ({column_sql})')
            rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
            marks = ", ".join("?" for _ in columns)
            out.executemany(f'INSERT INTO "{name}" VALUES ({marks})', ([sqlite_value(v) for v in row] for row in rows))
            exported.append(Exported(name, kind, len(rows), path))
        for name, fts_columns in SQLITE_FTS.items():
            if name in relations:
                add_sqlite_fts(out, name, fts_columns)
        out.commit()
    finally:
        out.close()
    tmp.replace(path)
    return exported


def add_sqlite_fts(out: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> None:
    """An external-content FTS5 table "<table>_fts" (Datasette finds it by content="<table>")."""
    cols = ", ".join(f'"{c}"' for c in columns)
    out.execute(f'CREATE VIRTUAL TABLE "{table}_fts" USING fts5({cols}, content="{table}", '
                f"tokenize='{SQLITE_TOKENIZER}')")
    out.execute(f'INSERT INTO "{table}_fts"("{table}_fts") VALUES (\'rebuild\')')
