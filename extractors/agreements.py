"""Agreements and obligations, with their notice / termination terms.

Two layouts are read:

* memo: section headings, then one bullet per relation, a heading line and a
  body ("- insam as⏎FOUI-avtale inngått ... kan sies opp med tre måneders
  varsel.");
* minutes: a notice clause quoted inside a case ("Avtalen kan sies opp av den
  enkelte kommune med ett års skriftlig varsel"), the counterparty taken from
  the case title or text.

All language knowledge is in ``rules/agreements.yaml``; dates are read by
``extractors.dates``.  Pure functions: no IO besides the rule data.
"""

from __future__ import annotations

import calendar
import importlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable

from . import names
from .memo import short_text_memo
from .prefilter import may_match
from .case_numbers import leading_case_token
from .dates import date_rules
from .header import document_rules
from .lines import SENTENCE_END
from .rules import RuleDataError, compile_patterns, load_rules

RULES = "agreements"


@dataclass(frozen=True)
class Agreement:
    section: str | None
    item: str | None
    counterparty: str | None
    kind: str | None
    start_text: str | None
    start_date: date | None
    start_precision: str | None
    end_text: str | None
    end_date: date | None
    end_precision: str | None
    notice_months: int | None
    notice_text: str | None
    exit_regulated: bool | None
    earliest_exit_text: str | None
    earliest_exit_date: date | None
    resource_text: str | None
    termination_text: str | None
    char_start: int      # span of the bullet / clause in the input text
    char_end: int


# --------------------------------------------------------------------------- rules

@dataclass(frozen=True)
class AgreementRules:
    agreement_cues: list[re.Pattern]
    evidence_cues: list[re.Pattern]
    negation_cues: list[re.Pattern]
    number_words: dict[str, float]
    units: list[tuple[re.Pattern, int]]
    notice_forward: re.Pattern        # "tre måneders varsel"
    notice_backward: re.Pattern       # "oppsigelsestiden er tre måneder"
    not_regulated: list[re.Pattern]
    immediate: list[re.Pattern]
    deadline_terms: list[re.Pattern]
    runs_from_next_year: list[re.Pattern]
    earliest_exit_years: list[tuple[re.Pattern, int, int]]
    earliest_exit_cues: list[re.Pattern]
    start_before: list[re.Pattern]
    start_after: list[re.Pattern]
    start_qualifier_words: tuple[str, ...]
    end_before: list[re.Pattern]
    period_before: list[re.Pattern]
    end_qualifiers: frozenset[str]
    counterparty: list[re.Pattern]
    counterparty_pairs: list[re.Pattern]
    org_heading_hints: list[re.Pattern]
    title_cues: list[re.Pattern]
    title_action_cues: list[re.Pattern]
    cooperation_nouns: list[re.Pattern]
    self_stopwords: frozenset[str]
    kinds: list[tuple[str, re.Pattern]]
    fallback_kinds: list[tuple[str, re.Pattern]]
    resource_label: re.Pattern
    section_terms: frozenset[str]
    max_heading_words: int
    max_label_words: int


NAME_WORD = r"(?-i:[A-ZÆØÅ])[\wæøåÆØÅ&'’-]*"


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first so "et halvt" beats "et"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _placeholders(data: dict) -> dict[str, str]:
    suffixes = _alternation(data["name_suffix_words"])
    name = rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|(?:{suffixes})\b))*"
    stops = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in data["party_stop_words"])
    party = (r"[\wæøåÆØÅ][^,.;:()\n«»\"]*?"
             rf"(?=\s+(?:{stops})\b|\s*[,.;:()«»\"\n]|\s*$)")
    role = r"[\wæøåÆØÅ][^,.;:()\n]*?(?=\s*[,.;:()\n]|\s*$)"
    return {"{party}": f"(?P<cp>{party})", "{name}": f"(?P<cp>{name})", "{role}": f"(?P<cp>{role})",
            "{a}": f"(?P<a>{name})", "{b}": f"(?P<b>{name})"}


def _fill(key: str, patterns: list[str], slots: dict[str, str]) -> list[str]:
    """Replace {party}/{name}/... placeholders; an unknown one is a rule-data error, not a literal brace."""
    filled = []
    for pattern in patterns:
        for slot, regex in slots.items():
            pattern = pattern.replace(slot, regex)
        if unknown := re.search(r"\{[a-z_]+\}", pattern):
            raise RuleDataError(f"{RULES}.yaml: {key}: unknown placeholder {unknown.group(0)}")
        filled.append(pattern)
    return filled


def _pattern_table(key: str, rows: list, value_keys: tuple[str, ...]) -> list[tuple]:
    """Validate a list of {pattern: ..., <value_keys>} mappings and compile it."""
    table = []
    for row in rows:
        if not isinstance(row, dict) or "pattern" not in row or any(k not in row for k in value_keys):
            raise RuleDataError(f"{RULES}.yaml: {key}: each entry needs pattern and {', '.join(value_keys)}: {row!r}")
        (compiled,) = compile_patterns(RULES, key, [row["pattern"]])
        table.append((compiled, *(row[k] for k in value_keys)))
    return table


