"""The layout step: recover the logical lines of a document, whatever form its text arrived in.

Minutes arrive as text with real line breaks, as Markdown or HTML text, as PDF text
layers, as OCR text, and very often as web transcripts of PDFs with one line per PDF
page ("2 Sakliste Sak 091/11: Referatsaker … 3 Sak 092/11: …").  In the last form the
headings, labels and lists stand inline.  This step finds them by their own shape —
case numbers by where they stand (``extractors.cases``), block labels by the words
before a colon or as an upper-case run, attendance labels, agenda headings, vote lines,
page numbers — and turns the space before each into a line break.  The result has the
same length as the input, so every offset still points into the original text, and
all later steps read lines as if the document had been typed with them.

Named transforms, each pure:
  transcript_pages → page_number_cuts → case_breaks (+ label_breaks, marker_breaks,
  vote_breaks) → apply_breaks → edge_furniture → chrome_cuts
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import names
from .boilerplate import chrome_spans, repeated_edge_lines
from .cases import NumberMention, classify_numbers, context_rules, item_number_patterns, layout_rule_data
from .labels import classify_label, closing_line_at, decision_subject_end, label_rules, vote_line_at
from .lines import FLAT_LINE_CHARS
from .lines import line_start as start_of_line
from .prefilter import start_test
from .rules import compile_patterns, rule_value

_MAX_LABEL_WORDS = 9
_WORD_BEFORE = re.compile(r"\S+\s*\Z")
_UPPER_WORD = re.compile(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ][A-ZÆØÅ.\-]*[A-ZÆØÅ.](?![\wæøåÆØÅ])|(?<![\wæøåÆØÅ])[A-ZÆØÅ](?=\s)")
# Elements writes a body code before a label: "LEV - Behandling:", "FS-044/13 Vedtak:".
_CODE_BEFORE_LABEL = re.compile(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ]{2,6}[ \t]*-[ \t]*(?:\d{1,4}/\d{2,4}[ \t]+)?\Z")

# lower-case words a colon-less label may hold before its last word ("Forslag til vedtak",
# "Rådmannen sitt framlegg til vedtak"); other lower-case words make it running text
_LABEL_GLUE = frozenset({"til", "si", "sitt", "sin", "sine", "og"})
_KEY_PREFIX = re.compile(r"[ \t]*[A-ZÆØÅ][\wæøåÆØÅ.\-/() ]{0,30}:(?:[ \t]+|$)")
_SUBORDINATORS = frozenset({"at", "om", "som", "når", "dersom", "hvis", "viss", "og", "men", "før", "etter", "der",
                           "fordi", "slik", "korleis", "hvordan", "da", "då"})
_TREATMENT_ROW = re.compile(r"(?<![\wæøåÆØÅ])([A-ZÆØÅ][\wæøåÆØÅ\-]*)[ \t]+(?:\d{1,2}\.\d{1,2}\.\d{2,4}[ \t]+\d{1,4})?"
                            r"/\d{2,4}(?=[ \t]+[A-ZÆØÅ])")
SOFT_BREAK = "soft line break joined"
_ENDS_WITH_NUMBER = re.compile(r"\d/\d{2,4}\s*$")  # a line that ends with a case number ends its heading
_LIST_START = re.compile(r"\s*(?:[-*•–·]\s|\d{1,2}[.)]\s|[a-hA-H]\)\s)")
_CAPITALISED = re.compile(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ][a-zæøå]+")
_WORD_AFTER = re.compile(r"[^\s]+")
_LINE_LEAD_CHARS = " \t-*•–·#>|_0123456789.)"
_PAGE_LINE = re.compile(r"^(\d{1,3})(?=[ \t]|$)", re.MULTILINE)


@dataclass(frozen=True)
class Cut:
    """A span that is not part of any block text (page furniture) or not part of the
    document at all (web chrome), with the reason."""

    char_start: int
    char_end: int
    reason: str


@dataclass(frozen=True)
class Layout:
    text: str                               # same length as the input; breaks are "\n"
    breaks: tuple[tuple[int, str], ...]     # (offset of the replaced space, why)
    cuts: tuple[Cut, ...]                   # furniture and chrome, in text order
    mentions: tuple[NumberMention, ...]     # case-number tokens with their role
    pages: tuple[tuple[int, int], ...]      # page spans of a page-per-line transcript, else ()
    content_start: int                      # the document proper (web chrome outside)
    content_end: int

    @property
    def furniture_lines(self) -> frozenset[int]:
        """Line starts (in ``text``) of page furniture: left out of block texts."""
        starts = set()
        for cut in self.cuts:
            if cut.reason.startswith("page"):
                starts.add(start_of_line(self.text, cut.char_start))
        return frozenset(starts)


@dataclass(frozen=True)
class LayoutRules:
    agenda: re.Pattern
    page_markers: re.Pattern
    page_tail: re.Pattern       # the page number (or footer) that ends a transcript's page line
    min_mean_page_chars: int
    bare_words: frozenset[str]
    attendance_labels: re.Pattern   # list labels ("Følgende møtte", "Forfall"), inline with or without a colon
    role_labels: re.Pattern         # one-person labels ("Møteleder", "Referent"), inline with a colon only


@lru_cache(maxsize=1)
def layout_rules() -> LayoutRules:
    data = layout_rule_data()
    compile_patterns("layout", "agenda_markers", data["agenda_markers"], flags=0)
    page_words = "|".join(data["page_marker_words"])
    markers = [m.replace("{page_words}", page_words) for m in data["inline_page_markers"]]
    compile_patterns("layout", "inline_page_markers", markers, flags=0)
    # an agenda word after a title's word ("… INNKALLING OG SAKLISTE") heads no list (a fixed-width
    # look-behind per word: layout.yaml agenda_title_words)
    in_title = "".join(r"(?<!(?i:%s) )" % re.escape(w) for w in data.get("agenda_title_words", []))
    # after an item's number the agenda word is the item's title ("2. Dagsorden", "Sak 2: Dagsorden")
    in_title += r"(?<!\d\. )(?<!\d: )"
    agenda = re.compile(r"(?<![\wæøåÆØÅ])%s(?:%s)(?![\wæøåÆØÅ])" % (in_title, "|".join(data["agenda_markers"])))
    pages = re.compile(r"(?<![\wæøåÆØÅ])(?:%s)(?![\wæøåÆØÅ/])" % "|".join(markers))
    tail = re.compile(r"[ \t](?:(?:%s)[ \t]+)?(?:[Ss]ide[ \t]+)?(\d{1,3})(?:[ \t]+av[ \t]+\d{1,3})?[ \t]*\Z" % page_words)
    sections = rule_value("attendance", "sections", list)
    attendance = re.compile("|".join(f"(?:{s['pattern']})" for s in sections if not s.get("single")), re.IGNORECASE)
    roles = re.compile("|".join(f"(?:{s['pattern']})" for s in sections if s.get("single")), re.IGNORECASE)
    return LayoutRules(agenda, pages, tail, data["transcript_min_mean_page_chars"],
                       frozenset(w.casefold() for w in data["bare_label_words"]), attendance, roles)


# --- pages of a page-per-line transcript ------------------------------------------------------


def transcript_pages(text: str) -> list[tuple[int, int, int]]:
    """(page number, line start, line end) of a transcript whose pages start with the page
    numbers 1, 2, 3 … at a line start; [] when the text is not such a transcript (numbered
    lists have short items, pages are long)."""
    found: list[tuple[int, int, int]] = []
    expected = 1
    for match in _PAGE_LINE.finditer(text):
        number = int(match.group(1))
        if number != expected:
            continue
        end = text.find("\n", match.start())
        found.append((number, match.start(), len(text) if end < 0 else end))
        expected += 1
    if len(found) == 1 and _one_page_transcript(text, found[0]):
        return found
    if len(found) < 2:
        return []
    starts = [start for _, start, _ in found] + [len(text)]
    mean = sum(b - a for a, b in zip(starts, starts[1:])) / len(found)
    return found if mean >= layout_rules().min_mean_page_chars else []


def _one_page_transcript(text: str, page: tuple[int, int, int]) -> bool:
    """A one-page transcript: a long line that starts with "1 " and ends with its page number 1."""
    _, start, end = page
    tail = layout_rules().page_tail.search(text[start:end])
    return (end - start >= layout_rules().min_mean_page_chars and tail is not None and int(tail.group(1)) == 1
            and tail.start() > 1 and not text[end:].strip())


def page_number_cuts(text: str, pages: list[tuple[int, int, int]]) -> list[Cut]:
    """The page number that starts each transcript line, the page number or "Side N" that
    ends it, and inline "Side N av M" markers."""
    cuts = []
    for number, start, end in pages:
        cuts.append(Cut(start, start + len(str(number)), "page number"))
        tail = layout_rules().page_tail.search(text[start:end])
        if tail and int(tail.group(1)) == number and tail.start() > len(str(number)):
            cuts.append(Cut(start + tail.start() + 1, end, "page number"))
    cuts += running_header_cuts(text, pages)
    for match in layout_rules().page_markers.finditer(text):
        if not any(c.char_start < match.end() and match.start() < c.char_end for c in cuts):
            cuts.append(Cut(match.start(), match.end(), "page marker"))
    return sorted(cuts, key=lambda c: c.char_start)


HEADER_WORDS = (3, 14)      # a running header is this many words
HEADER_WINDOW = 300         # characters after a page number read for it


def running_header_cuts(text: str, pages: list[tuple[int, int, int]]) -> list[Cut]:
    """A running header at the start of a transcript's pages ("2 Sandvik kommune Møteprotokoll
    Kontrollutvalget 16.10.2015 Hovedutvalget vedtar …"): the longest run of words after the page
    number that half the pages (two or more) start with, text going on after it.  A case number
    is never part of one ("Sak 12/24 …" on two pages is the cases' own)."""
    if len(pages) < 2:
        return []
    firsts = []
    for number, start, end in pages:
        pos = start + len(str(number))
        firsts.append([(m.group(), pos + m.start(), pos + m.end())
                       for m in re.finditer(r"\S+", text[pos:min(end, pos + HEADER_WINDOW)])])
    needed = max(2, (len(pages) + 1) // 2)
    low, high = HEADER_WORDS
    best: tuple[str, ...] | None = None
    most = 0
    # the header is the prefix as many pages share as share its first words; a longer one that
    # fewer pages share runs on into text two pages happen to start alike ("… vedtar …")
    for k in range(low, high + 1):
        counts = Counter(tuple(w for w, _, _ in words[:k]) for words in firsts if len(words) > k)
        if not counts:
            break
        prefix, n = counts.most_common(1)[0]
        if k == low:
            most = n
        if n < max(needed, most) or any(_CASE_LIKE.search(w) for w in prefix):
            break
        best = prefix
    if best is None or not any(w[:1].isalpha() for w in best):
        return []
    k = len(best)
    # the first page keeps it: there it is the letterhead and title the header is read from
    return [Cut(words[0][1], words[k - 1][2], "page furniture (running header)")
            for words in firsts[1:] if len(words) > k and tuple(w for w, _, _ in words[:k]) == best]


_CASE_LIKE = re.compile(r"\d*\s*/\s*\d+")   # "12/24", and "/16" whose digits the text layer lost


# --- breaks -------------------------------------------------------------------------------------


def case_breaks(text: str, mentions: list[NumberMention]) -> list[tuple[int, str]]:
    """Before each heading and list entry; a treatment statement ("Komite for oppvekst
    behandlet saken i møtet sak 83-11:") and a case-flow row ("Formannskapet 02.04.2020
    20/22") start at the body's name before the number; a case
    document's header line keeps its number."""
    breaks = []
    for m in mentions:
        if m.role not in ("heading", "entry") or m.reason == "case document header":
            continue
        start = m.token.start
        if m.reason == "treatment statement":
            start = statement_subject_start(text, start)
        elif m.reason == "case-flow row of a listed case":
            start = statement_subject_start(text, start)  # the row starts at its body's name
        breaks.append((start, f"case {m.role}"))
    return breaks


def context_body_word() -> re.Pattern:
    return context_rules().body_word


def statement_subject_start(text: str, token_start: int) -> int:
    """Start of the body named as the subject of a treatment statement: the last
    capitalised body word in the few words before the verb."""
    line_start = start_of_line(text, token_start)
    window = text[max(line_start, token_start - 120): token_start]
    offset = token_start - len(window)
    body = context_body_word()
    starts = [offset + m.start() for m in re.finditer(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ][\wæøåÆØÅ\-]*", window)
              if body.fullmatch(m.group())]
    return starts[-1] if starts else token_start


def _label_start(text: str, end: int, lo: int, classify) -> int | None:
    """Start of the shortest label that ends at ``end`` and starts with a capital letter
    (not crossing a sentence end), or None."""
    words: list[int] = []
    pos = end
    while len(words) < _MAX_LABEL_WORDS and pos > lo:
        match = _WORD_BEFORE.search(text, max(lo, pos - 60), pos)
        if not match or "\n" in match.group():
            break
        word = match.group().strip()
        if words and (word.endswith((":", ";", "!", "?")) or (word.endswith(".") and len(word) > 5)):
            break
        words.append(match.start())
        pos = match.start()
        if text[pos].isupper() and classify(text[pos:end]):
            return pos
    return None


_LABEL_REMARK = re.compile(r"[ \t]*\([^()\n]{0,60}\)\Z")


def _label_words(label: str) -> str:
    """A list label's words without its remark in parentheses ("Fra adm. (evt. andre)",
    "Til stede (fysisk)"), as the attendance reader reads it."""
    return " ".join(_LABEL_REMARK.sub("", label).split())


def colon_label_breaks(text: str) -> list[tuple[int, str]]:
    """Block labels ("Rådmannens innstilling:", "FS-044/13 Vedtak:") and attendance labels
    ("Følgende møtte:", "Forfall:") written inline before a colon."""
    rules = layout_rules()
    breaks = []
    line_start = 0
    for match in re.finditer(r"[^\s:]:(?=\s|$)", text):
        colon = match.end() - 1
        line_start = start_of_line(text, colon)
        start = _label_start(text, colon, line_start,
                             lambda s: classify_label(s) or rules.attendance_labels.fullmatch(_label_words(s))
                             or rules.role_labels.fullmatch(_label_words(s)))
        if start is not None:
            # a body code is a few characters ("KOM-091/16 "): a short window keeps this linear on long lines
            code = _CODE_BEFORE_LABEL.search(text, max(line_start, start - 32), start)
            start = code.start() if code else start
        if start is not None and start > line_start:
            breaks.append((start, "label"))
    return breaks


def bare_attendance_breaks(text: str) -> list[tuple[int, str]]:
    """An attendance list label without a colon, flattened before its names ("… 15:15
    Møtedeltakarar Parti Rolle Anne Julie Hetland …", "Følgjande medlem møtte Åge …"): it
    starts and ends a line when it follows no lower-case word and a capital follows it."""
    labels = layout_rules().attendance_labels
    breaks = []
    can_start = start_test(labels)
    for match in _CAPITALISED.finditer(text):
        start = match.start()
        if not can_start(text[start]):
            continue   # no label starts with this letter
        words = list(_WORD_AFTER.finditer(text, start, min(len(text), start + 80)))[:5]
        if not words or not labels.match(" ".join(text[start:words[-1].end()].split())):
            continue   # no label starts here (most capitalised words): skip the prefixes one by one
        before = text[max(0, start - 2): start].rstrip(" \t")
        # after a lower-case word: inside a sentence, unless the word is a table cell's function
        # ("… Odin Kristiansen V Medlem Forfall meldt frå følgjande medl. Kjell …")
        in_sentence = before[-1:].islower() and not _function_cell_before(text, start)
        for n in range(len(words), 0, -1):
            end = words[n - 1].end()
            if "\n" in text[start:end] or not labels.fullmatch(" ".join(text[start:end].split())):
                continue
            after = text[end: end + 3]
            # after a lower-case word only before a listed person ("… Hedmark fylkeskommune
            # Forfall Magne Pedersen, Buskerud …"): else the word is inside a sentence
            if re.match(r"[ \t]+[A-ZÆØÅ]", after) and (not in_sentence or _person_entry_at(text, end)):
                breaks += [(start, "attendance label"), (end + 1, "after attendance label")]
            break
    return breaks


def _function_cell_before(text: str, pos: int) -> bool:
    """The word before pos is a member table's cell: a function or title ("Medlem", "Nestleiar")
    or a party code ("Uavh").  Not a column name: "Navn Forfall Møtt for" is a header row."""
    words = text[max(0, pos - 40): pos].split()
    if not words or not words[-1][:1].isupper():
        return False
    return names.is_title_word(words[-1]) or words[-1] in names.lexicon().party_codes


def _person_entry_at(text: str, pos: int) -> bool:
    """A list entry starts at pos: a known given name, then a capitalised word, and a comma
    within the next four words ("Magne Pedersen, Buskerud fylkeskommune")."""
    words = text[pos: pos + 80].split()[:4]
    return (len(words) >= 2 and names.is_given(words[0]) and words[1][:1].isupper()
            and any(w.endswith(",") for w in words[1:]))


def upper_label_breaks(text: str) -> list[tuple[int, str]]:
    """Runs of upper-case words that are labels ("INNSTILLING", "MØTEHANDSAMING SAMRØYSTES
    VEDTAK") or that end in labels after a title ("… MØTEPROTOKOLL VEDTAK")."""
    breaks = []
    run: list[re.Match] = []

    def flush() -> None:
        if not run:
            return
        words = [m.group() for m in run]
        if context_rules().title_prefix.match(text, run[0].start()):
            return  # "SAKSPROTOKOLL - NY BARNEHAGE": a document-type word before a case title
        cuts = _tile_labels(words)
        for i in cuts:
            breaks.append((run[i].start(), "label"))
        if cuts:
            breaks.append((run[-1].end() + 1, "after label"))

    previous_end = -1
    for match in _UPPER_WORD.finditer(text):
        gap = text[previous_end: match.start()] if previous_end >= 0 else None
        if run and (gap is None or gap.strip() or "\n" in gap):
            flush()
            run = []
        run.append(match)
        previous_end = match.end()
    flush()
    return breaks


def _tile_labels(words: list[str]) -> list[int]:
    """Indexes where labels start if words[i:] can be cut into labels (the shortest i)."""
    n = len(words)
    tiles: dict[int, list[int]] = {n: []}
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, min(n, i + 6) + 1):
            if j in tiles and classify_label(" ".join(words[i:j]).rstrip(".:"), colon=False) in (
                    "proposal", "decision", "treatment", "background"):
                tiles[i] = [i, *tiles[j]]
                break
    firsts = [i for i in range(n) if i in tiles and tiles[i]]
    if not firsts:
        return []
    i = firsts[0]
    if i > 0 and len(words) - i > 3:
        return []
    return tiles[i]


def bare_label_breaks(text: str) -> list[tuple[int, str]]:
    """Colon-less labels in mixed case inline ("… MØTEPROTOKOLL Vedtak Møteprotokoll vart …",
    "… fra møtet Sekretariatets innstilling Sekretariatet anbefaler …"): a label of two or
    more words, or one word after a sentence end or an upper-case title, followed by a capital."""
    words = layout_rules().bare_words
    breaks = []
    for match in re.finditer(r"[\wæøåÆØÅ]+", text):
        if match.group().casefold() not in words:
            continue
        end = match.end()
        after = text[end: end + 3]
        if not re.match(r"[ \t]+[A-ZÆØÅ0-9«\"\-]", after):
            continue
        line_start = start_of_line(text, match.start())
        start = _label_start(text, end, line_start, lambda s: classify_label(s, colon=False) in (
            "proposal", "decision", "treatment", "background"))
        if start is None or start == line_start:
            continue
        if text[start:end].isupper():
            continue  # upper-case runs are read by upper_label_breaks
        if any(w not in _LABEL_GLUE for w in re.findall(r"(?<![\wæøåÆØÅ])[a-zæøå][\wæøå]*", text[start:match.start()])):
            continue  # "Oppfølging av politiske vedtak" is a title, not a label
        one_word = start == match.start()
        before = text[line_start:start].rstrip()
        boundary = not before or before[-1] in ".,:;!?)" or bool(re.search(r"[A-ZÆØÅ]{2,}\Z", before))
        if one_word and not boundary:
            continue
        breaks += [(start, "label"), (end + 1, "after label")]
    return breaks


def decision_sentence_breaks(text: str) -> list[tuple[int, str]]:
    """An unlabelled decision inline ("… Hotell Bristol AU godkjenner referatet …"): a body or
    abbreviation as subject of a decision verb starts a line, unless a subordinating word
    stands before it ("… at kommunestyret vedtar …")."""
    body = context_rules().body_word
    breaks = []
    for match in re.finditer(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ][\wæøåÆØÅ\-]*", text):
        if decision_subject_end(text, match.start(), body) is None:
            continue
        before = text[max(0, match.start() - 12): match.start()].split()
        if before and before[-1].casefold() in _SUBORDINATORS:
            continue
        breaks.append((match.start(), "decision sentence"))
    return breaks


def treatment_row_breaks(text: str) -> list[tuple[int, str]]:
    """A "behandlet av" row flattened before the text it heads ("Kirkerådet /22 Innkalling og
    saksliste godkjennes.", "Formannskapet 12.02.2026 6/26 …"): a line of its own."""
    body = context_rules().body_word
    breaks = []
    for match in _TREATMENT_ROW.finditer(text):
        if body.fullmatch(match.group(1)):
            breaks += [(match.start(), "treatment row"), (match.end() + 1, "after treatment row")]
    return breaks


MIN_ITEM_RUN = 3
MAX_ITEM_GAP = 4          # numbers a run of at least MIN_ITEM_RUN may have lost …
MAX_GAP_CHARS = 400       # … within this many characters


def numbered_item_breaks(text: str) -> list[tuple[int, str]]:
    """Item numbers 1, 2, 3 … inline on flattened pages ("Saksliste: 1. Foretaksmøtet
    konstitueres 2. Dagsorden …", "… FAU-representant 1. Velkommen … 2. Elevtallsprognoser"):
    each number of a run of at least MIN_ITEM_RUN consecutive numbers, in text order, starts a
    line — the form of referater and styremøter that number items but not cases."""
    closed: list[list[int]] = []
    open_runs: dict[int, list[int]] = {}     # the latest run by its last number: linear in the matches
    newlines = [-1] + [m.start() for m in re.finditer("\n", text)] + [len(text)]
    patterns = item_number_patterns()
    for match in patterns.inline.finditer(text):
        k = bisect_right(newlines, match.start())
        if newlines[k] - newlines[k - 1] <= FLAT_LINE_CHARS:
            continue
        number = int(match.group(1))
        run = [] if number == 1 else open_runs.pop(number - 1, None)
        if run is None:   # numbers the flattening lost ("3. … for Øvrige saker 7. Valg av revisor"): close by only
            gap = next((k for k in range(2, MAX_ITEM_GAP + 2) if number - k in open_runs
                        and match.start() - open_runs[number - k][-1] <= MAX_GAP_CHARS), None)
            run = open_runs.pop(number - gap) if gap and len(open_runs[number - gap]) >= MIN_ITEM_RUN else None
        if run is None:
            continue
        run.append(match.start())
        replaced = open_runs.get(number)
        if replaced is not None:
            closed.append(replaced)
        open_runs[number] = run
    closed += open_runs.values()
    breaks = [(pos, "item number") for run in closed if len(run) >= MIN_ITEM_RUN for pos in run]
    # "Sak 1: Foretaksmøtet konstitueres …" heads an item however few the flattening kept
    breaks += [(m.start(), "item number") for m in patterns.word_heading.finditer(text)]
    return breaks


def marker_breaks(text: str) -> list[tuple[int, str]]:
    """Agenda headings ("Saksliste", "Saker til behandling") start a line."""
    return [(m.start(), "agenda heading") for m in layout_rules().agenda.finditer(text)]


def vote_breaks(text: str) -> list[tuple[int, str]]:
    """Vote and outcome lines ("Enstemmig vedtatt.", "For forslaget stemte 34: …") at a
    sentence start end the decision before them."""
    breaks = []
    for match in re.finditer(r"(?:^|(?<=[.!?:])[ \t]+|(?<=\n))([A-ZÆØÅ])", text):
        pos = match.start(1)
        if vote_line_at(text, pos):
            breaks.append((pos, "vote line"))
        elif closing_line_at(text, pos):   # "… er besvart. Møtet ble hevet kl. 21:40." on a flattened page
            breaks.append((pos, "closing line"))
    return breaks


def furniture_breaks(cuts: list[Cut]) -> list[tuple[int, str]]:
    breaks = []
    for cut in cuts:
        breaks += [(cut.char_start, cut.reason), (cut.char_end + 1, f"after {cut.reason}")]
    return breaks


def _label_begin(text: str, end: int) -> int:
    """Start of the run of capitalised words that ends at ``end`` (a label before its break)."""
    line_start = start_of_line(text, end)
    pos = end
    while pos > line_start:
        match = _WORD_BEFORE.search(text, max(line_start, pos - 60), pos)
        if not match or not match.group()[:1].isupper():
            break
        pos = match.start()
    return pos


def after_key(text: str, pos: int) -> bool:
    """``pos`` is the value of a key-value line ("Tittel: SAKSPROTOKOLL - …", "Resultat:
    Innstilling vedtatt"): the value stays on its key's line."""
    line_start = start_of_line(text, pos)
    return bool(_KEY_PREFIX.fullmatch(text, line_start, pos))


def apply_breaks(text: str, breaks: list[tuple[int, str]]) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Replace the space or tab before each break offset with a newline (same length)."""
    chars = list(text)
    done = []
    for offset, why in sorted(set(breaks)):
        pos = offset - 1
        line_start = start_of_line(text, max(pos, 0))
        if "page" not in why and not text[line_start:max(pos, 0)].strip(_LINE_LEAD_CHARS):
            continue  # already at a line start (after a bullet, list number or markup)
        if "page" not in why and (after_key(text, offset) or why == "after label" and after_key(text, _label_begin(text, pos))):
            continue
        if 0 <= pos < len(chars) and chars[pos] in " \t":
            chars[pos] = "\n"
            done.append((pos, why))
    return "".join(chars), tuple(done)


# --- soft line breaks ---------------------------------------------------------------------------


def wrap_width(lines: list[str]) -> int | None:
    """The width a PDF text layer wrapped its lines at, or None when it is not wrapped
    (a quarter or more of the non-blank lines end close to one common maximum)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if 60 <= width < 400 and near >= 0.25 * len(lengths) else None


def _label_line(line: str, previous: str = "") -> bool:
    """A short capitalised line that ends no sentence ("Møtedato", "Til stede", "Referent"):
    a label of its own, not the end of a wrapped paragraph.  After a full line in capitals a
    short line in capitals that is no label continues it (a case title in capitals wrapped
    at the margin: "… MED TILHØRENDE" + "ERSTATNINGSOPPGØR")."""
    words = line.split()
    if not (bool(words) and len(words) <= 3 and words[0][:1].isupper() and not line.rstrip().endswith((".", ",", ";"))):
        return False
    in_capitals = previous.strip().isupper() and line.strip().isupper()
    return not in_capitals or classify_label(line.strip().rstrip(":"), colon=False) is not None


def unwrap_soft_breaks(text: str) -> tuple[str, list[int]]:
    """Join the lines a PDF wrapped at its margin (same length: the newline becomes a space),
    so that structure is found the same way whatever the page width; the layout breaks are
    put back afterwards.  Returns the text and the offsets joined."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text, []
    chars = list(text)
    joined = []
    pos = 0
    next_page = 1
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        end = pos + len(line)
        page = _PAGE_LINE.match(nxt)
        if page and int(page.group(1)) == next_page + 1 or _PAGE_LINE.fullmatch(line.strip() or "x"):
            next_page += 1 if page and int(page.group(1)) == next_page + 1 else 0
        elif (len(line.rstrip()) >= 0.7 * width and nxt.strip() and not _LIST_START.match(nxt)
                and not line.rstrip().endswith(":") and not _ENDS_WITH_NUMBER.search(line)
                and "\t" not in line and "\t" not in nxt and not _KEY_PREFIX.match(nxt)
                and not _label_line(nxt, line)):
            chars[end] = " "
            joined.append(end)
        pos = end + 1
    return "".join(chars), joined


# --- the step -----------------------------------------------------------------------------------


def recover_layout(text: str, pages: list[tuple[int, int]] | None = None, from_pdf: bool = False) -> Layout:
    """The logical lines of ``text`` (same length) with cuts, case-number roles and pages.
    ``from_pdf``: the text is a PDF's text layer (lines wrapped at the page margin)."""
    # typed text keeps its lines: only a PDF text layer is wrapped at a margin by the reader
    text, joined = unwrap_soft_breaks(text) if from_pdf else (text, [])
    transcript = transcript_pages(text)
    cuts = page_number_cuts(text, transcript)
    mentions = classify_numbers(text, is_label=lambda words: classify_label(words) is not None)
    breaks = (case_breaks(text, mentions) + colon_label_breaks(text) + bare_attendance_breaks(text) + upper_label_breaks(text) + bare_label_breaks(text)
              + marker_breaks(text) + numbered_item_breaks(text) + vote_breaks(text) + decision_sentence_breaks(text) + treatment_row_breaks(text)
              + furniture_breaks(cuts))
    structured, done = apply_breaks(text, breaks)
    done = tuple(sorted(done + tuple((offset, SOFT_BREAK) for offset in joined
                                     if structured[offset] == " ")))
    page_spans = [(start, end) for _, start, end in transcript] or list(pages or [(0, len(text))])
    headings = [m.token.start for m in mentions if m.role in ("heading", "entry")]
    cuts += [Cut(start, end, "page furniture (repeated line)")
             for start, end in repeated_edge_lines(structured, page_spans)
             if not any(start <= h < end for h in headings)]  # a case heading at two page edges is no header
    start, end, chrome = chrome_spans(structured)
    cuts += [Cut(a, b, reason) for a, b, reason in chrome]
    # the reason is part of the order: two cuts of one span must not come out in set (hash) order
    return Layout(structured, done, tuple(sorted(set(cuts), key=lambda c: (c.char_start, c.char_end, c.reason))),
                  tuple(mentions), tuple((s, e) for _, s, e in transcript), start, end)
