"""Counts a user can trust: an obligation the decision repeats from the proposal is one row,
and one meeting filed twice (text and PDF) is one meeting in the attendance rate."""

import shutil

import pytest

from pipeline.cli import main
from pipeline.db import connect
from pipeline.extract_repeats import AMOUNT_TERMS, merge_proposal_repeats

from .conftest import FIXTURES, ROOT

# An Elements-style protocol: each case's decision repeats its innstilling word for word.
MINUTES = """\
Fjordby kommune

Møteprotokoll

Formannskapet

Dato: 05.03.2026 kl. 10:00 – 12:00
Sted: Formannskapssalen, Rådhuset

Til stede: Ola Nordmann (AP), Kari Nilsen (FrP), Per Hansen (H)
Forfall: Jon Dahl (H)

PS 10/26 Rammer for budsjettene 2027

Kommunedirektørens innstilling
Formannskapet ber om at budsjettene for 2027 legges fram innen 1. oktober 2026. Tilskuddet til Fjordby idrettsråd settes til inntil kr 250 000.

Saksprotokoll i Formannskapet - 05.03.2026

Votering
Enstemmig vedtatt.

FSK- 10/26 Vedtak:
Formannskapet ber om at budsjettene for 2027 legges fram innen 1. oktober 2026. Tilskuddet til Fjordby idrettsråd settes til {decided_amount}.

PS 11/26 Interkommunalt legevaktsamarbeid med Nabobyen kommune

Kommunedirektørens innstilling
Fjordby kommune inngår samarbeidsavtale med Nabobyen kommune om legevakt fra 1. januar 2027. Avtalen kan sies opp med 6 måneders skriftlig varsel.

Saksprotokoll i Formannskapet - 05.03.2026

Votering
Enstemmig vedtatt.

FSK- 11/26 Vedtak:
Fjordby kommune inngår samarbeidsavtale med Nabobyen kommune om legevakt fra 1. januar 2027. Avtalen kan sies opp med {decided_notice} måneders skriftlig varsel.
"""


def build(tmp_path, files: dict[str, str | bytes]):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, content in files.items():
        (raw / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    db = tmp_path / "db.duckdb"
    assert main(["-q", "--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(db),
                 "--work", str(tmp_path / "work")]) == 0
    return connect(db, read_only=True)


def test_repeated_agreement_and_amount_are_one_row_with_both_spans(tmp_path):
    text = MINUTES.format(decided_amount="inntil kr 250 000", decided_notice="6")
    con = build(tmp_path, {"formannskap.txt": text})
    (agreement,) = con.execute("""SELECT counterparty, notice_months, char_start, char_end, proposal_char_start,
                                         proposal_char_end FROM agreements""").fetchall()
    assert agreement[:2] == ("Nabobyen kommune", 6)
    (amount,) = con.execute("""SELECT value_nok, char_start, char_end, proposal_char_start, proposal_char_end
                               FROM amounts""").fetchall()
    assert amount[0] == 250000
    spans = con.execute("""SELECT decision_kind, char_start, char_end FROM decisions ORDER BY char_start""").fetchall()
    proposal_10, decision_10, proposal_11, decision_11 = [(start, end) for _, start, end in spans]
    # the kept row is the decision's copy; the proposal's copy is the second span
    assert decision_11[0] <= agreement[2] < decision_11[1] and proposal_11[0] <= agreement[4] < proposal_11[1]
    assert decision_10[0] <= amount[1] < decision_10[1] and proposal_10[0] <= amount[3] < proposal_10[1]
    source = con.execute("SELECT text FROM document_texts").fetchone()[0]
    assert source[amount[1]:amount[2]] == source[amount[3]:amount[4]] == "inntil kr 250 000"


def test_decision_that_changes_the_terms_keeps_both_rows(tmp_path):
    text = MINUTES.format(decided_amount="inntil kr 300 000", decided_notice="12")
    con = build(tmp_path, {"formannskap.txt": text})
    assert sorted(r[0] for r in con.execute("SELECT notice_months FROM agreements").fetchall()) == [6, 12]
    assert sorted(r[0] for r in con.execute("SELECT value_nok FROM amounts").fetchall()) == [250000, 300000]
    assert con.execute("SELECT count(*) FROM amounts WHERE proposal_char_start IS NOT NULL").fetchone()[0] == 0


def row(doc, start, end, value=100.0, text="kr 100"):
    return {"amount_id": f"{doc}-{start}", "doc_id": doc, "agreement_id": None, "value_nok": value, "per": None,
            "year": None, "upper_bound": False, "text": text, "page": 1, "char_start": start, "char_end": end}


def block(doc, kind, item, start, end):
    return {"doc_id": doc, "kind": kind, "item_ordinal": item, "char_start": start, "char_end": end}


def test_only_repeats_within_one_item_merge():
    blocks = [block("d", "proposal", 1, 0, 50), block("d", "decision", 1, 60, 100),
              block("d", "proposal", 2, 110, 150), block("d", "decision", 3, 160, 200)]
    rows = [row("d", 10, 16), row("d", 70, 76),      # item 1: proposal repeated in the decision → one
            row("d", 120, 126), row("d", 170, 176),  # proposal of item 2, decision of item 3 → two
            row("e", 10, 16)]                         # another document → its own
    kept, merged = merge_proposal_repeats(rows, blocks, AMOUNT_TERMS, "amount_id")
    assert merged == {"d-10": "d-70"}
    assert [r["amount_id"] for r in kept] == ["d-70", "d-120", "d-170", "e-10"]
    assert (kept[0]["proposal_char_start"], kept[0]["proposal_char_end"]) == (10, 16)


def test_same_meeting_as_text_and_pdf_is_one_meeting(tmp_path):
    files = {name: (FIXTURES / name).read_bytes() for name in ("elements_protokoll.txt", "elements_protokoll.pdf")}
    con = build(tmp_path, files)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert con.execute("SELECT count(DISTINCT meeting_key) FROM v_attendance").fetchone()[0] == 1
    rates = con.execute("""SELECT person_name, meetings_present, meetings_expected FROM v_attendance_rate
                           WHERE level = 'person' ORDER BY person_name""").fetchall()
    assert rates and all(expected == 1 for _, _, expected in rates)
    assert ("Jon Dahl", 0, 1) in rates and ("Ola Nordmann", 1, 1) in rates


def test_different_meetings_stay_apart(tmp_path):
    files = {"a.txt": (FIXTURES / "elements_protokoll.txt").read_text(encoding="utf-8"),
             "b.txt": (FIXTURES / "elements_protokoll.txt").read_text(encoding="utf-8").replace("12.02.2026", "12.03.2026")}
    con = build(tmp_path, files)
    assert con.execute("SELECT count(DISTINCT meeting_key) FROM v_attendance").fetchone()[0] == 2
    assert con.execute("""SELECT meetings_expected FROM v_attendance_rate WHERE person_name = 'Ola Nordmann'""").fetchone() == (2,)
