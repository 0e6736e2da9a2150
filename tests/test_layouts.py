"""Whole documents in layouts the dev corpus lacks (written for the genre, see tests/fixtures/):
Elements protocols with member tables and named votes, the same protocol as a PDF, nynorsk."""

import duckdb
import pytest

from pipeline.cli import main

from .conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    work = tmp_path_factory.mktemp("layouts")
    raw = work / "raw"
    raw.mkdir()
    for name in ("elements_moteprotokoll_tables.txt", "elements_protokoll.txt", "elements_protokoll.pdf",
                 "nynorsk_protokoll.txt"):
        (raw / name).write_bytes((FIXTURES / name).read_bytes())
    assert main(["--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(work / "db.duckdb"),
                 "--work", str(work / "parsed")]) == 0
    con = duckdb.connect(str(work / "db.duckdb"), read_only=True)
    yield con
    con.close()


def rows(db, sql, name):
    return db.execute(sql.replace("{doc}", "(SELECT doc_id FROM documents WHERE source_path LIKE '%/' || ?)"), [name]).fetchall()


def test_elements_member_tables(db):
    assert rows(db, "SELECT name, affiliation, status, deputy_for, role FROM attendance WHERE doc_id = {doc} "
                    "ORDER BY char_start", "elements_moteprotokoll_tables.txt") == [
        ("Ola Nordmann", "AP", "present", None, "chair"),
        ("Kari Nilsen", "FRP", "present", None, "member"),
        ("Per Hansen", "H", "present", None, "deputy_chair"),
        ("Siri Moe", "SV", "present", None, "member"),
        ("Jon Dahl", "H", "absent", None, "member"),
        ("Lise Berg", "H", "deputy", "Jon Dahl", "member"),
        ("Anne Vik", "Kommunedirektør", "present", None, "administration"),
    ]


def test_elements_cases_decisions_and_named_vote(db):
    assert rows(db, "SELECT case_number, title, decision, proposal FROM v_cases WHERE doc_id = {doc}",
                "elements_moteprotokoll_tables.txt") == [
        ("1/2026", "Godkjenning av innkalling og saksliste", "Innkalling og saksliste godkjennes.", None),
        ("2/2026", "Økonomirapport 4. kvartal 2025",
         "Kommunestyret tar økonomirapport for 4. kvartal 2025 til orientering.",
         "Kommunestyret tar økonomirapport for 4. kvartal 2025 til orientering."),
        ("3/2026", "Interpellasjon fra Kari Nilsen (FRP) om skolestruktur",
         "Interpellasjonen med svar tas til orientering.", None),
    ]
    assert rows(db, "SELECT case_number, proposal, result, votes_for, votes_against, unanimous FROM votes "
                    "WHERE doc_id = {doc}", "elements_moteprotokoll_tables.txt") == [
        ("2/2026", "Kommunedirektørens innstilling", "approved", 3, 1, False)]
    assert rows(db, "SELECT m.name, m.choice, m.person_id = a.person_id FROM vote_members m "
                    "JOIN attendance a ON a.doc_id = m.doc_id AND a.name = m.name WHERE m.doc_id = {doc}",
                "elements_moteprotokoll_tables.txt") == [("Kari Nilsen", "against", True)]
    header = rows(db, "SELECT kind, organization, body, CAST(meeting_date AS VARCHAR), place FROM documents "
                      "WHERE doc_id = {doc}", "elements_moteprotokoll_tables.txt")
    assert header == [("protokoll", "Fjordby kommune", "Kommunestyret", "2026-02-12", "Kommunestyresalen, Rådhuset")]


@pytest.mark.parametrize("name", ["elements_protokoll.txt", "elements_protokoll.pdf"])
def test_votes_without_names(db, name):
    assert rows(db, "SELECT case_number, result, votes_against, unanimous FROM votes WHERE doc_id = {doc} "
                    "ORDER BY char_start", name) == [
        ("6/2026", "approved", 0, True), ("7/2026", "rejected", None, None),
        ("7/2026", "approved", 3, False), ("8/2026", "approved", 0, True)]


def test_nynorsk_attendance_and_votes(db):
    assert rows(db, "SELECT name, status, deputy_for FROM attendance WHERE doc_id = {doc} ORDER BY char_start",
                "nynorsk_protokoll.txt") == [
        ("Sigrid Haugland", "present", None), ("Nils Vik", "present", None), ("Åse Botn", "present", None),
        ("Leiv Tveit", "deputy", "Ivar Nes"), ("Ivar Nes", "absent", None)]
    assert rows(db, "SELECT case_number, result, votes_for, votes_against FROM votes WHERE doc_id = {doc} "
                    "ORDER BY char_start", "nynorsk_protokoll.txt") == [
        ("12/2025", "approved", None, 0), ("13/2025", "approved", 4, 1)]


def test_same_person_across_the_pdf_and_text_protocol(db):
    ids = db.execute("SELECT DISTINCT person_id FROM attendance WHERE name = 'Lise Berg'").fetchall()
    assert len(ids) == 1