@lru_cache(maxsize=1)
def agreement_rules() -> AgreementRules:
    lists = ["agreement_cues", "evidence_cues", "negation_cues", "period_units", "notice_nouns",
             "notice_period_nouns", "not_regulated", "immediate", "deadline_terms", "notice_runs_from_next_year",
             "earliest_exit_years", "earliest_exit_cues", "start_cues_before", "start_cues_after",
             "start_qualifier_words", "end_cues_before", "period_cues_before", "end_qualifiers",
             "counterparty_patterns", "counterparty_pair_patterns", "party_stop_words",
             "name_suffix_words", "org_heading_hints", "title_agreement_cues", "self_name_stopwords", "kinds",
             "fallback_kinds", "resource_labels", "resource_possessives", "section_terms", "title_action_cues",
             "cooperation_nouns",
             "notice_period_links", "notice_period_minimum"]
    data = load_rules(RULES, required={**{k: list for k in lists}, "number_words": dict,
                                       "max_heading_words": int, "max_label_words": int})
    c = lambda key: compile_patterns(RULES, key, data[key])  # noqa: E731
    number_words = {str(k).lower(): float(v) for k, v in data["number_words"].items()}
    units = _pattern_table("period_units", data["period_units"], ("months",))
    number = rf"(?P<n>\d+(?:,\d+)?|{_alternation(number_words)})"
    unit = "(?P<unit>%s)" % "|".join(u.pattern for u, _ in units)
    nouns = "|".join(data["notice_nouns"])
    period_nouns = "|".join(data["notice_period_nouns"])
    (forward,) = compile_patterns(RULES, "notice_nouns", [
        rf"\b{number}\s*-?\s*{unit}(?!\w)\s*(?:[\wæøå]+\s+){{0,2}}?(?:{nouns})\b"])
    links = "|".join(data["notice_period_links"])
    minimum = "|".join(data["notice_period_minimum"])
    # "oppsigelsestiden er tre måneder"; "Frist for oppsigelse av samarbeidsavtalen er et år":
    # up to three words after "av/for" name what is terminated
    (backward,) = compile_patterns(RULES, "notice_period_nouns", [
        rf"\b(?:{period_nouns})(?:\s+(?:av|for)\s+(?:[\wæøå-]+\s+){{0,2}}?[\wæøå-]+)??\s+(?:(?:{links})\s+)?"
        rf"(?:(?:{minimum})\s+)?{number}\s*{unit}(?!\w)"])
    slots = _placeholders(data)
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(data["resource_labels"], key=len, reverse=True))
    possessives = "|".join(data["resource_possessives"])
    (resource,) = compile_patterns(RULES, "resource_labels", [rf"\b[\wæøåÆØÅ-]+(?:{possessives})\s+(?:{labels})\s*:"])
    return AgreementRules(
        agreement_cues=c("agreement_cues"), evidence_cues=c("evidence_cues"), negation_cues=c("negation_cues"),
        number_words=number_words, units=[(p, int(m)) for p, m in units],
        notice_forward=forward, notice_backward=backward,
        not_regulated=c("not_regulated"), immediate=c("immediate"), deadline_terms=c("deadline_terms"),
        runs_from_next_year=c("notice_runs_from_next_year"),
        earliest_exit_years=_pattern_table("earliest_exit_years", data["earliest_exit_years"], ("month", "day")),
        earliest_exit_cues=c("earliest_exit_cues"),
        start_before=c("start_cues_before"), start_after=c("start_cues_after"),
        start_qualifier_words=tuple(w.lower() for w in data["start_qualifier_words"]),
        end_before=c("end_cues_before"), period_before=c("period_cues_before"),
        end_qualifiers=frozenset(data["end_qualifiers"]),
        counterparty=compile_patterns(RULES, "counterparty_patterns", _fill("counterparty_patterns", data["counterparty_patterns"], slots)),
        counterparty_pairs=compile_patterns(RULES, "counterparty_pair_patterns",
                                            _fill("counterparty_pair_patterns", data["counterparty_pair_patterns"], slots)),
        org_heading_hints=c("org_heading_hints"), title_cues=c("title_agreement_cues"),
        title_action_cues=c("title_action_cues"), cooperation_nouns=c("cooperation_nouns"),
        self_stopwords=frozenset(w.lower() for w in data["self_name_stopwords"]) | _lexicon_stopwords(),
        kinds=[(k, p) for p, k in _pattern_table("kinds", data["kinds"], ("kind",))],
        fallback_kinds=[(k, p) for p, k in _pattern_table("fallback_kinds", data["fallback_kinds"], ("kind",))],
        resource_label=resource,
        section_terms=frozenset(t.lower() for t in data["section_terms"]),
        max_heading_words=data["max_heading_words"], max_label_words=data["max_label_words"],
    )


def _lexicon_stopwords() -> frozenset[str]:
    """Words that are never an organisation's name: meeting bodies (bodies.yaml, plain names
    only) and month names (dates.yaml), lower case; titles are tested by names.is_title_word."""
    bodies = {name.lower() for name, _ in document_rules().bodies if name and " " not in name}
    return frozenset(bodies | set(date_rules().month_of))


def _any(patterns: list[re.Pattern], text: str) -> bool:
    return any(may_match(p, text) and p.search(text) for p in patterns)


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- notice terms

@dataclass(frozen=True)
class _Notice:
    months: int | None
    regulated: bool | None
    text: str | None       # the phrase that decided
    rank: int              # 0 period in months, 1 not regulated, 2 deadline, 3 nothing


NO_NOTICE = _Notice(None, None, None, 3)


@short_text_memo   # a clause is read again for each agreement built from its sentences
def _read_notice(clause: str) -> _Notice:
    rules = agreement_rules()
    for pattern in rules.not_regulated:
        if m := pattern.search(clause):
            return _Notice(None, False, _norm(m.group(0)), 1)
    for pattern in (rules.notice_forward, rules.notice_backward):
        if m := pattern.search(clause):
            return _Notice(_to_months(m["n"], m["unit"]), True, _norm(m.group(0)), 0)
    for pattern in rules.immediate:
        if m := pattern.search(clause):
            return _Notice(0, True, _norm(m.group(0)), 0)
    for pattern in rules.deadline_terms:
        if m := pattern.search(clause):
            return _Notice(None, True, _norm(m.group(0)), 2)
    return NO_NOTICE


