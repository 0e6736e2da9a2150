"""An attendance table that runs over a PDF page break (running footer "Side 1", a blank
line) is read to its end: page furniture is blanked out of the people text, and a
furniture line is folded into the line before it."""

from pipeline.extract_people import attendance_rows, without_page_furniture
from pipeline.records import PageSpan, ParsedDocument
from pipeline.segment import segment_document
from pipeline.settings import ExtractSettings, SegmentSettings

PAGE_1 = """VERDAL KOMMUNE
Møteprotokoll
Utvalg: Kommunestyret
Dato: 28.05.2008
Faste medlemmer som møtte:
Navn
Side 1
"""
PAGE_2 = """
Funksjon
Representerer
Tor-Petter Abelsen
Medlem
KRF
Kjetil Aarstad
Medlem
AP
Marit Voll Skrove
Ordfører
SP
Side 2
"""
PAGE_3 = """
Sak 12/08 Budsjett
Vedtak: Vedtatt.
Side 3
"""


def document() -> ParsedDocument:
    text = PAGE_1 + PAGE_2 + PAGE_3
    a, b = len(PAGE_1), len(PAGE_1) + len(PAGE_2)
    return ParsedDocument("x", "x.pdf", [], "pdf", "poppler", len(text), text,
                          [PageSpan(1, 0, a), PageSpan(2, a, b), PageSpan(3, b, len(text))])


def test_a_table_over_a_page_break_is_read_to_its_end():
    doc = document()
    seg = segment_document(doc, SegmentSettings())
    rows = attendance_rows(doc, seg, ExtractSettings(), {})
    assert [(r["name"], r["role"], r["affiliation"]) for r in rows] == [
        ("Tor-Petter Abelsen", "member", "KRF"), ("Kjetil Aarstad", "member", "AP"),
        ("Marit Voll Skrove", "chair", "SP")]


def test_furniture_is_blanked_with_the_same_offsets():
    text = "Navn\nSide 1\n\nFunksjon\nKari, leder\nSide 2 av 3\nOla, medlem\n3 Sakliste"
    spans = [(text.find("Side 1"), text.find("Side 1") + 6), (text.find("Side 2"), text.find("Side 2") + 11),
             (text.find("3 Sak"), text.find("3 Sak") + 1)]
    out = without_page_furniture(text, spans)
    assert len(out) == len(text)
    assert out.split("\n") == ["Navn" + " " * 7, "", "Funksjon", "Kari, leder" + " " * 12, "Ola, medlem", "  Sakliste"]
