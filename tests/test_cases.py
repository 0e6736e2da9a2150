import pytest

from pipeline.segment import case_headings


def headings(text):
    return [(h.case_number, h.title) for h in case_headings(text)]


@pytest.mark.parametrize("text, expected", [
    ("### Sak 32/2017 Vestregionens framtid - orientering\n\nTekst.", [("32/2017", "Vestregionens framtid - orientering")]),
    ("Sak 25/2017**Tertialrapport 2 – 2017**\n\nTekst.", [("25/2017", "Tertialrapport 2 – 2017")]),
    ("Sak 27/2017\n\nØvrige orienteringer, meldinger og informasjon\n\n- A Fra kommunene", [("27/2017", "Øvrige orienteringer, meldinger og informasjon")]),
    ("Sak 001/10: Referatsaker\n\nTekst.", [("1/2010", "Referatsaker")]),
    ("PS 6/26 Godkjenning av protokoll\n\nVedtak:\nGodkjent.", [("6/2026", "Godkjenning av protokoll")]),
    ("FU-sak 143/17 Høringsuttalelse\n\nTekst.", [("143/2017", "Høringsuttalelse")]),
    ("Sak nr. 5/2019 Budsjett 2020\n\nTekst.", [("5/2019", "Budsjett 2020")]),
    ("Saksnr.: 12/18 Reguleringsplan\n\nTekst.", [("12/2018", "Reguleringsplan")]),
    ("Sak 24a/2017 Vestregionens framtid\n\nTekst.", [("24a/2017", "Vestregionens framtid")]),
    # flattened transcript: the heading follows a short "…s møte" header on one long line
    ("1 Saksnotat Styringsgruppens møte Sak 24a/2017 Vestregionens framtid Diskusjonsgrunnlag: Vestregionen i går. "
     "Vestregionens fremtid er satt på dagsorden.", [("24a/2017", "Vestregionens framtid")]),
])
def test_heading_forms(text, expected):
    assert headings(text) == expected


@pytest.mark.parametrize("text", [
    "Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017) å gjennomføre en prosess.",
    "- Sak 088/09 Formannskapet i Kongsberg kommune (*Vedlegg 4*)",
    "Sak 24/2017 ble behandlet i forrige møte.",
    "Arkivsaksnr.: 17/6709",
    "Rådmannsutvalgets konklusjon 08.01.10 sak 001/10:\n\nSaken tas til orientering.",
])
def test_not_headings(text):
    assert headings(text) == []


def test_table_of_contents_does_not_duplicate_cases():
    text = ("Sakliste\n\nSak 001/10: Referatsaker.....\t3\nSak 002/10: Samhandlingsreformen.....\t4\n\n"
            "Sak 001/10: Referatsaker\n\nVedtak:\nTatt til orientering.\n\n"
            "Sak 002/10: Samhandlingsreformen\n\nVedtak:\nDrøftet.\n")
    assert headings(text) == [("1/2010", "Referatsaker"), ("2/2010", "Samhandlingsreformen")]


def test_saksliste_without_dot_leaders_keeps_the_body_heading():
    text = ("Saksliste\nPS 6/26 Godkjenning av protokoll\nPS 7/26 Budsjett\n\n"
            "PS 6/26 Godkjenning av protokoll\n\nVedtak:\nGodkjent etter en lang og grundig gjennomgang.\n\n"
            "PS 7/26 Budsjett\n\nVedtak:\nBudsjettet vedtas som fremlagt i saken.\n")
    found = case_headings(text)
    assert [h.case_number for h in found] == ["6/2026", "7/2026"]
    assert all(h.line_start > text.index("\n\n") for h in found)


def test_related_document_blurbs_after_last_page_are_ignored():
    text = ("Transkript\n\n1 Saksnotat Styringsgruppens møte Sak 24a/2017 Vestregionens framtid Diskusjonsgrunnlag: "
            "Tekst. Side 1 av 2\n\n"
            "2 Mer tekst. Side 2 av 2\n\nRådmannsgruppens møte Sak 24/2017 Videreføring?\n\n"
            "Rådmannsgruppens møte Sak 24/2017 Videreføring? Forslag til vedtak: Noe.\n\nDetaljer\n\n"
            "Styringsgruppens møte Sak 16/2018 Revidert handlingsplan\n\nDetaljer\n")
    assert headings(text) == [("24a/2017", "Vestregionens framtid")]


