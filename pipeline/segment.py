"""Stage 2, segment: document text → header + ordered agenda items with labelled blocks.

Named transforms, each pure:
  content_bounds → find_case_headings → select_case_headings → items_from_headings
  → unnumbered_items (decisions outside any numbered case) → extract_header
"""

from __future__ import annotations

from extractors.case_numbers import find_case_mentions
from extractors.decisions import is_recommendation_label
from extractors.boilerplate import content_end, content_start, page_furniture
from extractors.cases import (
    CaseHeading,
    NumberedHeading,
    find_case_headings,
    find_numbered_headings,
    select_case_headings,
)
from extractors.header import extract_header
from extractors.labels import find_blocks
from extractors.layout import iter_lines, strip_markup

from .records import Block, Header, Item, ParsedDocument, SegmentedDocument, SubItem
from .settings import SegmentSettings


def content_bounds(text: str) -> tuple[int, int]:
    end = content_end(text)
    return content_start(text, end), end


def item_from_heading(text: str, heading: CaseHeading, body_end: int, ordinal: int,
                      furniture: frozenset[int]) -> Item:
    blocks, subs = find_blocks(text, heading.heading_end, body_end, furniture)
    return Item(
        ordinal=ordinal,
        case_number=heading.case_number,
        number_text=heading.number_text,
        title=heading.title,
        char_start=heading.char_start,
        char_end=body_end,
        heading_end=heading.heading_end,
        blocks=[Block(b.kind, b.label, b.text, b.char_start, b.char_end, b.label_start, b.sub_item) for b in blocks],
        sub_items=[SubItem(s.label, s.title, s.line.clean_start, s.line.end) for s in subs],
    )


def items_from_headings(text: str, headings: list[CaseHeading], end: int,
                        furniture: frozenset[int]) -> list[Item]:
    items = []
    for i, heading in enumerate(headings):
        body_end = headings[i + 1].line_start if i + 1 < len(headings) else end
        items.append(item_from_heading(text, heading, body_end, i + 1, furniture))
    return items


def items_from_numbered(text: str, headings: list[NumberedHeading], end: int,
                        furniture: frozenset[int]) -> list[Item]:
    items = []
    for i, heading in enumerate(headings):
        body_end = headings[i + 1].line_start if i + 1 < len(headings) else end
        blocks, subs = find_blocks(text, heading.heading_end, body_end, furniture)
        items.append(Item(
            ordinal=i + 1, case_number=None, number_text=None, title=heading.title,
            char_start=heading.char_start, char_end=body_end, heading_end=heading.heading_end,
            blocks=[Block(b.kind, b.label, b.text, b.char_start, b.char_end, b.label_start, b.sub_item) for b in blocks],
            sub_items=[SubItem(s.label, s.title, s.line.clean_start, s.line.end) for s in subs],
            label=heading.label,
        ))
    return items


def title_before(text: str, start: int, offset: int) -> tuple[str, int]:
    """The nearest non-blank line before offset: the title of an unnumbered item."""
    previous = None
    for line in iter_lines(text, start, offset):
        if not line.blank:
            previous = line
    if previous is None:
        return "", offset
    return strip_markup(previous.clean).rstrip(":").strip(), previous.clean_start


def unnumbered_items(text: str, start: int, end: int, furniture: frozenset[int]) -> list[Item]:
    """Decisions/proposals outside numbered cases ("Godkjenning av innkalling …: Vedtak: Godkjent.")."""
    blocks, _ = find_blocks(text, start, end, furniture)
    items: list[Item] = []
    for block in blocks:
        if block.kind not in ("decision", "proposal") or not block.text:
            continue
        title, title_start = title_before(text, start, block.label_start)
        if items and items[-1].title == title:
            target = items[-1]
        else:
            target = Item(0, None, None, title, title_start, block.char_end, block.label_start)
            items.append(target)
        target.blocks.append(Block(block.kind, block.label, block.text, block.char_start, block.char_end,
                                   block.label_start, block.sub_item))
        target.char_end = block.char_end
    return items


def relabel_foreign_blocks(items: list[Item], body: str | None) -> None:
    """Blocks whose label points elsewhere are not this meeting's decision:
    - a decision label naming another case ("Kommunestyrets vedtak 17.12.2020, sak 45/20:")
      quotes an earlier decision → background;
    - another body's innstilling ("Formannskapets innstilling" in a council protocol) is the
      proposal this body votes on → proposal."""
    own_body = (body or "").casefold()
    for item in items:
        for block in item.blocks:
            if block.kind not in ("decision", "proposal"):
                continue
            cited = {m.case_number for m in find_case_mentions(block.label)}
            if cited and item.case_number not in cited:
                block.kind = "background"
                continue
            first = block.label.split()[0].casefold()
            if (block.kind == "decision" and is_recommendation_label(block.label) and own_body
                    and first.endswith("s") and first[:-1] != own_body):
                block.kind = "proposal"


def segment_document(doc: ParsedDocument, settings: SegmentSettings) -> SegmentedDocument:
    text = doc.text
    start, end = content_bounds(text)
    furniture = page_furniture(text, [(p.char_start, p.char_end) for p in doc.pages])
    headings = select_case_headings(find_case_headings(text, start, end), end)
    items = items_from_headings(text, headings, end, furniture)
    numbered = [] if headings else find_numbered_headings(text, start, end)
    if numbered:  # minutes that number agenda items but not cases
        items = items_from_numbered(text, numbered, end, furniture)
    first_case = headings[0].line_start if headings else numbered[0].line_start if numbered else end
    loose = unnumbered_items(text, start, first_case, furniture)
    for ordinal, item in enumerate(loose, start=len(items) + 1):
        item.ordinal = ordinal
    header_end = headings[0].heading_end if headings else first_case
    fields = extract_header(text, start, header_end, end, [h.title for h in headings], settings.header_lines,
                            settings.body_lines)
    header = Header(fields.kind, fields.organization, fields.body, fields.meeting_date, fields.meeting_date_text,
                    fields.place, fields.title, end)
    relabel_foreign_blocks(items + loose, header.body)
    return SegmentedDocument(doc.doc_id, header, items + loose)
