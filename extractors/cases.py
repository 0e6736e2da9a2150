"""Case numbers by where they stand: this meeting's cases, references, look-alikes.

Every case-number token of a document gets a role:

- ``heading``: a prefixed number that starts a title ("PS 20/11 Godkjenning …",
  "SAK 09/11 GODKJENNING …", "047/12: INNKALLING …"), inline or at a line start;
- ``entry``: a bare number in a list run of ascending numbers with titles between
  them (a saksliste "044/13 Referatsaker 045/13 Spørsmål …"), including a number
  whose digits the text layer lost ("/13 Stortingsvalget"), read from the sequence;
- ``reference``: a number mentioned in running text ("jf. sak 6/2017", "vedtak i PS 12/20");
- ``archive``: the archive number beside a case number ("PS 20/21 21/290");
- ``lookalike``: property, report, meeting, law numbers ("gbnr 59/1", "Rapport 8/2006");
- ``other``: anything else (a bare number with no list around it).

The layout step breaks lines before headings and entries; the segmenter then reads
each case's heading line, merges the saksliste entry with the body heading of the same
number, and tells an earlier meeting's protocol embedded in the document (its numbers
lie below this meeting's series) from this meeting's cases.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from .case_numbers import NumberToken, case_number_rules, document_year, find_number_tokens
from .lines import DOT_LEADER_PAGE, Line, iter_lines, strip_markup
from .rules import compile_patterns, load_rules
from .labels import about_the_papers, reports_outcome, run_on_start
from .standing_items import standing_rules, standing_title_prefix

ROLES = ("heading", "entry", "reference", "archive", "lookalike", "other")
_MAX_RUN_GAP_CHARS = 400        # entries of one list stand this close
_MAX_RUN_STEP = 3               # a list may skip a couple of numbers (lost in the text layer)
_MAX_LINE_TITLE_WORDS = 25
_MAX_INLINE_TITLE_WORDS = 15
_TITLE_START = re.compile(r"[A-ZÆØÅÄÖÜÉ0-9«\"'(]")
_AFTER_NUMBER = re.compile(r"[ \t]*(?:[:.\-–][ \t]*)?[*_]{0,2}[ \t]*(?:\d{2,4}/\d{1,6}[ \t]+)?(?:[A-ZÆØÅ][ \t]+(?=[A-ZÆØÅ]))?")
_ARCHIVE_IN_TITLE = re.compile(r"(?<![\w/])(?:\d{4}/\d{1,6}(?:\s\d{3}\b)?|\d{2}/\d{3,6}|/\d{1,6})(?![\w/])")
_LEADER_THEN_TEXT = re.compile(r"\s*(?:\.{3,}|…+)\s*\d{1,3}\b.*$")
_INLINE_DASH_BULLETS = re.compile(r"\s-(?=[A-ZÆØÅ]).*$")
_INLINE_SUB_ITEMS = re.compile(r"\s[a-hA-H]\)\s.*\s[b-iB-I]\)\s.*$")
_LEADING_ARCHIVE = re.compile(r"^(?:\d{2,4}\s?/\s?\d{2,6}\s+)+")
_RANGE_AFTER = re.compile(r"[ \t]*[-–][ \t]*(?:[A-Za-zÆØÅæøå]{0,6}[ \t]*)?\d{1,4}/\d{2,4}")
_RANGE_BEFORE = re.compile(r"\d/\d{2,4}[ \t]*[-–][ \t]*(?:[A-Za-zÆØÅæøå]{0,6}[ \t]*)?\Z")
_STATEMENT_END = re.compile(r"[ \t]*(?::|$|\n|i\s+møte)", re.MULTILINE)
_MAX_NUMBERED_LABEL_WORDS = 2
_LABEL_AFTER = re.compile(r"[ \t]*((?:[\wæøåÆØÅ\-]+[ \t]+){0,3}[\wæøåÆØÅ]+)[ \t]*:")
_CAPS_WORD = re.compile(r"[A-ZÆØÅÄÖÜÉ0-9][A-ZÆØÅÄÖÜÉ0-9.,/&'()\-–]*")


@dataclass(frozen=True)
class NumberMention:
    token: NumberToken
    role: str                   # one of ROLES
    case_number: str | None     # N/YYYY (read from the sequence for a lost number)
    reason: str                 # why this role, for the coverage report

    @property
    def char_start(self) -> int:
        return self.token.start

    @property
    def char_end(self) -> int:
        return self.token.end


@dataclass(frozen=True)
class ContextRules:
    lookalike: re.Pattern
    reference: re.Pattern
    agenda_header: re.Pattern   # an agenda heading and column names, ending right before a number
    body_word: re.Pattern       # a meeting body's name ("Formannskapet", "Levekårsutvalet")
    statement: re.Pattern       # words before the number of the case a section treats
    document_header: re.Pattern # a single-case document's title line before its number
    title_prefix: re.Pattern    # document-type words written before a case title ("SAKSPROTOKOLL:")
    title_key: re.Pattern       # a key-value header line that holds the title ("Tittel: …")
    column_words: re.Pattern    # saksliste column names flattened before a title ("Innhold Godkjenning …")
    signature: re.Pattern       # a place-and-date or name-and-role signature after the last entry
    archive_cells: re.Pattern   # Sakspapir header cells, their values and the archive number: the title follows


@lru_cache(maxsize=1)
def context_rules() -> ContextRules:
    data = layout_rule_data()
    compile_patterns("layout", "lookalike_before", data["lookalike_before"])
    compile_patterns("layout", "reference_before", data["reference_before"])
    lookalike = re.compile(r"(?<![\wæøåÆØÅ])(?:%s)[ \t]*[:.]?[ \t]*\Z" % "|".join(data["lookalike_before"]),
                           re.IGNORECASE)
    reference = re.compile(r"(?<![\wæøåÆØÅ])(?:%s)[ \t]*\Z" % "|".join(data["reference_before"]), re.IGNORECASE)
    agenda_header = re.compile(r"(?:%s)[ \t]*:?(?:[ \t]+(?:%s)\.?:?)*[ \t]*\Z" % (
        "|".join(data["agenda_markers"]), "|".join(data["agenda_column_words"])))
    body_word = re.compile(data["body_word"])
    compile_patterns("layout", "treatment_statement_before", data["treatment_statement_before"])
    statement = re.compile(r"(?:%s)\Z" % "|".join(data["treatment_statement_before"] + data["case_document_header"]))
    header = re.compile(r"(?:%s)\Z" % "|".join(data["case_document_header"]))
    title_prefix = re.compile(r"(?:%s)[ \t]*[:\-–][ \t]*" % "|".join(data["title_prefixes"]))
    title_key = re.compile(r"(?:%s)[ \t]*:[ \t]*(?=\S)" % "|".join(data["title_keys"]))
    column_words = re.compile(r"^(?:(?:%s)\.?:?\s+)+(?=[A-ZÆØÅ])" % "|".join(data["agenda_column_words"]))
    roles = "|".join(data["signature_roles"])
    signature = re.compile(r"\s[A-ZÆØÅ][\wæøå\-]+,\s+(?:\d{1,2}\.\d{1,2}\.\d{2,4}|(?:\S+\s+){0,4}?(?i:%s)\b).*$" % roles)
    compile_patterns("layout", "title_after_archive_cells", data["title_after_archive_cells"])
    archive_cells = re.compile(r"(?:%s)\b[^\n]{0,120}?\s\d{2,4}/\d{1,6}\s+(?=[A-ZÆØÅ])"
                               % "|".join(data["title_after_archive_cells"]), re.IGNORECASE)
    return ContextRules(lookalike, reference, agenda_header, body_word, statement, header, title_prefix, title_key,
                        column_words, signature, archive_cells)


LAYOUT_KEYS = {"page_marker_words": list, "agenda_markers": list, "agenda_column_words": list, "lookalike_before": list,
               "reference_before": list, "inline_page_markers": list, "transcript_min_mean_page_chars": int,
               "bare_label_words": list, "body_word": str, "treatment_statement_before": list,
               "case_document_header": list, "title_prefixes": list, "title_keys": list,
               "signature_roles": list, "title_after_archive_cells": list}
LAYOUT_OPTIONAL_KEYS = {"agenda_title_words": list, "item_number_words": list}


def layout_rule_data() -> dict:
    return load_rules("layout", required=LAYOUT_KEYS, optional=LAYOUT_OPTIONAL_KEYS)


# --- roles ------------------------------------------------------------------------------------


def _line_before(text: str, pos: int, width: int = 60) -> str:
    start = max(0, pos - width)
    nl = text.rfind("\n", start, pos)
    return text[nl + 1 if nl >= 0 else start: pos]


def _title_follows(text: str, token: NumberToken) -> bool:
    """A title (capital letter, digit, quote) follows the number on its line, or the line ends."""
    skip = _AFTER_NUMBER.match(text, token.end)
    pos = skip.end() if skip else token.end
    if pos >= len(text) or text[pos] == "\n":
        return True
    return bool(_TITLE_START.match(text, pos))


def _at_boundary(text: str, token: NumberToken) -> bool:
    """At a line start (after a page number or bullet) or after a sentence end."""
    before = _line_before(text, token.start).rstrip()
    return not before or bool(re.fullmatch(r"\d{1,3}|[-*•–#>|]+", before)) or before[-1] in ".:;!?)»"


def _is_archive(previous: NumberToken | None, token: NumberToken, text: str) -> bool:
    """The archive number written right after a case number ("20/21 21/290", "PS 92/10 10/1105")."""
    if previous is None or token.prefix or token.num is None:
        return False
    gap = text[previous.end: token.start]
    if len(gap) > 3 or gap.strip():
        return False
    # an arkivsak number starts with its year: "1/07 07/99", "20/21 21/290"; a range "13/24 13/30" does not
    return len(token.year) >= 3 or token.num.zfill(2)[-2:] == previous.year.zfill(2)[-2:]


def _split_archive(text: str, token: NumberToken) -> bool:
    """An archive number split by OCR ("2014/3 921" for 2014/3921)."""
    return token.num is not None and len(token.num) == 4 and bool(re.match(r" \d{3}(?!\d)", text[token.end: token.end + 5]))


def _label_follows(text: str, token: NumberToken, is_label) -> bool:
    """The number is part of a label ("FS-044/13 Vedtak:", "KOM-091/16 VEDTAK:")."""
    if not (token.prefix.endswith("-") or token.prefix in case_number_rules().known_codes):
        return False
    match = _LABEL_AFTER.match(text, token.end)
    if not match or not is_label(match.group(1)):
        return False
    # the label is the word or two right after the number ("Vedtak", "Formannskapets behandling"),
    # or a case-flow row runs on into one ("PS 43/08 Regionrådet for Hadeland Innstilling:");
    # else it is a heading whose title a label follows on a flattened line
    # ("PS 17/24 Økonomiplan 2025-2028 Formannskapets innstilling:")
    return len(match.group(1).split()) <= _MAX_NUMBERED_LABEL_WORDS or _body_follows(text, token)


def _after_agenda_header(text: str, token: NumberToken) -> bool:
    """Right after an agenda heading and its column names ("SAKSLISTE Saksnr. Arkivsaksnr. Tittel 80/16")."""
    before = _line_before(text, token.start, 120)
    return bool(context_rules().agenda_header.search(before))


def _body_follows(text: str, token: NumberToken) -> bool:
    """A body's name right after the number ("2014/22 Kvænangen administrasjonsutvalg")."""
    after = text[token.end: token.end + 60]
    return bool(re.match(r"[ \t]+(?:[A-ZÆØÅ][\wæøå\-]*[ \t]+){0,2}" + context_rules().body_word.pattern, after))