def _to_months(number: str, unit: str) -> int:
    rules = agreement_rules()
    value = rules.number_words.get(number.lower())
    if value is None:
        value = float(number.replace(",", "."))
    factor = next(months for pattern, months in rules.units if pattern.fullmatch(unit))
    return round(value * factor)


def notice_months(clause: str) -> tuple[int | None, bool | None]:
    """Notice period of a termination clause in months, and whether exit is regulated.

    "med tre måneders varsel" -> (3, True); "ett års skriftlig varsel" -> (12, True);
    "med umiddelbar virkning" -> (0, True); "Avvikling ... er ikke regulert" -> (None, False);
    a deadline instead of a period ("før årlig fornyelse") -> (None, True); no term -> (None, None).
    """
    notice = _read_notice(clause)
    return notice.months, notice.regulated


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_exit(agreement: Agreement, notice_given: date) -> date | None:
    """Earliest date the agreement ends when notice is given on ``notice_given``.

    The notice period runs from the notice date (or from 1 January after it when
    the clause says so); a derived earliest exit date wins when it is later.
    None when exit is not regulated or nothing can be computed.
    """
    if agreement.exit_regulated is False:
        return None
    candidates = []
    if agreement.notice_months is not None:
        period_start = notice_given
        if agreement.notice_text and _any(agreement_rules().runs_from_next_year, agreement.notice_text):
            period_start = date(notice_given.year + 1, 1, 1)
        candidates.append(_add_months(period_start, agreement.notice_months))
    if agreement.earliest_exit_date is not None:
        candidates.append(max(agreement.earliest_exit_date, notice_given))
    return max(candidates) if candidates else None


# --------------------------------------------------------------------------- text layout

@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*•–])[ \t]+(?P<body>[^|\s].*)$")
# The closing " ##" of a heading is cut by heading_text(), not by "(?P<text>.+?)\s*#*\s*$",
# which takes cubic time on a heading line with a long run of spaces.
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+)$")
BOLD_LINE = re.compile(r"^\s*\*\*(?P<text>[^*]+?)\*\*\s*:?\s*$")
ITALIC = re.compile(r"^(?:\*(?!\*)(?P<a>.+)(?<!\*)\*|_(?!_)(?P<b>.+)(?<!_)_)$")
MARKUP = "*_«»\"“” \t"     # emphasis and quotes around headings, items and quoted clauses
TRAILING_MARKUP = re.compile(r"(?<![\s*_])[\s*_]+$")   # (?<!...): tried only where a run starts (linear)
DEFINITE_NOUN = re.compile(r"\w{3,}(?:et|en|a)$")   # "selskapet", "firmaet": a descriptor before a name


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return lines


def _strip_markup(text: str) -> str:
    return text.strip(MARKUP).strip()


def heading_text(text: str) -> str:
    """A Markdown heading's text without its closing hashes ("Avtaler ##" -> "Avtaler")."""
    return text.rstrip().rstrip("#").rstrip() or text[:1]


def _heading(line: _Line) -> tuple[str, bool, int] | None:
    """(heading text, italic, level) for a markdown heading or a standalone bold line (level 7)."""
    if m := MARKDOWN_HEADING.match(line.text):
        inner = heading_text(m["text"]).strip()
        italic = bool(ITALIC.match(inner)) and not inner.startswith("**")
        return _strip_markup(inner), italic, len(line.text.lstrip()) - len(line.text.lstrip().lstrip("#"))
    if (m := BOLD_LINE.match(line.text)) and not BULLET.match(line.text):
        return _strip_markup(m["text"]), False, 7
    return None


def _case_title(line: _Line) -> str | None:
    """The title of a case heading line ("Sak 010/10: Øvre Eiker – ..."), "" if untitled, None if no case."""
    stripped = line.text.lstrip("#* \t")
    token = leading_case_token(stripped)
    if token is None:
        return None
    title = re.sub(r"\.{3,}\s*\d*\s*$", "", stripped[token.end:])   # table-of-contents dot leaders
    return _strip_markup(title.lstrip(":.–- \t"))


def _section_name(heading: str) -> str:
    """"Administrasjon / løpende drift" -> "Administrasjon"."""
    return re.split(r"(?<!\s)\s+/\s+", heading, maxsplit=1)[0].strip().rstrip(":")


def _is_label_line(line: _Line) -> bool:
    text = _strip_markup(line.text)
    return text.endswith(":") and len(text.split()) <= agreement_rules().max_label_words


@dataclass(frozen=True)
class _Entry:
    section: str | None
    item: str | None
    start: int
    end: int
    body: tuple[_Span, ...]        # line pieces of the body (markers removed)
    children: tuple[tuple[_Span, ...], ...]


@dataclass(frozen=True)
class _Case:
    start: int
    title: str | None


@dataclass(frozen=True)
class _Heading:
    start: int
    text: str
    level: int                    # markdown level; 7 for a bold line


def _heading_like(text: str) -> bool:
    text = _strip_markup(text)
    return bool(text) and len(text.split()) <= agreement_rules().max_heading_words and text[-1] not in ".!?:"


def _is_boundary(line: _Line) -> bool:
    bullet = BULLET.match(line.text)
    return bool(_heading(line) or _case_title(line) or (bullet and len(bullet["indent"]) < 2))


