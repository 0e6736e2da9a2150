"""The name reader: lexicons (integrity) and the spaCy rule pipeline that splits lists into people."""

import re

import pytest
import spacy

from extractors import names
from extractors.rules import RuleDataError


def people(text: str) -> list[str]:
    return [item.text for item in names.read_people(text)]


def test_organisations_are_not_people_and_names_with_particles_are():
    text = "Norsk Tipping, Bane Nor, Visma Software, Helse Vest, Hilde Juni Berg, Kari d'Souza, Per Olav Li"
    assert people(text) == ["Hilde Juni Berg", "Kari d'Souza", "Per Olav Li"]


def test_unseparated_run_split_at_given_names():
    text = "Ingvild Loftheim Aud Eldrid Frøholm Terje Mork Leif Jørgen Leknes Arne Fedøy Else Stølen"
    assert people(text) == ["Ingvild Loftheim", "Aud Eldrid Frøholm", "Terje Mork", "Leif Jørgen Leknes",
                            "Arne Fedøy", "Else Stølen"]


def test_run_split_at_places_and_party_codes():
    assert people("Vidar Torgersen / Nore og Uvdal Hans Henrik Thune / Rollag") == ["Vidar Torgersen", "Hans Henrik Thune"]
    items = names.read_items("Paul Henriksen medlem A Anne May Sandvik Olsen medlem A Espen K Andreassen medlem FRP")
    assert [(i.kind, i.text) for i in items] == [
        ("person", "Paul Henriksen"), ("title", "medlem"), ("party", "A"),
        ("person", "Anne May Sandvik Olsen"), ("title", "medlem"), ("party", "A"),
        ("person", "Espen K Andreassen"), ("title", "medlem"), ("party", "FRP")]


def test_initials_hyphens_and_glued_words():
    assert people("Rolf J. Strand, O-J Pettersen, Ole-Johan Pettersen") == ["Rolf J. Strand", "O-J Pettersen", "Ole-Johan Pettersen"]
    # a line-break hyphen and a missing space between two people
    assert people("Ann- Kjersti HernæsErling Nevland") == ["Ann-Kjersti Hernæs", "Erling Nevland"]


def test_unknown_given_name_only_where_the_boundary_is_certain():
    assert people("Sentoorvasan Singaravel (H) Erik Skutle (H)") == ["Sentoorvasan Singaravel", "Erik Skutle"]
    assert people("Byård Harald Victor Hove") == ["Harald Victor Hove"]


def test_place_with_institution_word_is_an_affiliation():
    items = names.read_items("Inger Stubsjøen Hedmark fylkeskommune Arne Vinje, Vinje kommune")
    assert [(i.kind, i.text) for i in items if i.kind != "sep"] == [
        ("person", "Inger Stubsjøen"), ("place", "Hedmark fylkeskommune"), ("person", "Arne Vinje"), ("place", "Vinje kommune")]


def test_offsets_point_at_the_source():
    text = "Til stede: Kari Nordmann (Ap), Ola Hansen"
    for item in names.read_items(text):
        if item.kind == "person":
            assert text[item.start:item.end].replace("- ", "-") == item.text


def test_spacy_components_keep_match_apart_from_annotations():
    nlp = names.nlp()
    assert nlp.pipe_names == ["motebok_lexicon", "motebok_persons"]
    doc = nlp.make_doc("Kari Nordmann (H), Norsk Tipping")
    tagger = nlp.get_pipe("motebok_lexicon")
    spans = tagger.match(doc)
    assert "lexicon" not in doc.spans                      # match is pure
    assert {s.label_ for s in spans} >= {"GIVEN", "PARTY", "ORG"}
    doc = nlp("Kari Nordmann (H), Norsk Tipping")
    assert [s.text for s in doc.spans["persons"]] == ["Kari Nordmann"]
    assert isinstance(nlp, spacy.language.Language) and nlp.lang == "nb"


# --- lexicon integrity ---------------------------------------------------------------------------------


def test_lexicons_load_and_are_large_enough():
    lex = names.lexicon()
    assert len(lex.given) > 5000 and len(lex.surnames) > 3000
    assert {"Kari", "Ole", "Hans", "Anne", "Per", "Juni", "Ingvild"} <= lex.given
    assert {"Hansen", "Olsen", "Berg"} <= lex.surnames


def test_no_lexicon_word_is_both_a_given_name_and_an_organisation_or_title():
    lex = names.lexicon()
    clash = sorted(n for n in lex.given if n.casefold() in lex.org_words or n.casefold() in lex.titles
                   or n.casefold() in lex.stopwords)
    assert clash == []


def test_party_codes_and_titles():
    assert names.party_name("Ap") == "Arbeiderpartiet" and names.party_name("AP-V") == "Arbeiderpartiet"
    assert names.party_name("KrF") == "Kristelig Folkeparti" and names.is_party_code("MDG")
    lex = names.lexicon()
    assert lex.titles["ordfører"].role == "chair" and lex.titles["varamedlem"].status == "deputy"
    assert names.is_title_word("kulturkonsulent") and names.is_title_word("Avdelingsdirektør")
    assert not names.is_title_word("Kari")


def test_every_rule_file_header_states_its_source():
    for name in ("given_names", "surnames"):
        head = (names.rules_path(name)).read_text(encoding="utf-8")[:1200]
        assert "names-dataset" in head and "MIT" in head and "tools/derive_name_lexicons.py" in head


def test_bad_name_file_is_a_named_error(tmp_path, monkeypatch):
    bad = tmp_path / "given_names.yaml"
    bad.write_text("supplement: {}\nnames: [kari]\n", encoding="utf-8")
    monkeypatch.setattr(names, "rules_path", lambda name: bad)
    with pytest.raises(RuleDataError, match="given_names.yaml"):
        names._read_large("given_names")


def test_no_name_starts_with_an_unknown_two_letter_word():
    """OCR of a handwritten signature ("Leder: Ja I ns In Joan") gives no person; known short
    surnames still end names ("Hans Ek", "Per Olav Li")."""
    from extractors.names import read_people

    assert [p.text for p in read_people("Leder: Ja I ns In Joan")] == []
    assert [p.text for p in read_people("Hans Ek, Per Olav Li")] == ["Hans Ek", "Per Olav Li"]
