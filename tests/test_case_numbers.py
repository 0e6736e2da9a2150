import pytest

from extractors.case_numbers import (
    document_year,
    find_case_mentions,
    find_number_tokens,
    leading_case_token,
    normalise_case_number,
)


@pytest.mark.parametrize("written, expected", [
    ("Sak 24/2017", "24/2017"),
    ("Sak 001/10", "1/2010"),
    ("Sak 24a/2017", "24a/2017"),
    ("PS 6/26", "6/2026"),
    ("FU-sak 143/17", "143/2017"),
    ("Sak nr. 5/2019", "5/2019"),
    ("Saksnr.: 12/18", "12/2018"),
    ("Sak 088/09", "88/2009"),
    ("RS 1/26", "1/2026"),
    ("sak 06/2017", "6/2017"),
    ("Sak 0/2023", "0/2023"),
    ("Sak 99/98", "99/1998"),
    ("17/6709", None),            # archive number: the "year" is not a year
    ("Arkivsak: 26/00012", None),
    ("ingen saker", None),
])
def test_normalise_case_number(written, expected):
    assert normalise_case_number(written) == expected


@pytest.mark.parametrize("heading", ["Sak 24/2017", "Sak 001/10:", "PS 6/26", "FU-sak 143/17", "Sak nr. 5/2019",
                                     "Saksnr.: 12/18", "SAK 12/2020", "FS-044/13", "SR 2017/43"])
def test_heading_prefixes(heading):
    token = leading_case_token(heading)
    assert token is not None and token.start == 0


@pytest.mark.parametrize("text, expected", [
    ("Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017, å gjennomføre", ["6/2017"]),
    ("jf. sak 24/2017 og saka 3/2018", ["24/2017", "3/2018"]),
    ("Arkivsaksnr.: 17/6709 og J.post ID: 17/259736", []),
    ("i perioden 01.05.2017 til 31.08.2017", []),
    ("Vedl 4** Sak 088/09 Formannskapet i Kongsberg kommune", ["88/2009"]),
])
def test_find_case_mentions(text, expected):
    assert [m.case_number for m in find_case_mentions(text)] == expected


def test_mention_offsets_point_at_source():
    text = "Som vedtatt i sak 06/2017 tidligere."
    (mention,) = find_case_mentions(text, offset=100)
    assert text[mention.char_start - 100: mention.char_end - 100] == "sak 06/2017"


@pytest.mark.parametrize("text, expected", [
    ("sak 83-11 ble utsatt", ["83/2011"]),
    ("Styresak 32-2014 Godkjenning av innkalling", ["32/2014"]),   # helseforetak
    ("i perioden 2012-2015", []),                                  # a period, no prefix
    ("Sak 2012-2015 Økonomiplan", []),                             # two years: a period
])
def test_hyphen_numbers_only_after_a_word_prefix(text, expected):
    found = [t.normalised() for t in find_number_tokens(text)]
    assert [n for n in found if n] == expected