def _piece(line: _Line, skip_marker: bool = True) -> _Span | None:
    """The content of a line as a span, bullet marker and markup removed."""
    text, start = line.text, line.start
    if skip_marker and (m := BULLET.match(text)):
        start += m.start("body")
        text = m["body"]
    stripped_left = len(text) - len(text.lstrip(MARKUP))
    text = TRAILING_MARKUP.sub("", text[stripped_left:])
    if not text.strip():
        return None
    return _Span(start + stripped_left, start + stripped_left + len(text), text)


def _read_entry(lines: list[_Line], i: int, section: str | None) -> tuple[_Entry | None, int]:
    """A bullet with a heading line and a body (memo layout), or None."""
    first = lines[i]
    if i + 1 >= len(lines) or lines[i + 1].blank or _is_boundary(lines[i + 1]):
        return None, i + 1
    head = BULLET.match(first.text)["body"]
    item = _strip_markup(head) if _heading_like(head) else None
    j, last, seen_blank = i + 1, i, False
    while j < len(lines):
        line = lines[j]
        if line.blank:
            if item is None:   # a wrapped prose bullet ends at its paragraph
                break
            seen_blank = True
        elif _is_boundary(line) or (seen_blank and _is_label_line(line)):
            break
        else:
            last = j
        j += 1
    body_lines = lines[i + 1:last + 1] if item else lines[i:last + 1]
    body, children, child = [], [], None
    for line in body_lines:
        if line.blank:
            continue
        bullet = BULLET.match(line.text)
        if bullet and len(bullet["indent"]) >= 2:
            child = []
            children.append(child)
        piece = _piece(line)
        if piece:
            (child if child is not None else body).append(piece)
    return _Entry(section, item, first.start, lines[last].end, tuple(body),
                  tuple(tuple(c) for c in children)), last + 1


def _layout(text: str) -> tuple[list[_Entry], list[_Case], list[_Heading], list[_Line]]:
    rules = agreement_rules()
    lines = _lines(text)
    entries, cases, headings, section, i = [], [], [], None, 0
    while i < len(lines):
        line = lines[i]
        if (title := _case_title(line)) is not None:
            cases.append(_Case(line.start, title or None))
            section, i = None, i + 1
            continue
        if heading := _heading(line):
            name, italic = _section_name(heading[0]), heading[1]
            headings.append(_Heading(line.start, heading[0], heading[2]))
            if not (italic and section is not None and name.lower() not in rules.section_terms):
                section = name
            i += 1
            continue
        bullet = BULLET.match(line.text)
        if bullet and len(bullet["indent"]) < 2:
            entry, i = _read_entry(lines, i, section)
            if entry:
                entries.append(entry)
            continue
        i += 1
    return entries, cases, headings, lines


# A label's colon followed by a capitalised clause ("Oppsigelse: Frist for oppsigelse ...", "Vedtak:
# Kommunen skal ..."): what follows is a sentence of its own, also where a flattened page put
# labels and clauses on one line.
LABEL_END = re.compile(r"(?<=[^\W\d_]:)[^\S\n]+(?=[«\"“(*]*[A-ZÆØÅ])")


def _sentence_breaks(chunk: str) -> list[re.Match]:
    breaks = list(SENTENCE_END.finditer(chunk)) + list(LABEL_END.finditer(chunk))
    return sorted(breaks, key=lambda m: m.start())


def _sentences(pieces: Iterable[_Span], text: str) -> list[_Span]:
    """Sentences of consecutive line pieces; a piece starting in lower case continues the previous one."""
    blocks: list[list[_Span]] = []
    for piece in pieces:
        if blocks and piece.text[:1].islower():
            blocks[-1].append(piece)
        else:
            blocks.append([piece])
    sentences = []
    for block in blocks:
        start, end = block[0].start, block[-1].end
        chunk = text[start:end]
        pos = 0
        for m in _sentence_breaks(chunk) + [None]:
            stop = m.start() if m else len(chunk)
            sentence = _trimmed(text, start + pos, start + stop)
            if sentence:
                sentences.append(sentence)
            pos = m.end() if m else pos
    return sentences


def _trimmed(text: str, start: int, end: int) -> _Span | None:
    while start < end and text[start] in MARKUP + "\n\r":
        start += 1
    while end > start and text[end - 1] in MARKUP + "\n\r":
        end -= 1
    return _Span(start, end, text[start:end]) if start < end else None


# --------------------------------------------------------------------------- sentence analysis

def _negated(sentence: str) -> bool:
    return _any(agreement_rules().negation_cues, sentence)


def _is_agreement(sentences: list[_Span], heading: str | None) -> bool:
    """Cue + evidence in a non-negated sentence (or a heading naming an agreement), or any exit term."""
    rules = agreement_rules()
    heading_cue = bool(heading) and _any(rules.agreement_cues, heading)
    positive = [s.text for s in sentences if not _negated(s.text)]
    cue = heading_cue or any(_any(rules.agreement_cues, s) for s in positive)
    evidence = heading_cue or any(_any(rules.evidence_cues, s) for s in positive)
    exit_term = any(_read_notice(s.text).regulated is not None for s in sentences)
    return exit_term or (cue and evidence)


def _mentions_agreement(sentences: list[_Span]) -> bool:
    rules = agreement_rules()
    return any(_any(rules.agreement_cues, s.text) or _counterparty_candidates([s], ()) for s in sentences)


