"""Stage 2, segment: document text → header + ordered agenda items with labelled blocks.

Named transforms, each pure:
  recover_layout (logical lines, case-number roles, cuts) → find_case_headings
  → split_flattened_titles → strip_list_columns → select_case_headings
  → items_from_headings → unnumbered_items → extract_header
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.case_numbers import find_case_mentions
from extractors.cases import (
    CaseHeading,
    context_rules,
    NumberedHeading,
    find_case_headings,
    find_numbered_headings,
    find_listed_items,
    find_plain_numbered_headings,
    lost_number_headings,
    select_case_headings,
    split_flattened_titles,
    strip_list_columns,
)
from extractors.decisions import is_recommendation_label
from extractors.boilerplate import site_title
from extractors.header import extract_header
from extractors.labels import find_adopting_vote, find_blocks, find_unlabelled_decision, match_label
from extractors.layout import SOFT_BREAK, Layout, layout_rules, recover_layout
from extractors.lines import iter_lines, strip_markup
from extractors.lines import lone_line
from extractors.standing_items import StandingHeading, closes_a_meeting, heads_a_group, standing_item_headings

from .records import (
    Block,
    DroppedSpan,
    Header,
    Item,
    Mention,
    PageSpan,
    ParsedDocument,
    SegmentedDocument,
    SubItem,
)
from .settings import SegmentSettings


def furniture_line_starts(layout: Layout) -> frozenset[int]:
    """Starts of the lines that hold nothing but page furniture: left out of block texts."""
    text = layout.text
    starts = set()
    for cut in layout.cuts:
        if not cut.reason.startswith("page"):
            continue
        line = lone_line(text, cut.char_start, cut.char_end)
        if line:
            starts.add(line[0])
    return frozenset(starts)


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


def items_from_headings(text: str, headings: list[CaseHeading], ends: dict[int, int],
                        furniture: frozenset[int]) -> list[Item]:
    return [item_from_heading(text, heading, ends[heading.line_start], i + 1, furniture)
            for i, heading in enumerate(headings)]


def body_ends(chosen: list[CaseHeading], boundaries: list[int], end: int) -> dict[int, int]:
    """Each chosen heading's body runs to the next heading of any kind (a saksliste entry
    or an embedded protocol's heading ends it too)."""
    ordered = sorted(set(boundaries))
    ends = {}
    for heading in chosen:
        nxt = next((b for b in ordered if b > heading.line_start), end)
        ends[heading.line_start] = nxt
    return ends


def items_from_numbered(text: str, headings: list[NumberedHeading], end: int,
                        furniture: frozenset[int]) -> list[Item]:
    return [numbered_item(text, i + 1, heading, heading.title,
                          headings[i + 1].line_start if i + 1 < len(headings) else end, furniture)
            for i, heading in enumerate(headings)]


def numbered_item(text: str, ordinal: int, heading: NumberedHeading, title: str, body_end: int,
                  furniture: frozenset[int]) -> Item:
    """An item without a case number, its blocks read from its heading to body_end."""
    blocks, subs = find_blocks(text, heading.heading_end, body_end, furniture)
    return Item(
        ordinal=ordinal, case_number=None, number_text=None, title=title,
        char_start=heading.char_start, char_end=body_end, heading_end=heading.heading_end,
        blocks=[Block(b.kind, b.label, b.text, b.char_start, b.char_end, b.label_start, b.sub_item) for b in blocks],
        sub_items=[SubItem(s.label, s.title, s.line.clean_start, s.line.end) for s in subs],
        label=heading.label,
    )


