"""Safe loads (issue 11): a kill during load leaves the previous database intact; a second writer
on the same database gets a clear error, never an empty or swapped file; temporary names are
unique and only dead processes' leftovers are removed; aggregates in views have an order; the
Dask path gives the same database as the local one."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.load import SQL_DIR

from .conftest import RAW, ROOT
from .test_incremental import FILES, table_contents


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A work folder with every stage done and a database built from it."""
    base = tmp_path_factory.mktemp("safe-load")
    raw = base / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy(RAW / name, raw / name)
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(base / "db.duckdb"),
                 "--work", str(base / "work")]) == 0
    return base


def load_command(base: Path, db: Path, rebuild: bool = True) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "-q", "--params", str(ROOT / "params.yaml"), "load",
            "--parsed", str(base / "work"), "--db", str(db), *(["--rebuild"] if rebuild else [])]


def temporaries(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if re.match(rf"^\.{re.escape(db.name)}\.\d+\.[0-9a-f]{{8}}\.tmp", p.name)]


def start_load_and_wait_for_its_temporary(base: Path, db: Path, rebuild: bool = True) -> subprocess.Popen:
    process = subprocess.Popen(load_command(base, db, rebuild), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not temporaries(db):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the load never started its temporary database"
        time.sleep(0.005)
    return process


def test_a_kill_during_load_leaves_the_previous_database(built, tmp_path):
    db = tmp_path / "db.duckdb"
    shutil.copy(built / "db.duckdb", db)
    before = db.read_bytes()
    process = start_load_and_wait_for_its_temporary(built, db)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert db.read_bytes() == before
    assert table_contents(db) == table_contents(built / "db.duckdb")
    assert temporaries(db), "the killed load's temporary file is left (only its own process would remove it)"
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "load", "--parsed", str(built / "work"),
                 "--db", str(db)]) == 0
    assert not temporaries(db), "a dead process's leftover is removed by the next load"
    assert table_contents(db) == table_contents(built / "db.duckdb")


def test_a_kill_during_an_update_leaves_the_previous_database(built, tmp_path):
    """The update works on a copy: killed in the middle, the database is as it was."""
    import duckdb

    db = tmp_path / "db.duckdb"
    shutil.copy(built / "db.duckdb", db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE staging.load_state SET value = 'older inputs' WHERE key = 'inputs'")  # an update is due
    con.close()
    before = db.read_bytes()
    process = start_load_and_wait_for_its_temporary(built, db, rebuild=False)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert db.read_bytes() == before
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "load", "--parsed", str(built / "work"),
                 "--db", str(db)]) == 0
    assert not temporaries(db)
    assert table_contents(db) == table_contents(built / "db.duckdb")


def test_a_second_writer_gets_a_clear_error(built, tmp_path, capsys):
    db = tmp_path / "db.duckdb"
    process = start_load_and_wait_for_its_temporary(built, db)
    try:
        assert main(["-q", "--params", str(ROOT / "params.yaml"), "load", "--parsed", str(built / "work"),
                     "--db", str(db)]) == 1
        assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(built / "raw"),
                     "--db", str(db)]) == 1
    finally:
        out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    message = capsys.readouterr().err
    assert f"database {db} is being written by another motebok process (pid {process.pid})" in message
    assert "Traceback" not in message
    assert table_contents(db) == table_contents(built / "db.duckdb")


def test_a_live_process_temporary_is_not_removed(built, tmp_path):
    db = tmp_path / "db.duckdb"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        foreign = tmp_path / f".{db.name}.{other.pid}.0123abcd.tmp"
        foreign.write_bytes(b"another process's work")
        assert main(["-q", "--params", str(ROOT / "params.yaml"), "load", "--parsed", str(built / "work"),
                     "--db", str(db)]) == 0
        assert foreign.read_bytes() == b"another process's work"
    finally:
        other.kill()
        other.wait()