def _best_notice(sentences: list[_Span]) -> tuple[_Notice, _Span | None, _Span | None]:
    """The most informative notice term, its sentence and the sentence after it."""
    best, where, following = NO_NOTICE, None, None
    for index, sentence in enumerate(sentences):
        notice = _read_notice(sentence.text)
        if notice.rank < best.rank:
            best, where = notice, sentence
            following = sentences[index + 1] if index + 1 < len(sentences) else None
    return best, where, following


def _notice_fields(sentences: list[_Span]) -> dict:
    notice, sentence, following = _best_notice(sentences)
    text = notice.text
    if text and following and _any(agreement_rules().runs_from_next_year, following.text):
        text = f"{text}; {_norm(following.text)}"
    return {"notice_months": notice.months, "notice_text": text, "exit_regulated": notice.regulated,
            "termination_text": _norm(sentence.text) if sentence else None}


# --------------------------------------------------------------------------- dates

def _dates_module():
    """extractors.dates when it is available (written in parallel), else None."""
    name = f"{__package__}.dates"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:    # a missing dependency inside dates.py is a real error
            raise
        return None


def _find_dates(text: str, reference: date | None) -> list:
    module = _dates_module()
    return module.find_dates(text, reference=reference) if module else []


def _date_role(sentence: str, mention) -> str | None:
    """'start', 'end', 'period' or None for a date mention, from the words around it."""
    rules = agreement_rules()
    before, after = sentence[:mention.char_start], sentence[mention.char_end:]
    lead = mention.text.split()[0].lower() if mention.text.split() else ""
    if lead in rules.start_qualifier_words:
        return "start"
    if mention.qualifier in rules.end_qualifiers:
        return "end"
    if mention.qualifier and mention.qualifier != "from":
        return None    # "innen", "pr": deadlines and as-of dates
    if mention.qualifier == "from":
        return "start" if _any(rules.start_before, before) else None
    if _any(rules.end_before, before):
        return "end"
    if _any(rules.start_before, before) or _any(rules.start_after, after):
        return "start"
    if mention.precision == "year" and _any(rules.period_before, before):
        return "period"
    return None


def _date_fields(sentences: list[_Span], reference: date | None) -> dict:
    fields = dict.fromkeys(["start_text", "start_date", "start_precision", "end_text", "end_date", "end_precision"])
    period = None
    for sentence in sentences:
        if _negated(sentence.text):
            continue
        for mention in _find_dates(sentence.text, reference):
            role = _date_role(sentence.text, mention)
            if role == "start" and fields["start_date"] is None:
                fields.update(start_text=mention.text, start_date=mention.start, start_precision=mention.precision)
            elif role == "end" and fields["end_date"] is None:
                fields.update(end_text=mention.text, end_date=mention.end, end_precision=mention.precision)
            elif role == "period" and period is None:
                period = mention
    if period is not None and fields["start_date"] is None and fields["end_date"] is None:
        fields.update(start_text=period.text, start_date=period.start, start_precision=period.precision,
                      end_text=period.text, end_date=period.end, end_precision=period.precision)
    return fields


def _earliest_exit_fields(sentences: list[_Span], reference: date | None) -> dict:
    rules = agreement_rules()
    for sentence in sentences:
        for pattern, month, day in rules.earliest_exit_years:
            if m := pattern.search(sentence.text):
                return {"earliest_exit_text": _norm(m.group(0)), "earliest_exit_date": date(int(m["year"]), month, day)}
    for sentence in sentences:
        for cue in rules.earliest_exit_cues:
            if not (m := cue.search(sentence.text)):
                continue
            later = [d for d in _find_dates(sentence.text, reference) if d.char_start >= m.start()]
            if later:
                text = sentence.text[m.start():later[0].char_end]
                return {"earliest_exit_text": _norm(text), "earliest_exit_date": later[0].start}
    return {"earliest_exit_text": None, "earliest_exit_date": None}


# --------------------------------------------------------------------------- counterparty

def guess_self_names(text: str) -> tuple[str, ...]:
    """The document's own organisation: the most frequent capitalised name (possessive folded in)."""
    rules = agreement_rules()
    counts = Counter(w for w in re.findall(r"(?<![\w-])[A-ZÆØÅ][\wæøå]{3,}", text)
                     if w.lower() not in rules.self_stopwords and not names.is_title_word(w))
    for word in list(counts):
        if word.endswith("s") and word[:-1] in counts:
            counts[word[:-1]] += counts.pop(word)
    best = counts.most_common(1)
    return (best[0][0],) if best and best[0][1] >= 3 else ()


def _is_self(party: str, self_names: tuple[str, ...]) -> bool:
    """The own organisation, or one of its meeting bodies ("Styringsgruppen", "Regionrådet"): never a
    counterparty."""
    key = party.lower()
    return any(key in (name.lower(), name.lower() + "s") for name in self_names) or key in _body_names()


@lru_cache(maxsize=1)
def _body_names() -> frozenset[str]:
    return frozenset(name.lower() for name, _ in document_rules().bodies if name)


def _title_words_at(words: list[str], i: int) -> int:
    """How many words at ``i`` are a title or descriptor before a name: a title of the shared
    lexicon ("Konsulent", "Daglig leder", "Prosjektleiar"), or a capitalised common noun right
    before a known given name ("Dirigent Kjell Seim")."""
    if i + 1 < len(words) and f"{words[i]} {words[i + 1]}".casefold() in names.lexicon().titles:
        return 2
    if names.is_title_word(words[i]):
        return 1
    word, following = words[i], words[i + 1] if i + 1 < len(words) else ""
    if (word[:1].isupper() and word[1:].islower() and names.is_given(following)
            and not names.is_given(word) and not names.is_surname(word)):
        return 1
    return 0