def _saksgang_row(text: str, token: NumberToken) -> bool:
    """A row of a case-flow table: the number beside a body's name ("2014/22 Kvænangen
    administrasjonsutvalg", "Fylkesrådet 05.04.2016 55/16")."""
    before = " ".join(text[max(0, token.start - 120): token.start].split()) + " "
    body = context_rules().body_word
    return _body_follows(text, token) or \
        bool(re.search(body.pattern + r"(?: (?:i|for|og|frå|fra) [\wæøåÆØÅ\-]+){0,4} (?:\d{1,2}\.\d{1,2}\.\d{2,4} )?\Z",
                       before))


def year_first_runs(tokens: list[NumberToken]) -> list[NumberToken]:
    """Numbers written year first in a list ("B 07/1 … B 07/2 …", "PS 14/1 … PS 14/8"): the
    first part stays while the second counts up, so the second part is the case number.
    The list is read per prefix: an archive column ("PS 20/21 … 2020/101") stands between
    the entries of an ACOS saksliste."""
    out = list(tokens)
    by_prefix: dict[str, list[int]] = {}
    for index, token in enumerate(out):
        if token.num:
            by_prefix.setdefault(token.prefix, []).append(index)
    for indices in by_prefix.values():
        i = 0
        while i < len(indices):
            first = out[indices[i]]
            j = i
            while j + 1 < len(indices):
                here, after = out[indices[j]], out[indices[j + 1]]
                if not (after.num == first.num and after.year.isdigit() and here.year.isdigit()
                        and 0 < int(after.year) - int(here.year) <= 3
                        and after.start - here.end <= _MAX_RUN_GAP_CHARS):
                    break
                j += 1
            if j > i and len(first.num.replace(" ", "")) in (2, 4) and not first.letter:
                for k in indices[i:j + 1]:
                    out[k] = replace(out[k], year_first=True)
            i = j + 1
    # the same written number elsewhere ("Formannskapet 02.04.2020 20/22") is read the same way
    year_first = {(t.num.replace(" ", ""), t.year) for t in out if t.year_first}
    return [replace(t, year_first=True) if not t.year_first and not t.letter and t.num
            and (t.num.replace(" ", ""), t.year) in year_first else t for t in out]


def classify_numbers(text: str, context_year: int | None = None, is_label=None) -> list[NumberMention]:
    """Every case-number token of the text with its role (see the module doc).
    ``is_label``: tells whether words before a colon are a block label."""
    year = context_year or document_year(text)
    rules = context_rules()
    tokens = year_first_runs(find_number_tokens(text))
    mentions: list[NumberMention | None] = [None] * len(tokens)
    candidates: list[int] = []
    for i, token in enumerate(tokens):
        before = _line_before(text, token.start)
        number = token.normalised(year)
        if not token.prefix and rules.lookalike.search(before):
            mentions[i] = NumberMention(token, "lookalike", number, "look-alike word before it")
        elif _is_archive(tokens[i - 1] if i else None, token, text) or _split_archive(text, token):
            mentions[i] = NumberMention(token, "archive", number, "archive number beside a case number")
        elif is_label is not None and _label_follows(text, token, is_label):
            mentions[i] = NumberMention(token, "other", number, "part of a block label")
        elif number and token.num is not None and rules.statement.search(before) and _STATEMENT_END.match(text, token.end):
            reason = "case document header" if rules.document_header.search(before) else "treatment statement"
            mentions[i] = NumberMention(token, "heading", number, reason)
        elif _RANGE_AFTER.match(text, token.end) or _RANGE_BEFORE.search(before):
            mentions[i] = NumberMention(token, "reference", number, "end of a range of cases")
        elif token.prefix[:1].islower() or (token.prefix and rules.reference.search(before)):
            mentions[i] = NumberMention(token, "reference", number, "mentioned in running text")
        elif token.prefix and token.num is not None:
            if number is None:
                mentions[i] = NumberMention(token, "other", None, "not a plausible case number")
            elif _title_follows(text, token):
                mentions[i] = NumberMention(token, "heading", number, "prefixed number before a title")
            else:
                mentions[i] = NumberMention(token, "reference", number, "prefixed number inside a sentence")
            candidates.append(i)
        else:
            candidates.append(i)
    candidates = _lookalikes_inside_runs(tokens, mentions, candidates, year)
    _read_runs(text, tokens, mentions, candidates, year)
    listed = _listed_titles(text, tokens, mentions)
    for i, token in enumerate(tokens):
        if mentions[i] is not None:
            continue
        number = token.normalised(year)
        before = _line_before(text, token.start)
        previous = mentions[i - 1] if i else None
        if number and _saksgang_row(text, token):
            mentions[i] = NumberMention(token, "reference", number, "case-flow (saksgang) row")
        elif (number and previous is not None and previous.role == "reference"
              and not text[previous.token.end: token.start].strip() and token.start - previous.token.end <= 3):
            mentions[i] = NumberMention(token, "reference", number, "end of a range of cases")
        elif number and rules.reference.search(before) and len((token.num or "").replace(" ", "")) != 4:
            mentions[i] = NumberMention(token, "reference", number, "mentioned in running text")
        elif number and _listed_title_again(text, token, number, listed):
            mentions[i] = NumberMention(token, "heading", number, "listed number again at a line start before its title")
        else:
            mentions[i] = NumberMention(token, "other", number, "bare number outside a list")
    _case_flow_rows_of_this_meeting(text, mentions)
    return [m for m in mentions if m is not None]


