"""Standing agenda items: "Åpen halvtime", "Godkjenning av innkalling og saksliste",
"Orienteringssaker", "Eventuelt" — the items without a case number that open and close a
meeting (vocabulary in rules/standing_items.yaml).

They are found in two forms:
- a heading line: the line (after an agenda ordinal "2." / "Sak 2") starts with the title
  form and is short, or the form is followed by a colon ("Orientering: …");
- inline, as flattened transcripts and sakslister print them: after a sentence end or an
  agenda ordinal, the title form followed by a capitalised word, a colon or the next
  ordinal ("… godkjent. Eventuelt Ingen saker.", "1. Åpen halvtime 2. Godkjenning av …").
The title of an inline item runs over the lower-case words after the form ("Godkjenning
av innkalling og saksliste") and stops at a capital, a colon, an ordinal or a sentence end.
Pure: text in, headings out; the segmenter decides which of them are this meeting's items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .labels import reports_outcome
from .lines import iter_lines, strip_markup
from .rules import RuleDataError, load_rules

RULES = "standing_items"

# An agenda ordinal before a title: "2.", "2)", "Sak 2", "Pkt. 2", "Punkt 2:" (no slash: "Sak 2/19"
# is a case); its words are rule data (ordinal_words).
ORDINAL = r"(?:(?:{words})\s*)?\d{{1,2}}(?:[.):]|\s*[-–])?(?![\d/])"
MAX_HEADING_WORDS = 14
MAX_TITLE_WORDS = 24
# A continuation word of an inline title: lower case, or a number / date ("fra møte 13.11.2014").
CONTINUATION = re.compile(r"[a-zæøå0-9][\wæøå./-]*|og|/|-|–")
NEXT_ORDINAL = re.compile(r"\d{1,2}[.)]$")
BULLETS = ("-", "•", "*", "–", "▪", "·")


@dataclass(frozen=True)
class StandingRules:
    title: re.Pattern       # any title form, anchored at the title start
    stop_words: frozenset[str]  # words that end an inline title (verbs of the minutes)
    group_heading: re.Pattern   # forms that may head a group of numbered cases
    abbreviations: frozenset[str]
    prepositions: frozenset[str]    # after these a capitalised word continues an inline title
    leading_ordinal: re.Pattern     # an agenda ordinal at a line start
    inline_before: re.Pattern       # what may stand right before an inline title
    ordinal_before: re.Pattern      # an agenda ordinal right before a position
    closing: re.Pattern             # items that close a meeting, after its cases


@dataclass(frozen=True)
class StandingHeading:
    title: str
    char_start: int         # start of the title
    heading_end: int        # end of the title (the item's body starts here)
    line_start: int         # where the item begins (its ordinal included)
    form: str               # line | inline


@lru_cache(maxsize=1)
def standing_rules() -> StandingRules:
    data = load_rules(RULES, required={"items": list, "title_stop_words": list, "group_headings": str,
                                       "abbreviations": list, "title_prepositions": list,
                                       "ordinal_words": list, "closing_items": str})
    forms = []
    for i, entry in enumerate(data["items"]):
        if not isinstance(entry, dict) or set(entry) != {"pattern", "example"}:
            raise RuleDataError(f"{RULES}.yaml: items[{i}] must have exactly 'pattern' and 'example'")
        try:
            pattern = re.compile(rf"(?:{entry['pattern']})", re.IGNORECASE)
        except re.error as exc:
            raise RuleDataError(f"{RULES}.yaml: items[{i}] pattern: {exc}") from exc
        if not pattern.match(entry["example"]):
            raise RuleDataError(f"{RULES}.yaml: items[{i}] pattern does not match its example {entry['example']!r}")
        forms.append(f"(?:{entry['pattern']})")
    return StandingRules(re.compile(rf"(?<![\wæøåÆØÅ])(?:{'|'.join(forms)})(?![\wæøåÆØÅ])", re.IGNORECASE),
                         frozenset(w.casefold() for w in data["title_stop_words"]),
                         re.compile(rf"(?:{data['group_headings']})$", re.IGNORECASE),
                         frozenset(w.casefold() for w in data["abbreviations"]),
                         frozenset(w.casefold() for w in data["title_prepositions"]),
                         *_ordinal_patterns(data["ordinal_words"]),
                         re.compile(rf"(?:{data['closing_items']})$", re.IGNORECASE))


def _ordinal_patterns(words: list[str]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    ordinal = ORDINAL.format(words="|".join(re.escape(w).replace(r"\.", r"\.?") for w in words))
    return (re.compile(rf"^(?:{ordinal})\s+", re.IGNORECASE),
            # a sentence end, a colon or an agenda ordinal
            re.compile(rf"(?:[.!?:]|(?:^|\s){ordinal}|\)|^)\s*$", re.IGNORECASE),
            re.compile(rf"{ordinal}\s*$", re.IGNORECASE))


def _line_heading(text: str, line) -> StandingHeading | None:
    """A heading line that starts with a standing title: short, or the form then a colon.
    A line that reports the item's outcome as a sentence ("Innkalling og saksliste
    godkjennes.") is no heading; before a colon the report is cut ("… godkjent:")."""
    clean = line.clean
    lead = standing_rules().leading_ordinal.match(clean)
    offset = lead.end() if lead else 0
    m = standing_rules().title.match(clean, offset)
    if not m:
        return None
    rest = clean[m.end():]
    colon = rest.find(":")
    if colon != -1 and len(rest[:colon].split()) <= MAX_TITLE_WORDS - len(m[0].split()):
        title_end = m.end() + colon
    elif len(clean[offset:].split()) <= MAX_HEADING_WORDS and not re.search(r"[.!?]\s+[A-ZÆØÅ]", rest):
        title_end = len(clean.rstrip(" .:"))
        if _stop_word_at(clean, m.end(), title_end) is not None:
            return None
    else:
        return None
    title_end = min(title_end, _stop_word_at(clean, m.end(), title_end) or title_end)
    start = line.clean_start + offset
    title = strip_markup(clean[offset:title_end]).strip(" :.-–")
    return StandingHeading(title, start, line.clean_start + title_end, line.clean_start, "line") if title else None


