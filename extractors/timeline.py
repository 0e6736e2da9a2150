"""Timeline events in a document's text: dated plans, phase lists, meetings
referred to, and deadlines.

* A plan block starts at a heading line such as "**Fremdriftsplan:**" and holds
  rows "<date><tab or spaces><body or event>" ("15.06.17<TAB>Styringsgruppen");
  bold or short dated lines inside it are phase headings ("<b>Diskusjoner i
  kommunene: Oktober 2017 – januar 2018.</b>") that give the following rows
  their phase.
* A phase list is a run of lines "<period>:<tab><phase>" ("Oktober 2017 –
  januar 2018:<TAB>Diskusjoner i kommunene.") after a line that names phases.
* A referenced meeting is a day date right after a meeting word or a body
  ("i møte 15.06.2017", "generalforsamling 15.06.2017").
* A deadline is a date after "frist" or qualified "innen".

The document's own meeting and the decisions taken in it are not read from
text here; pipeline/extract_timeline.py adds them from the header and the
decisions table. All vocabulary lives in rules/timeline.yaml.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from .case_numbers import find_case_mentions
from .dates import DateMention, find_dates
from .header import document_rules
from .lines import Line, iter_lines, sentence_span, strip_markup
from .memo import short_text_memo
from .prefilter import may_match, opening_assertion, search_at
from .rules import RuleDataError, load_rules

RULES_NAME = "timeline"
HSPACE = r"[^\S\n]"
WORD_START = r"(?<![\wæøå])"   # every word of words_regex (and of a body pattern) opens with it
PERIOD_PRECISIONS = {"month", "season", "year", "range"}   # a phase's dates; a meeting has a day
BOLD_START = re.compile(r"^\s*(?:<b>|<strong>|\*\*|__|#{1,6}\s)", re.IGNORECASE)
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s")
RULE_LINE = re.compile(r"[-*_=]{3,}")
ROW_SEPARATORS = " \t:|–—-"
LABEL_TRAILING_PUNCTUATION = " \t:.;,"

# statuses of an event as its own document tells it
HELD, PLANNED, DUE, UNKNOWN = "held", "planned", "due", "unknown"


@dataclass(frozen=True)
class Section:
    """An agenda item's span: the case and title around a position."""

    case_number: str | None
    title: str
    char_start: int
    char_end: int
    heading_end: int | None = None   # end of the item's heading ("Sak 24/2017 Tittel")


@dataclass(frozen=True)
class TimelineEvent:
    kind: str                       # plan_phase | plan_meeting | referenced_meeting | deadline
    start: datetime.date | None
    end: datetime.date | None       # last day covered; None for a single day
    precision: str | None           # day | month | season | year | range
    label: str                      # the row, heading or sentence as written
    body: str | None                # canonical body name
    phase: str | None               # plan phase the event belongs to
    status: str                     # planned | held | due | unknown
    case_number: str | None
    char_start: int
    char_end: int


# ---------------------------------------------------------------- rule data


@dataclass(frozen=True)
class TimelineRules:
    plan_heading: re.Pattern
    phase_cue: re.Pattern
    phase_list_min_lines: int
    phase_heading_max_chars: int
    meeting_context: re.Pattern      # ends right before a meeting's date
    meeting_starts: re.Pattern | None   # holds where a meeting_context match can start
    deadline_context: re.Pattern     # ends right before a deadline's date
    label_max_chars: int
    body_synonyms: dict[str, str]
    bodies: tuple[tuple[str, re.Pattern], ...]
    relation_cues: tuple[tuple[str, re.Pattern], ...]   # (relation, cue pattern) in rule order
    default_relation: str
    own_meeting_status: dict[str, str]


def words_regex(words: list[str]) -> str:
    """Alternation of words, longest first; spaces match any spacing, whole words only."""
    escaped = (re.escape(w).replace(r"\ ", HSPACE + "+") for w in sorted(set(words), key=len, reverse=True))
    return WORD_START + r"(?:%s)(?![\wæøå])" % "|".join(escaped)


def _check_words(key: str, words: list) -> list[str]:
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise RuleDataError(f"{RULES_NAME}.yaml: {key}: needs a non-empty list of words")
    return words


def _check_positive(key: str, value: int) -> int:
    if value < 1:
        raise RuleDataError(f"{RULES_NAME}.yaml: {key}: must be at least 1, got {value}")
    return value


