import pytest

from extractors.header import council_names, detect_kind, extract_header


def header(text, n_cases=0, titles=None):
    return extract_header(text, 0, len(text), len(text), titles or ["x"] * n_cases)


@pytest.mark.parametrize("title, n_cases, attendance, kind", [
    ("Referat fra møte i Rådmannsgruppen 14. september 2017", 8, True, "referat"),
    ("Møtereferat!", 10, True, "referat"),
    ("Møteprotokoll\nKommunestyret", 3, True, "protokoll"),
    ("Valgprotokoll for valgstyret - Fylkestingsvalget 2019", 0, False, "protokoll"),
    ("Stemmestyrets møtebok", 0, False, "protokoll"),
    ("Møteinnkalling\nFormannskapet", 4, False, "innkalling"),
    ("Saksframlegg\nVestregionens framtid - drøftingssak", 0, False, "saksframlegg"),
    ("1 Saksnotat Styringsgruppens møte", 1, False, "saksnotat"),
    ("## Styringsgruppens møte 23.11.2017", 1, False, "saksnotat"),
    ("Oppsummering fra workshop med eksternt forvaltningsorgan", 0, False, "referat"),
    ("# Møte i feature-team for informasjons- og datamodell", 0, True, "referat"),
    ("Vår ref 17/3899-2\nSvar på spørsmål", 0, False, "other"),
    # an innkalling's first sentence before the papers it lists ("REFERATSAKER: Protokoll fra møte …")
    ("Representantskapet til Brannvesenet Sør IKS har møte på: Brannstasjonen i Mandal REFERATSAKER: Protokoll fra møte", 5, False, "innkalling"),
    ("Kommunestyret holder møte mandag kl 18 på Rådhuset", 5, False, "innkalling"),
    # a board paper's header
    ("HELSE MIDT-NORGE RHF STYRET Sak 27/02 Saken behandles i: Styret Møtedato 19/", 1, False, "saksframlegg"),
])
def test_detect_kind(title, n_cases, attendance, kind):
    assert detect_kind(title, n_cases, attendance) == kind


def test_header_fields_of_minutes():
    text = ("Referat fra møte i Rådmannsgruppen 14. september 2017\n\nTid: Torsdag 14.09.2017 kl. 09.00 – 11.00\n\n"
            "Sted: Drammen rådhus\n\nTil stede: Erik, Bærum\n\nProtokoll fra Vestregionens generalforsamling\n")
    h = header(text, n_cases=2)
    assert (h.kind, h.body, h.meeting_date, h.place, h.organization) == (
        "referat", "Rådmannsgruppen", "2017-09-14", "Drammen rådhus", "Vestregionen")


def test_place_continues_on_next_line():
    text = "Rådmannsutvalget 8. januar 2010\n\nSted: Notodden kommune\nRådhuset - formannskapssalen\nTid: 09:00 – 13:50\n"
    h = header(text)
    assert h.place == "Notodden kommune Rådhuset - formannskapssalen"
    assert h.meeting_date == "2010-01-08"
    assert h.body == "Rådmannsutvalget"


def test_date_label_with_value_on_next_line():
    text = "Møtereferat Din dato Referanse\n17.10.2024\nReferat fra møte i SAF-T forvaltningsorgan 06.09.2024\nMøtedato\n06.09.2024, kl. 10.00\n"
    assert header(text).meeting_date == "2024-09-06"


def test_body_from_meeting_phrase_when_not_in_vocabulary():
    text = "# Møte i feature-team for informasjons- og datamodell - 06.03.2023\n\n## Til stede\n- Kari (NHN)\n"
    h = header(text)
    assert h.body == "feature-team for informasjons- og datamodell"
    assert h.meeting_date == "2023-03-06"


def test_key_value_municipality_is_the_organisation():
    text = "Valgprotokoll for valgstyret\nKommune: Lillestrøm\nFylke: Viken\n"
    assert header(text).organization == "Lillestrøm kommune"


def test_print_date_in_every_footer_is_the_fallback_date():
    page = "Tabell\n10.09.2019 21:21:46 Valgprotokoll for valgstyret Side {}\n"
    text = "Valgprotokoll\n" + "".join(page.format(i) for i in range(1, 5))
    assert header(text).meeting_date == "2019-09-10"


