"""`motebok search`: full-text search with Norwegian stemming over case titles, decision and
proposal texts and whole documents (the fts index of search_texts, pipeline/sql/6*_search*.sql).

Each hit comes with a snippet around the first word whose stem matches a query word's stem
(the same tokens and stemmer as the index), and, for a hit in a whole document, the case
whose text holds that word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from .db import connect
from .errors import MotebokError

# The fts index's tokens: lower-cased runs of these characters (its ignore pattern drops the rest).
TOKEN = re.compile(r"[a-z0-9æøåäöüéèáà]+")
STEMMER = "norwegian"
SCOPES = {"all": None, "decisions": ("decision", "proposal"), "cases": ("case_title",), "documents": ("document",)}


class SearchError(MotebokError):
    """An empty query or an unknown scope."""


@dataclass(frozen=True)
class Hit:
    score: float
    text_kind: str
    organization: str | None
    body: str | None
    meeting_date: date | None
    case_number: str | None
    case_title: str | None
    source_path: str
    doc_id: str
    page: int | None
    snippet: str
    match: tuple[int, int] | None      # the matched word's span in the snippet


def stems(con: duckdb.DuckDBPyConnection, words: list[str]) -> dict[str, str]:
    if not words:
        return {}
    rows = con.execute("SELECT w, stem(w, ?) FROM unnest(?::VARCHAR[]) AS t(w)", [STEMMER, sorted(set(words))]).fetchall()
    return dict(rows)


def first_match(con: duckdb.DuckDBPyConnection, text: str, query_stems: set[str]) -> tuple[int, int] | None:
    """Span of the first token of text whose stem is one of query_stems."""
    tokens = list(TOKEN.finditer(text.lower()))
    stem_of = stems(con, [t.group() for t in tokens])
    return next(((t.start(), t.end()) for t in tokens if stem_of[t.group()] in query_stems), None)


def snippet_around(text: str, span: tuple[int, int] | None, before: int = 70, after: int = 110) -> tuple[str, tuple[int, int] | None]:
    """A whitespace-normalised window of text around span, cut at word boundaries."""
    if span is None:
        flat = " ".join(text[: before + after].split())
        return flat + (" …" if len(text) > before + after else ""), None
    start, end = span
    left = text[max(0, start - before):start]
    right = text[end:end + after]
    left = left.split(None, 1)[-1] if start - before > 0 and " " in left else left
    right = right.rsplit(None, 1)[0] if end + after < len(text) and " " in right else right
    left, word, right = " ".join(left.split()), text[start:end], " ".join(right.split())
    prefix = ("… " if start - before > 0 else "") + left + (" " if left and text[start - 1].isspace() else "")
    suffix = (" " if right and text[end:end + 1].isspace() else "") + right + (" …" if end + after < len(text) else "")
    return prefix + word + suffix, (len(prefix), len(prefix) + len(word))


def enclosing_case(con: duckdb.DuckDBPyConnection, doc_id: str, offset: int) -> tuple[str, str, int] | None:
    return con.execute("""SELECT case_number, title, page FROM cases
                          WHERE doc_id = ? AND char_start <= ? AND ? < char_end
                          ORDER BY char_start DESC LIMIT 1""", [doc_id, offset, offset]).fetchone()


def search(db: Path, query: str, limit: int = 20, scope: str = "all") -> list[Hit]:
    if not query.strip() or not TOKEN.search(query.lower()):
        raise SearchError("empty query: give one or more words")
    if scope not in SCOPES:
        raise SearchError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    con = connect(db, read_only=True, must_exist=True)
    try:
        query_stems = set(stems(con, TOKEN.findall(query.lower())).values())
        kinds = SCOPES[scope]
        rows = con.execute(f"""
            SELECT score, text_kind, organization, body, meeting_date, case_number, case_title, text,
                   source_path, doc_id, page, char_start, search_id
            FROM search_all(?) {'WHERE text_kind IN (SELECT unnest(?::VARCHAR[]))' if kinds else ''}
            ORDER BY score DESC, search_id
            LIMIT ?""", [query, *([list(kinds)] if kinds else []), limit]).fetchall()
        hits = []
        for score, kind, org, body, day, case, title, text, path, doc_id, page, start, _ in rows:
            span = first_match(con, text, query_stems)
            if kind == "document" and span is not None:
                found = enclosing_case(con, doc_id, span[0])
                case, title, page = found if found else (None, None, None)
            snippet, match = snippet_around(text, span)
            hits.append(Hit(score, kind, org, body, day, case, title, path, doc_id, page, snippet, match))
        return hits
    finally:
        con.close()


def format_hit(hit: Hit, highlight: tuple[str, str] = ("[", "]")) -> str:
    where = " / ".join(p for p in (hit.organization, hit.body) if p) or "?"
    case = f"sak {hit.case_number}" + (f" {hit.case_title}" if hit.case_title else "") if hit.case_number else "-"
    page = f" p. {hit.page}" if hit.page else ""
    snippet = hit.snippet
    if hit.match:
        a, b = hit.match
        snippet = snippet[:a] + highlight[0] + snippet[a:b] + highlight[1] + snippet[b:]
    return (f"{hit.meeting_date or 'undated'}  {where}  {case}  ({hit.text_kind}, {hit.score:.2f})\n"
            f"    {hit.source_path}{page}\n"
            f"    {snippet}")
