"""Timeline events: plan blocks, phase lists, referenced meetings, deadlines; the
score against the 004 gold timeline; and the process timeline view on the corpus."""

import calendar
import datetime
import json
import shutil

import pytest

from extractors import rules
from extractors.timeline import Section, canonical_body, find_timeline, phase_name, timeline_rules

from .conftest import GOLD

D = datetime.date


def events(text, own_date=None, own_body=None, sections=None):
    return find_timeline(text, 0, len(text), sections or [], own_date, own_body)


def by_kind(found, kind):
    return [e for e in found if e.kind == kind]


# ---------------------------------------------------------------- plan blocks

PLAN = """Fremdriftsplan:

<b>Forankring: Juni – september 2017.</b>\t
Utarbeide diskusjonsgrunnlag og forankre det i styringsgruppen.\t
15.06.17\tStyringsgruppen
14.09.17  Rådmannsgruppen
<b>Beslutning.</b>
14.06.18 Generalforsamling
"""


def test_plan_block_rows_take_the_phase_heading_above_them():
    found = events(PLAN)
    meetings = by_kind(found, "plan_meeting")
    assert [(e.start, e.label, e.body, e.phase) for e in meetings] == [
        (D(2017, 6, 15), "Styringsgruppen", "Styringsgruppen", "Forankring"),
        (D(2017, 9, 14), "Rådmannsgruppen", "Rådmannsgruppen", "Forankring"),
        (D(2018, 6, 14), "Generalforsamling", "Generalforsamlingen", "Beslutning"),  # canonical body, label as written
    ]
    assert all(e.status == "planned" and e.end is None and e.precision == "day" for e in meetings)


def test_a_dated_phase_heading_is_a_phase_when_no_phase_list_names_it():
    phases = by_kind(events(PLAN), "plan_phase")
    assert [(e.start, e.end, e.label, e.phase) for e in phases] == [
        (D(2017, 6, 1), D(2017, 9, 30), "Forankring", "Forankring")]


@pytest.mark.parametrize("heading", ["**Framdriftsplan:**", "Møteplan 2018:", "### Tidsplan", "MØTEPLAN"])
def test_plan_heading_variants(heading):
    text = f"{heading}\n07.12.17\tStyringsgruppen\n"
    assert [e.start for e in by_kind(events(text), "plan_meeting")] == [D(2017, 12, 7)]


def test_a_sentence_about_a_plan_is_no_plan_heading():
    text = "Fremdriftsplan for prosessen frem mot juni 2018.\n07.12.17\tStyringsgruppen\n"
    assert by_kind(events(text), "plan_meeting") == []


def test_plan_block_ends_at_the_next_markdown_heading_and_with_its_agenda_item():
    text = "Møteplan:\n07.12.17 Styringsgruppen\n## Neste sak\n22.02.18 Rådmannsgruppen\n"
    assert [e.start for e in by_kind(events(text), "plan_meeting")] == [D(2017, 12, 7)]
    item_end = text.index("## Neste")
    sections = [Section("5/2018", "Sak", 0, item_end)]
    found = events(text.replace("## Neste sak", "Sak 6/2018 Annet"), sections=sections)
    assert [(e.start, e.case_number) for e in by_kind(found, "plan_meeting")] == [(D(2017, 12, 7), "5/2018")]


def test_markdown_table_plan_rows():
    text = "Møteplan\n\n| 07.12.17 | Styringsgruppen |\n| 22.02.18 | Rådmannsgruppen |\n"
    assert [(e.start, e.body) for e in by_kind(events(text), "plan_meeting")] == [
        (D(2017, 12, 7), "Styringsgruppen"), (D(2018, 2, 22), "Rådmannsgruppen")]


# ---------------------------------------------------------------- phase lists