def test_blurbs_without_page_marker_are_cut_at_first_detaljer():
    text = ("Sak 5/2020 Budsjett\n\nVedtak:\nGodkjent.\n\n"
            "Møte i Styret Sak 9/2019 Annet dokument\n\nMøte i Styret Sak 9/2019 Annet dokument utdrag\n\nDetaljer\n")
    assert headings(text) == [("5/2020", "Budsjett")]


def test_running_footer_and_page_numbers_are_furniture():
    from extractors.boilerplate import repeated_edge_lines

    pages, text = [], ""
    for n in range(1, 5):
        words = ["budsjett", "skole", "vei", "havn"][n - 1]
        page = (f"Kommunestyret 12.02.2026\nSaken om {words} ble drøftet.\nForslag om {words}.\n"
                f"Vedtak om {words}.\nMerknad om {words}.\nSide {n} av 4\n")
        pages.append((len(text), len(text) + len(page)))
        text += page + "\n"
    furniture = repeated_edge_lines(text, pages)
    lines = {text[s:e] for s, e in furniture}
    assert lines == {"Kommunestyret 12.02.2026"} | {f"Side {n} av 4" for n in range(1, 5)}


def test_a_label_or_sentence_that_repeats_at_page_ends_is_the_texts_own():
    # a short protocol whose pages end with the same "Vedtak i …:" label and the same decision sentence
    # (each case has them) while its running header stands on every page
    from extractors.boilerplate import repeated_edge_lines

    pages, text = [], ""
    for n, words in enumerate(["budsjett", "skole", "havn"], start=1):
        page = (f"Sandvik kommune Møteprotokoll\nSaken om {words} ble drøftet grundig.\nForslag om {words}.\n"
                f"Merknad om {words}.\nFormannskapet vedtar saken slik det går fram av saksframlegget.\n"
                f"Vedtak i Formannskapet - 12.03.2024:\nSide {n}\n")
        pages.append((len(text), len(text) + len(page)))
        text += page + "\n"
    lines = {text[s:e] for s, e in repeated_edge_lines(text, pages[:2])} | {text[s:e] for s, e in repeated_edge_lines(text, pages)}
    assert "Vedtak i Formannskapet - 12.03.2024:" not in lines
    assert "Sandvik kommune Møteprotokoll" in lines
    two_pages = {text[s:e] for s, e in repeated_edge_lines(text[:pages[1][1]], pages[:2])}
    assert "Formannskapet vedtar saken slik det går fram av saksframlegget." not in two_pages


def test_block_text_skips_page_footer_inside_a_decision():
    from extractors.labels import find_blocks

    text = "Vedtak:\nBudsjettet vedtas\n10.09.2019 21:21:46 Protokoll Side 2\nsom fremlagt.\n"
    footer = text.index("10.09")
    blocks, _ = find_blocks(text, 0, len(text), frozenset({footer}))
    assert blocks[0].text == "Budsjettet vedtas som fremlagt."


@pytest.mark.parametrize("text, expected", [
    ("Saknr. 6/26 Reguleringsplan for sentrum\n\nVedtak:\nPlanen vedtas.", [("6/2026", "Reguleringsplan for sentrum")]),
    ("Utvalgssak 12/25 Budsjett 2026\n\nVedtak:\nBudsjettet vedtas.", [("12/2025", "Budsjett 2026")]),
])
def test_more_archive_system_prefixes(text, expected):
    assert headings(text) == expected


