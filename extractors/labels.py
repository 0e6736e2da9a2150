"""Labelled blocks inside an agenda item: Vedtak, Forslag til vedtak, Behandling, ...

``match_label(line)`` is the pure matcher: it tells whether a line is a block
label and of which kind.  ``find_blocks`` turns an item's lines into blocks
that run from one label to the next label, sub-item heading or item end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .memo import short_text_memo
from .lines import FLAT_LINE_CHARS, Line, block_text, iter_lines, sentences, strip_markup, trim_span
from .rules import RuleDataError, compile_patterns, load_rules

KINDS = ("proposal", "decision", "treatment", "background", "closing", "vote")
# Kinds that end a block without starting one with text of its own.
ENDING_KINDS = ("closing", "vote")


@dataclass(frozen=True)
class LabelRules:
    patterns: list[tuple[str, re.Pattern, bool]]   # (kind, pattern, colon_only) in trial order
    votes: list[re.Pattern]                        # vote / outcome lines, matched at a line start
    any_label: re.Pattern                          # every label pattern in one alternation (fast test)
    owner_free_recommendation: re.Pattern          # "Innstilling", "LEV - Tilråding", "Tilråding til kommunane"
    decision_verb: re.Pattern                      # verbs of an unlabelled decision sentence
    passive_decision: re.Pattern                   # a short passive outcome sentence, whole
    max_words: int
    max_bare_words: int
    adopts_proposal: re.Pattern | None = None      # a vote line that adopts the proposal ("Enstemmig som innstillingen")
    report_verb: re.Pattern | None = None          # " orienterte", " la fram": a report sentence's verb
    report_opener: re.Pattern | None = None        # " Det vises til", " Det ble": an impersonal sentence start
    report_subject_words: frozenset[str] = frozenset()  # lowercase words inside its subject ("Daglig leder")
    max_report_subject_words: int = 4
    agenda_subjects: tuple[str, ...] = ()              # "Sakskartet …", "Innkallingen …": the papers as subject


@lru_cache(maxsize=1)
def label_rules() -> LabelRules:
    data = load_rules("labels", required={"prefix": str, "kinds": dict, "max_label_words": int,
                                          "max_bare_label_words": int, "owner_free_recommendation": str,
                                          "decision_sentence": dict},
                      optional={"overrides": list, "adopts_proposal": str, "report_sentence": dict,
                                "agenda_subjects": list})
    unknown = set(data["kinds"]) - set(KINDS)
    if unknown:
        raise RuleDataError(f"labels.yaml: unknown label kind(s) {sorted(unknown)}; known: {KINDS}")
    ordered = []
    for n, override in enumerate(data.get("overrides", [])):
        if not isinstance(override, dict) or override.get("kind") not in KINDS or "pattern" not in override:
            raise RuleDataError(f"labels.yaml: overrides[{n}] needs a known kind ({KINDS}) and a pattern")
        extra = set(override) - {"kind", "pattern", "colon_only"}
        if extra:
            raise RuleDataError(f"labels.yaml: overrides[{n}]: unknown key(s) {sorted(extra)}")
        pattern = override["pattern"].replace("{pre}", data["prefix"])
        ordered += [(override["kind"], p, bool(override.get("colon_only")))
                    for p in compile_patterns("labels", f"overrides[{n}]", [pattern])]
    for kind in KINDS:
        if kind == "vote":
            continue
        raw = [p.replace("{pre}", data["prefix"]) for p in data["kinds"].get(kind, [])]
        ordered += [(kind, p, False) for p in compile_patterns("labels", f"kinds.{kind}", raw)]
    votes = compile_patterns("labels", "kinds.vote", data["kinds"].get("vote", []))
    any_label = re.compile("|".join(f"(?:{p.pattern})" for _, p, _ in ordered), re.IGNORECASE)
    [owner_free] = compile_patterns("labels", "owner_free_recommendation", [data["owner_free_recommendation"]])
    sentence = data["decision_sentence"]
    missing = {"verbs", "passive_endings", "max_passive_words"} - set(sentence)
    if missing:
        raise RuleDataError(f"labels.yaml: decision_sentence: missing {sorted(missing)}")
    compile_patterns("labels", "decision_sentence.verbs", sentence["verbs"])
    compile_patterns("labels", "decision_sentence.passive_endings", sentence["passive_endings"])
    verb = re.compile(r"(?:%s)" % "|".join(sentence["verbs"]), re.IGNORECASE)
    tails = sentence.get("passive_tails", [])
    compile_patterns("labels", "decision_sentence.passive_tails", tails)
    tail = r"(?:\s+(?:%s))?" % "|".join(tails) if tails else ""
    passive = re.compile(r"(?:\S+\s+){1,%d}?(?:ble\s+|vart\s+|blei\s+|er\s+)?(?:enstemmig\s+|samrøystes\s+)?(?:%s)%s\.?"
                         % (sentence["max_passive_words"], "|".join(sentence["passive_endings"]), tail), re.IGNORECASE)
    adopts = compile_patterns("labels", "adopts_proposal", [data["adopts_proposal"]], re.IGNORECASE)[0] \
        if "adopts_proposal" in data else None
    report = data.get("report_sentence", {})
    missing = {"verbs", "subject_words", "max_subject_words"} - set(report) if report else set()
    if missing:
        raise RuleDataError(f"labels.yaml: report_sentence: missing {sorted(missing)}")
    report_verb = None
    if report:
        compile_patterns("labels", "report_sentence.verbs", report["verbs"])
        report_verb = re.compile(r"[ \t](?:%s)(?![\wæøåÆØÅ])" % "|".join(report["verbs"]))
    openers = report.get("openers", []) if report else []
    if openers:
        compile_patterns("labels", "report_sentence.openers", openers, flags=0)
    report_opener = re.compile(r"(?<=[ \t])(?:%s)(?![\wæøåÆØÅ])" % "|".join(openers)) if openers else None
    return LabelRules(ordered, votes, any_label, owner_free, verb, passive, data["max_label_words"],
                      data["max_bare_label_words"], adopts, report_verb, report_opener,
                      frozenset(w.casefold() for w in report.get("subject_words", [])),
                      int(report.get("max_subject_words", 4)),
                      tuple(str(w).casefold() for w in data.get("agenda_subjects", [])))


@dataclass(frozen=True)
class LabelMatch:
    kind: str
    label: str          # label text as written (without colon)
    text_start: int     # where the block's text starts in the line (after the colon), relative to line.clean


@short_text_memo
def classify_label(label: str, colon: bool = True) -> str | None:
    """The kind of a label text (the words before a colon, or a bare label line)."""
    label = " ".join(label.split())
    rules = label_rules()
    if not rules.any_label.fullmatch(label):
        return None
    for kind, pattern, colon_only in rules.patterns:
        if (colon or not colon_only) and pattern.fullmatch(label):
            return kind
    return None


def vote_line_at(text: str, pos: int = 0) -> re.Match | None:
    """A vote or outcome line starting at pos ("Enstemmig vedtatt.", "For forslaget stemte 34: …")."""
    for pattern in label_rules().votes:
        match = pattern.match(text, pos)
        if match:
            return match
    return None


CLOSING_WINDOW = 80   # characters a closing line is tested on (a flattened line may be a whole page)


@lru_cache(maxsize=1)
def _closing_patterns() -> tuple[re.Pattern, ...]:
    return tuple(pattern for kind, pattern, _ in label_rules().patterns if kind == "closing")


def closing_line_at(text: str, pos: int = 0) -> bool:
    """A closing line starting at pos ("Møtet ble hevet kl. 21:40.", "Rett utskrift bekreftes")."""
    window = text[pos:pos + CLOSING_WINDOW]
    return any(pattern.match(window) for pattern in _closing_patterns())


def decision_verb_at(text: str, pos: int) -> re.Match | None:
    """A decision verb starting at pos (after a subject): "godkjenner", "tar … til orientering"."""
    return label_rules().decision_verb.match(text, pos)


def is_passive_decision(sentence: str) -> bool:
    """"Innkalling og saksliste godkjennes.", "Protokollen ble godkjent" (a whole short sentence)."""
    return bool(label_rules().passive_decision.fullmatch(" ".join(sentence.split())))


def reports_outcome(text: str) -> bool:
    """The text opens with an outcome sentence ("Innkalling og dagsorden ble godkjent. …")."""
    first = re.match(r"[^.!?]*[.!?]", text)
    return bool(first) and is_passive_decision(first.group())


def report_sentence_start(text: str) -> int | None:
    """Where a report of the meeting starts inside a run-on title ("Årsregnskap 2023 Daglig leder
    orienterte om regnskapet." → at "Daglig"): a subject of a capitalised word and at most
    max_subject_words words (capitalised, or a function word such as "leder") before a report
    verb, with a title word before it, or an impersonal opener ("… Det vises til …"), whichever
    comes first.  None when the text holds no such sentence."""
    rules = label_rules()
    if rules.report_verb is None:
        return None
    opener = rules.report_opener.search(text) if rules.report_opener is not None else None
    found = _report_subject_start(text, rules)
    if opener and (found is None or opener.start() < found):
        return opener.start()
    return found


def _report_subject_start(text: str, rules: LabelRules) -> int | None:
    for verb in rules.report_verb.finditer(text):
        words = list(re.finditer(r"\S+", text[max(0, verb.start() - 200): verb.start()]))
        shift = max(0, verb.start() - 200)
        start = None
        for k in range(1, min(rules.max_report_subject_words, len(words) - 1) + 1):
            word = words[-k].group()
            if word[:1].isupper() and word[-1:].isalpha():
                start = shift + words[-k].start()
            elif word.casefold() not in rules.report_subject_words:
                break
        if start is not None:
            return start
    return None


def run_on_start(title: str) -> int | None:
    """Where the text after a run-on title begins: the earlier of a report of the meeting and an
    outcome sentence; None when neither is there."""
    starts = [p for p in (report_sentence_start(title), outcome_sentence_start(title)) if p]
    return min(starts) if starts else None


def about_the_papers(sentence: str) -> bool:
    """An outcome sentence whose subject is the meeting's papers ("Sakskartet ble godkjent.")."""
    first = sentence.split(maxsplit=1)[0].casefold() if sentence.strip() else ""
    return first.startswith(label_rules().agenda_subjects) if label_rules().agenda_subjects else False


def outcome_sentence_start(text: str, max_words: int = 25) -> int | None:
    """Where an outcome sentence starts inside a run-on title ("Skoleruta 2024/2025 Saken ble tatt
    til orientering." → at "Saken"): a capitalised word after the first from which the text opens
    with a passive outcome sentence.  None when there is none in the first max_words words."""
    for n, word in enumerate(re.finditer(r"\S+", text)):
        if n >= max_words:
            break
        if n and word.group()[:1].isupper() and reports_outcome(text[word.start():]):
            return word.start()
    return None


_LIST_NUMBER = re.compile(r"\d{1,2}[.)][ \t]+")
_SUBJECT_LEAD = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ\-]+[ \t]+([\wæøåÆØÅ\-]+)[ \t]+")
_SUBJECT_WORD = re.compile(r"([\wæøåÆØÅ\-]+)[ \t]+")


