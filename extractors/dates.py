"""Dates in Norwegian minutes: "14. september 2017", "15.06.17", "våren 2017",
"Oktober 2017 – januar 2018", "ut 2018" → normalised :class:`DateMention`.

Strict regexes built from ``rules/dates.yaml`` do almost all the work.
``dateparser`` is only a fallback for short spans that look date-like but that
no strict pattern could normalise (misspelt months, "14 juni '18", ...), and
every call is counted so reports can show how often it was needed.

A mention's text covers the date itself plus a qualifier word in front of it
("pr oktober 2017", "ut 2018") and a weekday ("Torsdag 14.09.2017"); plain
prepositions ("i 2018", "den 8 januar") stay outside the text.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .prefilter import may_match
from .rules import RuleDataError, compile_patterns, load_rules

__all__ = ["DateMention", "find_dates", "parse_date", "dateparser_calls", "reset_dateparser_calls", "date_rules"]

RULES_NAME = "dates"
HSPACE = r"[^\S\n]"  # whitespace that does not cross a line: dates never span lines

NUMERIC_KINDS = {"iso_date", "numeric_date_long", "numeric_date_short", "slash_dash_date", "doc_ref"}
DAY_KINDS = NUMERIC_KINDS | {"day_month"}  # kinds a weekday may stand before
QUALIFIER_NAMES = {"until", "by", "from", "to", "as_of"}
INVALID = "invalid"  # precision of a date-shaped span that is no date
MAX_RANGE_GAP = 16  # characters between the two ends of a range ("  til og med ")
MAX_FALLBACK_LENGTH = 40  # dateparser only sees short spans, never paragraphs
# A year after a day that the strict patterns did not take ("14. september, 2017",
# "14 juni '18"): the day must wait for the fallback rather than take the reference year.
WRITTEN_YEAR_AFTER = re.compile(r"(?:,?[^\S\n]*\d{4}|[^\S\n]*'\d{2})(?!\d)")


@dataclass(frozen=True)
class DateMention:
    """One date expression in a text, normalised to the span of days it covers."""

    start: datetime.date        # first day covered
    end: datetime.date          # last day covered, inclusive (== start for a day)
    precision: str              # "day" | "month" | "season" | "year" | "range"
    text: str                   # the source text as written (exact slice of input)
    char_start: int             # offsets into the string passed in
    char_end: int
    qualifier: str | None = None  # None | "until" | "by" | "from" | "to" | "as_of"
    method: str = "regex"       # "regex" | "dateparser"


# ---------------------------------------------------------------- rule data


@dataclass(frozen=True)
class DateRules:
    pivot: int
    min_year: int
    max_year: int
    month_of: dict[str, int]               # lower-case name or abbreviation -> month
    season_of: dict[str, tuple[int, int]]  # season word -> (first month, last month)
    qualifier_of: dict[str, str]           # normalised qualifier word -> qualifier
    patterns: dict[str, re.Pattern]
    weekday_prefix: re.Pattern             # weekday ending right before a date
    qualifier_prefix: re.Pattern           # qualifier ending right before a date
    qualifier_blocker: re.Pattern          # "sendt" etc. ending right before a qualifier word
    numeric_blocker: re.Pattern            # "kl." etc. ending right before a number
    year_unit: re.Pattern                  # "kr" etc. right after a year
    yearless_blocker: re.Pattern           # "året" etc. right after a day without year
    connector_gap: re.Pattern              # the whole gap between two ends of a range
    fallback_candidates: list[re.Pattern]
    cell_noise: list[re.Pattern]
    filler: re.Pattern


def _words_regex(words: list[str]) -> str:
    """Alternation of words, longest first so "fra og med" beats "fra"; spaces match any spacing."""
    escaped = (re.escape(w).replace(r"\ ", HSPACE + "+") for w in sorted(set(words), key=len, reverse=True))
    return "|".join(escaped)


def _month_regex(months: dict) -> str:
    names = [n for spec in months.values() for n in spec["names"]]
    abbreviations = [a for spec in months.values() for a in spec["abbreviations"]]
    full = rf"(?:{_words_regex(names)})(?!\w)(?:\.(?=\d))?"
    if not abbreviations:
        return rf"(?P<mon>{full})"
    return rf"(?P<mon>{full}|(?:{_words_regex(abbreviations)})(?!\w)\.?)"


def _check_months(months: dict) -> dict[str, int]:
    month_of: dict[str, int] = {}
    for number, spec in months.items():
        if not isinstance(number, int) or not 1 <= number <= 12:
            raise RuleDataError(f"{RULES_NAME}.yaml: months: bad month number {number!r}")
        if not isinstance(spec, dict) or set(spec) != {"names", "abbreviations"}:
            raise RuleDataError(f"{RULES_NAME}.yaml: months: {number} needs exactly 'names' and 'abbreviations'")
        for word in [*spec["names"], *spec["abbreviations"]]:
            key = word.lower()
            if key in month_of:
                raise RuleDataError(f"{RULES_NAME}.yaml: months: {word!r} is listed under {month_of[key]} and {number}")
            month_of[key] = number
    if sorted(months) != list(range(1, 13)):
        raise RuleDataError(f"{RULES_NAME}.yaml: months: need exactly the months 1..12")
    return month_of


def _check_seasons(seasons: dict) -> dict[str, tuple[int, int]]:
    season_of: dict[str, tuple[int, int]] = {}
    for name, spec in seasons.items():
        if not isinstance(spec, dict) or set(spec) != {"words", "first_month", "last_month"}:
            raise RuleDataError(f"{RULES_NAME}.yaml: seasons: {name} needs 'words', 'first_month', 'last_month'")
        span = (spec["first_month"], spec["last_month"])
        if not all(isinstance(m, int) and 1 <= m <= 12 for m in span):
            raise RuleDataError(f"{RULES_NAME}.yaml: seasons: {name} has a bad month in {span}")
        for word in spec["words"]:
            if word.lower() in season_of:
                raise RuleDataError(f"{RULES_NAME}.yaml: seasons: {word!r} is listed twice")
            season_of[word.lower()] = span
    return season_of


def _check_qualifiers(qualifiers: dict) -> dict[str, str]:
    qualifier_of: dict[str, str] = {}
    for name, words in qualifiers.items():
        if name not in QUALIFIER_NAMES:
            raise RuleDataError(f"{RULES_NAME}.yaml: qualifiers: unknown qualifier {name!r}")
        for word in words:
            qualifier_of[_normalise_word(word)] = name
    return qualifier_of


def _normalise_word(word: str) -> str:
    return " ".join(word.lower().split())


def _compile(key: str, pattern: str) -> re.Pattern:
    return compile_patterns(RULES_NAME, key, [pattern])[0]


def _placeholders(data: dict, season_of: dict) -> dict[str, str]:
    """Regex fragments that the patterns in the YAML file refer to by name."""
    return {
        "%MONTH%": _month_regex(data["months"]),
        "%SEASON%": _words_regex(list(season_of)),
        "%CONNECTOR%": _words_regex(data["range_connectors"]),
        "%YEARPREP%": _words_regex(data["year_prepositions"]),
    }


def _compile_strict_patterns(data: dict, placeholders: dict[str, str]) -> dict[str, re.Pattern]:
    compiled = {}
    for kind, pattern in data["patterns"].items():
        if kind not in BUILDERS:
            raise RuleDataError(f"{RULES_NAME}.yaml: patterns: unknown kind {kind!r}")
        for name, regex in placeholders.items():
            pattern = pattern.replace(name, regex)
        compiled[kind] = _compile(f"patterns.{kind}", pattern)
    missing = set(BUILDERS) - set(compiled)
    if missing:
        raise RuleDataError(f"{RULES_NAME}.yaml: patterns: missing {sorted(missing)}")
    return compiled


def _context_patterns(data: dict) -> dict[str, re.Pattern]:
    """Patterns for the words around a date: prefixes end at the date (``$``), suffixes start at it."""
    def words(key: str) -> str:
        return _words_regex(data[key])

    filler = f"(?:(?:{words('filler_words')}){HSPACE}+)?"
    qualifier_words = _words_regex([w for ws in data["qualifiers"].values() for w in ws])
    return {
        "weekday_prefix": _compile("weekdays", rf"(?<!\w)(?:{words('weekdays')}),?{HSPACE}+{filler}$"),
        "qualifier_prefix": _compile("qualifiers", rf"(?<![\w.])(?P<q>{qualifier_words}){HSPACE}+{filler}$"),
        "qualifier_blocker": _compile(
            "qualifier_blockers_before", rf"(?<!\w)(?:{words('qualifier_blockers_before')}){HSPACE}+$"),
        "numeric_blocker": _compile(
            "numeric_blockers_before", rf"(?<![\w.])(?:{words('numeric_blockers_before')}){HSPACE}*$"),
        "year_unit": _compile("year_unit_words", rf"{HSPACE}*(?:{words('year_unit_words')})(?!\w)"),
        "yearless_blocker": _compile(
            "yearless_blockers_after", rf"[.,]?{HSPACE}*(?:{words('yearless_blockers_after')})(?!\w)"),
        "connector_gap": _compile("range_connectors", rf"{HSPACE}*(?:{words('range_connectors')}){HSPACE}*"),
        "filler": _compile("filler_words", rf"(?<!\w)(?:{words('filler_words')})(?!\w)"),
    }


REQUIRED_KEYS = {
    "two_digit_year_pivot": int, "year_bounds": list, "months": dict, "weekdays": list, "seasons": dict,
    "qualifiers": dict, "qualifier_blockers_before": list, "year_prepositions": list, "year_unit_words": list,
    "range_connectors": list, "filler_words": list, "numeric_blockers_before": list,
    "yearless_blockers_after": list, "patterns": dict, "fallback_candidates": list, "cell_noise": list,
}


@lru_cache(maxsize=1)
def date_rules() -> DateRules:
    """Load, check and compile ``rules/dates.yaml`` once."""
    data = load_rules(RULES_NAME, required=REQUIRED_KEYS)
    season_of = _check_seasons(data["seasons"])
    min_year, max_year = data["year_bounds"]
    return DateRules(
        pivot=data["two_digit_year_pivot"],
        min_year=min_year,
        max_year=max_year,
        month_of=_check_months(data["months"]),
        season_of=season_of,
        qualifier_of=_check_qualifiers(data["qualifiers"]),
        patterns=_compile_strict_patterns(data, _placeholders(data, season_of)),
        fallback_candidates=compile_patterns(RULES_NAME, "fallback_candidates", data["fallback_candidates"]),
        cell_noise=compile_patterns(RULES_NAME, "cell_noise", data["cell_noise"]),
        **_context_patterns(data),
    )


# ---------------------------------------------------------------- atoms

# Written without a year: (first month, first day, last month, last day); a
# missing day means the whole month.
YearlessParts = tuple[int, int | None, int, int | None]


@dataclass(frozen=True)
class _Atom:
    """One date expression found by a strict pattern, before ranges are joined."""
    start: int                  # including a qualifier word
    core_start: int             # including a weekday, excluding a qualifier
    end: int
    precision: str
    first: datetime.date | None  # None while the year is unknown
    last: datetime.date | None
    qualifier: str | None = None
    yearless: YearlessParts | None = None

    @property
    def resolved(self) -> bool:
        return self.first is not None


def _expand_year(text: str, rules: DateRules) -> int | None:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < rules.pivot else 1900
    return year if rules.min_year <= year <= rules.max_year else None


def _make_date(year: int | None, month: int, day: int) -> datetime.date | None:
    """A real calendar date, or None (31.02.2017 is not a date)."""
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last_day)


def _span_in_year(parts: YearlessParts, year: int) -> tuple[datetime.date, datetime.date] | None:
    first_month, first_day, last_month, last_day = parts
    first = _make_date(year, first_month, first_day or 1)
    last = _make_date(year, last_month, last_day or calendar.monthrange(year, last_month)[1])
    if first is None or last is None or first > last:
        return None
    return first, last


def _invalid(match: re.Match) -> _Atom:
    """A date-shaped span that is no real date (31.02.2017): it only keeps shorter
    matches inside it ("februar 2017" in "31. februar 2017") from being taken."""
    return _Atom(match.start(), match.start(), match.end(), INVALID, None, None)


def _month_number(match: re.Match, rules: DateRules) -> int:
    return rules.month_of[match["mon"].lower().rstrip(".")]


def _day_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    """Numeric dates (14.09.2017, 15.06.17, 2023-03-06, 11/9-2019, 091216)."""
    month = match["m"] or match.groupdict().get("m2")
    day = _make_date(_expand_year(match["y"], rules), int(month), int(match["d"]))
    if day is None:
        return _invalid(match)
    return _Atom(match.start(), match.start(), match.end(), "day", day, day)


def _day_month_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    """14. september 2017; without a year it waits for a range partner or the reference."""
    month, day = _month_number(match, rules), int(match["d"])
    if match["y"] is None:
        if _make_date(2000, month, day) is None:  # 2000 is a leap year, so 29. februar passes
            return _invalid(match)
        return _Atom(match.start(), match.start(), match.end(), "day", None, None, yearless=(month, day, month, day))
    date = _make_date(_expand_year(match["y"], rules), month, day)
    return _Atom(match.start(), match.start(), match.end(), "day", date, date) if date else _invalid(match)


def _day_span_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    """7.-8. desember 2017: a range of days in one month."""
    month, first_day, last_day = _month_number(match, rules), int(match["d1"]), int(match["d"])
    parts = (month, first_day, month, last_day)
    if match["y"] is None:
        if _span_in_year(parts, 2000) is None:
            return None
        return _Atom(match.start(), match.start(), match.end(), "range", None, None, yearless=parts)
    year = _expand_year(match["y"], rules)
    span = _span_in_year(parts, year) if year else None
    return _Atom(match.start(), match.start(), match.end(), "range", *span) if span else None


def _month_year_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    year = _expand_year(match["y"], rules)
    if year is None:
        return None
    return _Atom(match.start(), match.start(), match.end(), "month", *_month_span(year, _month_number(match, rules)))


def _bare_month_atom(match: re.Match, rules: DateRules) -> _Atom:
    month = _month_number(match, rules)
    return _Atom(match.start(), match.start(), match.end(), "month", None, None, yearless=(month, None, month, None))


def _season_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    """våren 2017; a season that crosses the new year ends in the following year."""
    first_month, last_month = rules.season_of[match["season"].lower()]
    year = _expand_year(match["y"], rules)
    if year is None:
        return None
    end_year = year + 1 if last_month < first_month else year
    if match["y2"] is not None and int(match["y2"]) != end_year:
        return None  # "vinteren 2013/2014" is fine, "våren 2017/2018" is not one season
    first = datetime.date(year, first_month, 1)
    last = _month_span(end_year, last_month)[1]
    return _Atom(match.start(), match.start(), match.end(), "season", first, last)


def _prep_year_atom(match: re.Match, rules: DateRules) -> _Atom | None:
    """i 2018, ut 2018, fra 2020 til 2022: a year needs a preposition in front."""
    first_year = _expand_year(match["y"], rules)
    last_year = _expand_year(match["y2"], rules) if match["y2"] else first_year
    if first_year is None or last_year is None or last_year < first_year:
        return None
    precision = "year" if last_year == first_year else "range"
    start, end = match.span("core")  # the preposition is outside; a qualifier is added back later
    return _Atom(start, start, end, precision, datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31))


BUILDERS = {
    "iso_date": _day_atom,
    "numeric_date_long": _day_atom,
    "numeric_date_short": _day_atom,
    "slash_dash_date": _day_atom,
    "doc_ref": _day_atom,
    "day_month": _day_month_atom,
    "day_span": _day_span_atom,
    "month_year": _month_year_atom,
    "bare_month": _bare_month_atom,
    "season_year": _season_atom,
    "prep_year": _prep_year_atom,
}


def _is_blocked(text: str, kind: str, atom: _Atom, rules: DateRules) -> bool:
    """Context that shows the number is not a date (kl. 09.00, pkt 3.3.10, 2000 kr, 1. januar året etter)."""
    if kind in NUMERIC_KINDS and rules.numeric_blocker.search(text, max(0, atom.start - 20), atom.start):
        return True
    if kind == "prep_year" and rules.year_unit.match(text, atom.end):
        return True
    if atom.yearless and kind != "bare_month":
        # "året etter" makes the year relative; ", 2017" or "'18" is a year the fallback must read
        return bool(rules.yearless_blocker.match(text, atom.end) or WRITTEN_YEAR_AFTER.match(text, atom.end))
    return False


def _qualifier_before(text: str, position: int, rules: DateRules) -> re.Match | None:
    """The qualifier word ending right before ``position``, unless it belongs to a verb or noun before it."""
    qualifier = rules.qualifier_prefix.search(text, max(0, position - 30), position)
    if qualifier is None or rules.qualifier_blocker.search(text, max(0, qualifier.start() - 20), qualifier.start()):
        return None
    return qualifier


def _with_prefixes(text: str, atom: _Atom, kind: str, rules: DateRules) -> _Atom:
    """Extend an atom over a weekday ("Torsdag 14.09.2017") and a qualifier ("pr 30.7.2017")."""
    core_start = atom.core_start
    if kind in DAY_KINDS:
        weekday = rules.weekday_prefix.search(text, max(0, core_start - 30), core_start)
        if weekday:
            core_start = weekday.start()
    qualifier = _qualifier_before(text, core_start, rules)
    if qualifier is None:
        return _moved(atom, core_start, core_start, atom.qualifier)
    name = rules.qualifier_of[_normalise_word(qualifier["q"])]
    if atom.precision == "range" and name == "from":
        name = None  # "fra 2020 til 2022": the range already says where it starts
    return _moved(atom, qualifier.start(), core_start, name)


def _moved(atom: _Atom, start: int, core_start: int, qualifier: str | None) -> _Atom:
    """``replace(atom, start=…, core_start=…, qualifier=…)`` built directly: dataclasses.replace
    costs more than the rest of the atom's reading (every atom of every text passes here)."""
    return _Atom(start, core_start, atom.end, atom.precision, atom.first, atom.last, qualifier, atom.yearless)