def items_from_list(text: str, entries: list[NumberedHeading], body_heads: list[NumberedHeading], end: int,
                    furniture: frozenset[int]) -> list[Item]:
    """The items of a numbered saksliste: an item with a body heading runs from it to the next
    body heading; one without is its list line."""
    by_label = {h.label: h for h in body_heads}
    starts = [h.line_start for h in body_heads] + [end]
    items = []
    for n, entry in enumerate(entries, start=1):
        head = by_label.get(entry.label)
        if head is None:
            items.append(Item(ordinal=n, case_number=None, number_text=None, title=entry.title,
                              char_start=entry.char_start, char_end=entry.heading_end, heading_end=entry.heading_end,
                              blocks=[], sub_items=[], label=entry.label))
            continue
        items.append(numbered_item(text, n, head, entry.title, starts[starts.index(head.line_start) + 1], furniture))
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


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _same_standing_item(a: str, b: str) -> bool:
    """Saksliste entry and body heading of one item: one title starts the other
    ("Godkjenning av protokoll" / "… fra møte 13.11.2014") or they are near equal."""
    a, b = _title_key(a), _title_key(b)
    return a.startswith(b) or b.startswith(a) or SequenceMatcher(None, a, b).ratio() >= 0.8


def _is_case_title(text: str, heading: StandingHeading, mention_ends: list[int], headings: list[CaseHeading]) -> bool:
    """The standing words are a numbered case's title ("Sak 72/22: Godkjenning av innkalling"):
    inside a case heading, or right after a case-number token."""
    if any(h.line_start <= heading.char_start < h.heading_end for h in headings):
        return True
    i = bisect_right(mention_ends, heading.line_start) - 1
    return i >= 0 and heading.line_start - mention_ends[i] <= 40 \
        and not text[mention_ends[i]:heading.line_start].strip(" \t:.-–)")


def _heads_a_group_of_cases(text: str, heading: StandingHeading, case_starts: list[int]) -> bool:
    """"Orienteringssaker" / "Referatsaker" right before a numbered case: a heading over a
    group of cases (ACOS, Elements innkallinger), not an item of its own."""
    i = bisect_left(case_starts, heading.heading_end)
    return heads_a_group(heading.title) and i < len(case_starts) \
        and not text[heading.heading_end:case_starts[i]].strip(" \t\n:.-–")


def _own_item_heading(heading: StandingHeading) -> bool:
    """After the cases, a standing item the saksliste did not list is an item of its own only as
    a numbered heading line ("12. Eventuelt") or a closing item ("Eventuelt", "Referatsaker"):
    a line "Orientering om saken" inside a case's text is part of the case."""
    return heading.form == "line" and (heading.char_start > heading.line_start or closes_a_meeting(heading.title))


# A meeting has a handful of standing items, listed and treated: more candidates than this
# are no agenda (a text of repeated phrases) and are not read as items.
MAX_STANDING_ITEMS = 60


def standing_items_of_meeting(text: str, layout: Layout, cases: CaseLayout, first_body: int,
                              kind: str | None) -> list[tuple[StandingHeading, int]]:
    """This meeting's standing items (Åpen halvtime, Godkjenning av innkalling, Eventuelt …)
    with the end of each one's body.  Before the first case's body every standing title counts
    (the saksliste and the opening items); after it, a body heading of an item the saksliste
    listed, or a heading line of its own.  In a document with no case at all only minutes
    and notices are read (a reglement names "Spørretime" and "Interpellasjon" as topics)."""
    if not cases.found and kind not in DECIDING_KINDS + NOTICE_KINDS:
        return []
    start, end = layout.content_start, layout.content_end
    found = standing_item_headings(text, start, end, limit=MAX_STANDING_ITEMS)
    if len(found) >= MAX_STANDING_ITEMS:
        return []
    case_starts = sorted(h.line_start for h in cases.found)
    mention_ends = sorted(m.token.end for m in layout.mentions)
    numbered = {h.char_start for h in found if _continues_agenda_ordinals(text, h.char_start)}   # saksliste entries
    candidates = [h for h in found
                  if (h.char_start in numbered or not _is_case_title(text, h, mention_ends, cases.found))
                  and not _heads_a_group_of_cases(text, h, case_starts)]
    listed = [h for h in candidates if h.line_start < first_body]
    kept = listed + [h for h in candidates if h.line_start >= first_body
                     and (h.char_start in numbered or any(_same_standing_item(h.title, l.title) for l in listed)
                          or _own_item_heading(h))]
    kept.sort(key=lambda h: h.line_start)
    bounds = sorted(set(case_starts + [h.line_start for h in kept]))
    return [(h, bounds[i] if (i := bisect_right(bounds, h.line_start)) < len(bounds) else end) for h in kept]


