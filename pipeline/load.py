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

A database this code built before is updated rather than rebuilt (``update_database``): a copy
is made beside it, the rows of removed and changed documents are deleted from the copy, the
new documents' partitions inserted, the small tables (paths, errors, corpus tables, process
rules) replaced, the lookups and derived tables redone, and the copy renamed into place — a
weekly run that adds a few files reads those files' partitions, not the archive's.  The
database records what it holds (``staging.load_state``: each document's extract and ingest
key, and a fingerprint of the load code, the DuckDB version and the tables); when the
fingerprint differs, or the database is not one of ours, it is built from scratch.  An
updated database has the same table contents as a fresh build (tests/test_incremental.py),
not the same bytes: rows of new documents come last in the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
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


def build_database(db_path: Path, parsed: Path, settings: LoadSettings | None = None,
                   incremental: bool = True) -> dict[str, int]:
    """Make the database hold the work folder's rows: update the previous one when it can
    (``incremental``), else create every table and view from scratch; returns row counts per
    table."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    settings = settings or LoadSettings()
    with locked(db_path, "database"):
        remove_dead_leftovers(db_path)
        sources = LoadSources.of(Path(parsed))
        state = loaded_state(db_path, sources) if incremental else None
        if state is not None and state.inputs == sources.inputs_key(settings):
            return table_counts_of(db_path)           # nothing changed since it was loaded
        if state is not None and mostly_stale(state, sources):
            state = None                              # a fresh build is cheaper than replacing most rows
        tmp = temporary_database(db_path)
        try:
            if state is not None:
                shutil.copyfile(db_path, tmp)
                counts = update_database(tmp, sources, settings, state)
            else:
                counts = fill_database(tmp, sources, settings)
            os.replace(tmp, db_path)
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                if leftover.exists():
                    leftover.unlink()
    return counts


def mostly_stale(state: "LoadedState", sources: "LoadSources") -> bool:
    """More than half the loaded documents changed or went (a rule change re-extracts them all)."""
    wanted = sources.document_keys()
    stale = sum(1 for d, keys in state.documents.items() if wanted.get(d) != keys)
    return stale * 2 > len(state.documents)


def database_is_current(db_path: Path, parsed: Path, settings: LoadSettings | None = None) -> bool:
    """The database was loaded from exactly these inputs by this load code: a load has nothing to
    do (`motebok run` then starts no load process)."""
    try:
        sources = LoadSources.of(Path(parsed))
    except StageInputMissing:
        return False
    state = loaded_state(Path(db_path), sources)
    return state is not None and state.inputs == sources.inputs_key(settings or LoadSettings())


def write_manifest(db_path: Path, manifest: Path) -> None:
    """What the database holds, as a small JSON file: its load state and its tables' row counts.
    DVC tracks this file instead of the database, whose bytes DuckDB (1.5) does not write the same
    on every run — a few bytes of padding in a string block vary — although its contents do."""
    con = connect(db_path, read_only=True)
    try:
        state = dict(con.execute("SELECT key, value FROM staging.load_state").fetchall())
        counts = table_counts(con)
    finally:
        con.close()
    cache.write_json_entry(Path(manifest), {"load_state": state, "rows": counts})


def open_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    con = connect(path, threads=1)
    con.execute("SET force_compression = 'uncompressed'")
    # DuckDB keeps the bytes of every file it read in a cache by default: with one partition per
    # document and table, that cache grew the load by ~1 MB a document (1.5 GB at 1000 documents)
    con.execute("SET enable_external_file_cache = false")
    return con


def fill_database(path: Path, sources: "LoadSources", settings: LoadSettings) -> dict[str, int]:
    con = open_for_writing(path)
    try:
        files = sql_files()
        for f in (f for f in files if f.name.startswith("0")):
            run_sql_file(con, f)
        insert_document_rows(con, sources, sources.order)
        counts = insert_shared_tables(con, sources, settings)
        finish_database(con, sources, settings)
    finally:
        con.close()
    return counts


def update_database(path: Path, sources: "LoadSources", settings: LoadSettings, state: "LoadedState") -> dict[str, int]:
    """The previous database (copied to path) brought up to the work folder's rows."""
    wanted = sources.document_keys()
    stale = sorted(d for d, keys in state.documents.items() if wanted.get(d) != keys)
    new = [d for d in sources.order if state.documents.get(d) != wanted[d]]
    con = open_for_writing(path)
    try:
        if stale:
            for table in [*sources.manifest["tables"], "document_texts"]:
                column = DOCUMENT_COLUMN.get(table, "doc_id")
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest($ids::VARCHAR[]))", {"ids": stale})
        insert_document_rows(con, sources, new)
        for table in [*SHARED_TABLES, *(t for t in sources.manifest["corpus"] if t in cache.table_columns())]:
            con.execute(f"DELETE FROM {table}")
        for lookup in sources.manifest["lookups"]:   # filled below from the corpus tables, as in a fresh load
            con.execute("UPDATE {table} SET {column} = NULL".format(**lookup))
        for table, columns in cache.PATH_COLUMNS.items():   # a renamed file keeps its rows
            if table in sources.manifest["tables"]:
                sets = ", ".join(f"{c} = p.{c}" for c in columns)
                con.execute(f"UPDATE {table} t SET {sets} FROM doc_paths p WHERE t.doc_id = p.doc_id")
        counts = insert_shared_tables(con, sources, settings)
        finish_database(con, sources, settings)
    finally:
        con.close()
    return counts


