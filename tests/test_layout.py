"""The layout step: structure from flattened text (one line per PDF page), same offsets."""

import pytest

from extractors.layout import recover_layout, unwrap_soft_breaks
from pipeline.segment import case_headings

TRANSCRIPT = (
    "Transkript\n\n"
    "1 Møteprotokoll Utvalg: Kommunestyret Møtested: Rådhuset Sakskartliste: Saksnr: Sakstittel "
    "PS 20/11 Godkjenning av protokoll fra forrige møte PS 21/11 Interpellasjoner PS 22/11 Spørsmål "
    "Møteprotokoll side 1 av 3\n\n"
    "2 PS 20/11 Godkjenning av protokoll fra forrige møte Rådmannens innstilling: Protokollen godkjennes. "
    "Behandling: Enstemmig vedtatt. Vedtak: Protokollen godkjennes. PS 21/11 Interpellasjoner Ingen innkomne. "
    "2\n\n3 PS 22/11 Spørsmål VEDTAK Spørsmålene ble besvart.\n"
)


def test_same_length_and_offsets():
    layout = recover_layout(TRANSCRIPT)
    assert len(layout.text) == len(TRANSCRIPT)
    assert all(a == b or (a == "\n" and b in " \t") for a, b in zip(layout.text, TRANSCRIPT))


def test_inline_headings_labels_and_page_numbers_start_lines():
    lines = [line.strip() for line in recover_layout(TRANSCRIPT).text.split("\n") if line.strip()]
    assert "PS 21/11 Interpellasjoner" in lines
    assert "Rådmannens innstilling: Protokollen godkjennes." in lines
    assert "Vedtak: Protokollen godkjennes." in lines
    assert "VEDTAK" in lines and "2" in lines and "3" in lines
    assert "Enstemmig vedtatt." in lines


def test_page_numbers_are_recorded_cuts():
    layout = recover_layout(TRANSCRIPT)
    reasons = {(TRANSCRIPT[c.char_start:c.char_end], c.reason) for c in layout.cuts}
    assert ("1", "page number") in reasons and ("3", "page number") in reasons
    assert any(reason == "web chrome before the document" for _, reason in reasons)
    assert [p for p in layout.pages] and len(layout.pages) == 3


def test_a_one_page_transcript_loses_both_page_numbers():
    text = ("Transkript\n\n1 Møteprotokoll Utvalg: Kontrollutvalget Sak 03/2024 Forvaltningsrevisjon Sekretariatets "
            "innstilling: Rapporten tas til orientering. Kontrollutvalgets vedtak: Enstemmig som innstillingen. 1\n")
    layout = recover_layout(text)
    cuts = [(text[c.char_start:c.char_end].strip(), c.reason) for c in layout.cuts if c.reason == "page number"]
    assert cuts == [("1", "page number"), ("1", "page number")]
    # a numbered list item that happens to end in 1 is no page: more text follows it
    listed = "1 Godkjenning av innkalling og saksliste for møtet, med en lang tittel som går over linjen 1\n2 Referater\n"
    assert not [c for c in recover_layout(listed).cuts if c.reason == "page number"]


def test_an_agenda_word_inside_a_title_starts_no_line():
    text = "PS 01/15 GODKJENNING AV INNKALLING OG SAKLISTE\nSamrøystes vedtak: Godkjent. Sak 2/15 Godkjenning av Saksliste\n"
    assert not [b for b in recover_layout(text).breaks if b[1] == "agenda heading"]
    assert [b for b in recover_layout("Møteinnkalling Formannskapet SAKLISTE PS 1/15 Referat\n").breaks
            if b[1] == "agenda heading"]


def test_a_closing_line_inside_a_flattened_page_starts_a_line():
    text = "1 Vedtak: Interpellasjonen er besvart. Møtet ble hevet kl. 21:40. Rett utskrift bekreftes Kari Li 1\n"
    lines = [line.strip() for line in recover_layout(text).text.split("\n") if line.strip()]
    assert "Møtet ble hevet kl. 21:40." in lines and any(line.startswith("Rett utskrift") for line in lines)