AGGREGATES = re.compile(r"\b(string_agg|list|array_agg|group_concat|listagg|first|last|any_value|arg_max|arg_min)\s*\(",
                        re.IGNORECASE)


def closing_paren(sql: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            return i
    return len(sql)


def test_aggregates_in_views_have_an_order():
    """An aggregate whose result depends on row order names its order, inside the call or in
    its window (string_agg without ORDER BY gave 'noted, other' or 'other, noted' at random)."""
    unordered = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        sql = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        for match in AGGREGATES.finditer(sql):
            end = closing_paren(sql, match.end() - 1)
            call = sql[match.start(): end + 1]
            window = re.match(r"\s*OVER\s+(\w+|\()", sql[end + 1:], re.IGNORECASE)
            if window and window.group(1) == "(":
                at = end + 1 + window.end() - 1
                call += sql[at: closing_paren(sql, at) + 1]
            elif window:
                named = re.search(rf"WINDOW\s+{window.group(1)}\s+AS\s*\(", sql, re.IGNORECASE)
                call += sql[named.end() - 1: closing_paren(sql, named.end() - 1) + 1] if named else ""
            if "ORDER BY" not in call.upper():
                unordered.append(f"{path.name}: {' '.join(call.split())[:80]}")
    assert unordered == []


def test_the_dask_path_gives_the_same_database(built, tmp_path):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        db = tmp_path / "dask.duckdb"
        assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(built / "raw"), "--db", str(db),
                     "--work", str(tmp_path / "work"), "--scheduler", cluster.scheduler_address]) == 0
    finally:
        from pipeline import executor

        client = executor._clients.pop(cluster.scheduler_address, None)
        if client is not None:
            client.close()
        cluster.close()
    assert table_contents(db) == table_contents(built / "db.duckdb")


def test_an_unreachable_scheduler_is_a_one_line_error(built, tmp_path, capsys):
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "ingest", str(built / "raw"), "--parsed",
                 str(tmp_path / "w"), "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("motebok: error: no Dask scheduler at tcp://127.0.0.1:9") and "Traceback" not in err


def test_env_names_the_scheduler(monkeypatch):
    from pipeline.cli import build_parser

    monkeypatch.setenv("MOTEBOK_SCHEDULER", "tcp://example.invalid:8786")
    args = build_parser().parse_args(["run", "x", "--db", "y"])
    assert args.scheduler == "tcp://example.invalid:8786"
    os.environ.pop("MOTEBOK_SCHEDULER", None)


CHILD_TAKES_LOCK = """
import sys
from pathlib import Path
from pipeline.errors import MotebokError
from pipeline.locks import locked
try:
    with locked(Path(sys.argv[1]), "database"):
        print("held")
except MotebokError as exc:
    print("busy:", exc)
"""


def test_a_lock_passes_to_a_child_only_with_its_descriptor(tmp_path):
    """`motebok run` loads in a child process that takes over the database lock it holds;
    any other process still gets the Busy error."""
    from pipeline.locks import inherit, locked

    db = tmp_path / "db.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with locked(db, "database"):
        extra, fds = inherit(db)
        assert fds
        handed = subprocess.run([sys.executable, "-c", CHILD_TAKES_LOCK, str(db)], env={**env, **extra},
                                pass_fds=fds, capture_output=True, text=True, check=True)
        other = subprocess.run([sys.executable, "-c", CHILD_TAKES_LOCK, str(db)], env=env,
                               capture_output=True, text=True, check=True)
        forged = subprocess.run([sys.executable, "-c", CHILD_TAKES_LOCK, str(db)], env={**env, **extra},
                                capture_output=True, text=True, check=True)  # the name without the descriptor
    assert handed.stdout.strip() == "held"
    assert other.stdout.startswith("busy:") and forged.stdout.startswith("busy:")
    after = subprocess.run([sys.executable, "-c", CHILD_TAKES_LOCK, str(db)], env=env, capture_output=True,
                           text=True, check=True)
    assert after.stdout.strip() == "held"   # released when the parent let go
