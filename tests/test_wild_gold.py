"""The wild gold: 35 real minutes, innkallinger and saksframlegg from bodies all over Norway
(tests/gold_wild; their texts in corpus/wild/raw, most of them web transcripts with one line per
PDF page), scored as text and rendered to PDF.  The rules were fixed while reading this set, so
its numbers are in-sample: the thresholds guard against regressions, they do not measure the
genre (the hidden sets do)."""

import json

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, format_table, metrics_dict

from .conftest import ROOT
from .text_to_pdf import render

WILD = ROOT / "corpus" / "wild" / "raw"
GOLD = ROOT / "tests" / "gold_wild"
FIELDS = ["cases", "case_titles", "decisions", "proposals", "case_references"]


def run_and_score(raw, gold, work):
    return metrics_dict(run_and_evaluate(raw, gold, work)[0])


def run_and_evaluate(raw, gold, work):
    db = work / "db.duckdb"
    assert main(["--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(db),
                 "--work", str(work / "parsed")]) == 0
    results = evaluate(gold, db)
    print(format_table(results))
    return results, db


def value(scores, field):
    return scores[field].get("f1", scores[field].get("accuracy"))


@pytest.fixture(scope="module")
def text_run(tmp_path_factory):
    return run_and_evaluate(WILD, GOLD, tmp_path_factory.mktemp("wild-text"))


@pytest.fixture(scope="module")
def text_scores(text_run):
    return metrics_dict(text_run[0])


@pytest.fixture(scope="module")
def pdf_scores(tmp_path_factory):
    """Every text document with gold rendered as an A4 PDF (wrapped lines, page footers),
    with its gold renamed to the PDF."""
    work = tmp_path_factory.mktemp("wild-pdf")
    raw, gold = work / "raw", work / "gold"
    raw.mkdir()
    gold.mkdir()
    for path in sorted(GOLD.glob("*.gold.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        source = WILD / record["source"]
        if source.suffix not in (".txt", ".md"):
            continue
        render(source.read_text(encoding="utf-8"), raw / f"{source.stem}.pdf")
        record["source"] = f"{source.stem}.pdf"
        (gold / path.name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return run_and_score(raw, gold, work)


def test_cases_on_real_minutes(text_scores):
    assert text_scores["cases"]["precision"] >= 0.95
    assert text_scores["cases"]["recall"] >= 0.95
    assert text_scores["cases"]["f1"] >= 0.95
    assert text_scores["case_titles"]["accuracy"] >= 0.90


def test_decisions_proposals_references(text_scores):
    assert text_scores["decisions"]["f1"] >= 0.90
    assert text_scores["proposals"]["f1"] >= 0.85
    assert text_scores["case_references"]["f1"] >= 0.85


@pytest.mark.parametrize("field", FIELDS)
def test_pdf_form_scores_like_the_text_form(text_scores, pdf_scores, field):
    assert value(pdf_scores, field) >= value(text_scores, field) - 0.03, field


def test_attendees_on_real_minutes(text_scores):
    """Attendance lists flattened from tables and PDF pages (issue 9); invited people are not scored."""
    assert text_scores["attendees.name"]["f1"] >= 0.88
    assert text_scores["attendees.name"]["precision"] >= 0.95
    assert text_scores["attendees.status"]["accuracy"] >= 0.93
    assert text_scores["attendees.affiliation"]["accuracy"] >= 0.90
    assert text_scores["attendees.deputy_for"]["accuracy"] >= 0.95


def header_agreement(db, has_gold: str) -> dict[str, float]:
    """Share of documents whose kind, body and organisation agree with corpus/wild/SOURCES.tsv
    (the collector's labels for all 85 documents; the 50 without gold were not used to write
    rules before the header rules of stop 15, so they are the nearest to a held-out check).
    A label's remark in parentheses is dropped; texts agree at 0.9 similarity."""
    import csv
    import re

    import duckdb

    from pipeline.evaluate import similar

    con = duckdb.connect(str(db), read_only=True)
    rows = {path.rsplit("/", 1)[-1]: dict(kind=kind, body=body, organisation=org)
            for path, kind, body, org in con.execute("SELECT source_path, doc_kind, body, organization FROM documents").fetchall()}
    hits, total = {}, {}
    with open(ROOT / "corpus" / "wild" / "SOURCES.tsv", encoding="utf-8") as f:
        for label in csv.DictReader(f, delimiter="\t"):
            got = rows.get(label["local_name"])
            if label["has_gold"] != has_gold or got is None:
                continue
            for field in ("kind", "body", "organisation"):
                want = re.sub(r"\s*\(.*?\)", "", label[field]).strip()
                if not want or want.startswith("unknown"):
                    continue
                total[field] = total.get(field, 0) + 1
                hits[field] = hits.get(field, 0) + similar((got[field] or "").casefold(), want.casefold(), 0.9)
    return {field: hits[field] / total[field] for field in total}


def test_header_fields_of_the_documents_without_gold(text_run):
    shares = header_agreement(text_run[1], "no")
    print(shares)
    assert shares["kind"] >= 0.90
    assert shares["body"] >= 0.72
    assert shares["organisation"] >= 0.55