def finish_database(con: duckdb.DuckDBPyConnection, sources: "LoadSources", settings: LoadSettings) -> None:
    """Views and derived tables (the SQL files after the table DDL), comments, the load state."""
    for f in (f for f in sql_files() if not f.name.startswith("0")):
        run_sql_file(con, f)
    write_state(con, sources, settings)
    apply_comments(con)
    con.execute("CHECKPOINT")


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

    def table_files(self, table: str, doc_ids: list[str]) -> list[str]:
        from .stages import EXTRACT

        folder = self.parsed / EXTRACT / table
        if not doc_ids:
            return []
        present = set(os.listdir(folder)) if folder.is_dir() else set()
        names = (cache.entry_name(d, self.extract_keys[d], "parquet") for d in doc_ids)
        return [str(folder / name) for name in names if name in present]

    def text_files(self, doc_ids: list[str]) -> list[str]:
        from .stages import INGEST_DOCS

        return [str(self.parsed / INGEST_DOCS / cache.entry_name(d, self.ingest_keys[d], "parquet")) for d in doc_ids]

    def document_keys(self) -> dict[str, tuple[str, str]]:
        return {d: (self.extract_keys[d], self.ingest_keys[d]) for d in self.order}

    def inputs_key(self, settings: LoadSettings) -> str:
        """Everything a load reads: the documents' keys in path order, the paths and errors
        tables, the corpus tables (the manifest's key) and the load settings."""
        digest = hashlib.sha256(json.dumps([self.order, self.document_keys(), self.manifest.get("key"),
                                            cache.settings_version(settings)]).encode())
        for name in ("paths", "errors"):
            digest.update((self.parsed / "ingest" / f"{name}.parquet").read_bytes())
        return digest.hexdigest()

    def corpus_file(self, table: str) -> Path:
        from .stages import CORPUS

        return self.parsed / CORPUS / f"{table}.parquet"


# The column naming the document whose partition holds a row, where it is not doc_id.
DOCUMENT_COLUMN = {"case_links": "from_doc"}

# Tables load fills whole on every run (small: one row per input path, error, process rule).
SHARED_TABLES = ("document_paths", "ingest_errors", "process_rules")


def doc_paths_table(con: duckdb.DuckDBPyConnection, sources: "LoadSources") -> None:
    con.execute("""CREATE OR REPLACE TEMP TABLE doc_paths AS
                   SELECT doc_id, min(source_path) FILTER (WHERE status = 'parsed') AS source_path,
                          coalesce(list(source_path ORDER BY source_path) FILTER (WHERE status = 'duplicate'),
                                   []::VARCHAR[]) AS other_paths
                   FROM read_parquet($f) WHERE doc_id IS NOT NULL GROUP BY doc_id""",
                {"f": str(sources.parsed / "ingest" / "paths.parquet")})


