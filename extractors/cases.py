"""Case headings: which agenda items a document treats, with number and title.

A heading is a line that starts with a case prefix and number ("Sak 24/2017",
"PS 6/26", "FU-sak 143/17"), or a short header that ends in "…s møte [date]"
followed by one ("1 Saksnotat Styringsgruppens møte Sak 24a/2017 …", as in
flattened PDF transcripts).  Tables of contents and list items that mention
cases are not headings; a case listed twice (Sakliste + body) is kept once, at
the occurrence with the most body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .case_numbers import case_number_rules, normalise_parts
from .layout import DOT_LEADER_PAGE, Line, iter_lines, strip_markup
from .labels import match_label

_SEPARATOR = re.compile(r"\s*(?:[:.\-–]\s*)?")
_LABEL_IN_TITLE = re.compile(r"\s+[A-ZÆØÅ][\wæøå]+:")
_MAX_LINE_TITLE_WORDS = 25
_MAX_INLINE_TITLE_WORDS = 15


@dataclass(frozen=True)
class CaseHeading:
    case_number: str
    number_text: str
    title: str
    char_start: int         # start of the number text
    heading_end: int        # end of the heading (title) text
    line_start: int
    is_toc: bool


def match_heading(line: Line) -> tuple[re.Match, int, bool] | None:
    """Pure: the case-number match in a heading line, its offset in line.clean, and inline-ness."""
    clean = line.clean
    heading = case_number_rules().heading
    match = heading.match(clean)
    if match:
        return match, 0, False
    prefix = case_number_rules().meeting_prefix.match(clean)
    if prefix:
        match = heading.match(clean, prefix.end())
        if match:
            return match, 0, True
    return None


def title_from(rest: str, inline: bool) -> str:
    title = strip_markup(rest)
    title = DOT_LEADER_PAGE.sub("", title).strip()
    words = title.split()
    if inline or len(words) > _MAX_LINE_TITLE_WORDS:
        label = _LABEL_IN_TITLE.search(title)
        if label:
            title = title[: label.start()]
            words = title.split()
        title = " ".join(words[:_MAX_INLINE_TITLE_WORDS])
    return title.strip().rstrip(":").strip()


def _title_is_plausible(title: str) -> bool:
    """A heading title starts like a title, not like a sentence continuing after a number."""
    return not title or not title[0].islower()


def find_case_headings(text: str, start: int, end: int) -> list[CaseHeading]:
    lines = list(iter_lines(text, start, end))
    found: list[CaseHeading] = []
    for idx, line in enumerate(lines):
        if line.blank or line.bulleted:
            continue
        hit = match_heading(line)
        if not hit:
            continue
        match, _, inline = hit
        number = normalise_parts(match["num"], match["letter"], match["year"])
        if number is None:
            continue
        rest_offset = match.end() + _SEPARATOR.match(line.clean, match.end()).end() - match.end()
        rest = line.clean[rest_offset:]
        is_toc = bool(DOT_LEADER_PAGE.search(line.raw))
        title = title_from(rest, inline)
        heading_end = line.end
        if not title and not inline:
            title, heading_end = _title_from_next_line(lines, idx, heading_end)
        if not _title_is_plausible(title) or match_label(line.clean):
            continue
        found.append(CaseHeading(number, match.group(0).strip(), title, line.clean_start + match.start(),
                                 heading_end, line.start, is_toc))
    return found


def _title_from_next_line(lines: list[Line], idx: int, fallback_end: int) -> tuple[str, int]:
    for nxt in lines[idx + 1: idx + 4]:
        if nxt.blank:
            continue
        if match_label(nxt.clean) or match_heading(nxt):
            break
        return strip_markup(nxt.clean).rstrip(":"), nxt.end
    return "", fallback_end


def select_case_headings(headings: list[CaseHeading], end: int) -> list[CaseHeading]:
    """Drop table-of-contents lines and keep each case once, where its body is longest."""
    body = [h for h in headings if not h.is_toc]
    sizes = {}
    for i, h in enumerate(body):
        nxt = body[i + 1].line_start if i + 1 < len(body) else end
        sizes[id(h)] = nxt - h.heading_end
    best: dict[str, CaseHeading] = {}
    for h in body:
        if h.case_number not in best or sizes[id(h)] > sizes[id(best[h.case_number])]:
            best[h.case_number] = h
    return sorted(best.values(), key=lambda h: h.line_start)


# --- numbered agenda items without case numbers ("### 3. Organisasjon som objekt") -------------

_NUMBERED_HEADING = re.compile(r"(?P<label>\d{1,2})\.?\s+(?P<title>\S.*)")
_MARKDOWN_HEADING = re.compile(r"\s*(?P<hashes>#{1,6})\s")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class NumberedHeading:
    label: str
    title: str
    char_start: int
    heading_end: int
    line_start: int


def find_numbered_headings(text: str, start: int, end: int) -> list[NumberedHeading]:
    """Markdown headings numbered 0, 1, 2 … at one heading level: the agenda items of
    minutes that do not number cases.  Dotted sub-numbers (3.1) are sections, not items."""
    by_level: dict[int, list[NumberedHeading]] = {}
    for line in iter_lines(text, start, end):
        level = _MARKDOWN_HEADING.match(line.raw)
        match = _NUMBERED_HEADING.fullmatch(line.clean) if level else None
        if not match:  # a numbered heading is an item even when it reads like a label ("1. Behandling av …")
            continue
        title = strip_markup(_LINK.sub(r"\1", match["title"])).rstrip(":").strip()
        by_level.setdefault(len(level["hashes"]), []).append(
            NumberedHeading(match["label"], title, line.clean_start, line.end, line.start))
    runs = [items for items in by_level.values() if len(items) >= 2 and _ascending(items)]
    return min(runs, key=lambda items: items[0].line_start) if runs else []


def _ascending(items: list[NumberedHeading]) -> bool:
    numbers = [int(i.label) for i in items]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
