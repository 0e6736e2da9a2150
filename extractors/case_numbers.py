"""Case numbers: every written form → one normal form "N/YYYY" (the one normaliser of the code base).

Forms seen in Norwegian minutes: "Sak 24/2017", "Sak 001/10", "PS 0038/05", "Sak 001/06 B",
"FS-044/13", "KOM-091/16", "Ko-13/12", "SR-sak 32/14", "Sak 114 /13", "sak 83-11", "Styresak 32-2014", and
year-first numbers "PS 2014/69", "BU 14/72" (= case 72 of 2014, decided with the
document's year).  ``find_number_tokens`` returns every such token with its prefix and
offsets; which of them are this meeting's cases, references or look-alikes is decided
by where they stand (``extractors.cases``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .prefilter import may_match
from .rules import compile_patterns, load_rules

NUMBER = r"(?P<num>\d{1,4})\s?(?P<letter>[a-zA-Z])?\s*/\s*(?P<year>\d{4}|\d{2})(?![\d/])"


@dataclass(frozen=True)
class CaseNumberRules:
    token: re.Pattern            # [prefix] number, anywhere in text
    mention: re.Pattern          # prefix + number in running text (references)
    heading_prefix: re.Pattern   # prefixes that may start a heading (case-sensitive)
    known_codes: frozenset[str]  # body/type codes that are case prefixes even once in a document
    not_codes: frozenset[str]    # company and entity forms (AS, KF, IKS): never case codes
    pivot: int
    min_year: int
    max_year: int
    max_number: int


def _word_prefixes(data: dict) -> str:
    return r"(?:%s)|(?i:%s)" % ("|".join(data["heading_prefixes"]), "|".join(data["mention_prefixes"]))


@lru_cache(maxsize=1)
def case_number_rules() -> CaseNumberRules:
    data = load_rules(
        "case_numbers",
        required={"heading_prefixes": list, "mention_prefixes": list, "code_prefixes": list, "known_codes": list,
                  "not_codes": list,
                  "two_digit_year_pivot": int, "min_year": int, "max_year": int, "max_case_number": int},
    )
    compile_patterns("case_numbers", "heading_prefixes", data["heading_prefixes"], flags=0)
    compile_patterns("case_numbers", "mention_prefixes", data["mention_prefixes"])
    compile_patterns("case_numbers", "code_prefixes", data["code_prefixes"], flags=0)
    # A token: a word prefix ("Sak", "PS", "sak nr.", "Saksnr.:") or a body/type code ("FS-",
    # "SR", "B"), then N[a]/YY[YY] — or N-YY after a word prefix ("sak 83-11"); the number
    # may be lost ("/13": digits dropped by the text layer) or split by OCR ("20 14/73").
    token = re.compile(
        r"(?<![\w/])(?:(?P<prefix>%s)(?:\s*+nr\.?)?\s*+[:.]?\s*+|(?P<code>%s)(?:[ \t](?=\d|/))?)?"
        r"(?P<num>(?:19|20)\ \d{2}(?=/)|\d{1,4})?(?P<letter>[a-zA-Z](?=\s?/))?\s?(?P<sep>/|-)\s?"
        r"(?P<year>\d{1,4})(?![\d/]|[.,:]\d)" % (_word_prefixes(data), "|".join(data["code_prefixes"])))
    # possessive \s*+: the spaces around an optional colon split one way only (a long run of
    # spaces after "Sak" was quadratic)
    mention = re.compile(r"\b(?P<prefix>(?:%s))\.?\s*+:?\s*+%s" % ("|".join(data["mention_prefixes"]), NUMBER),
                         re.IGNORECASE)
    heading_prefix = re.compile(r"(?:%s)\Z" % "|".join(data["heading_prefixes"] + data["code_prefixes"]))
    return CaseNumberRules(token, mention, heading_prefix, frozenset(data["known_codes"]), frozenset(data["not_codes"]),
                           data["two_digit_year_pivot"], data["min_year"], data["max_year"], data["max_case_number"])


def expand_year(year: str, pivot: int | None = None) -> int:
    pivot = case_number_rules().pivot if pivot is None else pivot
    value = int(year)
    if len(year) == 2:
        return 2000 + value if value <= pivot else 1900 + value
    return value


def _plausible(number: int, year: int) -> bool:
    rules = case_number_rules()
    return rules.min_year <= year <= rules.max_year and 0 <= number <= rules.max_number


def normalise_parts(num: str, letter: str | None, year: str, context_year: int | None = None) -> str | None:
    """N/YYYY with no leading zeros and the letter kept (lower case); None if implausible.

    Year-first numbers are turned round: "2014/69" (a four-digit year first) always;
    "14/75" or "14/1" (two digits first) when the first part is the document's year
    (±1) and the second part read as a year is not."""
    num = num.replace(" ", "")
    letter = (letter or "").lower()
    rules = case_number_rules()
    standard = (int(num), expand_year(year, rules.pivot)) if len(year) in (2, 4) else None
    flipped = None
    if not letter and len(num) == 4 and rules.min_year <= int(num) <= rules.max_year \
            and not (len(year) == 4 and rules.min_year <= int(year) <= rules.max_year):
        flipped = (int(year), int(num))
    elif not letter and len(num) == 2 and context_year:
        candidate = (int(year), expand_year(num, rules.pivot))
        if abs(candidate[1] - context_year) <= 1 and (standard is None or abs(standard[1] - context_year) >= 5):
            flipped = candidate
    reading = flipped or standard
    if len(num) == 4 and len(year) == 4:
        return None  # "2017/2018": a period, not a case
    if reading is None or not _plausible(*reading):
        return None
    number, full_year = reading
    return f"{number}{letter}/{full_year}"


def normalise_case_number(text: str, context_year: int | None = None) -> str | None:
    """Normalise any written case number ("Sak 001/10", "24a/2017", "PS 6/26", "83-11")."""
    match = re.search(r"(?P<num>\d{1,4})\s?(?P<letter>[a-zA-Z])?\s*[/-]\s*(?P<year>\d{4}|\d{2})(?!\d)", text)
    if not match:
        return None
    return normalise_parts(match["num"], match["letter"], match["year"], context_year)


@dataclass(frozen=True)
class NumberToken:
    """A written case-number-like token ("PS 20/11", "044/13", "/13", "sak 83-11")."""

    start: int              # token start (the prefix, when there is one)
    end: int
    number_start: int       # start of the digits (or of the slash of a lost number)
    prefix: str             # as written, "" when bare
    num: str | None         # None when the digits were lost ("/13")
    letter: str
    year: str
    separator: str          # "/" or "-"
    year_first: bool = False  # read as year/number (a list whose first part stays the same)

    @property
    def lost_number(self) -> bool:
        return self.num is None

    def normalised(self, context_year: int | None = None) -> str | None:
        if self.num is None:
            return None
        if self.year_first:
            year = expand_year(self.num.replace(" ", ""))
            number = int(self.year)
            return f"{number}/{year}" if _plausible(number, year) else None
        return normalise_parts(self.num, self.letter, self.year, context_year)

    def year_value(self, context_year: int | None = None) -> int | None:
        number = self.normalised(context_year)
        return int(number.split("/")[1]) if number else expand_year(self.year) if self.num is None else None


def find_number_tokens(text: str, start: int = 0, end: int | None = None) -> list[NumberToken]:
    """Every case-number-like token in text[start:end].  A hyphen form ("83-11") counts
    only after a word prefix (bare "2012-2015" is a period); an upper-case code counts as
    a prefix when it is a known case code or prefixes two or more numbers in the text
    ("KLP 10/1935" once is a company name beside an archive number)."""
    end = len(text) if end is None else end
    rules = case_number_rules()
    matches = list(rules.token.finditer(text, start, end))
    code_counts: dict[str, int] = {}
    for m in matches:
        if m["code"]:
            code_counts[m["code"].strip()] = code_counts.get(m["code"].strip(), 0) + 1
    tokens = []
    for m in matches:
        prefix = (m["prefix"] or "").strip()
        token_start = m.start()
        code = (m["code"] or "").strip()
        if code:
            name = code.rstrip("-")
            if name not in rules.not_codes and (name in rules.known_codes or code_counts[code] >= 2
                                                or code.endswith("-")):
                prefix = code
            else:  # the word is not part of the number: the token starts at its digits
                token_start = m.end("code")
                while token_start < len(text) and text[token_start] in " \t":
                    token_start += 1
        num = m["num"]
        # "sak 83-11", and "Styresak 32-2014" (helseforetak); "2012-2015" stays a period
        if m["sep"] == "-" and (not m["prefix"] or num is None or len(m["year"]) not in (2, 4)
                                or len(m["year"]) == 4 and len(num) == 4):
            continue
        number_start = m.start("num") if num else m.start("sep")
        tokens.append(NumberToken(token_start, m.end(), number_start, prefix, num, m["letter"] or "", m["year"],
                                  m["sep"]))
    return tokens


def leading_case_token(line: str) -> NumberToken | None:
    """A case number with a heading prefix at the very start of a line ("Sak 010/10: …")."""
    tokens = find_number_tokens(line, 0, min(len(line), 40))
    if tokens and tokens[0].start == 0 and tokens[0].num is not None \
            and case_number_rules().heading_prefix.match(tokens[0].prefix):
        return tokens[0]
    return None


_YEAR_IN_TEXT = re.compile(r"(?<![\d/])(?:\d{1,2}\.\s?\d{1,2}\.\s?|\d{1,2}\.\s+[a-zæøå]+\s+)?((?:19|20)\d{2})(?![\d/])")


def document_year(text: str) -> int | None:
    """The year most written in a text (dates and plain years; the latest wins a tie):
    what decides year-first case numbers when no meeting date is known."""
    counts = Counter(int(m.group(1)) for m in _YEAR_IN_TEXT.finditer(text))
    if not counts:
        return None
    best = max(counts.values())
    return max(year for year, n in counts.items() if n == best)


@dataclass(frozen=True)
class CaseMention:
    case_number: str
    text: str
    char_start: int
    char_end: int


def find_case_mentions(text: str, offset: int = 0) -> list[CaseMention]:
    """Case numbers with a case prefix ("sak 06/2017", "PS 6/26") anywhere in text."""
    found = []
    if not may_match(case_number_rules().mention, text):
        return found
    for match in case_number_rules().mention.finditer(text):
        number = normalise_parts(match["num"], match["letter"], match["year"])
        if number:
            found.append(CaseMention(number, match.group(0), offset + match.start(), offset + match.end()))
    return found
