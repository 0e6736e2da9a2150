"""The README's main loop on a fresh clone, as a new user runs it: `make run`, then new minutes
and a corrupt PDF dropped into corpus/raw, then `.venv/bin/dvc repro` from a plain shell
(no activated environment, PATH=/usr/bin:/bin). Slow (two pipeline runs over the corpus)."""

import os
import shutil
import subprocess

import pytest

from pipeline.db import connect

from .conftest import FIXTURES, ROOT

PLAIN_ENV = {"PATH": "/usr/bin:/bin"}
NEW_MINUTES = "900_new_elements_protokoll.txt"
CORRUPT_PDF = "901_corrupt.pdf"


def git(cwd, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def copy_checkout(target):
    """A clone of the working tree as it is (committed or not), with its own git history."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "fresh clone")


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    target = tmp_path_factory.mktemp("fresh-clone")
    copy_checkout(target)
    # Share this checkout's environment and OCR cache (content-hash keyed): installing again
    # takes minutes and is not what this test is about.
    (target / ".venv").symlink_to(ROOT / ".venv")
    (ROOT / ".cache").mkdir(exist_ok=True)
    (target / ".cache").symlink_to(ROOT / ".cache")
    return target


@pytest.fixture(scope="module")
def make_run(clone):
    # -o: treat the install stamp as up to date (the shared .venv is installed already)
    result = subprocess.run(["make", "-o", ".venv/.installed", "run"], cwd=clone, capture_output=True, text=True,
                            env={**PLAIN_ENV, "HOME": os.environ.get("HOME", "/root")}, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_make_run_ends_with_the_evaluation(make_run):
    last_lines = make_run.stdout.strip().splitlines()[-3:]
    assert last_lines[-1].startswith("attendees.deputy_for"), make_run.stdout[-2000:]


def test_fresh_clone_is_clean_after_make_run(clone, make_run):
    status = git(clone, "status", "--porcelain")
    assert status == "", f"make run changed tracked files (commit a current dvc.lock / metrics.json):\n{status}" \
                         f"{git(clone, 'diff')[:3000]}"


def test_dvc_repro_from_a_plain_shell_picks_up_new_files(clone, make_run):
    raw = clone / "corpus" / "raw"
    shutil.copy(FIXTURES / "elements_protokoll.txt", raw / NEW_MINUTES)
    (raw / CORRUPT_PDF).write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Catalog>> garbage, no xref\n")
    result = subprocess.run([str(clone / ".venv" / "bin" / "dvc"), "repro"], cwd=clone, env=PLAIN_ENV,
                            capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    con = connect(clone / "corpus" / "motebok.duckdb", read_only=True)
    try:
        cases = con.execute("""SELECT count(*) FROM cases JOIN documents USING (doc_id)
                               WHERE source_path LIKE ?""", [f"%/{NEW_MINUTES}"]).fetchone()[0]
        errors = con.execute("SELECT error_type FROM ingest_errors WHERE source_path LIKE ?",
                             [f"%/{CORRUPT_PDF}"]).fetchall()
        inputs = dict(con.execute("SELECT source_path, status FROM v_inputs").fetchall())
    finally:
        con.close()
    assert cases > 0
    assert errors == [("CorruptFile",)]
    assert {os.path.basename(p): s for p, s in inputs.items() if NEW_MINUTES in p or CORRUPT_PDF in p} == \
        {NEW_MINUTES: "parsed", CORRUPT_PDF: "error"}