def _body_synonyms(synonyms: dict, known: set[str]) -> dict[str, str]:
    for variant, canonical in synonyms.items():
        if canonical not in known:
            raise RuleDataError(f"{RULES_NAME}.yaml: body_synonyms: {variant!r} -> {canonical!r}, "
                                f"which is not a body in bodies.yaml")
    return dict(synonyms)


def _relation_cues(relations: list, default: str) -> tuple[tuple[str, re.Pattern], ...]:
    cues = []
    for rule in relations:
        if not isinstance(rule, dict) or set(rule) != {"relation", "cues"}:
            raise RuleDataError(f"{RULES_NAME}.yaml: relations: each rule needs exactly 'relation' and 'cues'")
        words = _check_words(f"relations.{rule['relation']}", rule["cues"])
        cues.append((rule["relation"], re.compile(words_regex(words), re.IGNORECASE)))
    if default not in {name for name, _ in cues}:
        raise RuleDataError(f"{RULES_NAME}.yaml: default_relation {default!r} is not one of the relations")
    return tuple(cues)


def _own_meeting_status(statuses: dict) -> dict[str, str]:
    for kind, status in statuses.items():
        if status not in (HELD, PLANNED):
            raise RuleDataError(f"{RULES_NAME}.yaml: own_meeting_status: {kind}: status must be held or planned")
    return dict(statuses)


def _body_regex(bodies: tuple[tuple[str, re.Pattern], ...]) -> str:
    return "|".join(f"(?:{pattern.pattern})" for _, pattern in bodies)


REQUIRED_KEYS = {
    "plan_headings": list, "phase_list_cues": list, "phase_list_min_lines": int, "phase_heading_max_chars": int,
    "meeting_cues": list, "meeting_cue_fillers": list, "deadline_cues": list, "label_max_chars": int,
    "body_synonyms": dict, "relations": list, "default_relation": str, "own_meeting_status": dict,
}


@lru_cache(maxsize=1)
def timeline_rules() -> TimelineRules:
    """Load, check and compile ``rules/timeline.yaml`` once."""
    data = load_rules(RULES_NAME, required=REQUIRED_KEYS)
    bodies = tuple(document_rules().bodies)
    body = _body_regex(bodies)
    cue = words_regex(_check_words("meeting_cues", data["meeting_cues"]))
    filler = words_regex(_check_words("meeting_cue_fillers", data["meeting_cue_fillers"]))
    headings = words_regex(_check_words("plan_headings", data["plan_headings"]))
    # a cue or body, then any fillers/cues/bodies, then the date: "møte i Styringsgruppen den "
    meeting_context = re.compile(
        rf"(?:{cue}|{body})(?:{HSPACE}+(?:{filler}|{cue}|{body}))*{HSPACE}*,?{HSPACE}*$", re.IGNORECASE)
    return TimelineRules(
        # "Fremdriftsplan", "Møteplan 2018:", "Tidsplan for 2018–2019"
        plan_heading=re.compile(rf"{headings}(?:\s+(?:for\s+)?\d{{4}}(?:\s*[-–/]\s*\d{{4}})?)?\s*:?", re.IGNORECASE),
        phase_cue=re.compile(words_regex(_check_words("phase_list_cues", data["phase_list_cues"])), re.IGNORECASE),
        phase_list_min_lines=_check_positive("phase_list_min_lines", data["phase_list_min_lines"]),
        phase_heading_max_chars=_check_positive("phase_heading_max_chars", data["phase_heading_max_chars"]),
        meeting_context=meeting_context,
        meeting_starts=opening_assertion(meeting_context, WORD_START),
        deadline_context=re.compile(
            rf"{words_regex(_check_words('deadline_cues', data['deadline_cues']))}{HSPACE}*:?{HSPACE}*$",
            re.IGNORECASE),
        label_max_chars=_check_positive("label_max_chars", data["label_max_chars"]),
        body_synonyms=_body_synonyms(data["body_synonyms"], {name for name, _ in bodies}),
        bodies=bodies,
        relation_cues=_relation_cues(data["relations"], data["default_relation"]),
        default_relation=data["default_relation"],
        own_meeting_status=_own_meeting_status(data["own_meeting_status"]),
    )


# ---------------------------------------------------------------- small helpers


def canonical_body(name: str | None) -> str | None:
    """The body's canonical name ("Generalforsamling" -> "Generalforsamlingen")."""
    if name is None:
        return None
    return timeline_rules().body_synonyms.get(name, name)


