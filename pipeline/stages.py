"""The stages with their file IO.  Each stage reads its inputs, runs the pure core per document
(in worker processes or on a Dask cluster, see executor.py), and writes one output per document
into the work folder (``parsed``), named by a key of everything that made it (cache.py):

  parsed/ingest/docs/<doc_id>.<key>.parquet      one document's text, page map, method, warnings
  parsed/ingest/paths.parquet, errors.parquet    every input path; the files that could not be read
  parsed/segment/<doc_id>.<key>.json             header, agenda items, blocks (or why segmenting failed)
  parsed/extract/<table>/<doc_id>.<key>.parquet  the document's rows of each table that has any
  parsed/extract/corpus/<table>.parquet          corpus tables (persons, person_names)

A stage keeps the outputs whose key is current, makes the missing ones and removes the others;
the load stage reads each table with one ``read_parquet`` (load.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import cache
from .errors import DocumentTimeout, MotebokError, StageInputMissing, WorkerDied
from .executor import Executor
from .locks import locked
from .pool import JobFailed
from .records import IngestErrorRow, PageSpan, ParsedDocument, SegmentedDocument, from_dict
from .settings import ExtractSettings, IngestSettings, LoadSettings, SegmentSettings

INGEST_DOCS = Path("ingest") / "docs"
SEGMENTS = Path("segment")
EXTRACT = Path("extract")
CORPUS = EXTRACT / "corpus"
ERRORS_TABLE = "extract_errors"


def _require(path: Path, stage: str) -> Path:
    if not path.exists():
        raise StageInputMissing(f"{path} not found: run `motebok {stage}` first")
    return path


def _one_line(exc: BaseException) -> str:
    from .ingest import one_line

    return one_line(exc) or exc.__class__.__name__


# --- ingest ----------------------------------------------------------------------------------------


def ingest_schema():
    import pyarrow as pa

    return pa.schema([("doc_id", pa.string()), ("file_type", pa.string()), ("method", pa.string()),
                      ("n_bytes", pa.int64()), ("text", pa.string()),
                      ("pages", pa.list_(pa.struct([("page", pa.int64()), ("char_start", pa.int64()),
                                                    ("char_end", pa.int64())]))),
                      ("warnings", pa.list_(pa.string()))])


def paths_schema():
    import pyarrow as pa

    return pa.schema([("source_path", pa.string()), ("doc_id", pa.string()), ("status", pa.string())])


def errors_schema():
    import pyarrow as pa

    return pa.schema([("source_path", pa.string()), ("stage", pa.string()), ("error_type", pa.string()),
                      ("error", pa.string())])


def ingest_row(doc: ParsedDocument) -> dict:
    return {"doc_id": doc.doc_id, "file_type": doc.file_type, "method": doc.method, "n_bytes": doc.n_bytes,
            "text": doc.text, "pages": [dataclasses.asdict(p) for p in doc.pages], "warnings": list(doc.warnings)}


def read_parsed(path: Path, source_path: str = "") -> ParsedDocument:
    import pyarrow.parquet as pq

    row = pq.ParquetFile(path).read().to_pylist()[0]
    return ParsedDocument(row["doc_id"], source_path, [], row["file_type"], row["method"], row["n_bytes"],
                          row["text"], [PageSpan(**p) for p in row["pages"]], list(row["warnings"] or []))


@dataclass(frozen=True)
class IngestJob:
    path: str
    shown: str
    settings: IngestSettings
    target: str                 # the partition file to write


@dataclass(frozen=True)
class ParsedSummary:
    doc_id: str
    method: str
    pages: int
    chars: int


def ingest_job(job: IngestJob) -> ParsedSummary | IngestErrorRow:
    """Read one file (in a worker) and write its partition; the row saying why not on failure."""
    from .ingest import error_row, parse_file

    result = parse_file((job.path, job.shown, job.settings))
    if isinstance(result, IngestErrorRow):
        return result
    try:
        cache.write_parquet_entry(Path(job.target), [ingest_row(result)], ingest_schema(), compression="zstd")
    except Exception as exc:  # noqa: BLE001 — a full disk fails this file, not the run
        return error_row(job.shown, exc)
    return ParsedSummary(result.doc_id, result.method, len(result.pages), len(result.text))


@dataclass
class IngestSummary:
    parsed: int
    duplicates: int
    errors: list[IngestErrorRow]
    files: int
    read: list[tuple[str, ParsedSummary]] = field(default_factory=list)   # (path, summary) read this run

    def summary(self) -> str:
        extra = f" (+{self.duplicates} duplicate{'s' if self.duplicates > 1 else ''})" if self.duplicates else ""
        ocr = sum(1 for _, s in self.read if s.method.startswith("ocr"))
        cached = self.parsed - len(self.read)
        return (f"{self.parsed} parsed{extra}, {len(self.errors)} failed, {self.files} files"
                f"{f', {ocr} by OCR' if ocr else ''}; {len(self.read)} read, {cached} from cache")


def ingest_failure(shown: str, failure: JobFailed, settings: IngestSettings) -> IngestErrorRow:
    from .ingest import failed_job_row

    return failed_job_row(shown, failure, settings)


def run_ingest(input_dir: Path, parsed: Path, settings: IngestSettings,
               executor: Executor | None = None) -> IngestSummary:
    from .ingest import account, plan_inputs

    if not input_dir.is_dir():
        raise MotebokError(f"input folder not found: {input_dir}")
    executor = executor or Executor(settings.workers)
    with locked(parsed, "work folder", folder=True):
        plan = plan_inputs(input_dir, settings)
        folder = parsed / INGEST_DOCS
        have = cache.list_entries(folder, "parquet")
        names, todo = {}, []
        for (path, shown, _), doc_id, ext in zip(plan.jobs, plan.doc_ids, plan.extensions):
            key = cache.document_key("ingest", f"{doc_id}|{ext}", settings)
            names[doc_id] = cache.entry_name(doc_id, key, "parquet")
            if have.get(doc_id) != key or not cache.is_valid(folder / names[doc_id]):
                todo.append(IngestJob(path, shown, settings, str(folder / names[doc_id])))
        results = executor.map(ingest_job, todo, settings.document_timeout_s, bar="ingest")
        outcome: dict[str, IngestErrorRow | None] = {doc_id: None for doc_id in plan.doc_ids}
        read = []
        for job, result in zip(todo, results):
            doc_id = Path(job.target).name.split(".")[0]
            if isinstance(result, JobFailed):
                result = ingest_failure(job.shown, result, settings)
            if isinstance(result, IngestErrorRow):
                outcome[doc_id] = result
            else:
                read.append((job.shown, result))
        books = account(plan, outcome)
        cache.write_parquet_entry(parsed / "ingest" / "paths.parquet", books.paths, paths_schema())
        cache.write_parquet_entry(parsed / "ingest" / "errors.parquet",
                                  [dataclasses.asdict(e) for e in books.errors], errors_schema())
        cache.remove_stale(folder, {names[d] for d in books.parsed})
        cache.remove_stale(parsed / "ingest", {"paths.parquet", "errors.parquet"})  # files of older versions
    duplicates = sum(1 for p in books.paths if p["status"] == "duplicate")
    return IngestSummary(len(books.parsed), duplicates, books.errors, len(books.paths), read)


def read_paths(parsed: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.ParquetFile(_require(parsed / "ingest" / "paths.parquet", "ingest")).read().to_pylist()


def error_rows(parsed: Path) -> list[IngestErrorRow]:
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(_require(parsed / "ingest" / "errors.parquet", "ingest")).read().to_pylist()
    return [IngestErrorRow(**row) for row in rows]


def document_paths(parsed: Path) -> dict[str, list[str]]:
    """doc_id -> its paths (the first is source_path), for the parsed documents, in path order."""
    found: dict[str, list[str]] = {}
    for row in read_paths(parsed):
        if row["status"] in ("parsed", "duplicate") and row["doc_id"]:
            found.setdefault(row["doc_id"], []).append(row["source_path"])
    return found


def ingested(parsed: Path) -> dict[str, str]:
    """doc_id -> ingest key of every parsed document (checked against the paths table)."""
    have = cache.list_entries(_require(parsed / INGEST_DOCS, "ingest"), "parquet")
    paths = document_paths(parsed)
    missing = sorted(set(paths) - set(have))
    if missing:
        raise StageInputMissing(f"{len(missing)} documents have no ingest output: re-run `motebok ingest`")
    return {doc_id: have[doc_id] for doc_id in paths}


def load_documents(parsed: Path) -> Iterator[ParsedDocument]:
    """Every parsed document, in path order, with its paths."""
    keys = ingested(parsed)
    for doc_id, paths in document_paths(parsed).items():
        doc = read_parsed(parsed / INGEST_DOCS / cache.entry_name(doc_id, keys[doc_id], "parquet"), paths[0])
        doc.other_paths.extend(paths[1:])
        yield doc


# --- segment ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentJob:
    ingest_file: str
    target: str
    settings: SegmentSettings


@dataclass(frozen=True)
class SegmentSummary:
    doc_id: str
    items: int
    dropped_share: float
    reasons: tuple[str, ...]
    error: str | None = None
    furniture_share: float = 0.0     # the share cut as page furniture only (without web-page chrome)


def segment_error(exc_type: str, message: str) -> dict:
    return {"error_type": exc_type, "error": message}


def segment_job(job: SegmentJob) -> SegmentSummary:
    """Segment one document (in a worker) and write its entry; an exception is written as the
    document's segment error (extract turns it into an extract_errors row)."""
    from .segment import segment_document

    doc = read_parsed(Path(job.ingest_file))
    try:
        seg = segment_document(doc, job.settings)
    except Exception as exc:  # noqa: BLE001 — one document's failure must not cost the others
        cache.write_json_entry(Path(job.target), segment_error(exc.__class__.__name__, _one_line(exc)))
        return SegmentSummary(doc.doc_id, 0, 0.0, (), f"{exc.__class__.__name__}: {_one_line(exc)}")
    seg.source_path = ""   # paths are the input folder's, not the content's: filled where shown
    cache.write_json_entry(Path(job.target), dataclasses.asdict(seg))
    return SegmentSummary(doc.doc_id, len(seg.items), seg.dropped_share(), tuple(sorted({d.reason for d in seg.dropped})),
                          furniture_share=seg.dropped_share(chrome=False))


