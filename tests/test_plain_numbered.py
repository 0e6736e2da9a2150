"""Minutes that number their items "1.", "2." on plain lines, not cases (ungdomsråd, workshops)."""
from extractors.cases import find_plain_numbered_headings
from pipeline.records import ParsedDocument, PageSpan
from pipeline.segment import segment_document
from pipeline.settings import SegmentSettings

from .conftest import segment_text

REFERAT = """Møtereferat Ungdomsrådet

Ungdomsrådsmøte 18.08.09
Tilstede: Karoline, Vanja, Atle og Silje.

1. Demokratimesterskapet
UR tar initiativ til å få oppslag i avisa.

2. Vedtekter ungdomsrådet
Rekruttering av kandidater ble diskutert.
1. Elevrådet står for valget.
2. Det er lett for at det blir bare elever fra én skole.
Vedtak: Vedtektene tas opp til evaluering.

3. Ungdomskonferanse
Ny dato: onsdag 21. oktober
Vedtak: Tema som foreslått ovenfor vedtatt.
"""


def titles(text):
    return [(h.label, h.title) for h in find_plain_numbered_headings(text, 0, len(text))]


def test_numbered_items_with_text_under_them():
    assert titles(REFERAT) == [("1", "Demokratimesterskapet"), ("2", "Vedtekter ungdomsrådet"),
                               ("3", "Ungdomskonferanse")]


def test_a_saksliste_of_numbered_lines_is_no_run_of_items():
    text = "Saksliste\n1. Godkjenning av innkalling\n2. Budsjett\n3. Eventuelt\n\nDet ble orientert om budsjettet.\n"
    assert titles(text) == []


def test_fewer_than_three_items_or_numbered_sentences_are_not_items():
    assert titles("1. Innledning\nTekst.\n2. Bakgrunn\nTekst.\n") == []
    assert titles("1. Rådmannen legger fram saken.\nTekst.\n2. Saken sendes på høring.\nTekst.\n"
                  "3. Vedtaket gjelder fra i dag.\nTekst.\n") == []


def test_segment_reads_them_as_the_minutes_items_with_their_decisions():
    doc = ParsedDocument("d1", "ur.txt", [], "txt", "utf-8", len(REFERAT), REFERAT, [PageSpan(1, 0, len(REFERAT))])
    seg = segment_document(doc, SegmentSettings())
    items = [(i.label, i.title, [b.text for b in i.blocks if b.kind == "decision"]) for i in seg.items]
    assert items[:3] == [("1", "Demokratimesterskapet", []),
                         ("2", "Vedtekter ungdomsrådet", ["Vedtektene tas opp til evaluering."]),
                         ("3", "Ungdomskonferanse", ["Tema som foreslått ovenfor vedtatt."])]


def test_a_numbered_items_outcome_sentence_is_its_decision():
    # referat and styremøter numbered "1.", "2." state simple outcomes without a Vedtak label
    text = ("Referat fra møte i Eldrerådet\nDato: 3. mars 2022\n\n1. Godkjenning av innkalling\n"
            "Innkallingen ble godkjent.\n\n2. Orientering om helseplanen\nRådgiveren orienterte om arbeidet.\n"
            "Vedtak: Orienteringen tas til etterretning.\n\n3. Eventuelt\nNeste møte blir 7. april.\n")
    items = segment_text(text).items
    assert [(i.title, [(b.kind, b.text) for b in i.blocks if b.kind == "decision"]) for i in items] == [
        ("Godkjenning av innkalling", [("decision", "Innkallingen ble godkjent.")]),
        ("Orientering om helseplanen", [("decision", "Orienteringen tas til etterretning.")]),
        ("Eventuelt", [])]


# a referat's page flattened to one line (web transcripts): items numbered inline, each title
# running on into a report of the meeting or an outcome
FLAT_REFERAT = ("Referat\n\nTranskript\n\n1 Referat Arbeidsgruppe for ny skolestruktur, Hole kommune Tid: Tirsdag "
                "9. januar 2024 kl. 14.00–16.00 Sted: Hole rådhus, møterom 2 Deltakere: Lars Berg, kommunalsjef "
                "oppvekst (leder) Mona Aas, rektor Vik skole Forfall: Tore Ness, FAU-representant 1. Velkommen og "
                "gjennomgang av mandat Gruppen gikk gjennom mandatet fra formannskapet. Konklusjon: Mandatet er "
                "forstått. 2. Elevtallsprognoser 2024–2034 Kommunalsjefen presenterte prognosene. Konklusjon: "
                "Prognosene legges til grunn. 3. Fremdriftsplan Konklusjon: Utredningen skal være ferdig til "
                "12. juni 2024. 4. Eventuelt Ingen saker. Referent: Mona Aas\n")