def insert_document_rows(con: duckdb.DuckDBPyConnection, sources: "LoadSources", doc_ids: list[str]) -> None:
    """The per-document partitions of doc_ids (in path order) into their tables."""
    doc_paths_table(con, sources)
    for table in sources.manifest["tables"]:
        files = sources.table_files(table, doc_ids)
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
    if doc_ids:
        con.execute("INSERT INTO document_texts SELECT doc_id, text FROM read_parquet($files)",
                    {"files": sources.text_files(doc_ids)})


def insert_shared_tables(con: duckdb.DuckDBPyConnection, sources: "LoadSources", settings: LoadSettings) -> dict[str, int]:
    """Input paths, ingest errors, corpus tables (and the lookups they fill), process rules."""
    parsed = sources.parsed
    for table, name in (("document_paths", "paths"), ("ingest_errors", "errors")):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($f)",
                    {"f": str(parsed / "ingest" / f"{name}.parquet")})
    corpus_tables = set()
    for table in sources.manifest["corpus"]:
        path = sources.corpus_file(table)
        if table in cache.table_columns():
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($f)", {"f": str(path)})
        else:  # lookups: this load only
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_parquet($f)", {"f": str(path)})
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
    return table_counts(con)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                        "AND schema_name = 'main' AND table_name NOT IN ('search_texts', 'search_stats') "
                                        "ORDER BY table_name").fetchall()]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def table_counts_of(db_path: Path) -> dict[str, int]:
    con = connect(db_path, read_only=True)
    try:
        return table_counts(con)
    finally:
        con.close()


# --- what a database holds: staging.load_state ------------------------------------------------------

LOAD_CODE = ("pipeline/load.py", "pipeline/db.py", "pipeline/schema.py", "pipeline/cache.py", "pipeline/sql")


def load_fingerprint(sources: "LoadSources") -> str:
    """What must be the same for an update to give a fresh build's contents: the load code and
    SQL, the DuckDB version, and the tables and lookups extract made."""
    made_by = [duckdb.__version__, cache.files_version(LOAD_CODE), sources.manifest["tables"], sources.manifest["lookups"]]
    return hashlib.sha256(json.dumps(made_by, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class LoadedState:
    inputs: str                                   # the inputs key it was loaded from
    documents: dict[str, tuple[str, str]]         # doc_id -> (extract key, ingest key)


def loaded_state(db_path: Path, sources: "LoadSources") -> LoadedState | None:
    """What the database at db_path holds, if this load code made it; None: build from scratch."""
    if not db_path.exists():
        return None
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        rows = con.execute("SELECT key, value FROM staging.load_state").fetchall()
        documents = {d: (e, i) for d, e, i in con.execute(
            "SELECT doc_id, extract_key, ingest_key FROM staging.loaded_documents").fetchall()}
    except duckdb.Error:
        return None
    finally:
        con.close()
    values = dict(rows)
    if values.get("fingerprint") != load_fingerprint(sources):
        return None
    return LoadedState(values.get("inputs", ""), documents)


def write_state(con: duckdb.DuckDBPyConnection, sources: "LoadSources", settings: LoadSettings) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute("CREATE OR REPLACE TABLE staging.load_state (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany("INSERT INTO staging.load_state VALUES (?, ?)",
                    [["fingerprint", load_fingerprint(sources)], ["inputs", sources.inputs_key(settings)]])
    con.execute("CREATE OR REPLACE TABLE staging.loaded_documents "
                "(doc_id VARCHAR PRIMARY KEY, extract_key VARCHAR, ingest_key VARCHAR)")
    keys = sources.document_keys()
    con.execute("INSERT INTO staging.loaded_documents SELECT unnest($d), unnest($e), unnest($i)",
                {"d": sources.order, "e": [keys[d][0] for d in sources.order], "i": [keys[d][1] for d in sources.order]})