def _clean_party(party: str | None) -> str | None:
    """Drop markup, a descriptor noun before a name ("selskapet Snapper ...") and titles ("Dirigent")."""
    if not party:
        return None
    words = _strip_markup(party).split()
    capitalised = lambda i: i < len(words) and words[i][:1].isupper()  # noqa: E731
    if len(words) > 1 and words[0][:1].islower() and DEFINITE_NOUN.search(words[0]) and capitalised(1):
        words = words[1:]
    lead = 0
    while lead < len(words) - 1 and (step := _title_words_at(words, lead)):
        lead += step
    if 0 < lead < len(words) and capitalised(lead):
        words = words[lead:]
    return " ".join(words).strip(" ,.;:") or None


# Counterparty patterns backtrack over runs of capitalised words and spaces; in a "sentence" far
# longer than any real one (a flattened table, a file that is one line) they are run on
# overlapping windows, so the work stays linear.  A party phrase is much shorter than the overlap.
PARTY_WINDOW, PARTY_OVERLAP = 2000, 500


def _windows(sentence: _Span) -> list[tuple[_Span, int]]:
    """(window, offset below which its matches were found by the window before)."""
    if len(sentence.text) <= PARTY_WINDOW:
        return [(sentence, 0)]
    step = PARTY_WINDOW - PARTY_OVERLAP
    return [(_Span(sentence.start + at, sentence.start + min(at + PARTY_WINDOW, len(sentence.text)),
                   sentence.text[at:at + PARTY_WINDOW]), PARTY_OVERLAP if at else 0)
            for at in range(0, len(sentence.text) - PARTY_OVERLAP, step)]


def _counterparty_candidates(sentences: list[_Span], self_names: tuple[str, ...]) -> list[tuple[int, str]]:
    rules = agreement_rules()
    found = []
    for sentence, seen_below in (w for s in sentences for w in _windows(s)):
        for pattern in rules.counterparty:
            for m in pattern.finditer(sentence.text, seen_below):
                party = _clean_party(m["cp"])
                if party and not _is_self(party, self_names):
                    found.append((sentence.start + m.start("cp"), party))
        for pattern in rules.counterparty_pairs:
            for m in pattern.finditer(sentence.text, seen_below):
                a, b = _clean_party(m["a"]), _clean_party(m["b"])
                if a and b and _is_self(b, self_names) and not _is_self(a, self_names):
                    found.append((sentence.start + m.start("a"), a))
                elif a and b and _is_self(a, self_names) and not _is_self(b, self_names):
                    found.append((sentence.start + m.start("b"), b))
    return sorted(found)


def _acronym_of(acronym: str, name: str) -> bool:
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return acronym.isupper() and len(acronym) >= 2 and acronym in initials


def _heading_names_org(heading: str) -> bool:
    rules = agreement_rules()
    return not _any(rules.agreement_cues, heading) and _any(rules.org_heading_hints, heading)


def _choose_counterparty(candidates: list[tuple[int, str]], heading: str | None) -> str | None:
    """First candidate in the text, replaced by the heading (part) that names it more fully."""
    party = candidates[0][1] if candidates else None
    if not heading:
        return party
    parts = [p.strip() for p in re.split(r"(?<!\s)\s+/\s+", heading) if p.strip()]
    if party:
        for part in parts:
            if re.search(rf"(?<!\w){re.escape(party)}(?!\w)", part, re.IGNORECASE) or _acronym_of(party, part):
                return part
        return party
    return parts[0] if parts and _heading_names_org(heading) else None


def _title_party(title: str | None, self_names: tuple[str, ...]) -> str | None:
    """"Øvre Eiker – oppsigelse av innkjøpssamarbeid" -> "Øvre Eiker"."""
    if not title:
        return None
    rules = agreement_rules()
    parts = [p.strip() for p in re.split(r"(?<!\s)\s+[–—-]\s+", title) if p.strip()]
    if len(parts) < 2 or not any(_any(rules.title_cues, p) for p in parts):
        return None
    for part in parts:
        if not _any(rules.title_cues, part) and re.match(NAME_WORD, part) and len(part.split()) <= 5:
            party = _clean_party(part)
            if party and not _is_self(party, self_names):
                return party
    return None


# --------------------------------------------------------------------------- kind and resource

def _kind(heading: str | None, sentences: list[_Span]) -> str | None:
    rules = agreement_rules()
    body = " ".join(s.text for s in sentences)
    for table in (rules.kinds, rules.fallback_kinds):
        for source in (heading or "", body):
            hits = [(m.start(), order, kind) for order, (kind, pattern) in enumerate(table)
                    if (m := pattern.search(source))]
            if hits:
                return min(hits)[2]
    return None


def _resource_span(entry: _Entry, text: str) -> _Span | None:
    """"Vestregionens ressursbruk: ..." up to the end of its paragraph."""
    pieces = list(entry.body)
    for index, piece in enumerate(pieces):
        m = agreement_rules().resource_label.search(piece.text)
        if not m:
            continue
        start, end = piece.start + m.start(), piece.end
        for following in pieces[index + 1:]:
            if re.search(r"\n[ \t]*\n", text[end:following.start]):   # a blank line ends the paragraph
                break
            end = following.end
        return _Span(start, end, text[start:end])
    return None


# --------------------------------------------------------------------------- building agreements

@dataclass(frozen=True)
class _Context:
    text: str
    meeting_date: date | None
    self_names: tuple[str, ...]