@dataclass(frozen=True)
class Mention:
    name: str
    char_start: int
    char_end: int


def find_bodies(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Body names in text[start:end] (canonical), longest first where two overlap."""
    end = len(text) if end is None else end
    found = [Mention(canonical_body(name), m.start(), m.end())
             for name, pattern in timeline_rules().bodies for m in pattern.finditer(text, start, end)]
    chosen: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.char_start - m.char_end, m.char_start)):
        if all(mention.char_end <= o.char_start or mention.char_start >= o.char_end for o in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.char_start)


def nearest(mentions: list, position: int, lo: int, hi: int):
    """The mention in [lo, hi) nearest before position, else the first after it."""
    before = [m for m in mentions if lo <= m.char_start and m.char_end <= position]
    if before:
        return before[-1]
    after = [m for m in mentions if m.char_start >= position and m.char_end <= hi]
    return after[0] if after else None


def short_label(text: str, limit: int | None = None) -> str:
    """Whitespace-normalised text, cut at a word boundary to the rule's label length."""
    limit = limit or timeline_rules().label_max_chars
    flat = " ".join(strip_markup(text).split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def phase_name(text: str) -> str:
    """A phase's name: markup, dates and trailing separators dropped
    ("Etablere en omforent prosess: Juni – september 2017." -> "Etablere en omforent prosess")."""
    plain = strip_markup(text)
    for mention in reversed(find_dates(plain)):
        plain = plain[:mention.char_start] + plain[mention.char_end:]
    return " ".join(plain.split()).strip(LABEL_TRAILING_PUNCTUATION + "–—-")


def phase_key(name: str) -> str:
    return " ".join(re.sub(r"[^\wæøå ]", " ", name.casefold()).split())


def section_at(sections: list[Section], position: int) -> Section | None:
    return next((s for s in sections if s.char_start <= position < s.char_end), None)


def end_date(mention: DateMention) -> datetime.date | None:
    return None if mention.start == mention.end else mention.end


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


# ---------------------------------------------------------------- lines that start with a date


@dataclass(frozen=True)
class DatedLine:
    line: Line
    date: DateMention          # offsets into the whole text
    label: str                 # the rest of the line, separators dropped
    colon: bool                # a colon right after the date ("Mai 2018:")


@short_text_memo
def line_dates(text: str, reference: datetime.date | None) -> tuple[DateMention, ...]:
    """find_dates of a line, kept: the phase lists and plan blocks read the same lines, and
    documents repeat lines (58% of the 2359 lines read on 100 bench docs are repeats)."""
    return tuple(find_dates(text, reference=reference))


def dated_line(line: Line, reference: datetime.date | None) -> DatedLine | None:
    """A line that opens with a date and goes on with a label ("15.06.17<TAB>Styringsgruppen")."""
    found = line_dates(line.clean, reference)
    if not found or found[0].char_start != 0:
        return None
    first = found[0]
    rest = line.clean[first.char_end:]
    label = rest.lstrip(ROW_SEPARATORS).rstrip()
    if not re.search(r"[^\W\d_]", label):
        return None
    shifted = DateMention(first.start, first.end, first.precision, first.text,
                          line.clean_start + first.char_start, line.clean_start + first.char_end,
                          first.qualifier, first.method)
    colon = rest.lstrip(" \t").startswith(":")
    return DatedLine(line, shifted, label, colon)


# ---------------------------------------------------------------- phase lists


def phase_list_events(lines: list[Line], reference: datetime.date | None, sections: list[Section]) -> list[TimelineEvent]:
    """Runs of "<period>:<tab><phase>" lines after a line that names phases."""
    rules = timeline_rules()
    events: list[TimelineEvent] = []
    run: list[DatedLine] = []
    cue_line: Line | None = None

    def close_run() -> None:
        if len(run) >= rules.phase_list_min_lines and cue_line is not None and rules.phase_cue.search(cue_line.clean):
            events.extend(phase_event(row, sections) for row in run)
        run.clear()

    previous: Line | None = None
    for line in lines:
        # a phase row has a colon after its period: lines without one are not read for dates
        row = dated_line(line, reference) if not line.blank and ":" in line.clean else None
        if row is not None and row.colon:
            if not run:
                cue_line = previous
            run.append(row)
        else:
            close_run()
        if not line.blank:
            previous = line
    close_run()
    return events


def phase_event(row: DatedLine, sections: list[Section]) -> TimelineEvent:
    label = row.label.rstrip(":").rstrip()
    section = section_at(sections, row.line.start)
    return TimelineEvent(
        "plan_phase", row.date.start, end_date(row.date), row.date.precision, label, None,
        label.strip(LABEL_TRAILING_PUNCTUATION), PLANNED, section.case_number if section else None,
        row.line.clean_start, row.line.clean_start + len(row.line.clean))


# ---------------------------------------------------------------- plan blocks


def is_plan_heading(line: Line) -> bool:
    return timeline_rules().plan_heading.fullmatch(strip_markup(line.clean)) is not None


def plan_block_spans(lines: list[Line], sections: list[Section], end: int) -> list[tuple[Line, int]]:
    """Each plan heading with the end of its block: the next plan or Markdown heading, or
    the end of the agenda item (or text) it stands in."""
    blocks = []
    for i, line in enumerate(lines):
        if line.blank or not is_plan_heading(line):
            continue
        section = section_at(sections, line.start)
        block_end = section.char_end if section else end
        for later in lines[i + 1:]:
            if later.start >= block_end:
                break
            if not later.blank and (is_plan_heading(later) or MARKDOWN_HEADING.match(later.raw)):
                block_end = later.start
                break
        blocks.append((line, block_end))
    return blocks


def is_phase_heading(line: Line, reference: datetime.date | None) -> bool:
    """Bold or Markdown heading lines, or short lines that carry a period ("Oktober 2017 – januar 2018")."""
    if BOLD_START.match(line.raw):
        return True
    if len(line.clean) > timeline_rules().phase_heading_max_chars:
        return False
    return any(m.precision in PERIOD_PRECISIONS for m in line_dates(line.clean, reference))


def plan_block_events(lines: list[Line], block_end: int, reference: datetime.date | None,
                      known_phases: set[str], sections: list[Section]) -> list[TimelineEvent]:
    """Rows of one plan block: dated rows are meetings (a day) or phases (a period);
    phase headings set the phase of the rows after them."""
    events: list[TimelineEvent] = []
    phase: str | None = None
    for line in lines:
        if line.start >= block_end:
            break
        if line.blank or RULE_LINE.fullmatch(line.clean):
            continue
        section = section_at(sections, line.start)
        case_number = section.case_number if section else None
        span = (line.clean_start, line.clean_start + len(line.clean))
        row = dated_line(line, reference)
        if row is not None:
            if row.date.precision == "day":
                events.append(TimelineEvent(
                    "plan_meeting", row.date.start, None, "day", row.label,
                    leading_body(row.label), phase, PLANNED, case_number, *span))
            else:
                events.append(phase_event(row, sections))
            continue
        if is_phase_heading(line, reference):
            phase = phase_name(line.clean) or phase
            periods = [m for m in find_dates(strip_markup(line.clean), reference=reference)
                       if m.precision in PERIOD_PRECISIONS]
            if periods and phase and phase_key(phase) not in known_phases:  # a bare period names no phase
                known_phases.add(phase_key(phase))
                first = periods[0]
                events.append(TimelineEvent("plan_phase", first.start, end_date(first), first.precision, phase,
                                            None, phase, PLANNED, case_number, *span))
    return events


def leading_body(label: str) -> str | None:
    """The body a plan row names ("Styringsgruppen", "Felles møte Rådmannsgruppen og …")."""
    found = find_bodies(label)
    return found[0].name if found else None


# ---------------------------------------------------------------- meetings referred to, deadlines


def referenced_meeting_events(text: str, mentions: list[DateMention], skip: list[tuple[int, int]],
                              sections: list[Section], own_date: datetime.date | None,
                              own_body: str | None) -> list[TimelineEvent]:
    """Day dates right after a meeting word or body ("i møte 15.06.2017"), other than the document's own."""
    rules = timeline_rules()
    events = []
    for mention in mentions:
        if mention.precision != "day" or inside(mention.char_start, skip):
            continue
        window = max(0, mention.char_start - 80)
        if not may_match(rules.meeting_context, text, window, mention.char_start):
            continue  # no meeting word or body before the date (searching the window is slow)
        context = search_at(rules.meeting_context, rules.meeting_starts, text, window, mention.char_start)
        if context is None:
            continue
        section = section_at(sections, mention.char_start)
        lo, hi = (section.char_start, section.char_end) if section else (0, len(text))
        left, right = sentence_span(text, mention.char_start, mention.char_end, lo, hi)
        body = meeting_body(text, context, mention, (left, right), section)
        if mention.start == own_date and body in (None, own_body):
            continue
        events.append(TimelineEvent(
            "referenced_meeting", mention.start, None, "day", short_label(text[left:right]), body, None,
            reference_status(mention.start, own_date), mentioned_case(text, mention, (left, right), section),
            mention.char_start, mention.char_end))
    return events


def meeting_body(text: str, context: re.Match, mention: DateMention, sentence: tuple[int, int],
                 section: Section | None) -> str | None:
    """The body in the words before the date, else the nearest in the sentence, else in the item's title."""
    in_context = find_bodies(text, context.start(), context.end())
    if in_context:
        return in_context[-1].name
    found = nearest(find_bodies(text, *sentence), mention.char_start, *sentence)
    if found:
        return found.name
    in_title = find_bodies(section.title) if section else []
    return in_title[0].name if in_title else None


def mentioned_case(text: str, mention: DateMention, sentence: tuple[int, int], section: Section | None) -> str | None:
    """The case named with the meeting ("i møte 15.06.2017, sak 06/2017"), else the item's own case."""
    left, right = sentence
    cases = find_case_mentions(text[left:right], offset=left)
    after = [c for c in cases if c.char_start >= mention.char_end]
    before = [c for c in cases if c.char_end <= mention.char_start]
    if after:
        return after[0].case_number
    if before:
        return before[-1].case_number
    return section.case_number if section else None


def reference_status(day: datetime.date, own_date: datetime.date | None) -> str:
    """A meeting the document refers to is held if it is not after the document's own date."""
    if own_date is None:
        return UNKNOWN
    return HELD if day <= own_date else PLANNED


def deadline_events(text: str, mentions: list[DateMention], skip: list[tuple[int, int]],
                    sections: list[Section]) -> list[TimelineEvent]:
    """Dates after "frist" or qualified "innen" ("innen 1. mars 2018", "høringsfrist 01.03.2018")."""
    rules = timeline_rules()
    events = []
    for mention in mentions:
        if mention.precision not in ("day", "month") or inside(mention.char_start, skip):
            continue
        cued = rules.deadline_context.search(text, max(0, mention.char_start - 40), mention.char_start)
        if mention.qualifier != "by" and cued is None:
            continue
        section = section_at(sections, mention.char_start)
        lo, hi = (section.char_start, section.char_end) if section else (0, len(text))
        left, right = sentence_span(text, mention.char_start, mention.char_end, lo, hi)
        events.append(TimelineEvent(
            "deadline", mention.start, end_date(mention), mention.precision, short_label(text[left:right]),
            None, None, DUE, section.case_number if section else None, mention.char_start, mention.char_end))
    return events


# ---------------------------------------------------------------- public API


def find_timeline(text: str, start: int, end: int, sections: list[Section],
                  own_date: datetime.date | None = None, own_body: str | None = None) -> list[TimelineEvent]:
    """Plan phases and meetings, referenced meetings and deadlines in text[start:end], in text order.

    ``sections`` are the agenda items (a plan block ends with its item);
    ``own_date``/``own_body`` are the document's own meeting, which is not a
    reference, and the reference year for dates written without one.
    """
    lines = list(iter_lines(text, start, end))
    phases = phase_list_events(lines, own_date, sections)
    known = {phase_key(e.phase) for e in phases}
    plans: list[TimelineEvent] = []
    skip: list[tuple[int, int]] = []
    in_phase_list = {e.char_start for e in phases}  # a phase list inside a plan block is read once
    for heading, block_end in plan_block_spans(lines, sections, end):
        block_lines = [line for line in lines
                       if heading.end <= line.start < block_end and line.clean_start not in in_phase_list]
        plans += plan_block_events(block_lines, block_end, own_date, known, sections)
        skip.append((heading.start, block_end))
    skip += [(e.char_start, e.char_end) for e in phases]
    mentions = [DateMention(m.start, m.end, m.precision, m.text, m.char_start + start, m.char_end + start,
                            m.qualifier, m.method) for m in find_dates(text[start:end], reference=own_date)]
    events = (phases + plans + referenced_meeting_events(text, mentions, skip, sections, own_date, own_body)
              + deadline_events(text, mentions, skip, sections))
    return sorted(events, key=lambda e: (e.char_start, e.kind))
