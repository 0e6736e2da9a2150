"""End to end on the bundled corpus: quality against gold, contracts, provenance, determinism."""

import json
import re
import shutil

import pytest

from extractors.lines import block_text
from pipeline.cli import main
from pipeline.evaluate import evaluate, metrics_dict
from pipeline.schema import coverage_problems, markdown

from .conftest import GOLD, RAW, ROOT


@pytest.fixture(scope="module")
def scores(corpus_run):
    return metrics_dict(evaluate(GOLD, corpus_run["db"]))


def test_case_quality(scores):
    assert scores["cases"]["f1"] >= 0.95
    assert scores["case_titles"]["accuracy"] >= 0.90


def test_decision_quality(scores):
    assert scores["decisions"]["f1"] >= 0.90
    assert scores["proposals"]["f1"] >= 0.90


def test_reference_and_header_quality(scores):
    assert scores["case_references"]["f1"] >= 0.90
    for field in ("kind", "organization", "body", "place"):
        assert scores[f"document.{field}"]["accuracy"] >= 0.85, field


def test_schema_yaml_matches_the_database(corpus_db):
    """Every table, view (main and staging) and column is described in schema.yaml, in database order."""
    assert coverage_problems(corpus_db) == []


def test_every_table_view_and_column_has_a_comment(corpus_db):
    """In every schema of the file: main, staging and the fts index's (DuckDB's own catalog views aside)."""
    missing = corpus_db.execute("""
        SELECT c.schema_name || '.' || c.table_name || '.' || c.column_name FROM duckdb_columns() c
        WHERE c.database_name = current_database() AND NOT c.internal AND coalesce(c.comment, '') = ''""").fetchall()
    assert missing == []
    relations = corpus_db.execute("""
        SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = current_database()
        UNION ALL
        SELECT schema_name, view_name, comment FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
        """).fetchall()
    assert len(relations) > 30 and [r for r in relations if not r[2]] == []
    assert {r[0] for r in relations} == {"main", "staging"}


def test_docs_schema_md_is_generated_from_schema_yaml(corpus_db):
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == markdown(corpus_db), \
        "run `motebok schema --markdown docs/schema.md`"


def test_naming_conventions(corpus_db):
    """Analysts' views are v_*; no column is called plain kind; a person's identity name is person_name."""
    views = {r[0] for r in corpus_db.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal").fetchall()}
    assert views and all(v.startswith("v_") for v in views)
    assert corpus_db.execute("""SELECT table_name FROM duckdb_columns()
                                WHERE schema_name IN ('main', 'staging') AND column_name = 'kind'""").fetchall() == []
    documents = {r[0] for r in corpus_db.execute("DESCRIBE documents").fetchall()}
    for table in ("cases", "decisions", "agreements", "timeline_events", "attendance"):
        shared = documents & {r[0] for r in corpus_db.execute(f"DESCRIBE {table}").fetchall()}
        assert shared <= {"doc_id", "source_path", "organization", "body", "meeting_date"}, (table, shared)


def test_views_exist(corpus_db):
    for view in ("v_cases", "v_decisions", "v_case_history", "v_inputs", "v_agreement_exit_terms",
                 "v_attendance", "v_attendance_rate", "v_deputies", "v_processes", "v_process_cases",
                 "v_case_thread", "v_process_timeline", "v_future_process_timeline", "staging.cases"):
        assert corpus_db.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view


def test_every_input_file_is_accounted_for(corpus_db):
    inputs = sorted(p.name for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))
    rows = corpus_db.execute("SELECT source_path, status FROM document_paths").fetchall()
    assert sorted(path.rsplit("/", 1)[-1] for path, _ in rows) == inputs
    parsed = {r[0] for r in corpus_db.execute("SELECT source_path FROM documents").fetchall()}
    failed = {r[0] for r in corpus_db.execute("SELECT source_path FROM ingest_errors").fetchall()}
    for path, status in rows:
        assert (path in parsed) if status == "parsed" else (path in failed) if status == "error" else True