def failed_job_error(failure: JobFailed, timeout_s: float, stage: str) -> Exception:
    if failure.reason == "timeout":
        return DocumentTimeout(f"{stage} took longer than {stage}.document_timeout_s={timeout_s:g} s")
    return WorkerDied(f"the process working on the document died ({failure.detail}; a crash or out of memory)")


@dataclass
class SegmentRun:
    documents: int
    done: list[tuple[str, SegmentSummary]]     # (path, summary) segmented this run

    @property
    def items(self) -> int:
        return sum(s.items for _, s in self.done)


def segment_keys(parsed: Path, settings: SegmentSettings) -> dict[str, str]:
    """doc_id -> the segment key its current ingest output calls for."""
    return {doc_id: cache.document_key("segment", key, settings) for doc_id, key in ingested(parsed).items()}


def run_segment(parsed: Path, settings: SegmentSettings, executor: Executor | None = None) -> SegmentRun:
    executor = executor or Executor(settings.workers)
    with locked(parsed, "work folder", folder=True):
        ingest_keys = ingested(parsed)
        paths = document_paths(parsed)
        folder = parsed / SEGMENTS
        have = cache.list_entries(folder, "json")
        names, todo, shown = {}, [], []
        for doc_id, ingest_key in ingest_keys.items():
            key = cache.document_key("segment", ingest_key, settings)
            names[doc_id] = cache.entry_name(doc_id, key, "json")
            if have.get(doc_id) != key or not cache.is_valid(folder / names[doc_id]):
                source = parsed / INGEST_DOCS / cache.entry_name(doc_id, ingest_key, "parquet")
                todo.append(SegmentJob(str(source), str(folder / names[doc_id]), settings))
                shown.append(paths[doc_id][0])
        folder.mkdir(parents=True, exist_ok=True)
        results = executor.map(segment_job, todo, settings.document_timeout_s, bar="segment", warm_up=_warm_segment)
        done = []
        for job, path, result in zip(todo, shown, results):
            if isinstance(result, JobFailed):
                exc = failed_job_error(result, settings.document_timeout_s, "segment")
                cache.write_json_entry(Path(job.target), segment_error(exc.__class__.__name__, str(exc)))
                result = SegmentSummary(Path(job.target).name.split(".")[0], 0, 0.0, (),
                                        f"{exc.__class__.__name__}: {exc}")
            done.append((path, result))
        cache.remove_stale(folder, set(names.values()))
    return SegmentRun(len(names), done)


