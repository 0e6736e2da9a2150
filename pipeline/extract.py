"""Stage 3, extract: segmented documents → table rows (JSON lines per table).

Each table has one pure builder ``(doc, seg) -> list[dict]``; every row carries
doc_id, page and the character span of its source text, and an id that is a
hash of its content and position, so re-runs give identical rows.
"""

from __future__ import annotations

import hashlib
from typing import Callable

from extractors.decisions import decision_rows
from extractors.references import find_case_references

from .records import ParsedDocument, SegmentedDocument
from .settings import ExtractSettings


def row_id(*parts: object) -> str:
    return hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def provenance(doc: ParsedDocument, start: int, end: int) -> dict:
    return {"doc_id": doc.doc_id, "page": doc.page_at(start), "char_start": start, "char_end": end}


def document_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> list[dict]:
    h = seg.header
    return [{
        "doc_id": doc.doc_id, "source_path": doc.source_path, "other_paths": list(doc.other_paths),
        "file_type": doc.file_type, "method": doc.method, "n_bytes": doc.n_bytes,
        "pages": len(doc.pages), "n_chars": len(doc.text), "kind": h.kind, "organization": h.organization,
        "body": h.body, "meeting_date": h.meeting_date, "meeting_date_text": h.meeting_date_text,
        "place": h.place, "title": h.title, "content_end": h.content_end, "warnings": list(doc.warnings),
    }]


def case_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> list[dict]:
    rows = []
    for item in seg.items:
        if item.case_number is None:
            continue
        rows.append({
            "case_id": row_id(doc.doc_id, item.case_number), "case_number": item.case_number,
            "number_text": item.number_text, "title": item.title, "ordinal": item.ordinal,
            "heading_end": item.heading_end, "n_sub_items": len(item.sub_items),
            **provenance(doc, item.char_start, item.char_end),
        })
    return rows


def sub_item_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> list[dict]:
    return [
        {"case_number": item.case_number, "label": sub.label, "title": sub.title,
         **provenance(doc, sub.char_start, sub.char_end)}
        for item in seg.items for sub in item.sub_items
    ]


def decision_table_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> list[dict]:
    rows = []
    for item in seg.items:
        for ordinal, row in enumerate(decision_rows(item.blocks), start=1):
            rows.append({
                "decision_id": row_id(doc.doc_id, item.case_number, item.title, row.kind, row.char_start),
                "case_number": item.case_number, "item_title": item.title, "item_ordinal": item.ordinal,
                "sub_item": row.sub_item, "kind": row.kind, "label": row.label, "text": row.text,
                "outcome": row.outcome, "ordinal": ordinal,
                **provenance(doc, row.char_start, row.char_end),
            })
    return rows


def reference_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> list[dict]:
    own = {item.case_number for item in seg.items if item.case_number}
    rows = []
    for ref in find_case_references(doc.text, 0, seg.header.content_end, own, settings.reference_context_chars):
        enclosing = next((i.case_number for i in seg.items
                          if i.case_number and i.char_start <= ref.char_start < i.char_end), None)
        rows.append({
            "reference_id": row_id(doc.doc_id, ref.case_number, ref.char_start),
            "case_number": ref.case_number, "text": ref.text, "context": ref.context,
            "in_case": enclosing, **provenance(doc, ref.char_start, ref.char_end),
        })
    return rows


TableBuilder = Callable[[ParsedDocument, SegmentedDocument, ExtractSettings], list[dict]]

TABLES: dict[str, TableBuilder] = {
    "documents": document_rows,
    "cases": case_rows,
    "case_sub_items": sub_item_rows,
    "decisions": decision_table_rows,
    "case_references": reference_rows,
}


def extract_document(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings) -> dict[str, list[dict]]:
    return {name: builder(doc, seg, settings) for name, builder in TABLES.items()}