PHASES = """Det er fastsatt noen faser i dette arbeidet:

Juni – september 2017:\tEtablere en omforent prosess:
Oktober 2017 – januar 2018:\tDiskusjoner i kommunene.
Mai 2018:\tStyringsgruppen gir anbefaling
14.juni 2018:\tGeneralforsamlingen beslutter
"""


def test_phase_list_rows():
    phases = by_kind(events(PHASES), "plan_phase")
    assert [(e.start, e.end, e.precision, e.label, e.phase) for e in phases] == [
        (D(2017, 6, 1), D(2017, 9, 30), "range", "Etablere en omforent prosess", "Etablere en omforent prosess"),
        (D(2017, 10, 1), D(2018, 1, 31), "range", "Diskusjoner i kommunene.", "Diskusjoner i kommunene"),
        (D(2018, 5, 1), D(2018, 5, 31), "month", "Styringsgruppen gir anbefaling", "Styringsgruppen gir anbefaling"),
        (D(2018, 6, 14), None, "day", "Generalforsamlingen beslutter", "Generalforsamlingen beslutter"),
    ]


def test_a_dated_list_without_a_phase_cue_is_history_not_a_plan():
    text = "Samarbeidet har vokst:\n\n2014:\tNettverket ble etablert\n2015:\tFolkehelse ble tatt inn\n"
    assert events(text) == []


def test_phase_list_needs_two_lines():
    assert by_kind(events("Fasene:\n\nMai 2018:\tAnbefaling\n"), "plan_phase") == []


def test_phase_heading_in_a_plan_repeating_the_phase_list_is_not_recorded_twice():
    text = PHASES + "\nFremdriftsplan:\n<b>Diskusjoner i kommunene: Oktober 2017 – januar 2018.</b>\n23.11.17 Rådmannsgruppen\n"
    found = events(text)
    assert len(by_kind(found, "plan_phase")) == 4
    assert by_kind(found, "plan_meeting")[0].phase == "Diskusjoner i kommunene"


@pytest.mark.parametrize("heading, name", [
    ("Etablere en omforent prosess: Juni – september 2017.", "Etablere en omforent prosess"),
    ("<b>Diskusjoner mellom kommunene i Vestregionen: Desember 2017 – mai 2018:</b>",
     "Diskusjoner mellom kommunene i Vestregionen"),
    ("Generalforsamlingen beslutter.", "Generalforsamlingen beslutter"),
])
def test_phase_name(heading, name):
    assert phase_name(heading) == name


# ---------------------------------------------------------------- referenced meetings and deadlines

@pytest.mark.parametrize("text, day, body, case", [
    ("Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017, å gjennomføre en prosess.",
     D(2017, 6, 15), "Styringsgruppen", "6/2017"),
    ("Til behandling forelå protokoll fra generalforsamling 15.06.2017.", D(2017, 6, 15), "Generalforsamlingen", None),
    ("Nåværende leder ble valgt i møte den 09.01.09.", D(2009, 1, 9), None, None),
])
def test_referenced_meetings(text, day, body, case):
    found = by_kind(events(text, own_date=D(2017, 9, 14), own_body="Rådmannsgruppen"), "referenced_meeting")
    assert [(e.start, e.body, e.case_number, e.status) for e in found] == [(day, body, case, "held")]


def test_referenced_meeting_takes_its_body_from_the_item_title():
    text = "Sak 21/2017 Referat fra møte i Rådmannsgruppen\nTil behandling forelå referat fra møte 01.06.2017\n"
    sections = [Section("21/2017", "Referat fra møte i Rådmannsgruppen", 0, len(text), 46)]
    (event,) = by_kind(events(text, own_date=D(2017, 9, 14), own_body="Rådmannsgruppen", sections=sections),
                       "referenced_meeting")
    assert (event.start, event.body, event.case_number) == (D(2017, 6, 1), "Rådmannsgruppen", "21/2017")