def _warm_segment() -> None:
    from . import segment  # noqa: F401  (imports and rule data once, before the workers fork)


# --- extract ---------------------------------------------------------------------------------------


def basic_document_row(doc: ParsedDocument) -> dict:
    """The documents row of a document whose segmenting failed: what ingest knows."""
    return {"doc_id": doc.doc_id, "file_type": doc.file_type, "method": doc.method, "n_bytes": doc.n_bytes,
            "pages": len(doc.pages), "n_chars": len(doc.text), "warnings": list(doc.warnings),
            "content_end": len(doc.text), "n_dropped_chars": 0, "layout_breaks": 0, "n_decision_labels": 0,
            "n_proposal_labels": 0, "n_attendance_labels": 0}


@dataclass(frozen=True)
class ExtractJob:
    doc_id: str
    key: str
    ingest_file: str
    segment_file: str
    folder: str                 # parsed/extract
    settings: ExtractSettings


def table_file(folder: Path, table: str, doc_id: str, key: str) -> Path:
    return folder / table / cache.entry_name(doc_id, key, "parquet")


def write_extract_entries(folder: Path, doc_id: str, key: str, tables: dict[str, list[dict]],
                          errors: list[dict]) -> dict[str, int]:
    """One file per table with rows; the documents file last: it marks the document done."""
    tables = {**tables, ERRORS_TABLE: errors}
    counts = {}
    for table, rows in tables.items():
        if table == "documents" or not rows:
            continue
        cache.write_parquet_entry(table_file(folder, table, doc_id, key), cache.partition_rows(table, rows),
                                  cache.partition_schema(table))
        counts[table] = len(rows)
    cache.write_parquet_entry(table_file(folder, "documents", doc_id, key),
                              cache.partition_rows("documents", tables["documents"]), cache.partition_schema("documents"))
    counts["documents"] = len(tables["documents"])
    return counts