def _find_atoms(text: str, rules: DateRules, doc_refs: bool) -> list[_Atom]:
    atoms = []
    for kind, pattern in rules.patterns.items():
        if kind == "doc_ref" and not doc_refs:
            continue  # "091216" is a date only in a document-reference slot
        if not may_match(pattern, text):
            continue  # no month name, no separator … (most patterns, most texts)
        for match in pattern.finditer(text):
            atom = BUILDERS[kind](match, rules)
            if atom is None:
                continue
            if atom.precision == INVALID:
                atoms.append(atom)  # kept only to shadow shorter matches inside it
            elif not _is_blocked(text, kind, atom, rules):
                atoms.append(_with_prefixes(text, atom, kind, rules))
    return atoms


# ---------------------------------------------------------------- ranges and years


def _resolve_pair(first: _Atom, second: _Atom, reference: datetime.date | None):
    """Dates of both ends of a range; a missing year comes from the other end
    ("Juni – september 2017") or, for days, from the reference."""
    if first.resolved and second.resolved:
        return (first.first, first.last), (second.first, second.last)
    if second.resolved:
        year = second.first.year
        span = _span_in_year(first.yearless, year)
        if span is None or span[0] > second.first:
            span = _span_in_year(first.yearless, year - 1)  # "november – februar 2018"
        return span, (second.first, second.last)
    if first.resolved:
        year = first.last.year
        span = _span_in_year(second.yearless, year)
        if span is None or span[1] < first.first:
            span = _span_in_year(second.yearless, year + 1)
        return (first.first, first.last), span
    if reference is None or first.yearless[1] is None or second.yearless[1] is None:
        return None, None  # bare months never take the reference year
    span_a = _span_in_year(first.yearless, reference.year)
    span_b = _span_in_year(second.yearless, reference.year)
    if span_a and span_b and span_b[1] < span_a[0]:
        span_b = _span_in_year(second.yearless, reference.year + 1)
    return span_a, span_b


