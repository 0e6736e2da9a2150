"""Integrity of the municipality/county list and the place look-ups built on it."""

from __future__ import annotations

from collections import Counter

import pytest

from extractors import gazetteer
from extractors.gazetteer import canonical_name, is_place, normalise_affiliation, places

# Kommuner per current fylke in the 2024 division.
KOMMUNER_PER_FYLKE = {
    "Oslo": 1, "Østfold": 12, "Akershus": 21, "Buskerud": 18, "Innlandet": 46, "Vestfold": 6, "Telemark": 17,
    "Agder": 25, "Rogaland": 23, "Vestland": 43, "Møre og Romsdal": 27, "Trøndelag": 38, "Nordland": 41,
    "Troms": 21, "Finnmark": 18,
}


def of(kind: str, valid: str | None = None) -> list[gazetteer.Place]:
    return [p for p in places() if p.kind == kind and (valid is None or p.valid == valid)]


def test_no_duplicate_names_within_kind_and_validity():
    counts = Counter((p.name, p.kind, p.valid) for p in places())
    assert [key for key, n in counts.items() if n > 1] == []


def test_current_counts():
    assert len(of("kommune", "current")) == 357
    assert len(of("fylke", "current")) == 15
    assert Counter(p.county for p in of("kommune", "current")) == KOMMUNER_PER_FYLKE


def test_every_kommune_has_an_existing_county():
    fylker = {p.name for p in of("fylke")}
    current_fylker = {p.name for p in of("fylke", "current")}
    assert all(p.county in fylker for p in of("kommune")), [p.name for p in of("kommune") if p.county not in fylker]
    assert all(p.county in current_fylker for p in of("kommune", "current"))
    assert all(p.county is None for p in of("fylke"))


def test_aliases_are_unique_and_name_no_other_place():
    aliases = [a for p in places() for a in p.aliases]
    assert [a for a, n in Counter(aliases).items() if n > 1] == []
    names = {p.bare_name for p in places()}
    assert [a for a in aliases if a in names] == []


def test_former_places_have_known_successors():
    names = {p.bare_name for p in places()}
    for place in places():
        if place.valid == "former":
            assert place.successor, place.name
            assert all(part.strip() in names for part in place.successor.split(",")), place


@pytest.mark.parametrize("name", [
    "Bærum", "Øvre Eiker", "Nore og Uvdal", "Evje og Hornnes", "Aurskog-Høland", "Røyken", "Hurum", "Nedre Eiker",
    "Svelvik", "Sande", "Sande (Vestfold)", "Våler", "Herøy", "Buskerud", "Akershus", "Hordaland", "Sør-Trøndelag",
    "Viken", "Vestfold og Telemark", "Troms og Finnmark", "Bærum kommune", "Oslo Kommune", "Viken fylkeskommune",
])
def test_is_place(name):
    assert is_place(name)
    assert is_place(name.split())


@pytest.mark.parametrize("name", ["hole", "vik", "Bente Gravdal", "Regional koordinator", "Kongsbergregionen", "", "NHN"])
def test_is_not_place(name):
    assert not is_place(name)


@pytest.mark.parametrize("alias,official", [
    ("Guovdageaidnu", "Kautokeino"), ("Kárášjohka", "Karasjok"), ("Deatnu", "Tana"), ("Porsáŋgu", "Porsanger"),
    ("Porsanki", "Porsanger"), ("Unjárga", "Nesseby"), ("Gáivuotna", "Kåfjord"), ("Kaivuono", "Kåfjord"),
    ("Snåase", "Snåsa"), ("Raarvihke", "Røyrvik"), ("Aarborte", "Hattfjelldal"), ("Loabák", "Lavangen"),
    ("Hárstták", "Harstad"), ("Divtasvuodna", "Tysfjord"), ("Hábmer", "Hamarøy"), ("Trööndelage", "Trøndelag"),
    ("Romsa", "Troms"), ("Finnmárku", "Finnmark"), ("Nordlánnda", "Nordland"),
])
def test_sami_and_kven_names(alias, official):
    assert canonical_name(alias) == official


@pytest.mark.parametrize("text,expected", [
    ("Bærum kommune", "Bærum"), ("Oslo Kommune", "Oslo"), ("Viken fylkeskommune", "Viken"), ("Lier", "Lier"),
    ("Våler", "Våler"), ("Våler (Østfold)", "Våler (Østfold)"), ("Sande", "Sande"), ("Røyken", "Røyken"),
    ("Regional koordinator", None), ("Oslo Kommune - Origo", None), ("HSØ", None), (None, None), ("", None),
])
def test_normalise_affiliation(text, expected):
    assert normalise_affiliation(text) == expected


def test_former_kommuner_know_their_county():
    [royken] = [p for p in places() if p.name == "Røyken"]
    assert (royken.county, royken.valid, royken.successor) == ("Buskerud", "former", "Asker")
    [sande] = [p for p in places() if p.name == "Sande (Vestfold)"]
    assert (sande.county, sande.successor) == ("Vestfold", "Holmestrand")
