"""Hostile inputs: every entry of the input folder ends as a document or an error row, and one
bad file never costs the good file beside it.  Big inputs are generated here, never committed."""

import io
import os
import socket
import zipfile

import pytest

from pipeline.ingest import ingest_folder
from pipeline.pool import JobFailed, run_jobs
from pipeline.settings import IngestSettings

from .test_ingest import GOOD, make_docx


def rewrite_member(docx: bytes, name: str, content: bytes) -> bytes:
    """The DOCX with one member replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def docx_with_text_node(n_bytes: int) -> bytes:
    """A DOCX whose document.xml holds one text node of n_bytes, streamed into the ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(GOOD))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                     b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"a" * 1_000_000
            for _ in range(n_bytes // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def zip_bomb_docx(n_bytes: int = 400_000_000) -> bytes:
    """A valid DOCX with a media member of n_bytes of zeros: a few hundred kB on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(GOOD))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        with dst.open("word/media/image1.png", "w", force_zip64=True) as fh:
            zeros = bytes(1_000_000)
            for _ in range(n_bytes // len(zeros)):
                fh.write(zeros)
    return out.getvalue()


UTF16_TEXT = GOOD.encode("utf-16-le")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("hostile")
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / os.fsdecode(b"bad name \xff\xfe.txt")).write_text(GOOD.replace("Budsjett", "Regnskap"), encoding="utf-8")
    (folder / "utf16_odd.txt").write_bytes(b"\xff\xfe" + UTF16_TEXT + b"X")
    (folder / "utf16_surrogate.txt").write_bytes(b"\xff\xfe" + UTF16_TEXT + b"\x00\xd8" + "Slutt.".encode("utf-16-le"))
    (folder / "content_types.docx").write_bytes(rewrite_member(make_docx(GOOD), "[Content_Types].xml", b"<Types><Over"))
    (folder / "text_node_200mb.docx").write_bytes(docx_with_text_node(200_000_000))
    (folder / "text_node_20mb.docx").write_bytes(docx_with_text_node(20_000_000))
    (folder / "zip_bomb.docx").write_bytes(zip_bomb_docx())
    outside = tmp_path / "secret.txt"
    outside.write_text("PASSWORD=hunter2\n" * 5, encoding="utf-8")
    os.symlink(outside, folder / "secret_link.txt")
    os.symlink("/proc/self/environ", folder / "environ.txt")
    os.symlink(folder / "good.txt", folder / "inside_link.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "minutes.md").write_text(GOOD, encoding="utf-8")
    os.symlink(folder / "sub", folder / "sub_link")
    (folder / "folder.pdf").mkdir()
    (folder / "folder.pdf" / "inner.txt").write_text(GOOD.replace("5/2026", "6/2026"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    yield folder
    sock.close()


def test_every_hostile_entry_is_accounted_for(hostile_folder):
    result = ingest_folder(hostile_folder, IngestSettings(ocr=False))
    status = {p["source_path"].split("raw/", 1)[1]: p["status"] for p in result.paths}
    errors = {e.source_path.split("raw/", 1)[1]: (e.error_type, e.error) for e in result.errors}
    assert status == {
        "good.txt": "parsed", "bad name \\xff\\xfe.txt": "parsed", "utf16_odd.txt": "parsed",
        "utf16_surrogate.txt": "parsed", "content_types.docx": "error", "text_node_200mb.docx": "error",
        "text_node_20mb.docx": "error", "zip_bomb.docx": "error", "secret_link.txt": "error",
        "environ.txt": "error", "inside_link.txt": "duplicate", "dangling.txt": "error", "sub/minutes.md": "duplicate",
        "sub_link": "error", "folder.pdf": "error", "folder.pdf/inner.txt": "parsed", "pipe.txt": "error",
        "sock.txt": "error",
    }
    assert errors["content_types.docx"][0] == "CorruptFile" and "XMLSyntaxError" in errors["content_types.docx"][1]
    assert errors["text_node_200mb.docx"][0] == "LimitExceeded" and "max_unpacked_bytes" in errors["text_node_200mb.docx"][1]
    assert errors["text_node_20mb.docx"][0] == "CorruptFile"   # lxml refuses a text node over 10 MB
    assert errors["zip_bomb.docx"][0] == "LimitExceeded"
    assert errors["secret_link.txt"] == ("SymlinkNotFollowed", "symlink to a path outside the input folder: not followed")
    assert errors["environ.txt"][0] == "SymlinkNotFollowed"
    assert errors["dangling.txt"][0] == "NotARegularFile" and "dangling" in errors["dangling.txt"][1]
    assert errors["sub_link"] == ("SymlinkNotFollowed", "symlink to a folder: not followed")
    assert errors["folder.pdf"] == ("NotARegularFile", "a folder, not a file")
    assert errors["pipe.txt"][0] == "NotARegularFile" and "FIFO" in errors["pipe.txt"][1]
    assert errors["sock.txt"][0] == "NotARegularFile" and "socket" in errors["sock.txt"][1]
    assert all("\n" not in message for _, message in errors.values())
    texts = " ".join(d.text for d in result.documents)
    assert "hunter2" not in texts and "PATH=" not in texts


def test_broken_utf16_is_read_with_a_warning(hostile_folder):
    result = ingest_folder(hostile_folder, IngestSettings(ocr=False))
    docs = {d.source_path.rsplit("/", 1)[-1]: d for d in result.documents}
    for name in ("utf16_odd.txt", "utf16_surrogate.txt"):
        assert "Sak 5/2026 Budsjett" in docs[name].text and "\ufffd" in docs[name].text
        assert docs[name].warnings and "UTF-16" in docs[name].warnings[0]
    assert "Slutt." in docs["utf16_surrogate.txt"].text


def test_a_name_with_invalid_bytes_is_written_and_loaded(hostile_folder, tmp_path):
    """The whole run writes JSON and a database with such a name among its inputs."""
    import duckdb

    from pipeline.cli import main

    db = tmp_path / "db.duckdb"
    (tmp_path / "defaults.yaml").write_text("{}\n", encoding="utf-8")  # every setting at its default
    assert main(["--params", str(tmp_path / "defaults.yaml"), "run", str(hostile_folder), "--db", str(db),
                 "--work", str(tmp_path / "work")]) == 0
    con = duckdb.connect(str(db), read_only=True)
    paths = [r[0] for r in con.execute("SELECT source_path FROM documents").fetchall()]
    assert any(p.endswith("bad name \\xff\\xfe.txt") for p in paths)
    assert con.execute("SELECT count(*) FROM document_paths").fetchone()[0] == 18


def _slow_or_crashing(job: int) -> int:
    import signal
    import time

    if job == 1:
        time.sleep(600)
    if job == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return job * 10


def test_pool_stops_a_job_past_its_deadline_and_survives_a_dead_worker():
    results = run_jobs(_slow_or_crashing, [0, 1, 2, 3, 4], workers=2, timeout_s=1)
    assert results[0] == 0 and results[3] == 30 and results[4] == 40
    assert isinstance(results[1], JobFailed) and results[1].reason == "timeout"
    assert isinstance(results[2], JobFailed) and results[2].reason == "died" and "signal 9" in results[2].detail


def _worker_pid(job: int) -> tuple[int, int]:
    return job, os.getpid()


def test_pool_replaces_a_worker_after_its_share_of_jobs():
    """A worker's memory stays bounded on a large archive: it is replaced after N jobs."""
    results = run_jobs(_worker_pid, list(range(12)), workers=2, jobs_per_worker=3)
    assert [job for job, _ in results] == list(range(12))
    pids = [pid for _, pid in results]
    assert len(set(pids)) >= 4 and all(pids.count(pid) <= 3 for pid in set(pids))
    assert len({pid for _, pid in run_jobs(_worker_pid, list(range(12)), workers=2, jobs_per_worker=0)}) == 2


def test_timeout_becomes_an_error_row(tmp_path, monkeypatch):
    import pipeline.ingest as ingest

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD + "\nslow\n", encoding="utf-8")
    real = ingest.read_document

    def slow_read(path, data, settings, shown):
        if b"slow" in data:
            import time
            time.sleep(600)
        return real(path, data, settings, shown)

    monkeypatch.setattr(ingest, "read_document", slow_read)  # workers are forked: they see the patch
    result = ingest_folder(tmp_path, IngestSettings(ocr=False, workers=1, document_timeout_s=1))
    assert [d.source_path.rsplit("/", 1)[-1] for d in result.documents] == ["a.txt"]
    assert [(e.error_type, "document_timeout_s" in e.error) for e in result.errors] == [("DocumentTimeout", True)]
