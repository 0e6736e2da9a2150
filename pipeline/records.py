"""Typed records passed between stages (serialised as JSON lines)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Type, TypeVar

T = TypeVar("T")


@dataclass
class PageSpan:
    page: int
    char_start: int
    char_end: int


@dataclass
class ParsedDocument:
    """Output of ingest: one per distinct file content."""

    doc_id: str                 # content hash of the raw bytes
    source_path: str            # first path (sorted) with this content
    other_paths: list[str]      # further paths with identical content
    file_type: str              # pdf | txt | md | docx | html
    method: str                 # how the text was obtained (pdfplumber, ocr-tesseract, utf-8, ...)
    n_bytes: int
    text: str
    pages: list[PageSpan]
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int:
        for span in self.pages:
            if span.char_start <= offset < span.char_end:
                return span.page
        return self.pages[-1].page if self.pages else 1


@dataclass
class IngestErrorRow:
    source_path: str
    stage: str
    error_type: str
    error: str


@dataclass
class Span:
    char_start: int
    char_end: int


@dataclass
class Header:
    kind: str
    organization: str | None
    body: str | None
    meeting_date: str | None        # ISO date
    meeting_date_text: str | None
    place: str | None
    title: str | None
    content_end: int                # end of the document proper (web chrome after it is ignored)


@dataclass
class Block:
    """A labelled block inside an agenda item (Vedtak:, Forslag til vedtak:, ...)."""

    kind: str                       # decision | proposal | treatment | background
    label: str                      # the label as written
    text: str                       # whitespace-normalised body
    char_start: int                 # span of the body text
    char_end: int
    label_start: int
    sub_item: str | None = None     # lettered sub-item (A, B, ...) the block belongs to


@dataclass
class SubItem:
    label: str
    title: str
    char_start: int
    char_end: int


@dataclass
class Item:
    """An agenda item: a numbered case, or an unnumbered item with a label."""

    ordinal: int
    case_number: str | None         # normalised N/YYYY, None for unnumbered items
    number_text: str | None         # as written, e.g. "Sak 001/10"
    title: str
    char_start: int                 # heading start
    char_end: int                   # end of the item's body
    heading_end: int
    blocks: list[Block] = field(default_factory=list)
    sub_items: list[SubItem] = field(default_factory=list)
    label: str | None = None        # item number of an unnumbered-case item ("0", "3")


@dataclass
class Mention:
    """A case-number token and its role (heading, entry, reference, archive, lookalike, other)."""

    case_number: str | None
    role: str
    text: str
    reason: str
    char_start: int
    char_end: int


@dataclass
class DroppedSpan:
    """Text left out of block texts (page furniture) or out of the document (web chrome)."""

    char_start: int
    char_end: int
    reason: str


def covered_chars(spans) -> int:
    """Characters inside any of the spans (char_start, char_end): a span cut for two reasons
    ("page furniture" and "page marker" of one "Side 2" line) counts once."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda d: (d.char_start, d.char_end)):
        start = max(span.char_start, reach)
        if span.char_end > start:
            total += span.char_end - start
            reach = span.char_end
    return total


@dataclass
class SegmentedDocument:
    doc_id: str
    header: Header
    items: list[Item]
    breaks: list[int] = field(default_factory=list)           # offsets where the layout step put a line break
    joins: list[int] = field(default_factory=list)            # offsets of soft (wrap) line breaks it joined
    mentions: list[Mention] = field(default_factory=list)
    dropped: list[DroppedSpan] = field(default_factory=list)
    pages: list[PageSpan] = field(default_factory=list)       # pages found by layout (page-per-line transcripts)
    n_chars: int = 0                                          # length of the document text
    source_path: str = ""

    def dropped_share(self, chrome: bool = True) -> float:
        """Share of the text cut (web chrome) or left out of block texts (page furniture);
        ``chrome=False``: page furniture only."""
        spans = [d for d in self.dropped if chrome or not d.reason.startswith("web chrome")]
        return covered_chars(spans) / self.n_chars if self.n_chars else 0.0

    def layout_text(self, text: str) -> str:
        """The document text with the layout step's line breaks (same length and offsets)."""
        if not self.breaks and not self.joins:
            return text
        chars = list(text)
        for offset in self.joins:
            chars[offset] = " "
        for offset in self.breaks:
            chars[offset] = "\n"
        return "".join(chars)


def to_json(obj: Any) -> str:
    return json.dumps(dataclasses.asdict(obj), ensure_ascii=False, sort_keys=True)


def write_jsonl(path: Path, rows: Iterable[Any]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row if isinstance(row, str) else to_json(row) if dataclasses.is_dataclass(row) else json.dumps(row, ensure_ascii=False, sort_keys=True))
            fh.write("\n")
            n += 1
    return n


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def from_dict(cls: Type[T], data: dict) -> T:
    """Rebuild a (nested) dataclass from its asdict() form."""
    kwargs = {}
    hints = {f.name: f for f in dataclasses.fields(cls)}
    for name, f in hints.items():
        if name not in data:
            continue
        value = data[name]
        kwargs[name] = _convert(f.type, value)
    return cls(**kwargs)


_NESTED = {"PageSpan", "Block", "SubItem", "Item", "Header", "Mention", "DroppedSpan"}


def _convert(type_str: Any, value: Any) -> Any:
    t = str(type_str)
    for name in _NESTED:
        if t == name or t.endswith(f"[{name}]"):
            cls = globals()[name]
            if isinstance(value, list):
                return [from_dict(cls, v) for v in value]
            return from_dict(cls, value) if value is not None else None
    return value