def remove_document_files(folder: Path, doc_id: str, key: str) -> None:
    for table in extract_tables():
        path = table_file(folder, table, doc_id, key)
        if path.exists():
            path.unlink()


def basic_tables(doc: ParsedDocument, errors: list[dict]) -> dict[str, list[dict]]:
    """What a document whose extraction failed still gets: its documents row from ingest, and its
    whole text in the search index (or an errors row saying why not)."""
    from .extract import error_record
    from .extract_search import document_term_rows

    tables = {"documents": [basic_document_row(doc)]}
    try:
        tables["search_terms"] = document_term_rows(doc)
    except Exception as exc:  # noqa: BLE001 — the documents row must be written whatever happens here
        errors.append(error_record(doc.doc_id, "extract", "search_terms", exc))
    return tables


def extract_job(job: ExtractJob) -> dict[str, int]:
    """Extract one document (in a worker) and write its tables; returns rows per table."""
    from .extract import error_record, extract_document

    doc = read_parsed(Path(job.ingest_file))
    entry = cache.read_json_entry(Path(job.segment_file))
    errors: list[dict] = []
    if "error_type" in entry:
        errors.append({"doc_id": doc.doc_id, "stage": "segment", "step": "segment", **entry})
        tables = basic_tables(doc, errors)
    else:
        try:
            tables = extract_document(doc, from_dict(SegmentedDocument, entry), job.settings, errors)
        except Exception as exc:  # noqa: BLE001 — outside any one builder (reading the segments)
            errors.append(error_record(doc.doc_id, "extract", "documents", exc))
            tables = {}
        if not tables.get("documents"):
            tables = {**basic_tables(doc, errors), **{t: rows for t, rows in tables.items() if rows}}
    try:
        return write_extract_entries(Path(job.folder), job.doc_id, job.key, tables, errors)
    except Exception as exc:  # noqa: BLE001 — rows the schema cannot hold: the document keeps an error row
        remove_document_files(Path(job.folder), job.doc_id, job.key)
        failed = [error_record(doc.doc_id, "extract", "write", exc)]
        return write_extract_entries(Path(job.folder), job.doc_id, job.key, basic_tables(doc, failed), failed)


