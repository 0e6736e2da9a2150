"""Stage 4, load: the per-document Parquet files → DuckDB tables, then the SQL views in
pipeline/sql/*.sql.

Each table is one ``read_parquet`` over its documents' files (in the order of the documents'
paths), so DuckDB streams them and load's memory does not grow with the corpus.  The database
is built in a temporary file beside the target (a unique name: this process's id and a random
part) and renamed into place, so a failed or killed load leaves the previous database as it
was; a lock file beside the database lets one process write it at a time.  The file is
byte-identical for the same rows (DVC records its hash in dvc.lock, which must not change on a
fresh clone): it is written with one thread (several place blocks differently on every run)
and without compression (DuckDB's compressed segments carry unused bytes that differ between
runs; the file is about 30% larger).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from . import cache
from .db import connect
from .errors import StageInputMissing
from .locks import locked
from .schema import apply_comments
from .settings import LoadSettings

SQL_DIR = Path(__file__).parent / "sql"


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """All statements of a file. DuckDB expands a PRAGMA while parsing the whole file, so a
    PRAGMA that reads a table must be in a later file than the statement creating it."""
    con.execute(path.read_text(encoding="utf-8"))


def temporary_database(db_path: Path) -> Path:
    return cache.temporary_name(db_path)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead_leftovers(db_path: Path) -> None:
    """Temporary databases of loads that were killed: named with their process id, removed only
    when that process is gone (the caller holds the database's lock)."""
    pattern = re.compile(rf"^\.{re.escape(db_path.name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp(\.wal)?$")
    for entry in os.scandir(db_path.parent):
        match = pattern.match(entry.name)
        if match and int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1))):
            os.unlink(entry.path)


def build_database(db_path: Path, parsed: Path, settings: LoadSettings | None = None) -> dict[str, int]:
    """Create every table and view from scratch; returns row counts per table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with locked(db_path, "database"):
        remove_dead_leftovers(db_path)
        tmp = temporary_database(db_path)
        try:
            counts = fill_database(tmp, Path(parsed), settings or LoadSettings())
            os.replace(tmp, db_path)
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                if leftover.exists():
                    leftover.unlink()
    return counts


def fill_database(path: Path, parsed: Path, settings: LoadSettings) -> dict[str, int]:
    sources = LoadSources.of(parsed)
    con = connect(path, threads=1)
    con.execute("SET force_compression = 'uncompressed'")
    # DuckDB keeps the bytes of every file it read in a cache by default: with one partition per
    # document and table, that cache grew the load by ~1 MB a document (1.5 GB at 1000 documents)
    con.execute("SET enable_external_file_cache = false")
    try:
        files = sql_files()
        for f in (f for f in files if f.name.startswith("0")):
            run_sql_file(con, f)
        counts = insert_tables(con, sources, settings)
        for f in (f for f in files if not f.name.startswith("0")):
            run_sql_file(con, f)
        apply_comments(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


class LoadSources:
    """The files load reads, documents in the order of their paths."""

    def __init__(self, parsed: Path, order: list[str], extract_keys: dict[str, str], ingest_keys: dict[str, str],
                 manifest: dict):
        self.parsed, self.order, self.extract_keys, self.ingest_keys = parsed, order, extract_keys, ingest_keys
        self.manifest = manifest

    @classmethod
    def of(cls, parsed: Path) -> "LoadSources":
        from .stages import EXTRACT, document_paths, ingested, read_manifest

        extract_dir = parsed / EXTRACT
        manifest = read_manifest(parsed)
        if not (extract_dir / "documents").is_dir() or manifest is None:
            raise StageInputMissing(f"{extract_dir} not found: run `motebok extract` first")
        paths = document_paths(parsed)
        order = sorted(paths, key=lambda doc_id: paths[doc_id][0])
        extracted = cache.list_entries(extract_dir / "documents", "parquet")
        missing = [d for d in order if d not in extracted]
        if missing:
            raise StageInputMissing(f"{len(missing)} documents have no extract output: re-run `motebok extract`")
        return cls(parsed, order, {d: extracted[d] for d in order}, ingested(parsed), manifest)

    def table_files(self, table: str) -> list[str]:
        from .stages import EXTRACT

        folder = self.parsed / EXTRACT / table
        present = set(os.listdir(folder)) if folder.is_dir() else set()
        names = (cache.entry_name(d, self.extract_keys[d], "parquet") for d in self.order)
        return [str(folder / name) for name in names if name in present]

    def text_files(self) -> list[str]:
        from .stages import INGEST_DOCS

        return [str(self.parsed / INGEST_DOCS / cache.entry_name(d, self.ingest_keys[d], "parquet")) for d in self.order]

    def corpus_file(self, table: str) -> Path:
        from .stages import CORPUS

        return self.parsed / CORPUS / f"{table}.parquet"


def insert_tables(con: duckdb.DuckDBPyConnection, sources: LoadSources, settings: LoadSettings) -> dict[str, int]:
    parsed = sources.parsed
    con.execute("""CREATE TEMP TABLE doc_paths AS
                   SELECT doc_id, min(source_path) FILTER (WHERE status = 'parsed') AS source_path,
                          coalesce(list(source_path ORDER BY source_path) FILTER (WHERE status = 'duplicate'),
                                   []::VARCHAR[]) AS other_paths
                   FROM read_parquet($f) WHERE doc_id IS NOT NULL GROUP BY doc_id""",
                {"f": str(parsed / "ingest" / "paths.parquet")})
    for table in sources.manifest["tables"]:
        files = sources.table_files(table)
        if not files:
            continue
        if table in cache.PATH_COLUMNS:
            extra = ", ".join(f"p.{c}" for c in cache.PATH_COLUMNS[table])
            order = "p.source_path" + (", t.stage, t.step, t.error_type, t.error" if table != "documents" else "")
            con.execute(f"""INSERT INTO {table} BY NAME
                            SELECT t.*, {extra} FROM read_parquet($files) t JOIN doc_paths p USING (doc_id)
                            ORDER BY {order}""", {"files": files})
        else:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($files)", {"files": files})
    con.execute("INSERT INTO document_texts SELECT doc_id, text FROM read_parquet($files)",
                {"files": sources.text_files()})
    for table, name in (("document_paths", "paths"), ("ingest_errors", "errors")):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($f)",
                    {"f": str(parsed / "ingest" / f"{name}.parquet")})
    corpus_tables = set()
    for table in sources.manifest["corpus"]:
        path = sources.corpus_file(table)
        target = table if table in cache.table_columns() else f"temp.{table}"  # lookups: this load only
        if target.startswith("temp."):
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM read_parquet($f)", {"f": str(path)})
        else:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($f)", {"f": str(path)})
        corpus_tables.add(table)
    for lookup in sources.manifest["lookups"]:
        if lookup["corpus_table"] in corpus_tables:
            con.execute("UPDATE {table} SET {column} = s.{value} FROM {corpus_table} s "
                        "WHERE {table}.{key} = s.{match}".format(**lookup))
    rules = settings.process_rule_rows()
    if rules:
        con.executemany("INSERT INTO process_rules (process_id, process_name, organization, title_keyword) "
                        "VALUES (?, ?, ?, ?)",
                        [[r["process_id"], r["name"], r["organization"], r["title_keyword"]] for r in rules])
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                        "AND schema_name = 'main' ORDER BY table_name").fetchall()]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
