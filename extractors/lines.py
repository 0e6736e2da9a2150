"""Lines and sentences: the one line iterator and the one sentence splitter of the code base.

Minutes arrive as plain text, Markdown, or text pulled out of PDFs; the same
heading may be written "### Sak 32/2017 …", "**Vedtak:**", "- G Tittel" or
"<b>Fase</b>".  These helpers strip that decoration while keeping character
offsets into the original text, so every extracted row can point back at its
source.  They read whatever line structure the text has: the layout step
(``extractors.layout``) first turns flattened text into lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .memo import short_text_memo

_LEADING = re.compile(r"^(?:\s|#{1,6}\s|>\s?|\|\s?|[-*•–·]\s+|\*\*|__|<b>|<strong>)+")
_TRAILING_TOKENS = ("**", "__", "</b>", "</strong>", "|")
_INLINE_MARKUP = re.compile(r"\*\*|__|</?b>|</?strong>|</?i>|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_RULE_LINE = re.compile(r"-{3,}|\*{3,}|_{3,}")
BULLET = re.compile(r"^\s*(?:[-*•–·]\s+|\d{1,2}[.)]\s+)")
DOT_LEADER_PAGE = re.compile(r"(?:\.{3,}|…+|\t)\s*\d{1,3}\s*$")
# A sentence ends at . ! ? (a closing quote or emphasis may follow) before white space and a
# capital or digit, at a blank line, or before a new list item: the one definition in the code base.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"»”]*(?:\*\*|</b>)?\s+(?=[«\"“(*<#]*[A-ZÆØÅ0-9])|\n\s*\n"
                          r"|\n(?=[^\S\n]*(?:[-*•–·][^\S\n]|\d{1,2}[.)][^\S\n]))")
_SENTENCE_REACH = 300  # characters looked at on each side of a span for its sentence
FLAT_LINE_CHARS = 300  # a line this long is a flattened page (a web transcript's page), not a typed line


@dataclass(frozen=True)
class Line:
    start: int          # offset of the line in the text
    end: int            # offset of the line end (exclusive, before "\n")
    raw: str
    clean: str          # decoration stripped
    clean_start: int    # offset of clean[0] in the text
    bulleted: bool      # started with a list bullet

    @property
    def blank(self) -> bool:
        return not self.clean


@short_text_memo
def strip_markup(text: str) -> str:
    """Remove inline Markdown/HTML emphasis and collapse whitespace."""
    return " ".join(_INLINE_MARKUP.sub("", _LINE_BREAK_TAG.sub(" ", text)).split())


def _strip_trailing(body: str) -> str:
    """Trailing white space and closing markup, in linear time (no regex anchored at $)."""
    while True:
        stripped = body.rstrip()
        for token in _TRAILING_TOKENS:
            if stripped.endswith(token):
                stripped = stripped[: -len(token)]
                break
        if stripped == body:
            return body
        body = stripped


@short_text_memo
def clean_line(raw: str) -> tuple[str, int, bool]:
    """(text without decoration, its offset in the line, whether a list bullet starts the line)."""
    bulleted = bool(BULLET.match(raw))
    lead = _LEADING.match(raw)
    skip = lead.end() if lead else 0
    return _strip_trailing(raw[skip:]), skip, bulleted


# Line-start lookups look at most this far back: a flattened transcript's line is a page
# (a few kB, of which only the last words before a position matter); hostile input can be one
# line of megabytes, where an unbounded look back from every match is quadratic.
LOOKBACK = 1000


def line_start(text: str, pos: int, lookback: int = LOOKBACK) -> int:
    """Start of the line holding ``pos``, or ``pos - lookback`` on a longer line."""
    lo = max(0, pos - lookback)
    return (text.rfind("\n", lo, pos) + 1) or lo


def lone_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(line start, line end) when text[start:end] stands alone on its line (page furniture
    such as "Side 2 av 5"), else None; looks at most LOOKBACK characters either way."""
    line_begin = line_start(text, start)
    line_end = text.find("\n", end, end + LOOKBACK)
    line_end = min(len(text), end + LOOKBACK) if line_end == -1 else line_end
    if text[line_begin:start].strip() or text[end:line_end].strip():
        return None
    return line_begin, line_end


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        raw = text[pos:line_end]
        clean, skip, bulleted = clean_line(raw)
        yield Line(pos, line_end, raw, clean, pos + skip, bulleted)
        pos = line_end + 1


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every sentence in text[start:end]: lines split, and ". X" inside a line."""
    spans = []
    for line in iter_lines(text, start, end):
        pos = line.start
        for boundary in SENTENCE_END.finditer(text, line.start, line.end):
            spans.append(trim_span(text, pos, boundary.start()))
            pos = boundary.end()
        spans.append(trim_span(text, pos, line.end))
    return [(a, b) for a, b in spans if b > a]


def sentence_span(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """Span of the sentence around text[start:end], within [lo, hi) and a few hundred characters."""
    hi = len(text) if hi is None else hi
    lo, hi = max(lo, start - _SENTENCE_REACH), min(hi, end + _SENTENCE_REACH)
    left = max((m.end() for m in SENTENCE_END.finditer(text, lo, start)), default=lo)
    right_match = SENTENCE_END.search(text, end, hi)
    right = right_match.start() if right_match else hi
    while left < right and text[left].isspace():
        left += 1
    return left, right


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


def block_text(text: str, start: int, end: int, skip: frozenset[int] = frozenset()) -> str:
    """Body text of a block: markup, list bullets and page furniture (``skip``: line
    starts of running headers/footers) dropped, lines joined with a space."""
    parts = []
    for line in iter_lines(text, start, end):
        if line.start in skip:
            continue
        if line.clean and not _RULE_LINE.fullmatch(line.clean):
            parts.append(strip_markup(line.clean))
    return normalise_ws(" ".join(parts))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
