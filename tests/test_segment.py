"""Segmenting whole documents of other layouts than the dev corpus (Elements-style, nynorsk)."""

from pathlib import Path

import pytest

from extractors.decisions import decision_rows
from pipeline.ingest import read_document
from pipeline.segment import segment_document
from pipeline.settings import IngestSettings, SegmentSettings

from .conftest import FIXTURES, segment_text


def segment(name):
    path = FIXTURES / name
    doc = read_document(path, path.read_bytes(), IngestSettings(), str(path))
    return doc, segment_document(doc, SegmentSettings())


def rows(seg):
    return [(item.case_number, r.kind, r.text) for item in seg.items for r in decision_rows(item.blocks)]


def test_elements_protocol():
    doc, seg = segment("elements_protokoll.txt")
    assert [i.case_number for i in seg.items] == ["6/2026", "7/2026", "8/2026", "1/2026"]
    assert seg.items[1].title == "Budsjettjustering 2026"
    assert rows(seg) == [
        ("6/2026", "decision", "Protokoll fra møte 15.01.2026 godkjennes."),
        ("7/2026", "proposal", "Budsjettjustering for 2026 vedtas som fremlagt i vedlegg 1."),
        ("7/2026", "decision", "Budsjettjustering for 2026 vedtas som fremlagt i vedlegg 1."),
        ("8/2026", "proposal", "Kommunestyret velger nytt medlem til kontrollutvalget."),
        ("8/2026", "decision", "Anne Lie (SP) velges som medlem av kontrollutvalget for resten av perioden."),
        ("1/2026", "decision", "Referatsakene tas til orientering."),
    ]
    h = seg.header
    assert (h.kind, h.body, h.meeting_date, h.place) == ("protokoll", "Kommunestyret", "2026-02-12", "Kommunestyresalen, Rådhuset")


def test_nynorsk_protocol():
    doc, seg = segment("nynorsk_protokoll.txt")
    assert [(i.case_number, i.title) for i in seg.items] == [
        ("12/2025", "Godkjenning av møtebok"), ("13/2025", "Søknad om tilskot til kulturhus")]
    assert rows(seg) == [
        ("12/2025", "proposal", "Møteboka frå 10.02.2025 vert godkjend."),
        ("12/2025", "decision", "Møteboka frå 10.02.2025 vert godkjend."),
        ("13/2025", "proposal", "Søknaden vert avslått."),
        ("13/2025", "decision", "Saka vert utsett til neste møte, jf. sak 45/2024."),
    ]
    outcomes = [r.outcome for item in seg.items for r in decision_rows(item.blocks) if r.kind == "decision"]
    assert outcomes == ["approved", "postponed"]


