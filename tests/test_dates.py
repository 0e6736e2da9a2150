"""Tests for extractors/dates.py.

The tables hold sentences taken from the corpus (corpus/raw/*.txt, *.md and
the text layer of the PDFs); rows marked "constructed" show a form the brief
names that the corpus does not happen to contain.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from extractors import dates
from extractors.dates import DateMention, dateparser_calls, find_dates, parse_date, reset_dateparser_calls
from extractors.rules import rules_path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"
REF_2010 = datetime.date(2010, 1, 8)   # meeting date of corpus/raw/002
REF_2019 = datetime.date(2019, 9, 10)  # Bykle valprotokoll


class Row(NamedTuple):
    text: str
    expected: list  # [(text, start, end, precision, qualifier), ...] with dates as ISO strings
    reference: datetime.date | None = None
    doc_refs: bool = False


def row(text, *expected, reference=None, doc_refs=False):
    return Row(text, list(expected), reference, doc_refs)


FIND_ROWS = [
    # corpus/raw/001 (Rådmannsgruppen 14.09.2017)
    row("Til behandling forelå statusrapport for gjennomførte aktiviteter i perioden 01.05.2017 til 31.08.2017, "
        "samt resultatregnskap pr 30.7.2017.",
        ("01.05.2017 til 31.08.2017", "2017-05-01", "2017-08-31", "range", None),
        ("pr 30.7.2017", "2017-07-30", "2017-07-30", "day", "as_of")),
    row("Referat fra møte i Rådmannsgruppen 14. september 2017",
        ("14. september 2017", "2017-09-14", "2017-09-14", "day", None)),
    row("Tid: Torsdag 14.09.2017 kl. 09.00 – 11.00",
        ("Torsdag 14.09.2017", "2017-09-14", "2017-09-14", "day", None)),
    row("Til behandling forelår referat fra møte 01.06.2017",
        ("01.06.2017", "2017-06-01", "2017-06-01", "day", None)),
    row("Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017) å gjennomføre en prosess fram til juni 2018, "
        "for å avklare Vestregionens framtidige organisering.",
        ("15.06.2017", "2017-06-15", "2017-06-15", "day", None),
        ("fram til juni 2018", "2018-06-01", "2018-06-30", "month", "until")),
    row("Rådmannsgruppen anbefaler styringsgruppen å godkjenne framlagt tertialrapport inkl. resultatregnskap "
        "pr 30.07.2017.",
        ("pr 30.07.2017", "2017-07-30", "2017-07-30", "day", "as_of")),
    row("Sekretariatet orienterte om gjennomført revisjon og kontroll hos våre eksterne leverandører våren 2017.",
        ("våren 2017", "2017-03-01", "2017-05-31", "season", None)),
    row("Prosjektet skal gjennomføres i perioden september 2017 – februar 2018.",
        ("september 2017 – februar 2018", "2017-09-01", "2018-02-28", "range", None)),
    row("Årets arrangement ble åpnet 7.9.2017.",
        ("7.9.2017", "2017-09-07", "2017-09-07", "day", None)),
    row("Vertskap for 2019 bør avklares i løpet av 2017.",
        ("2019", "2019-01-01", "2019-12-31", "year", None),
        ("2017", "2017-01-01", "2017-12-31", "year", None)),
    row("Rektorene vil diskutere en eventuell avvikling av tilbudet til barn mellom 8 og 12 år den 19.9.2017. "
        "Orkesteret har 10 års jubileum i 2018, og planleggingen har startet.",
        ("19.9.2017", "2017-09-19", "2017-09-19", "day", None),
        ("2018", "2018-01-01", "2018-12-31", "year", None)),
    row("Per Morstad, Røyken (fra sak 25/2017)"),
    # corpus/raw/000 (Styringsgruppen 23.11.2017)
    row("## Styringsgruppens møte 23.11.2017",
        ("23.11.2017", "2017-11-23", "2017-11-23", "day", None)),
    row("Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017, å gjennomføre en prosess fra til juni 2018, "
        "for å avklare Vestregionens framtidige organisering.",
        ("15.06.2017", "2017-06-15", "2017-06-15", "day", None),
        ("juni 2018", "2018-06-01", "2018-06-30", "month", None)),
    row("Dette notat redegjør for de relasjoner og forpliktelser som Vestregionen har pr oktober 2017.",
        ("pr oktober 2017", "2017-10-01", "2017-10-31", "month", "as_of")),
    row("Nettverket ble etablert i 2014, og består i dag av Buskerudbyen, Smart City Bærum",
        ("2014", "2014-01-01", "2014-12-31", "year", None)),
    row("Nettverkets aktiviteter reguleres av en samarbeidsplattform, sist revidert våren 2017.",
        ("våren 2017", "2017-03-01", "2017-05-31", "season", None)),
    row("Samarbeidsavtale mellom EMN og Vestregionen inngått i april 2014.",
        ("april 2014", "2014-04-01", "2014-04-30", "month", None)),
    row("FOUI-avtale inngått med Vestregionen i november 2014 med varighet ut 2018.",
        ("november 2014", "2014-11-01", "2014-11-30", "month", None),
        ("ut 2018", "2018-01-01", "2018-12-31", "year", "until")),
    row("Prosjektet avsluttes i 2019.",
        ("2019", "2019-01-01", "2019-12-31", "year", None)),
    row("Prosjektet ferdigstilles i februar 2018.",
        ("februar 2018", "2018-02-01", "2018-02-28", "month", None)),
    row("Vestregionen har siden 2016 bidratt med å avklare kommunenes behov og prioriteringer",
        ("siden 2016", "2016-01-01", "2016-12-31", "year", "from")),
    row("I 2009 etablerte Vestregionen Kommnehelsesamarbeidet (KHS) som et prosjekt",
        ("2009", "2009-01-01", "2009-12-31", "year", None)),
    row("Arbeidet er initiert etter ønske fra Vestregionens ordfører og rådmenn – første gang formidlet i møte "
        "6.9.2012.",
        ("6.9.2012", "2012-09-06", "2012-09-06", "day", None)),
    row("Ansettelseskontrakten går ut 31.12.2017, men prosjektet er varslet videreført; i første omgang ut 2018.",
        ("ut 31.12.2017", "2017-12-31", "2017-12-31", "day", "until"),
        ("ut 2018", "2018-01-01", "2018-12-31", "year", "until")),
    row("Tjenestekonsesjonskontraktene har en varighet på 3 år, og løper ut den 31.12.2018.",
        ("ut den 31.12.2018", "2018-12-31", "2018-12-31", "day", "until")),
    row("Det er inngått vertskommuneavtale med Drammen kommune for 2018.",
        ("2018", "2018-01-01", "2018-12-31", "year", None)),
    row("Leiekontrakten løper til 31.12.2017, med mulighet for forlengelse ut 2018.",
        ("31.12.2017", "2017-12-31", "2017-12-31", "day", None),
        ("ut 2018", "2018-01-01", "2018-12-31", "year", "until")),
    row("Vestregionen har pr oktober 2015 fem medarbeidere:",
        ("pr oktober 2015", "2015-10-01", "2015-10-31", "month", "as_of")),
    row("Avtalepart er Vestregionen, og avtalen går ut i desember 2017.",
        ("desember 2017", "2017-12-01", "2017-12-31", "month", None)),
    row("Dirigent Kjell Seim ble engasjert i 2008, og fakturerer orkesteret et framforhandlet honorar pr budsjettår.",
        ("2008", "2008-01-01", "2008-12-31", "year", None)),
    # corpus/raw/004 (fremdriftsplan)
    row("Styringsgruppen har skissert en fremdrift for denne prosessen som frem mot generalforsamlingen i juni 2018.",
        ("juni 2018", "2018-06-01", "2018-06-30", "month", None)),
    row("Diskusjonsgrunnlag vedtatt i styringsgruppen 28.09.2017.",
        ("28.09.2017", "2017-09-28", "2017-09-28", "day", None)),
    row("Juni – september 2017:\tEtablere en omforent prosess:",
        ("Juni – september 2017", "2017-06-01", "2017-09-30", "range", None)),
    row("Oktober 2017 – januar 2018:\tDiskusjoner i kommunene.",
        ("Oktober 2017 – januar 2018", "2017-10-01", "2018-01-31", "range", None)),
    row("Desember 2017 – mai 2018:\tDiskusjoner mellom kommunene i Vestregionen",
        ("Desember 2017 – mai 2018", "2017-12-01", "2018-05-31", "range", None)),
    row("Mai 2018:\tStyringsgruppen gir anbefaling til generalforsamlingen",
        ("Mai 2018", "2018-05-01", "2018-05-31", "month", None)),
    row("14.juni 2018:\tGeneralforsamlingen beslutter",
        ("14.juni 2018", "2018-06-14", "2018-06-14", "day", None)),
    row("<b>Etablere en omforent prosess: Juni – september 2017.</b>",
        ("Juni – september 2017", "2017-06-01", "2017-09-30", "range", None)),
    row("15.06.17\tStyringsgruppen\n14.09.17\tRådmannsgruppen",
        ("15.06.17", "2017-06-15", "2017-06-15", "day", None),
        ("14.09.17", "2017-09-14", "2017-09-14", "day", None)),
    row("15.03.18\tSeminar . kan utvides til to dager evt. på andre tidspunkt i februar/mars",
        ("15.03.18", "2018-03-15", "2018-03-15", "day", None)),
    # corpus/raw/002 (Kongsbergregionen 8. januar 2010)
    row("Rådmannsutvalget 8. januar 2010",
        ("8. januar 2010", "2010-01-08", "2010-01-08", "day", None)),
    row("- Møtereferat rådmannsutvalget 27.11.09",
        ("27.11.09", "2009-11-27", "2009-11-27", "day", None)),
    row("Rådmannsutvalgets konklusjon 08.01.10 sak 001/10:",
        ("08.01.10", "2010-01-08", "2010-01-08", "day", None)),
    row("Likestillingssenteret er orientert om at rådmannsutvalget drøfter saken den 8 januar.",
        ("8 januar", "2010-01-08", "2010-01-08", "day", None), reference=REF_2010),
    row("Et beslutningsgrunnlag må foreligge til starten av arbeidet med budsjett i kommunene for 2011 "
        "(innen sept 2010)",
        ("2011", "2011-01-01", "2011-12-31", "year", None),
        ("innen sept 2010", "2010-09-01", "2010-09-30", "month", "by")),
    row("og nåværende leder Rune Lødøen ble valgt i møte den 09.01.09",
        ("09.01.09", "2009-01-09", "2009-01-09", "day", None)),
    row("Regional koordinator orienterte om at Hjørdal kommune fom 01.01.10 er medlem i foreningen ORE",
        ("fom 01.01.10", "2010-01-01", "2010-01-01", "day", "from")),
    row("Saken ble ettersendt til rådmannsutvalget den 06.01.10. Sekretariatet har pr 28.12.09 mottatt brev fra "
        "Øvre Eiker datert 18.12.09 – der de sier opp samarbeidsavtalen knyttet til innkjøp.",
        ("06.01.10", "2010-01-06", "2010-01-06", "day", None),
        ("pr 28.12.09", "2009-12-28", "2009-12-28", "day", "as_of"),
        ("18.12.09", "2009-12-18", "2009-12-18", "day", None)),
    row("I brevet fra Øvre Eiker vises det til samarbeidsavtale av 27.03.09.",
        ("27.03.09", "2009-03-27", "2009-03-27", "day", None)),
    row("Konsekvensen av oppsigelsen er at Øvre Eiker fom 1. januar 2011 trer ut av innkjøpssamarbeidet",
        ("fom 1. januar 2011", "2011-01-01", "2011-01-01", "day", "from")),
    row("- Vedl 1** 091216 Henvendelse fra Likestillingssenteret – *til sak 002/10*",
        ("091216", "2009-12-16", "2009-12-16", "day", None), doc_refs=True),
    row("091220 Notat fra Rune Lødøen (*Vedlegg 2*)",
        ("091220", "2009-12-20", "2009-12-20", "day", None), doc_refs=True),
    # corpus/raw/003 (Vestregionen documents)
    row("Etter diskusjon i rådmannsgruppen vinteren 2013/2014 ble det tatt kontakt med Høgskolen i Buskerud",
        ("vinteren 2013/2014", "2013-12-01", "2014-02-28", "season", None)),
    row("Norge har sluttet seg til internasjonale klimamål. Innen 2030 skal utslippene være redusert med 40 %.",
        ("Innen 2030", "2030-01-01", "2030-12-31", "year", "by")),
    row("Fra 2012 ble samarbeidet mellom kommunene og spesialisthelsetjenesten lov- og avtalefestet.",
        ("Fra 2012", "2012-01-01", "2012-12-31", "year", "from")),
    row("barn og unge som pårørende er prioriterte innsatsområder i 2017/2018.",
        ("2017/2018", "2017-01-01", "2018-12-31", "range", None)),
    row("Siden 2014 er det gjennomført en oppstartskonferanse (februar 2015) månedlige frokostmøter",
        ("Siden 2014", "2014-01-01", "2014-12-31", "year", "from"),
        ("februar 2015", "2015-02-01", "2015-02-28", "month", None)),
    row("Felles ledersamling for Asker, Røyken og Hurum kommuner 7.-8. desember 2017",
        ("7.-8. desember 2017", "2017-12-07", "2017-12-08", "range", None)),
    row("Resultater fra spørreundersøkelse om Vestregionsamarbeidet Høst 2017 Versjon 14.11. 2017 foreløpig.",
        ("Høst 2017", "2017-09-01", "2017-11-30", "season", None),
        ("14.11. 2017", "2017-11-14", "2017-11-14", "day", None)),
    row("Digitalisering og deling i kommunal sektor 31.oktober 2013 Kirsti Kierulf",
        ("31.oktober 2013", "2013-10-31", "2013-10-31", "day", None)),
    row("KOMMUNEPLANEN 2017-2029 SAMFUNNSDELEN Gratangen, 06.juni 2017 Forord",
        ("06.juni 2017", "2017-06-06", "2017-06-06", "day", None)),
    row("Datert: 18.07.19 Vedtatt i kommunestyret 03.09.19, sak nr. 89/19",
        ("18.07.19", "2019-07-18", "2019-07-18", "day", None),
        ("03.09.19", "2019-09-03", "2019-09-03", "day", None)),
    row("Saksbeh/tlf: Oddvar Larsen, 75 51 29 00 Dato: 2.12.2011 Styresak 151-2011",
        ("2.12.2011", "2011-12-02", "2011-12-02", "day", None)),
    row("Stortinget har besluttet at Østfold, Buskerud og Akershus fylkeskommuner fra 1. januar 2020 skal danne",
        ("fra 1. januar 2020", "2020-01-01", "2020-01-01", "day", "from")),
    row("Plan og byggesaksutvalget 25/16 25.08.2016 Kommuneplanutvalget 10/16 31.08.2016",
        ("25.08.2016", "2016-08-25", "2016-08-25", "day", None),
        ("31.08.2016", "2016-08-31", "2016-08-31", "day", None)),
    row("Vestregionen ble etablert som en frivillig, regional samarbeidsallianse i 1992.",
        ("1992", "1992-01-01", "1992-12-31", "year", None)),
    row("Nord-Norge og Helse Nord RHF Møtedato: 14. desember 2011 Arkivnr.:",
        ("14. desember 2011", "2011-12-14", "2011-12-14", "day", None)),
    row("Referat fra møte i Rådmannsgruppen 01. juni 2017 Tid: Sted: Torsdag 01.06.2017 kl. 09.00 11.30",
        ("01. juni 2017", "2017-06-01", "2017-06-01", "day", None),
        ("Torsdag 01.06.2017", "2017-06-01", "2017-06-01", "day", None)),
    row("Innkalling til møte i Styringsgruppen 12. mars 2015 Ny tid: Torsdag 12.03.2015 kl. 10-13 Sted:",
        ("12. mars 2015", "2015-03-12", "2015-03-12", "day", None),
        ("Torsdag 12.03.2015", "2015-03-12", "2015-03-12", "day", None)),
    # election protocols and letters (PDF text layer)
    row("A1 Valget ble avholdt: Mandag 9. september 2019",
        ("Mandag 9. september 2019", "2019-09-09", "2019-09-09", "day", None)),
    row("Talet på førehandsstemmegjevingar innanriks frå 1. juli til 9. august (tidleg-",
        ("frå 1. juli til 9. august", "2019-07-01", "2019-08-09", "range", None), reference=REF_2019),
    row("Talet på førehandsstemmegjevingar innanriks frå 10. august 1 122",
        ("frå 10. august", "2019-08-10", "2019-08-10", "day", "from"), reference=REF_2019),
    row("10.09.2019 18:45:04 Valprotokoll for valstyret Side 2",
        ("10.09.2019", "2019-09-10", "2019-09-10", "day", None)),
    row("17/3899-2 5. september 2017",
        ("5. september 2017", "2017-09-05", "2017-09-05", "day", None)),
    row("offentliggjøre kildekoden som NRK at skulle slippes i\nAugust 2017?",
        ("August 2017", "2017-08-01", "2017-08-31", "month", None)),
    row("Har dere planer om å publisere kildekoden fra 2017.",
        ("fra 2017", "2017-01-01", "2017-12-31", "year", "from")),
    row("Side 1/3 2017/180 / 3630ELOL\nElin Olderlund 20.12.2018",
        ("20.12.2018", "2018-12-20", "2018-12-20", "day", None)),
    # Skatteetaten and NHN minutes
    row("Møtedato\n06.09.2024, kl. 10.00 – 12.00",
        ("06.09.2024", "2024-09-06", "2024-09-06", "day", None)),
    row("Den tekniske løsningen skal være tilgjengeliggjort for alle 1.1.2027. Det er",
        ("1.1.2027", "2027-01-01", "2027-01-01", "day", None)),
    row("Prosjektperioden er fra 01.10.2024-31.12.2026. Utvidelsen av SAF-T",
        ("fra 01.10.2024-31.12.2026", "2024-10-01", "2026-12-31", "range", None)),
    row("TransactionDate Document date xs:date M 1..1 2024-10-29",
        ("2024-10-29", "2024-10-29", "2024-10-29", "day", None)),
    row("slik det fremstår etter revisjonen publisert i mars 2024",
        ("mars 2024", "2024-03-01", "2024-03-31", "month", None)),
    row("Oppsummering fra dialogmøtet\n25. september 2025\nTema: SAF-T Financial",
        ("25. september 2025", "2025-09-25", "2025-09-25", "day", None)),
    row("# Møte i feature-team for informasjons- og datamodell - 06.03.2023",
        ("06.03.2023", "2023-03-06", "2023-03-06", "day", None)),
    row("- 07.03.2023: HPR og lokal identifikator, IPLOS\n- 10.03.2023: Location, Purpose of Use",
        ("07.03.2023", "2023-03-07", "2023-03-07", "day", None),
        ("10.03.2023", "2023-03-10", "2023-03-10", "day", None)),
    row("nhn_tillitsrammeverk_arbeidsgruppe_2023-03-06.md",
        ("2023-03-06", "2023-03-06", "2023-03-06", "day", None)),
    # constructed: forms the brief names that the corpus lacks
    row("Dato: 11/9-2019 Underskrift",
        ("11/9-2019", "2019-09-11", "2019-09-11", "day", None)),
    row("Valstyret møttest hausten 2019 og sommaren 2018.",
        ("hausten 2019", "2019-09-01", "2019-11-30", "season", None),
        ("sommaren 2018", "2018-06-01", "2018-08-31", "season", None)),
    row("Tiltaket gjaldt vinteren 2017.",
        ("vinteren 2017", "2017-12-01", "2018-02-28", "season", None)),
    row("Avtalen gjelder f.o.m. 1. januar 2011 t.o.m. 31.12.2012.",
        ("f.o.m. 1. januar 2011 t.o.m. 31.12.2012", "2011-01-01", "2012-12-31", "range", None)),
    row("Vedtaket gjelder tom 31.12.2012.",
        ("tom 31.12.2012", "2012-12-31", "2012-12-31", "day", "to")),
    row("Innkallingen ble sendt ut 14.09.2017, og referat fra 01.06.2017 fulgte med.",
        ("14.09.2017", "2017-09-14", "2017-09-14", "day", None),
        ("01.06.2017", "2017-06-01", "2017-06-01", "day", None)),
    row("Fristen er 29.02.2016, ikke 01.01.69 eller 01.01.70.",
        ("29.02.2016", "2016-02-29", "2016-02-29", "day", None),
        ("01.01.69", "2069-01-01", "2069-01-01", "day", None),
        ("01.01.70", "1970-01-01", "1970-01-01", "day", None)),
    # dateparser fallback: date-like spans the strict patterns do not normalise
    row("Møtet ble holdt 14 juni '18 i Drammen.",
        ("14 juni '18", "2018-06-14", "2018-06-14", "day", None)),
    row("Skannet protokoll: dato 14 . 09 . 2017",
        ("14 . 09 . 2017", "2017-09-14", "2017-09-14", "day", None)),
    row("Brev datert 14. september, 2017 fra departementet",
        ("14. september, 2017", "2017-09-14", "2017-09-14", "day", None)),
]

PARSE_ROWS = [
    # (cell, expected (start, end, precision, qualifier) or None, reference)
    ("14.06.18", ("2018-06-14", "2018-06-14", "day", None), None),
    ("Oktober 2017 – januar 2018", ("2017-10-01", "2018-01-31", "range", None), None),
    ("Juni – september 2017", ("2017-06-01", "2017-09-30", "range", None), None),
    ("Desember 2017 – mai 2018:", ("2017-12-01", "2018-05-31", "range", None), None),
    ("ut 2018", ("2018-01-01", "2018-12-31", "year", "until"), None),
    ("Mai 2018:", ("2018-05-01", "2018-05-31", "month", None), None),
    ("innen sept 2010", ("2010-09-01", "2010-09-30", "month", "by"), None),
    ("01.05.2017 til 31.08.2017", ("2017-05-01", "2017-08-31", "range", None), None),
    ("06.09.2024, kl. 10.00 – 12.00", ("2024-09-06", "2024-09-06", "day", None), None),
    ("Torsdag 14.09.2017 kl. 09.00 – 11.00", ("2017-09-14", "2017-09-14", "day", None), None),
    ("våren 2017", ("2017-03-01", "2017-05-31", "season", None), None),
    ("11/9-2019", ("2019-09-11", "2019-09-11", "day", None), None),
    ("2018", ("2018-01-01", "2018-12-31", "year", None), None),
    ("den 8 januar", ("2010-01-08", "2010-01-08", "day", None), REF_2010),
    ("14 juni '18", ("2018-06-14", "2018-06-14", "day", None), None),
    ("den 8 januar", None, None),
    ("31.02.2017", None, None),
    ("500 000", None, None),
    ("sak 06/2017", None, None),
    ("Mai 2018: Styringsgruppen gir anbefaling", None, None),
]

NEGATIVE_ROWS = [
    # (text, reference, doc_refs): none of these holds a date
    ("Styringsgruppen besluttet i møte, sak 06/2017, å gjennomføre en prosess", None, False),
    ("Sak 24/2017 Videreføring av Vestregionsamarbeidet etter 2018?", None, False),
    ("24/2017", None, False),
    ("PS 6/26 Referatsaker", None, False),
    ("SAKSFRAMLEGG. Saksbehandler: Aud Norunn Strand Arkiv: 026 Arkivsaksnr.: 17/6709", None, False),
    ("tlf: 32 86 63 27\nmob: 48 16 63 27", None, False),
    ("2017: NOK 200 000 Tidsbruk omregnet til NOK 120 000", None, False),
    ("I hht Inngått kontrakt pkt 3.3 med Forskningsrådet, kan en partner trekke seg", None, False),
    ("Koordinator for KHS lønnes av kontingent fra de 26 kommunene i 75% stilling.", None, False),
    ("Vestregionens er organisert som et §27-samarbeid i KommuneLOVEN", None, False),
    ("Tid: 09:00 – 13:50", None, False),
    ("kl. 09.00 – 11.00", None, False),
    ("- Vedl 1** 091216 Henvendelse fra Likestillingssenteret", None, False),
    ("Vedl 4** Sak 088/09 Formannskapet i Kongsberg kommune", None, True),
    ("skal derfor være budsjettert med tilsammen 500 000 i både 09 og 10.", None, False),
    ("Leiekontrakten omfatter 22 kvm2 fordelt på 2 kontorer", None, False),
    ("Arkivsak: 16/2217-6 Arknr.: 121 &13", None, False),
    ("søknader til Norges Forskningsråd, Horisont 2020, Interreg og Buskerud fylkeskommune", None, False),
    ("Sak 25/2017**Tertialrapport 2 – 2017**", None, False),
    ("rådmannsutvalget drøfter saken den 8 januar.", None, False),
    ("Har vi tilstrekkelig informasjon om hva EPJ leverandørene klarer å implementere til september?", None, False),
    ("Oppsigelsestiden regnes fra 1. januar året etter oppsigelsen er datert", REF_2010, False),
    ("Avtalen har en gjensidig oppsigelsesklausul om at oppsigelse skal finne sted innen 1. januar før kommende "
     "skoleår.", REF_2010, False),
    ("Arkivnr. Saksnr. 2010/2919-1 Utvalg", None, False),
    ("Vår referanse Arkivkode Sted Dato 07/10209-7 G73 DRAMMEN", None, False),
    ("Arild Kristensen, Norwegian Smart Care Cluster Tlf. 90532591", None, False),
    ("Stemmegjevinga er ikkje kome inn til valstyret innan kl. 17 dagen etter valdagen", None, False),
    ("Møte i Rådmannsgruppen 31.05. Sak 14/ Tertialrapport 1", None, False),
    ("Fristen 31.02.2017 finnes ikke, heller ikke 31. februar 2017.", None, False),
    ("Revisjonen kostet for 2000 kr per time", None, False),
    ("Se pkt 3.3.10 og kap. 2.1.10", None, False),
    ("Vestregionens Ungdomssymfonikerne er et gratis tilbud til unge mellom 8 og 18 år", None, False),
    ("Forskningsrådet har innvilget midler til 3-årig forskningsprosjekt", None, False),
]

# dateparser calls the whole table needs: the three fallback rows of FIND_ROWS and the
# one of PARSE_ROWS. Invalid dates ("31. februar 2017") are rejected without it.
EXPECTED_DATEPARSER_CALLS = 4


def as_tuple(mention: DateMention) -> tuple:
    return (mention.text, mention.start.isoformat(), mention.end.isoformat(), mention.precision, mention.qualifier)


def find_row_passes(r: Row) -> bool:
    found = find_dates(r.text, reference=r.reference, doc_refs=r.doc_refs)
    offsets_ok = all(r.text[m.char_start:m.char_end] == m.text for m in found)
    return offsets_ok and [as_tuple(m) for m in found] == [tuple(e) for e in r.expected]


def parse_row_passes(cell, expected, reference) -> bool:
    mention = parse_date(cell, reference=reference)
    if expected is None or mention is None:
        return expected is None and mention is None
    return as_tuple(mention)[1:] == expected and cell[mention.char_start:mention.char_end] == mention.text


def negative_row_passes(text, reference, doc_refs) -> bool:
    return find_dates(text, reference=reference, doc_refs=doc_refs) == []


# ---------------------------------------------------------------- the tables


@pytest.mark.parametrize("r", FIND_ROWS, ids=[r.text[:40] for r in FIND_ROWS])
def test_find_dates_table(r: Row):
    found = find_dates(r.text, reference=r.reference, doc_refs=r.doc_refs)
    for m in found:
        assert r.text[m.char_start:m.char_end] == m.text
    assert [as_tuple(m) for m in found] == [tuple(e) for e in r.expected]


@pytest.mark.parametrize("cell,expected,reference", PARSE_ROWS, ids=[p[0] for p in PARSE_ROWS])
def test_parse_date_table(cell, expected, reference):
    mention = parse_date(cell, reference=reference)
    if expected is None:
        assert mention is None
    else:
        assert mention is not None
        assert as_tuple(mention)[1:] == expected
        assert cell[mention.char_start:mention.char_end] == mention.text


@pytest.mark.parametrize("text,reference,doc_refs", NEGATIVE_ROWS, ids=[n[0][:40] for n in NEGATIVE_ROWS])
def test_not_dates(text, reference, doc_refs):
    assert find_dates(text, reference=reference, doc_refs=doc_refs) == []


def test_table_size():
    assert len(FIND_ROWS) >= 70
    assert len(NEGATIVE_ROWS) >= 20


def test_pass_rate_and_dateparser_use():
    reset_dateparser_calls()
    results = [find_row_passes(r) for r in FIND_ROWS]
    results += [parse_row_passes(*p) for p in PARSE_ROWS]
    results += [negative_row_passes(*n) for n in NEGATIVE_ROWS]
    rate = sum(results) / len(results)
    print(f"\ndates table: {sum(results)}/{len(results)} rows pass ({rate:.1%}), "
          f"{dateparser_calls()} dateparser calls")
    assert rate >= 0.98
    assert dateparser_calls() == EXPECTED_DATEPARSER_CALLS


# ---------------------------------------------------------------- behaviour


def test_doc_refs_only_in_document_reference_slots():
    line = "091228 Tilbakemeldinger fra kommunene (*Vedlegg 5*)"
    assert find_dates(line) == []
    assert [as_tuple(m) for m in find_dates(line, doc_refs=True)] == [
        ("091228", "2009-12-28", "2009-12-28", "day", None)]


def test_mentions_are_ordered_and_do_not_overlap():
    text = (CORPUS / "004_5ac1954d7cd29f3b.txt").open(encoding="utf-8").read()
    found = find_dates(text)
    assert len(found) > 20
    for before, after in zip(found, found[1:]):
        assert before.char_end <= after.char_start
    assert all(m.method == "regex" for m in found)


def test_plain_text_needs_no_dateparser():
    reset_dateparser_calls()
    for name in ("000_19d07f79aabf97b7", "001_4778877e962364ef", "002_24629abb2265b0a3"):
        find_dates((CORPUS / f"{name}.txt").open(encoding="utf-8").read())
    assert dateparser_calls() == 0


def test_unreadable_date_like_span_costs_one_dateparser_call():
    reset_dateparser_calls()
    assert find_dates("Møtet ble holdt 14. septmber 2017.") == []
    assert dateparser_calls() == 1
    reset_dateparser_calls()
    assert dateparser_calls() == 0


def test_dateparser_guess_without_the_written_year_is_rejected():
    # dateparser reads "desember '17" as 17 December of the current year
    assert dates._dateparser_mention("desember '17") is None


def test_fallback_mention_is_marked():
    (mention,) = find_dates("Møtet ble holdt 14 juni '18 i Drammen.")
    assert mention.method == "dateparser"


def test_offsets_refer_to_the_string_passed_in():
    mention = parse_date("  pr 30.7.2017.")
    assert (mention.char_start, mention.char_end, mention.text) == (2, 14, "pr 30.7.2017")


def test_date_mention_is_frozen():
    mention = parse_date("14.06.18")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.text = "x"


# ---------------------------------------------------------------- rule data integrity


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML silently keeps the last of two equal keys; the rule file must not rely on that."""


