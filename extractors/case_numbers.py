"""Case numbers: "Sak 001/10", "PS 6/26", "FU-sak 143/17" → "1/2010", "6/2026", "143/2017"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import compile_patterns, load_rules

NUMBER = r"(?P<num>\d{1,4})\s?(?P<letter>[a-zA-Z])?\s*/\s*(?P<year>\d{4}|\d{2})(?![\d/])"


@dataclass(frozen=True)
class CaseNumberRules:
    heading: re.Pattern          # prefix + number at the start of a heading
    mention: re.Pattern          # prefix + number anywhere in running text
    meeting_prefix: re.Pattern   # "<page no>? <≤4 words> …møte <≤4 date tokens>" before an inline heading
    pivot: int
    min_year: int
    max_year: int
    max_number: int


@lru_cache(maxsize=1)
def case_number_rules() -> CaseNumberRules:
    data = load_rules(
        "case_numbers",
        required={"heading_prefixes": list, "mention_prefixes": list, "two_digit_year_pivot": int,
                  "min_year": int, "max_year": int, "max_case_number": int, "inline_heading_meeting_words": list},
    )
    words = "|".join(re.escape(w) for w in data["inline_heading_meeting_words"])
    meeting_prefix = re.compile(r"(?:\d{1,3}\s+)?(?:[\wæøåÆØÅ.]+\s+){0,4}?[\wæøåÆØÅ]*(?:%s)(?:\s+[\w.]+){0,4}?\s+(?=\S)" % words,
                                re.IGNORECASE)
    compile_patterns("case_numbers", "heading_prefixes", data["heading_prefixes"], flags=0)
    compile_patterns("case_numbers", "mention_prefixes", data["mention_prefixes"])
    # possessive \s*+ (heading and mention): the spaces around an optional colon are split one way
    # only — trying every split was quadratic on a long run of spaces after "Sak"
    heading = re.compile(r"(?P<prefix>(?:%s))\.?\s*+:?\s*+%s" % ("|".join(data["heading_prefixes"]), NUMBER))
    mention = re.compile(r"\b(?P<prefix>(?:%s))\.?\s*+:?\s*+%s" % ("|".join(data["mention_prefixes"]), NUMBER), re.IGNORECASE)
    return CaseNumberRules(heading, mention, meeting_prefix, data["two_digit_year_pivot"], data["min_year"], data["max_year"], data["max_case_number"])


def expand_year(year: str, pivot: int) -> int:
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value <= pivot else 1900 + value
    return value


def normalise_parts(num: str, letter: str | None, year: str) -> str | None:
    """N/YYYY with no leading zeros and the letter kept (lower case); None if implausible."""
    rules = case_number_rules()
    full_year = expand_year(year, rules.pivot)
    number = int(num)
    if not (rules.min_year <= full_year <= rules.max_year) or number > rules.max_number:
        return None
    return f"{number}{(letter or '').lower()}/{full_year}"


def normalise_case_number(text: str) -> str | None:
    """Normalise any written case number ("Sak 001/10", "24a/2017", "PS 6/26")."""
    match = re.search(NUMBER, text)
    if not match:
        return None
    return normalise_parts(match["num"], match["letter"], match["year"])


@dataclass(frozen=True)
class CaseMention:
    case_number: str
    text: str
    char_start: int
    char_end: int


def find_case_mentions(text: str, offset: int = 0) -> list[CaseMention]:
    """Case numbers with a case prefix ("sak 06/2017", "PS 6/26") anywhere in text."""
    found = []
    for match in case_number_rules().mention.finditer(text):
        number = normalise_parts(match["num"], match["letter"], match["year"])
        if number:
            found.append(CaseMention(number, match.group(0), offset + match.start(), offset + match.end()))
    return found
