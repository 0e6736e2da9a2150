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
                 "nynorsk_protokoll.txt", "acos_formannskap.txt", "iks_styreprotokoll.txt", "elements_innkalling.txt",
                 "regionrad_referat.txt", "nynorsk_heradsstyre.txt", "two_column_attendance.pdf"):
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
        ("Anne Vik", None, "present", None, "administration"),  # a job title is no affiliation (kept in the note)
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
    header = rows(db, "SELECT doc_kind, organization, body, CAST(meeting_date AS VARCHAR), place FROM documents "
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


def test_acos_protocol_body_recommendation_is_a_decision(db):
    assert rows(db, "SELECT case_number, title, proposal, decision, outcomes FROM v_cases WHERE doc_id = {doc}",
                "acos_formannskap.txt") == [
        ("12/2024", "GODKJENNING AV PROTOKOLL", "Protokoll fra møte 06.02.2024 godkjennes.",
         "Protokoll fra møte 06.02.2024 godkjennes.", "approved"),
        ("13/2024", "REGULERINGSPLAN FOR HAVNA",
         "1. Reguleringsplan for havna vedtas. 2. Rådmannen gis fullmakt til å gjøre mindre endringer.",
         "1. Reguleringsplan for havna vedtas. 2. Rådmannen gis fullmakt til å gjøre mindre endringer.",
         "recommended"),
    ]
    assert rows(db, "SELECT name, status, deputy_for, role FROM attendance WHERE doc_id = {doc} ORDER BY char_start",
                "acos_formannskap.txt") == [
        ("Kari Hansen", "present", None, "chair"), ("Ola Berg", "present", None, "member"),
        ("Nina Lund", "present", None, "member"), ("Per Moen", "absent", None, "member"),
        ("Trond Aas", "deputy", "Per Moen", "member"), ("Geir Nilsen", "present", None, "administration")]
    assert rows(db, "SELECT proposal, result, votes_for, votes_against FROM votes WHERE doc_id = {doc} "
                    "AND case_number = '13/2024' ORDER BY char_start", "acos_formannskap.txt") == [
        ("Utsettelsesforslaget", "rejected", 1, 4), ("Rådmannens forslag", "approved", 4, 1)]


def test_board_minutes_with_styresak_numbers(db):
    assert rows(db, "SELECT case_number, proposal, decision, outcomes FROM v_cases WHERE doc_id = {doc}",
                "iks_styreprotokoll.txt") == [
        ("14/2024", None, "Innkalling og saksliste godkjennes.", "approved"),
        ("15/2024", "Styret godkjenner årsregnskapet for 2023 og legger det fram for representantskapet.",
         "Som forslag til vedtak.", "approved"),
        ("16/2024", None, None, None)]
    assert rows(db, "SELECT organization FROM documents WHERE doc_id = {doc}", "iks_styreprotokoll.txt") == [("Vestmar IKS",)]
    assert rows(db, "SELECT name, status, role FROM attendance WHERE doc_id = {doc} ORDER BY char_start",
                "iks_styreprotokoll.txt") == [
        ("Anne Bø", "present", "chair"), ("Jon Li", "present", "deputy_chair"), ("Eva Ruud", "present", "member"),
        ("Tor Dal", "absent", "member"), ("Siv Holm", "present", "secretary")]


def test_notice_of_meeting_has_proposals_and_no_decisions(db):
    assert rows(db, "SELECT case_number, title, proposal, decision FROM v_cases WHERE doc_id = {doc}",
                "elements_innkalling.txt") == [
        ("5/2024", "Skolebruksplan 2024–2030",
         "Hovedutvalget anbefaler kommunestyret å vedta skolebruksplan 2024–2030.", None),
        ("6/2024", "Tilskudd til lag og foreninger",
         "a) Tilskudd fordeles som vist i vedlegg 1. b) Restmidler overføres til 2025.", None)]
    assert rows(db, "SELECT doc_kind, body FROM documents WHERE doc_id = {doc}", "elements_innkalling.txt") == [
        ("innkalling", "Hovedutvalg for oppvekst og kultur")]


def test_regional_council_titles_deputy_and_reference(db):
    assert rows(db, "SELECT name, affiliation, status, deputy_for, role, note FROM attendance WHERE doc_id = {doc} "
                    "ORDER BY char_start", "regionrad_referat.txt") == [
        ("Kari Hansen", "Hol", "present", None, "member", "Ordfører"),
        ("Ola Dokken", "Gol", "present", None, "member", "ordfører"),
        ("Tor Vik", "Nes", "deputy", "Siri Bakke", "member", "varaordfører"),
        ("Per Lie", "Ål", "present", None, "administration", "rådmann"),
        ("Siri Bakke", "Nes", "absent", None, "member", "Ordfører"),
        ("Anne Moe", None, "present", None, "secretariat", "Regionkoordinator"),
    ]
    assert rows(db, "SELECT case_number, in_case FROM case_references WHERE doc_id = {doc}",
                "regionrad_referat.txt") == [("3/2023", "5/2023")]
    assert rows(db, "SELECT case_number, outcomes FROM v_cases WHERE doc_id = {doc}", "regionrad_referat.txt") == [
        ("5/2023", "approved"), ("6/2023", "elected"), ("7/2023", None)]


def test_nynorsk_heradsstyre(db):
    assert rows(db, "SELECT case_number, title, outcomes FROM v_cases WHERE doc_id = {doc}",
                "nynorsk_heradsstyre.txt") == [
        ("45/2023", "Budsjett 2024", "approved"), ("46/2023", "Val av medlem til kontrollutvalet", "elected")]
    assert rows(db, "SELECT proposal, result, votes_for, votes_against FROM votes WHERE doc_id = {doc} "
                    "ORDER BY char_start", "nynorsk_heradsstyre.txt") == [
        ("Framlegget frå Høgre", "rejected", 1, None), ("Tilrådinga", "approved", 3, 1)]
    assert rows(db, "SELECT name, status, deputy_for FROM attendance WHERE doc_id = {doc} ORDER BY char_start",
                "nynorsk_heradsstyre.txt") == [
        ("Ragnhild Sæle", "present", None), ("Olav Teigen", "present", None),
        ("Synnøve Myklebust", "present", None), ("Knut Hove", "absent", None), ("Ingrid Aske", "deputy", "Knut Hove")]


def test_two_column_attendance_in_a_pdf(db):
    """Names printed side by side: pdfplumber's word gaps become tabs that separate the entries."""
    assert rows(db, "SELECT name, affiliation, status FROM attendance WHERE doc_id = {doc} ORDER BY char_start",
                "two_column_attendance.pdf") == [
        ("Ola Nordmann", "AP", "present"), ("Kari Nilsen", "H", "present"), ("Per Hansen", "SP", "present"),
        ("Lise Berg", "FRP", "present"), ("Anne Lie", "SV", "present"), ("Jon Dahl", "AP", "absent")]
    assert rows(db, "SELECT place, body FROM documents WHERE doc_id = {doc}", "two_column_attendance.pdf") == [
        ("Rådhuset", "Eldrerådet")]


def test_a_proposal_worded_as_adopted_is_no_vote(tmp_path):
    from pipeline.extract import extract_document
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document
    from pipeline.settings import ExtractSettings, IngestSettings, SegmentSettings

    path = tmp_path / "m.txt"
    path.write_text("Møtebok\nValstyret\n\nSak 36/24 Val av ordstyrar\n\nFramlegg til vedtak:\n"
                    "Valnemnda sitt framlegg vert vedteke.\n\nVotering:\nSamrøystes vedteke.\n", encoding="utf-8")
    doc = read_document(path, path.read_bytes(), IngestSettings(), str(path))
    tables = extract_document(doc, segment_document(doc, SegmentSettings()), ExtractSettings())
    assert [(v["text"], v["unanimous"]) for v in tables["votes"]] == [("Samrøystes vedteke.", True)]