def _join_range(text: str, first: _Atom, second: _Atom, reference, rules: DateRules) -> _Atom | None:
    if not rules.connector_gap.fullmatch(text, first.end, second.core_start):
        return None
    span_a, span_b = _resolve_pair(first, second, reference)
    if span_a is None or span_b is None or span_a[0] > span_b[1]:
        return None
    qualifier = None if first.qualifier == "from" else first.qualifier  # "fra X til Y" says nothing more
    return _Atom(first.start, first.core_start, second.end, "range", span_a[0], span_b[1], qualifier)


def _ranges(text: str, atoms: list[_Atom], reference, rules: DateRules) -> list[_Atom]:
    ordered = sorted(atoms, key=lambda a: a.core_start)
    joined = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second.core_start - first.end > MAX_RANGE_GAP:
                break
            if second.core_start >= first.end:
                joined_atom = _join_range(text, first, second, reference, rules)
                if joined_atom:
                    joined.append(joined_atom)
    return joined


def _with_reference_year(atom: _Atom, reference: datetime.date | None) -> _Atom | None:
    """A day written without a year ("den 8 januar") takes the reference year; a bare month never does."""
    if atom.resolved:
        return atom
    if reference is None or atom.yearless[1] is None:
        return None
    span = _span_in_year(atom.yearless, reference.year)
    if span is None:
        return None
    # built directly, not with dataclasses.replace (see _moved)
    return _Atom(atom.start, atom.core_start, atom.end, atom.precision, span[0], span[1], atom.qualifier, atom.yearless)


