"""Extract builders for the timeline tables: ``timeline_events`` and ``case_links``.

Same contract as the builders in pipeline/extract.py: ``(doc, seg, settings,
built) -> rows``, every row with doc_id, page and the character span of its
source text, and an id hashed from content and position. Importing this
module registers the two tables with the extract stage.
"""

from __future__ import annotations

from datetime import date

from extractors.case_links import find_case_links
from extractors.timeline import HELD, Section, canonical_body, find_timeline, short_label, timeline_rules

from .extract import Built, meeting_date, provenance, register, row_id
from .records import ParsedDocument, SegmentedDocument
from .settings import ExtractSettings


def sections_of(seg: SegmentedDocument) -> list[Section]:
    return [Section(item.case_number, item.title, item.char_start, item.char_end, item.heading_end)
            for item in seg.items]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def header_span(doc: ParsedDocument, seg: SegmentedDocument) -> tuple[int, int]:
    """Where the document states its meeting: the date as written, else the title, else its start."""
    h = seg.header
    for written in (h.meeting_date_text, h.title):
        at = doc.text.find(written, 0, h.content_end) if written else -1
        if at >= 0:
            return at, at + len(written)
    return 0, 0


def own_meeting_rows(doc: ParsedDocument, seg: SegmentedDocument) -> list[dict]:
    """The document's own meeting (minutes, case papers, notices that name a body)."""
    h = seg.header
    status = timeline_rules().own_meeting_status.get(h.kind)
    if status is None or h.body is None:
        return []
    day = meeting_date(seg)
    treated = sorted({item.case_number for item in seg.items if item.case_number})
    start, end = header_span(doc, seg)
    label = short_label(h.title or h.body)
    return [{
        "event_id": row_id(doc.doc_id, "meeting", start, iso(day), label),
        "date": iso(day), "end_date": None, "precision": "day" if day else None, "kind": "meeting",
        "body": canonical_body(h.body), "label": label, "phase": None, "status": status,
        # a memo on one case belongs to that case's thread
        "case_number": treated[0] if len(treated) == 1 else None,
        **provenance(doc, start, end),
    }]


def decision_event_rows(doc: ParsedDocument, seg: SegmentedDocument, decisions: list[dict]) -> list[dict]:
    """Each decision taken at the document's meeting."""
    day = meeting_date(seg)
    rows = []
    for decision in decisions:
        if decision["kind"] != "decision":
            continue
        label = short_label(f"{decision['item_title']}: {decision['text']}")
        rows.append({
            "event_id": row_id(doc.doc_id, "decision", decision["decision_id"]),
            "date": iso(day), "end_date": None, "precision": "day" if day else None, "kind": "decision",
            "body": canonical_body(seg.header.body), "label": label, "phase": None, "status": HELD,
            "case_number": decision["case_number"],
            **provenance(doc, decision["char_start"], decision["char_end"]),
        })
    return rows


def text_event_rows(doc: ParsedDocument, seg: SegmentedDocument) -> list[dict]:
    """Plan phases and meetings, referenced meetings and deadlines read from the text."""
    h = seg.header
    events = find_timeline(doc.text, 0, h.content_end, sections_of(seg), meeting_date(seg), canonical_body(h.body))
    return [{
        "event_id": row_id(doc.doc_id, e.kind, e.char_start, iso(e.start), e.label),
        "date": iso(e.start), "end_date": iso(e.end), "precision": e.precision, "kind": e.kind,
        "body": e.body, "label": e.label, "phase": e.phase, "status": e.status, "case_number": e.case_number,
        **provenance(doc, e.char_start, e.char_end),
    } for e in events]


def timeline_event_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings,
                        built: Built) -> list[dict]:
    return (own_meeting_rows(doc, seg) + decision_event_rows(doc, seg, built.get("decisions", []))
            + text_event_rows(doc, seg))


def case_link_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings,
                   built: Built) -> list[dict]:
    h = seg.header
    links = find_case_links(doc.text, 0, h.content_end, sections_of(seg), h.organization, canonical_body(h.body))
    return [{
        "link_id": row_id(doc.doc_id, link.to_case, link.mention_start),
        "from_doc": doc.doc_id, "from_case": link.from_case, "to_case": link.to_case,
        "to_organization": link.to_organization, "to_body": link.to_body, "relation": link.relation,
        "text": link.text, "page": doc.page_at(link.char_start),
        "char_start": link.char_start, "char_end": link.char_end,
    } for link in links]


TIMELINE_TABLES = {"timeline_events": timeline_event_rows, "case_links": case_link_rows}

register(tables=TIMELINE_TABLES)