_ORDINAL_BEFORE = re.compile(r"(?<!\S)(\d{1,2})\.\s*\Z")   # a PDF line may break after it
_ORDINAL = re.compile(r"(?<!\S)(\d{1,2})\.(?=[ \t\n])")


def _continues_agenda_ordinals(text: str, pos: int) -> bool:
    """A standing title numbered as the next entry of a saksliste whose entries are numbered
    just before it ("… 11. BU 14/79 Forslag til møteplan 13. Orienteringssaker 14. Eventuelt"):
    a listed item, not a sentence's word, wherever the list's cases stand."""
    own = _ORDINAL_BEFORE.search(text, max(0, pos - 8), pos)
    if not own:
        return False
    n = int(own.group(1))
    earlier = {int(m.group(1)) for m in _ORDINAL.finditer(text, max(0, own.start() - 400), own.start())}
    return bool(earlier & {n - 1, n - 2, n - 3})


def items_from_standing(text: str, standing: list[tuple[StandingHeading, int]],
                        furniture: frozenset[int]) -> list[Item]:
    """One unnumbered item per standing item: the saksliste entry and the body heading of
    the same item are one item (in the order of first mention), read where its body is longest."""
    groups: list[list[tuple[StandingHeading, int]]] = []
    for heading, body_end in standing:
        group = next((g for g in groups if _same_standing_item(g[0][0].title, heading.title)), None)
        if group is None:
            groups.append([(heading, body_end)])
        else:
            group.append((heading, body_end))
    items = []
    for group in groups:
        heading, body_end = max(group, key=lambda hb: (hb[1] - hb[0].heading_end, -hb[0].line_start))
        title = max((h.title for h, _ in group), key=len)
        blocks, _ = find_blocks(text, heading.heading_end, body_end, furniture)
        items.append(Item(
            ordinal=0, case_number=None, number_text=None, title=title,
            char_start=heading.char_start, char_end=body_end, heading_end=heading.heading_end,
            blocks=[Block(b.kind, b.label, b.text, b.char_start, b.char_end, b.label_start, b.sub_item)
                    for b in blocks if b.kind in ("decision", "proposal")]))
    return items


def merge_loose_items(standing: list[Item], loose: list[Item]) -> list[Item]:
    """A decision read before the first case whose label lies in a standing item's body is
    that item's decision (already among its blocks); the others stay items of their own."""
    kept = [item for item in loose
            if not any(s.heading_end <= item.heading_end < s.char_end for s in standing)]
    return sorted(standing + kept, key=lambda i: i.char_start)


# Document kinds whose items record what the meeting decided; a notice of meeting only
# proposes (a decision quoted there was made at an earlier meeting).
DECIDING_KINDS = ("protokoll", "referat")
NOTICE_KINDS = ("innkalling",)


def read_decisions_for_kind(items: list[Item], text: str, kind: str, furniture: frozenset[int],
                            unnumbered: list[Item] = ()) -> None:
    """In protocols and minutes an item without a decision label may state its decision as a
    sentence — a case, and an item without a case number (numbered "1. …", a standing item:
    "Godkjenning av innkalling Innkallingen ble godkjent."); in a notice of meeting or a case
    memo a case's decision label quotes an earlier meeting's decision (background)."""
    if kind in NOTICE_KINDS:
        for item in items:
            for block in item.blocks:
                if block.kind == "decision":
                    block.kind = "background"
        return
    if kind not in DECIDING_KINDS:
        return
    read_unlabelled_decisions([*items, *unnumbered], text, furniture)


