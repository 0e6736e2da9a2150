"""Full-text search with Norwegian stemming: `motebok search`, search_decisions() and search_all()."""

import pytest

from pipeline.cli import main
from pipeline.db import connect
from pipeline.search import SearchError, search, snippet_around

from .conftest import ROOT
from .test_counts import MINUTES


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    raw = tmp / "raw"
    raw.mkdir()
    (raw / "formannskap.txt").write_text(MINUTES.format(decided_amount="inntil kr 250 000", decided_notice="6"),
                                         encoding="utf-8")
    (raw / "elements_protokoll.txt").write_text((ROOT / "tests/fixtures/elements_protokoll.txt").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    path = tmp / "db.duckdb"
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(path),
                 "--work", str(tmp / "work")]) == 0
    return path


def test_stem_finds_inflected_form(db):
    hits = search(db, "budsjett")
    texts = [h.snippet for h in hits]
    assert any("budsjettene" in t for t in texts), texts
    first = next(h for h in hits if "budsjettene" in h.snippet)
    a, b = first.match
    assert first.snippet[a:b].lower() in ("budsjettene",)
    assert first.case_number == "10/2026" and str(first.meeting_date) == "2026-03-05"
    assert first.source_path.endswith("formannskap.txt")


def test_every_hit_has_document_case_date_and_snippet(db):
    hits = search(db, "budsjettene", scope="all")
    kinds = {h.text_kind for h in hits}
    assert {"case_title", "proposal", "decision", "document"} <= kinds
    for hit in hits:
        assert hit.source_path and hit.snippet and hit.match is not None
        assert hit.case_number == "10/2026"  # a document hit is placed in the case holding the word


def test_scope_decisions(db):
    hits = search(db, "budsjett", scope="decisions")
    assert hits and {h.text_kind for h in hits} <= {"decision", "proposal"}


def test_aeoeaa_are_letters(db):
    """The ignore pattern keeps æ, ø, å inside words: 'møte' is one token, not 'm' + 'te'."""
    con = connect(db, read_only=True)
    n = con.execute("SELECT count(*) FROM search_all('måneders')").fetchone()[0]
    assert n > 0
    assert con.execute("SELECT count(*) FROM search_all('neders')").fetchone()[0] == 0


def test_sql_macro_search_decisions(db):
    con = connect(db, read_only=True)
    rows = con.execute("SELECT case_number, text_kind, text FROM search_decisions('budsjett')").fetchall()
    assert rows and {r[1] for r in rows} == {"decision", "proposal"}
    assert all("budsjett" in r[2].lower() for r in rows)
    assert con.execute("SELECT count(*) FROM search_decisions('utsette')").fetchone()[0] == 0  # only in Behandling


def test_cli_prints_hits(db, capsys):
    assert main(["search", "budsjett", "--db", str(db), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "2026-03-05" in out and "sak 10/2026" in out and "[budsjettene]" in out
    assert out.strip().endswith("3 hits (the first 3)")


def test_cli_empty_query_is_a_user_error(db, capsys):
    assert main(["search", "--db", str(db), "--", "…"]) == 1
    assert "empty query" in capsys.readouterr().err
    with pytest.raises(SearchError):
        search(db, "   ")


def test_snippet_window_cuts_at_words():
    text = "ord " * 50 + "budsjettene " + "mer " * 50
    snippet, (a, b) = snippet_around(text, (200, 211))
    assert snippet[a:b] == "budsjettene" and snippet.startswith("… ") and snippet.endswith(" …")


@pytest.mark.parametrize("query", ["budsjett", "budsjettene 2026", "avtale om oppsigelse", "møte", "Formannskapet vedtar"])
def test_scores_are_the_fts_extensions(db, query):
    """The index made per document (search_terms) scores exactly as DuckDB's fts extension's
    match_bm25 over the same texts (its tokens, Snowball stems and BM25 constants)."""
    mine = connect(db, read_only=True)
    texts = mine.execute("SELECT search_id, text FROM search_texts").fetchall()
    ours = dict(mine.execute("SELECT search_id, score FROM search_all(?)", [query]).fetchall())
    theirs_con = connect(":memory:")
    theirs_con.execute("CREATE TABLE t (search_id VARCHAR, text VARCHAR)")
    theirs_con.executemany("INSERT INTO t VALUES (?, ?)", texts)
    theirs_con.execute("PRAGMA create_fts_index('t', 'search_id', 'text', stemmer = 'norwegian', stopwords = 'none', "
                       "ignore = '[^a-z0-9æøåäöüéèáà]+', strip_accents = 0, lower = 1)")
    theirs = dict(theirs_con.execute("SELECT search_id, fts_main_t.match_bm25(search_id, ?) AS s FROM t "
                                     "WHERE s IS NOT NULL", [query]).fetchall())
    assert ours and ours.keys() == theirs.keys()
    assert all(abs(ours[k] - theirs[k]) < 1e-6 for k in ours)


def test_ties_are_ordered_by_id(db):
    con = connect(db, read_only=True)
    rows = con.execute("SELECT score, search_id FROM search_all('budsjett')").fetchall()
    assert rows == sorted(rows, key=lambda r: (-r[0], r[1]))
