"""`motebok serve`: the database as a browsable website for readers who do not write SQL.

The database is exported to SQLite (pipeline/export.py, with FTS5 on titles and decisions)
and served by Datasette with metadata: table and column descriptions from schema.yaml,
facets on organisation, body, date, outcome and status, and canned queries for the
common questions.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import MotebokError
from .export import SQLITE_NAME, export_database
from .schema import load_schema_doc

DATABASE = "motebok"  # Datasette's name for the file: URLs are /motebok/<table>

# Facets Datasette shows above a table, by column name, where the table has the column.
FACET_COLUMNS = ("organization", "body", "outcome", "outcomes", "status", "doc_kind", "decision_kind",
                 "event_kind", "role", "level", "text_kind")
DATE_FACET_COLUMNS = ("meeting_date", "date")

CANNED_QUERIES = {
    "vestregionen_timeline": {
        "title": "Vestregionen: how the future process unfolded",
        "description": "Plan phases, planned and held meetings, decisions and referred meetings of the "
                       "process vestregionen-framtid in date order (v_future_process_timeline).",
        "sql": "SELECT seq, date, end_date, event_kind, body, status, label, phase, case_number, sources, "
               "source_path FROM v_future_process_timeline ORDER BY seq",
    },
    "case_history": {
        "title": "A case's history across meetings",
        "description": "Every document that treats, decides, refers to or is referred to by the case "
                       "(v_case_thread). Case number as N/YYYY, e.g. 24/2017; organisation optional.",
        "sql": "SELECT date, organization, body, case_number, role, relation, other_body, other_case, detail, "
               "processes, source_path FROM v_case_thread WHERE case_number = :case_number "
               "AND (:organization = '' OR organization = :organization) ORDER BY date, source_path",
    },
    "person_attendance": {
        "title": "A person's attendance",
        "description": "Every meeting a person is listed for, with status and role (v_attendance); "
                       "matches any part of the name.",
        "sql": "SELECT meeting_date, organization, body, person_name, name, status, role, affiliation, "
               "deputy_for, source_path FROM v_attendance "
               "WHERE person_name LIKE '%' || :person || '%' OR name LIKE '%' || :person || '%' "
               "ORDER BY meeting_date, source_path",
    },
    "agreements_by_exit_date": {
        "title": "Agreements by exit date",
        "description": "Every agreement, the one binding longest first: notice, end date and earliest "
                       "exit if notice were given (v_agreement_exit_terms).",
        "sql": "SELECT bound_until, exit_terms, counterparty, agreement_kind, item, organization, notice_months, "
               "end_text, exit_if_notice_given, amounts_text, source_path FROM v_agreement_exit_terms "
               "ORDER BY bound_until DESC NULLS LAST, notice_months DESC NULLS LAST",
    },
}


class ServeError(MotebokError):
    """Datasette could not be started."""


def table_metadata(name: str, description: str, columns: dict[str, str]) -> dict:
    facets: list = [c for c in FACET_COLUMNS if c in columns]
    facets += [{"date": c} for c in DATE_FACET_COLUMNS if c in columns]
    entry = {"description": description, "columns": columns}
    if facets:
        entry["facets"] = facets
    return entry


def datasette_metadata(exported: set[str]) -> dict:
    """Metadata for the exported tables (schema.yaml descriptions), facets and canned queries."""
    _, relations = load_schema_doc()
    tables = {r.name: table_metadata(r.name, r.description, r.columns) for r in relations if r.name in exported}
    return {
        "title": "motebok: Norwegian meeting minutes as data",
        "description": "Cases, decisions, attendance, agreements and timelines read from møtereferat, "
                       "protokoll and saksnotat. Every row links to its source file and character span.",
        "databases": {DATABASE: {"tables": tables, "queries": CANNED_QUERIES}},
    }


def prepare(db: Path, out_dir: Path) -> tuple[Path, Path]:
    """Export db to out_dir/motebok.sqlite and write out_dir/metadata.json; returns both paths."""
    exported = export_database(db, out_dir, "sqlite")
    metadata = Path(out_dir) / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata({e.name for e in exported}), ensure_ascii=False, indent=2),
                        encoding="utf-8")
    return Path(out_dir) / SQLITE_NAME, metadata


def datasette_command(sqlite_path: Path, metadata: Path, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(sqlite_path),
            "--metadata", str(metadata), "--host", host, "--port", str(port),
            "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms", "5000"]


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001, out_dir: Path | None = None) -> int:
    """Export, then run Datasette in the foreground until interrupted; returns its exit code."""
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="motebok-serve-"))
    sqlite_path, metadata = prepare(db, out_dir)
    try:
        return subprocess.call(datasette_command(sqlite_path, metadata, host, port))
    except KeyboardInterrupt:
        return 0


def screenshot_page(db: Path, png: Path, page: str = "vestregionen_timeline", out_dir: Path | None = None) -> Path:
    """Serve db on a free local port just long enough for a Chromium screenshot of one page."""
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="motebok-serve-"))
    sqlite_path, metadata = prepare(db, out_dir)
    port = free_port()
    server = subprocess.Popen(datasette_command(sqlite_path, metadata, "127.0.0.1", port),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/-/versions.json", timeout=60)
        return screenshot(f"{base}/{DATABASE}/{page}", png)
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise ServeError(f"no answer from {url} within {timeout:.0f} s")
            time.sleep(0.2)


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


def chromium() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def screenshot(url: str, png: Path, width: int = 1400, height: int = 1000, timeout: float = 120.0) -> Path:
    """A headless Chromium screenshot of url (fresh profile, no network but the page's)."""
    browser = chromium()
    if browser is None:
        raise ServeError("chromium not found (Debian: apt-get install chromium)")
    png = Path(png).resolve()
    with tempfile.TemporaryDirectory(prefix="motebok-chromium-") as profile:
        result = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                 f"--window-size={width},{height}", f"--screenshot={png}", url],
                                capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not png.exists():
        raise ServeError(f"chromium screenshot failed: {result.stderr.strip()[-500:]}")
    return png