_TITLE_WORDS_WINDOW = 200        # characters after a number read for its title's first words
_MAX_LISTED_TITLES = 8           # titles kept per listed number (a saksliste lists a number once or twice)


def _title_words(text: str, token: NumberToken, n: int = 3, until: int | None = None) -> tuple[str, ...]:
    """The first words of the title after a number, on its line and before `until` (the next
    number of a list), archive numbers and a type letter skipped."""
    skip = _AFTER_NUMBER.match(text, token.end)
    pos = skip.end() if skip else token.end
    stop = pos + _TITLE_WORDS_WINDOW if until is None else min(until, pos + _TITLE_WORDS_WINDOW)
    window = text[pos: max(pos, stop)].split("\n", 1)[0]
    return tuple(re.findall(r"[^\W_]+", window.casefold())[:n])


def _listed_titles(text: str, tokens: list[NumberToken], mentions: list[NumberMention | None]
                   ) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """number -> (position, first title words) of its headings and list entries: a list title
    ends where the list's next number starts."""
    listed: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for i, m in enumerate(mentions):
        if m is not None and m.case_number and m.role in ("heading", "entry"):
            titles = listed.setdefault(m.case_number, [])
            if len(titles) < _MAX_LISTED_TITLES:
                until = tokens[i + 1].start if i + 1 < len(tokens) else None
                titles.append((m.token.start, _title_words(text, m.token, until=until)))
    return listed


def _listed_title_again(text: str, token: NumberToken, number: str,
                        listed: dict[str, list[tuple[int, tuple[str, ...]]]]) -> bool:
    """A bare number whose title begins as the saksliste's title of that number ("12/24
    Godkjenning av …" over a case's text, Elements/ACOS protocols and innkallinger whose case
    documents are far apart): the case's body heading, not a stray number.  At a line start
    (or after a sentence) two words of the title must agree, elsewhere (flattened text) three."""
    if number not in listed or token.prefix or not _title_follows(text, token):
        return False
    boundary = _at_boundary(text, token)
    words = _title_words(text, token)
    for start, title in listed[number]:
        k = len(title)   # the listed title's first words (fewer when it wrapped or was short)
        if start >= token.start or not k or words[:k] != title:
            continue
        if k >= 3 or boundary and (k == 2 or len(title[0]) >= 6):   # "Referatsaker", not "Valg"
            return True
    return False


_CASE_FLOW_TABLE_GAP = 200   # rows of one case-flow table stand this close


def _case_flow_rows_of_this_meeting(text: str, mentions: list[NumberMention | None]) -> None:
    """A case's own document in an innkalling or protocol (ACOS/Elements saksframlegg)
    opens with its case-flow table ("Saksgang Møtedato Saksnr / Formannskapet 02.04.2020
    20/22 / Kommunestyret 23.04.2020"): the last numbered row whose number is one of this
    meeting's cases (listed earlier) marks where that case's text starts.  Earlier rows
    are the numbers of earlier bodies and stay references."""
    listed: set[str] = set()
    table: list[int] = []

    def close() -> None:
        tables.append(list(table))
        for k in reversed(table):
            if mentions[k].case_number in listed:
                mentions[k] = replace(mentions[k], role="heading", reason="case-flow row of a listed case")
                break
        table.clear()

    tables: list[list[int]] = []
    for i, mention in enumerate(mentions):
        if mention is None:
            continue
        repeated_entry = (mention.role == "entry" and mention.case_number in listed
                          and _saksgang_row(text, mention.token))  # close case documents read as a list
        if mention.reason == "case-flow (saksgang) row" or repeated_entry:
            if repeated_entry:
                mentions[i] = replace(mention, role="reference", reason="case-flow (saksgang) row")
            if table and mention.token.start - mentions[table[-1]].token.end > _CASE_FLOW_TABLE_GAP:
                close()
            table.append(i)
            continue
        if mention.role in ("heading", "entry") and mention.case_number:
            if table:
                close()
            listed.add(mention.case_number)
    if table:
        close()
    if tables and not listed:
        # a single case's own document (saksframlegg, saksprotokoll): its first case-flow
        # table's last numbered row is the case as far as this document has come
        last = tables[0][-1]
        mentions[last] = replace(mentions[last], role="heading", reason="case-flow row of the document's case")


def _number_and_year(mention_number: str | None) -> tuple[int, int] | None:
    if not mention_number:
        return None
    num, year = mention_number.split("/")
    digits = re.match(r"\d+", num)
    return (int(digits.group()), int(year)) if digits else None


def _lookalikes_inside_runs(tokens: list[NumberToken], mentions: list[NumberMention | None], candidates: list[int],
                            year: int | None) -> list[int]:
    """A look-alike word before a number whose neighbours are the numbers before and after it
    ("… 57/17 Godkjenning av protokoll 58/17 Godkjenning av protokoll 59/17 …": the word ends
    the title before) does not make it something else: it is a candidate of the list."""
    taken = set(candidates)
    for i, m in enumerate(mentions):
        if m is None or m.role != "lookalike" or not 0 < i < len(tokens) - 1 or i - 1 not in taken or i + 1 not in taken:
            continue
        here, before, after = (_number_and_year(tokens[k].normalised(year)) for k in (i, i - 1, i + 1))
        if here and before and after and before[1] == here[1] == after[1] and before[0] + 1 == here[0] == after[0] - 1 \
                and tokens[i].start - tokens[i - 1].end <= _MAX_RUN_GAP_CHARS and tokens[i + 1].start - tokens[i].end <= _MAX_RUN_GAP_CHARS:
            mentions[i] = None
            taken.add(i)
    return sorted(taken)


def _read_runs(text: str, tokens: list[NumberToken], mentions: list[NumberMention | None],
               candidates: list[int], year: int | None) -> None:
    """Bare numbers in ascending runs become list entries; lost numbers are read from the run."""
    runs: list[list[int]] = []
    for i in candidates:
        token = tokens[i]
        if token.num is None:
            continue
        if mentions[i] is None and not _title_follows(text, token):
            continue
        parsed = _number_and_year(mentions[i].case_number if mentions[i] else token.normalised(year))
        if parsed is None:
            continue
        if runs:
            last = tokens[runs[-1][-1]]
            last_parsed = _number_and_year(mentions[runs[-1][-1]].case_number if mentions[runs[-1][-1]]
                                           else last.normalised(year))
            if (last_parsed and last_parsed[1] == parsed[1] and 0 < parsed[0] - last_parsed[0] <= _MAX_RUN_STEP
                    and token.start - last.end <= _MAX_RUN_GAP_CHARS):
                runs[-1].append(i)
                continue
        runs.append([i])
    in_run = set()
    for run in runs:
        bare = [i for i in run if not tokens[i].prefix]
        if len(run) == 1 and bare and _lost_numbers_follow(text, tokens, run[0]):
            mentions[run[0]] = NumberMention(tokens[run[0]], "entry", tokens[run[0]].normalised(year),
                                             "first of a list whose other numbers were lost")
            in_run.add(run[0])
            _fill_lost_numbers(text, tokens, mentions, run, year)
            continue
        if len(run) >= 2 and bare:
            for i in bare:
                mentions[i] = NumberMention(tokens[i], "entry", tokens[i].normalised(year), "in a list of ascending numbers")
            in_run.update(run)
            _fill_lost_numbers(text, tokens, mentions, run, year)
    for i in candidates:
        token = tokens[i]
        if mentions[i] is not None or i in in_run or token.num is None:
            continue
        after = text[token.end: token.end + 2].lstrip(" \t")
        number = token.normalised(year)
        if number and _at_boundary(text, token) and after.startswith(":") and _title_follows(text, token):
            mentions[i] = NumberMention(token, "heading", number, "bare number with a colon at a line start")
        elif number and _after_agenda_header(text, token) and _title_follows(text, token):
            mentions[i] = NumberMention(token, "entry", number, "first number after an agenda heading")
            _fill_lost_numbers(text, tokens, mentions, [i], year)