def test_the_documents_own_meeting_and_plain_dates_are_not_references():
    text = "Referat fra møte i Rådmannsgruppen 14. september 2017\n\nTid: Torsdag 14.09.2017\n\nRapport pr 30.07.2017."
    assert events(text, own_date=D(2017, 9, 14), own_body="Rådmannsgruppen") == []


def test_a_later_meeting_referred_to_is_planned():
    (event,) = events("Saken behandles i møte 07.12.2017.", own_date=D(2017, 9, 14))
    assert (event.kind, event.status) == ("referenced_meeting", "planned")


@pytest.mark.parametrize("text, day, precision", [
    ("Kommunene gir innspill innen 1. mars 2018.", D(2018, 3, 1), "day"),
    ("Høringsfrist 01.03.2018 for alle kommunene.", D(2018, 3, 1), "day"),
    ("Grunnlaget må foreligge (innen sept 2010)", D(2010, 9, 1), "month"),
])
def test_deadlines(text, day, precision):
    (event,) = events(text)
    assert (event.kind, event.start, event.precision, event.status) == ("deadline", day, precision, "due")


# ---------------------------------------------------------------- rule data


def test_timeline_rules_load_and_canonical_bodies_are_known_bodies():
    loaded = timeline_rules()
    known = {name for name, _ in loaded.bodies}
    assert set(loaded.body_synonyms.values()) <= known
    assert canonical_body("Generalforsamling") == "Generalforsamlingen"
    assert canonical_body("Styringsgruppen") == "Styringsgruppen"
    assert loaded.default_relation in {name for name, _ in loaded.relation_cues}


@pytest.fixture
def rule_copy(tmp_path, monkeypatch):
    """A copy of the rule files to break one at a time."""
    for path in rules.RULES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules._read_yaml.cache_clear()
    timeline_rules.cache_clear()
    yield tmp_path / "timeline.yaml"
    rules._read_yaml.cache_clear()
    timeline_rules.cache_clear()


