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