def test_a_transcripts_running_header_is_cut_after_the_first_page():
    pages = ["Sandvik kommune Møteprotokoll Formannskapet 12.03.2024 Utvalg: Formannskapet Sak 1/24 Budsjett Vedtak:",
             "Sandvik kommune Møteprotokoll Formannskapet 12.03.2024 Formannskapet vedtar budsjettet. Sak 2/24 Plan",
             "Sandvik kommune Møteprotokoll Formannskapet 12.03.2024 Formannskapet vedtar planen. Sak 3/24 Eventuelt",
             "Sandvik kommune Møteprotokoll Formannskapet 12.03.2024 Ingen saker. Møtet ble hevet."]
    filler = " Saken har vært på høring, og innspillene er vurdert av administrasjonen i møtet." * 2
    text = "Transkript\n\n" + "\n\n".join(f"{k} {page}{filler} {k}" for k, page in enumerate(pages, start=1)) + "\n"
    cuts = [text[c.char_start:c.char_end] for c in recover_layout(text).cuts if c.reason == "page furniture (running header)"]
    # not "… 12.03.2024 Formannskapet vedtar": two pages starting alike after the header is text
    assert cuts == ["Sandvik kommune Møteprotokoll Formannskapet 12.03.2024"] * 3
    # a case heading (or a number whose digits were lost) at every page start is the cases' own
    rows = "\n\n".join(f"{k} Fellesrådet /16 rbs Sak {k} tekst her og mer tekst her{filler} {k}" for k in range(1, 4))
    assert not [c for c in recover_layout("Transkript\n\n" + rows + "\n").cuts if c.reason.endswith("(running header)")]


def test_saksliste_anchors_the_body_titles():
    assert [(h.case_number, h.title) for h in case_headings(TRANSCRIPT)] == [
        ("20/2011", "Godkjenning av protokoll fra forrige møte"), ("21/2011", "Interpellasjoner"),
        ("22/2011", "Spørsmål")]


def test_side_n_av_n_ends_no_document():
    """Regression: a cut after the first 'Side 2 av 2' footer lost the protocol's later cases."""
    text = ("Protokoll\n\nSak 1/2024 Godkjenning\nVedtak: Godkjent.\nSide 2 av 2\n\n"
            "Sak 2/2024 Budsjett\nVedtak: Vedtatt.\n\nSak 3/2024 Eventuelt\nIngen saker.\n")
    assert [h.case_number for h in case_headings(text)] == ["1/2024", "2/2024", "3/2024"]


def test_soft_wraps_of_a_pdf_are_joined():
    line = "Kommunestyret ber rådmannen om å legge fram en sak om gang- og sykkelvei langs fylkesveien"
    text = "\n".join([line] * 8 + ["før sommeren.", "", "Kort linje."])
    joined, offsets = unwrap_soft_breaks(text)
    assert len(joined) == len(text) and len(offsets) == 8
    assert "fylkesveien før sommeren." in joined and "\n\nKort linje." in joined


def test_a_title_in_capitals_wrapped_at_the_margin_is_joined_but_a_label_is_not():
    filler = "Kommunestyret ber rådmannen om å legge fram en sak om gang- og sykkelvei langs fylkesveien"
    title = "PS 2/00 VERDAL VANNVERK - GODKJENNING AV KLAUSULERINGSPLAN MED TILHØRENDE ERSTATNING"
    text = "\n".join([filler] * 8 + [title, "ERSTATNINGSOPPGJØR", "", title, "VEDTAK", "Godkjent."])
    joined, _ = unwrap_soft_breaks(text)
    assert "ERSTATNING ERSTATNINGSOPPGJØR" in joined
    assert "ERSTATNING\nVEDTAK" in joined


@pytest.mark.parametrize("text, expected", [
    # a saksliste of bare numbers whose digits the text layer lost in places
    ("Saksliste Sak nr. Sakstittel 044/13 Referatsaker 045/13 Spørsmål /13 Budsjett 047/13 Eventuelt",
     ["44/2013", "45/2013", "46/2013", "47/2013"]),
    # year-first numbers (Elements): the first part stays, the second counts
    ("Saksnr Innhold PS 14/1 Godkjenning av protokoll PS 14/2 Statusrapport PS 14/3 Prosjektplan",
     ["1/2014", "2/2014", "3/2014"]),
    ("Saker: PS 2014/69 Brannvernsamarbeid PS 2014/70 Startlån", ["69/2014", "70/2014"]),
    # archive numbers beside the case numbers are not cases
    ("SAKSLISTE Saksnr. Arkivsaksnr. Tittel 20/21 21/290 Kompensasjon 21/21 21/300 Prisliste",
     ["20/2021", "21/2021"]),
])
def test_case_numbers_in_lists(text, expected):
    assert [h.case_number for h in case_headings(text)] == expected