def test_nynorsk_header():
    text = "Møtebok\n\nFormannskapet i Fjordvik herad\n\nMøtestad: Heradshuset\nMøtedato: 3. mars 2025\n"
    h = header(text, n_cases=2)
    assert (h.kind, h.body, h.place, h.meeting_date) == ("protokoll", "Formannskapet", "Heradshuset", "2025-03-03")


def test_municipality_wins_over_county_and_ocr_dash_is_ignored():
    text = "Valgprotokoll\nFylke: Vestland\nKommune: — Bergen\n"
    assert header(text).organization == "Bergen kommune"


@pytest.mark.parametrize("text, body", [
    ("Møteprotokoll\nUtvalg: Hovedutvalg for teknikk og miljø\nMøtested: Rådhuset\nDato: 03.02.2026\n",
     "Hovedutvalg for teknikk og miljø"),
    ("Møtebok\nUtval: Formannskapet\nMøtestad: Heradshuset\n", "Formannskapet"),
    ("Møteprotokoll\n\nKommunestyret\n\nDato: 12.02.2026\n", "Kommunestyret"),
])
def test_body_from_label_or_vocabulary(text, body):
    assert header(text).body == body


def test_several_fields_on_one_header_line():
    text = "Møteprotokoll\nEldrerådet\nDato: 02.05.2024 Sted: Rådhuset\n"
    h = header(text)
    assert (h.place, h.meeting_date) == ("Rådhuset", "2024-05-02")
    assert header("Møteprotokoll\nDato: 02.05.2024\tMøtested: Rådhuset, sal 2\n").place == "Rådhuset, sal 2"


def test_letterhead_in_capitals_and_tab_separated_value():
    h = header("SUNNDAL KOMMUNE\nMØTEPROTOKOLL\nFormannskapet\nMøtested:\tKommunestyresalen\nDato: 05.03.2024\n")
    assert (h.organization, h.place, h.body) == ("Sunndal kommune", "Kommunestyresalen", "Formannskapet")
    assert header("Møteprotokoll\nMøtested:\n").place is None


def test_meeting_word_names_the_body():
    assert header("Protokoll fra styremøte i Vestmar IKS\nTid: 14. mars 2024\n").body == "Styret"


@pytest.mark.parametrize("text, names", [
    # the general name forms of intermunicipal councils; capitals are written as a name
    ("MØTEBOK REGIONRÅDET FOR VALDRES", ["Regionrådet for Valdres"]),
    ("Innkalling til møte i Samarbeidsrådet for Nord-Gudbrandsdal", ["Samarbeidsrådet for Nord-Gudbrandsdal"]),
    ("SALTEN REGIONRÅD Referat", ["Salten regionråd"]),
    ("Møte i Hamar-områdets regionråd", ["Hamar-områdets regionråd"]),
    ("LISTERREGIONSAMARBEIDET Referat", ["Listerregionsamarbeidet"]),
    # a phrase with the noun is no name
    ("saken sendes til regionrådet for uttale", []),
    ("Møte i regionråd", []),
])
def test_council_names(text, names):
    assert council_names(text) == names


def test_council_letterhead_is_the_organisation():
    text = ("REGIONRÅDET FOR VALDRES\nMØTEBOK\nMøtedato: 12.03.2021\nTil stede: Ola Hansen, Vang kommune\n"
            "Sak 1/21 Godkjenning av innkalling\n")
    assert header(text).organization == "Regionrådet for Valdres"