def _stop_word_at(clean: str, pos: int, end: int) -> int | None:
    """Offset of the first stop word (a verb of the minutes) in clean[pos:end]."""
    stop = standing_rules().stop_words
    for w in re.finditer(r"[^\W\d_]+", clean[pos:end]):
        if w.group().casefold() in stop:
            return pos + w.start()
    return None


def _title_end(text: str, pos: int, end: int) -> int:
    """End of an inline title after its form: lower-case and number words (a capitalised one
    right after a preposition: "Orientering om Innovasjon"), up to a capital, a colon, an
    agenda ordinal, a sentence end or a verb of the minutes ("ble godkjent")."""
    rules = standing_rules()
    title_end, previous, proper = pos, "", False
    for n, m in enumerate(re.finditer(r"\S+", text[pos:min(end, pos + 200)])):
        word = m.group()
        bare = word.rstrip(".,:;")
        folded = bare.casefold()
        # a name after a preposition runs over its capitalised words ("Interpellasjon fra Søndre Land SV")
        capital_name = bare[:1].isupper() and (previous in rules.prepositions or proper)
        continues = CONTINUATION.fullmatch(bare) or capital_name
        proper = bool(capital_name)
        if n >= MAX_TITLE_WORDS or NEXT_ORDINAL.fullmatch(word) or not continues or folded in rules.stop_words:
            break
        title_end = pos + m.start() + len(bare)
        if word != bare:
            if not (word.endswith(".") and folded in rules.abbreviations):
                break  # a period or colon after the word ends the title
            title_end += 1
        previous = folded
    return title_end


NEXT_CHAR = re.compile(r"[^\s:.;,]")