def test_items_numbered_inline_on_a_flattened_page():
    items = segment_text(FLAT_REFERAT).items
    assert [(i.label, i.title) for i in items] == [
        ("1", "Velkommen og gjennomgang av mandat"), ("2", "Elevtallsprognoser 2024–2034"),
        ("3", "Fremdriftsplan"), ("4", "Eventuelt")]
    assert [b.text for b in items[0].blocks if b.kind == "decision"] == ["Mandatet er forstått."]
    assert [b.text for b in items[2].blocks if b.kind == "decision"] == ["Utredningen skal være ferdig til 12. juni 2024."]


def test_a_numbered_list_inside_a_typed_paragraph_is_no_run_of_items():
    # a short typed line keeps its numbers: only a flattened page (a long line) is broken before them
    text = "Referat\n\nTil stede: Kari, Ola\n\nVi ser på 1. Skole 2. Barnehage 3. Helse i vår.\nVedtak: Godkjent.\n"
    assert titles(text) == []


def test_items_headed_sak_and_a_number_without_a_year():
    # foretaksmøter, generalforsamlinger and årsmøter number items "Sak 1:", "Sak 2" without a year
    text = ("Protokoll fra foretaksmøte\n\nSak 1: Foretaksmøtet konstitueres\nMøtet ble satt.\n\n"
            "Sak 2: Dagsorden\nDagsorden ble godkjent.\n\nSak 3 Valg av revisor\nForetaksmøtet valgte revisor.\n")
    assert titles(text) == [("1", "Foretaksmøtet konstitueres"), ("2", "Dagsorden"), ("3", "Valg av revisor")]


def test_a_saksliste_of_numbered_items_is_the_meetings_list():
    # årsmøter, generalforsamlinger, styremøter: "Dagsorden: 1. … 2. …" and no case numbers
    text = ("Innkalling til årsmøte i Vik Idrettslag\n\nDagsorden:\n1. Godkjenning av innkalling\n2. Valg av møteleder\n"
            "3. Årsberetning 2023\n4. Regnskap 2023\n5. Valg\n\nVik, 1. mars 2024\nStyret\n")
    assert [(i.label, i.title) for i in segment_text(text).items] == [
        ("1", "Godkjenning av innkalling"), ("2", "Valg av møteleder"), ("3", "Årsberetning 2023"),
        ("4", "Regnskap 2023"), ("5", "Valg")]


# a foretaksmøte protocol flattened on transcript pages: the saksliste inline (a number lost between
# 3 and 7), each item's text under "Sak N:" further on, its outcome mid-page
FORETAKSMOTE = ("Transkript\n\n1 PROTOKOLL FRA FORETAKSMØTE I HELSE NORD RHF Tirsdag 13. februar 2007 ble det avholdt "
                "foretaksmøte i Helse Nord RHF i Oslo. Saksliste: 1. Foretaksmøtet konstitueres 2. Dagsorden 3. "
                "Statsrådens innlegg 7. Valg av revisor 8. Styregodtgjørelse Fra styret møtte: Styreleder Bjørn Kaldhol "
                "Sak 1: Foretaksmøtet konstitueres Helse- og omsorgsminister Sylvia Brustad ønsket velkommen. Det var "
                "ingen merknader til innkallingen. Innkallingen godkjennes. Foretaksmøtet er lovlig satt. Sak 2: Dagsorden "
                "Møteleder spurte om "
                "merknader til dagsorden. Dagsorden ble godkjent. " + "Tekst om møtet. " * 10 + "1\n")


def test_a_flattened_saksliste_and_its_items_sak_1_sak_2():
    items = segment_text(FORETAKSMOTE).items
    assert [(i.label, i.title) for i in items] == [
        ("1", "Foretaksmøtet konstitueres"), ("2", "Dagsorden"), ("3", "Statsrådens innlegg"),
        ("7", "Valg av revisor"), ("8", "Styregodtgjørelse")]
    decisions = [[b.text for b in i.blocks if b.kind == "decision"] for i in items[:2]]
    assert decisions == [["Innkallingen godkjennes. Foretaksmøtet er lovlig satt."], ["Dagsorden ble godkjent."]]


def test_an_item_number_that_a_pdf_margin_parted_from_its_title():
    # a PDF page of the same protocol: the line wraps right after "Sak 1:"
    text = ("PROTOKOLL FRA FORETAKSMØTE\n\nSaksliste:\n1. Foretaksmøtet konstitueres\n2. Dagsorden\n3. Valg av revisor\n\n"
            "Til stede: Styreleder Bjørn Kaldhol. Riksrevisjonen møtte ved Siw Ottesen Iversen. Sak 1:\n"
            "Foretaksmøtet konstitueres Statsråden ønsket velkommen. Innkallingen godkjennes.\n"
            "Sak 2: Dagsorden Dagsorden ble godkjent.\n")
    items = segment_text(text).items
    assert [(i.label, i.title) for i in items] == [
        ("1", "Foretaksmøtet konstitueres"), ("2", "Dagsorden"), ("3", "Valg av revisor")]
    assert [b.text for b in items[0].blocks if b.kind == "decision"] == ["Innkallingen godkjennes."]