def test_a_place_on_a_flattened_header_line_ends_before_the_next_field():
    """ACOS/Elements headers in web transcripts: the place runs into the next field."""
    from extractors.header import tidy_place
    assert tidy_place("Formannskapssalen, Rådhuset Fra til saksnr. 9/09-25/09 MEDLEMMER MØTT") \
        == "Formannskapssalen, Rådhuset"
    assert tidy_place("SAS Atlantic Hotell, Stavanger Styremøtet var ope for publikum") == "SAS Atlantic Hotell, Stavanger"
    assert tidy_place("Folkets hus, Moelv Tid:") == "Folkets hus, Moelv"
    assert tidy_place("Hamar, november 2022") == "Hamar"
    assert tidy_place("Rådhuset kl. 18.00") == "Rådhuset"
    # a street address and a room stay whole
    assert tidy_place("Helse- og omsorgsdepartementets lokaler, Einar Gerhardsens plass 3, Oslo") \
        == "Helse- og omsorgsdepartementets lokaler, Einar Gerhardsens plass 3, Oslo"
    assert tidy_place("Sagene Samfunnshus. Kaysalen") == "Sagene Samfunnshus. Kaysalen"


def test_a_body_name_ends_where_the_running_text_of_a_flattened_line_starts():
    from extractors.header import tidy_body
    assert tidy_body("SAMARBEIDSRÅDET FOR SUNNHORDLAND Det vert med dette kalla inn til møte") \
        == "SAMARBEIDSRÅDET FOR SUNNHORDLAND"
    assert tidy_body("Kommunestyret Møtedato: 12.03.2019") == "Kommunestyret"
    assert tidy_body("Hovudutval for plan og næring") == "Hovudutval for plan og næring"


def test_meeting_date_from_the_transcript_sites_title_when_the_header_lost_it():
    """Transcript sites show the title made from the whole first page ("Download \"… Dato:
    19.02.2015 …\""); the transcript below has "Dato: Tid: 17:30" and a later date of another
    thing (the sakskart's) must not win."""
    from pipeline.records import PageSpan, ParsedDocument
    from pipeline.segment import segment_document
    from pipeline.settings import SegmentSettings

    text = ('SØGNE KOMMUNE. Møteprotokoll. Utvalg: Kommunestyret Dato: Tid: 17:30\n\nStørrelse: px\n'
            'Begynne med side:\n\nDownload "SØGNE KOMMUNE. Møteprotokoll. Utvalg: Kommunestyret Dato: 19.02.2015 '
            'Tid: 17:30"\n\nTranskript\n\n1 SØGNE KOMMUNE Møteprotokoll Utvalg: Kommunestyret Dato: Tid: 17:30 '
            'Faste medlemmer som møtte: Kari Nordmann. Sakskartet datert 12. februar 2015 og omhandlet PS 1/15\n')
    doc = ParsedDocument("x", "x.txt", [], "txt", "utf-8", len(text), text, [PageSpan(1, 0, len(text))])
    header = segment_document(doc, SegmentSettings()).header
    assert (header.meeting_date, header.meeting_date_text) == ("2015-02-19", "19.02.2015")


def test_site_title_date_prefers_the_labelled_one():
    from extractors.header import title_date

    assert title_date("Referat fra møte i AU 8.januar 2009.").text == "8.januar 2009"
    assert title_date("Protokoll 01.02.2014 Dato: 19.02.2015 Tid: 17:30").text == "19.02.2015"


def test_body_from_an_elements_title_and_from_the_site_title():
    """"Møteprotokoll for Levekårsutvalet" names the body; when the transcript lost it
    ("Møteprotokoll for Tid: kl. 15:15"), the transcript site's title still has it."""
    fields = extract_header("Møteprotokoll for Levekårsutvalet Møtedato: Møtestad: Rådhuset\n", 0, 60, 60, [])
    assert fields.body == "Levekårsutvalet"
    lost = "1 Møteprotokoll for Tid: kl. 15:15-18:30 Stad: ASKVOLL\n"
    assert extract_header(lost, 0, len(lost), len(lost), []).body is None
    assert extract_header(lost, 0, len(lost), len(lost), [], site_title="Møteprotokoll for Askvoll sokneråd").body \
        == "Askvoll sokneråd"


def test_names_in_capitals_are_written_in_title_case():
    from extractors.header import capitals_to_title

    assert capitals_to_title("HELSE MIDT-NORGE") == "Helse Midt-Norge"
    assert capitals_to_title("ASKER OG BÆRUM BRANNVESEN") == "Asker og Bærum Brannvesen"
    assert extract_header("PROTOKOLL FRÅ STYREMØTE I HELSE VEST RHF\nTid: 8. februar 2006\n", 0, 60, 60, []).organization \
        == "Helse Vest RHF"