def _build(sentences: list[_Span], span: tuple[int, int], *, section: str | None, item: str | None,
           kind_heading: str | None, party_heading: str | None, resource: str | None,
           ctx: _Context, party: str | None = None, context: list[_Span] | None = None,
           fallback_party: str | None = None) -> Agreement:
    """An Agreement from its own sentences (terms) and context sentences (party, kind, start);
    ``fallback_party`` when neither names one (a cooperation named by its case's title)."""
    context = context if context is not None else sentences
    if party is None:
        party = _choose_counterparty(_counterparty_candidates(context, ctx.self_names), party_heading)
    party = party or fallback_party
    return Agreement(section=section, item=item, counterparty=party, kind=_kind(kind_heading, context),
                     **_date_fields(context, ctx.meeting_date), **_notice_fields(sentences),
                     **_earliest_exit_fields(sentences, ctx.meeting_date),
                     resource_text=resource, char_start=span[0], char_end=span[1])


def _split_by_counterparty(sentences: list[_Span], self_names: tuple[str, ...]) -> list[list[_Span]]:
    """Split where a new counterparty follows a complete term (two contracts in one bullet)."""
    groups: list[list[_Span]] = []
    parties: list[str | None] = []
    group_has_term: list[bool] = []
    for sentence in sentences:
        found = _counterparty_candidates([sentence], self_names)
        party = found[0][1] if found else None
        has_term = _read_notice(sentence.text).regulated is not None
        if (not groups or (party and parties[-1] and not _same_party(party, parties[-1])
                           and group_has_term[-1] and has_term)):
            groups.append([sentence])
            parties.append(party)
            group_has_term.append(has_term)
        else:  # whether a group holds a term is kept, not re-read for every sentence (quadratic)
            groups[-1].append(sentence)
            parties[-1] = parties[-1] or party
            group_has_term[-1] = group_has_term[-1] or has_term
    return groups


