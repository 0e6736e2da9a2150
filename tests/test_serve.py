"""`motebok serve`: Datasette over the exported database answers on a local port, with the
descriptions, facets, canned queries and full-text search it is configured with; headless
Chromium renders the Vestregionen timeline page."""

import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from pipeline.serve import CANNED_QUERIES, chromium, free_port, screenshot, wait_for

from .conftest import ROOT


@pytest.fixture(scope="module")
def server(corpus_run, tmp_path_factory):
    port = free_port()
    work = tmp_path_factory.mktemp("serve")
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--db", str(corpus_run["db"]),
                                "--port", str(port), "--dir", str(work)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/-/versions.json", timeout=90)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the CLI and the datasette process it started
        process.wait(timeout=30)


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def get_json(url: str) -> dict:
    return json.loads(get(url))


def test_pages_answer(server):
    assert "motebok" in get(server + "/")
    database = get(server + "/motebok")
    for name in ("v_cases", "v_attendance", "v_agreement_exit_terms", *CANNED_QUERIES):
        assert name in database, name


def test_table_and_column_descriptions_come_from_schema_yaml(server):
    page = get(server + "/motebok/v_cases")
    assert "One row per treated case" in page
    assert "the case&#39;s decision texts, in order" in page or "the case's decision texts, in order" in page


def test_facets(server):
    data = get_json(server + "/motebok/v_cases.json?_size=1")
    facets = set(data["facet_results"])
    assert {"organization", "body", "outcomes"} <= facets
    assert "meeting_date" in get_json(server + "/motebok/v_attendance.json?_size=1")["facet_results"]


def test_canned_queries(corpus_db, server):
    timeline = get_json(server + "/motebok/vestregionen_timeline.json?_shape=array")
    assert len(timeline) == corpus_db.execute("SELECT count(*) FROM v_future_process_timeline").fetchone()[0]
    history = get_json(server + "/motebok/case_history.json?_shape=array&case_number=24/2017&organization=Vestregionen")
    assert history and {row["case_number"] for row in history} == {"24/2017"}
    person = get_json(server + "/motebok/person_attendance.json?_shape=array&person=" + urllib.parse.quote("Noem"))
    assert len(person) == 3 and {row["person_name"] for row in person} == {"Steinar Noem"}
    agreements = get_json(server + "/motebok/agreements_by_exit_date.json?_shape=array")
    assert len(agreements) == corpus_db.execute("SELECT count(*) FROM v_agreement_exit_terms").fetchone()[0]


def test_full_text_search_on_titles_and_decisions(server):
    hits = get_json(server + "/motebok/v_cases.json?_shape=array&_search=" + urllib.parse.quote("Vestregionens"))
    assert hits and all("Vestregionens" in (r["title"] or "") + (r["proposal"] or "") + (r["decision"] or "")
                        for r in hits)
    decisions = get_json(server + "/motebok/decisions.json?_shape=array&_search=" + urllib.parse.quote("budsjett*"))
    assert decisions and all("budsjett" in r["text"].lower() for r in decisions)


def test_screenshot_of_the_timeline(server, tmp_path):
    if chromium() is None:
        pytest.skip("chromium is not installed: `make test` installs the Debian package chromium as root")
    png = screenshot(server + "/motebok/vestregionen_timeline", tmp_path / "timeline.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
