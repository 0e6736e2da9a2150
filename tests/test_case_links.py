"""Case links (explicit references between cases), case identity and process membership."""

import pytest

from extractors.case_links import find_case_links
from extractors.timeline import Section
from pipeline.errors import SettingsError
from pipeline.settings import LoadSettings, settings_from_dict


def links(text, sections=None, organization="Vestregionen", body="Rådmannsgruppen"):
    return find_case_links(text, 0, len(text), sections or [], organization, body)


def test_decision_reference_names_the_deciding_body():
    text = ("Sak 24/2017 Videreføring av Vestregionsamarbeidet etter 2018?\n"
            "Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017) å gjennomføre en prosess fram til juni 2018.")
    sections = [Section("24/2017", "Videreføring av Vestregionsamarbeidet etter 2018?", 0, len(text), 62)]
    (link,) = links(text, sections)
    assert (link.from_case, link.to_case, link.to_organization, link.to_body, link.relation) == (
        "24/2017", "6/2017", "Vestregionen", "Styringsgruppen", "decided_in")
    assert text[link.char_start:link.char_end].startswith("Styringsgruppen besluttet")


@pytest.mark.parametrize("sentence, relation", [
    ("Saken følger opp diskusjonene, jf. sak 24/2017.", "refers_to"),
    ("Saken er en oppfølging av sak 24/2017.", "follows_up"),
    ("Saken ble behandlet i sak 24/2017.", "treated_in"),
    ("Det ble vedtatt i sak 24/2017 at prosessen skal fortsette.", "decided_in"),
    ("Sak 24/2017 nevnes her.", "refers_to"),
])
def test_relation_is_the_cue_nearest_before_the_reference(sentence, relation):
    text = f"Sak 5/2018 Regionsamarbeid\n{sentence}\n"
    sections = [Section("5/2018", "Regionsamarbeid", 0, len(text), 26)]
    (link,) = links(text, sections)
    assert (link.from_case, link.to_case, link.to_body, link.relation) == ("5/2018", "24/2017", "Rådmannsgruppen", relation)


def test_own_cases_and_headings_are_not_links():
    text = ("Sak 25/2017 Tertialrapport\nPer Morstad, Røyken (fra sak 25/2017)\n\n"
            "Sak 22/2017 Referat fra møte i Styringsgruppen\nTil behandling forelå referat.\n")
    split = text.index("Sak 22/2017")
    sections = [Section("25/2017", "Tertialrapport", 0, split, 26),
                Section("22/2017", "Referat fra møte i Styringsgruppen", split, len(text), split + 46)]
    assert links(text, sections) == []


def test_same_number_of_another_body_is_a_link():
    text = "Sak 24/2017 Framtid\nStyringsgruppen behandlet sak 24/2017 i juni.\n"
    sections = [Section("24/2017", "Framtid", 0, len(text), 19)]
    (link,) = links(text, sections)
    assert (link.to_case, link.to_body, link.relation) == ("24/2017", "Styringsgruppen", "treated_in")


def test_body_and_organisation_belong_to_the_nearest_case_number():
    text = "- Vedl 4** Sak 088/09 Formannskapet i Kongsberg kommune – *til sak 004/10*\n"
    sections = [Section("4/2010", "Vurdering", len(text), len(text) + 10)]
    found = links(text, sections, organization="Kongsbergregionen", body="Rådmannsutvalget")
    # 004/10 is the document's own case (no body of its own in the line); 088/09 is Kongsberg kommune's formannskap
    assert [(l.to_case, l.to_organization, l.to_body) for l in found] == [("88/2009", "Kongsberg kommune", "Formannskapet")]


def test_an_organisation_elsewhere_in_the_sentence_is_not_the_owner():
    text = "Buskerud fylkeskommune har sendt planen på høring, jf. sak 12/2017.\n"
    (link,) = links(text)
    assert (link.to_organization, link.to_body) == ("Vestregionen", "Rådmannsgruppen")


def test_list_items_are_separate_sentences():
    text = "- Brev fra Kongsberg kommune – til sak 004/10\n- Notat fra Styringsgruppen – til sak 006/10\n"
    found = links(text, organization="Kongsbergregionen", body="Rådmannsutvalget")
    assert [(l.to_case, l.to_body) for l in found] == [("4/2010", "Rådmannsutvalget"), ("6/2010", "Styringsgruppen")]