def _same_party(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a in b or b in a


def _entry_agreements(entry: _Entry, ctx: _Context) -> list[Agreement]:
    resource = _resource_span(entry, ctx.text)
    inside = lambda s: resource is not None and resource.start <= s.start < resource.end  # noqa: E731
    body = [s for s in _sentences(entry.body, ctx.text) if not inside(s)]
    children = [[s for s in _sentences(child, ctx.text) if not inside(s)] for child in entry.children]
    resource_text = _norm(resource.text) if resource else None
    common = dict(section=entry.section, item=entry.item, resource=resource_text, ctx=ctx)
    if len(children) >= 2 and _is_agreement(body + [s for c in children for s in c], entry.item):
        parts = [c for c in children if c and _mentions_agreement(c)]
        if len(parts) >= 2:   # one agreement per sub-bullet (e.g. one per employment)
            return [_build(p, (p[0].start, p[-1].end), kind_heading=entry.item, party_heading=None, **common)
                    for p in parts]
    sentences = body + [s for c in children for s in c]
    if not sentences or not _is_agreement(sentences, entry.item):
        return []
    groups = _split_by_counterparty(sentences, ctx.self_names)
    if len(groups) == 1:
        return [_build(sentences, (entry.start, entry.end), kind_heading=entry.item,
                       party_heading=entry.item, **common)]
    return [_build(g, (g[0].start, g[-1].end), kind_heading=None, party_heading=entry.item, **common)
            for g in groups]


def _free_paragraphs(lines: list[_Line], covered: list[tuple[int, int]]) -> list[list[_Span]]:
    """Line pieces outside memo entries, grouped into paragraphs (blank line = break)."""
    paragraphs, current = [], []
    for line in lines:
        inside = any(start <= line.start < end for start, end in covered)
        piece = None if line.blank or inside else _piece(line)
        if piece is None:
            if current:
                paragraphs.append(current)
            current = []
        else:
            current.append(piece)
    if current:
        paragraphs.append(current)
    return paragraphs


def _clause_agreements(entries: list[_Entry], cases: list[_Case], headings: list[_Heading],
                       lines: list[_Line], ctx: _Context) -> list[Agreement]:
    """Minutes layout: a notice clause in running text, party from the case title, heading or text."""
    rules = agreement_rules()
    found = []
    paragraphs = _free_paragraphs(lines, [(e.start, e.end) for e in entries])
    for index, paragraph in enumerate(paragraphs):
        sentences = _sentences(paragraph, ctx.text)
        for position, sentence in enumerate(sentences):
            notice = _read_notice(sentence.text)
            if notice.regulated is None or not (notice.months is not None or _any(rules.agreement_cues, sentence.text)):
                continue
            case = next((c for c in reversed(cases) if c.start <= sentence.start), None)
            after_case = [h for h in headings if h.start <= sentence.start and (case is None or h.start > case.start)]
            heading = after_case[-1] if after_case else None
            parent = next((h for h in reversed(after_case) if h.level < heading.level), None) if heading else None
            named = heading if heading and _heading_names_agreement(heading.text) else None
            anchor = max((a.start for a in (case, heading) if a), default=None)
            context = _near(_context_sentences(paragraphs, index, anchor, ctx.text), sentence)
            follows = sentences[position + 1] if position + 1 < len(sentences) else None
            clause = [sentence, follows] if follows and _any(rules.runs_from_next_year, follows.text) else [sentence]
            found.append(_build(clause, (clause[0].start, clause[-1].end),
                                section=_section_name(parent.text) if parent else None,
                                item=heading.text if heading else (case.title if case else None),
                                kind_heading=named.text if named else None,
                                party_heading=named.text if named else None, resource=None, ctx=ctx,
                                party=_case_party(case, ctx.self_names), context=context,
                                fallback_party=_named_cooperation(case.title, ctx.self_names) if case and case.title else None))
            break   # one agreement per paragraph: the first clause states the term
    return found


def _heading_names_agreement(heading: str) -> bool:
    """A heading that is an agreement's name ("Avtale med X") or an organisation, not a label."""
    return _heading_names_org(heading) or _any(agreement_rules().agreement_cues, heading)


def _case_party(case: _Case | None, self_names: tuple[str, ...]) -> str | None:
    """Counterparty named by a case title: "Øvre Eiker – oppsigelse av ...", "Utmelding av Vestfold IKT"."""
    if case is None or not case.title:
        return None
    party = _title_party(case.title, self_names)
    if party is None:
        title = _Span(case.start, case.start, case.title)
        party = _choose_counterparty(_counterparty_candidates([title], self_names), None)
    return party


def _named_cooperation(title: str, self_names: tuple[str, ...]) -> str | None:
    """A title part that names a cooperation itself ("Brannvernsamarbeid i Nord-Troms, samarbeidsavtale"):
    a cooperation noun and a further capitalised word (its place or subject), no action cue."""
    rules = agreement_rules()
    for part in (p.strip() for p in re.split(r"(?<!\s)\s+[–—-]\s+|,\s+", title)):
        words = part.split()
        if (re.match(NAME_WORD, part) and len(words) <= 6 and _any(rules.cooperation_nouns, part)
                and not _any(rules.title_action_cues, part) and any(w[:1].isupper() for w in words[1:])):
            party = _clean_party(part)
            if party and not _is_self(party, self_names):
                return party
    return None


# A clause's party is named near it: the context reaches at most this far back from the
# clause's paragraph (a case's text is a few pages; without a bound every clause of a long
# case would read the whole case again, quadratic in the case's length).
MAX_CONTEXT_CHARS = 8000


def _near(context: list[_Span], clause: _Span) -> list[_Span]:
    """The context sentences within MAX_CONTEXT_CHARS before and after the clause (a paragraph
    of a flattened transcript can be a whole document)."""
    return [s for s in context if clause.start - MAX_CONTEXT_CHARS <= s.start <= clause.end + MAX_CONTEXT_CHARS]


def _context_sentences(paragraphs: list[list[_Span]], index: int, anchor: int | None, text: str) -> list[_Span]:
    """Sentences from the case / heading (``anchor``) up to the clause paragraph; else the paragraph before too."""
    first = index - 1 if index > 0 else index
    if anchor is not None:
        while first > 0 and paragraphs[first - 1][0].start >= anchor:
            first -= 1
        while first < index and paragraphs[first][0].start < anchor:
            first += 1
    horizon = paragraphs[index][0].start - MAX_CONTEXT_CHARS
    while first < index and paragraphs[first][-1].end < horizon:
        first += 1
    return [s for p in paragraphs[first:index + 1] for s in _sentences(p, text)]


def extract_agreements(text: str, *, meeting_date: date | None = None,
                       self_names: Iterable[str] | None = None,
                       cases: Iterable[tuple[int, str | None]] | None = None) -> list[Agreement]:
    """All agreements in a document's normalised text, in document order.

    ``self_names``: the document's own organisation (never a counterparty);
    guessed as the most frequent capitalised name when not given.
    ``cases``: (heading offset, title) of the document's cases as the segmenter read them
    (any layout); when not given, case headings are read at line starts here.
    """
    if not could_hold_agreement(text):
        return []
    own_names = tuple(self_names) if self_names is not None else guess_self_names(text)
    ctx = _Context(text, meeting_date, own_names)
    entries, line_cases, headings, lines = _layout(text)
    cases = sorted((_Case(start, title or None) for start, title in cases), key=lambda c: c.start) \
        if cases is not None else line_cases
    found = [a for entry in entries for a in _entry_agreements(entry, ctx)]
    found += _clause_agreements(entries, cases, headings, lines, ctx)
    return sorted((a for a in found if is_substantive(a)), key=lambda a: a.char_start)


def could_hold_agreement(text: str) -> bool:
    """Cheap pre-check: an agreement needs an agreement cue or a notice term in some sentence
    or heading, and those are pieces of the text, so a text where no cue or term pattern
    matches holds none (most minutes).  "_" read as a space too: headings and items lose
    their "__" markup before the cues are matched."""
    variants = (text, text.replace("_", " ")) if "_" in text else (text,)
    return any(may_match(p, v) and p.search(v) for p in _precheck_patterns() for v in variants)


@lru_cache(maxsize=1)
def _precheck_patterns() -> tuple[re.Pattern, ...]:
    """The cue and term patterns; one that opens with \\w* is tried only at word starts (whether
    it matches anywhere is unchanged: a match inside a word extends back to the word's start),
    which spares the search a scan of every word from each of its letters."""
    rules = agreement_rules()
    patterns = (*rules.agreement_cues, *rules.not_regulated, rules.notice_forward, rules.notice_backward,
                *rules.immediate, *rules.deadline_terms)
    return tuple(re.compile(r"(?<!\w)" + p.pattern, p.flags) if p.pattern.startswith(r"\w*") else p
                 for p in patterns)


def is_substantive(agreement: Agreement) -> bool:
    """An agreement names a party or states a term; a bullet that merely uses the word
    ("… med åpen lisens", "Er det avhengig av avtalen?") with neither is not one."""
    return any((agreement.counterparty, agreement.termination_text, agreement.notice_text,
                agreement.start_text, agreement.end_text))
