"""Standing agenda items (Åpen halvtime, Godkjenning av innkalling, Eventuelt …): found as
heading lines and inline in flattened transcripts, never from case titles, report
sentences, bullets or a notice's boilerplate; they end the case before them."""

import pytest

from pipeline.records import PageSpan, ParsedDocument
from pipeline.segment import segment_document
from pipeline.settings import SegmentSettings

from .conftest import segment_text

from extractors.standing_items import standing_item_headings


def titles(text):
    return [h.title for h in standing_item_headings(text, 0, len(text))]


def test_heading_lines_with_and_without_an_ordinal():
    text = "Saksliste\n1. Åpen halvtime\n2. Godkjenning av innkalling og saksliste\nEventuelt\n"
    assert titles(text) == ["Åpen halvtime", "Godkjenning av innkalling og saksliste", "Eventuelt"]


def test_inline_in_a_flattened_transcript():
    # Oslo bydelsutvalg protocols as web transcripts: items and their text on one line
    text = ("3 Åpen halvtime Ingen saker. Godkjenning av innkalling Innkallingen ble godkjent. "
            "Godkjenning av sakskart Følgende saker ble lagt til.")
    assert titles(text) == ["Åpen halvtime", "Godkjenning av innkalling", "Godkjenning av sakskart"]


def test_an_inline_saksliste_runs_each_title_to_the_next_ordinal():
    text = "Saksliste: 1. Åpen halvtime 2. Godkjenning av protokoll fra møte 13.11.2014 3. Eventuelt"
    assert titles(text) == ["Åpen halvtime", "Godkjenning av protokoll fra møte 13.11.2014", "Eventuelt"]


def test_a_title_continues_over_an_abbreviation_and_a_name_after_a_preposition():
    text = "Møtet ble satt. Orientering vedr. IKT samarbeidet i Nord Troms. Neste sak."
    assert titles(text) == ["Orientering vedr. IKT samarbeidet i Nord Troms"]   # the whole name after "i"


def test_report_sentences_bullets_and_boilerplate_are_no_items():
    text = ("Innkalling og saksliste godkjennes.\n"
            "- Orientering om ansattsituasjonen\n"
            "Eventuelt forfall meldes til sekretær.\n"
            "Det ble gitt en orientering om saken.\n"
            "Vedtak:\nInnkalling og saksliste\n")
    assert titles(text) == []


def test_the_text_after_an_items_colon_is_no_second_item():
    assert titles("Munnleg orientering: Orientering om Innovasjon Norge si verksemd") == ["Munnleg orientering"]


