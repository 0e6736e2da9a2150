"""The coverage report (motebok coverage): per document what was read, and the documents most
likely misread.  Run over the bundled corpus's database."""
from __future__ import annotations

from pipeline.coverage import coverage_table, format_report, summary
from pipeline.records import DroppedSpan, covered_chars


def test_cut_characters_count_each_character_once(corpus_run, corpus_db):
    frame = coverage_table(corpus_run["db"]).set_index("doc_id")
    rows = corpus_db.execute("SELECT doc_id, reason, char_start, char_end FROM dropped_spans").fetchall()
    n_dropped = dict(corpus_db.execute("SELECT doc_id, n_dropped_chars FROM documents").fetchall())
    spans: dict[str, list[DroppedSpan]] = {}
    for doc_id, reason, start, end in rows:
        spans.setdefault(doc_id, []).append(DroppedSpan(start, end, reason))
    assert spans, "the corpus has cut spans"
    for doc_id, cut in spans.items():
        furniture = [d for d in cut if not d.reason.startswith("web chrome")]
        chrome = [d for d in cut if d.reason.startswith("web chrome")]
        assert frame.loc[doc_id, "furniture_chars"] == covered_chars(furniture)
        assert frame.loc[doc_id, "chrome_chars"] == covered_chars(chrome)
        assert n_dropped[doc_id] == covered_chars(cut) <= frame.loc[doc_id, "n_chars"]


def test_the_report_lists_every_document_and_flags_with_reasons(corpus_run, corpus_db):
    frame = coverage_table(corpus_run["db"])
    n_docs = corpus_db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert len(frame) == n_docs and summary(frame)["documents"] == n_docs
    assert ((frame["suspicion"] > 0) == (frame["flags"] != "")).all()   # a document is flagged with its reasons
    report = format_report(frame, top=5)
    shown = min(5, int((frame.suspicion > 0).sum()))
    assert report.startswith("per document:") and f"most likely misread ({shown} shown):" in report