def test_provenance_spans_point_at_the_source(corpus_db):
    texts = dict(corpus_db.execute("SELECT doc_id, text FROM document_texts").fetchall())
    for doc_id, text, start, end, page in corpus_db.execute(
            "SELECT doc_id, text, char_start, char_end, page FROM decisions").fetchall():
        assert page >= 1
        assert block_text(texts[doc_id], start, end)[:20] == text[:20]
    for doc_id, number_text, start in corpus_db.execute("SELECT doc_id, number_text, char_start FROM cases").fetchall():
        assert texts[doc_id][start:].startswith(number_text)
    for doc_id, mention, start, end in corpus_db.execute(
            "SELECT doc_id, text, char_start, char_end FROM case_references").fetchall():
        assert texts[doc_id][start:end] == mention


def test_web_chrome_does_not_create_cases(corpus_db):
    rows = corpus_db.execute("""SELECT c.case_number FROM cases c JOIN documents d USING (doc_id)
                                WHERE d.source_path LIKE '%003_21a960160c8e3146.txt'""").fetchall()
    assert rows == [("24a/2017",)]


def test_rerun_gives_identical_rows(corpus_run, tmp_path):
    """Segment and extract again from the same ingest output: byte-identical tables."""
    again = tmp_path / "parsed"
    shutil.copytree(corpus_run["parsed"] / "ingest", again / "ingest")
    params = str(ROOT / "params.yaml")
    assert main(["--params", params, "segment", "--parsed", str(again)]) == 0
    assert main(["--params", params, "extract", "--parsed", str(again)]) == 0
    for table in (corpus_run["parsed"] / "extract").glob("*.jsonl"):
        assert (again / "extract" / table.name).read_bytes() == table.read_bytes(), table.name


def test_adding_a_file_adds_its_rows(tmp_path):
    """The growth path: drop a new minutes file in the folder and run again."""
    import duckdb

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "001_4778877e962364ef.txt", raw)
    params = str(ROOT / "params.yaml")
    db = tmp_path / "db.duckdb"

    def counts():
        assert main(["--params", params, "run", str(raw), "--db", str(db), "--work", str(tmp_path / "w")]) == 0
        con = duckdb.connect(str(db), read_only=True)
        try:
            return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "cases", "decisions")]
        finally:
            con.close()

    before = counts()
    shutil.copy(RAW / "002_24629abb2265b0a3.txt", raw)
    after = counts()
    assert before == [1, 8, 11]  # 8 cases; 10 case decisions + "Godkjenning av innkalling"
    assert after[0] == 2 and after[1] == before[1] + 10 and after[2] > before[2]
    assert counts() == after  # idempotent


def test_attendee_quality(scores):
    assert scores["attendees.name"]["f1"] >= 0.95
    assert scores["attendees.status"]["accuracy"] >= 0.95
    assert scores["attendees.affiliation"]["accuracy"] >= 0.90


def test_agreement_quality(scores):
    assert scores["agreements.counterparty"]["f1"] >= 0.90
    assert scores["agreements.notice_months"]["accuracy"] >= 0.95


def test_same_person_in_several_documents_has_one_id(corpus_db):
    rows = corpus_db.execute("""SELECT person_id, count(DISTINCT doc_id) FROM attendance
                                WHERE name = 'Steinar Noem' GROUP BY person_id""").fetchall()
    assert len(rows) == 1 and rows[0][1] == 3
    variants = corpus_db.execute("SELECT name FROM v_attendance WHERE person_name = 'Steinar Noem'").fetchall()
    assert len(variants) == 3


def test_people_views_answer(corpus_db):
    deputies = corpus_db.execute("SELECT person_name, deputy_for, body FROM v_deputies WHERE deputy_for IS NOT NULL").fetchall()
    assert ("Steinar Valstad", "Trond Julin", "Rådmannsgruppen") in deputies
    rate = dict(corpus_db.execute("SELECT affiliation, rate FROM v_attendance_rate WHERE level = 'affiliation'").fetchall())
    assert rate["Hjartdal"] == 0.0 and rate["Asker"] == 1.0
