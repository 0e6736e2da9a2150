"""`motebok export`: every table and view as Parquet, CSV or SQLite, read back with the same rows."""

import sqlite3
import subprocess

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.export import main_relations

from .test_duckdb_compat import CLI


@pytest.fixture(scope="module")
def relations(corpus_db):
    return main_relations(corpus_db)


def row_counts(con, names):
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def test_parquet_reads_back_in_pandas_with_the_same_rows(corpus_run, corpus_db, relations, tmp_path, capsys):
    out = tmp_path / "parquet"
    assert main(["export", "--format", "parquet", "--out", str(out), "--db", str(corpus_run["db"])]) == 0
    assert "export: " in capsys.readouterr().out
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(relations)
    assert {"documents", "decisions", "v_cases", "v_future_process_timeline", "search_texts"} <= set(relations)
    expected = row_counts(corpus_db, relations)
    for name in relations:
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert len(frame) == expected[name], name
        assert list(frame.columns) == [c for c, _ in relations[name][1]], name
    cases = pd.read_parquet(out / "v_cases.parquet")
    assert cases["meeting_date"].notna().any() and cases["title"].notna().all()


def test_parquet_reads_back_in_the_duckdb_cli(corpus_run, corpus_db, tmp_path):
    out = tmp_path / "parquet"
    assert main(["-q", "export", "--out", str(out), "--db", str(corpus_run["db"])]) == 0
    result = subprocess.run([str(CLI), "-csv", "-noheader", "-c", f"SELECT count(*) FROM '{out}/v_cases.parquet'"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == corpus_db.execute("SELECT count(*) FROM v_cases").fetchone()[0]


def test_csv(corpus_run, corpus_db, relations, tmp_path):
    out = tmp_path / "csv"
    assert main(["-q", "export", "--format", "csv", "--out", str(out), "--db", str(corpus_run["db"])]) == 0
    expected = row_counts(corpus_db, relations)
    for name in ("documents", "v_cases", "v_attendance", "agreements"):
        assert len(pd.read_csv(out / f"{name}.csv")) == expected[name], name


def test_sqlite_with_full_text_search(corpus_run, corpus_db, relations, tmp_path):
    out = tmp_path / "sqlite"
    assert main(["-q", "export", "--format", "sqlite", "--out", str(out), "--db", str(corpus_run["db"])]) == 0
    con = sqlite3.connect(out / "motebok.sqlite")
    expected = row_counts(corpus_db, relations)
    assert row_counts(con, relations) == expected
    # lists are JSON text, dates ISO text
    paths, day = con.execute("SELECT sources, date FROM v_future_process_timeline WHERE sources IS NOT NULL LIMIT 1").fetchone()
    assert paths.startswith('["') and len(day) == 10
    hits = con.execute("""SELECT d.case_number FROM decisions_fts f JOIN decisions d ON d.rowid = f.rowid
                          WHERE decisions_fts MATCH 'budsjett*'""").fetchall()
    assert hits
    titles = con.execute("SELECT count(*) FROM v_cases_fts WHERE v_cases_fts MATCH 'Vestregionens'").fetchone()[0]
    assert titles > 0


def test_unknown_format_and_missing_database(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", "--format", "xlsx", "--out", str(tmp_path)])
    assert main(["export", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "database not found" in capsys.readouterr().err