def _lost_numbers_follow(text: str, tokens: list[NumberToken], index: int) -> bool:
    """Two or more list entries that lost their digits ("/06 Rapport 6/2006 …") follow this
    number closely; a lost number after a body's name is a treatment row, not an entry."""
    body = context_rules().body_word
    lost, previous_end = 0, tokens[index].end
    for token in tokens[index + 1: index + 8]:
        if token.num is not None:
            continue
        before = re.search(r"(\S+)[ \t]*\Z", text[max(0, token.start - 40): token.start])
        if (token.start - previous_end > _MAX_RUN_GAP_CHARS or token.year != tokens[index].year[-len(token.year):]
                or (before and body.fullmatch(before.group(1))) or not _title_follows(text, token)):
            break
        lost += 1
        previous_end = token.end
    return lost >= 2


def _fill_lost_numbers(text: str, tokens: list[NumberToken], mentions: list[NumberMention | None],
                       run: list[int], year: int | None) -> None:
    """"/13 Title" between 057/13 and 059/13 (or right after the last entry) is 058/13."""
    first, last = run[0], run[-1]
    members = set(run)
    previous_number: tuple[int, int] | None = None
    stop = last + 1
    while stop < len(tokens) and tokens[stop].start - tokens[stop - 1].end <= _MAX_RUN_GAP_CHARS and (
            tokens[stop].num is None or (mentions[stop] is not None and mentions[stop].role in ("archive", "lookalike"))):
        stop += 1
    for i in range(first, stop):
        token = tokens[i]
        if i in members:
            previous_number = _number_and_year(mentions[i].case_number if mentions[i] else token.normalised(year))
            continue
        if token.num is not None or mentions[i] is not None or previous_number is None:
            continue
        if str(previous_number[1])[-len(token.year):] != token.year or not _title_follows(text, token):
            continue
        following = next((j for j in range(i + 1, stop) if j in members), None)
        guess = previous_number[0] + 1
        if following is not None:
            nxt = _number_and_year(mentions[following].case_number if mentions[following]
                                   else tokens[following].normalised(year))
            if nxt is None or nxt[0] - previous_number[0] < 2:
                continue
        number = f"{guess}/{previous_number[1]}"
        mentions[i] = NumberMention(token, "entry", number, "lost number read from the list sequence")
        previous_number = (guess, previous_number[1])


# --- headings and titles ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseHeading:
    case_number: str
    number_text: str
    title: str
    char_start: int         # start of the number text
    heading_end: int        # end of the heading (title) text
    line_start: int
    is_toc: bool
    bulleted: bool = False  # on a list-item line ("- Sak 088/09 … (Vedlegg 4)")
    statement: bool = False  # a treatment statement ("… behandlet saken i møte … sak 24/16")


def _archive_or_span(match: re.Match) -> str:
    """An archive number leaves the title; a school or budget year span ("Skoleruta 2024/2025",
    "Budsjett 2017/18") is part of it."""
    first, _, second = match.group().partition("/")
    if len(first) == 4 and first.isdigit() and 1950 <= int(first) <= 2099 and second.isdigit() \
            and (len(second) == 4 and int(second) == int(first) + 1 or len(second) == 2 and int(second) == (int(first) + 1) % 100):
        return match.group()
    return " "


def clean_title(rest: str) -> str:
    """Decoration, table-of-contents dot leaders and archive numbers out of a title."""
    title = strip_markup(rest)
    title = _LEADER_THEN_TEXT.sub("", title)  # "REFERATSAKER... 5 Hamar, Kåre Haugli": the page ends it
    title = context_rules().column_words.sub("", title)
    title = _LEADING_ARCHIVE.sub("", title)
    title = DOT_LEADER_PAGE.sub("", title).strip()
    title = _ARCHIVE_IN_TITLE.sub(_archive_or_span, title)
    title = _INLINE_SUB_ITEMS.sub("", title)
    title = _INLINE_DASH_BULLETS.sub("", title)
    return " ".join(title.split()).strip(" :-–").strip()


def caps_run(title: str) -> str | None:
    """The leading upper-case words of a title that runs on in mixed case
    ("MØTE MED BUSKERUD KOLLEKTIVTRAFIKK AS Frå Buskerud …")."""
    words = title.split()
    n = letters = 0
    # a number inside the run belongs to it ("MØTEPLAN 2009 Gran Rådhus, Kirsten …")
    while n < len(words) and (_CAPS_WORD.fullmatch(words[n]) and any(c.isalpha() for c in words[n])
                              or letters and words[n].isdigit()):
        letters += any(c.isalpha() for c in words[n])
        n += 1
    if n >= 2 and letters and n < len(words) and any(c.islower() for c in words[n]):
        return " ".join(words[:n])
    return None


def strip_title_prefix(title: str) -> str:
    """"SAKSPROTOKOLL: REGULERINGSPLAN SØR-SKAGET" → the title after the document-type word."""
    match = context_rules().title_prefix.match(title)
    return title[match.end():].strip() if match else title


_COLUMN_ARCHIVE = re.compile(r"[ \t]{2,}\d{2,4}/\d{1,6}[ \t]*$")


# A title is read from at most this much of its line: a flattened transcript's line is a
# whole page (or, in hostile input, megabytes), and no title is longer.
_MAX_TITLE_SOURCE = 2000
# "… Diskusjonsgrunnlag: …": a label after the title (a whitespace run matched from its start: linear)
_LABEL_AFTER_TITLE = re.compile(r"(?<!\s)\s+[A-ZÆØÅ][\wæøå]+:|\s:\s")


def title_from(rest: str, inline: bool) -> str:
    rest = _COLUMN_ARCHIVE.sub("", rest[:_MAX_TITLE_SOURCE])  # an archive-number column after a wide gap
    label = _LABEL_AFTER_TITLE.search(rest)
    if label:  # "Vestregionens framtid Diskusjonsgrunnlag: …": a label after the title
        rest = rest[: label.start()]
    title = strip_title_prefix(clean_title(rest))
    caps = caps_run(title)
    if caps:
        return caps
    words = title.split()
    # "Eventuelt Ingen saker.", "Godkjenning av innkalling Innkallingen ble godkjent.": a standing item runs on
    standing = standing_title_prefix(title, own_line=not (inline or len(words) > _MAX_LINE_TITLE_WORDS))
    if standing:
        return standing
    # "Årsregnskap 2023 Daglig leder orienterte om regnskapet.": a flattened page's report runs on
    cut = run_on_start(title)
    if cut:
        title = title[:cut]
    if inline or len(words) > _MAX_LINE_TITLE_WORDS:
        sentence = re.search(r"(?<=[a-zæøå]{3})[.!?](?=\s+[A-ZÆØÅ])", title)
        if sentence:
            title = title[: sentence.start()]
        title = " ".join(title.split()[:_MAX_INLINE_TITLE_WORDS])
    return title.strip().rstrip(":").strip()


