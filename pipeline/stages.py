"""The four stages with their file IO.  Each ``run_*`` reads its inputs, calls the
pure core, and writes its outputs under the parsed directory:

  parsed/ingest/{documents,errors,paths}.jsonl
  parsed/segment/segments.jsonl
  parsed/extract/<table>.jsonl
"""

from __future__ import annotations

from pathlib import Path

from . import progress
from .errors import MotebokError, StageInputMissing
from .extract import TABLES, extract_document, run_corpus_steps
from .ingest import IngestResult, ingest_folder
from .load import build_database
from .records import (
    IngestErrorRow,
    ParsedDocument,
    SegmentedDocument,
    from_dict,
    read_jsonl,
    write_jsonl,
)
from .segment import segment_document
from .settings import ExtractSettings, IngestSettings, LoadSettings, SegmentSettings


def _require(path: Path, stage: str) -> Path:
    if not path.exists():
        raise StageInputMissing(f"{path} not found: run `motebok {stage}` first")
    return path


def run_ingest(input_dir: Path, parsed: Path, settings: IngestSettings) -> IngestResult:
    if not input_dir.is_dir():
        raise MotebokError(f"input folder not found: {input_dir}")
    result = ingest_folder(input_dir, settings)
    out = parsed / "ingest"
    write_jsonl(out / "documents.jsonl", result.documents)
    write_jsonl(out / "errors.jsonl", result.errors)
    write_jsonl(out / "paths.jsonl", result.paths)
    return result


def load_documents(parsed: Path) -> list[ParsedDocument]:
    path = _require(parsed / "ingest" / "documents.jsonl", "ingest")
    return [from_dict(ParsedDocument, row) for row in read_jsonl(path)]


def run_segment(parsed: Path, settings: SegmentSettings) -> list[SegmentedDocument]:
    documents = load_documents(parsed)
    progress.total("segment", len(documents))
    segments = []
    for doc in documents:
        segments.append(segment_document(doc, settings))
        progress.advance("segment")
    write_jsonl(parsed / "segment" / "segments.jsonl", segments)
    return segments


def load_segments(parsed: Path) -> dict[str, SegmentedDocument]:
    path = _require(parsed / "segment" / "segments.jsonl", "segment")
    return {row["doc_id"]: from_dict(SegmentedDocument, row) for row in read_jsonl(path)}


def run_extract(parsed: Path, settings: ExtractSettings) -> dict[str, int]:
    segments = load_segments(parsed)
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    documents = load_documents(parsed)
    progress.total("extract", len(documents))
    for doc in documents:
        seg = segments.get(doc.doc_id)
        if seg is None:
            raise StageInputMissing(f"no segments for {doc.source_path}: re-run `motebok segment`")
        for name, rows in extract_document(doc, seg, settings).items():
            tables[name].extend(rows)
        progress.advance("extract")
    tables = run_corpus_steps(tables, settings)
    out = parsed / "extract"
    return {name: write_jsonl(out / f"{name}.jsonl", rows) for name, rows in tables.items()}


def run_load(parsed: Path, db: Path, settings: LoadSettings) -> dict[str, int]:
    extract_dir = _require(parsed / "extract", "extract")
    tables = {path.stem: list(read_jsonl(path)) for path in sorted(extract_dir.glob("*.jsonl"))}
    for name in TABLES:
        _require(extract_dir / f"{name}.jsonl", "extract")
    ingest_dir = parsed / "ingest"
    tables["ingest_errors"] = list(read_jsonl(_require(ingest_dir / "errors.jsonl", "ingest")))
    tables["document_paths"] = list(read_jsonl(ingest_dir / "paths.jsonl"))
    tables["document_texts"] = [{"doc_id": d.doc_id, "text": d.text} for d in load_documents(parsed)]
    tables["process_rules"] = settings.process_rule_rows()
    return build_database(db, tables)


def error_rows(parsed: Path) -> list[IngestErrorRow]:
    return [from_dict(IngestErrorRow, row) for row in read_jsonl(parsed / "ingest" / "errors.jsonl")]