def read_unlabelled_decisions(items: list[Item], text: str, furniture: frozenset[int]) -> None:
    """An item without a decision of its own gets the proposal a vote line adopted
    ("Innstillingen ble enstemmig vedtatt."), else the decision sentence of its text, if any
    ("Innkallingen ble godkjent.", "AU godkjenner referatet") — never a line of its proposal."""
    for item in items:
        if any(b.kind == "decision" and b.text for b in item.blocks):
            continue
        adopted = adopted_proposal(item, text, furniture)
        if adopted:
            item.blocks.append(adopted)
            item.blocks.sort(key=lambda b: b.char_start)
            continue
        proposal_lines = frozenset(line.start for b in item.blocks if b.kind == "proposal"
                                   for line in iter_lines(text, b.char_start, b.char_end))
        found = find_unlabelled_decision(text, item.heading_end, item.char_end, context_rules().body_word,
                                         furniture | proposal_lines)
        if found:
            item.blocks.append(Block(found.kind, found.label, found.text, found.char_start, found.char_end,
                                     found.label_start, found.sub_item))
            item.blocks.sort(key=lambda b: b.char_start)


def adopted_proposal(item: Item, text: str, furniture: frozenset[int]) -> Block | None:
    """The decision of an item whose protocol only votes ("Innstillingen ble enstemmig vedtatt.",
    "Tilrådinga vart vedteken med 4 mot 1 røyst."): its last proposal's text and span, the vote
    line as its label."""
    proposals = [b for b in item.blocks if b.kind == "proposal" and b.text]
    if not proposals:
        return None
    last = proposals[-1]
    vote = find_adopting_vote(text, last.char_end, item.char_end, furniture)
    if vote is None:
        return None
    return Block("decision", " ".join(vote.clean.split())[:120], last.text, last.char_start, last.char_end,
                 vote.start, last.sub_item)


def attach_early_proposals(items: list[Item], loose: list[Item]) -> list[Item]:
    """A single-case paper (sakspapir, saksframlegg) may state its proposal above the line
    that carries the case number ("Rådmannen sitt framlegg til vedtak: …" then "Sak 15/2019
    LEV - Behandling: …"): a proposal before the only case belongs to it."""
    cases = [i for i in items if i.case_number]
    if len(cases) != 1:
        return loose
    case = cases[0]
    kept = []
    for item in loose:
        if item.char_end <= case.char_start and all(b.kind == "proposal" for b in item.blocks):
            case.blocks[:0] = item.blocks
        else:
            kept.append(item)
    return kept


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
            if (block.kind == "decision" and is_recommendation_label(block.label) and own_body
                    and label_owner(block.label) not in (None, own_body)):
                block.kind = "proposal"


def label_owner(label: str) -> str | None:
    """The body a label's genitive names: "Formannskapets innstilling" and, in nynorsk, "Formannskapet
    si tilråding" → "formannskapet"; None without a genitive."""
    words = label.casefold().split()
    if len(words) > 2 and words[1] in ("si", "sitt", "sin", "sine"):
        return words[0]
    return words[0][:-1] if words and words[0].endswith("s") else None


def mention_records(layout: Layout, embedded: list[CaseHeading]) -> list[Mention]:
    """Every case-number token with its final role: headings of an embedded earlier
    protocol are references of this document."""
    embedded_at = {h.char_start for h in embedded}
    records = []
    for m in layout.mentions:
        role, reason = m.role, m.reason
        if m.token.start in embedded_at:
            role, reason = "reference", "heading of an earlier meeting's protocol inside the document"
        records.append(Mention(m.case_number, role, layout.text[m.token.start: m.token.end], reason,
                               m.token.start, m.token.end))
    return records


@dataclass(frozen=True)
class CaseLayout:
    """The case headings of a document: every occurrence found, the chosen one per case,
    the headings of an embedded earlier protocol, and those of another numbering."""

    found: list[CaseHeading]
    headings: list[CaseHeading]
    embedded: list[CaseHeading]
    dropped: list[CaseHeading]


