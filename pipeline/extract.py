"""Stage 3, extract: segmented documents → table rows (JSON lines per table).

Each table has one pure builder ``(doc, seg) -> list[dict]``; every row carries
doc_id, page and the character span of its source text, and an id that is a
hash of its content and position, so re-runs give identical rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from datetime import date

from extractors.agreements import earliest_exit, extract_agreements
from extractors.amounts import extract_amounts
from extractors.attendance import find_sections
from extractors.decisions import decision_rows
from extractors.references import sentence_around

from .records import ParsedDocument, SegmentedDocument, covered_chars
from .settings import ExtractSettings


Built = dict[str, list[dict]]  # tables already built for this document (builders run in TABLES order)


def row_id(*parts: object) -> str:
    return hashlib.sha1("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def provenance(doc: ParsedDocument, start: int, end: int) -> dict:
    return {"doc_id": doc.doc_id, "page": doc.page_at(start), "char_start": start, "char_end": end}


def with_layout_pages(doc: ParsedDocument, seg: SegmentedDocument) -> ParsedDocument:
    """A one-page text whose layout step found transcript pages gets those pages."""
    if len(doc.pages) <= 1 and len(seg.pages) > 1:
        return replace(doc, pages=list(seg.pages))
    return doc


def document_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    h = seg.header
    dropped = covered_chars(seg.dropped)
    return [{
        "doc_id": doc.doc_id, "source_path": doc.source_path, "other_paths": list(doc.other_paths),
        "file_type": doc.file_type, "method": doc.method, "n_bytes": doc.n_bytes,
        "pages": len(doc.pages), "n_chars": len(doc.text), "kind": h.kind, "organization": h.organization,
        "body": h.body, "meeting_date": h.meeting_date, "meeting_date_text": h.meeting_date_text,
        "place": h.place, "title": h.title, "content_end": h.content_end, "warnings": list(doc.warnings),
        "n_dropped_chars": dropped, "layout_breaks": len(seg.breaks),
        "n_decision_labels": sum(1 for i in seg.items for b in i.blocks if b.kind == "decision"),
        "n_proposal_labels": sum(1 for i in seg.items for b in i.blocks if b.kind == "proposal"),
        "n_attendance_labels": len(find_sections(seg.layout_text(doc.text)[: seg.header.content_end])),
    }]


def case_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
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


def agenda_item_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    """Every agenda item in document order: numbered cases and items without a case number."""
    return [{
        "item_id": row_id(doc.doc_id, item.ordinal, item.case_number, item.title),
        "item_ordinal": item.ordinal, "label": item.label, "case_number": item.case_number, "title": item.title,
        "n_decisions": sum(1 for b in item.blocks if b.kind == "decision" and b.text),
        **provenance(doc, item.char_start, item.char_end),
    } for item in seg.items]


def sub_item_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    return [
        {"case_number": item.case_number, "label": sub.label, "title": sub.title,
         **provenance(doc, sub.char_start, sub.char_end)}
        for item in seg.items for sub in item.sub_items
    ]


def decision_table_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    rows = []
    for item in seg.items:
        for ordinal, row in enumerate(decision_rows(item.blocks), start=1):
            rows.append({
                "decision_id": row_id(doc.doc_id, item.case_number, item.title, row.kind, row.char_start),
                "case_number": item.case_number, "item_title": item.title, "item_label": item.label,
                "item_ordinal": item.ordinal,
                "sub_item": row.sub_item, "kind": row.kind, "label": row.label, "text": row.text,
                "outcome": row.outcome, "ordinal": ordinal,
                **provenance(doc, row.char_start, row.char_end),
            })
    return rows


def reference_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    """Case numbers mentioned in running text (or heading an earlier meeting's protocol inside
    the document) that are not this document's own cases."""
    own = {item.case_number for item in seg.items if item.case_number}
    rows = []
    for mention in seg.mentions:
        if mention.role != "reference" or not mention.case_number or mention.case_number in own:
            continue
        if mention.char_start >= seg.header.content_end:
            continue
        enclosing = next((i.case_number for i in seg.items
                          if i.case_number and i.char_start <= mention.char_start < i.char_end), None)
        context = sentence_around(doc.text, mention.char_start, mention.char_end,
                                  max(0, mention.char_start - settings.reference_context_chars // 2),
                                  min(len(doc.text), mention.char_end + settings.reference_context_chars // 2))
        rows.append({
            "reference_id": row_id(doc.doc_id, mention.case_number, mention.char_start),
            "case_number": mention.case_number, "text": mention.text, "context": context,
            "in_case": enclosing, **provenance(doc, mention.char_start, mention.char_end),
        })
    return rows


def mention_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    """Every case-number token with the role it was given (for the coverage report)."""
    return [{
        "mention_id": row_id(doc.doc_id, m.char_start, m.text), "case_number": m.case_number, "role": m.role,
        "text": m.text, "reason": m.reason, **provenance(doc, m.char_start, m.char_end),
    } for m in seg.mentions]


def dropped_span_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    """Every span left out of block texts or out of the document, with its reason."""
    return [{
        "dropped_id": row_id(doc.doc_id, d.char_start, d.char_end, d.reason), "reason": d.reason,
        "n_chars": d.char_end - d.char_start, "text": doc.text[d.char_start: d.char_end][:500],
        **provenance(doc, d.char_start, d.char_end),
    } for d in seg.dropped]


def meeting_date(seg: SegmentedDocument) -> date | None:
    return date.fromisoformat(seg.header.meeting_date) if seg.header.meeting_date else None


def self_names(seg: SegmentedDocument) -> tuple[str, ...] | None:
    """The document's own organisation, which is never an agreement's counterparty."""
    org = seg.header.organization
    return (org, org.split()[0]) if org else None


def agreement_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    # the layout step's line breaks (same offsets): bullets and clauses of a flattened transcript
    text = seg.layout_text(doc.text)[: seg.header.content_end]
    met = meeting_date(seg)
    notice_given = date.fromisoformat(settings.exit_notice_date) if settings.exit_notice_date else met
    cases = [(item.char_start, item.title) for item in seg.items if item.case_number]
    rows = []
    for a in extract_agreements(text, meeting_date=met, self_names=self_names(seg), cases=cases):
        rows.append({
            "agreement_id": row_id(doc.doc_id, a.item, a.counterparty, a.char_start),
            "section": a.section, "item": a.item, "counterparty": a.counterparty, "kind": a.kind,
            "start_text": a.start_text, "start_date": a.start_date and a.start_date.isoformat(),
            "start_precision": a.start_precision, "end_text": a.end_text,
            "end_date": a.end_date and a.end_date.isoformat(), "end_precision": a.end_precision,
            "notice_months": a.notice_months, "notice_text": a.notice_text, "exit_regulated": a.exit_regulated,
            "earliest_exit_text": a.earliest_exit_text,
            "earliest_exit_date": a.earliest_exit_date and a.earliest_exit_date.isoformat(),
            "resource_text": a.resource_text, "termination_text": a.termination_text,
            "notice_given_date": notice_given and notice_given.isoformat(),
            "exit_if_notice_given": (notice_given and (earliest_exit(a, notice_given) or None)
                                     and earliest_exit(a, notice_given).isoformat()),
            **provenance(doc, a.char_start, a.char_end),
        })
    return rows


def amount_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    agreements = built["agreements"]
    rows = []
    for amount in extract_amounts(doc.text[: seg.header.content_end]):
        owner = next((a["agreement_id"] for a in agreements
                      if a["char_start"] <= amount.char_start < a["char_end"]), None)
        rows.append({
            "amount_id": row_id(doc.doc_id, amount.char_start, amount.text),
            "agreement_id": owner, "value_nok": amount.value_nok, "per": amount.per, "year": amount.year,
            "upper_bound": amount.upper_bound, "text": amount.text,
            **provenance(doc, amount.char_start, amount.char_end),
        })
    return rows


TableBuilder = Callable[[ParsedDocument, SegmentedDocument, ExtractSettings, Built], list[dict]]

TABLES: dict[str, TableBuilder] = {
    "documents": document_rows,
    "cases": case_rows,
    "agenda_items": agenda_item_rows,
    "case_sub_items": sub_item_rows,
    "decisions": decision_table_rows,
    "case_references": reference_rows,
    "case_number_mentions": mention_rows,
    "dropped_spans": dropped_span_rows,
    "agreements": agreement_rows,
    "amounts": amount_rows,
}


# Document steps run on one document's tables after its builders (e.g. one row for an amount
# a decision repeats from the proposal); each returns the tables it replaces.
DocumentStep = Callable[[dict[str, list[dict]], ExtractSettings], dict[str, list[dict]]]
DOCUMENT_STEPS: list[DocumentStep] = []

# Corpus steps run after every document is extracted, on the whole corpus: each gets a reader
# of the per-document tables (``read(table, columns)`` yields rows, documents in doc_id order,
# rows in their document's order) and the settings, and returns corpus tables (e.g. one person
# identity across documents).  They never rewrite a document's rows (those stay cached); a
# Lookup fills a column of them at load time from a corpus table instead.
TableReader = Callable[[str, tuple[str, ...]], Iterator[dict]]
CorpusStep = Callable[[TableReader, ExtractSettings], dict[str, list[dict]]]
CORPUS_STEPS: list[CorpusStep] = []


@dataclass(frozen=True)
class Lookup:
    """At load: ``table.column = corpus_table.value WHERE table.key = corpus_table.match``."""

    table: str
    column: str
    key: str
    corpus_table: str
    match: str
    value: str


LOOKUPS: list[Lookup] = []


def register(tables: dict[str, TableBuilder] | None = None, corpus_steps: list[CorpusStep] | None = None,
             document_steps: list[DocumentStep] | None = None, lookups: list[Lookup] | None = None) -> None:
    """Add another issue's per-document tables, document and corpus steps to the extract stage."""
    TABLES.update(tables or {})
    CORPUS_STEPS.extend(corpus_steps or [])
    DOCUMENT_STEPS.extend(document_steps or [])
    LOOKUPS.extend(lookups or [])


def run_corpus_steps(read: TableReader, settings: ExtractSettings) -> dict[str, list[dict]]:
    corpus: dict[str, list[dict]] = {}
    for step in CORPUS_STEPS:
        corpus.update(step(read, settings))
    return corpus


# The id column of each table whose rows have one (the database's primary key).
ID_COLUMNS = {
    "cases": "case_id", "agenda_items": "item_id", "decisions": "decision_id", "case_references": "reference_id",
    "agreements": "agreement_id", "amounts": "amount_id", "timeline_events": "event_id", "case_links": "link_id",
    "attendance": "attendance_id", "votes": "vote_id",
}


def unique_ids(rows: list[dict], column: str | None) -> list[dict]:
    """Ids unique by construction: a row emitted twice is kept once; a different row whose
    content hash equals an earlier one's gets the id of (id, occurrence). Stays deterministic,
    and load's primary keys can never fail on one document's rows."""
    if column is None:
        return rows
    kept: list[dict] = []
    seen: dict[str, list[dict]] = {}
    for row in rows:
        same_id = seen.setdefault(row[column], [])
        if row in same_id:
            continue
        same_id.append(dict(row))
        if len(same_id) > 1:
            row = {**row, column: row_id(row[column], len(same_id))}
        kept.append(row)
    return kept


def one_line(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def extract_document(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings,
                     errors: list[dict] | None = None) -> dict[str, list[dict]]:
    """Every table's rows of one document.  With an ``errors`` list, a builder or step that
    raises leaves its table(s) empty and adds an error record; without one, it raises."""
    doc = with_layout_pages(doc, seg)
    built: Built = {}
    for name, builder in TABLES.items():  # later builders read earlier tables: ids are made unique first
        try:
            built[name] = unique_ids(builder(doc, seg, settings, built), ID_COLUMNS.get(name))
        except Exception as exc:  # noqa: BLE001 — one table's failure must not cost the others
            if errors is None:
                raise
            built[name] = []
            errors.append(error_record(doc.doc_id, "extract", name, exc))
    for step in DOCUMENT_STEPS:
        try:
            built.update(step(built, settings))
        except Exception as exc:  # noqa: BLE001
            if errors is None:
                raise
            errors.append(error_record(doc.doc_id, "extract", getattr(step, "__name__", "step"), exc))
    return built


def error_record(doc_id: str, stage: str, step: str, exc: BaseException) -> dict:
    """An extract_errors row: the exception's type and a one-line reason."""
    return {"doc_id": doc_id, "stage": stage, "step": step, "error_type": exc.__class__.__name__,
            "error": one_line(exc) or exc.__class__.__name__}


# Tables of the people issue register themselves (import at the end: they use this module).
from . import extract_people  # noqa: E402,F401
from . import extract_timeline  # noqa: E402  (registers timeline tables)
from . import extract_repeats  # noqa: E402,F401  (one row for an amount/agreement a decision repeats)
from . import extract_search  # noqa: E402,F401  (the full-text index's rows, after cases and decisions)