ACOS_INNKALLING = """Møteinnkalling
Utvalg: Formannskapet
Dato: 02.04.2020

Saksliste
Utvalgs-saksnr Innhold Lukket Arkiv-saksnr
PS 20/21 Godkjenning av protokoll fra forrige møte 2020/101
PS 20/22 Budsjettregulering 2020 - 1. tertial 2020/455
PS 20/23 Søknad om skjenkebevilling 2020/512

Saksframlegg
Saksbehandler: Kari Nilsen Arkiv: 145 Arkivsaksnr.: 20/455
Saksgang Møtedato Saksnr
Formannskapet 02.04.2020 20/22
Kommunestyret 23.04.2020
Budsjettregulering 2020 - 1. tertial
Rådmannens innstilling:
Budsjettet for 2020 reguleres som vist i vedlegg 1.

Saksframlegg
Saksbehandler: Per Dal Arkiv: U63 Arkivsaksnr.: 20/512
Saksgang Møtedato Saksnr
Utvalg for helse 24.03.2020 20/23
Formannskapet 02.04.2020 20/23
Søknad om skjenkebevilling
Rådmannens innstilling:
Kafé Sentrum AS gis skjenkebevilling for øl og vin.
"""


def test_case_flow_row_starts_the_listed_case_document():
    # ACOS/Elements saksframlegg in an innkalling: year-first "PS 20/22" in the saksliste with an
    # archive column between entries, and the same number in the case-flow table of the case's
    # own document, where the case's text starts
    headings = case_headings(ACOS_INNKALLING)
    assert [(h.case_number, h.title) for h in headings] == [
        ("21/2020", "Godkjenning av protokoll fra forrige møte"),
        ("22/2020", "Budsjettregulering 2020 - 1. tertial"),
        ("23/2020", "Søknad om skjenkebevilling")]
    starts = {h.case_number: h.line_start for h in headings}
    assert ACOS_INNKALLING[starts["22/2020"]:].startswith("Formannskapet 02.04.2020 20/22")
    assert ACOS_INNKALLING[starts["23/2020"]:].startswith("Formannskapet 02.04.2020 20/23")


def test_treatment_statement_inside_its_case_keeps_the_proposal_before_it():
    # Elements protocol: the case heading, the proposal, then "<Body>s behandling av sak N"
    text = ("Saksliste\nPS 1/19 Godkjenning av protokoll\nPS 2/19 Årsbudsjett 2019\n\n"
            "PS 1/19 Godkjenning av protokoll\nKommunedirektørens forslag til vedtak\nProtokollen godkjennes.\n"
            "Kommunestyrets behandling av sak 1/2019 i møte den 14.02.2019:\nEnstemmig vedtatt.\n"
            "Kommunestyrets vedtak i sak 1/2019\nProtokollen godkjennes.\n")
    found = {h.case_number: h for h in case_headings(text)}
    assert text[found["1/2019"].line_start:].startswith("PS 1/19 Godkjenning av protokoll\nKommunedirektørens")


SAKSFRAMLEGG = """Lillevik kommune
Saksframlegg
Arkivsak-dok. 19/01234-3
Saksbehandler Kari Nilsen

Behandles av Møtedato Saknr
1 Formannskapet 12.03.2019 22/19
2 Kommunestyret 26.03.2019

Ny barnehage i sentrum

Kommunedirektørens forslag til vedtak:
Kommunestyret vedtar å bygge ny barnehage i sentrum, jf. sak 45/18.
"""


@pytest.mark.parametrize("text", [SAKSFRAMLEGG, "1 " + " ".join(SAKSFRAMLEGG.split("\n"))])
def test_single_case_document_takes_its_case_from_the_case_flow_table(text):
    # Public 360/ACOS saksframlegg, as lines and as a one-line web transcript: the numbered row
    # of the case-flow table is the document's case, its title the first text after the table
    assert headings(text) == [("22/2019", "Ny barnehage i sentrum")]


def test_title_of_an_elements_sakspapir_after_its_archive_cells():
    """A single saksframlegg ("Sakspapir") flattened by a transcript: the title follows the header
    cells "Sakshandsamar Arkiv ArkivsakID", their values and the archive case number."""
    from pipeline.segment import case_headings

    text = ("1 Vaksdal kommune SAKSPAPIR Saksnr Utval Type Dato 15/2019 Levekårsutvalet PS /2019 Kommunestyret PS "
            "Sakshandsamar Arkiv ArkivsakID Solrun Hauglum FE-400, FA-H12 18/1407 ETABLERING AV VIKARPOOL I HELSE "
            "OG OMSORG Rådmannen sitt framlegg til vedtak: Kommunestyret ber rådmann om å arbeide for ei vikarordning. "
            "Levekårsutvalet - Sak 15/2019 LEV - Behandling: Samrøystes vedtak.\n")
    assert [(h.case_number, h.title) for h in case_headings(text)] == [
        ("15/2019", "ETABLERING AV VIKARPOOL I HELSE OG OMSORG")]