def find_case_headings(text: str, mentions: list[NumberMention], start: int, end: int,
                       is_label, furniture: frozenset[int] = frozenset()) -> list[CaseHeading]:
    """One heading per heading/entry mention inside [start, end): its title is the rest of
    its (layout) line, or the next line when the number stands alone (page furniture —
    line starts in ``furniture`` — is passed over)."""
    lines = [line for line in iter_lines(text, start, end) if line.start not in furniture]
    line_at = {}
    for idx, line in enumerate(lines):
        line_at[line.start] = idx
    starts = sorted(line_at)   # the line of a token by bisection: no scan back over a long line
    found = []
    for mention in mentions:
        if mention.role not in ("heading", "entry") or mention.case_number is None:
            continue
        token = mention.token
        if not start <= token.start < end:
            continue
        k = bisect_right(starts, token.start) - 1
        idx = line_at[starts[k]] if k >= 0 else None
        if idx is None or token.start > lines[idx].end:
            continue  # before the range, or on a furniture line
        line = lines[idx]
        rest = text[token.end: line.end]
        inline = len(line.raw) > 200
        title = title_from(rest, inline)
        heading_end = _outcome_after_title(rest, title, token.end) or line.end
        if title and is_label(title):
            title = ""  # a status column ("Innstilling vedtatt"): the title stands on the next line
        if mention.reason == "treatment statement":
            title = _title_from_previous_line(lines, idx, is_label)
        elif mention.reason == "case-flow row of a listed case":
            title = ""  # the saksliste names the case; the row's next cells are bodies and dates
        elif mention.reason == "case-flow row of the document's case":
            title, heading_end = _title_after_case_flow(lines, idx, rest, heading_end, is_label)
        elif mention.reason == "case document header":
            pass
        elif not title and not inline:
            title, heading_end = _title_from_next_line(lines, idx, heading_end, is_label)
        if not title:
            after_previous = found[-1].char_start if found else 0   # never the header of the case before
            title = _title_after_archive_cells(text, max(after_previous, token.start - 1500), token.start, is_label)
        if title and not _TITLE_START.match(title) and not title[0].isalpha():
            continue
        is_toc = bool(DOT_LEADER_PAGE.search(line.raw)) or _toc_continues(lines, idx)
        found.append(CaseHeading(mention.case_number, text[token.start: token.end].strip(), title, token.start,
                                 heading_end, line.start, is_toc, line.bulleted,
                                 mention.reason in ("treatment statement", "case-flow row of a listed case",
                                                    "case-flow row of the document's case")))
    return found


def _outcome_after_title(rest: str, title: str, offset: int) -> int | None:
    """Where an outcome sentence starts right after the title on the heading's line ("Sak 12/20
    Godkjenning av innkalling og dagsorden Innkalling og dagsorden ble godkjent." on a flattened
    page): the heading ends there, so the sentence is the case's text (its decision)."""
    words = title.split()
    if not words or len(rest) > _MAX_TITLE_SOURCE or len(rest.split()) <= len(words):
        return None   # (most headings: nothing after the title on its line)
    found = re.search(r"[ \t]+".join(map(re.escape, words)), rest)
    if not found or not rest[found.end():].strip():
        return None
    after = rest[found.end():]
    start = len(after) - len(after.lstrip(" .:-–\t"))
    if not reports_outcome(after[start:]):
        return None
    # "Sak 116/13 Kriterier … Sakskartet ble deretter godkjent.": a saksliste's outcome, not the case's
    if about_the_papers(after[start:]) and not standing_rules().title.match(title):
        return None
    return offset + found.end() + start


def _toc_continues(lines: list[Line], idx: int) -> bool:
    """A table-of-contents title wrapped onto an indented next line that ends in the page."""
    nxt = lines[idx + 1] if idx + 1 < len(lines) else None
    return bool(nxt and not nxt.blank and nxt.raw[:1] in " \t" and DOT_LEADER_PAGE.search(nxt.raw)
                and not find_number_tokens(nxt.clean[:20]))


def _case_flow_rows() -> re.Pattern:
    body = context_rules().body_word.pattern
    return re.compile(r"[ \t]*(?:\d{1,2}[ \t]+)?(?:[A-ZÆØÅ][\wæøåÆØÅ\-]*[ \t]+){0,3}%s"
                      r"(?:[^\n\d]{0,40}?\d{1,2}\.\d{1,2}\.\d{2,4})?(?:[ \t]+(?:[A-ZÆØÅ]{1,4}[ \t]+)?\d{1,4}/\d{2,4})?[ \t]*" % body)


def _title_after_case_flow(lines: list[Line], idx: int, rest: str, fallback_end: int, is_label) -> tuple[str, int]:
    """The title of a single case's document: the first text after its case-flow table
    ("… 22/19 / 2 Kommunestyret 26.03.2019 / Ny barnehage i sentrum")."""
    rows = _case_flow_rows()
    candidates = [(rest, fallback_end)] + [(line.clean, line.end) for line in lines[idx + 1: idx + 6] if not line.blank]
    for candidate, candidate_end in candidates:
        while True:
            row = rows.match(candidate)
            if not row or not row.group().strip():
                break
            candidate = candidate[row.end():]
        candidate = candidate.strip()
        if not candidate:
            continue
        if is_label(candidate) or not _TITLE_START.match(candidate):
            return "", fallback_end
        return title_from(candidate, True), candidate_end
    return "", fallback_end


def _title_after_archive_cells(text: str, start: int, end: int, is_label) -> str:
    """An Elements Sakspapir's title, after its header cells and the archive number, shortly
    before the case's heading ("Sakshandsamar Arkiv ArkivsakID Solrun Hauglum FE-400 18/1407
    ETABLERING AV VIKARPOOL … Rådmannen sitt framlegg til vedtak: … Sak 15/2019 …")."""
    cells = None
    for cells in context_rules().archive_cells.finditer(text, start, end):
        pass   # the last header before the case
    if cells is None:
        return ""
    title = title_from(text[cells.end():end], True)
    return "" if not title or is_label(title) else title


def _title_from_previous_line(lines: list[Line], idx: int, is_label) -> str:
    """The title line above a treatment statement ("Høring - … \n Fylkestinget har behandlet
    saken i møte 28.04.2016 sak 24/16"); "" when a label or nothing stands there."""
    for previous in reversed(lines[max(0, idx - 4): idx]):
        if previous.blank:
            continue
        if is_label(previous.clean) or len(previous.clean.split()) > _MAX_LINE_TITLE_WORDS:
            return ""
        return clean_title(re.sub(r"^\d{1,4}[-/]\d{2,4}\s+", "", previous.clean))
    return ""


def _title_from_next_line(lines: list[Line], idx: int, fallback_end: int, is_label) -> tuple[str, int]:
    for nxt in lines[idx + 1: idx + 7]:
        key = context_rules().title_key.match(nxt.clean)
        if key:
            return strip_title_prefix(clean_title(nxt.clean[key.end():])), nxt.end
    for nxt in lines[idx + 1: idx + 4]:
        if nxt.blank:
            continue
        if context_rules().title_prefix.match(nxt.clean):
            return strip_title_prefix(clean_title(nxt.clean)), nxt.end
        if is_label(nxt.clean) or find_number_tokens(nxt.clean[:30]) or not _TITLE_START.match(nxt.clean):
            break
        return clean_title(nxt.clean).rstrip(":"), nxt.end
    return "", fallback_end


# --- list runs: page numbers and column values -------------------------------------------------


def strip_list_columns(headings: list[CaseHeading]) -> list[CaseHeading]:
    """Column values flattened into titles, read per run of ascending numbers (a saksliste)."""
    out, run = [], []
    for h in headings:
        if run and not _continues(run[-1], h):
            out += _strip_run_columns(run)
            run = []
        run.append(h)
    out += _strip_run_columns(run)
    return _cut_list_signature(out)


