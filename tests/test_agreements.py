"""Agreements: notice terms, memo bullets, minutes clauses, and a score against the gold files."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.evaluate import align_in_order, same_party
from extractors.agreements import (Agreement, agreement_rules, earliest_exit, extract_agreements,
                                   guess_self_names, notice_months)
from extractors.rules import load_rules

GOLD = Path(__file__).parent / "gold"
RAW = Path(__file__).parents[1] / "corpus" / "raw"
HAS_DATES = (Path(__file__).parents[1] / "extractors" / "dates.py").exists()
needs_dates = pytest.mark.skipif(not HAS_DATES, reason="extractors/dates.py not written yet")


# --------------------------------------------------------------------------- notice periods

NOTICE_CASES = [
    # real corpus snippets
    ("Avtalen kan sies opp med tre måneders varsel.", 3, True),
    ("I hht Inngått kontrakt pkt 3.3 med Forskningsrådet, kan en partner som Vestregionen er, "
     "trekke seg fra prosjektet med seks måneders varsel.", 6, True),
    ("Samarbeidet kan avsluttes med umiddelbar virkning.", 0, True),
    ("Samarbeidsavtalen kan sies opp med 3 måneders virkning.", 3, True),
    ("Avtalen kan sies opp av begge parter med en måneds oppsigelse.", 1, True),
    ("Avtalen kan sies opp av hver av partene med 3 måneders varsel.", 3, True),
    ("Avtalen kan sies opp av den enkelte kommune med ett års skriftlig varsel.", 12, True),
    ("Avvikling eller uttreden er ikke regulert.", None, False),
    ("Avvikling av samarbeidet er ikke regulert i avtalen.", None, False),
    ("Samarbeidsplattform for nettverket er under utarbeidelse, og det foreligger pt ingen avtale som "
     "regulerer avvikling eller uttreden.", None, False),
    ("Avtalen ble revidert i april 2017, og kan tidligst sies opp med virkning fra studieåret 2019.", None, True),
    ("Avtalen har en gjensidig oppsigelsesklausul om at oppsigelse skal finne sted innen 1. januar før "
     "kommende skoleår.", None, True),
    ("Det er også inngått lisensavtaler med ulike leverandører som kan sies opp før årlig fornyelse.", None, True),
    ("Avtalen kan sies opp med før neste årlige forfall.", None, True),
    # other forms, bokmål and nynorsk
    ("Avtalen kan seiast opp med tre månaders varsel.", 3, True),
    ("Avtala kan seiast opp med seks månadars oppseiing.", 6, True),
    ("Oppsigelsestiden er 6 måneder.", 6, True),
    ("Oppseiingstida er to månader.", 2, True),
    ("Avtalen kan sies opp med et halvt års varsel.", 6, True),
    ("Avtalen kan sies opp med to års varsel.", 24, True),
    ("Avtalen kan sies opp med 12 mnd. varsel.", 12, True),
    ("Uttreding er ikkje regulert i avtala.", None, False),
    ("Avtalen kan sies opp.", None, True),
    ("Ansettelseskontrakten går ut 31.12.2017.", None, None),
    ("KHS er regulert gjennom en samarbeidsavtale mellom de 26 kommunene, og opphører i juni 2018.", None, None),
    ("Tjenestekonsesjonskontraktene har en varighet på 3 år, og løper ut den 31.12.2018.", None, None),
]


@pytest.mark.parametrize("clause, months, regulated", NOTICE_CASES)
def test_notice_months(clause, months, regulated):
    assert notice_months(clause) == (months, regulated)


def test_at_least_fifteen_notice_phrases():
    assert len(NOTICE_CASES) >= 15


# --------------------------------------------------------------------------- rule data

def test_agreements_yaml_integrity():
    rules = agreement_rules()   # loads, checks keys and compiles every pattern
    assert rules.kinds and rules.counterparty and rules.not_regulated
    kinds = [kind for kind, _ in rules.kinds + rules.fallback_kinds]
    assert len(kinds) == len(set(kinds)), "duplicate kind"
    for word, value in rules.number_words.items():
        assert value > 0
        assert notice_months(f"Avtalen kan sies opp med {word} års varsel.") == (round(value * 12), True), word
    for pattern, months in rules.units:
        assert months in (1, 12)
    data = load_rules("agreements", required={}, optional={k: object for k in _yaml_keys()})
    for row in data["earliest_exit_years"]:
        assert "(?P<year>" in row["pattern"] and 1 <= row["month"] <= 12 and 1 <= row["day"] <= 28


def _yaml_keys() -> list[str]:
    text = (Path(__file__).parents[1] / "extractors" / "rules" / "agreements.yaml").read_text(encoding="utf-8")
    return re.findall(r"^([a-z_]+):", text, re.MULTILINE)


# --------------------------------------------------------------------------- memo snippets

MEMO = """\
#### Regional utvikling