def _inline_headings(text: str, line, taken: set[int], limit: int) -> list[StandingHeading]:
    """Inline titles of one line: after a sentence end or ordinal, before a capital, a
    digit, a quote or the line end (slices stay short: a line may be megabytes)."""
    found = []
    rules = standing_rules()
    for m in rules.title.finditer(text, line.clean_start, line.end):
        if len(found) > limit:
            break
        if m.start() in taken or not rules.inline_before.search(text[max(line.start, m.start() - 12):m.start()]):
            continue
        title_end = max(m.end(), _title_end(text, m.end(), line.end))
        following = NEXT_CHAR.search(text, title_end, min(line.end, title_end + 200))
        if following is None and title_end + 200 < line.end:
            continue
        if following and not (following[0].isupper() or following[0].isdigit() or following[0] in "«\"(-–"):
            continue
        ordinal = rules.ordinal_before.search(text[max(line.start, m.start() - 10):m.start()])
        begin = m.start() - (len(ordinal[0]) if ordinal and ordinal[0].strip() else 0)
        found.append(StandingHeading(" ".join(text[m.start():title_end].split()).strip(" :.-–"),
                                     m.start(), title_end, begin, "inline"))
    return found


def standing_item_headings(text: str, start: int, end: int, limit: int = 10_000) -> list[StandingHeading]:
    """Every standing-item heading in text[start:end], in text order (at most ``limit``)."""
    found: list[StandingHeading] = []
    previous = ""
    for line in iter_lines(text, start, end):
        if line.blank:
            continue
        after_label, previous = previous.endswith(":"), line.clean
        if line.raw.lstrip()[:1] in BULLETS:
            continue  # a bullet inside a case ("- Orientering om …") is no agenda item
        # the line after "Vedtak:" is the label's text ("Innkalling og saksliste godkjennes")
        heading = None if after_label else _line_heading(text, line)
        if heading:
            found.append(heading)
        taken = {heading.char_start} if heading else {line.clean_start} if after_label else set()
        found += _inline_headings(text, line, taken, limit)
        if len(found) > limit:
            break
    return _without_label_texts(text, found[:limit])


def _without_label_texts(text: str, found: list[StandingHeading]) -> list[StandingHeading]:
    """A title right after another's colon is that item's text ("Munnleg orientering:
    Orientering om …" is one item)."""
    kept: list[StandingHeading] = []
    for heading in found:
        if kept and text[kept[-1].heading_end:heading.line_start].strip() == ":":
            continue
        kept.append(heading)
    return kept


def heads_a_group(title: str) -> bool:
    """"Referatsaker", "Orienteringssaker": a title that may stand over a group of cases."""
    return bool(standing_rules().group_heading.match(" ".join(title.split())))


def closes_a_meeting(title: str) -> bool:
    """"Eventuelt", "Referatsaker", "Orienteringssaker": an item that follows the cases."""
    return bool(standing_rules().closing.match(" ".join(title.split())))


def standing_title_prefix(title: str, own_line: bool = False) -> str | None:
    """The standing item a run-on title opens with ("Eventuelt Ingen saker." → "Eventuelt",
    "Referatsaker Vikersund, 08.10.2024 …" → "Referatsaker"), or None when it opens with none.
    ``own_line``: the title stands on a line of its own, which only a flattened page runs on, so
    the rest must report the outcome: a stop word of the minutes ("Ingen saker.") or an outcome
    sentence ("Innkalling og dagsorden ble godkjent.")."""
    m = standing_rules().title.match(title)
    if not m:
        return None
    end = max(m.end(), _title_end(title, m.end(), len(title)))
    stop = _stop_word_at(title, m.end(), end)
    cut = title[: stop if stop is not None else end].rstrip()
    if own_line:
        rest = title[len(cut):].lstrip(" .:-–")
        first = rest.split()[0].casefold() if rest else ""
        if not rest or not (first in standing_rules().stop_words or reports_outcome(rest)):
            return None
    if stop is None:
        rest = title[end:].lstrip(" .:-–")
        # "Orientering om Innovasjon Norge …", "Skriv og meldingar, hovudutval for …", "… møte 5. desember":
        # the title goes on; it ends before a sentence or a signature ("Eventuelt Ingen saker.")
        if end > m.end() and cut.split()[-1][:1].isupper() or title[end:end + 1] in (",", ";") or not rest[:1].isupper():
            return None
    return cut.strip(" :.-–") or None