def test_a_school_or_budget_year_span_stays_in_the_title():
    # "Skoleruta 2024/2025", "Budsjett 2017/18": a span of consecutive years, not an archive number
    text = "Referat\n\nSak 3/24 Skoleruta 2024/2025\nSaken ble tatt til orientering.\n\nSak 4/24 Søknad om støtte 2017/1234\nInnvilget.\n"
    assert [(h.case_number, h.title) for h in case_headings(text)] == [
        ("3/2024", "Skoleruta 2024/2025"), ("4/2024", "Søknad om støtte")]


def test_a_flattened_title_ends_before_an_outcome_sentence():
    from .conftest import segment_text

    flat = ("Transkript\n\n1 Referat fra møte i Samarbeidsutvalget Dato: 15.02.2024 Til stede: Hanne Bø, Ole Kleiv "
            "Sak 2/24 Trafikksikkerhet Vedtak: Kommunen bes vurdere fartsdumper. Sak 3/24 Skoleruta 2024/2025 Saken "
            "ble tatt til orientering. Sak 4/24 Eventuelt Ingen saker. " + "Tekst om møtet. " * 20 + "1\n")
    items = segment_text(flat).items
    assert [(i.case_number, i.title) for i in items] == [
        ("2/2024", "Trafikksikkerhet"), ("3/2024", "Skoleruta 2024/2025"), ("4/2024", "Eventuelt")]
    assert [b.text for b in items[1].blocks if b.kind == "decision"] == ["Saken ble tatt til orientering."]


def test_an_outcome_about_the_papers_after_a_listed_case_is_not_its_decision():
    # "Følgende saker ble lagt til på sakskartet: … Sak 116/13 Kriterier for kollektivruter Sakskartet ble
    # deretter godkjent." — the agenda's outcome, not case 116/13's
    from .conftest import segment_text

    flat = ("Transkript\n\n1 Protokoll Bydelsutvalget Godkjenning av sakskart Følgende saker ble lagt til på "
            "sakskartet: Sak 115/13 Supplering av medlemmer i råd og utvalg Sak 116/13 Kriterier for kollektivruter "
            "Sakskartet ble deretter godkjent. " + "Informasjon om bydelen. " * 15 + "1\n")
    items = [i for i in segment_text(flat).items if i.case_number == "116/2013"]
    assert [i.title for i in items] == ["Kriterier for kollektivruter"]
    assert not [b for b in items[0].blocks if b.kind == "decision"]


def test_the_earliest_sentence_start_ends_a_run_on_title():
    from extractors.cases import title_from

    rest = (" Kriterier for kollektivruter Sakskartet ble deretter godkjent. Informasjon Ansettelse av ny "
            "bydelsdirektør. Spørsmål Det ble stilt spørsmål om saken.")
    assert title_from(rest, inline=True) == "Kriterier for kollektivruter"


def test_a_lookalike_word_before_the_next_number_of_a_list_ends_the_title_before():
    # "… 57/17 Godkjenning av innkalling … Godkjenning av protokoll 58/17 Godkjenning av protokoll 59/17 …":
    # "protokoll 58/17" is no protocol number when 57 and 59 stand on either side
    text = ("SAKSKART 57/17 Godkjenning av innkalling og saksliste Godkjenning av protokoll 58/17 Godkjenning av "
            "protokoll Saker til behandling 59/17 Protokoller fra menighetsrådene 60/17 Utvidelse Frogner gravplass\n")
    assert [h.case_number for h in case_headings(text)] == ["57/2017", "58/2017", "59/2017", "60/2017"]


def test_a_capitals_title_with_a_year_ends_before_the_signature_under_the_list():
    text = ("Saksliste\n47/08 KONSEPTUTVALGUTREDNING RINGERIKSBANEN HØRINGSUTTALELSE. 48/08 MØTEPLAN 2009 Gran Rådhus, "
            "Kirsten Jåvold Hagen\n")
    assert [h.title for h in case_headings(text)][-1] == "MØTEPLAN 2009"
