"""Money amounts on real corpus snippets: value, per, year, upper bound; never dates, phones, cases, percentages."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.amounts import amount_rules, extract_amounts

RAW = Path(__file__).parents[1] / "corpus" / "raw"

AMOUNT_CASES = [
    # (text, [(value_nok, per, year, upper_bound, text)])
    ("2017: NOK 200 000 Tidsbruk omregnet til NOK 120 000",
     [(200_000, None, 2017, False, "NOK 200 000"), (120_000, None, 2017, False, "NOK 120 000")]),
    ('2018: NOK 400 000 " NOK 120 000',
     [(400_000, None, 2018, False, "NOK 400 000"), (120_000, None, 2018, False, "NOK 120 000")]),
    ("Kommunene betaler en særskilt kontingent på kr 0,50 pr innbygger som er øremerket til BPA.",
     [(0.5, "innbygger", None, False, "kr 0,50")]),
    ("Sekretariatet ber rådmannsutvalget vurdere mulighetene for å realisere inntil kr 100 000 av budsjetterte midler",
     [(100_000, None, None, True, "inntil kr 100 000")]),
    ("- prosessveileder/konsulent: inntil kr 50 000", [(50_000, None, None, True, "inntil kr 50 000")]),
    ("Det koster kr 50 000.", [(50_000, None, None, False, "kr 50 000")]),
    ("skal derfor være budsjettert med tilsammen 500 000 i både 09 og 10.",
     [(500_000, None, None, False, "500 000")]),
    ("Omsetningen i Vestregionen har de siste fem årene vært på 9 10 millioner kroner pr år.",
     [(10_000_000, "år", None, False, "10 millioner kroner")]),
    ("Tiltaket har en ramme på 2 mill. kr.", [(2_000_000, None, None, False, "2 mill. kr")]),
    ("Fylket investerer 1,5 mrd. kroner i vegnettet.", [(1_500_000_000, None, None, False, "1,5 mrd. kroner")]),
    ("Honorar kr 1.500 per time.", [(1_500, "time", None, False, "kr 1.500")]),
    ("Tilskotet er på 25 000 kroner i året.", [(25_000, "år", None, False, "25 000 kroner")]),
    ("Maksimalt NOK 75 000 per deltakar.", [(75_000, "deltaker", None, True, "Maksimalt NOK 75 000")]),
]


@pytest.mark.parametrize("text, expected", AMOUNT_CASES)
def test_amounts(text, expected):
    found = [(a.value_nok, a.per, a.year, a.upper_bound, a.text) for a in extract_amounts(text)]
    assert found == [(float(v), per, year, upper, t) for v, per, year, upper, t in expected]


NOT_AMOUNTS = [
    "Ring tlf 22 33 44 55 for påmelding.",
    "Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017, å gjennomføre en prosess.",
    "Koordinator for KHS lønnes i 75% stilling; 25 % stilling til nettverk.",
    "Over 60 millioner er på flukt.",
    "Fylkeskommunen vil samlet ha 1,2 millioner innbyggere.",
    "Sak 24/2017 Videreføring av Vestregionsamarbeidet etter 2018?",
    "Leiekontrakten omfatter 22 kvm2 fordelt på 2 kontorer, og parkering for 5 biler.",
    # a case number after a body's two-letter prefix that reads like "kr" (attendance remarks)
    "Kari Hansen (forfall KR 12/23, 14/23), Ola Berg (forfall KR 15/23)",
    "Se sak kr 7 / 2021 og arkivsak NOK 3/45.",
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text):
    assert extract_amounts(text) == []


def test_spans_point_at_text():
    text = (RAW / "000_19d07f79aabf97b7.txt").read_text(encoding="utf-8")
    amounts = extract_amounts(text)
    assert len(amounts) == 7
    for amount in amounts:
        assert text[amount.char_start:amount.char_end] == amount.text


def test_amounts_yaml_integrity():
    rules = amount_rules()   # loads, checks keys and compiles every pattern
    assert len(rules.forms) == 3 and rules.per_units
    assert all(factor >= 1000 for factor in rules.scales.values())
    pers = [per for _, per in rules.per_units]
    assert len(pers) == len(set(pers)), "duplicate per unit"
    for scale, factor in rules.scales.items():
        (amount,) = extract_amounts(f"Det koster 3 {scale} kroner.")
        assert amount.value_nok == 3 * factor, scale