Innsatsområdet har fokus rettet mot områdene Arealbruk, transport og knutepunktsutvikling.

#### *Arealbruk, transport og knutepunktsutvikling*

- insam as  
FOUI-avtale inngått med Vestregionen i november 2014 med varighet ut 2018. Avtalen kan sies opp med tre måneders varsel.  
Vestregionens ressursbruk: Reguleres av årlig budsjett for fokusområdet Areal og transport.
- **Helse Sør-Øst**  
Vestregionen har sammen med Helse Sør-Øst utviklet et styringsverktøy. Det foreligger ingen formell avtale mellom partene.  
Vestregionens ressursbruk: Daglig leder og KHS-koordinators tidsbruk.
- **Nettverk for folkehelsekoordinatorer**  
Alle folkehelsekoordinatorer inviteres til kvartalsvise nettverksmøter. Nettverket ble etablert i 2015, og er hjemlet i Vestregionens handlingsplan.

#### *Kompetanse*

- **Høgskolen i Sørøst Norge (HSN)**  
Høgskolen og Vestregionen inngikk i mai 2014 samarbeidsavtale om å utvikle forsknings- og undervisningstiltak.  
Vestregionens ressursbruk: Daglig leders tidsbruk.

#### **Administrasjon / løpende drift**

- Web-løsning og lisenser  
Vestregionen har avtale med selskapet Snapper Net Solutions as om server- og applikasjonsdrift. Avtalen kan sies opp med 3 måneders varsel. Det er også inngått lisensavtaler med ulike leverandører som kan sies opp før årlig fornyelse.
- Ansettelsesavtaler  
Vestregionen har pr oktober 2015 fem medarbeidere:
  - 3 faste, fulle stillinger med ansettelsesavtaler med Bærum kommune
  - 1 ansatt i engasjemenst i Vestregionen som prosjektleder for KomUt. Avtalen er tidsbegrenset til 2017.
  - 1 ansatt i 16 % midlertidig stilling som daglig leder for orkesteret. Avtalepart er Vestregionen, og avtalen går ut i desember 2017.
