"""Growth of a process: new minutes that follow the plan turn a planned meeting into a
held one, and a new case that refers to a process case joins the process thread."""

import os
import shutil

import duckdb
import pytest

from pipeline.cli import main

from .conftest import RAW, ROOT

NEW_MINUTES = """\
Referat fra møte i Rådmannsgruppen 22. februar 2018

Tid: Torsdag 22.02.2018 kl. 09.00 – 11.00

Sted: Asker rådhus

Til stede: Erik Kjeldstadli, Bærum, Lars Bjerke, Asker, Trude Andresen, Øvre Eiker

Sekretariatet: Nina Solberg, Vestregionen

Godkjenning av innkalling og dagsorden:

Vedtak:
Godkjent.

Saker til behandling:

Sak 05/2018 **Regionsamarbeidet etter 2018 – oppfølging av diskusjonene i kommunene**
Rådmannsgruppen drøftet innspillene fra de lokale diskusjonene i kommunene i Vestregionen, jf. sak 24/2017. Styringsgruppen behandler saken i møte 24.05.2018.

Vedtak:
Rådmannsgruppen tar innspillene til orientering og ber sekretariatet utarbeide forslag til anbefaling.

Sak 06/2018 **Eventuelt**
Ingen saker meldt.
"""

NEW_FILE = "005_radmannsgruppen_2018-02-22.txt"


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """corpus/raw plus the new minutes, through every stage."""
    work = tmp_path_factory.mktemp("growth")
    raw = work / "raw"
    shutil.copytree(RAW, raw)
    (raw / NEW_FILE).write_text(NEW_MINUTES, encoding="utf-8")
    db = work / "motebok.duckdb"
    cwd = os.getcwd()
    os.chdir(ROOT)  # the OCR cache (.cache/ocr) is relative to the repository
    try:
        assert main(["--params", str(ROOT / "params.yaml"), "run", str(raw), "--db", str(db),
                     "--work", str(work / "parsed")]) == 0
    finally:
        os.chdir(cwd)
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def plan_status(con, day, body):
    return con.execute("""SELECT status, sources FROM v_future_process_timeline
                          WHERE event_kind = 'plan_meeting' AND date = ?::DATE AND body = ?""", [day, body]).fetchone()


def process_case(con, case_number):
    return con.execute("""SELECT body, joined_by FROM v_process_cases
                          WHERE process_id = 'vestregionen-framtid' AND case_number = ?""", [case_number]).fetchall()


def test_planned_meeting_turns_held(corpus_db, grown):
    assert plan_status(corpus_db, "2018-02-22", "Rådmannsgruppen") == ("planned", None)
    status, sources = plan_status(grown, "2018-02-22", "Rådmannsgruppen")
    assert status == "held" and [s.rsplit("/", 1)[-1] for s in sources] == [NEW_FILE]
    # a meeting the new minutes only announce is still just planned
    assert plan_status(grown, "2018-05-24", "Styringsgruppen")[0] == "planned"


def test_the_new_meeting_is_in_the_plan_not_unplanned(grown):
    unplanned = grown.execute("""SELECT date FROM v_future_process_timeline WHERE status = 'unplanned'""").fetchall()
    assert [str(r[0]) for r in unplanned] == ["2017-11-23"]


def test_follow_up_case_joins_the_process_through_its_link(corpus_db, grown):
    assert process_case(corpus_db, "5/2018") == []
    assert process_case(grown, "5/2018") == [("Rådmannsgruppen", "link")]
    (link,) = grown.execute("""SELECT from_case, to_case, to_body, relation FROM case_links l
                               JOIN documents d ON d.doc_id = l.from_doc
                               WHERE d.source_path LIKE ?""", [f"%{NEW_FILE}"]).fetchall()
    assert link == ("5/2018", "24/2017", "Rådmannsgruppen", "refers_to")


def test_the_new_decision_is_on_the_timeline_and_the_thread(grown):
    decisions = grown.execute("""SELECT date, status, case_number FROM v_future_process_timeline
                                 WHERE event_kind = 'decision' AND case_number = '5/2018'""").fetchall()
    assert [(str(d), s, c) for d, s, c in decisions] == [("2018-02-22", "held", "5/2018")]
    thread = grown.execute("""SELECT role, other_case FROM v_case_thread
                              WHERE case_number = '24/2017' AND body = 'Rådmannsgruppen' AND role = 'referenced'""").fetchall()
    assert thread == [("referenced", "5/2018")]