def decision_subject_end(text: str, pos: int, body_word: re.Pattern) -> int | None:
    """End of a decision sentence's subject starting at pos — a body ("Kommunestyret",
    "Molde kommunestyre") or an abbreviation ("AU") — when a decision verb follows it."""
    if not text[pos:pos + 1].isupper():
        return None
    # "Molde kommunestyre godkjenner …" (a place before the body) or "Styret godkjenner …", "AU vedtar …"
    for lead in (_SUBJECT_LEAD, _SUBJECT_WORD):
        match = lead.match(text, pos)
        if not match:
            continue
        word = match.group(1)
        if (body_word.fullmatch(word) or re.fullmatch(r"[A-ZÆØÅ]{2,5}", word)) and decision_verb_at(text, match.end()):
            return match.end()
    return None


def find_adopting_vote(text: str, start: int, end: int, skip: frozenset[int] = frozenset()) -> Line | None:
    """A vote line in text[start:end] that adopts the proposal ("Innstillingen ble enstemmig
    vedtatt.", "Tilrådinga vart vedteken med 4 mot 1 røyst.", "Enstemmig som innstillingen."):
    where a protocol writes no decision label, the proposal it adopted is the decision."""
    for line in iter_lines(text, start, end):
        if not line.blank and line.start not in skip and adopts_the_proposal(line.clean, match_label(line.clean)):
            return line
    return None


