"""Shared fixtures: the repository root, and one pipeline run over the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory):
    """Run every stage on corpus/raw once (OCR is cached in .cache/ocr under the repo)."""
    from pipeline.cli import main

    work = tmp_path_factory.mktemp("corpus-run")
    db = work / "motebok.duckdb"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["--params", str(ROOT / "params.yaml"), "run", str(RAW), "--db", str(db),
                     "--work", str(work / "parsed")]) == 0
    finally:
        os.chdir(cwd)
    return {"db": db, "parsed": work / "parsed"}


@pytest.fixture(scope="session")
def corpus_db(corpus_run):
    from pipeline.db import connect

    con = connect(corpus_run["db"], read_only=True)
    yield con
    con.close()


def segment_text(text: str, name: str = "x.txt"):
    """Segment a text as one page of a typed document (the unit tests' way into the segmenter)."""
    from pipeline.records import PageSpan, ParsedDocument
    from pipeline.segment import segment_document
    from pipeline.settings import SegmentSettings

    doc = ParsedDocument("x", name, [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    return segment_document(doc, SegmentSettings())