# ---------------------------------------------------------------- corpus


def test_corpus_links(corpus_db):
    rows = corpus_db.execute("""
        SELECT regexp_extract(d.source_path, '(\\d{3})_', 1), l.from_case, l.to_case, l.to_body, l.relation
        FROM case_links l JOIN documents d ON d.doc_id = l.from_doc
        WHERE d.organization = 'Vestregionen' ORDER BY 1""").fetchall()
    assert rows == [("000", "32/2017", "6/2017", "Styringsgruppen", "decided_in"),
                    ("001", "24/2017", "6/2017", "Styringsgruppen", "decided_in")]


def test_link_spans_point_at_the_sentence(corpus_db):
    texts = dict(corpus_db.execute("SELECT doc_id, text FROM document_texts").fetchall())
    for doc_id, text, start, end in corpus_db.execute(
            "SELECT from_doc, text, char_start, char_end FROM case_links").fetchall():
        assert " ".join(texts[doc_id][start:end].split()) == text


def test_process_cases_by_title_and_by_link(corpus_db):
    rows = corpus_db.execute("""SELECT body, case_number, joined_by FROM v_process_cases
                                WHERE process_id = 'vestregionen-framtid'""").fetchall()
    assert sorted(rows) == [("Rådmannsgruppen", "24/2017", "title"), ("Styringsgruppen", "24a/2017", "title"),
                            ("Styringsgruppen", "32/2017", "title"), ("Styringsgruppen", "6/2017", "link")]


def test_case_identity_keeps_bodies_apart(corpus_db):
    # 24/2017 is Rådmannsgruppen's case; no Styringsgruppen case 24/2017 joins the process
    assert corpus_db.execute("""SELECT count(*) FROM v_process_cases
                                WHERE case_number = '24/2017' AND body = 'Styringsgruppen'""").fetchone()[0] == 0


def test_processes_summary(corpus_db):
    (row,) = corpus_db.execute("""SELECT process_name, n_cases, n_linked_cases, n_documents, first_meeting, last_meeting
                                  FROM v_processes WHERE process_id = 'vestregionen-framtid'""").fetchall()
    assert row[:4] == ("Vestregionens framtid", 4, 1, 4)
    assert (row[4].isoformat(), row[5].isoformat()) == ("2017-09-14", "2017-11-23")


def test_case_thread_follows_a_case_across_documents(corpus_db):
    rows = corpus_db.execute("""SELECT role, relation, other_body, other_case, regexp_extract(source_path, '(\\d{3})_', 1)
                                FROM v_case_thread WHERE case_number = '6/2017' AND body = 'Styringsgruppen'""").fetchall()
    assert rows == [("referenced", "decided_in", "Rådmannsgruppen", "24/2017", "001"),
                    ("referenced", "decided_in", "Styringsgruppen", "32/2017", "000")]
    roles = corpus_db.execute("""SELECT DISTINCT role FROM v_case_thread
                                 WHERE case_number = '24/2017' AND body = 'Rådmannsgruppen'""").fetchall()
    assert {r[0] for r in roles} == {"treated", "decided", "refers"}


# ---------------------------------------------------------------- process rules in params.yaml


def test_process_rule_rows():
    settings = settings_from_dict(LoadSettings, {"processes": [
        {"id": "p", "name": "P", "organization": "Vestregionen", "title_keywords": ["a", "b"]}]}, "load")
    assert settings.process_rule_rows() == [
        {"process_id": "p", "name": "P", "organization": "Vestregionen", "title_keyword": "a"},
        {"process_id": "p", "name": "P", "organization": "Vestregionen", "title_keyword": "b"}]


@pytest.mark.parametrize("process, message", [
    ({"id": "p", "title_keywords": ["a"], "case_numbers": ["24/2017"]}, "unknown setting load.processes\\[0\\].'case_numbers'"),
    ({"id": "p", "title_keywords": []}, "title_keywords must be a non-empty list"),
    ({"title_keywords": ["a"]}, "id must be a unique non-empty string"),
    ("vestregionen", "must be a mapping"),
])
def test_bad_process_rules_are_named(process, message):
    with pytest.raises(SettingsError, match=message):
        settings_from_dict(LoadSettings, {"processes": [process]}, "load")