"""


@pytest.fixture(scope="module")
def memo() -> list[Agreement]:
    return extract_agreements(MEMO)


def test_memo_bullets_become_agreements(memo):
    assert [(a.section, a.item, a.counterparty) for a in memo] == [
        ("Regional utvikling", "insam as", "insam as"),
        ("Kompetanse", "Høgskolen i Sørøst Norge (HSN)", "Høgskolen i Sørøst Norge (HSN)"),
        ("Administrasjon", "Web-løsning og lisenser", "Snapper Net Solutions as"),
        ("Administrasjon", "Web-løsning og lisenser", "ulike leverandører"),
        ("Administrasjon", "Ansettelsesavtaler", "Bærum kommune"),
        ("Administrasjon", "Ansettelsesavtaler", "prosjektleder for KomUt"),
        ("Administrasjon", "Ansettelsesavtaler", "daglig leder for orkesteret"),
    ]


def test_memo_terms_kind_and_resource(memo):
    insam = memo[0]
    assert (insam.kind, insam.notice_months, insam.exit_regulated) == ("FoU-avtale", 3, True)
    assert insam.termination_text == "Avtalen kan sies opp med tre måneders varsel."
    assert insam.resource_text == "Vestregionens ressursbruk: Reguleres av årlig budsjett for fokusområdet Areal og transport."
    assert MEMO[insam.char_start:insam.char_end].startswith("- insam as")
    web, licences = memo[2], memo[3]
    assert (web.kind, web.notice_months) == ("avtale", 3)
    assert (licences.kind, licences.notice_months, licences.exit_regulated) == ("lisens", None, True)
    assert licences.notice_text == "før årlig fornyelse"
    assert all(a.kind == "ansettelsesavtale" for a in memo[4:])


@needs_dates
def test_memo_dates(memo):
    insam = memo[0]
    assert (insam.start_date, insam.start_precision) == (date(2014, 11, 1), "month")
    assert insam.end_date == date(2018, 12, 31)
    assert memo[1].start_text == "mai 2014"
    assert [a.end_date for a in memo[4:]] == [None, date(2017, 12, 31), date(2017, 12, 31)]


def test_self_name_is_never_counterparty():
    assert guess_self_names(MEMO) == ("Vestregionen",)
    text = "- insam as  \nFOUI-avtale inngått med Alliansen i 2014. Avtalen kan sies opp med tre måneders varsel.\n"
    (agreement,) = extract_agreements(text, self_names=["Alliansen"])
    assert agreement.counterparty == "insam as"


COUNTERPARTY_CASES = [
    ("- Næringsklyngen Electric Mobility Norway  \nSamarbeidsavtale mellom EMN og Vestregionen inngått i april 2014.\n",
     "Næringsklyngen Electric Mobility Norway"),
    ("- Revisjon  \nInneværende avtale med revisjonsselskapet Nitschke ble inngått i juni 2015.\n", "Nitschke"),
    ("- Avtale med dirigent  \nDirigent Kjell Seim ble engasjert i 2008. Avtalen kan sies opp med en måneds varsel.\n",
     "Kjell Seim"),
    ("- Leiekontrakt  \nVestregionen har inngått avtale med Asker kommune om leie av kontorplasser.\n", "Asker kommune"),
    ("- Vertskommuneavtale  \nDet er inngått vertskommuneavtale med Drammen kommune for 2018. "
     "Det er ikke inngått avtale for 2019.\n", "Drammen kommune"),
    ("- KomUt  \nProsjektleder er tilsatt i 100% stilling i Vestregionen, og fullfinansieres av Norsk Helsenett. "
     "Ansettelseskontrakten går ut 31.12.2017.\n", "Norsk Helsenett"),
    ("- **Forskningsrådet / Klimaomstilling**  \nForskningsrådet har innvilget midler til forprosjektet. "
     "Prosjektet ferdigstilles i februar 2018.\n", "Forskningsrådet"),
    ("- Forsikringer  \nYrkesskadeforsikring er ivare tatt gjennom avtale med IF.\n", "IF"),
]


@pytest.mark.parametrize("text, counterparty", COUNTERPARTY_CASES)
def test_counterparty(text, counterparty):
    (agreement,) = extract_agreements(text, self_names=["Vestregionen"])
    assert agreement.counterparty == counterparty


NOT_AGREEMENTS = [
    "- **BPA-nettverk**  \nKommunene som har tjenestekonsesjonsavtaler med private leverandører inviteres "
    "kvartalsvis til nettverksmøter.\n",
    "- Rektormøter  \nDaglig leder avholder kvartalsvise møter med rektorene ved kulturskolene.\n",
]


@pytest.mark.parametrize("text", NOT_AGREEMENTS)
def test_bullets_without_agreement(text):
    assert extract_agreements(text) == []


# --------------------------------------------------------------------------- minutes clause

MINUTES = """\
Sak 010/10: Øvre Eiker – oppsigelse av innkjøpssamarbeid