def _longest_non_overlapping(atoms: list[_Atom]) -> list[_Atom]:
    """Longest atoms first, each kept if it overlaps none kept before.  The kept spans are
    disjoint, so they stay sorted by start and only the two neighbours of a new span need a
    look (comparing with every kept span made long texts quadratic)."""
    starts: list[int] = []
    chosen: list[_Atom] = []  # sorted by start, like starts
    for atom in sorted(atoms, key=lambda a: (a.start - a.end, a.start)):
        i = bisect.bisect_right(starts, atom.start)
        if i > 0 and not (atom.end <= chosen[i - 1].start or atom.start >= chosen[i - 1].end):
            continue
        if i < len(chosen) and not (atom.end <= chosen[i].start or atom.start >= chosen[i].end):
            continue
        starts.insert(i, atom.start)
        chosen.insert(i, atom)
    return chosen


def _to_mention(text: str, atom: _Atom) -> DateMention:
    return DateMention(atom.first, atom.last, atom.precision, text[atom.start:atom.end],
                       atom.start, atom.end, atom.qualifier, "regex")


def _strict_scan(text: str, reference: datetime.date | None, doc_refs: bool):
    """Mentions from the strict patterns, and the spans of invalid dates (not to be re-read by dateparser)."""
    rules = date_rules()
    found = _find_atoms(text, rules, doc_refs)
    invalid = [a for a in found if a.precision == INVALID]
    atoms = [a for a in found if a.precision != INVALID]
    candidates = [a for a in (_with_reference_year(a, reference) for a in atoms) if a is not None]
    candidates += _ranges(text, atoms, reference, rules)
    chosen = _longest_non_overlapping(candidates + invalid)
    mentions = [_to_mention(text, atom) for atom in chosen if atom.precision != INVALID]
    return mentions, [(a.start, a.end) for a in chosen if a.precision == INVALID]


