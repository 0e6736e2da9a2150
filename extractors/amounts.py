"""Money amounts: "NOK 200 000", "kr 0,50 pr innbygger", "inntil kr 100 000", "10 millioner kroner".

A number counts only with a currency word or a money context phrase
("budsjettert med tilsammen 500 000"); vocabulary in ``rules/amounts.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lines import line_start as start_of_line
from .prefilter import may_match
from .rules import RuleDataError, compile_patterns, load_rules

RULES = "amounts"

# Thousands grouped by space / no-break space / dot, decimals after a comma.  A number
# followed by "/<digit>" is a case, archive or serial number ("KR 79/22": case 79/22 after a
# body's two-letter prefix that reads like "kr"), never an amount.
NUMBER = r"(?<![\d.,])(?P<num>\d{1,3}(?:[ \u00a0.]\d{3}(?!\d))+|\d+)(?:,(?P<dec>\d+))?(?!\d|[^\S\n]?/[^\S\n]?\d)"


@dataclass(frozen=True)
class Amount:
    value_nok: float
    per: str | None          # "innbygger", "år", ...
    year: int | None         # from a leading "2017:" on the same line
    upper_bound: bool        # "inntil kr 100 000"
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class AmountRules:
    forms: list[re.Pattern]                 # group "amount"; tried in order, earlier forms win overlaps
    scales: dict[str, float]
    upper_bound: re.Pattern                 # anchored at the end of the text before an amount
    per_units: list[tuple[re.Pattern, str]]
    year_line: re.Pattern


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def amount_rules() -> AmountRules:
    data = load_rules(RULES, required={"currency_before": list, "currency_after": list, "scales": dict,
                                       "money_context_before": list, "upper_bound_cues": list,
                                       "per_units": list, "year_line": str})
    for key in ("currency_before", "currency_after", "money_context_before", "upper_bound_cues"):
        compile_patterns(RULES, key, data[key])
    scales = {str(k).lower(): float(v) for k, v in data["scales"].items()}
    scale = r"(?:\s*(?P<scale>%s)(?![\w]))?" % _alternation(re.escape(s) for s in scales)
    before = _alternation(data["currency_before"])
    after = _alternation(data["currency_after"])
    context = _alternation(data["money_context_before"])
    forms = compile_patterns(RULES, "forms", [
        # kr 50 000 / NOK 1,5 mrd.
        rf"(?P<amount>(?<!\w)(?:{before})\s*{NUMBER}{scale}(?:\s*,-)?)",
        # 10 millioner kroner / 2 mill. kr / 500 000 kroner
        rf"(?P<amount>{NUMBER}{scale}\s*(?:{after})(?!\w))",
        # budsjettert med tilsammen 500 000 (a grouped or 4+ digit number only; the phrase is not part of the amount)
        rf"(?<!\w)(?:{context})\s+(?=\d{{1,3}}[ \u00a0.]\d{{3}}|\d{{4}})(?P<amount>{NUMBER}{scale})(?!\s*(?:%|prosent))",
    ])
    per_units = []
    for row in data["per_units"]:
        if not isinstance(row, dict) or {"pattern", "per"} - set(row):
            raise RuleDataError(f"{RULES}.yaml: per_units: each entry needs pattern and per: {row!r}")
        (pattern,) = compile_patterns(RULES, "per_units", [r"^\s*(?:%s)" % row["pattern"]])
        per_units.append((pattern, row["per"]))
    (upper,) = compile_patterns(RULES, "upper_bound_cues",
                                [r"(?<!\w)(?:%s)\s*$" % _alternation(data["upper_bound_cues"])])
    (year_line,) = compile_patterns(RULES, "year_line", [data["year_line"]], flags=re.MULTILINE)
    return AmountRules(forms, scales, upper, per_units, year_line)


def _value(match: re.Match, scales: dict[str, float]) -> float:
    whole = re.sub(r"[ \u00a0.]", "", match["num"])
    value = float(f"{whole}.{match['dec']}" if match["dec"] else whole)
    if match["scale"]:
        value *= scales[match["scale"].lower()]
    return value


def _per(text: str, end: int, rules: AmountRules) -> str | None:
    following = text[end:end + 40]
    return next((per for pattern, per in rules.per_units if pattern.match(following)), None)


def _line_year(text: str, start: int, rules: AmountRules) -> int | None:
    line_start = start_of_line(text, start)
    m = rules.year_line.match(text, line_start)
    return int(m["year"]) if m and m.end() <= start else None


def extract_amounts(text: str) -> list[Amount]:
    """All money amounts in ``text`` in document order, overlapping forms resolved (first form wins)."""
    rules = amount_rules()
    taken: list[tuple[int, int]] = []
    found = []
    for form in rules.forms:
        if not may_match(form, text):
            continue
        for m in form.finditer(text):
            start, end = m.span("amount")
            end -= text[end - 1] == "."    # "mill." / "kr." at a sentence end: the dot is not needed
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            upper = rules.upper_bound.search(text, max(0, start - 30), start)
            if upper:
                start = upper.start()
            found.append(Amount(value_nok=_value(m, rules.scales), per=_per(text, end, rules),
                                year=_line_year(text, start, rules), upper_bound=bool(upper),
                                text=text[start:end], char_start=start, char_end=end))
    return sorted(found, key=lambda a: a.char_start)
