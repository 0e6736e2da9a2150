"""Regression: the corpus's own 004 memo rendered to PDF (tests/fixtures/make_memo_004_pdfs.py).
One rendering made extract emit the same timeline_events row twice (a phase list inside a plan
block was read by both rules) and load died on the duplicate key, losing the whole database;
another crashed extract on a period line without a phase name."""

import shutil
from collections import Counter

import duckdb

from pipeline.cli import main
from pipeline.extract import unique_ids

from .conftest import FIXTURES


def test_rendered_memos_load_with_unique_ids(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("memo_004_wrapped.pdf", "memo_004_narrow.pdf"):
        shutil.copy(FIXTURES / name, folder / name)
    db = tmp_path / "db.duckdb"
    (tmp_path / "defaults.yaml").write_text("{}\n", encoding="utf-8")  # every setting at its default
    assert main(["--params", str(tmp_path / "defaults.yaml"), "run", str(folder), "--db", str(db),
                 "--work", str(tmp_path / "work")]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    phases = con.execute("SELECT d.source_path, t.label FROM timeline_events t JOIN documents d USING (doc_id) "
                         "WHERE t.event_kind = 'plan_phase'").fetchall()
    per_doc = Counter((path.rsplit("/", 1)[-1], label) for path, label in phases)
    assert per_doc[("memo_004_wrapped.pdf", "Etablere en omforent prosess")] == 1   # once, not twice


def test_unique_ids_keeps_one_copy_and_renames_a_different_row():
    rows = [{"event_id": "a", "label": "x"}, {"event_id": "a", "label": "x"}, {"event_id": "a", "label": "y"},
            {"event_id": "b", "label": "z"}]
    out = unique_ids(rows, "event_id")
    assert [r["label"] for r in out] == ["x", "y", "z"]
    assert len({r["event_id"] for r in out}) == 3 and out[0]["event_id"] == "a"
    assert unique_ids(rows, "event_id") == out                                     # deterministic