def test_unnumbered_item_before_the_cases():
    text = ("Referat\n\nGodkjenning av innkalling og dagsorden:\n\nVedtak:\nGodkjent.\n\nSaker til behandling:\n\n"
            "Sak 21/2017 Referat\n\nVedtak:\nGodkjennes.\n")
    path = Path("mem.txt")
    from pipeline.records import PageSpan, ParsedDocument
    doc = ParsedDocument("x", "mem.txt", [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    seg = segment_document(doc, SegmentSettings())
    loose = [i for i in seg.items if i.case_number is None]
    assert [(i.title, [b.text for b in i.blocks]) for i in loose] == [("Godkjenning av innkalling og dagsorden", ["Godkjent."])]


def test_spans_point_into_the_text():
    doc, seg = segment("elements_protokoll.txt")
    for item in seg.items:
        assert doc.text[item.char_start:].startswith(("PS", "RS"))
        for block in item.blocks:
            assert " ".join(doc.text[block.char_start:block.char_end].split()) == block.text


def test_elements_protocol_as_pdf_matches_the_text_version():
    """The same protocol printed to a 2-page PDF with a running header and page numbers,
    the decision of PS 7/26 split by the page break: same cases and decisions."""
    _, from_text = segment("elements_protokoll.txt")
    doc, from_pdf = segment("elements_protokoll.pdf")
    assert doc.method in ("poppler", "pdfplumber") and len(doc.pages) == 2
    assert rows(from_pdf) == rows(from_text)
    assert [(i.case_number, i.title) for i in from_pdf.items] == [(i.case_number, i.title) for i in from_text.items]


def test_closing_lines_end_the_last_decision():
    from pipeline.records import PageSpan, ParsedDocument
    text = ("Sak 5/2026 Budsjett\n\nVedtak:\nBudsjettet vedtas.\n\nMøtet hevet kl. 21.30\n\n"
            "Rett utskrift bekreftes\nOla Nordmann\nordfører\n")
    doc = ParsedDocument("x", "x.txt", [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    seg = segment_document(doc, SegmentSettings())
    assert rows(seg) == [("5/2026", "decision", "Budsjettet vedtas.")]




def test_quoted_earlier_decision_is_background():
    seg = segment_text("Møteinnkalling\nKommunestyret\n\nPS 20/24 Rusmiddelpolitisk handlingsplan\n\n"
                       "Saksopplysninger:\nKommunestyrets vedtak 17.12.2020, sak 45/20:\n«Planen vedtas.»\n\n"
                       "Kommunedirektørens forslag til vedtak:\nNy plan vedtas.\n")
    assert rows(seg) == [("20/2024", "proposal", "Ny plan vedtas.")]


def test_another_bodys_innstilling_is_the_proposal():
    seg = segment_text("Møteprotokoll\nKommunestyret\n\nSak 16/24 Ny skole\n\nFormannskapets innstilling - 29.02.2024:\n"
                       "Skolen bygges.\n\nVedtak i Kommunestyret - 14.03.2024:\nSkolen bygges.\n")
    assert rows(seg) == [("16/2024", "proposal", "Skolen bygges."), ("16/2024", "decision", "Skolen bygges.")]


def test_another_bodys_tilraading_in_nynorsk_is_the_proposal():
    # ACOS/Visma nynorsk: "Formannskapet si tilråding" in a kommunestyre's protocol
    seg = segment_text("Møteprotokoll\nKommunestyret\n\nSak 47/24 Reguleringsplan for Hamna\n\nFormannskapet si tilråding:\n"
                       "Planen vert vedteken.\n\nVedtak i kommunestyret:\nPlanen vert vedteken.\n")
    assert rows(seg) == [("47/2024", "proposal", "Planen vert vedteken."), ("47/2024", "decision", "Planen vert vedteken.")]


def test_own_bodys_innstilling_is_its_decision_and_lettered_parts_stay_in_it():
    seg = segment_text("Møteprotokoll\nFormannskapet\n\nPS 101/23 Budsjett 2024\n\nRådmannens forslag til innstilling:\nVedtas.\n\n"
                       "Formannskapets innstilling til kommunestyret:\nBudsjettet vedtas med endringer:\nA. Drift\n"
                       "1. Kutt.\nB. Investering\n2. Utsett.\n\nMøtet hevet kl. 13.15.\n")
    assert rows(seg) == [("101/2023", "proposal", "Vedtas."),
                         ("101/2023", "decision", "Budsjettet vedtas med endringer: A. Drift 1. Kutt. B. Investering 2. Utsett.")]
    assert seg.items[0].sub_items == []


PROSE = ("Kommunedirektøren viser til saksutredningen og til drøftingene i forrige møte. Saken har vært på høring, "
         "og innspillene er vurdert. Det er lagt vekt på økonomiske konsekvenser og framdrift. ") * 3


def test_a_listed_case_number_again_over_its_text_is_the_cases_heading():
    # Elements/ACOS: "Sak 12/24 …" in the saksliste, then each case's text under a bare "12/24 …" line,
    # pages apart: the bare number starts that case, so a decision is not read into the case before it
    seg = segment_text("Møteprotokoll\nFormannskapet\n\nSaker til behandling\nSak 12/24 Godkjenning av innkalling\n"
                       "Sak 13/24 Budsjettregulering 2024\nSak 14/24 Referatsaker\n\n"
                       f"12/24 Godkjenning av innkalling\n\n{PROSE}\n\nVedtak i Formannskapet 12.03.2024\nInnkallingen godkjennes.\n\n"
                       f"13/24 Budsjettregulering 2024\n\n{PROSE}\n\nVedtak i Formannskapet 12.03.2024\nBudsjettet reguleres.\n\n"
                       f"14/24 Referatsaker\n\n{PROSE}\n\nVedtak i Formannskapet 12.03.2024\nReferatene tas til orientering.\n")
    assert rows(seg) == [("12/2024", "decision", "Innkallingen godkjennes."),
                         ("13/2024", "decision", "Budsjettet reguleres."),
                         ("14/2024", "decision", "Referatene tas til orientering.")]


def test_a_bare_number_whose_title_is_another_is_no_heading():
    from extractors.cases import classify_numbers
    text = ("Saker til behandling\nSak 12/24 Godkjenning av innkalling\nSak 13/24 Budsjettregulering 2024\n\n"
            f"{PROSE}\n13/24 Ble behandlet i forrige møte\n\n{PROSE}\n13/24 Budsjettregulering 2024\n\n{PROSE}\n"
            f"12/24 Valg\n\n{PROSE}\n")
    assert [m.role for m in classify_numbers(text)] == ["heading", "heading", "other", "heading", "other"]


@pytest.mark.parametrize("vote", ["Enstemmig som innstillingen.", "Samrøystes som tilrådinga.",
                                  "Innstillingen ble enstemmig vedtatt."])
def test_a_vote_that_adopts_the_proposal_under_an_empty_decision_label_is_the_decision(vote):
    # kontrollutvalg/ACOS: "Kontrollutvalgets vedtak:" with the vote line as all its text
    seg = segment_text("Møteprotokoll\nKontrollutvalget\n\nSak 03/2024 Forvaltningsrevisjon\n"
                       "Sekretariatets innstilling:\nRapporten tas til orientering.\n"
                       f"Kontrollutvalgets vedtak:\n{vote}\n")
    assert rows(seg) == [("3/2024", "proposal", "Rapporten tas til orientering."), ("3/2024", "decision", vote)]


def test_a_vote_line_after_a_decisions_text_stays_out_of_it():
    seg = segment_text("Møteprotokoll\nKontrollutvalget\n\nSak 03/2024 Forvaltningsrevisjon\n"
                       "Kontrollutvalgets vedtak:\nRapporten tas til orientering.\nEnstemmig som innstillingen.\n")
    assert rows(seg) == [("3/2024", "decision", "Rapporten tas til orientering.")]


def test_a_listed_case_in_flattened_text_starts_where_its_title_comes_again():
    # a web transcript puts a page on one line: the bare number is mid-line, so three words of
    # the listed title must agree ("12/24 Godkjenning av innkalling" right after the saksliste)
    page = (f"1 Møteprotokoll Formannskapet Saker til behandling Sak 12/24 Godkjenning av innkalling "
            f"Sak 13/24 Budsjettregulering for 2024 12/24 Godkjenning av innkalling {PROSE} Vedtak i Formannskapet: "
            f"Innkallingen godkjennes. 13/24 Budsjettregulering for 2024 {PROSE} Vedtak i Formannskapet: "
            f"Budsjettet reguleres. 1\n")
    seg = segment_text(page)
    assert [(c, k, t.rstrip(" 1")) for c, k, t in rows(seg)] == [("12/2024", "decision", "Innkallingen godkjennes."),
                                                               ("13/2024", "decision", "Budsjettet reguleres.")]


def test_a_heading_whose_title_a_label_follows_on_a_flattened_line_is_a_heading():
    from extractors.cases import classify_numbers
    from extractors.labels import classify_label
    is_label = lambda words: classify_label(words) is not None  # noqa: E731 — as the layout step calls it
    text = ("KST- 16/24 Vedtak: Svaret tas til orientering. PS 17/24 Økonomiplan 2025-2028 Formannskapets "
            "innstilling: Planen vedtas. Saksnr.: Utvalg Møtedato PS 43/08 Regionrådet for Hadeland Innstilling: "
            "Sakene tas til orientering.")
    assert [(m.case_number, m.role) for m in classify_numbers(text, is_label=is_label)] == [
        ("16/2024", "other"), ("17/2024", "heading"), ("43/2008", "other")]


def test_the_saksliste_ends_before_the_signature_whatever_its_last_numbering():
    # a flattened Elements innkalling: the RS entry closes the list, then the signer, then the case papers
    seg = segment_text("1 Møteinnkalling Utvalg: Hovedutvalg for oppvekst Saksliste Utvalgssaksnr Innhold "
                       "PS 20/24 Godkjenning av innkalling 24/00015 PS 21/24 Tilstandsrapport 2024 24/01234 "
                       "RS 5/24 Referatsaker 24/00016 Vikersund, 08.10.2024 Kari Nordmann leder "
                       "PS 21/24 Tilstandsrapport 2024 Kommunedirektørens forslag til vedtak: Rapporten tas til orientering. 1\n")
    assert {i.case_number: i.title for i in seg.items}["5/2024"] == "Referatsaker"


@pytest.mark.parametrize("sentence", ["Styret godkjenner årsregnskapet for 2019.", "AU godkjenner referatet.",
                                      "Kommunestyret vedtar planen.", "Molde kommunestyre godkjenner planen.",
                                      "Styret tok orienteringene til etterretning."])
def test_a_body_deciding_in_one_sentence_is_the_decision(sentence):
    # regression: a one-word subject ("Styret", "AU") was read as a place before the body and never matched
    seg = segment_text(f"Protokoll\nStyret\n\nSak 13/20 Regnskap 2019\nSaken ble drøftet.\n{sentence}\n")
    assert rows(seg) == [("13/2020", "decision", sentence)]


def test_an_outcome_after_a_standing_items_title_on_a_flattened_page_is_its_decision():
    page = ("1 Protokoll fra styremøte Styret Dato: 14. mai 2020 Sak 12/20 Godkjenning av innkalling og dagsorden "
            "Innkalling og dagsorden ble godkjent. Sak 13/20 Regnskap 2019 Styret godkjenner årsregnskapet. "
            "Sak 14/20 Eventuelt Ingen saker. 1\n")
    seg = segment_text(page)
    assert [(i.case_number, i.title) for i in seg.items] == [
        ("12/2020", "Godkjenning av innkalling og dagsorden"), ("13/2020", "Regnskap 2019"), ("14/2020", "Eventuelt")]
    assert rows(seg) == [("12/2020", "decision", "Innkalling og dagsorden ble godkjent."),
                         ("13/2020", "decision", "Styret godkjenner årsregnskapet.")]


def test_a_span_cut_for_two_reasons_counts_once():
    from pipeline.records import DroppedSpan, covered_chars
    spans = [DroppedSpan(10, 16, "page furniture (repeated line)"), DroppedSpan(10, 16, "page marker"),
             DroppedSpan(14, 20, "page number"), DroppedSpan(30, 35, "web chrome before the document")]
    assert covered_chars(spans) == 15


@pytest.mark.parametrize("vote, adopted", [
    ("Innstillingen ble enstemmig vedtatt.", True),
    ("Innstillingen ble vedtatt mot 1 stemme.", True),
    ("Tilrådinga vart vedteken med 4 mot 1 røyst.", True),
    ("Innstillingen falt mot 8 stemmer.", False),      # the proposal fell: no decision is read from it
])
def test_a_vote_that_adopts_the_proposal_makes_it_the_decision(vote, adopted):
    # protocols that write no decision label under the vote (Visma, ACOS nynorsk)
    seg = segment_text("Protokoll\nHovedutvalg for oppvekst\n\nSak 20/24 Skolebruksplan 2024-2030\n"
                       "Kommunedirektørens innstilling:\nSkolebruksplanen vedtas.\nBehandling:\n" + vote + "\n")
    decisions = [(b.text, b.label) for b in seg.items[0].blocks if b.kind == "decision"]
    assert decisions == ([("Skolebruksplanen vedtas.", vote)] if adopted else [])


def test_an_outcome_with_a_tail_is_the_items_decision():
    seg = segment_text("Møtebok\nFormannskapet\n\nSak 10/24 Godkjenning av innkalling og sakliste\n"
                       "Innkalling og sakliste vart godkjend utan merknader.\n\nSak 11/24 Eventuelt\nIngen saker.\n")
    assert rows(seg) == [("10/2024", "decision", "Innkalling og sakliste vart godkjend utan merknader.")]


def test_an_outcome_about_the_papers_in_a_paragraph_is_the_items_decision():
    # "… overlot møteledelsen til X. Innkallingen godkjennes. Y ble valgt …": papers' outcomes stand anywhere;
    # other passive sentences count at a paragraph's start or end only
    seg = segment_text("Protokoll\nStyret\n\nSak 1/24 Konstituering\nStyreleder åpnet møtet. Innkallingen godkjennes. "
                       "Kari Moe ble valgt til å signere.\n\nSak 2/24 Budsjett\nPlanen ble vedtatt i 2019. Det er "
                       "behov for en ny plan nå.\n")
    assert rows(seg) == [("1/2024", "decision", "Innkallingen godkjennes.")]
