"""Per-document caches (issue 11): a second run reads only what changed; a changed rule re-extracts
without re-reading; a removed file loses its rows; a corrupt cache entry is rebuilt; the keys
cover the files dvc.yaml lists; failures of one document become extract_errors rows."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml

from pipeline import cache
from pipeline.cli import main
from pipeline.db import connect
from pipeline.settings import ExtractSettings, IngestSettings, SegmentSettings

from .conftest import FIXTURES, RAW, ROOT

FILES = ["001_4778877e962364ef.txt", "002_24629abb2265b0a3.txt", "004_5ac1954d7cd29f3b.txt"]


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """Every table of the database, rows sorted (the identity the tests compare)."""
    con = connect(db, read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                            "AND database_name = current_database() ORDER BY 1").fetchall()]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in FILES:
        shutil.copy(RAW / name, folder / name)
    return folder


def run(raw: Path, work: Path, db: Path, *extra: str, params: Path | None = None) -> None:
    assert main(["-q", "--params", str(params or ROOT / "params.yaml"), "run", str(raw), "--db", str(db),
                 "--work", str(work), *extra]) == 0


def entries(work: Path, stage: str) -> set[str]:
    folder = {"ingest": work / "ingest" / "docs", "segment": work / "segment",
              "extract": work / "extract" / "documents"}[stage]
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def test_adding_a_file_reads_only_that_file(raw, tmp_path):
    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    run(raw, work, db)
    before = {stage: entries(work, stage) for stage in ("ingest", "segment", "extract")}
    mtimes = {p: p.stat().st_mtime_ns for p in (work / "extract").rglob("*.parquet") if "corpus" not in p.parts}
    shutil.copy(FIXTURES / "elements_protokoll.txt", raw / "new.txt")
    run(raw, work, db)
    for stage in ("ingest", "segment", "extract"):
        added = entries(work, stage) - before[stage]
        assert len(added) == 1 and before[stage] <= entries(work, stage), stage
    assert all(p.stat().st_mtime_ns == mtime for p, mtime in mtimes.items()), "cached files were rewritten"
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM cases JOIN documents USING (doc_id) "
                           "WHERE source_path LIKE '%new.txt'").fetchone()[0] > 0
    finally:
        con.close()


def test_a_rule_change_re_extracts_but_does_not_re_ingest(raw, tmp_path, monkeypatch):
    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    run(raw, work, db)
    before = {stage: entries(work, stage) for stage in ("ingest", "segment", "extract")}
    real = cache.code_version.__wrapped__
    monkeypatch.setattr(cache, "code_version", lambda stage: real(stage) + ("edited" if stage == "extract" else ""))
    run(raw, work, db)
    assert entries(work, "ingest") == before["ingest"] and entries(work, "segment") == before["segment"]
    assert not entries(work, "extract") & before["extract"] and len(entries(work, "extract")) == len(FILES)


def test_the_code_version_covers_rule_files(tmp_path, monkeypatch):
    """Editing a rule file changes the segment and extract keys, not the ingest key."""
    copy = tmp_path / "checkout"
    for part in ("pipeline", "extractors"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "ROOT", copy)
    before = {stage: cache.code_version.__wrapped__(stage) for stage in cache.STAGE_CODE}
    rules = copy / "extractors" / "rules" / "labels.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = {stage: cache.code_version.__wrapped__(stage) for stage in cache.STAGE_CODE}
    assert after["ingest"] == before["ingest"]
    assert after["segment"] != before["segment"] and after["extract"] != before["extract"]


def test_runtime_settings_are_not_in_the_key():
    assert cache.settings_version(IngestSettings(workers=1)) == cache.settings_version(IngestSettings(workers=4))
    assert cache.settings_version(ExtractSettings(workers=0)) == cache.settings_version(ExtractSettings())
    assert cache.settings_version(SegmentSettings(header_lines=5)) != cache.settings_version(SegmentSettings())


def test_removing_a_file_removes_its_rows(raw, tmp_path):
    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    run(raw, work, db)
    (raw / FILES[0]).unlink()
    run(raw, work, db)
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(FILES) - 1
        assert con.execute("SELECT count(*) FROM document_paths WHERE source_path LIKE ?",
                           [f"%{FILES[0]}"]).fetchone()[0] == 0
        orphans = con.execute("SELECT count(*) FROM cases WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchone()
        assert orphans[0] == 0
    finally:
        con.close()
    assert len(entries(work, "ingest")) == len(entries(work, "extract")) == len(FILES) - 1


def test_a_corrupt_cache_entry_is_rebuilt(raw, tmp_path):
    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    run(raw, work, db)
    expected = table_contents(db)
    ingest_entry = sorted((work / "ingest" / "docs").iterdir())[0]
    ingest_entry.write_bytes(ingest_entry.read_bytes()[:40])                      # cut short
    segment_entry = sorted((work / "segment").iterdir())[1]
    segment_entry.write_bytes(b"{\"items\": [")                                     # half-written
    cases_entry = sorted((work / "extract" / "cases").iterdir())[0]
    cases_entry.write_bytes(b"garbage" * 10)                                       # overwritten
    run(raw, work, db)
    assert table_contents(db) == expected
    assert cache.is_valid(ingest_entry) and cache.is_valid(cases_entry)


def test_two_runs_give_identical_tables(raw, tmp_path):
    """Same inputs, separate work folders: the same rows.  Not compared: the bytes.  DuckDB (1.5)
    leaves the last bytes of a string block unwritten, so a second load in the same process
    differs in about one run of four in one block's tail and checksum (16 bytes), with every
    table and row order equal (main's load does the same); loads in fresh processes, as DVC
    runs them, gave the same bytes (tests/test_dvc.py checks dvc.lock)."""
    first, second = tmp_path / "1" / "db.duckdb", tmp_path / "2" / "db.duckdb"
    run(raw, tmp_path / "w1", first)
    run(raw, tmp_path / "w2", second)
    assert table_contents(first) == table_contents(second)


def test_run_removes_its_temporary_work_folder(raw, tmp_path, monkeypatch):
    import tempfile

    made = []
    real = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        made.append(real(*args, dir=tmp_path, **kwargs))
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(tmp_path / "db.duckdb")]) == 0
    assert len(made) == 1 and not Path(made[0]).exists()


def test_dvc_stages_list_the_code_the_cache_keys_cover():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    for stage in cache.STAGE_CODE:
        deps = set(stages[stage]["deps"])
        for entry in (*cache.COMMON_CODE, *cache.STAGE_CODE[stage]):
            assert entry in deps or any(entry.startswith(d + "/") for d in deps), (stage, entry)
        assert stages[stage]["outs"][0][f"corpus/parsed/{stage}"]["persist"] is True


# --- one document's failure -----------------------------------------------------------------------


def failing_agreements(doc, seg, settings, built):
    if "Vedtak" in doc.text:
        raise ValueError("agreements\nbroke on purpose")
    return []


def test_an_extract_exception_is_an_extract_errors_row(raw, tmp_path, monkeypatch):
    from pipeline import extract

    monkeypatch.setitem(extract.TABLES, "agreements", failing_agreements)
    db = tmp_path / "db.duckdb"
    run(raw, tmp_path / "work", db)
    con = connect(db, read_only=True)
    try:
        errors = con.execute("SELECT stage, step, error_type, error, source_path FROM extract_errors").fetchall()
        cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    assert errors and {e[:4] for e in errors} == {("extract", "agreements", "ValueError", "agreements broke on purpose")}
    assert all(e[4].endswith(tuple(FILES)) for e in errors)
    assert cases > 0 and documents == len(FILES)


def failing_segment(doc, settings):
    raise RuntimeError("segmenting broke")


def test_a_segment_exception_leaves_the_documents_row(raw, tmp_path, monkeypatch):
    from pipeline import segment

    monkeypatch.setattr(segment, "segment_document", failing_segment)
    db = tmp_path / "db.duckdb"
    run(raw, tmp_path / "work", db)
    con = connect(db, read_only=True)
    try:
        errors = con.execute("SELECT DISTINCT stage, step, error_type, error FROM extract_errors").fetchall()
        documents = con.execute("SELECT count(*), count(doc_kind) FROM documents").fetchone()
        texts = con.execute("SELECT count(*) FROM document_texts").fetchone()[0]
    finally:
        con.close()
    assert errors == [("segment", "segment", "RuntimeError", "segmenting broke")]
    assert documents == (len(FILES), 0) and texts == len(FILES)


def slow_cases(doc, seg, settings, built):
    if "Kongsbergregionen" in doc.text:
        time.sleep(30)
    return []


def test_a_document_over_its_time_limit_is_an_extract_errors_row(raw, tmp_path, monkeypatch):
    from pipeline import extract

    monkeypatch.setitem(extract.TABLES, "cases", slow_cases)
    params = tmp_path / "params.yaml"
    data = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    data["extract"].update(workers=1, document_timeout_s=2)
    params.write_text(yaml.safe_dump(data), encoding="utf-8")
    db = tmp_path / "db.duckdb"
    run(raw, tmp_path / "work", db, params=params)
    con = connect(db, read_only=True)
    try:
        errors = con.execute("SELECT error_type FROM extract_errors").fetchall()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    assert errors and {e[0] for e in errors} == {"DocumentTimeout"} and documents == len(FILES)


def database_contents(db: Path) -> dict[str, list[tuple]]:
    """Every table and view of the main and staging schemas (but the load state), rows sorted."""
    con = connect(db, read_only=True)
    try:
        names = [f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = current_database() "
            "AND NOT internal ORDER BY 1, 2").fetchall()
            if t not in ("load_state", "loaded_documents")]
        return {n: sorted(con.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    finally:
        con.close()


def stages_only(raw: Path, work: Path) -> None:
    for stage in (["ingest", str(raw)], ["segment"], ["extract"]):
        assert main(["-q", "--params", str(ROOT / "params.yaml"), *stage, "--parsed", str(work)]) == 0


def test_an_updated_database_equals_a_fresh_build(raw, tmp_path, monkeypatch):
    """Load updates the previous database in place (only new and changed documents' partitions
    are read) and the result has a fresh build's contents, for an added, removed, changed,
    renamed and copied file."""
    from pipeline import load

    work, db, fresh = tmp_path / "work", tmp_path / "db.duckdb", tmp_path / "fresh.duckdb"
    stages_only(raw, work)
    load.build_database(db, work)
    inserted: list[list[str]] = []
    real = load.insert_document_rows
    monkeypatch.setattr(load, "insert_document_rows",
                        lambda con, sources, doc_ids: (inserted.append(list(doc_ids)), real(con, sources, doc_ids))[1])

    shutil.copy(FIXTURES / "elements_protokoll.txt", raw / "new.txt")                      # added
    (raw / FILES[0]).unlink()                                                            # removed
    (raw / FILES[1]).rename(raw / "renamed.txt")                                         # renamed
    shutil.copy(raw / FILES[2], raw / "copy.txt")                                        # a duplicate
    stages_only(raw, work)
    load.build_database(db, work)
    assert len(inserted) == 1 and len(inserted[0]) == 1                                  # the new file only
    load.build_database(fresh, work, incremental=False)
    assert database_contents(db) == database_contents(fresh)

    text = (raw / "new.txt").read_text(encoding="utf-8")                                 # changed
    (raw / "new.txt").write_text(text.replace("Budsjett", "Økonomiplan", 1), encoding="utf-8")
    stages_only(raw, work)
    inserted.clear()
    load.build_database(db, work)
    assert len(inserted) == 1 and len(inserted[0]) == 1
    fresh.unlink()
    load.build_database(fresh, work, incremental=False)
    assert database_contents(db) == database_contents(fresh)

    inserted.clear()                                                                     # nothing changed
    before = db.stat().st_mtime_ns
    load.build_database(db, work)
    assert inserted == [] and db.stat().st_mtime_ns == before


def test_a_database_of_other_load_code_is_rebuilt(raw, tmp_path, monkeypatch):
    from pipeline import load

    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    stages_only(raw, work)
    load.build_database(db, work)
    monkeypatch.setattr(load, "load_fingerprint", lambda sources: "another version")
    inserted = []
    real = load.insert_document_rows
    monkeypatch.setattr(load, "insert_document_rows",
                        lambda con, sources, doc_ids: (inserted.append(list(doc_ids)), real(con, sources, doc_ids))[1])
    load.build_database(db, work)
    assert len(inserted) == 1 and len(inserted[0]) == len(FILES)
    db.write_bytes(b"not a database")                                                    # not ours: rebuilt
    load.build_database(db, work)
    assert table_contents(db)["documents"]


def test_every_document_table_names_its_document():
    """An update deletes a changed document's rows by the column naming its document."""
    from pipeline.load import DOCUMENT_COLUMN
    from pipeline.stages import extract_tables

    columns = cache.table_columns()
    for table in [*extract_tables(), "document_texts"]:
        assert DOCUMENT_COLUMN.get(table, "doc_id") in {c for c, _ in columns[table]}, table


def test_run_with_nothing_changed_leaves_the_database(raw, tmp_path, capsys):
    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    run(raw, work, db)
    before = db.stat().st_mtime_ns
    assert main(["--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(db), "--work", str(work)]) == 0
    assert f"load: {db}: current, nothing to do" in capsys.readouterr().out
    assert db.stat().st_mtime_ns == before


def test_mostly_changed_documents_are_loaded_from_scratch(raw, tmp_path, monkeypatch):
    """A rule change re-extracts every document: a fresh build, not an update of every row."""
    from pipeline import load

    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    stages_only(raw, work)
    load.build_database(db, work)
    real = cache.code_version.__wrapped__
    monkeypatch.setattr(cache, "code_version", lambda stage: real(stage) + ("edited" if stage == "extract" else ""))
    stages_only(raw, work)
    copied = []
    monkeypatch.setattr(load.shutil, "copyfile", lambda *a: copied.append(a))
    load.build_database(db, work)
    assert copied == [] and table_contents(db)["documents"]


def test_the_manifest_dvc_tracks_is_the_same_for_the_same_inputs(raw, tmp_path):
    """DVC tracks the load manifest (state and row counts), which a rebuild writes byte for byte
    again, while DuckDB's file bytes may vary in padding."""
    import json

    work, db = tmp_path / "work", tmp_path / "db.duckdb"
    stages_only(raw, work)
    manifests = []
    for n in range(2):
        manifest = tmp_path / f"manifest{n}.json"
        assert main(["-q", "--params", str(ROOT / "params.yaml"), "load", "--parsed", str(work), "--db", str(db),
                     "--rebuild", "--manifest", str(manifest)]) == 0
        manifests.append(manifest.read_bytes())
    assert manifests[0] == manifests[1]
    data = json.loads(manifests[0])
    assert set(data["load_state"]) == {"fingerprint", "inputs"} and data["rows"]["documents"] == len(FILES)