def adopts_the_proposal(clean: str, label: "LabelMatch | None") -> bool:
    """A vote line (rule data `adopts_proposal`) that adopts the proposal."""
    adopts = label_rules().adopts_proposal
    return adopts is not None and label is not None and label.kind == "vote" and bool(adopts.search(strip_markup(clean)))


def find_unlabelled_decision(text: str, start: int, end: int, body_word: re.Pattern,
                             skip: frozenset[int] = frozenset()) -> BlockSpan | None:
    """The decision of an item that has no decision label: its first line that opens with a
    body deciding ("AU godkjenner referatet …", running to the item's next label or end) or
    that is a short passive outcome sentence ("Innkalling og saksliste godkjennes.")."""
    lines = [line for line in iter_lines(text, start, end) if line.start not in skip and not line.blank]
    for i, line in enumerate(lines):
        if match_label(line.clean):
            continue
        number = _LIST_NUMBER.match(text, line.clean_start)
        if decision_subject_end(text, number.end() if number else line.clean_start, body_word) is not None:
            stop = next((nxt.start for nxt in lines[i + 1:] if match_label(nxt.clean)), end)
            a, b = trim_span(text, line.clean_start, stop)
            return BlockSpan("decision", "", line.start, a, b, block_text(text, a, b, skip), None)
        # a line's first or last sentence (an outcome concludes its paragraph: "… Det var ingen merknader.
        # Innkallingen godkjennes."); on a flattened page (a long line) any of its sentences
        # and anywhere, an outcome about the papers ("… til Bjørn Kaldhol. Innkallingen godkjennes. …")
        candidates = sentences(text, line.clean_start, line.end)
        if line.end - line.start <= FLAT_LINE_CHARS:
            candidates = [c for k, c in enumerate(candidates)
                          if k in (0, len(candidates) - 1) or about_the_papers(text[c[0]:c[1]])]
        for k, first in enumerate(candidates):
            if is_passive_decision(text[first[0]:first[1]]):
                last = first[1]
                for nxt in candidates[k + 1:]:   # "Innkallingen godkjennes. Foretaksmøtet er lovlig satt."
                    if text[last:nxt[0]].strip() or not is_passive_decision(text[nxt[0]:nxt[1]]):
                        break
                    last = nxt[1]
                return BlockSpan("decision", "", line.start, first[0], last,
                                 " ".join(text[first[0]:last].split()), None)
    return None


