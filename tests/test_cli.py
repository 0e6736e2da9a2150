"""The CLI: thin, one-line errors with exit 1 for user mistakes, summaries on success."""

import shutil

import pytest

from pipeline.cli import main

from .conftest import FIXTURES


def test_missing_input_folder(capsys, tmp_path):
    assert main(["--params", str(tmp_path / "none.yaml"), "ingest", str(tmp_path / "nope"), "--parsed", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("motebok: error: input folder not found") and "\n" not in err


def test_unknown_setting_is_named(capsys, tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("ingest:\n  pdf_engin: pdfplumber\n", encoding="utf-8")
    assert main(["--params", str(params), "ingest", str(FIXTURES), "--parsed", str(tmp_path)]) == 1
    assert "unknown setting ingest.'pdf_engin'" in capsys.readouterr().err


def test_stage_before_its_input(capsys, tmp_path):
    assert main(["--params", str(tmp_path / "none.yaml"), "segment", "--parsed", str(tmp_path)]) == 1
    assert "run `motebok ingest` first" in capsys.readouterr().err


def test_eval_without_database(capsys, tmp_path):
    assert main(["--params", str(tmp_path / "none.yaml"), "eval", "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "database not found" in capsys.readouterr().err


def test_run_prints_summary_and_builds_database(capsys, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("elements_protokoll.txt", "nynorsk_protokoll.txt", "encrypted.pdf"):
        shutil.copy(FIXTURES / name, raw / name)
    db = tmp_path / "out.duckdb"
    assert main(["--params", str(tmp_path / "none.yaml"), "run", str(raw), "--db", str(db), "--work", str(tmp_path / "w")]) == 0
    out = capsys.readouterr().out
    assert "ingest: 2 parsed, 1 failed, 3 files" in out
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 6
    assert con.execute("SELECT error_type FROM ingest_errors").fetchall() == [("EncryptedFile",)]
    con.close()