@dataclass
class ExtractRun:
    documents: int
    extracted: int
    counts: dict[str, int]                 # rows of the documents extracted this run
    errors: int                            # extract_errors rows of this run's documents
    corpus: dict[str, int]                 # rows of the corpus tables


def extract_tables() -> list[str]:
    from .extract import TABLES

    return [*TABLES, ERRORS_TABLE]


def run_extract(parsed: Path, settings: ExtractSettings, executor: Executor | None = None,
                segment_settings: SegmentSettings | None = None) -> ExtractRun:
    """Extract the documents whose output is missing or stale, then the corpus steps.  With
    segment_settings, a segment output older than its ingest output is an error (run segment)."""
    executor = executor or Executor(settings.workers)
    with locked(parsed, "work folder", folder=True):
        ingest_keys = ingested(parsed)
        segments = cache.list_entries(_require(parsed / SEGMENTS, "segment"), "json")
        expected = segment_keys(parsed, segment_settings) if segment_settings else None
        stale = [d for d in ingest_keys if d not in segments or (expected and segments[d] != expected[d])]
        if stale:
            raise StageInputMissing(f"{len(stale)} documents have no current segment output: re-run `motebok segment`")
        folder = parsed / EXTRACT
        present = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "corpus") if folder.is_dir() else []
        listed = {table: cache.list_entries(folder / table, "parquet") for table in ["documents", *present]}
        keys, todo = {}, []
        for doc_id, ingest_key in ingest_keys.items():
            key = keys[doc_id] = cache.document_key("extract", f"{ingest_key}|{segments[doc_id]}", settings)
            if not _extracted(folder, listed, doc_id, key):
                todo.append(ExtractJob(doc_id, key,
                                       str(parsed / INGEST_DOCS / cache.entry_name(doc_id, ingest_key, "parquet")),
                                       str(parsed / SEGMENTS / cache.entry_name(doc_id, segments[doc_id], "json")),
                                       str(folder), settings))
        folder.mkdir(parents=True, exist_ok=True)
        results = executor.map(extract_job, todo, settings.document_timeout_s, bar="extract", warm_up=_warm_extract)
        counts: dict[str, int] = {t: 0 for t in extract_tables()} if todo else {ERRORS_TABLE: 0}
        for job, result in zip(todo, results):
            if isinstance(result, JobFailed):
                result = _write_failed_extract(job, failed_job_error(result, settings.document_timeout_s, "extract"))
            for table, n in result.items():
                counts[table] += n
        current = {cache.entry_name(d, k, "parquet") for d, k in keys.items()}
        for table in (p.name for p in folder.iterdir() if p.is_dir() and p.name != "corpus"):
            cache.remove_stale(folder / table, current)
        cache.remove_stale(folder, set())  # files of older versions (the tables are folders)
        corpus = run_corpus(parsed, keys, settings)
    errors = counts.pop(ERRORS_TABLE)
    return ExtractRun(len(keys), len(todo), counts, errors, corpus)


def _extracted(folder: Path, listed: dict[str, dict[str, str]], doc_id: str, key: str) -> bool:
    """The document's files of this key are all there and whole (the documents file last)."""
    if listed["documents"].get(doc_id) != key:
        return False
    return all(cache.is_valid(table_file(folder, table, doc_id, key))
               for table, entries in listed.items() if entries.get(doc_id) == key)