@short_text_memo
def match_label(clean: str) -> LabelMatch | None:
    """Is this (decoration-stripped) line a block label?  Pure; no offsets beyond the line."""
    plain = strip_markup(clean)
    if not plain:
        return None
    if vote_line_at(plain):
        return LabelMatch("vote", plain, len(clean))
    colon = plain.find(":")
    if colon > 0:
        label = plain[:colon].strip()
        # the meeting's date after a body's long name is no word of the label (Elements/ACOS:
        # "Vedtak i Hovudutval for kultur, idrett og inkludering - 04.06.2024:")
        counted = _TRAILING_DATE.sub("", label)
        if 0 < len(counted.split()) <= label_rules().max_words:
            kind = classify_label(label)
            if kind:
                return LabelMatch(kind, label, _offset_after_colon(clean))
        return None
    # Without a colon only a short, bare label line counts ("Vedtak", "Rådmannens innstilling");
    # a closing line may end its sentence ("Møtet hevet kl. 13.15.").
    if len(plain.split()) <= label_rules().max_bare_words:
        kind = classify_label(plain.rstrip("."), colon=False)
        if kind and (kind == "closing" or not plain.endswith((".", "?", "!"))):
            return LabelMatch(kind, plain, len(clean))
    return None


_TRAILING_DATE = re.compile(r"(?<=\S)[ \t]+[-–][ \t]+\d{1,2}\.\d{1,2}\.\d{2,4}\Z")


def _offset_after_colon(clean: str) -> int:
    idx = clean.find(":")
    return idx + 1 if idx >= 0 else len(clean)


# --- lettered sub-items (A Kommunehelse..., B KomUt, ...) -------------------------------------

_SUB_ITEM = re.compile(r"(?P<letter>[A-ZÆØÅ])[.)]?\s+(?P<title>\S.*)")
_MAX_SUB_ITEM_WORDS = 10


@dataclass(frozen=True)
class SubItemMatch:
    label: str
    title: str
    line: Line


