"""Web-page chrome and page furniture: where the document proper starts and ends, and which
lines repeat at the edges of pages.

Transcript sites wrap a PDF's text in page chrome ("Størrelse: px",
"Transkript") and append blurbs of related documents, each ending in a
"Detaljer" line.  Those blurbs contain other documents' case numbers and
decisions, so they must not produce rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lines import iter_lines
from .rules import RuleDataError, compile_patterns, load_rules


@dataclass(frozen=True)
class BoilerplateRules:
    chrome: list[re.Pattern]
    related: list[re.Pattern]
    blurb_paragraphs: int
    edge_lines: int
    min_pages: int
    min_share: float
    page_numbers: list[re.Pattern]
    site_titles: list[re.Pattern]
    chrome_window: int = 12


@lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    data = load_rules(
        "boilerplate",
        required={"chrome_lines": list, "related_marker_lines": list,
                  "blurb_paragraphs_before_marker": int, "furniture": dict, "site_title_lines": list},
        optional={"chrome_window": int},
    )
    site_titles = compile_patterns("boilerplate", "site_title_lines", data["site_title_lines"])
    if any("title" not in p.groupindex for p in site_titles):
        raise RuleDataError("boilerplate.yaml: site_title_lines: every pattern needs a (?P<title>...) group")
    furniture = data["furniture"]
    missing = {"edge_lines", "min_pages", "min_share", "page_number_lines"} - set(furniture)
    if missing:
        raise RuleDataError(f"boilerplate.yaml: furniture: missing {sorted(missing)}")
    return BoilerplateRules(
        compile_patterns("boilerplate", "chrome_lines", data["chrome_lines"]),
        compile_patterns("boilerplate", "related_marker_lines", data["related_marker_lines"]),
        data["blurb_paragraphs_before_marker"],
        furniture["edge_lines"], furniture["min_pages"], furniture["min_share"],
        compile_patterns("boilerplate", "furniture.page_number_lines", furniture["page_number_lines"]),
        site_titles,
        data.get("chrome_window", 12),
    )


def is_chrome_line(clean: str) -> bool:
    return any(p.fullmatch(clean.strip()) for p in boilerplate_rules().chrome)


def site_title(text: str, start: int) -> str | None:
    """The document's title as a transcript site shows it in its chrome before the document
    (``Download "Møteprotokoll … Dato: 19.02.2015 …"``): made from the first page when it was
    whole, it keeps header fields that the transcript below lost ("Dato: Tid: 17:30")."""
    chrome = " ".join(text[:start].split())
    for pattern in boilerplate_rules().site_titles:
        match = pattern.search(chrome)
        if match:
            return match["title"]
    return None


def content_end(text: str) -> int:
    """Offset where the document proper ends: before the related-document blurbs that
    transcript sites append (len(text) when there are none)."""
    return related_blurbs_start(text)


def related_blurbs_start(text: str) -> int:
    """Start of the first related-document blurb (the paragraphs before the first marker)."""
    rules = boilerplate_rules()
    paragraph_starts: list[int] = []
    previous_blank = True
    for line in iter_lines(text):
        if line.blank:
            previous_blank = True
            continue
        if any(p.fullmatch(line.clean.strip()) for p in rules.related):
            if len(paragraph_starts) >= rules.blurb_paragraphs:
                return paragraph_starts[-rules.blurb_paragraphs]
            return line.start
        if previous_blank:
            paragraph_starts.append(line.start)
        previous_blank = False
    return len(text)


def content_start(text: str, end: int) -> int:
    """Offset of the first line that is not page chrome (nor the page title it repeats)."""
    lines = [line for line in iter_lines(text, 0, end) if not line.blank]
    chrome_idx = [i for i, line in enumerate(lines[:boilerplate_rules().chrome_window]) if is_chrome_line(line.clean)]
    if not chrome_idx:
        return 0
    last = chrome_idx[-1]
    return lines[last + 1].start if last + 1 < len(lines) else end


def _furniture_key(clean: str) -> str:
    return re.sub(r"\d+", "#", " ".join(clean.lower().split()))


def chrome_spans(text: str) -> tuple[int, int, list[tuple[int, int, str]]]:
    """(content start, content end, cut spans with reasons) of a scraped page's chrome."""
    end = content_end(text)
    start = content_start(text, end)
    spans = []
    if start > 0:
        spans.append((0, start, "web chrome before the document"))
    if end < len(text):
        spans.append((end, len(text), "web chrome: related-document blurbs"))
    return start, end, spans


def _case_like(clean: str) -> bool:
    """"048/13" (a case number alone on a line) is no "page 3/14" marker: a page number
    has no leading zero and is not above the page count."""
    match = re.fullmatch(r"(\d+)\s*/\s*(\d+)", clean)
    return bool(match) and (match.group(1).startswith("0") or int(match.group(1)) > int(match.group(2)))


SENTENCE_MIN_PAGES = 3


def _sentence_like(key: str) -> bool:
    return len(key.split()) >= 5 and key.rstrip()[-1:] in ".!?"


def repeated_edge_lines(text: str, pages: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of running headers/footers and page-number lines.

    ``pages`` are (char_start, char_end) per page.  A line among the first or
    last few of a page is furniture when the same line (digits ignored) stands
    there on most pages, or when it is only a page number.
    """
    rules = boilerplate_rules()
    edges: list[list] = []
    for start, end in pages:
        lines = [line for line in iter_lines(text, start, end) if not line.blank]
        k = rules.edge_lines
        edges.append(lines[:k] + lines[-k:] if len(lines) > 2 * k else lines)
    seen: dict[str, set[int]] = {}
    at_edges: Counter[str] = Counter()
    for page_no, lines in enumerate(edges):
        for line in lines:
            key = _furniture_key(line.clean)
            seen.setdefault(key, set()).add(page_no)
            at_edges[key] += 1
    needed = max(rules.min_pages, rules.min_share * len(pages))
    # no running header: a line that ends with a colon introduces what follows it ("Vedtak i
    # Formannskapet - 12.03.2024:"), and a sentence at the edges of only two pages of a short
    # document is a repeated proposal and decision ("Formannskapet vedtar … saksframlegget.")
    candidates = {key for key, on in seen.items() if not key.rstrip().endswith(":")
                  and len(on) >= (max(needed, SENTENCE_MIN_PAGES) if _sentence_like(key) else needed)}
    # a line that stands more often inside the pages than at their edges is the text's own (a label
    # repeated for every case, "Vedtak i Formannskapet - 12.03.2024:", that some page ends with)
    inside = Counter(key for start, end in pages for line in iter_lines(text, start, end) if not line.blank
                     and (key := _furniture_key(line.clean)) in candidates) if candidates else Counter()
    furniture = {}
    for lines in edges:
        for line in lines:
            key = _furniture_key(line.clean)
            # a running header has words; lines of digits count only as page numbers ("86/22" is a case)
            repeated = (key in candidates and any(c.isalpha() for c in line.clean)
                        and inside[key] - at_edges[key] < at_edges[key])
            page_number = any(p.fullmatch(line.clean.strip()) for p in rules.page_numbers) \
                and not _case_like(line.clean.strip())
            if repeated or page_number:
                furniture[line.start] = line.end
    return sorted(furniture.items())