@pytest.mark.parametrize("text", [
    "Tilbud om kjøp av grunn fra Grette gbnr 59/1 og Rapport 8/2006 ble lagt fram.",
    "Møte nr. 02/2017 ble holdt. Protokoll 5/13 er godkjent.",
    "Forskrift 2. januar 2003 nr. 5 og lov 28. juni 2002 nr. 57 gjelder for skoleåret 2017/2018.",
    "Vedtaket i sak 47/12 og sak 72/14 gjelder reglementet.",
])
def test_look_alikes_and_references_are_no_cases(text):
    assert case_headings(text) == []


def test_earlier_protocol_inside_an_innkalling_is_a_reference():
    text = ("Saksliste: Sak 47/12 Innkalling og dagsorden Sak 48/12 Protokoll\n\n"
            "Sak 47/12 Innkalling og dagsorden\nForslag til vedtak: Godkjennes.\n\n"
            "Sak 48/12 Protokoll\nSaksutredning: PROTOKOLL fra forrige møte. Saker til behandling:\n"
            "037/12: Innkalling og dagsorden Vedtak: Vedtas.\n038/12: Protokoll Vedtak: Vedtas.\n")
    assert [h.case_number for h in case_headings(text)] == ["47/2012", "48/2012"]


def test_typed_text_is_not_unwrapped():
    text = ("Sak 05/2018 **Regionsamarbeidet etter 2018 – oppfølging av diskusjonene i kommunene**\n"
            "Rådmannsgruppen drøftet innspillene fra de lokale diskusjonene, jf. sak 24/2017.\n\n"
            "Vedtak:\nGodkjent.\n") * 3
    assert recover_layout(text).text == text  # a text file's lines are its own


def test_document_type_word_before_a_title_is_no_label():
    # Public 360/ePhorte saksprotokoll header: "Tittel: SAKSPROTOKOLL - <TITLE>" stays one line
    text = ("Saksprotokoll\nUtvalg: Kommunestyret\nMøtedato: 26.03.2019\nSak: 35/19\nArkivsak: 19/1234\n"
            "Tittel: SAKSPROTOKOLL - NY BARNEHAGE I SENTRUM\nBehandling:\nEnstemmig vedtatt.\nVedtak:\nGodkjent.\n")
    assert "Tittel: SAKSPROTOKOLL - NY BARNEHAGE I SENTRUM" in recover_layout(text).text.split("\n")
    assert [(h.case_number, h.title) for h in case_headings(text)] == [("35/2019", "NY BARNEHAGE I SENTRUM")]


def test_a_bare_attendance_label_after_a_place_breaks_before_a_listed_person():
    """"… Hedmark fylkeskommune Forfall Magne Pedersen, Buskerud …": a list label, but not in
    "… som hadde Forfall i fjor" (no person entry follows)."""
    text = ("Inger Stubsjøen Hedmark fylkeskommune Forfall Magne Pedersen, Buskerud fylkeskommune "
            "Olov Grøtting, Hedmark fylkeskommune")
    assert "fylkeskommune\nForfall\nMagne Pedersen" in recover_layout(text).text
    sentence = "Representanten som meldte Forfall Kari til møtet ble erstattet."
    assert "\n" not in recover_layout(sentence).text


def test_a_bare_attendance_label_after_a_function_cell_breaks():
    """A flattened member table ("Navn Parti Rolle" rows) goes straight on to the absent list:
    the function cell before the label ("Medlem") is no sentence word."""
    text = ("Møtedeltakarar Parti Rolle Asle Hetlebakke KRF Medlem Odin Kristiansen V Medlem "
            "Forfall meldt frå følgjande medl. Kjell Magnar Fagna Mette Valle")
    assert "Medlem\nForfall meldt frå følgjande medl.\nKjell Magnar Fagna" in recover_layout(text).text
    assert "\n" not in recover_layout("Saka vart drøfta av medlem Forfall Kari Nordmann i går.").text
    # a party code cell before it ("… Veronica Hatlenes Parti Ap H Uavh Forfall meldt frå …"), but not a
    # header row's column names ("Innkalte: Funksjon Navn Forfall Møtt for Leder Terje …")
    assert "Uavh\nForfall meldt frå følgjande medl.\nParti" in recover_layout(
        "Veronica Hatlenes Parti Ap H Uavh Forfall meldt frå følgjande medl. Parti Raymond Myren KrF").text
    assert "Navn Forfall" in recover_layout("Innkalte: Funksjon Navn Forfall Møtt for Leder Terje Wikstrøm, AP").text