def test_a_municipal_body_then_its_place_names_the_municipality():
    from extractors.header import body_place_organizations

    assert body_place_organizations("Møteinnkalling Kontrollutvalget Råde Eventuelle forfall") == ["Råde kommune"]
    assert body_place_organizations("Fylkestinget Rogaland") == ["Rogaland fylkeskommune"]
    assert body_place_organizations("Kommunestyret Møtedato: 12.03.2019") == []


def test_place_wrapped_by_a_pdf_line_break_after_the_label_or_a_comma():
    after_label = ("1 PROTOKOLL FRÅ STYREMØTE I HELSE VEST RHF Tid: Onsdag 8. februar 2006, kl 0830 Stad:\n"
                   "SAS Atlantic Hotell, Stavanger Styremøtet var ope for publikum og presse Saker: Sak 001/06\n")
    after_comma = ("1 Nøtterøy kommune Møteprotokoll for Formannskapet Møtedato: Møtested: Kommunestyresalen,\n"
                   "Tinghaugv 18 Møtetid: kl: 15:00 Faste medlemmer: A: Jon Sanness Andersen\n")
    assert extract_header(after_label, 0, len(after_label), len(after_label), []).place == "SAS Atlantic Hotell, Stavanger"
    assert extract_header(after_comma, 0, len(after_comma), len(after_comma), []).place == "Kommunestyresalen, Tinghaugv 18"


@pytest.mark.parametrize("text, body, organization", [
    # Elements letterhead of a joint parish council, then the title in capitals
    ("DEN NORSKE KIRKE Sandnes kirkelige fellesråd\nInnkalling til møte i Sandnes kirkelige fellesråd\n",
     "Sandnes kirkelige fellesråd", "Den norske kirke – Sandnes kirkelige fellesråd"),
    ("Møte 03/2016 INNKALLING TIL MØTE PORSGRUNN KIRKELIGE FELLESRÅD Torsdag 25. april\n",
     "Porsgrunn kirkelige fellesråd", "Den norske kirke – Porsgrunn kirkelige fellesråd"),
    # a nynorsk letterhead gives the church's nynorsk name
    ("DEN NORSKE KYRKJA Møteprotokoll for Askvoll sokneråd\nStad: ASKVOLL\n",
     "Askvoll sokneråd", "Den norske kyrkja – Askvoll sokneråd"),
    ("Protokoll møte i Røyken menighetsråd\nDato: Torsdag 17. november 2022\n",
     "Røyken menighetsråd", "Den norske kirke – Røyken menighetsråd"),
    # a national body; the municipality named in the text is not the organisation
    ("DEN NORSKE KIRKE Kirkerådet Møteprotokoll Kirkerådet Møtested: Hamar\n",
     "Kirkerådet", "Den norske kirke – Kirkerådet"),
    ("Rådhussalen, Møteprotokoll Rauma kirkelige fellesråd\nRauma kommune Rauma kommune\n",
     "Rauma kirkelige fellesråd", "Den norske kirke – Rauma kirkelige fellesråd"),
])
def test_church_councils_are_the_churchs(text, body, organization):
    h = header(text)
    assert (h.body, h.organization) == (body, organization)


def test_a_document_title_word_is_no_parish():
    assert header("Møteprotokoll menighetsråd\nDato: 01.02.2020\n").body is None


def test_city_district_and_its_council():
    h = header("Oslo kommune Bydel St. Hanshaugen Protokoll 10/09 Møte: Bydelsutvalget Møtested: Akersbakken 27\n")
    assert (h.organization, h.body) == ("Oslo kommune, Bydel St. Hanshaugen", "Bydelsutvalget")
    assert header("Bergen kommune, bydel Årstad\nMøte i Årstad bydelsutvalg\n").organization == "Bergen kommune, Bydel Årstad"
    # the genitive of a district's name ("Bydel Sagenes forvaltning")
    assert header("Møtebok Bydelsutvalget\nSak 75/14 Bydel Sagenes forvaltning av eiendom\n").organization == \
        "Oslo kommune, Bydel Sagene"