# ---------------------------------------------------------------- dateparser fallback

_dateparser_call_count = 0


def dateparser_calls() -> int:
    """Number of dateparser fallbacks since import (or since the last reset)."""
    return _dateparser_call_count


def reset_dateparser_calls() -> None:
    global _dateparser_call_count
    _dateparser_call_count = 0


@lru_cache(maxsize=1)
def _dateparser():
    # Imported lazily: dateparser is slow to load and most texts never need it.
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["nb"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})


def _year_as_written(span: str) -> int | None:
    """The year the span itself states, to reject dateparser guessing one."""
    four = re.findall(r"(?<!\d)\d{4}(?!\d)", span)
    if four:
        return int(four[-1])
    two = re.search(r"'(\d{2})(?!\d)", span)
    return int(two[1]) if two else None


def _dateparser_mention(text: str) -> DateMention | None:
    """Ask dateparser about one short span; trust it only if the year it returns is the written one."""
    global _dateparser_call_count
    _dateparser_call_count += 1
    data = _dateparser().get_date_data(text)
    written = _year_as_written(text)
    if data is None or data.date_obj is None or written is None:
        return None
    day = data.date_obj.date()
    if written not in (day.year, day.year % 100):
        return None
    if data.period == "month":
        first, last = _month_span(day.year, day.month)
    elif data.period == "year":
        first, last = datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    else:
        first = last = day
    precision = data.period if data.period in ("month", "year") else "day"
    return DateMention(first, last, precision, text, 0, len(text), None, "dateparser")