def read_case_headings(layout: Layout) -> CaseLayout:
    text, end = layout.text, layout.content_end
    found = find_case_headings(text, list(layout.mentions), layout.content_start, end, match_label,
                               furniture_line_starts(layout))
    found = strip_list_columns(split_flattened_titles(found))
    found = sorted(found + lost_number_headings(text, list(layout.mentions), found), key=lambda h: h.line_start)
    headings, embedded, dropped = select_case_headings(found, end)
    return CaseLayout(found, headings, embedded, dropped)


def case_headings(text: str) -> list[CaseHeading]:
    """This meeting's case headings in any text (layout step included)."""
    return read_case_headings(recover_layout(text)).headings


# minutes whose items are numbered "1.", "2." on lines of their own (reports and letters number sections)
PLAIN_NUMBERED_KINDS = frozenset({"referat", "protokoll"})


def segment_document(doc: ParsedDocument, settings: SegmentSettings) -> SegmentedDocument:
    layout = recover_layout(doc.text, [(p.char_start, p.char_end) for p in doc.pages],
                            from_pdf=doc.file_type == "pdf")
    text = layout.text
    start, end = layout.content_start, layout.content_end
    furniture = furniture_line_starts(layout)
    cases = read_case_headings(layout)
    found, headings, embedded, dropped = cases.found, cases.headings, cases.embedded, cases.dropped
    numbered = [] if headings else find_numbered_headings(text, start, end)
    first_case = min([h.line_start for h in found] or [numbered[0].line_start if numbered else end])
    header_end = headings[0].heading_end if headings else first_case
    fields = extract_header(text, start, header_end, end, [h.title for h in headings], settings.header_lines,
                            settings.body_lines, site_title(text, start))
    header = Header(fields.kind, fields.organization, fields.body, fields.meeting_date, fields.meeting_date_text,
                    fields.place, fields.title, end)
    if not found and not numbered and header.kind in PLAIN_NUMBERED_KINDS:
        numbered = find_plain_numbered_headings(text, start, end)
        first_case = min(first_case, numbered[0].line_start) if numbered else first_case
    listed: list[Item] = []
    if not found and not numbered:
        # a saksliste "1. … 2. … 3. …" without case numbers: the meeting's list of items
        entries, body_heads = find_listed_items(text, start, end, layout_rules().agenda)
        if entries:
            listed = items_from_list(text, entries, body_heads, end, furniture)
            numbered = entries
            first_case = min(first_case, entries[0].line_start)
    # minutes that number agenda items but not cases list their standing items among them
    first_body = min([h.line_start for h in headings] or [first_case])
    standing = [] if numbered else standing_items_of_meeting(text, layout, cases, first_body, header.kind)
    # another numbering, and an earlier case listed as a document of this one, end no body;
    # a standing item after a case ("Eventuelt") ends it
    kept = [h.line_start for h in found if h not in dropped and not (h.bulleted and h in embedded)]
    ends = body_ends(headings, kept + [h.line_start for h, _ in standing if h.line_start > first_body], end)
    items = items_from_headings(text, headings, ends, furniture)
    if listed:
        items = listed
    elif numbered:
        items = items_from_numbered(text, numbered, end, furniture)
    loose = unnumbered_items(text, start, first_case, furniture)
    loose = attach_early_proposals(items, loose)
    loose = merge_loose_items(items_from_standing(text, standing, furniture), loose)
    for ordinal, item in enumerate(loose, start=len(items) + 1):
        item.ordinal = ordinal
    relabel_foreign_blocks(items + loose, header.body)
    read_decisions_for_kind([i for i in items if i.case_number], text, header.kind, furniture,
                            unnumbered=[i for i in items + loose if not i.case_number])
    return SegmentedDocument(
        doc.doc_id, header, items + loose,
        breaks=[offset for offset, why in layout.breaks if why != SOFT_BREAK],
        joins=[offset for offset, why in layout.breaks if why == SOFT_BREAK],
        mentions=mention_records(layout, embedded),
        dropped=[DroppedSpan(c.char_start, c.char_end, c.reason) for c in layout.cuts],
        pages=[PageSpan(i + 1, s, e) for i, (s, e) in enumerate(layout.pages)],
        n_chars=len(doc.text), source_path=doc.source_path,
    )