def test_a_genitive_body_names_another_bodys_office():
    # "Bystyrets kontor" is the secretariat's letterhead; "Formannskapets innstilling" the body before
    h = header("BERGEN KOMMUNE Bystyrets kontor Protokoll Komite for oppvekst Den 8. desember 2011\n")
    assert (h.body, h.organization) == ("Komite for oppvekst", "Bergen kommune")
    assert header("Formannskapets innstilling til Kommunestyret\n").body == "Kommunestyret"
    assert header("Formannskapets møte 12.03.2019\n").body == "Formannskapet"


def test_labels_first_then_values():
    # Elements innkalling flattened: "Utvalg: Møtested:" then the body's and the place's values
    h = header("Møteinnkalling Utvalg: Møtested: Råd for eldre og funksjonshemma Kommunestyresalen, Nesset kommunehus "
               "Dato: Tidspunkt:\n")
    assert (h.body, h.place) == ("Råd for eldre og funksjonshemma", "Kommunestyresalen, Nesset kommunehus")
    h = header("Møteinnkalling Eldrerådet\nUtvalg: Møtested: Formannskapssalen, Rådhuset Dato: Tidspunkt:\n")
    assert (h.body, h.place) == ("Eldrerådet", "Formannskapssalen, Rådhuset")


def test_a_letterhead_printing_its_body_before_the_place():
    h = header("WKONTROLLUTVALET AUKRA KOMMUNE I Til medlemmene i kontrollutvalet Aukra, 17.februar 2015\n")
    assert h.organization == "Aukra kommune"
    assert header("ASKER OG BÆRUM BRANNVESEN IKS\nInnkalling til styremøte\n").organization == "Asker og Bærum Brannvesen IKS"
    assert header("INDRE ØSTFOLD KOMMUNE\nMøteprotokoll\n").organization == "Indre Østfold kommune"


@pytest.mark.parametrize("text, organization, body", [
    # a county body's meeting is its fylkeskommune's: the county of the kommune in the header
    ("MØTEPROTOKOLL Fylkestinget Dato: kl. 9:00 Sted: Fylkeshuset, Svend Foynsgt 9, 3126 Tønsberg.\n",
     "Vestfold fylkeskommune", "Fylkestinget"),
    # a heading in title case, and the place as the second word of a flattened title line
    ("Møteinnkalling - Kontrollutvalget i Sør-Trøndelag Fylkeskommune Arkivsak: 11/123\n",
     "Sør-Trøndelag fylkeskommune", "Kontrollutvalget"),
    ("Møteinnkalling Skjervøy Kommunestyre Utvalg: Møtested: Kommunestyresalen\n", "Skjervøy kommune", "Kommunestyret"),
    # no letterhead: the place the innkalling is signed from
    ("MØTEINNKALLING Kommunestyret\nKommunestyret holder møte mandag.\nKvalsund den 24. august 2005\n",
     "Kvalsund kommune", "Kommunestyret"),
])
def test_organisation_without_a_letterhead(text, organization, body):
    h = header(text)
    assert (h.organization, h.body) == (organization, body)


def test_a_9pdf_page_chrome_is_cut_before_the_header():
    from extractors.boilerplate import content_start
    text = ("• No results found\n\nDEN NORSKE KIRKE Sandnes kirkelige fellesråd\n\nN/A\nN/A\nProtected\n\n"
            "Academic year: 2022\n\nShare \"DEN NORSKE KIRKE Sandnes kirkelige fellesråd\"\n\nCopied!\n59\n0\n0\n\n"
            "Laster.... (Se fulltekst nå)\n\nFulltekst\n\n(1)\n\nDEN NORSKE KIRKE\n\nInnkalling til møte i Sandnes "
            "kirkelige fellesråd\n")
    assert text[content_start(text, len(text)):].startswith("(1)")