def _cut_list_signature(headings: list[CaseHeading]) -> list[CaseHeading]:
    """The saksliste's last title, whatever its numbering, runs on into the signature under
    the list ("RS 5/24 Referatsaker Vikersund, 08.10.2024 Kari Nordmann leder", "… Lier, Søren
    Falch Zapffe Leder"): the list ends
    before the first number that comes again (the cases' own headings), or with the last heading."""
    seen: set[str] = set()
    last = len(headings) - 1
    for i, h in enumerate(headings):
        if h.case_number in seen:
            last = i - 1
            break
        seen.add(h.case_number)
    if last < 0 or not headings[last].title:
        return headings
    title = context_rules().signature.sub("", headings[last].title)
    if not title or title == headings[last].title:
        return headings
    return headings[:last] + [replace(headings[last], title=title)] + headings[last + 1:]


def _continues(previous: CaseHeading, h: CaseHeading) -> bool:
    (y0, n0), (y1, n1) = _year_and_number(previous.case_number), _year_and_number(h.case_number)
    return y1 == y0 and 0 < n1 - n0 <= 3


def _strip_run_columns(headings: list[CaseHeading]) -> list[CaseHeading]:
    """Saksliste columns flattened into the titles: trailing page numbers of a table of
    contents ("Orienteringssaker 2"), the running item numbers of a mixed agenda
    ("Storokrysset 7."), a type letter before the title ("B Godkjenning", "O Orientering")
    and a value repeated in every row (the case officer "RUNE ZIENER")."""
    titled = [h for h in headings if h.title]
    if len(titled) < 2:
        return headings
    majority = max(2, len(titled) // 2)
    strip_pages = sum(1 for h in titled if re.search(r"\s\d{1,3}$", h.title)) >= majority
    strip_items = sum(1 for h in titled if re.search(r"\s\d{1,2}\.$", h.title)) >= majority
    strip_letter = sum(1 for h in titled if re.match(r"[A-ZÆØÅ]\s+[A-ZÆØÅ]", h.title)) >= majority
    strip_archive = sum(1 for h in titled if re.search(r"\s\d{2,4}/\d{1,6}$", h.title)) >= majority
    repeated = _repeated_value(titled) if len(titled) >= 3 else None
    cleaned = []
    for h in headings:
        title = h.title
        if repeated and repeated in title:
            head, _, tail = title.partition(repeated)
            tail = tail.strip()
            title = (head.strip() + (" " + tail if tail[:1].islower() else "")).strip()
        if strip_pages:
            title = re.sub(r"\s\d{1,3}$", "", title)
            title = re.sub(r"\s\d{1,3}\s(?=[A-ZÆØÅ]).*$", "", title)
        if strip_items:
            title = re.sub(r"\s\d{1,2}\.(?:\s.*)?$", "", title)
        if strip_letter:
            title = re.sub(r"^[A-ZÆØÅ]\s+(?=[A-ZÆØÅ])", "", title)
        if strip_archive:
            title = re.sub(r"\s\d{2,4}/\d{1,6}$", "", title)
        cleaned.append(replace(h, title=title) if title != h.title else h)
    return cleaned


def _repeated_value(headings: list[CaseHeading]) -> str | None:
    """Two or more words that stand in at least two thirds of the titles (≥ 3 titles)."""
    counts: dict[str, int] = {}
    for h in headings:
        words = h.title.split()
        seen = set()
        for n in (3, 2):
            for i in range(len(words) - n + 1):
                gram = " ".join(words[i: i + n])
                if gram not in seen:
                    seen.add(gram)
                    counts[gram] = counts.get(gram, 0) + 1
    need = max(3, -(-2 * len(headings) // 3))
    best = [g for g, n in counts.items() if n >= need]
    return max(best, key=len) if best else None


# --- one heading per case ----------------------------------------------------------------------


def anchored_title(body_title: str, list_title: str) -> str:
    """The body heading's wording of the saksliste title: body headings of flattened text
    run on into the case text, so the list title tells where the title ends."""
    if not list_title:
        return body_title
    if not body_title:
        return list_title
    if list_title.casefold().startswith(body_title.casefold()):
        extra = list_title[len(body_title):]
        if not extra[:1].isspace() or extra.strip()[:1].islower() or extra.strip()[:1].isdigit():
            return list_title  # the body heading is cut (mid-word, or before the title's last words)
        return body_title  # the list's last title ran on into what followed it
    if re.match(r"[A-ZÆØÅ]\s", body_title) and not re.match(r"[A-ZÆØÅ]\s", list_title):
        body_title = body_title[2:]  # a type letter before the body heading's title ("B Godkjenning …")
    body_words, list_words = body_title.split(), list_title.split()
    best, best_ratio = None, 0.0
    for k in range(max(1, len(list_words) - 2), min(len(body_words), len(list_words) + 2) + 1):
        candidate = " ".join(body_words[:k])
        ratio = SequenceMatcher(None, candidate.casefold(), list_title.casefold(), autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    if best is not None and best_ratio >= 0.85:
        return best
    return list_title if len(body_words) > len(list_words) + 3 else body_title


def select_case_headings(headings: list[CaseHeading], end: int
                         ) -> tuple[list[CaseHeading], list[CaseHeading], list[CaseHeading]]:
    """Each case once, at its body heading (the occurrence with the longest body), titled
    in the body heading's wording cut to the length of its saksliste title (body headings
    of flattened text run on into the case text).  Returns (cases, embedded): embedded
    are headings of an earlier meeting's protocol inside the document (numbers below
    this meeting's series), which are references, not cases; dropped are another
    numbering's headings and the treatment statements a case's own section holds
    ("PS 1/19 Godkjenning … Kommunestyrets behandling av sak 1/2019 …"): no body ends there."""
    body = [h for h in headings if not h.is_toc]
    absorbed = statements_inside_their_case(body)
    body = [h for h in body if id(h) not in absorbed]
    sizes = {}
    for i, h in enumerate(body):
        nxt = body[i + 1].line_start if i + 1 < len(body) else end
        sizes[id(h)] = nxt - h.heading_end
    main, embedded, dropped = split_embedded(body)
    lone = isolated_bullets(main)
    main = [h for h in main if h not in lone]
    embedded = sorted(embedded + lone, key=lambda h: h.line_start)
    best: dict[str, CaseHeading] = {}
    occurrences: dict[str, list[CaseHeading]] = {}
    for h in main:
        occurrences.setdefault(h.case_number, []).append(h)
        if h.case_number not in best or sizes[id(h)] > sizes[id(best[h.case_number])]:
            best[h.case_number] = h
    chosen = []
    first_at = {number: seen[0].line_start for number, seen in occurrences.items()}
    for number, h in best.items():
        seen = occurrences[number]
        title = h.title
        if len(seen) > 1:
            headed = [o for o in seen if not o.statement]  # a statement's title line is a guess
            later = next((o for o in reversed(headed) if o.title), headed[-1] if headed else seen[-1])
            title = anchored_title(later.title, seen[0].title) if later is not seen[0] else seen[0].title
        chosen.append(replace(h, title=title) if title != h.title else h)
    # in the order of their first mention (the saksliste's order)
    dropped = sorted(dropped + [h for h in headings if id(h) in absorbed], key=lambda h: h.line_start)
    return sorted(chosen, key=lambda h: first_at[h.case_number]), embedded, dropped


def statements_inside_their_case(headings: list[CaseHeading]) -> set[int]:
    """Ids of treatment statements that directly follow a heading of the same case: the
    statement opens the treatment inside that case's section, not a section of its own."""
    inside: set[int] = set()
    for previous, heading in zip(headings, headings[1:]):
        if heading.statement and heading.case_number == previous.case_number \
                and (not previous.statement or id(previous) in inside):
            inside.add(id(heading))
    return inside


def isolated_bullets(headings: list[CaseHeading]) -> list[CaseHeading]:
    """A case number in a list item with no neighbouring case in the list ("- Sak 088/09
    Formannskapet i Kongsberg kommune (Vedlegg 4)" among a case's documents) is cited, not treated."""
    bulleted = [h for h in headings if h.bulleted]
    lone = []
    for h in bulleted:
        year, number = _year_and_number(h.case_number)
        if not any(o is not h and _year_and_number(o.case_number)[0] == year
                   and 0 < abs(_year_and_number(o.case_number)[1] - number) <= 3 for o in bulleted):
            lone.append(h)
    return lone


def _year_and_number(case_number: str) -> tuple[int, int]:
    num, year = case_number.split("/")
    return int(year), int(re.match(r"\d+", num).group())


def _code(h: CaseHeading) -> str:
    """The upper-case code before a heading's number ("SR", "FS-"), "" for words and bare numbers."""
    match = re.match(r"([A-ZÆØÅ]{1,5}-?)\s*\d|/", h.number_text)
    return (match.group(1) or "") if match else ""


_GENERIC_PREFIX = re.compile(r"(?i)(?:sak(?:s)?(?:\s*nr|nummer)?|saknr|ps|utvalgssak|utvalssak|utvalgssaksnr)?")


def family(h: CaseHeading) -> str:
    """The numbering a heading belongs to: "" for the meeting's main series (Sak, PS, bare
    numbers), else its own prefix (RS referatsaker, O-sak, DS …) — each counts separately."""
    prefix = re.match(r"[^\d/]*", h.number_text).group().strip(" .:").casefold()
    return "" if _GENERIC_PREFIX.fullmatch(prefix) else prefix


_MAX_SERIES_JUMP = 20


def series_start(headings: list[CaseHeading]) -> int:
    """Index of the heading that starts the meeting's series: the first that begins a run
    of two or more ascending numbers, else the first heading (a single case)."""
    for i in range(len(headings)):
        if len(first_run(headings[i:])) >= 2:
            return i
    return 0


def first_run(headings: list[CaseHeading]) -> list[CaseHeading]:
    """The document's first run of ascending case numbers (its saksliste, or its first cases)."""
    run = headings[:1]
    for h in headings[1:]:
        (y0, n0), (y1, n1) = _year_and_number(run[-1].case_number), _year_and_number(h.case_number)
        if y1 != y0 or not 0 < n1 - n0 <= 3:
            break
        run.append(h)
    return run


def split_embedded(headings: list[CaseHeading]) -> tuple[list[CaseHeading], list[CaseHeading], list[CaseHeading]]:
    """Each numbering (family) has its series, starting at its first run of ascending
    numbers.  Later headings
    - with lower numbers of that year (or earlier years) belong to an earlier meeting
      whose protocol is attached (innkallinger often carry the last meeting's protocol):
      embedded, i.e. references;
    - far above the series are another numbering: dropped;
    - with an unknown code outside the main series' codes ("M 2017/42" letters in a
      protocol of "SR 2017/43" cases) are another numbering: dropped.
    Returns (main, embedded, dropped)."""
    if not headings:
        return [], [], []
    known = case_number_rules().known_codes
    families: dict[str, list[CaseHeading]] = {}
    for h in headings:
        families.setdefault(family(h), []).append(h)
    main_family = family(headings[series_start(headings)])
    main_codes = {_code(h) for h in first_run(families[main_family][series_start(families[main_family]):])}
    keep_ids, embedded_ids = set(), set()
    for members in families.values():
        start = series_start(members)
        first_year, first_number = _year_and_number(members[start].case_number)
        top = first_number
        for h in members:
            year, number = _year_and_number(h.case_number)
            code = _code(h).rstrip("-")
            if year < first_year or (year == first_year and number < first_number):
                embedded_ids.add(id(h))
            elif code and code not in known and "" not in main_codes and _code(h) not in main_codes:
                continue
            elif year == first_year and number > top + _MAX_SERIES_JUMP:
                continue
            else:
                keep_ids.add(id(h))
                if year == first_year:
                    top = max(top, number)
    main = [h for h in headings if id(h) in keep_ids]
    embedded = [h for h in headings if id(h) in embedded_ids]
    dropped = [h for h in headings if id(h) not in keep_ids and id(h) not in embedded_ids]
    return main, embedded, dropped


def split_flattened_titles(headings: list[CaseHeading]) -> list[CaseHeading]:
    """Numbers listed before their titles ("Sak 30/16 Sak 31/16 Godkjenning av innkalling
    Godkjenning av sakliste", a table flattened column by column): k untitled headings
    followed by one whose title holds k+1 titles are split where a capitalised word follows
    a lower-case one, when there are exactly k such places."""
    out = list(headings)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and not out[j].title:
            j += 1
        k = j - i
        if k and j < len(out):
            words = out[j].title.split()
            cuts = [n for n in range(1, len(words)) if words[n][:1].isupper() and words[n - 1][-1:].islower()]
            if len(cuts) == k:
                bounds = [0, *cuts, len(words)]
                parts = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
                for n, part in enumerate(parts):
                    out[i + n] = replace(out[i + n], title=part)
        i = j + 1
    return out


def lost_number_headings(text: str, mentions: list[NumberMention], listed: list[CaseHeading]) -> list[CaseHeading]:
    """Body headings whose number the text layer lost ("Fellesrådet /16 rbs GODKJENNING AV
    INNKALLING", "Kontrollutvalget Råde /1 Godkjenning av protokoll fra møtet"), identified
    by a saksliste title that follows the lost number.  The heading starts at the body's
    name written before the number (a "Behandlet av" column)."""
    titles = {h.title.casefold(): h for h in listed if len(h.title.split()) >= 2 or len(h.title) >= 8}
    body = context_rules().body_word
    found = []
    for mention in mentions:
        token = mention.token
        if token.num is not None or mention.role in ("entry", "heading"):
            continue
        window = " ".join(text[token.end: token.end + 160].split()).casefold()
        hit = next((h for t, h in titles.items() if t in window[:len(t) + 20]), None)
        if hit is None:
            continue
        start = token.start
        before = re.search(r"(?<![\wæøåÆØÅ])([A-ZÆØÅ][\wæøå\-]*)[ \t]+\Z", text[max(0, start - 60): start])
        if before and body.fullmatch(before.group(1)):
            start = start - len(before.group(0))
            letterhead = re.search(r"(?<![\wæøåÆØÅ])(?:[A-ZÆØÅ]{2,}[ \t]+){2,}\Z", text[max(0, start - 80): start])
            if letterhead:  # the organisation's name in capitals heads the case page
                start -= len(letterhead.group(0))
        line_end = text.find("\n", token.end)
        found.append(CaseHeading(hit.case_number, text[token.start: token.end], hit.title, start,
                                 len(text) if line_end < 0 else line_end, start, False))
    return found


# --- numbered agenda items without case numbers ("### 3. Organisasjon som objekt") -------------

_NUMBERED_HEADING = re.compile(r"(?P<label>\d{1,2})\.?\s+(?P<title>\S.*)")
_MARKDOWN_HEADING = re.compile(r"\s*(?P<hashes>#{1,6})\s")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class NumberedHeading:
    label: str
    title: str
    char_start: int
    heading_end: int
    line_start: int


def find_numbered_headings(text: str, start: int, end: int) -> list[NumberedHeading]:
    """Markdown headings numbered 0, 1, 2 … at one heading level: the agenda items of
    minutes that do not number cases.  Dotted sub-numbers (3.1) are sections, not items."""
    by_level: dict[int, list[NumberedHeading]] = {}
    for line in iter_lines(text, start, end):
        level = _MARKDOWN_HEADING.match(line.raw)
        match = _NUMBERED_HEADING.fullmatch(line.clean) if level else None
        if not match:  # a numbered heading is an item even when it reads like a label ("1. Behandling av …")
            continue
        title = strip_markup(_LINK.sub(r"\1", match["title"])).rstrip(":").strip()
        by_level.setdefault(len(level["hashes"]), []).append(
            NumberedHeading(match["label"], title, line.clean_start, line.end, line.start))
    runs = [items for items in by_level.values() if len(items) >= 2 and _ascending(items)]
    return min(runs, key=lambda items: items[0].line_start) if runs else []


# "1. Demokratimesterskapet" on a line of its own: a capital, at most PLAIN_HEADING_WORDS words,
# no sentence end (a numbered list's points are sentences)
# "Sak 1: Foretaksmøtet konstitueres" (foretaksmøter, generalforsamlinger, årsmøter: items numbered
# without a year, the saksliste "1. …, 2. …")
@dataclass(frozen=True)
class ItemNumberPatterns:
    """Items numbered without a year, with or without a word before the number (layout.yaml
    `item_number_words`: "Sak 1: …")."""
    heading: re.Pattern       # "1. Title", "Sak 1: Title" (a whole line)
    at_start: re.Pattern      # a line that starts with an item number
    alone: re.Pattern         # "Sak 1:" alone (its title on the next line)
    inline: re.Pattern        # an item number inside a flattened line (group 1: the number)
    word_heading: re.Pattern  # "Sak 1:" with its word, inline: an item heading however few follow


@lru_cache(maxsize=1)
def item_number_patterns() -> ItemNumberPatterns:
    words = layout_rule_data().get("item_number_words", [])
    compile_patterns("layout", "item_number_words", words)
    word = r"(?:%s)" % "|".join(words) if words else r"(?!)"
    capital = [w for w in words if w[:1].isupper()]   # inline, only the word as a heading writes it
    capital_word = r"(?:%s)" % "|".join(capital) if capital else r"(?!)"
    before = r"(?<=[\wæøåÆØÅ.!?:)][ \t])"   # after a word, a sentence end or a label's content
    return ItemNumberPatterns(
        heading=re.compile(r"(?:(?P<word>%s)[ \t]+)?(?P<label>\d{1,2})(?(word)[.:]?|\.)[ \t]+(?P<title>[A-ZÆØÅ][^\n]*?)[ \t]*:?" % word),
        at_start=re.compile(r"(?:%s[ \t]+)?\d{1,2}[.:]?[ \t]" % word),
        alone=re.compile(r"(?:%s[ \t]+)?(?P<label>\d{1,2})[.:][ \t]*" % word),
        inline=re.compile(before + r"(?:%s[ \t]+)?(\d{1,2})[.:][ \t]+(?=[A-ZÆØÅ])" % word),
        word_heading=re.compile(before + r"%s[ \t]+\d{1,2}:[ \t]*\n?[ \t]*(?=[A-ZÆØÅ])" % capital_word),  # a PDF may wrap after the colon
    )
PLAIN_HEADING_WORDS = 10
MIN_PLAIN_ITEMS = 3


def find_plain_numbered_headings(text: str, start: int, end: int) -> list[NumberedHeading]:
    """Plain-text lines numbered 1, 2, 3 … each with text of its own under it: the agenda
    items of minutes that number items but not cases (ungdomsråd, eldreråd, styremøter in
    referat form).  A saksliste (numbered lines one after another) is no run of items; a
    numbered point inside an item's text does not continue the numbering."""
    candidates: list[NumberedHeading | None] = []
    own_body: set[int] = set()      # candidates whose text runs on after the title on their line
    for line in iter_lines(text, start, end):
        if line.blank:
            continue
        read = _plain_numbered_entry(line)
        title = read[1] if read else ""
        if read and title and len(title.split()) <= PLAIN_HEADING_WORDS and not title.endswith((".", ",", ";")):
            if read[2] < line.end:
                own_body.add(len(candidates))
            candidates.append(NumberedHeading(read[0], title, line.clean_start, read[2], line.start))
        else:
            candidates.append(None)     # a line of text: the item above has a body
    run: list[NumberedHeading] = []
    for i, heading in enumerate(candidates):
        if heading is None:
            continue
        has_body = i in own_body or i + 1 < len(candidates) and candidates[i + 1] is None
        if not has_body:
            continue
        if not run and heading.label == "1" or run and int(heading.label) == int(run[-1].label) + 1:
            run.append(heading)
    return run if len(run) >= MIN_PLAIN_ITEMS else []


MAX_LIST_GAP = 4      # numbers a flattened saksliste may lose between two of its entries




def _plain_numbered_entry(line) -> tuple[str, str, int] | None:
    """(label, title, heading end) of a numbered line, its title cut before a report, an outcome
    or after a standing item that runs on ("1. Velkommen … Gruppen gikk gjennom …", "4. Eventuelt
    Ingen saker."; a flattened page).  Read from the line's first _MAX_TITLE_SOURCE characters:
    a flattened line may be huge."""
    patterns = item_number_patterns()
    if not patterns.at_start.match(line.clean):
        return None
    match = patterns.heading.fullmatch(line.clean[:_MAX_TITLE_SOURCE].rstrip())
    if not match:
        return None
    title, heading_end = match["title"].strip(), line.end
    cut = run_on_start(title)
    if not cut and (len(title.split()) > PLAIN_HEADING_WORDS or title.endswith((".", ",", ";"))):
        standing = standing_title_prefix(title, own_line=True)   # "4. Eventuelt Ingen saker."
        cut = len(standing) if standing else None
    if cut:
        title, heading_end = title[:cut].strip(), line.clean_start + match.start("title") + cut
    return match["label"], title.rstrip(":").strip(), heading_end


def find_listed_items(text: str, start: int, end: int, agenda: re.Pattern) -> tuple[list[NumberedHeading], list[NumberedHeading]]:
    """A saksliste of items numbered 1, 2, 3 … without case numbers ("Saksliste: 1. Foretaksmøtet
    konstitueres 2. Dagsorden …": foretaksmøter, generalforsamlinger, årsmøter, styremøter of
    companies and councils) and the body headings of those items further on ("Sak 1: Foretaksmøtet
    konstitueres", "2. Dagsorden"): (entries, body headings).  The list is the meeting's list of
    items: an entry without a body heading is an item of its own.  ([], []) without such a list."""
    lines = [line for line in iter_lines(text, start, end) if not line.blank]
    for k, line in enumerate(lines):
        if not agenda.match(strip_markup(line.clean)):
            continue
        entries: list[NumberedHeading] = []
        for entry_line in lines[k + 1:]:
            read = _plain_numbered_entry(entry_line)
            if read is None:
                break
            label, title, heading_end = read
            previous = int(entries[-1].label) if entries else 0
            if not 0 < int(label) - previous <= (1 if not entries else MAX_LIST_GAP) or not title:
                break
            entries.append(NumberedHeading(label, title, entry_line.clean_start, heading_end, entry_line.start))
        if len(entries) < MIN_PLAIN_ITEMS:
            continue
        body = _listed_item_headings(text, lines, entries, entries[-1].heading_end)
        return entries, body
    return [], []


def _listed_item_headings(text: str, lines, entries: list[NumberedHeading], after: int) -> list[NumberedHeading]:
    """Lines after the list that head a listed item: its number ("Sak 1:", "1.") and the first
    words of its listed title (which a PDF's margin may have wrapped onto the next line)."""
    by_label = {e.label: e for e in entries}
    found: list[NumberedHeading] = []
    for line in lines:
        if line.start <= after:
            continue
        read = _plain_numbered_entry(line)
        alone = None if read else item_number_patterns().alone.fullmatch(line.clean)
        if alone:   # "Sak 1:" at a line's end, its title on the next line (a PDF's margin)
            read = (alone["label"], "", line.end)
        if read is None or read[0] not in by_label:
            continue
        label, title, heading_end = read
        listed_title = by_label[label].title
        listed = listed_title.casefold().split()[:2]
        words = (title.split() + text[line.end: line.end + 200].split())[:len(listed)]
        if [w.casefold() for w in words] == listed and (not found or int(label) > int(found[-1].label)):
            # on a flattened page the item's text runs on after its title: the heading ends with the title
            whole = re.compile(r"\s+".join(map(re.escape, listed_title.split())), re.IGNORECASE).search(
                text, line.start, min(len(text), line.start + 2000))
            end = whole.end() if whole else heading_end
            found.append(NumberedHeading(label, listed_title, line.clean_start, end if whole else heading_end, line.start))
    return found


def _ascending(items: list[NumberedHeading]) -> bool:
    numbers = [int(i.label) for i in items]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