def _construct_unique_mapping(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}", node.start_mark)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


@pytest.fixture(scope="module")
def raw_rules():
    return yaml.load(rules_path("dates").read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def test_rules_load_and_compile():
    rules = dates.date_rules()
    assert set(rules.patterns) >= {"numeric_date_long", "day_month", "month_year", "season_year", "prep_year"}


def test_twelve_months_with_distinct_names(raw_rules):
    months = raw_rules["months"]
    assert sorted(months) == list(range(1, 13))
    words = [w.lower() for spec in months.values() for w in spec["names"] + spec["abbreviations"]]
    assert len(words) == len(set(words)), "a month word is listed under two months"
    assert all(spec["names"] for spec in months.values())
    for abbreviation in ("sept", "okt"):
        assert abbreviation in words


def test_seasons_map_to_valid_months(raw_rules):
    seasons = raw_rules["seasons"]
    assert set(seasons) == {"spring", "summer", "autumn", "winter"}
    for spec in seasons.values():
        assert 1 <= spec["first_month"] <= 12 and 1 <= spec["last_month"] <= 12
        length = (spec["last_month"] - spec["first_month"]) % 12 + 1
        assert length == 3
    words = [w for spec in seasons.values() for w in spec["words"]]
    assert len(words) == len(set(words))
    for word in ("våren", "høst", "haust", "sommar", "vinteren"):
        assert word in words


def test_qualifiers_are_known_and_unambiguous(raw_rules):
    qualifiers = raw_rules["qualifiers"]
    assert set(qualifiers) <= {"until", "by", "from", "to", "as_of"}
    words = [w for ws in qualifiers.values() for w in ws]
    assert len(words) == len(set(words))
    required = ("ut", "innen", "fom", "f.o.m.", "fra og med", "frå og med", "tom", "t.o.m.", "til og med", "pr", "per")
    for word in required:
        assert word in words


def test_two_digit_year_pivot_and_bounds(raw_rules):
    assert 0 < raw_rules["two_digit_year_pivot"] < 100
    low, high = raw_rules["year_bounds"]
    assert low < high
    assert {"–", "-", "til"} <= set(raw_rules["range_connectors"])


def test_misspelt_key_in_rule_file_is_named(tmp_path, monkeypatch):
    from extractors import rules

    text = rules_path("dates").read_text(encoding="utf-8").replace("\nweekdays:", "\nweekdayz:")
    (tmp_path / "dates.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules._read_yaml.cache_clear()
    dates.date_rules.cache_clear()
    try:
        with pytest.raises(rules.RuleDataError, match="dates.yaml: missing key .weekdays."):
            dates.date_rules()
    finally:
        monkeypatch.undo()
        rules._read_yaml.cache_clear()
        dates.date_rules.cache_clear()
    assert dates.date_rules().patterns