Dokumenter i saken:

- 091218 Oppsigelse av samarbeidsavtale – Øvre Eiker (*Vedlegg 7*)

Opplysninger i saken/Vurderinger:

Sekretariatet har pr 28.12.09 mottatt brev fra Øvre Eiker datert 18.12.09 – der de sier opp samarbeidsavtalen knyttet til innkjøp.

I brevet fra Øvre Eiker vises det til samarbeidsavtale av 27.03.09. Om oppsigelse heter det i denne avtalen:

*«Avtalen kan sies opp av den enkelte kommune med ett års skriftlig varsel.
Oppsigelsestiden regnes fra 1. januar året etter oppsigelsen er datert»*

Konsekvensen av oppsigelsen er at Øvre Eiker fom 1. januar 2011 trer ut av innkjøpssamarbeidet.
"""


def test_minutes_clause():
    (agreement,) = extract_agreements(MINUTES, meeting_date=date(2010, 1, 8))
    assert (agreement.counterparty, agreement.kind, agreement.section) == ("Øvre Eiker", "samarbeidsavtale", None)
    assert (agreement.notice_months, agreement.exit_regulated) == (12, True)
    assert agreement.termination_text == "Avtalen kan sies opp av den enkelte kommune med ett års skriftlig varsel."
    assert MINUTES[agreement.char_start:agreement.char_end].startswith("Avtalen kan sies opp")
    # the notice period runs from 1 January after the letter of 18.12.09: out on 1 January 2011
    assert earliest_exit(agreement, date(2009, 12, 18)) == date(2011, 1, 1)


@needs_dates
def test_minutes_clause_start():
    (agreement,) = extract_agreements(MINUTES, meeting_date=date(2010, 1, 8))
    assert (agreement.start_date, agreement.start_text) == (date(2009, 3, 27), "27.03.09")


def test_earliest_exit_rules():
    text = ("- **Handelshøgskolen, HSN**  \nHSN og Vestregionen inngikk avtale om masteremnet. Avtalen ble revidert i "
            "april 2017, og kan tidligst sies opp med virkning fra studieåret 2019.\n")
    (agreement,) = extract_agreements(text)
    assert agreement.earliest_exit_date == date(2019, 8, 1)
    assert earliest_exit(agreement, date(2018, 1, 10)) == date(2019, 8, 1)
    regulated_off = extract_agreements("- Transport 2.0 – nettverk  \nNettverkets aktiviteter reguleres av en "
                                       "samarbeidsplattform. Avvikling eller uttreden er ikke regulert.\n")[0]
    assert earliest_exit(regulated_off, date(2018, 1, 10)) is None
    three = extract_agreements("- Regnskap  \nVestregionen har avtale med regnskapsfirmaet Hafco as. "
                               "Avtalen kan sies opp med 3 måneders varsel.\n")[0]
    assert earliest_exit(three, date(2018, 11, 30)) == date(2019, 2, 28)


# --------------------------------------------------------------------------- other layouts

NYNORSK_MEMO = """\
#### **Miljø**

- **Hallingdal Renovasjon IKS**  
Regionrådet inngjekk i mars 2016 avtale med Hallingdal Renovasjon IKS om innsamling. Avtala kan seiast opp med seks månaders varsel.  
Regionrådet sin ressursbruk: Dagleg leiar si tid.
- **Leigeavtale**  
Regionrådet har inngått leigeavtale med Gol kommune om kontor. Avtala gjeld til 31.12.2020.
- **Nettverk for næring**  
Nettverket vart etablert i 2012 og er heimla i handlingsplanen.
"""

HEADING_MEMO = """\
## Avtaler

### insam as

FOUI-avtale inngått med Vestregionen i november 2014 med varighet ut 2018. Avtalen kan sies opp med tre måneders varsel.

### Regnskap