@pytest.mark.parametrize("title, n_cases, kind", [
    ("Sakliste STYRE/RÅD/UTVALG: MØTEROM: MØTEDATO: KL. Formannskapet", 9, "innkalling"),
    ("Saker til behandling i kontrollutvalgets møte torsdag 27.april 2006", 5, "innkalling"),
    ("Saksliste til styremøte 19. februar i Kirkenes", 8, "innkalling"),
    ("Møteprotokoll\nSaksliste", 3, "protokoll"),      # a kind keyword first
    ("Saksliste", 0, "other"),                        # no case listed: not a saksliste
])
def test_a_saksliste_sent_out_alone_is_an_innkalling(title, n_cases, kind):
    assert detect_kind(title, n_cases, False) == kind


def test_the_date_with_a_time_of_day_is_the_meetings():
    text = ("DEN NORSKE KIRKE\nSandnes kirkelige fellesråd\nStorgata 48 4307 SANDNES\nSandnes 22.11.2019\n"
            "Innkalling til møte i Sandnes kirkelige fellesråd\n"
            "Du innkalles med dette til møte i Sandnes kirkelige fellesråd 28.11.2019 kl. 18.00 Storgata 48.\n")
    assert header(text).meeting_date == "2019-11-28"
    assert header("Referat fra møte 14.09.2017\nSendt 20.09.2017\n").meeting_date == "2017-09-14"


@pytest.mark.parametrize("text, expected", [
    # a web page's banner and menu lines push the referat's own title below the first six lines
    ("Hopp til innhold\n14. januar kl. 16:39\nKoronavirus - informasjon\nLes mer\nA A A\nKontrast\n"
     "Oslo 02.02.2019\nMøtereferat Ungdomsrådet\nUngdomsrådsmøte 18.08.09\n", "2009-08-18"),
    ("Bykle kommune\nOslo 01.02.2019\nStyremøte 12.03.2019\n", "2019-03-12"),
    ("Bykle kommune\n01.02.2019\nMøte, tirsdag 12.03.2019\n", "2019-03-12"),
    # a case title's "møte" does not open the line: the first date stays the date
    ("Saksliste\n03.03.2024\nGodkjenning av protokoll fra møte 13.02.2024\n", "2024-03-03"),
])
def test_a_line_that_opens_with_the_meeting_dates_it(text, expected):
    assert header(text).meeting_date == expected


def test_a_distribution_lists_organisations_do_not_hold_the_meeting():
    text = ("PROTOKOLL FRA STYREMØTE 5. NOVEMBER 2013\nSted: Folkets hus, Moelv\n"
            "Protokoll sendes til: Styremedlemmene Medlemsorganisasjonene Hedmark og Oppland Lokalrevisjon AS "
            "Kulturenheten Utskrift av enkeltsaker sendes til: Side 1 av 5\n")
    assert header(text).organization is None
    assert header("MØTEPROTOKOLL\nHAMAR KOMMUNE\nKopi til: Lokalrevisjon AS\n").organization == "Hamar kommune"


@pytest.mark.parametrize("text, place", [
    ("Innkalling til møte i Bystyret 12. mars 2024 kl. 17.00 i Bystyresalen\n", "Bystyresalen"),
    ("Det vert med dette kalla inn til møte i Samarbeidsrådet på Grand Hotel, Leirvik. Fredag 14. mars 2014\n",
     "Grand Hotel, Leirvik"),
    ("PROTOKOLL Torsdag 8. desember 2011 holdt Komite for oppvekst møte i Bergen rådhus Møterom 225. Til stede\n",
     "Bergen rådhus Møterom 225"),
    # who meets is no place; a labelled place comes first
    ("Innkalling til møte i Kontrollutvalget i Aukra kommune\nDato: 12.03.2024\n", None),
    ("Møte i Formannskapet kl. 09.00 i møterommet\nSted: Rådhuset\n", "Rådhuset"),
])
def test_a_place_written_in_a_sentence(text, place):
    assert header(text).place == place


def test_a_place_after_the_body_ends_the_bodys_name():
    assert header("Det vert kalla inn til møte i Samarbeidsrådet på Grand Hotel, Leirvik.\n").body == "Samarbeidsrådet"
    assert header("Referat fra møte i feature-team for datamodell i tillitsrammeverket - 16.04.2024\n").body == \
        "feature-team for datamodell i tillitsrammeverket"