def find_sub_items(lines: list[Line]) -> list[SubItemMatch]:
    """Lettered sub-item headings A, B, C … in sequence; fewer than two is no list."""
    expected, found = "A", []
    for line in lines:
        match = _SUB_ITEM.fullmatch(strip_markup(line.clean))
        if not match or match["letter"] != expected or len(match["title"].split()) > _MAX_SUB_ITEM_WORDS:
            continue
        if match_label(line.clean):
            continue
        found.append(SubItemMatch(expected, match["title"].strip(), line))
        expected = chr(ord(expected) + 1)
    return found if len(found) >= 2 else []


# --- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockSpan:
    kind: str
    label: str
    label_start: int
    char_start: int
    char_end: int
    text: str
    sub_item: str | None


def find_blocks(text: str, start: int, end: int,
                skip: frozenset[int] = frozenset()) -> tuple[list[BlockSpan], list[SubItemMatch]]:
    """Labelled blocks between start and end; each runs to the next label/sub-item/end.
    ``skip``: line starts of page furniture, left out of block texts."""
    lines = [line for line in iter_lines(text, start, end) if line.start not in skip]
    sub_items = find_sub_items(lines)
    first_outcome = next((line.start for line in lines
                          if (m := match_label(line.clean)) and m.kind in ("decision", "proposal")), None)
    if sub_items and first_outcome is not None and sub_items[0].line.start > first_outcome:
        sub_items = []  # "A. Driftsbudsjett" after "Vedtak:" structures the decision text, not the case
    sub_at = {s.line.start: s for s in sub_items}
    boundaries: list[tuple[int, str, LabelMatch | None, Line]] = []
    for line in lines:
        if line.start in sub_at:
            boundaries.append((line.start, "sub", None, line))
            continue
        label = match_label(line.clean)
        if label:
            boundaries.append((line.start, "label", label, line))
    blocks: list[BlockSpan] = []
    current_sub: str | None = None
    for i, (pos, what, label, line) in enumerate(boundaries):
        if what == "sub":
            current_sub = sub_at[pos].label
            continue
        if label.kind == "vote":
            continue
        body_start = line.clean_start + label.text_start
        body_end = boundaries[i + 1][0] if i + 1 < len(boundaries) else end
        body_start, body_end = trim_span(text, body_start, body_end)
        if label.kind == "decision" and body_start >= body_end and (adopted := _adopting_vote(boundaries, i)):
            body_start, body_end = trim_span(text, adopted.clean_start, adopted.end)
        body = block_text(text, body_start, body_end, skip)
        if body.startswith("**"):
            body = body.lstrip("*").strip()
        blocks.append(BlockSpan(label.kind, label.label, line.start, body_start, body_end, body, current_sub))
    return resolve_recommendations(blocks), sub_items


def _adopting_vote(boundaries: list[tuple[int, str, "LabelMatch | None", Line]], i: int) -> Line | None:
    """The vote line right under a decision label with no text of its own, when it adopts the
    proposal ("Kontrollutvalgets vedtak:" + "Enstemmig som innstillingen."): the decision's text."""
    if i + 1 >= len(boundaries):
        return None
    _, what, label, line = boundaries[i + 1]
    return line if what == "label" and adopts_the_proposal(line.clean, label) else None


def resolve_recommendations(blocks: list[BlockSpan]) -> list[BlockSpan]:
    """A recommendation is the proposal an item starts from, or what the body decides:
    - an innstilling / tilråding without an owner after the item's treatment block is the
      body's own recommendation ("Behandling: … Innstilling: …" in Public 360
      saksprotokoller, "LEV - Behandling: … LEV - Tilråding: …" in Elements): a decision;
    - a decision label with no text of its own followed by a recommendation ("Vedtak /
      Tilråding til kommunane: 1. …") decided that recommendation."""
    owner_free = label_rules().owner_free_recommendation
    out: list[BlockSpan] = []
    treated = False
    for block in blocks:
        if block.kind == "treatment":
            treated = True
        if block.kind == "proposal" and owner_free.fullmatch(" ".join(block.label.split())):
            if out and out[-1].kind == "decision" and not out[-1].text:
                empty = out.pop()
                block = replace(block, kind="decision", label=empty.label, label_start=empty.label_start,
                                text=f"{block.label}: {block.text}".strip(": "))
            elif treated:
                block = replace(block, kind="decision")
        out.append(block)
    return out