@pytest.mark.parametrize("edit, message", [
    (lambda t: t + "\nplan_headingz: []\n", "unknown key 'plan_headingz'"),
    (lambda t: t.replace("Generalforsamling: Generalforsamlingen", "Generalforsamling: Kaffeklubben"),
     "not a body in bodies.yaml"),
    (lambda t: t.replace("default_relation: refers_to", "default_relation: mentions"), "default_relation"),
    (lambda t: t.replace("phase_list_min_lines: 2", "phase_list_min_lines: 0"), "phase_list_min_lines"),
    (lambda t: t.replace("innkalling: planned", "innkalling: maybe"), "own_meeting_status"),
])
def test_bad_timeline_rules_are_named(rule_copy, edit, message):
    rule_copy.write_text(edit(rule_copy.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(rules.RuleDataError, match=message):
        timeline_rules()


# ---------------------------------------------------------------- 004 gold timeline


def gold_period(start: datetime.date, end: datetime.date | None, precision: str) -> tuple[str, str | None]:
    """Dates in the gold's notation: whole months as YYYY-MM, days as YYYY-MM-DD."""
    def whole_months(a, b):
        return a.day == 1 and b.day == calendar.monthrange(b.year, b.month)[1]
    if precision == "month":
        return f"{start:%Y-%m}", None
    if precision == "range" and whole_months(start, end):
        return f"{start:%Y-%m}", f"{end:%Y-%m}"
    return start.isoformat(), end.isoformat() if end else None


def timeline_score(gold: list[dict], found: list[tuple]) -> dict:
    gold_items = [(g["date"], g["end"], g["body_or_event"], g["phase"]) for g in gold]
    unmatched = list(found)
    hits = 0
    for item in gold_items:
        if item in unmatched:
            unmatched.remove(item)
            hits += 1
    precision = hits / len(found) if found else 0.0
    recall = hits / len(gold_items) if gold_items else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"gold": len(gold_items), "found": len(found), "matched": hits, "precision": precision,
            "recall": recall, "f1": f1}


def test_004_plan_matches_the_gold_timeline(corpus_db):
    gold = json.loads((GOLD / "004_5ac1954d7cd29f3b.gold.json").read_text(encoding="utf-8"))["timeline"]
    rows = corpus_db.execute("""
        SELECT e.date, e.end_date, e.precision, e.label, e.phase
        FROM timeline_events e JOIN documents d USING (doc_id)
        WHERE d.source_path LIKE '%004_5ac1954d7cd29f3b.txt' AND e.event_kind IN ('plan_phase', 'plan_meeting')
        ORDER BY e.char_start""").fetchall()
    found = [(*gold_period(start, end, precision), label, phase) for start, end, precision, label, phase in rows]
    score = timeline_score(gold, found)
    print(f"004 timeline: {score}")
    assert score["matched"] == score["gold"] == score["found"] == 16, score


# ---------------------------------------------------------------- the process timeline on the corpus


@pytest.fixture(scope="module")
def future(corpus_db):
    columns = [r[0] for r in corpus_db.execute("DESCRIBE v_future_process_timeline").fetchall()]
    return [dict(zip(columns, row)) for row in corpus_db.execute("SELECT * FROM v_future_process_timeline").fetchall()]


def row(rows, kind, day, body):
    (found,) = [r for r in rows if r["event_kind"] == kind and r["date"] == day and r["body"] == body]
    return found


def test_planned_meeting_with_minutes_is_held(future):
    held = row(future, "plan_meeting", D(2017, 9, 14), "Rådmannsgruppen")
    assert held["status"] == "held"
    assert sorted(p.rsplit("/", 1)[-1][:3] for p in held["sources"]) == ["001", "004"]


def test_planned_meeting_without_minutes_stays_planned(future):
    assert row(future, "plan_meeting", D(2017, 12, 7), "Styringsgruppen")["status"] == "planned"
    assert row(future, "plan_meeting", D(2018, 2, 22), "Rådmannsgruppen")["status"] == "planned"


def test_held_meeting_not_in_the_plan_is_unplanned(future):
    unplanned = [r for r in future if r["status"] == "unplanned"]
    assert [(r["date"], r["body"], r["case_number"]) for r in unplanned] == [(D(2017, 11, 23), "Styringsgruppen", "32/2017")]


def test_meeting_a_later_document_reports_is_reported(future):
    assert row(future, "plan_meeting", D(2017, 6, 15), "Styringsgruppen")["status"] == "reported"
    decision = row(future, "referenced_meeting", D(2017, 6, 15), "Styringsgruppen")
    assert decision["case_number"] == "6/2017" and len(decision["sources"]) == 2


def test_undated_document_is_kept_last(future):
    last = future[-1]
    assert (last["date"], last["status"], last["case_number"]) == (None, "undated", "24a/2017")
    assert [r for r in future if r["date"] is None] == [last]


def test_timeline_is_in_date_order_with_all_plan_rows(future):
    dates = [r["date"] for r in future if r["date"] is not None]
    assert dates == sorted(dates)
    assert [r["seq"] for r in future] == list(range(1, len(future) + 1))
    assert sum(r["event_kind"] in ("plan_phase", "plan_meeting") for r in future) == 16
    assert {r["status"] for r in future} <= {"planned", "held", "reported", "unplanned", "undated"}


def test_timeline_spans_point_at_the_source(corpus_db):
    texts = dict(corpus_db.execute("SELECT doc_id, text FROM document_texts").fetchall())
    for doc_id, kind, label, start, end, page in corpus_db.execute(
            "SELECT doc_id, event_kind, label, char_start, char_end, page FROM timeline_events").fetchall():
        assert page >= 1 and 0 <= start <= end <= len(texts[doc_id])
        if kind in ("plan_meeting", "plan_phase") and not label[:1].isdigit():
            assert " ".join(label.split())[:10] in " ".join(texts[doc_id][start:end].split()), (kind, label)