def _write_failed_extract(job: ExtractJob, exc: Exception) -> dict[str, int]:
    from .extract import error_record

    doc = read_parsed(Path(job.ingest_file))
    errors = [error_record(job.doc_id, "extract", "documents", exc)]
    return write_extract_entries(Path(job.folder), job.doc_id, job.key, basic_tables(doc, errors), errors)


def _warm_extract() -> None:
    from extractors.names import nlp

    from . import extract  # noqa: F401  (imports, rule data and the spaCy pipeline once, before the workers fork)

    nlp()


CORPUS_SCHEMAS = {"person_names": (("name", "string"), ("person_id", "string"))}


def corpus_schema(table: str):
    import pyarrow as pa

    if table in CORPUS_SCHEMAS:
        return pa.schema([(name, getattr(pa, kind)()) for name, kind in CORPUS_SCHEMAS[table]])
    return cache.partition_schema(table)


def corpus_key(keys: dict[str, str], settings: ExtractSettings) -> str:
    """Key of the corpus tables: every document's extract key (the corpus as extracted)."""
    listing = "\n".join(f"{d}.{k}" for d, k in sorted(keys.items()))
    return cache.document_key("extract", hashlib.sha256(listing.encode()).hexdigest(), settings)


def read_manifest(parsed: Path) -> dict | None:
    """The corpus manifest: its key, the corpus tables, the extract tables and the lookups load applies."""
    path = parsed / CORPUS / "manifest.json"
    if not path.exists() or not cache.is_valid(path):
        return None
    try:
        return cache.read_json_entry(path)
    except ValueError:
        return None


def run_corpus(parsed: Path, keys: dict[str, str], settings: ExtractSettings) -> dict[str, int]:
    """The corpus steps over every document's tables; their tables → parsed/extract/corpus/,
    with a manifest written last.  Skipped when no document changed since they last ran."""
    out = parsed / CORPUS
    key = corpus_key(keys, settings)
    manifest = read_manifest(parsed)
    if manifest and manifest["key"] == key and all(cache.is_valid(out / f"{t}.parquet") for t in manifest["corpus"]):
        return dict(manifest["corpus"])
    from .extract import LOOKUPS, run_corpus_steps

    folder = parsed / EXTRACT
    order = sorted(keys)

    def read(table: str, columns: tuple[str, ...]) -> Iterator[dict]:
        listed = cache.list_entries(folder / table, "parquet")
        files = [str(table_file(folder, table, d, keys[d])) for d in order if listed.get(d) == keys[d]]
        yield from read_parquet_rows(files, columns)

    counts = {}
    for table, rows in run_corpus_steps(read, settings).items():
        rows = rows if table in CORPUS_SCHEMAS else cache.partition_rows(table, rows)
        cache.write_parquet_entry(out / f"{table}.parquet", rows, corpus_schema(table))
        counts[table] = len(rows)
    cache.write_json_entry(out / "manifest.json", {
        "key": key, "corpus": counts, "tables": extract_tables(),
        "lookups": [dataclasses.asdict(lookup) for lookup in LOOKUPS]})
    cache.remove_stale(out, {f"{table}.parquet" for table in counts} | {"manifest.json"})
    return counts


def read_parquet_rows(files: list[str], columns: tuple[str, ...]) -> Iterator[dict]:
    """The rows of files, in file order and row order (DuckDB, one thread)."""
    if not files:
        return
    import duckdb

    con = duckdb.connect(":memory:", config={"threads": 1, "enable_external_file_cache": False})  # see load.py
    try:
        cursor = con.execute(f"SELECT {', '.join(columns)} FROM read_parquet($files)", {"files": files})
        while batch := cursor.fetchmany(10_000):
            for values in batch:
                yield dict(zip(columns, values))
    finally:
        con.close()


# --- load ------------------------------------------------------------------------------------------


def run_load(parsed: Path, db: Path, settings: LoadSettings, incremental: bool = True) -> dict[str, int]:
    from .load import build_database

    return build_database(db, parsed, settings, incremental)