def _fallback_mentions(text: str, taken: list[tuple[int, int]], reference) -> list[DateMention]:
    """Date-like spans the strict patterns left alone, each handed to parse_date."""
    rules = date_rules()
    found = []
    spans = _Spans(taken)
    for pattern in rules.fallback_candidates:
        if not may_match(pattern, text):
            continue  # the apostrophe year ("14 juni '18") is rare: most texts are not scanned for it
        for match in pattern.finditer(text):
            start, end = match.span()
            if spans.overlaps(start, end):
                continue
            mention = parse_date(match.group(), reference=reference)
            if mention is not None:
                found.append(_shifted(text, mention, start, rules))
                spans.add(start, end)
    return found


class _Spans:
    """Spans taken by mentions, for overlap tests in log time (a long text has thousands)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self._index()

    def _index(self) -> None:
        self.starts = [start for start, _ in self.spans]
        self.max_end = list(itertools.accumulate((end for _, end in self.spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)   # the spans that start before ``end``
        return i > 0 and self.max_end[i - 1] > start

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))   # rare: a fallback date parsed
        self._index()


def _shifted(text: str, mention: DateMention, offset: int, rules: DateRules) -> DateMention:
    """Move a mention parsed from a span back to offsets in the whole text, picking up its qualifier."""
    start, end = mention.char_start + offset, mention.char_end + offset
    qualifier = _qualifier_before(text, start, rules)
    if qualifier:
        start = qualifier.start()
    return replace(mention, char_start=start, char_end=end, text=text[start:end],
                   qualifier=rules.qualifier_of[_normalise_word(qualifier["q"])] if qualifier else mention.qualifier)


# ---------------------------------------------------------------- public API


def find_dates(text: str, *, reference: datetime.date | None = None, doc_refs: bool = False) -> list[DateMention]:
    """All date mentions in ``text``, in order, non-overlapping, the longest match winning.

    ``reference`` gives the year of days written without one ("den 8 januar");
    without it such days are skipped. ``doc_refs=True`` says the text is a
    document-reference slot, where "091216" is a yymmdd date.
    """
    mentions, invalid = _strict_scan(text, reference, doc_refs)
    taken = [(m.char_start, m.char_end) for m in mentions] + invalid
    mentions += _fallback_mentions(text, taken, reference)
    return sorted(mentions, key=lambda m: m.char_start)


def _only_noise(text: str, rules: DateRules) -> bool:
    for pattern in [*rules.cell_noise, rules.filler]:
        text = pattern.sub("", text)
    return not text.strip()


def _bare_year(expr: str, rules: DateRules) -> DateMention | None:
    """A cell holding just a year ("2018") is a year: the caller says it is one expression."""
    match = re.search(r"(?<!\d)\d{4}(?!\d)", expr)
    if not match or not _only_noise(expr[:match.start()] + " " + expr[match.end():], rules):
        return None
    year = _expand_year(match.group(), rules)
    if year is None:
        return None
    return DateMention(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year",
                       match.group(), match.start(), match.end())


def _candidate_span(expr: str, rules: DateRules) -> re.Match | None:
    for pattern in rules.fallback_candidates:
        match = pattern.search(expr)
        if match and _only_noise(expr[:match.start()] + " " + expr[match.end():], rules):
            return match
    return None


def parse_date(expr: str, *, reference: datetime.date | None = None) -> DateMention | None:
    """One date expression (a table cell such as "14.06.18", "Oktober 2017 – januar 2018",
    "ut 2018", "06.09.2024, kl. 10.00"); None if it is not (only) a date.

    Offsets refer to ``expr``. Strict patterns first; dateparser only for a
    short date-like span they could not normalise.
    """
    rules = date_rules()
    mentions, invalid = _strict_scan(expr, reference, doc_refs=False)
    if invalid:
        return None
    if len(mentions) == 1:
        only = mentions[0]
        return only if _only_noise(expr[:only.char_start] + " " + expr[only.char_end:], rules) else None
    if mentions:
        return None
    bare = _bare_year(expr, rules)
    if bare:
        return bare
    candidate = _candidate_span(expr, rules)
    if candidate is None or len(candidate.group()) > MAX_FALLBACK_LENGTH:
        return None
    mention = _dateparser_mention(candidate.group())
    if mention is None:
        return None
    return replace(mention, char_start=candidate.start(), char_end=candidate.end())
