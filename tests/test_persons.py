"""Person identity: written variants of one name get one id; different people do not."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractors.attendance import extract_attendance, surname_first_layout
from extractors.persons import person_id, person_key, resolve_persons

RAW = Path(__file__).resolve().parents[1] / "corpus" / "raw"


@pytest.mark.parametrize("variant", [
    "Jon G Pedersen", "Jon G. Pedersen", "jon g. pedersen", "JON G PEDERSEN", "  Jon  G.\nPedersen ", "Pedersen, Jon G.",
])
def test_variants_share_an_id(variant):
    assert person_key(variant) == "jon g pedersen"
    assert person_id(variant) == person_id("Jon G Pedersen")


def test_different_people_differ():
    names = ["Jon G Pedersen", "Frank Pedersen", "Jo Sigurd Pedersen", "Jon Pedersen", "Jon H. Pedersen"]
    assert len({person_id(n) for n in names}) == len(names)


def test_id_is_a_short_deterministic_content_hash():
    expected = hashlib.sha256("georg n smedhus".encode()).hexdigest()[:12]
    assert person_id("Georg N. Smedhus") == expected == person_id("Georg N Smedhus")


def test_hyphens_and_composed_characters():
    assert person_key("Ida Olsen - Sund") == person_key("Ida Olsen-Sund")
    assert person_key("Kåre Ås") == person_key("Ka\u030are A\u030as")   # decomposed å


def test_surname_first_only_when_the_layout_says_so():
    assert person_key("Flæten Ole Jacob", surname_first=True) == person_key("Ole Jacob Flæten")
    assert person_key("Flæten Ole Jacob") != person_key("Ole Jacob Flæten")
    assert person_key("Grimestad Anne Karin Blix", surname_first=True) == "anne karin blix grimestad"


def test_resolve_glued_municipality():
    ids = resolve_persons({
        "minutes-a": ["Bente Gravdal Lier", "Kari Nordmann Lier", "Ola Vik"],
        "minutes-b": ["Bente Gravdal", "Ola"],
    })
    assert ids["Bente Gravdal Lier"] == ids["Bente Gravdal"]
    assert ids["Kari Nordmann Lier"] == person_id("Kari Nordmann Lier")   # no "Kari Nordmann" elsewhere
    assert ids["Ola Vik"] == person_id("Ola Vik")                         # a name keeps two words


def test_resolve_surname_first_documents():
    ids = resolve_persons(
        {"eva": ["Grimestad Anne Karin Blix", "Næss Jon Rolf"], "list": ["Anne Karin Blix Grimestad"]},
        surname_first_docs=["eva"],
    )
    assert ids["Grimestad Anne Karin Blix"] == ids["Anne Karin Blix Grimestad"]
    assert ids["Næss Jon Rolf"] == person_id("Jon Rolf Næss")


@pytest.fixture(scope="module")
def seed_names() -> dict[str, list[str]]:
    from pipeline.ingest import read_document
    from pipeline.settings import IngestSettings

    names = {}
    for stem in ("001_4778877e962364ef.txt", "002_24629abb2265b0a3.txt"):
        path = RAW / stem
        text = read_document(path, path.read_bytes(), IngestSettings(ocr=False), str(path)).text
        assert not surname_first_layout(text)
        names[stem] = [a.name for a in extract_attendance(text)]
    return names


def test_seed_documents_share_no_person(seed_names):
    ids = resolve_persons(seed_names)
    vestregionen = {ids[n] for n in seed_names["001_4778877e962364ef.txt"]}
    kongsbergregionen = {ids[n] for n in seed_names["002_24629abb2265b0a3.txt"]}
    assert len(vestregionen) == 22 and len(kongsbergregionen) == 13
    assert vestregionen.isdisjoint(kongsbergregionen)


def test_seed_name_variants_resolve_together(seed_names):
    docs = {**seed_names, "other": ["Jon G. Pedersen", "bente gravdal", "Kari  Engen Sørensen"]}
    ids = resolve_persons(docs)
    assert ids["Jon G Pedersen"] == ids["Jon G. Pedersen"]
    assert ids["Bente Gravdal"] == ids["bente gravdal"]
    assert ids["Kari Engen Sørensen"] == ids["Kari  Engen Sørensen"]
