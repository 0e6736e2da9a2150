"""The full-text index, made per document in extract: every searchable text of a document (a
case's title, a decision's or proposal's text, the whole document) as its Norwegian stems and
how often each occurs (table ``search_terms``).  Load only inserts these rows; the search macros
(pipeline/sql/61_search_index.sql) score BM25 over them at query time.

Why not DuckDB's fts extension's ``create_fts_index``: it indexes the whole corpus in load, so
load's memory grew with the archive (+90 MB from 200 to 1000 documents, the largest process of
a run) and a weekly run that added one file rebuilt the index of all of them.  Made here, the
index is built where each document is read, in parallel, and cached with its other rows.

The tokens and stems are the extension's: lower-cased runs of letters and digits (æ ø å and
accented letters kept), stemmed by the Snowball Norwegian stemmer that the same extension's
``stem()`` runs, so a query stemmed in SQL meets the stems stored here (tests/test_search.py
compares the scores with the extension's own index).
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Iterator

from .extract import Built, register
from .records import ParsedDocument, SegmentedDocument
from .search import TOKEN, stems
from .settings import ExtractSettings

_stems: dict[str, str] = {}          # word -> stem, for the life of the process
_connection: tuple[int, object] | None = None


def _duckdb():
    """An in-memory DuckDB with the fts extension, one per process (a forked worker opens its own)."""
    global _connection
    if _connection is None or _connection[0] != os.getpid():
        import duckdb

        from .db import load_fts

        _connection = (os.getpid(), load_fts(duckdb.connect(":memory:", config={"threads": 1})))
    return _connection[1]


def stems_of(words: set[str]) -> dict[str, str]:
    """word -> its Snowball Norwegian stem (the extension's stem(), asked once per new word)."""
    new = [w for w in words if w not in _stems]
    if new:
        _stems.update(stems(_duckdb(), new))
    return {w: _stems[w] for w in words}


def searchable_texts(doc: ParsedDocument, built: Built) -> Iterator[tuple[str, str]]:
    """(search_id, text) of every text search_texts holds (pipeline/sql/60_search.sql)."""
    for case in built.get("cases", []):
        if case["title"] is not None:
            yield "case:" + case["case_id"], case["title"]
    for decision in built.get("decisions", []):
        if decision["text"]:
            yield "decision:" + decision["decision_id"], decision["text"]
    yield "document:" + doc.doc_id, doc.text


def term_rows(doc_id: str, texts: list[tuple[str, str]]) -> list[dict]:
    """One row per (text, stem) with the stem's count in that text, stems in sorted order."""
    tokens = {search_id: TOKEN.findall(text.lower()) for search_id, text in texts}
    stem = stems_of({t for words in tokens.values() for t in words})
    rows = []
    for search_id, words in tokens.items():
        counts = Counter(stem[w] for w in words)
        rows += [{"search_id": search_id, "doc_id": doc_id, "term": term, "tf": n}
                 for term, n in sorted(counts.items()) if term]
    return rows


def search_term_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    return term_rows(doc.doc_id, list(searchable_texts(doc, built)))


def document_term_rows(doc: ParsedDocument) -> list[dict]:
    """The whole text's rows alone: a document whose segmenting failed is still searchable."""
    return term_rows(doc.doc_id, [("document:" + doc.doc_id, doc.text)])


register(tables={"search_terms": search_term_rows})