def segment(text, name="x.txt"):
    doc = ParsedDocument("x", name, [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    return segment_document(doc, SegmentSettings())


PROTOCOL = """Møteprotokoll
Bydelsutvalget
Møtedato: 12.09.2013
Saksliste
1. Åpen halvtime
2. Godkjenning av innkalling og saksliste
Sak 12/13 Budsjett 2014
3. Eventuelt

1. Åpen halvtime
Ingen saker.
2. Godkjenning av innkalling og saksliste
Vedtak: Innkalling og saksliste godkjent.
Sak 12/13 Budsjett 2014
Saksopplysninger: Bydelsdirektøren legger fram forslag til budsjett for 2014 med
en ramme på 410 millioner kroner, fordelt på barnehager, skoler og helse.
Vedtak: Budsjettet vedtas.
3. Eventuelt
Leder orienterte om julemøtet.
"""


def test_a_protocols_standing_items_are_unnumbered_items_and_end_the_case_before_them():
    seg = segment(PROTOCOL)
    cases = [i for i in seg.items if i.case_number]
    loose = [i for i in seg.items if not i.case_number]
    assert [i.title for i in loose] == ["Åpen halvtime", "Godkjenning av innkalling og saksliste", "Eventuelt"]
    approval = loose[1]
    assert [b.text for b in approval.blocks if b.kind == "decision"] == ["Innkalling og saksliste godkjent."]
    (case,) = cases
    assert [b.text for b in case.blocks if b.kind == "decision"] == ["Budsjettet vedtas."]
    assert "julemøtet" not in PROTOCOL[case.char_start:case.char_end]


def test_a_group_heading_over_numbered_cases_is_no_item():
    # ACOS / Elements innkallinger: "Referatsaker" stands over RS-numbered cases
    text = "Innkalling\nKommunestyret\nMøtedato: 01.02.2017\nSaksliste\nReferatsaker\nRS 1/17 Brev fra Fylkesmannen\n"
    assert [i.title for i in segment(text).items if not i.case_number] == []


def test_a_reglement_without_cases_gives_no_standing_items():
    text = ("Reglement for kommunestyret\n§ 12 Spørretime\nSpørretimen holdes før sakene.\n"
            "§ 13 Interpellasjoner\nInterpellasjon fra et medlem sendes ordføreren.\n")
    assert [i.title for i in segment(text).items if not i.case_number] == []


def test_a_briefing_line_inside_a_case_is_part_of_the_case():
    text = ("Møteprotokoll\nKommunestyret\nMøtedato: 12.09.2013\n"
            "Sak 12/13 Budsjett 2014\nSaksopplysninger: Saken gjelder rammene for neste år.\nOrientering om saken\n"
            "Rådmannen legger fram forslag til budsjett for 2014 med en ramme på 410 millioner kroner.\n"
            "Rådmannens innstilling:\nBudsjettet vedtas.\nVedtak: Budsjettet vedtas.\nEventuelt\nIngen saker.\n")
    seg = segment(text)
    (case,) = [i for i in seg.items if i.case_number]
    assert [b.kind for b in case.blocks if b.kind in ("proposal", "decision")] == ["proposal", "decision"]
    assert [i.title for i in seg.items if not i.case_number] == ["Eventuelt"]


def test_standing_entries_numbered_after_the_listed_cases_of_a_flattened_saksliste():
    """Oslo bydel saksliste in a transcript: "… 11. BU 14/79 Forslag til møteplan 13. Orienteringssaker
    14. Eventuelt": the numbers go on from the cases' entries, so these are listed items too."""
    from pipeline.records import PageSpan, ParsedDocument
    from pipeline.segment import segment_document
    from pipeline.settings import SegmentSettings

    text = ("Møtebok Utvalg: Bydelsutvalget\nSaksliste: Saksnr Tittel 1. Åpen halvtime 2. Godkjenning av innkalling og "
            "saksliste 3. BU 14/72 Økonomioppfølging per oktober 4. BU 14/73 Budsjett 5. BU 14/74 Detaljregulering av "
            "Ring 3 6. BU 14/79 Forslag til møteplan 7. Orienteringssaker 8. Eventuelt\n")
    doc = ParsedDocument("x", "x.txt", [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    titles = [i.title for i in segment_document(doc, SegmentSettings()).items if i.case_number is None]
    assert titles == ["Åpen halvtime", "Godkjenning av innkalling og saksliste", "Orienteringssaker", "Eventuelt"]


@pytest.mark.parametrize("title, expected", [
    ("Eventuelt Ingen saker.", "Eventuelt"),
    ("Referatsaker Vikersund, 08.10.2024 Kari Nordmann leder", "Referatsaker"),
    ("Åpen post Vær oppmerksom på at den enkelte representant selv er ansvarlig", "Åpen post"),
    ("Godkjenning av innkalling og saksliste Innkallingen ble godkjent", "Godkjenning av innkalling og saksliste"),
    # the end is not known: a name after a preposition, a comma, or no standing item at all
    ("Orientering om Innovasjon Norge sin verksemd", None),
    ("Skriv og meldingar, hovudutval for plan og næring 23. september", None),
    ("Budsjett 2024 Saksopplysninger", None),
])
def test_a_run_on_title_that_opens_with_a_standing_item_ends_with_it(title, expected):
    from extractors.standing_items import standing_title_prefix
    assert standing_title_prefix(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("Eventuelt Ingen saker.", "Eventuelt"),
    ("Godkjenning av innkalling og dagsorden Innkalling og dagsorden ble godkjent.", "Godkjenning av innkalling og dagsorden"),
    # on a line of its own a title is cut only before a report of the outcome
    ("Referatsaker Vikersund, 08.10.2024 Kari Nordmann leder", None),
    ("Orienteringssaker Budsjett og Regnskap", None),
])
def test_a_line_title_is_cut_only_before_an_outcome(title, expected):
    from extractors.standing_items import standing_title_prefix
    assert standing_title_prefix(title, own_line=True) == expected


def test_a_standing_items_outcome_sentence_is_its_decision():
    # a flattened bydelsutvalg protocol: the standing items carry no case number and no Vedtak label
    text = ("Protokoll 5/13 Bydelsutvalget\nMøtedato: 12.09.2013\n\n2 Åpen halvtime Ingen saker. Godkjenning av "
            "innkalling Innkallingen ble godkjent. Godkjenning av sakskart Sakskartet ble godkjent. "
            "Sak 114/13 Budsjett Vedtak: Budsjettet vedtas.\n")
    found = {i.title: [b.text for b in i.blocks if b.kind == "decision"] for i in segment_text(text).items}
    assert found["Godkjenning av innkalling"] == ["Innkallingen ble godkjent."]


def test_a_name_after_a_preposition_runs_over_its_capitalised_words():
    # "Interpellasjon fra Søndre Land SV ved …", "Orientering vedr. IKT samarbeidet i Nord Troms"
    from extractors.standing_items import standing_item_headings

    text = ("I tillegg til saklisten ble det behandlet saker: Interpellasjon fra Søndre Land SV ved Eva Røise vedr. "
            "etablering av busslommer med leskur langs Fv 34 i Hov sentrum. Ordføreren svarte på interpellasjonen.")
    assert [h.title for h in standing_item_headings(text, 0, len(text))] == [
        "Interpellasjon fra Søndre Land SV ved Eva Røise vedr. etablering av busslommer med leskur langs Fv 34 i Hov sentrum"]
