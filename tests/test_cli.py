"""The CLI: thin, one-line errors with exit 1 for user mistakes, summaries on success."""

import shutil

import pytest

from pipeline.cli import main

from .conftest import FIXTURES


@pytest.fixture
def empty_params(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("", encoding="utf-8")
    return str(path)


def test_missing_input_folder(capsys, tmp_path, empty_params):
    assert main(["--params", empty_params, "ingest", str(tmp_path / "nope"), "--parsed", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("motebok: error: input folder not found") and "\n" not in err


def test_unknown_setting_is_named(capsys, tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("ingest:\n  pdf_engin: pdfplumber\n", encoding="utf-8")
    assert main(["--params", str(params), "ingest", str(FIXTURES), "--parsed", str(tmp_path)]) == 1
    assert "unknown setting ingest.'pdf_engin'" in capsys.readouterr().err


def test_stage_before_its_input(capsys, tmp_path, empty_params):
    assert main(["--params", empty_params, "segment", "--parsed", str(tmp_path)]) == 1
    assert "run `motebok ingest` first" in capsys.readouterr().err


def test_eval_without_database(capsys, tmp_path, empty_params):
    assert main(["--params", empty_params, "eval", "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "database not found" in capsys.readouterr().err


def test_run_prints_summary_and_builds_database(capsys, tmp_path, empty_params):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("elements_protokoll.txt", "nynorsk_protokoll.txt", "encrypted.pdf"):
        shutil.copy(FIXTURES / name, raw / name)
    db = tmp_path / "out.duckdb"
    assert main(["--params", empty_params, "run", str(raw), "--db", str(db), "--work", str(tmp_path / "w")]) == 0
    out = capsys.readouterr().out
    assert "ingest: 2 parsed, 1 failed, 3 files" in out
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 6
    assert con.execute("SELECT error_type FROM ingest_errors").fetchall() == [("EncryptedFile",)]
    con.close()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("motebok ")


def test_params_naming_a_missing_file_is_an_error(capsys, tmp_path):
    assert main(["--params", str(tmp_path / "missing.yaml"), "segment", "--parsed", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"motebok: error: params file not found: {tmp_path / 'missing.yaml'}"
    # after the command, too
    assert main(["segment", "--parsed", str(tmp_path), "--params", str(tmp_path / "missing.yaml")]) == 1


def test_every_option_has_help_and_its_default_is_shown(capsys):
    from pipeline.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        for action in sub._actions:
            assert action.help, f"{name} {action.dest} has no help"
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert "(default: 20)" in out and "(default: corpus/motebok.duckdb)" in out


def copy_fixtures(tmp_path, names=("elements_protokoll.txt", "nynorsk_protokoll.txt", "encrypted.pdf", "plain.pdf")):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        shutil.copy(FIXTURES / name, raw / name)
    return raw


def test_quiet_and_verbose(capsys, tmp_path, empty_params):
    raw = copy_fixtures(tmp_path)
    assert main(["-q", "--params", empty_params, "ingest", str(raw), "--parsed", str(tmp_path / "q")]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["ingest", str(raw), "--parsed", str(tmp_path / "v"), "-v", "--params", empty_params]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ingest: 3 parsed, 1 failed, 4 files")
    assert sum(line.startswith("  parsed: ") for line in out) == 3 and sum("failed:" in line for line in out) == 1


def test_not_a_terminal_one_summary_line_per_stage(capsys, tmp_path, empty_params):
    raw = copy_fixtures(tmp_path)
    assert main(["--params", empty_params, "run", str(raw), "--db", str(tmp_path / "db.duckdb"),
                 "--work", str(tmp_path / "w")]) == 0
    out, err = capsys.readouterr()
    stages = [line.split(":")[0] for line in out.splitlines() if not line.startswith("  ")]
    assert stages == ["ingest", "segment", "extract", "load"] and err == ""


def test_progress_bars_on_a_terminal(capsys, tmp_path):
    """With progress on (stderr a terminal), ingest (worker processes) and extract draw bars."""
    from pipeline import progress
    from pipeline.settings import ExtractSettings, IngestSettings, SegmentSettings
    from pipeline.stages import run_extract, run_ingest, run_segment

    raw = copy_fixtures(tmp_path)
    progress.enable(True)
    try:
        run_ingest(raw, tmp_path / "p", IngestSettings(workers=2))
        run_segment(tmp_path / "p", SegmentSettings())
        run_extract(tmp_path / "p", ExtractSettings())
    finally:
        progress.close()
        progress.enable(False)
    err = capsys.readouterr().err
    # tqdm draws at most every 0.1 s and clears its bars on close: check what was drawn on the way
    assert "ingest:" in err and "/4 [" in err and "file/s" in err
    assert "extract:" in err and "/3 [" in err and "doc/s" in err


def test_ocr_progress(capsys, tmp_path):
    """A scanned page reports OCR progress from the worker process that reads it."""
    from PIL import Image, ImageDraw

    from pipeline import progress
    from pipeline.ocr import tesseract_available
    from pipeline.settings import IngestSettings
    from pipeline.stages import run_ingest

    if not tesseract_available("nor"):
        pytest.skip("tesseract-ocr-nor not installed")
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a_scan.pdf", "b_scan.pdf"):
        page = Image.new("L", (1240, 1754), 255)
        ImageDraw.Draw(page).text((100, 100), f"Protokoll {name}", fill=0)
        page.save(raw / name, "PDF", resolution=150)
    progress.enable(True)
    try:
        run_ingest(raw, tmp_path / "p", IngestSettings(workers=2, ocr_cache_dir=str(tmp_path / "ocr")))
    finally:
        progress.close()
        progress.enable(False)
    err = capsys.readouterr().err
    assert "OCR:" in err and "page/s" in err
