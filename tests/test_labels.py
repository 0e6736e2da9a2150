import pytest

from extractors.labels import find_blocks, find_sub_items, match_label
from extractors.lines import iter_lines


@pytest.mark.parametrize("line, kind", [
    ("Vedtak:", "decision"),
    ("**Vedtak:**", "decision"),
    ("Vedtak", "decision"),
    ("Kommunestyrets vedtak:", "decision"),
    ("Rådmannsutvalgets konklusjon 08.01.10 sak 001/10:", "decision"),
    ("Konklusjon:", "decision"),
    ("KST- 6/26 Vedtak:", "decision"),
    ("Vedtak i formannskapet 03.03.2025:", "decision"),
    ("Forslag til vedtak:", "proposal"),
    ("Forslag til konklusjon:", "proposal"),
    ("Regional koordinators forslag til konklusjon:", "proposal"),
    ("Kommunedirektørens forslag til vedtak", "proposal"),
    ("Rådmannens innstilling:", "proposal"),
    ("Innstilling:", "proposal"),
    ("Framlegg til vedtak:", "proposal"),
    ("Kommunedirektøren si tilråding:", "proposal"),
    ("Behandling i rådmannsutvalget 08.01.10:", "treatment"),
    ("Handsaming i formannskapet 03.03.2025:", "treatment"),
    ("Saksprotokoll i Kommunestyret - 12.02.2026", "treatment"),
    ("Votering", "treatment"),
    ("Saksopplysninger:", "background"),
    ("Opplysninger i saken/Vurderinger:", "background"),
    ("Innspill fra sekretariatet:", "background"),
    ("Saksbehandler:", "background"),
])
def test_label_kinds(line, kind):
    match = match_label(line)
    assert match is not None and match.kind == kind


@pytest.mark.parametrize("line", [
    "Kommunestyret fattet vedtak om saken.",
    "Framlagt forslag til referat godkjennes.",
    "Til stede: Erik Kjeldstadli, Bærum",
    "Sted: Drammen rådhus",
    "Godkjenning av innkalling og dagsorden:",
    "Saken ble vedtatt enstemmig etter en lang diskusjon om budsjettet for neste år:",
])
def test_not_labels(line):
    assert match_label(line) is None


def test_inline_label_text_starts_after_colon():
    text = "Vedtak: Godkjent.\n"
    blocks, _ = find_blocks(text, 0, len(text))
    assert [(b.kind, b.text) for b in blocks] == [("decision", "Godkjent.")]


def test_blocks_run_to_next_label_and_join_paragraphs():
    text = ("Forslag til konklusjon:\n\nReferatsaken tas til orientering\n\n"
            "Rådmannsutvalgets konklusjon 08.01.10 sak 003/10:\n\nSaken tas til orientering.\n\n"
            "Det foreslås gitt en orientering om saken i første regionråd.\n")
    blocks, _ = find_blocks(text, 0, len(text))
    assert [(b.kind, b.text) for b in blocks] == [
        ("proposal", "Referatsaken tas til orientering"),
        ("decision", "Saken tas til orientering. Det foreslås gitt en orientering om saken i første regionråd."),
    ]
    for b in blocks:
        assert text[b.char_start:b.char_end].split()[0] == b.text.split()[0]


def test_lettered_sub_items_need_sequence_from_a():
    text = "A Kommunehelse\n\nB KomUt\n\nVedtak:\nTas til orientering.\n\n- C BPA\n\nI brevet vises det til avtalen.\n"
    subs = find_sub_items(list(iter_lines(text)))
    assert [(s.label, s.title) for s in subs] == [("A", "Kommunehelse"), ("B", "KomUt"), ("C", "BPA")]
    blocks, _ = find_blocks(text, 0, len(text))
    assert blocks[0].sub_item == "B"


def test_single_letter_line_is_not_a_sub_item_list():
    text = "I brevet fra kommunen\n\nVedtak:\nOk.\n"
    assert find_sub_items(list(iter_lines(text))) == []


def test_nynorsk_background_label_ends_a_decision():
    """Elements saksframlegg in nynorsk: "Saksopplysningar" starts the background section."""
    from extractors.labels import classify_label

    assert classify_label("Saksopplysningar", colon=False) == "background"
    assert classify_label("Saksopplysninger", colon=False) == "background"


@pytest.mark.parametrize("text, start", [
    ("Årsregnskap og årsberetning 2023 Daglig leder orienterte om regnskapet.", "Daglig leder"),
    ("Budsjett 2024 Rådmannen la fram saken.", "Rådmannen"),
    ("Status Ålesund sykehus Direktør Hansen orienterte.", "Direktør Hansen"),
    ("Ordføreren orienterer", None),                 # present tense: an agenda item of its own
    ("Orientering om økonomi", None),
    ("Rådmannen orienterte om saken.", None),       # no title word before the report
    ("Referat fra møtet på Hotell Bristol Det vises til vedlagte referat", "Det vises"),   # an impersonal opener
    ("Status Det Norske Veritas", None),
])
def test_report_sentence_start(text, start):
    from extractors.labels import report_sentence_start

    found = report_sentence_start(text)
    assert (None if found is None else text[found:found + len(start)]) == start


def test_a_flattened_case_heading_ends_before_the_report_of_the_meeting():
    from pipeline.segment import case_headings

    text = ("1 Protokoll fra styremøte i Vestfold Vann IKS Dato: 14. mars 2024 Til stede: Kari Nordmann, Ola "
            "Hansen Sak 09/24 Årsregnskap og årsberetning 2023 Daglig leder orienterte om regnskapet. Resultatet "
            "ble et overskudd. Vedtak: Styret vedtar årsregnskapet. Sak 10/24 Investeringsplan 2024–2027 "
            "Forslag til vedtak: Styret slutter seg til planen. Vedtak: Som forslaget.\n")
    assert [(h.case_number, h.title) for h in case_headings(text)] == [
        ("9/2024", "Årsregnskap og årsberetning 2023"), ("10/2024", "Investeringsplan 2024–2027")]


@pytest.mark.parametrize("line, kind", [
    # Elements/ACOS: a committee's long name and the meeting's date in the label
    ("Vedtak i Hovudutval for kultur, idrett og inkludering - 04.06.2024:", "decision"),
    ("Behandling i Hovedutvalg for helse, omsorg og velferd - 12.03.2024:", "treatment"),
    # nynorsk: "<body> sitt vedtak" whatever the body's name
    ("Hovudutval for kultur, idrett og inkludering sitt vedtak:", "decision"),
    ("Utval for tekniske saker sitt vedtak:", "decision"),
    ("Fylkesdirektøren sitt forslag til vedtak:", "proposal"),
])
def test_labels_with_a_bodys_long_name(line, kind):
    found = match_label(line)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("line, kind", [
    ("Forslag til vedtak fra rådmannen:", "proposal"),          # was read as a decision ("… vedtak fra …")
    ("Framlegg til vedtak frå kommunedirektøren:", "proposal"),
    ("Forslag fra Arbeiderpartiet:", "treatment"),               # a member's or party's proposal in the meeting
    ("Forslag fra Ottar Michelsen (SV):", "treatment"),
    ("Fellesforslag fra H, FrP og KrF:", "treatment"),           # the pattern read "fellesforslagforslag"
])
def test_proposals_of_the_administration_and_of_members(line, kind):
    found = match_label(line)
    assert found is not None and found.kind == kind


def test_the_administrations_proposal_written_forslag_fra_is_no_members_proposal():
    assert match_label("Forslag fra rådmannen:") is None or match_label("Forslag fra rådmannen:").kind != "treatment"
