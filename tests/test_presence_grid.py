"""Presence grids ("Medlemmer Møtt Varamedlemmer"), flattened into one run: rows split at their
markers, the deputy who met read from the row of the member who was absent."""

import pytest

from extractors import presence_grid
from extractors.attendance import read_attendance
from extractors.rules import RuleDataError

PARTY_GROUPS = ("Møtedato: 12.03.2009 MEDLEMMER MØTT VARAMEDLEMMER Arbeiderpartiet 1. Kari Nordmann M "
                "2. Ola Hansen M/F Inhabil sak 17/09: Per Olsen Høyre 1. Anne Berg, ordfører M "
                "2. Nils Dahl F Liv Moen Kristelig Folkeparti, Venstre 1. Tor Lie (KrF) M "
                "Antall stemmeberettigede: 5 av 5 Møtende fra administrasjonen: Rådmann Jan Lund")
NO_ORDINALS = ("Frammøteliste: Medlemmer Møtt Varamedlemmer Randi Skog, leder x Karsten Vik, nestleder "
               "Forfall Forfall Geir Strand x Merknader Antall stemmeberettigede fremmøtte 2 av 3.")


def rows(text):
    return [(r.name, r.status, r.affiliation, r.deputy_for) for g in presence_grid.find_grids(text) for r in g.rows]


def test_party_groups_ordinals_and_deputies():
    assert rows(PARTY_GROUPS) == [
        ("Kari Nordmann", "present", "Arbeiderpartiet", None),
        ("Ola Hansen", "present", "Arbeiderpartiet", None),
        ("Per Olsen", "deputy", "Arbeiderpartiet", "Ola Hansen"),
        ("Anne Berg", "present", "Høyre", None),
        ("Nils Dahl", "absent", "Høyre", None),
        ("Liv Moen", "deputy", "Høyre", "Nils Dahl"),
        ("Tor Lie", "present", "KrF", None),
    ]


def test_rows_without_ordinals_and_an_empty_deputy_cell():
    assert rows(NO_ORDINALS) == [("Randi Skog", "present", None, None), ("Karsten Vik", "absent", None, None),
                                 ("Geir Strand", "present", None, None)]


def test_attendance_reads_the_grid_with_functions_and_remarks():
    got = {a.name: a for a in read_attendance(PARTY_GROUPS).attendees}
    assert got["Anne Berg"].role == "chair"
    assert got["Per Olsen"].status == "deputy" and got["Per Olsen"].deputy_for == "Ola Hansen"
    assert "17/09" in got["Per Olsen"].note
    assert "Antall" not in " ".join(got)


def test_a_header_word_run_in_a_sentence_is_no_grid():
    assert presence_grid.find_grids("Medlemmer møtt vara: se vedlegg. Ingen merknader.") == []


def test_bad_marker_meaning_is_named(monkeypatch):
    real = presence_grid.load_rules

    def fake(name, required, optional=None):
        data = dict(real(name, required, optional))
        data["markers"] = {**data["markers"], "Q": "maybe"}
        return data

    monkeypatch.setattr(presence_grid, "load_rules", fake)
    presence_grid.grid_rules.cache_clear()
    try:
        with pytest.raises(RuleDataError, match="markers.Q"):
            presence_grid.grid_rules()
    finally:
        presence_grid.grid_rules.cache_clear()


def test_the_grid_ends_before_a_marker_with_no_person_in_its_row():
    text = ("Medlemmer Møtt Varamedlemmer Randi Skog x Geir Strand x Karsten Vik F Liv Moen. "
            "Budsjettet ble lagt fram, og tabell F viser tallene for året som gikk.")
    assert rows(text) == [("Randi Skog", "present", None, None), ("Geir Strand", "present", None, None),
                          ("Karsten Vik", "absent", None, None), ("Liv Moen", "deputy", None, "Karsten Vik")]