def test_a_kommunes_web_domain_names_it():
    from extractors.gazetteer import kommune_of_domain
    assert [kommune_of_domain(x) for x in ("storfjord", "baerum", "hoyanger", "nord-aurdal", "example")] == [
        "Storfjord", "Bærum", "Høyanger", "Nord-Aurdal", None]
    text = ("MØTEINNKALLING\nUtvalg: Formannskapet Møtested: Kommunehuset Møtedato: 09.04.2008\n"
            "Forfall kan også meldes pr e-post til post@storfjord.kommune.no\n")
    assert header(text).organization == "Storfjord kommune"


def test_a_regional_council_meets_as_itself():
    h = header("MØTEINNKALLING Utval: Møtestad: SOGN REGIONRÅD Dei Heibergske Samlingar Møtedato: 12.03.2007\n")
    assert h.body.casefold() == "sogn regionråd"


def test_the_meeting_place_names_a_venue_not_the_organisation():
    text = ("Innkalling til rådsmøte\nStad: Nutheim Gjestgiveri i Flatdal, Seljord kommune Dato: Tysdag 12. mars 2019\n"
            "Møtet i Vest-Telemarkrådet 12.mars 2019 er lagt til Nutheim.\n")
    assert header(text).organization == "Vest-Telemarkrådet"
    assert header("Møteinnkalling\nSted: Rådhuset, Bykle kommune\nDato: 12.03.2019\n").organization == "Bykle kommune"


def test_a_company_suffix_after_a_bare_place_is_a_cut_name():
    # "Park og idrett Oslo KF": the name runs across lower-case words; "Oslo KF" is no organisation
    assert header("Saker til behandling\nRapport 8/2006 Økonomistyring i Park og idrett Oslo KF\n").organization != "Oslo KF"
    assert header("TROMSØ HAVN KF\nMøteinnkalling\n").organization == "Tromsø Havn KF"


def test_a_date_label_further_along_a_flattened_header_line():
    text = ("Til ordførarane og rådmennene i kommunane Tokke og Vinje. 5. mars 2019\n\nInnkalling til rådsmøte\n\n"
            "Stad: Nutheim Gjestgiveri i Flatdal, Seljord kommune Dato: Tysdag 12. mars 2019 Kl. : 10.00\n")
    assert header(text).meeting_date == "2019-03-12"
    # an empty field ends at the next label: a letter's "Dato:" column over its values row reads nothing
    from extractors.header import header_lines, labelled_date
    letter = "Deres ref:\tVår ref:\tSaksbehandler:\tDato:\n23/12600\tLene Østby\t15.08.2023\nSvar på innsyn\n"
    assert labelled_date(header_lines(letter, 0, len(letter), 20)) is None


@pytest.mark.parametrize("head, kind, place", [
    # any protocol compound is a protocol; "Avholdt <date> på <place>" in a styreprotokoll
    ("Styreprotokoll\nStyremøte nr. 3/2024 i Lofoten Avfallsselskap IKS\nAvholdt 18.04.2024 på Leknes\n", "protokoll", "Leknes"),
    ("Årsmøteprotokoll\nMøtet ble holdt 12. mars 2024 kl. 18.00 i Kommunestyresalen.\n", "protokoll", "Kommunestyresalen"),
    # "Møterom:" labels the place
    ("Protokoll fra møte i Eldrerådet\nTidspunkt: 7. mai 2024, kl. 10.00\nMøterom: Storsalen, Rådhuset\n", "protokoll",
     "Storsalen, Rådhuset"),
    # labels first, values after: the label after "MØTEROM:" is no place
    ("Sakliste\nSTYRE/RÅD/UTVALG: MØTEROM: MØTEDATO: KL. Formannskapet Formannskapssalen :00\n", "innkalling", None),
])
def test_protocol_kinds_and_places_of_boards(head, kind, place):
    from .conftest import segment_text

    seg = segment_text(head + "\nSak 12/24 Godkjenning av innkalling\nVedtak: Godkjent.\n")
    assert (seg.header.kind, seg.header.place) == (kind, place)