Vestregionen har avtale med regnskapsfirmaet Hafco as om regnskapstjenester. Avtalen kan sies opp med 3 måneders varsel.
"""

CASE_MINUTES = """\
PS 12/21 Avtale om innkjøpstjenester

Saksopplysninger:
Kommunen har siden 2015 hatt avtale med Innkjøpskontoret AS. Avtalen løper til 31.12.2022 og kan sies opp med 6 måneders varsel.

Sak 5/2020 Utmelding av Vestfold IKT

Kommunestyret vedtok utmelding. Etter selskapsavtalen § 12 kan en deltaker si opp sitt deltakerforhold med to års varsel.
"""


@pytest.mark.parametrize("text, expected", [
    (NYNORSK_MEMO, [("Miljø", "Hallingdal Renovasjon IKS", "Hallingdal Renovasjon IKS", "avtale", 6),
                    ("Miljø", "Leigeavtale", "Gol kommune", "leiekontrakt", None)]),
    (HEADING_MEMO, [("Avtaler", "insam as", "insam as", "FoU-avtale", 3),
                    ("Avtaler", "Regnskap", "Hafco as", "avtale", 3)]),
    (CASE_MINUTES, [(None, "Avtale om innkjøpstjenester", "Innkjøpskontoret AS", "avtale", 6),
                    (None, "Utmelding av Vestfold IKT", "Vestfold IKT", "avtale", 24)]),
])
def test_other_layouts(text, expected):
    found = extract_agreements(text, self_names=["Vestregionen", "Regionrådet"])
    assert [(a.section, a.item, a.counterparty, a.kind, a.notice_months) for a in found] == expected


def test_nynorsk_resource_text():
    first = extract_agreements(NYNORSK_MEMO)[0]
    assert first.resource_text == "Regionrådet sin ressursbruk: Dagleg leiar si tid."


@needs_dates
def test_other_layout_dates():
    leige = extract_agreements(NYNORSK_MEMO)[1]
    assert leige.end_date == date(2020, 12, 31)
    purchase = extract_agreements(CASE_MINUTES)[0]
    assert (purchase.start_date, purchase.end_date) == (date(2015, 1, 1), date(2022, 12, 31))


# --------------------------------------------------------------------------- gold score

def _align(predicted: list[Agreement], gold: list[dict]) -> list[tuple[Agreement, dict]]:
    return align_in_order(predicted, gold, lambda p, g: same_party(p.counterparty, g["counterparty"]))


def score_gold(names: list[str]) -> dict:
    predicted_total = gold_total = matched = notice_right = 0
    for name in names:
        gold_doc = json.loads((GOLD / f"{name}.gold.json").read_text(encoding="utf-8"))
        meeting = gold_doc["document"].get("meeting_date")
        text = (RAW / f"{name}.txt").read_text(encoding="utf-8")
        predicted = extract_agreements(text, meeting_date=date.fromisoformat(meeting) if meeting else None)
        gold = gold_doc.get("agreements") or []
        pairs = _align(predicted, gold)
        predicted_total, gold_total, matched = predicted_total + len(predicted), gold_total + len(gold), matched + len(pairs)
        notice_right += sum(p.notice_months == g["notice_months"] for p, g in pairs)
    precision = matched / predicted_total if predicted_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"predicted": predicted_total, "gold": gold_total, "matched": matched, "f1": f1,
            "notice_accuracy": notice_right / matched if matched else 0.0}


def test_gold_counterparty_f1_and_notice_accuracy():
    score = score_gold(["000_19d07f79aabf97b7", "002_24629abb2265b0a3"])
    print(score)
    assert score["f1"] >= 0.90, score
    assert score["notice_accuracy"] >= 0.95, score


@pytest.mark.parametrize("name", ["001_4778877e962364ef", "003_21a960160c8e3146", "004_5ac1954d7cd29f3b"])
def test_documents_without_agreements(name):
    gold = json.loads((GOLD / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert not gold.get("agreements")
    assert extract_agreements((RAW / f"{name}.txt").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("text", [
    "• Innspill fra møtedeltaker: Ønsker mapping mot standard kontoplan med åpen lisens\n(Creative Commons/MIT).\n",
    "• Gjennomgang av tabellen\nDet kan være en selger i Norge. Er det avhengig av avtalen? Dette kan vurderes nærmere.\n",
])
def test_word_avtale_alone_is_not_an_agreement(text):
    # regression: workshop summaries produced agreements with neither party nor term
    assert extract_agreements(text) == []


def test_cheap_precheck_never_hides_an_agreement(monkeypatch):
    """extract_agreements skips texts where no cue or notice pattern matches; on every text of the
    corpus and layout set the result is the same as without the pre-check."""
    import extractors.agreements as agreements

    from .conftest import RAW, ROOT

    paths = sorted(RAW.glob("*.txt")) + sorted(RAW.glob("*.md")) + sorted((ROOT / "tests" / "layouts" / "raw").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    with_check = [agreements.extract_agreements(t) for t in texts]
    monkeypatch.setattr(agreements, "could_hold_agreement", lambda text: True)
    assert [agreements.extract_agreements(t) for t in texts] == with_check
    assert sum(map(len, with_check)) > 0


# --------------------------------------------------------------------------- genre forms (rules audit)
# One short snippet per general form the rule data covers; written for the genre, not copied
# from a corpus document.

@pytest.mark.parametrize("clause, months, regulated", [
    # an amendment that adds an exit clause to an intermunicipal agreement
    ("Frist for oppsigelse av samarbeidsavtalen er et år.", 12, True),
    ("Frist for oppseiing av avtala er seks månader.", 6, True),
    ("Fristen for uttreden er to år.", 24, True),
    ("Oppsigelsestiden er satt til 3 måneder.", 3, True),
    ("Oppsigelsestida er minimum seks måneder.", 6, True),
    # a party's right to withdraw, without a period
    ("Hver deltakerkommune kan trekke seg fra samarbeidet.", None, True),
    ("Kvar kommune kan trekkje seg ut av ordninga.", None, True),
    # withdrawal from something that is no agreement is no exit term
    ("Representanten kan trekke seg fra vervet.", None, None),
    # "kan avsluttes" is an exit term only with the agreement as its subject
    ("Oppdraget kan avsluttes med umiddelbar virkning.", 0, True),
    ("Leiekontrakten kan avsluttes ved utgangen av året.", None, True),
    ("Saken kan avsluttes når rapporten er levert.", None, None),
    ("Avtalen har en gjensidig oppseiingsklausul.", None, True),
])
def test_notice_genre_forms(clause, months, regulated):
    assert notice_months(clause) == (months, regulated)


@pytest.mark.parametrize("text, counterparty, kind", [
    # an assignment: a person hired, named after a title of the shared title lexicon
    ("- Prosessveileder  \nKonsulent Kari Nordmann ble engasjert som prosessveileder i 2019. "
     "Oppdraget kan sies opp med en måneds varsel.\n", "Kari Nordmann", "oppdragsavtale"),
    # a capitalised common noun before a known given name is a descriptor
    ("- Instruktører  \nInstruktør Anne Berg ble engasjert i 2015. Avtalen kan sies opp med to måneders varsel.\n",
     "Anne Berg", "oppdragsavtale"),
    # a two-word title from the lexicon, lower case in running text
    ("- Juridisk bistand  \nKommunen har avtale med advokat Per Olsen om juridisk bistand. "
     "Avtalen kan sies opp med 3 måneders varsel.\n", "Per Olsen", "avtale"),
    # the party named with its relative clause
    ("- Renhold  \nKommunen har løpende kontakt med leverandørene som har inngått rammeavtale med kommunen. "
     "Rammeavtalen løper ut 31.12.2025.\n", "leverandørene", "rammeavtale"),
    # "regulert gjennom en <avtale>" is evidence of a binding agreement
    ("- Legevakt Midt-Telemark  \nLegevaktsamarbeidet er regulert gjennom en vertskommuneavtale fra 2016.\n",
     "Legevakt Midt-Telemark", "vertskommuneavtale"),
    # the party that gives notice
    ("- Barnevern  \nHof kommune har sagt opp avtalen om felles barnevern. "
     "Avtalen kan sies opp med seks måneders varsel.\n", "Hof kommune", "avtale"),
    # research and development agreements: FoU / FoUI, with or without a hyphen
    ("- Høgskulen på Vestlandet  \nFoU-avtale inngått med kommunen i 2020. Avtalen kan sies opp med tre måneders varsel.\n",
     "Høgskulen på Vestlandet", "FoU-avtale"),
])
def test_counterparty_and_kind_genre_forms(text, counterparty, kind):
    (agreement,) = extract_agreements(text, self_names=["Kommunen"])
    assert (agreement.counterparty, agreement.kind) == (counterparty, kind)


@pytest.mark.parametrize("text", [
    # "engasjert" as "involved" is no contract
    "- Folkehelse  \nKommunen er sterkt engasjert i arbeidet med folkehelse, og mange er engasjert i frivillig arbeid.\n",
    # a project that "kan avsluttes" is no agreement
    "- Digitalisering  \nProsjektet kan avsluttes når rapporten er levert.\n",
])
def test_no_agreement_genre_forms(text):
    assert extract_agreements(text) == []


def test_meeting_body_is_never_a_counterparty():
    text = ("- Sekretariat  \nDet er inngått avtale med Styringsgruppen om rapportering. "
            "Avtalen kan sies opp med tre måneders varsel.\n")
    (agreement,) = extract_agreements(text, self_names=["Regionen"])
    assert agreement.counterparty is None
    assert guess_self_names("Styringsgruppen møtes. Styringsgruppen vedtok. Styringsgruppen ba om. "
                            "Alliansen har tre ansatte. Alliansen betaler. Alliansen sin plan.") == ("Alliansen",)


def test_resource_label_general_nouns():
    text = ("- Regnskap  \nKommunen har avtale med Regnskapshuset AS om regnskapstjenester. Avtalen kan sies opp "
            "med 3 måneders varsel.  \nKommunens bidrag: 0,2 årsverk.\n")
    (agreement,) = extract_agreements(text, self_names=["Kommunen"])
    assert agreement.resource_text == "Kommunens bidrag: 0,2 årsverk."


# A clause after labels on one line (a flattened saksprotokoll): the label's colon ends a sentence.
FLAT_MINUTES = ("Saksprotokoll i Teknisk utvalg Behandling: Tilleggsforslag fra teknisk utvalg: Avtalen tilføyes "
                "et nytt punkt 9: Oppsigelse: Frist for oppsigelse av samarbeidsavtalen er to år. Innstillingen "
                "ble enstemmig vedtatt.")


def test_clause_after_labels_on_one_line():
    (agreement,) = extract_agreements(FLAT_MINUTES)
    assert (agreement.notice_months, agreement.exit_regulated) == (24, True)
    assert agreement.termination_text == "Frist for oppsigelse av samarbeidsavtalen er to år."
    assert FLAT_MINUTES[agreement.char_start:agreement.char_end] == agreement.termination_text


def test_cases_from_the_segmenter_name_the_item_and_the_cooperation():
    # the segmenter's case (any layout) gives the item; a title naming a cooperation is its party
    title = "Legevaktsamarbeid i Midt-Telemark, revidert samarbeidsavtale"
    (agreement,) = extract_agreements(FLAT_MINUTES, cases=[(0, title)])
    assert (agreement.item, agreement.counterparty) == (title, "Legevaktsamarbeid i Midt-Telemark")
    # an action on the agreement is no cooperation's name
    (agreement,) = extract_agreements(FLAT_MINUTES, cases=[(0, "Oppsigelse av innkjøpssamarbeid")])
    assert agreement.counterparty is None
