"""Attendance lists in meeting minutes -> one row per person.

Minutes name their participants under section labels ("Til stede:",
"Forfall:", "Møtende vararepr:", "Sekretariatet:", "Møteleder: X", EVA/Elements
member tables ...).  Labels and their status/role live in
``rules/attendance.yaml``.  The work is split in three steps:

1. match: find label lines and the extent of each section (pure regex work);
2. read: turn a section's text into raw entries, whatever its layout (comma
   list "Name, Municipality, ...", one entry a line, "Name/Org" pipe tables,
   "Navn Funksjon ..." member tables);
3. build: document-level fixes (a municipality glued to a name, affiliations
   named later in the text) and one row per person.

Names and affiliations are kept as written; ``affiliation_norm`` adds the
canonical place name when the affiliation is a known kommune or fylke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterator

from . import gazetteer, names, persons
from .presence_grid import find_grids
from .case_numbers import leading_case_token
from .memo import short_text_memo
from .prefilter import may_match
from .rules import RuleDataError, compile_patterns, load_rules

STATUSES = ("present", "absent", "deputy")
ROLES = names.ROLES
# When one person is named in several places, the more specific role wins.
ROLE_PRIORITY = {"chair": 0, "deputy_chair": 1, "secretary": 2, "secretariat": 3, "administration": 4, "other": 5, "member": 6}
MAX_SECTION_CHARS = 4000  # a list longer than this is not an attendance list
MAX_AFFILIATION_WORDS = 6  # "juridisk stab brukerdialog SKE"; longer text after a name is prose


@dataclass(frozen=True)
class Attendee:
    name: str
    affiliation: str | None
    affiliation_norm: str | None
    status: str            # present | absent | deputy
    deputy_for: str | None
    role: str              # member | chair | deputy_chair | secretary | secretariat | administration | other
    from_case: str | None
    to_case: str | None    # normalised N/YYYY
    note: str | None       # e.g. "under deler av møtet"
    char_start: int
    char_end: int          # span of the name in the input text
    source: str = "list"   # list (an attendance list or role label) | text (a sentence showing the person take part)


# --- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRule:
    regex: re.Pattern
    status: str
    role: str
    single: bool           # role label ("Møteleder: X"), not an attendance list
    names_nobody: bool = False   # "Alle unntatt:" stands for the members without naming them


@dataclass(frozen=True)
class Rules:
    sections: tuple[SectionRule, ...]
    table_header: re.Pattern
    table_columns: dict[str, re.Pattern]
    column_split: re.Pattern        # splits a flattened header line before each non-name column
    deputy_remark: re.Pattern
    functions: dict[str, dict]
    titles: dict[str, str | None]
    note_words: frozenset[str]
    case_spans: dict[str, re.Pattern]
    non_name_words: frozenset[str]
    org_suffixes: tuple[str, ...]
    name_particles: frozenset[str]
    ocr_noise: re.Pattern            # a word that is a table rule read by OCR ("|", "i", "EE", "—")
    ocr_noise_chars: re.Pattern      # rule characters inside a line ("| Navn | Funksjon |")
    ocr_function_variants: dict[str, str]
    sentence_forms: tuple[tuple[re.Pattern, str, str, str], ...]   # (regex, side, status, role)
    not_attended_cells: frozenset[str] = frozenset()   # a "Møtt"/"Til stede" cell that says no ("nei", "-")


# Label at the start of a line: Markdown heading/bullet/bold marks may precede it,
# an optional parenthesis ("Til stede (fysisk)") may follow, then ':' or end of line.
_LINE_LEAD = r"^[ \t]*(?:#{1,6}[ \t]*|[-*•–][ \t]+)?(?:\*\*|__)?[ \t]*"
_LABEL_TAIL = r"(?:[ \t]*\([^)\n]{0,60}\))?[ \t]*(?:\*\*|__)?[ \t]*(?:(?P<colon>:)(?:[ \t]*(?:\*\*|__))?|(?=[ \t*_]*$))"


@lru_cache(maxsize=None)
def rules() -> Rules:
    name = "attendance"
    data = load_rules(name, {
        "sections": list, "table_header": str, "table_columns": dict, "deputy_remark": str, "functions": dict, "titles": dict,
        "note_words": list, "case_spans": dict, "non_name_words": list, "org_suffixes": list,
        "name_particles": list, "ocr_noise": str, "ocr_function_variants": dict, "sentence_forms": list,
        "not_attended_cells": list,
    })
    sections = []
    for i, raw in enumerate(data["sections"]):
        if raw.get("status") not in STATUSES or raw.get("role") not in ROLES:
            raise RuleDataError(f"{name}.yaml: sections[{i}]: bad status/role in {raw!r}")
        [regex] = compile_patterns(name, f"sections[{i}]", [_LINE_LEAD + "(?P<label>" + raw["pattern"] + ")" + _LABEL_TAIL])
        sections.append(SectionRule(regex, raw["status"], raw["role"], bool(raw.get("single", False)),
                                    bool(raw.get("names_nobody", False))))
    for word, spec in data["functions"].items():
        if spec.get("role") not in ROLES or spec.get("status", "present") not in STATUSES:
            raise RuleDataError(f"{name}.yaml: functions.{word}: bad role/status")
    for title, role in data["titles"].items():
        if role is not None and role not in ROLES:
            raise RuleDataError(f"{name}.yaml: titles.{title}: bad role {role!r}")
    [header] = compile_patterns(name, "table_header", [data["table_header"]])
    columns = {key: compile_patterns(name, f"table_columns.{key}", [pattern])[0] for key, pattern in data["table_columns"].items()}
    spans = {key: compile_patterns(name, f"case_spans.{key}", [pattern])[0] for key, pattern in data["case_spans"].items()}
    return Rules(
        sections=tuple(sections), table_header=header, table_columns=columns,
        column_split=re.compile(r"\s+(?=(?:%s)\b)" % "|".join(p for k, p in data["table_columns"].items() if k != "name"),
                                re.IGNORECASE),
        deputy_remark=compile_patterns(name, "deputy_remark", [data["deputy_remark"]])[0],
        functions={k.casefold(): v for k, v in data["functions"].items()},
        titles={k.casefold(): v for k, v in data["titles"].items()},
        note_words=frozenset(w.casefold() for w in data["note_words"]), case_spans=spans,
        non_name_words=frozenset(w.casefold() for w in data["non_name_words"]),
        org_suffixes=tuple(s.casefold() for s in data["org_suffixes"]),
        name_particles=frozenset(data["name_particles"]),
        ocr_noise=compile_patterns(name, "ocr_noise", [data["ocr_noise"]], flags=0)[0],
        ocr_noise_chars=re.compile(r"[|¦]"),
        ocr_function_variants={str(k).casefold(): str(v).casefold() for k, v in data["ocr_function_variants"].items()},
        sentence_forms=tuple(_sentence_form(name, i, raw) for i, raw in enumerate(data["sentence_forms"])),
        not_attended_cells=frozenset(str(w).casefold() for w in data["not_attended_cells"]),
    )


def _sentence_form(name: str, i: int, raw: dict) -> tuple[re.Pattern, str, str, str]:
    if raw.get("side") not in ("before", "after") or raw.get("status") not in STATUSES or raw.get("role") not in ROLES:
        raise RuleDataError(f"{name}.yaml: sentence_forms[{i}]: needs side before/after, a status and a role")
    [regex] = compile_patterns(name, f"sentence_forms[{i}]", [raw["pattern"]])
    return regex, raw["side"], raw["status"], raw["role"]


# --- small helpers ------------------------------------------------------------------------


def normalise_case_number(raw: str) -> str:
    """"005/10" -> "5/2010", "25/2017" -> "25/2017", "24a/2017" -> "24a/2017"."""
    number, year = raw.split("/")
    digits = re.match(r"0*(\d+)(.*)", number)
    number = (digits.group(1) + digits.group(2)) if digits else number
    if len(year) == 2:
        year = ("20" if int(year) < 70 else "19") + year
    return f"{number}/{year}"


def clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Piece:
    """A substring of the document with its absolute offset."""
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def sub(self, a: int, b: int | None = None) -> "Piece":
        b = len(self.text) if b is None else b
        return Piece(self.text[a:b], self.start + a)

    def strip(self, chars: str | None = None) -> "Piece":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.sub(left, max(left, right))


def iter_lines(text: str, start: int = 0, end: int | None = None):
    """(line_start, line_text) for each line in text[start:end]."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, text[pos:stop]
        pos = stop + 1


# --- names --------------------------------------------------------------------------------

_UPPER = "A-ZÆØÅÄÖÜÉÈÁÀÓÒÚÍÑÇŠŽČĐŊŦ"
_LOWER = "a-zæøåäöüéèáàóòúíñçšžčđŋŧïëâêôûãõ"
_NAME_WORD = re.compile(rf"^(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}]?[{_LOWER}'’]+)*$")
_INITIAL = re.compile(rf"^[{_UPPER}]\.?(?:-?[{_UPPER}]\.?)?$")


def is_name_token(token: str) -> bool:
    return bool(_NAME_WORD.match(token) or _INITIAL.match(token))


def is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


@short_text_memo
def is_org_like(token: str) -> bool:
    """An organisation word or a title ("Skatteetaten", "Brønnøysundregisteret", "Kommunedirektør").
    Memoised: each test runs through every organisation suffix, and the name readers ask about
    the same words again (10925 calls on 200 bench docs)."""
    r = rules()
    folded = token.casefold().strip(".,")
    return folded in r.non_name_words or folded in r.titles or any(folded == s or (folded.endswith(s) and len(folded) > len(s) + 2) for s in r.org_suffixes)


def is_person_name(tokens: list[str], *, known_given: bool = True) -> bool:
    """Two to six name words with at least two full ones ("Jon G Pedersen"), one of them a
    known given name (names.py lexicon; surname-first tables put it second), none a word of an
    organisation, title or place."""
    if not 2 <= len(tokens) <= 6:
        return False
    particles = rules().name_particles
    if not (is_name_token(tokens[0]) and is_name_token(tokens[-1]) and not is_initial(tokens[-1])):
        return False
    if not all(is_name_token(t) or t in particles for t in tokens[1:-1]):
        return False
    if sum(1 for t in tokens if t not in particles and not is_initial(t)) < 2:
        return False
    if any(is_org_like(t) or names.is_org_word(t) or names.is_title_word(t) for t in tokens):
        return False
    if known_given and not any(names.is_given(t) or is_initial(t) for t in tokens):
        return False
    return not gazetteer.is_place(tokens)


def name_prefix_length(tokens: list[str], *, known_given: bool = True) -> int:
    """Length of the longest leading run of tokens that is a person's name (0 if none)."""
    for n in range(min(len(tokens), 6), 1, -1):
        if is_person_name(tokens[:n], known_given=known_given):
            return n
    return 0


def word_pieces(piece: Piece) -> list[Piece]:
    return [piece.sub(m.start(), m.end()) for m in re.finditer(r"\S+", piece.text)]


def strip_title(words: list[Piece], by_ending: bool = False, functions: bool = True) -> tuple[str | None, list[Piece]]:
    """("Rådmann", [Ola, Hansen]) for "Rådmann Ola Hansen"; also function words ("Leder Ola Hansen").
    ``by_ending``: also a lower-case title known by its ending ("fagdirektør Kari Moe"), in a
    list whose titles stand before the names.  ``functions=False``: a function word is not
    taken (a list of "Name, function" where it belongs to the name before)."""
    r = rules()
    for n in (3, 2, 1):
        if len(words) > n + 1:
            head = " ".join(w.text for w in words[:n]).casefold()
            if head in r.titles or (n == 1 and functions and head in r.functions):
                return " ".join(w.text for w in words[:n]), words[n:]
    # a lower-case title the name lexicon knows by its ending ("fagdirektør Kari Moe",
    # "styresekretær Anne Dahl"): hers, not an affiliation of the person before
    if by_ending and len(words) > 2 and words[0].text[:1].islower() and names.is_title_word(words[0].text):
        return words[0].text, words[1:]
    return None, words


# --- entries --------------------------------------------------------------------------------


@dataclass
class Entry:
    """One person as read from one place in the document (before merging)."""
    name: str
    start: int
    end: int
    status: str
    role: str
    affiliation: str | None = None
    deputy_for: str | None = None
    note: str | None = None
    from_case: str | None = None
    to_case: str | None = None
    from_role_label: bool = False   # from "Møteleder: X" rather than an attendance list
    place_list: bool = False        # from a "Name, Municipality, ..." list
    attended: bool | None = None    # the table's "Møtt" column, when there is one
    joined: bool = False            # read from a run: a separator (",", "og") stood before the name
    after_note: bool = False        # read from a run: a remark in parentheses stood before the name
    titled: bool = False            # read from a run: a title or function stood with the name
    source: str = "list"            # list | text


@dataclass
class Orphan:
    """A list segment that is no person: the affiliation, function or remarks of the person before it."""
    text: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Remarks:
    """What parentheses and dashes around a name say."""
    affiliation: str | None = None
    deputy_for: str | None = None
    role: str | None = None
    status: str | None = None
    notes: list[str] = field(default_factory=list)


def classify_remark(remark: str, into: Remarks) -> None:
    """Sort one parenthesis / dash remark: case span or time note, role, deputy, else affiliation."""
    r = rules()
    text = clean(remark)
    if not text:
        return
    words = [w.casefold().strip(".,:") for w in text.split()]
    deputy = r.deputy_remark.match(text)
    if deputy and is_person_name(deputy.group("name").split()):
        into.deputy_for, into.status = deputy.group("name"), "deputy"
    elif len(words) == 1 and words[0] in r.functions:
        spec = r.functions[words[0]]
        into.role, into.status = spec["role"], spec.get("status", into.status)
    elif len(words) == 1 and (slashed := _slashed_role(words[0])):
        into.role = slashed     # "(kirkeverge/sekr)": a title and a function
    elif any(w in r.note_words for w in words) or re.search(r"\d+[a-z]?/\d{2,4}", text) or text[0].islower() and len(words) > 2:
        into.notes.append(text)
    elif into.affiliation is None:
        into.affiliation = text


def _slashed_role(word: str) -> str | None:
    """The role of "kirkeverge/sekr", "leder/ordfører": every part a function or title, the
    first function's role (a meeting function says more than a title)."""
    parts = [p.strip(".") for p in word.split("/")]
    functions, titles = rules().functions, names.lexicon().titles
    if len(parts) < 2 or not all(p in functions or p in titles for p in parts):
        return None
    roles = [functions[p]["role"] for p in parts if p in functions] + [titles[p].role for p in parts if p in titles]
    return next((role for role in roles if role), None)


def case_span(notes: list[str]) -> tuple[str | None, str | None]:
    """from_case / to_case from notes like "fra sak 25/2017", "under behandling av sak 005/10"."""
    r = rules()
    first, last = None, None
    for note in notes:
        both = r.case_spans["both"].search(note)
        if both:
            first = normalise_case_number(both.group("a"))
            last = normalise_case_number(both.group("b")) if both.group("b") else first
            continue
        start = r.case_spans["from"].search(note)
        stop = r.case_spans["to"].search(note)
        first = normalise_case_number(start.group("a")) if start else first
        last = normalise_case_number(stop.group("a")) if stop else last
    return first, last


_PAREN = re.compile(r"\(([^()]*)\)")
_DASH_REMARK = re.compile(r"\s[–—-]\s+(?P<remark>\S.*)$")


def split_remarks(piece: Piece, remarks: Remarks) -> Piece:
    """Remove "(...)" and a trailing " – ..." from a segment, classifying them."""
    text = piece.text
    for m in _PAREN.finditer(text):
        classify_remark(m.group(1), remarks)
    text = _PAREN.sub(lambda m: " " * len(m.group(0)), text)
    dash = _DASH_REMARK.search(text)
    if dash:
        classify_remark(dash.group("remark"), remarks)
        text = text[: dash.start()] + " " * (len(text) - dash.start())
    return Piece(text, piece.start).strip(" .;:")


@dataclass(frozen=True)
class NameSpan:
    text: str
    start: int
    end: int


def can_start_name(token: str) -> bool:
    return is_name_token(token) and not is_org_like(token)


def person_from_words(words: list[Piece], order: str = "") -> tuple[list[Piece], NameSpan | None, list[Piece], str | None]:
    """Split words into (leading non-name words, name, trailing words, title).

    Leading words that cannot start a name ("PowerOffice Jon Henry Rosseland",
    a missing comma) belong to the person before; trailing words are this
    person's affiliation ("Jeanette M. Skovholt juridisk avdeling SKD").
    """
    title, words = strip_title(words, by_ending=order == TITLES_BEFORE, functions=order != FUNCTIONS_AFTER)
    lead = 0
    while lead < min(len(words), 3) and not can_start_name(words[lead].text):
        lead += 1
    rest = words[lead:]
    n = name_prefix_length([w.text for w in rest])
    if not n:
        return words, None, [], title
    name = NameSpan(" ".join(w.text for w in rest[:n]), rest[0].start, rest[n - 1].end)
    return words[:lead], name, rest[n:], title


_AND_AFTER_REMARK = re.compile(r"(?<=\))[ \t]+(?:og|and|&)[ \t]+(?=\S)")


def read_segment(piece: Piece, status: str, role: str, order: str = "") -> list[Entry | Orphan]:
    """One comma-separated segment: a person (with remarks), several persons ("A og B"), or an orphan."""
    joint = list(_AND_AFTER_REMARK.finditer(piece.text))
    if joint:   # "Ola Hansen (H) og Per Olsen (Sp)": each person keeps the remark after the name
        bounds = [0] + [x for m in joint for x in (m.start(), m.end())] + [len(piece.text)]
        return [e for a, b in zip(bounds[::2], bounds[1::2]) for e in read_segment(piece.sub(a, b), status, role, order)]
    remarks = Remarks()
    core = split_remarks(piece, remarks)
    if not core.text:
        return []
    slash = core.text.find("/")
    if slash > 0:
        left, right = core.sub(0, slash).strip(), core.sub(slash + 1).strip()
        if is_titled_name([w.text for w in word_pieces(left)]):  # "Name/Org", not "Sak 001/10"
            remarks.affiliation = remarks.affiliation or clean(right.text) or None
            core = left
    people = split_deputy(core, remarks) or split_and(core)
    entries: list[Entry | Orphan] = []
    for person_piece in people:
        entries.extend(entries_from_words(word_pieces(person_piece), remarks, status, role, order))
    return entries


def split_deputy(core: Piece, remarks: Remarks) -> list[Piece]:
    """"Steinar Valstad for Trond Julin" -> the deputy, with deputy_for set."""
    m = re.search(r"(?<!\s)\s+(?:møtte\s+|vara\s+)?for\s+", core.text)  # (?<!\s): linear on space runs
    if not m:
        return []
    left, right = core.sub(0, m.start()).strip(), core.sub(m.end()).strip()
    # titles on either side ("varaordfører Tor Vik for ordfører Siri Bakke") are not names
    right_words = [w.text for w in strip_title(word_pieces(right))[1]]
    # after a known person and "for", a name needs no given name of the lexicon ("… for Noralv Distad")
    deputy_known = name_prefix_length([w.text for w in strip_title(word_pieces(left))[1]])
    n = name_prefix_length(right_words, known_given=not deputy_known)
    if n and deputy_known:
        remarks.deputy_for, remarks.status = " ".join(right_words[:n]), "deputy"
        rest = " ".join(right_words[n:])
        if rest and remarks.affiliation is None:
            remarks.affiliation = rest
        return [left]
    return []


def split_and(core: Piece) -> list[Piece]:
    """"Henriette Bråthen og Ove Monsen" -> two names; "Nore og Uvdal" stays one."""
    parts = re.split(r"\s+(?:og|and|&)\s+", core.text)
    if len(parts) > 1 and all(is_titled_name(p.split()) for p in parts):
        pieces, pos = [], 0
        for part in parts:
            at = core.text.index(part, pos)
            pieces.append(core.sub(at, at + len(part)))
            pos = at + len(part)
        return pieces
    return [core]


def is_titled_name(words: list[str]) -> bool:
    """"Kari Olsen" or "økonomisjef Kari Olsen": a whole name, perhaps after a title."""
    _, rest = strip_title([Piece(w, 0) for w in words])
    return name_prefix_length([w.text for w in rest]) == len(rest) > 1


MEETING_ROLES = frozenset({"chair", "deputy_chair", "secretary", "secretariat"})


def role_from_title(title: str, role: str, status: str, remarks: Remarks) -> tuple[str, str]:
    """A function word before the name sets the role ("Leder Ola Hansen"); a title only
    refines a plain member/other list ("Rådmann Ola Hansen" under "Andre")."""
    r = rules()
    key = title.casefold()
    if remarks.role:
        return role, status
    if key in r.titles:
        return titled_role(r.titles[key], role), status
    if key not in r.functions:   # a title the name lexicon knows ("styresekretær"), as in a flattened run
        known = names.lexicon().titles.get(key)
        return (lexicon_title_role(known.role, role) if known is not None else role), status
    spec = r.functions[key]
    return spec["role"], ("deputy" if spec.get("status") == "deputy" and status == "present" else status)


def titled_role(title_role: str | None, listed: str) -> str:
    """The role a title of attendance.yaml `titles` gives a person the list calls `listed`: it
    refines a plain member/other list; a meeting function's title ("kyrkjeverje": the council's
    secretary) holds under any list; a title without a role keeps the list's."""
    refines = listed in ("member", "other") or title_role in MEETING_ROLES
    return title_role if title_role and refines else listed


def lexicon_title_role(title_role: str, listed: str) -> str:
    """The role a title of the name lexicon (titles.yaml) gives: a meeting function always, any
    other but administration only to a plain member."""
    return title_role if title_role in MEETING_ROLES or listed == "member" and title_role != "administration" else listed


def entries_from_words(words: list[Piece], remarks: Remarks, status: str, role: str,
                       order: str = "") -> list[Entry | Orphan]:
    if not words:
        return []
    lead, name, trail, title = person_from_words(words, order)
    if name is None:
        return [Orphan(clean(" ".join(w.text for w in words)), remarks.notes)]
    if len(trail) > MAX_AFFILIATION_WORDS:  # "Ola Hansen orienterte om ..." is a sentence, not an entry
        return []
    out: list[Entry | Orphan] = [Orphan(clean(" ".join(w.text for w in lead)))] if lead else []
    affiliation = remarks.affiliation
    trailing = clean(" ".join(w.text for w in trail))
    trailing_title = None
    if not title and is_title(trailing):     # "Rune Ziener Kyrkjeverje": a title after the name, not an affiliation
        trailing_title, trailing = trailing, ""
    if trailing and affiliation is None:
        affiliation = trailing
    notes = list(remarks.notes)
    entry_role = remarks.role or role
    entry_status = remarks.status or status
    if title:
        entry_role, entry_status = role_from_title(title, entry_role, entry_status, remarks)
        if title.casefold() in rules().titles:
            notes.insert(0, title)
    first, last = case_span(notes)
    out.append(Entry(
        name=name.text, start=name.start, end=name.end, status=entry_status, role=entry_role,
        affiliation=affiliation, deputy_for=remarks.deputy_for, note="; ".join(notes) or None,
        from_case=first, to_case=last,
    ))
    if trailing_title:
        apply_title_word(out[-1], trailing_title)
    return out


def is_title(text: str) -> bool:
    """A title or function as a whole ("Kyrkjeverje", "assisterende rådmann", "kulturkonsulent")."""
    return bool(text) and (text.casefold() in names.lexicon().titles or
                           len(text.split()) == 1 and names.is_title_word(text))


# --- layouts ---------------------------------------------------------------------------------


def split_top_level(piece: Piece, separators: str = ",;\t") -> list[Piece]:
    """Split at commas outside parentheses, and at tabs (the column gaps of PDF text)."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(piece.text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(piece.sub(last, i))
            last = i + 1
    parts.append(piece.sub(last))
    return [p.strip() for p in parts if p.text.strip()]


def read_list(piece: Piece, status: str, role: str) -> list[Entry]:
    """A comma list: "Name, Municipality, Name (Org), X for Y, Municipality, ... og Name"."""
    items: list[Entry | Orphan] = []
    segments = split_top_level(piece)
    order = list_order(segments)
    for segment in segments:
        items.extend(read_segment(segment, status, role, order))
    return attach_orphans(items)


TITLES_BEFORE = "titles before names"      # "Administrerende direktør A, fagdirektør B, …"
FUNCTIONS_AFTER = "functions after names"  # "Kari Hansen, leiar Ola Berg, nestleiar Per Dahl" (flattened lines)


def list_order(segments: list[Piece]) -> str:
    """Where a comma list writes its titles and functions: before each name (its first segment
    opens with one), or after (it opens with a bare name: a function word that opens a later
    segment, "leiar", "nestleder", "sekretær", belongs to the name before it — "Name, function"
    is how lists of lines write it, and a flattened page joins those lines); "" for a one-person
    list."""
    if len(segments) < 2:
        return ""
    if titles_lead(segments):
        return TITLES_BEFORE
    first = word_pieces(segments[0])
    opens_with_name = bool(first) and strip_title(first)[0] is None and not names.is_title_word(first[0].text) \
        and can_start_name(first[0].text)
    return FUNCTIONS_AFTER if opens_with_name else ""


def titles_lead(segments: list[Piece]) -> bool:
    """The list puts each title before its name ("Administrerende direktør A, fagdirektør B,
    styresekretær C"), not after it ("Gunnar Lillebo, rådmann Tonje Sandanger, …, Kim
    Rydningen, politisk sekretær"): its first segment opens with a title and its last does not
    end with one."""
    first = word_pieces(segments[0]) if segments else []
    last = word_pieces(segments[-1]) if segments else []
    if len(first) < 2 or not last:
        return False
    opens = names.is_title_word(first[0].text) or strip_title(first)[0] is not None
    return opens and not names.is_title_word(last[-1].text.rstrip("."))


def attach_orphans(items: list[Entry | Orphan]) -> list[Entry]:
    """A non-person segment right after a person is that person's affiliation ("Erik, Bærum")."""
    entries: list[Entry] = []
    for item in items:
        if isinstance(item, Orphan):
            if entries:
                attach_orphan(entries[-1], item)
            continue
        entries.append(item)
    places = sum(1 for e in entries if e.affiliation and gazetteer.is_place(e.affiliation))
    if len(entries) >= 2 and places * 2 >= len(entries):
        for e in entries:
            e.place_list = True
    return entries


def attach_orphan(entry: Entry, orphan: Orphan) -> None:
    words = orphan.text.split()
    if orphan.text.casefold() in rules().functions:  # "Ola Hansen, leder"
        apply_function(entry, orphan.text)
    elif words and len(words) <= 3 and names.is_title_word(words[-1].rstrip(".")):
        apply_title_word(entry, orphan.text)    # "Gunnar Lillebo, rådmann", "…, oppvekst- og kulturleder": a title
    elif entry.affiliation is None and orphan.text:
        entry.affiliation = orphan.text
    if orphan.notes:
        notes = ([entry.note] if entry.note else []) + orphan.notes
        entry.note = "; ".join(notes)
        first, last = case_span(notes)
        entry.from_case, entry.to_case = entry.from_case or first, entry.to_case or last


def _bullet_free(piece: Piece) -> Piece:
    m = re.match(r"^[ \t]*(?:[-*•–·][ \t]+|\d+[.)][ \t]+)?", piece.text)
    return piece.sub(m.end()).strip()


def read_lines(lines: list[Piece], status: str, role: str) -> list[Entry]:
    """One entry (or a short comma list) a line; stops at the first line without a person."""
    entries: list[Entry] = []
    for line in lines:
        found = read_list(_bullet_free(line), status, role)
        if not found:
            break
        entries.extend(found)
    return entries


def read_pipe_table(lines: list[Piece], status: str, role: str) -> list[Entry]:
    """Markdown/DOCX tables: every cell "– Name/Org" is an entry; a "Navn | Funksjon" header maps columns."""
    header: list[str] | None = None
    entries: list[Entry] = []
    for line in lines:
        cells = _cells(line)
        texts = [c.text for c in cells]
        if not any(texts):
            continue
        if all(re.fullmatch(r"[-:\s]*", t) for t in texts):
            continue
        if header is None and texts and rules().table_header.match(" ".join(texts)):
            header = [t.casefold() for t in texts]
            continue
        if header:
            entries.extend(read_table_row_cells(cells, header, status, role))
        else:  # cells of one row read as one list, so "| Ola Nordmann | AP |" gives AP as affiliation
            items: list[Entry | Orphan] = []
            for cell in cells:
                if cell.text:
                    for segment in split_top_level(_bullet_free(cell)):
                        items.extend(read_segment(segment, status, role))
            entries.extend(attach_orphans(items))
    return entries


def _cells(line: Piece) -> list[Piece]:
    """Cells of "| a | b |", "a | b" or "- | a | b |" (a list mark before a table row)."""
    row = line.strip()
    if row.text.startswith("-") and "|" in row.text:
        row = row.sub(1).strip()
    parts, last = [], 0
    for i, ch in enumerate(row.text):
        if ch == "|":
            parts.append(row.sub(last, i).strip())
            last = i + 1
    parts.append(row.sub(last).strip())
    if row.text.startswith("|"):
        parts = parts[1:]
    if row.text.endswith("|"):
        parts = parts[:-1]
    return parts


def column_kind(header_cell: str) -> str | None:
    for kind, regex in rules().table_columns.items():
        if regex.fullmatch(header_cell.strip()):
            return kind
    return None


def read_table_row_cells(cells: list[Piece], header: list[str], status: str, role: str) -> list[Entry]:
    values = {column_kind(h): c for h, c in zip(header, cells)}
    name_cell = values.get("name")
    if name_cell is None or not name_cell.text:
        return []
    found = read_list(name_cell, status, role)
    if len(found) != 1:
        return []
    [entry] = found
    if values.get("function") is not None:
        apply_function(entry, values["function"].text)
    if values.get("affiliation") is not None and values["affiliation"].text:
        entry.affiliation = clean(values["affiliation"].text)
    if values.get("deputy_for") is not None and values["deputy_for"].text:
        entry.deputy_for, entry.status = clean(values["deputy_for"].text), "deputy"
    if values.get("attended") is not None:
        cell = values["attended"].text.strip().casefold()
        entry.attended = bool(cell) and cell not in rules().not_attended_cells
    return [entry]


def apply_function(entry: Entry, function: str) -> None:
    spec = rules().functions.get(function.strip().casefold().strip("."))
    if spec:
        entry.role = spec["role"]
        if spec.get("status") == "deputy" and entry.status == "present":
            entry.status = "deputy"


def read_text_table(lines: list[Piece], header: str, status: str, role: str, absent_names: list[str],
                    unread: list["Unread"] | None = None) -> list[Entry]:
    """Member tables flattened to text: "Næss Jon Rolf Leiar", "Ole Olsen Leder AP", "Kari Vara Ole Olsen H".

    The function word separates the name from the columns after it; without a
    function column, a "Møtte for" name is recognised by the absent members.
    """
    columns = [column_kind(h) for h in rules().column_split.split(header.casefold())]
    entries: list[Entry] = []
    noise = rules().ocr_noise
    for line in lines:
        entry = read_text_row(line.strip(), columns, status, role, absent_names)
        if entry is None:
            words = [w for w in word_pieces(line) if not noise.fullmatch(w.text)]
            if any(function_at(words, i) for i in range(1, len(words))):
                if unread is not None:   # a row of the table whose name cannot be read: keep it, read on
                    unread.append(Unread(clean(line.text), line.start, line.end, "table row without a readable name"))
                continue
            break
        entries.append(entry)
    return entries


def function_at(words: list[Piece], i: int) -> tuple[str, int] | None:
    """The function word at words[i] (and its length in words): "Leder", OCR's "Med lem" / "Nest eder"."""
    functions, variants = rules().functions, rules().ocr_function_variants
    for n in (1, 2):
        if i + n > len(words):
            break
        key = "".join(w.text for w in words[i:i + n]).casefold().strip(".")
        key = variants.get(key, key)
        if key in functions and (n == 1 or not words[i + 1].text[:1].isupper()):
            return key, n
    return None


def read_text_row(line: Piece, columns: list[str | None], status: str, role: str, absent_names: list[str]) -> Entry | None:
    noise = rules().ocr_noise
    words = [w for w in word_pieces(line) if not noise.fullmatch(w.text)]   # table rules OCR reads as "|", "i", "EE"
    words = [w.sub(0, len(w.text) - 1) if w.text.endswith(".") and len(w.text) > 3 else w for w in words]   # "Arve."
    found = next(((i, f) for i in range(2, len(words)) if (f := function_at(words, i))), None)
    cut = found[0] if found else None
    if found is not None:
        (function, width) = found[1]
        name_words, rest = words[:cut], words[cut + width:]
    elif "function" in columns:
        return None
    else:
        n = name_prefix_length([w.text for w in words])
        name_words, function, rest = words[:n], None, words[n:]
    deputy_for = None
    if "deputy_for" in columns and function is None:
        name_words, deputy_for, rest = split_deputy_columns(words, absent_names)
    elif "deputy_for" in columns:
        n = name_prefix_length([w.text for w in rest])
        deputy_for, rest = (" ".join(w.text for w in rest[:n]) or None), rest[n:]
    # a table row's columns delimit the name: a given name missing from the lexicon is accepted
    if not name_words or not is_person_name([w.text for w in name_words], known_given=False):
        return None
    entry = Entry(name=" ".join(w.text for w in name_words), start=name_words[0].start, end=name_words[-1].end, status=status, role=role)
    if function:
        apply_function(entry, function)
    rest_text = [w.text for w in rest]
    if "attended" in columns and rest_text and rest_text[0] in ("X", "x", "✓", "✔"):
        entry.attended = True
        rest_text = rest_text[1:]
    elif "attended" in columns:
        entry.attended = False
    if deputy_for:
        entry.deputy_for, entry.status = deputy_for, "deputy"
    title = " ".join(rest_text)
    if function is None and is_title(title):
        apply_title_word(entry, title)     # "Rune Ziener Kyrkjeverje", a Stilling column: a title, not an affiliation
    elif rest_text and "affiliation" in columns:
        entry.affiliation = " ".join(rest_text)
    return entry


def split_deputy_columns(words: list[Piece], absent_names: list[str]) -> tuple[list[Piece], str | None, list[Piece]]:
    """"Kari Vara Ole Olsen H" -> ([Kari, Vara], "Ole Olsen", [H]) when Ole Olsen is listed as absent."""
    texts = [w.text for w in words]
    for absent in absent_names:
        target = absent.split()
        for i in range(2, len(texts) - len(target) + 1):
            if texts[i:i + len(target)] == target:
                return words[:i], absent, words[i + len(target):]
    return words, None, []


# --- sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    rule: SectionRule
    label_start: int
    inline: Piece | None      # text after "Label:" on the same line
    body_start: int           # first character after the label line
    body_end: int             # start of the next label line (or the cap)
    table_header: str | None = None


@lru_cache(maxsize=1)
def _any_label() -> re.Pattern:
    """All section labels in one pattern (their groups unnamed): most lines start with none."""
    alternatives = [r.regex.pattern.replace("(?P<label>", "(?:").replace("(?P<colon>", "(?:") for r in rules().sections]
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


@short_text_memo
def match_label(line: str) -> tuple[SectionRule, re.Match] | None:
    """The first rule whose label starts the line and ends in ':' or the end of the line."""
    if not _any_label().match(line):
        return None
    for rule in rules().sections:
        m = rule.regex.match(line)
        if m:
            return rule, m
    return None


# A member table with no label above it ("A2 Stemmestyret" + "Navn Funksjon Møtt") lists members present.
TABLE_WITHOUT_LABEL = SectionRule(re.compile(""), "present", "member", False)


def find_sections(text: str, header_end: int | None = None) -> list[Section]:
    """Label lines (and member-table headers) in order; each section runs to the next one."""
    limit = len(text) if header_end is None else header_end
    starts: list[Section] = []
    cells = 0   # header cells seen one a line under the last label: a table with one cell a line
    for start, line in iter_lines(text):
        if start > limit:
            break
        body_start = min(start + len(line) + 1, len(text))
        if not line.strip():
            continue
        cells = cells + 1 if starts and _HEADER_CELL.fullmatch(line.strip()) and (cells or starts[-1].inline is None) else (
            cells if cells >= 2 else 0)
        hit = match_label(line)
        if hit and hit[0].single and cells >= 2:
            continue  # "Medlem" in the Funksjon column of a one-cell-a-line table is a cell, not a label
        if hit:
            cells = 0
            rule, m = hit
            inline = Piece(line[m.end():], start + m.end()).strip(" \t*_")
            starts.append(Section(rule, start, inline if inline.text else None, body_start, body_start))
        elif rules().table_header.match(rules().ocr_noise_chars.sub(" ", line).strip()):
            previous = starts[-1] if starts else None
            if previous and previous.inline is None and not text[previous.body_start:start].strip():
                if _rows_after_header(line):
                    # header and rows on the line under the label (a PDF line wrapped after the
                    # label's colon): the label's list, as when it follows on the label's line
                    starts[-1] = replace(previous, inline=Piece(line, start).strip(" \t*_"), body_start=body_start)
                else:
                    # the table sits directly under its label ("Medlemmer (inkl. ...):" + "Navn Funksjon")
                    starts[-1] = replace(previous, body_start=body_start, table_header=line.strip())
            else:
                starts.append(Section(TABLE_WITHOUT_LABEL, start, None, body_start, body_start, line.strip()))
    ends = [s.label_start for s in starts[1:]] + [len(text)]
    return [replace(s, body_end=max(s.body_start, min(end, s.body_start + MAX_SECTION_CHARS))) for s, end in zip(starts, ends)]


def _rows_after_header(line: str) -> bool:
    """"Navn Møtte for Representerer Magne Haugland …": the header's cells, then a row starting
    with a given name (not OCR noise after a header line)."""
    header = _INLINE_HEADER.match(line.strip())
    rest = line.strip()[header.end():].split() if header else []
    return len(rest) >= 2 and names.is_given(rest[0].strip(",.;:"))


_HEADER_CELL = re.compile(r"(?:navn|namn|funksjon|rolle|parti|repr\.?|representerer|listetilhørighet|stilling|tittel|"
                          r"møtte\s+for|møtt\s+for|vara\s+for|forfall|møtt)", re.IGNORECASE)


def block_lines(text: str, section: Section) -> list[Piece]:
    """The lines of a section: inline text, then lines up to a blank line after content.
    In a table, single blank lines between rows are tolerated (OCR puts one after each row);
    a table with one cell a line (web pages) runs to the next label, blank lines and all."""
    lines: list[Piece] = [section.inline] if section.inline else []
    body = [Piece(line, start) for start, line in iter_lines(text, section.body_start, section.body_end) if line.strip()]
    if not lines and len(body) >= 2 and all(_HEADER_CELL.fullmatch(p.text.strip()) for p in body[:2]):
        return body
    blanks = 0
    for start, line in iter_lines(text, section.body_start, section.body_end):
        if not line.strip():
            blanks += 1
            if lines and (not section.table_header or blanks > 1):
                break
            continue
        blanks = 0
        if re.match(r"^\s*#{1,6}\s", line) or lines and leading_case_token(line.strip()):
            break  # a heading, or a case heading ("PS 1/16 Referatsaker") right under the list (PDF text: no blank line)
        lines.append(Piece(line, start))
    return lines


def is_run_on(lines: list[Piece]) -> bool:
    """A comma list wrapped over several lines (PDF text), as opposed to one entry a line."""
    if any(re.match(r"^\s*[-*•–·]\s", line.text) for line in lines):
        return False
    return len(lines) > 1 and (any(line.text.rstrip().endswith(",") for line in lines[:-1]) or any(line.text.count(",") >= 3 for line in lines))


def join_lines(lines: list[Piece], text: str) -> Piece:
    """One piece spanning the lines, newlines as spaces (offsets stay exact)."""
    start, end = lines[0].start, lines[-1].end
    return Piece(text[start:end].replace("\n", " "), start)


# --- runs: lists flattened to one line (PDF tables in web transcripts) ---------------------------------


@dataclass(frozen=True)
class Unread:
    """A stretch of an attendance list that holds no person and no attribute of one."""
    text: str
    start: int
    end: int
    reason: str


_MARKER_STATUS = {"m": "present", "x": "present", "f": "absent", "fo": "absent", "m/f": "present"}


def run_columns(header: str | None) -> list[str]:
    """Column kinds of a flattened table header ("Navn Funksjon Repr Vara for")."""
    if not header:
        return []
    alternatives = "|".join(f"(?P<{kind}>{regex.pattern})" for kind, regex in rules().table_columns.items())
    return [m.lastgroup for m in re.finditer(rf"\b(?:{alternatives})\b", header, re.IGNORECASE)]


def _is_note(text: str) -> bool:
    words = [w.casefold().strip(".,:;") for w in text.split()]
    return any(w in rules().note_words for w in words) or bool(re.search(r"\d+[a-z]?/\d{2,4}", text))


def read_run(piece: Piece, status: str, role: str, columns: list[str] | None = None,
             unread: list[Unread] | None = None) -> list[Entry]:
    """A list flattened to one run: "Name medlem A Name2 varamedlem FRP For X, sak 25 ...".

    People come from the name reader (extractors/names.py); the words between them are
    their attributes: party, title or function, place or organisation, "for X" (deputy),
    remarks.  Titles follow the name unless the list (or its header) puts them first.
    Whatever is neither goes to ``unread`` and the list goes on.
    """
    columns = columns or []
    items = merge_parties(names.read_items(piece.text), piece.text)
    significant = [it for it in items if it.kind != "sep"]
    if "function" in columns and "name" in columns:
        title_first = columns.index("function") < columns.index("name")
    else:
        title_first = bool(significant) and significant[0].kind == "title"
    entries: list[Entry] = []
    current: Entry | None = None
    pending_title: names.Item | None = None
    group_party: str | None = None
    previous: names.Item | None = None
    pending_for = False       # "X for (ordfører) Y": the next person is whom X met for
    row_done = False          # the current row has had an attribute after its name
    notes: list[str] = []
    note_span: list[int] = []      # start, end of a remark in running words ("ikkje til stades i sakene 49 og 50")
    note_direct = [False]          # the remark follows the name directly
    leftovers: list[names.Item] = []
    after_text = [False]      # running text has followed the list: people named after it are no entries of it

    def flush_leftovers() -> None:
        if leftovers and unread is not None:
            a, b = leftovers[0].start, leftovers[-1].end
            unread.append(Unread(clean(piece.text[a:b]), piece.start + a, piece.start + b, "no person or attribute"))
        leftovers.clear()

    def finish_notes() -> None:
        if note_span:
            remark = clean(piece.text[note_span[0]:note_span[1]])
            words = remark.split()
            if current is not None and len(words) > MAX_AFFILIATION_WORDS and words[0].casefold() not in rules().note_words:
                if note_direct[0] and current in entries:
                    # "Ola Hansen orienterte om ..." is a sentence about a person, not a list entry
                    entries.remove(current)
                    if unread is not None:
                        unread.append(Unread(clean(piece.text[current.start - piece.start:note_span[1]]), current.start,
                                             piece.start + note_span[1], "a sentence, not a list entry"))
                elif unread is not None:
                    unread.append(Unread(remark, piece.start + note_span[0], piece.start + note_span[1],
                                         "running text after the list"))
                after_text[0] = True
            else:
                notes.append(remark)
            note_span.clear()
        if current is not None and notes:
            current.note = "; ".join(([current.note] if current.note else []) + notes)
            first, last = case_span(notes)
            current.from_case, current.to_case = current.from_case or first, current.to_case or last
        notes.clear()

    for k, it in enumerate(items):
        nxt = next((x for x in items[k + 1:] if x.kind != "sep"), None)
        if it.kind == "sep":
            if it.text == ":" and previous is not None and previous.kind == "party":
                group_party = previous.text   # "AP: Kari, Ola  H: Per"
                if current is not None and current.affiliation == previous.text and current.start > previous.start:
                    current.affiliation = None
            continue
        if it.kind == "person":
            if pending_for and current is not None:
                current.deputy_for, current.status = it.text, "deputy"
                pending_for = False
            elif (current is not None and row_done and current.deputy_for is None and current.status == "deputy"
                  and (nxt is None or nxt.kind == "person") and not title_first):
                current.deputy_for = it.text   # the "Møtte for" column of a deputy's row
            elif (current is not None and not row_done and "deputy_for" in columns and status == "deputy"
                  and current.deputy_for is None and columns.index("deputy_for") == columns.index("name") + 1):
                current.deputy_for = it.text   # "Navn Møtte for Representerer": deputy, then whom
                row_done = True
            else:
                flush_leftovers()
                finish_notes()
                before = items[k - 1] if k else None
                # after running text ("Møtet startet kl … Muntlig innlegg til sak 87-11: Bjarne …") a
                # person is one who took part, not one more of the list's members or secretaries
                current = Entry(name=it.text, start=piece.start + it.start, end=piece.start + it.end,
                                status="present" if after_text[0] else status,
                                role="other" if after_text[0] else role, affiliation=group_party,
                                joined=before is not None and before.kind == "sep" and before.text in (",", ";", "og", "&"),
                                after_note=previous is not None and previous.kind == "note")
                entries.append(current)
                row_done = False
                if pending_title is not None:
                    apply_title(current, pending_title, before_name=True)
                    pending_title = None
        elif it.kind == "title":
            if pending_for:
                pass  # "for ordfører Laila Nordli": the title of the member met for
            elif title_first:
                pending_title = it
            elif current is not None:
                apply_title(current, it)
                row_done = True
        elif it.kind == "party" and k + 1 < len(items) and items[k + 1].text == ":":
            group_party = it.text       # "FRP: Bjørn Kåre Sevik H: Roar Jonstang, ..."
        elif it.kind == "party":
            if current is not None and (row_done or current.affiliation in (None, group_party)) and not (
                    nxt is not None and nxt.kind == "person" and previous is not None and previous.kind in ("sep", "number")):
                current.affiliation = it.text
                row_done = True
            else:
                group_party = it.text
        elif it.kind == "place":
            if current is not None and current.affiliation in (None, group_party):
                current.affiliation = it.text
                row_done = True
            else:
                leftovers.append(it)
        elif it.kind == "note":
            if current is not None:
                remarks = Remarks()
                classify_remark(it.text, remarks)
                if remarks.deputy_for:
                    current.deputy_for, current.status = remarks.deputy_for, "deputy"
                if remarks.role:
                    current.role = remarks.role
                notes.extend(remarks.notes)
                if remarks.affiliation and current.affiliation in (None, group_party):
                    current.affiliation = remarks.affiliation
        elif (it.kind == "other" and len(it.text) >= 2 and it.text.isupper() and it.text.isalpha() and current is not None
              and "affiliation" in columns and current.affiliation in (None, group_party)):
            # "Leif Elde Nestleiar SAFO", "… Medlem FFO": an organisation's abbreviation in the Representerer column
            current.affiliation = it.text
            row_done = True
        elif it.kind == "other" and len(it.text) >= 4 and it.text.isupper() and it.text.isalpha():
            # an upper-case heading ("REGIONRÅDET FOR HALLINGDAL", "SAKSLISTE") ends the list
            if unread is not None:
                unread.append(Unread(clean(piece.text[it.start:]), piece.start + it.start, piece.end, "running text after the list"))
            break
        elif it.kind in ("other", "number", "for"):
            if it.kind == "other" and it.text.casefold() in _MARKER_STATUS and current is not None and (
                    "attended" in columns or "absent" in columns):
                current.attended = _MARKER_STATUS[it.text.casefold()] == "present"
                current.status = "present" if current.attended else "absent"
            elif it.kind == "for":
                # "X (Sp) for Y", "X varamedlem FRP For Y": right after a person's row, not "Ord for dagen"
                pending_for = previous is not None and previous.kind in ("person", "party", "title", "note")
            elif current is not None and it.kind == "other" and (note_span or _is_note(it.text) or it.text[:1].islower()
                                                                  or it.text.isdigit()):
                if not note_span:
                    note_direct[0] = previous is not None and previous.kind == "person"
                note_span[:] = [note_span[0] if note_span else it.start, it.end]
            elif it.kind != "number":
                leftovers.append(it)
        previous = it
    flush_leftovers()
    finish_notes()
    lone = [e for e in entries if len(e.name.split()) == 1]
    if len(lone) == 1:   # one first name alone is no list of first names ("Leder: Ja I NI on, Joan")
        entries.remove(lone[0])
        if unread is not None:
            unread.append(Unread(lone[0].name, lone[0].start, lone[0].end, "a first name alone"))
    for e in entries:
        if e.note:
            e.note = clean(e.note)
    return entries


def merge_parties(items: list[names.Item], text: str) -> list[names.Item]:
    """"Felleslista SV/Rødt": party words next to each other (or joined by "/") are one list."""
    out: list[names.Item] = []
    for it in items:
        prev = out[-1] if out else None
        before = out[-2] if len(out) > 1 else None
        if it.kind == "party" and prev is not None and prev.kind == "party" and not text[prev.end:it.start].strip():
            out[-1] = replace(prev, text=text[prev.start:it.end], end=it.end, tokens=(prev.tokens[0], it.tokens[1]))
        elif it.kind == "party" and prev is not None and prev.text == "/" and before is not None and before.kind == "party":
            out[-2:] = [replace(before, text=text[before.start:it.end], end=it.end, tokens=(before.tokens[0], it.tokens[1]))]
        else:
            out.append(it)
    return out


def apply_title(entry: Entry, title: names.Item, before_name: bool = False) -> None:
    listed = entry.role
    apply_title_word(entry, title.text)
    key = clean(title.text).casefold()
    if before_name and key in rules().titles:
        # a title before a name means what it means in a list of lines ("Ordfører Kari Moe, Vang
        # kommune" in a regionråd's list: a member, the ordfører of her kommune), not a function
        entry.role = titled_role(rules().titles[key], listed)


def apply_title_word(entry: Entry, text: str) -> None:
    """A title or function sets the role, and the status where it says deputy ("Varamedlem")."""
    entry.titled = True
    word = clean(text)
    if word.casefold().strip(".") not in rules().functions:   # a title, not a function: kept in the note
        entry.note = "; ".join([word] + ([entry.note] if entry.note else []))
    spec = names.lexicon().titles.get(word.casefold())
    if spec is None:
        return  # a title known only by its ending ("kulturkonsulent"): keeps the list's role
    if spec.status == "deputy" and entry.status == "present":
        entry.status = "deputy"
    entry.role = lexicon_title_role(spec.role, entry.role)


_INLINE_HEADER = re.compile(
    r"^(?:(?:navn|namn|funksjon|rolle|parti|repr\.?|representerer|listetilhørighet|stilling|tittel|møtte\s+for|"
    r"møtt\s+for|vara\s+for|forfall|møtt)\b[ \t]*:?[ \t]*){2,}", re.IGNORECASE)


def split_inline_header(piece: Piece) -> tuple[list[str], Piece]:
    """"Navn Funksjon Repr Vara for Helge ..." -> (columns, the rows after the header)."""
    m = _INLINE_HEADER.match(piece.text)
    if not m:
        return [], piece
    return run_columns(m.group(0).replace(":", " ")), piece.sub(m.end()).strip()


def all_clean(entries: list[Entry]) -> bool:
    """Every name reads as exactly that one person ("SV Karina Hellum", "Atle Hillestad -" do not)."""
    return all([p.text for p in names.read_people(e.name)] == [e.name] for e in entries)


def header_cells(lines: list[Piece]) -> int:
    """Number of leading lines that are one column header each ("Navn", "Funksjon", ...); 0 if under 2."""
    n = 0
    for line in lines:
        if not (run_columns(line.text) and _INLINE_HEADER.fullmatch(line.text.strip() + " " + "navn ")
                or re.fullmatch(r"\s*(?:navn|namn)\s*", line.text, re.IGNORECASE)):
            break
        n += 1
    return n if n >= 2 else 0


def read_section(text: str, section: Section, absent_names: list[str], unread: list[Unread] | None = None) -> list[Entry]:
    rule = section.rule
    lines = block_lines(text, section)
    if not lines:
        return []
    pipe_rows = sum(line.text.count("|") >= 2 for line in lines)
    if section.table_header and pipe_rows * 2 <= len(lines):
        entries = read_text_table(lines, rules().ocr_noise_chars.sub(" ", section.table_header), rule.status,
                                  rule.role, absent_names, unread)
        if any(e.attended for e in entries):
            # crosses in a "Møtt" column: an unmarked row did not attend
            for e in entries:
                if e.attended is False:
                    e.status = "absent"
    elif pipe_rows >= 1:
        entries = read_pipe_table(([Piece(section.table_header, 0)] if section.table_header else []) + lines,
                                  rule.status, rule.role)
        if any(e.attended for e in entries):
            # "ja"/"nei" (or a cross) in a "Til stede" column: a "nei" or empty row did not attend
            for e in entries:
                if e.attended is False:
                    e.status = "absent"
    elif is_run_on(lines):
        entries = read_list(join_lines(lines, text), rule.status, rule.role)
    else:
        entries = read_lines(lines, rule.status, rule.role)
    cells = header_cells(lines)
    if cells:
        # a table with one cell a line ("Navn\nFunksjon\nRepresenterer\nKari Nordmann\nMedlem\nAP"): read as a run
        lines = [join_lines(lines, text)]
    if not section.table_header and not any(line.text.count("|") >= 2 for line in lines):
        # lists flattened from a table or a PDF page: the run reader reads each line to its end
        runs = [join_lines(lines, text)] if is_run_on(lines) else lines
        columns, first = split_inline_header(runs[0])
        found: list[Unread] = []
        run: list[Entry] = []
        for piece in [first, *runs[1:]]:
            line_found: list[Unread] = []
            people = read_run(piece, rule.status, rule.role, columns, line_found)
            if run and not people:
                break  # the list has ended: the next line is other content
            run.extend(people)
            found.extend(line_found)
        if unread is not None:   # what the run reader could not place, whichever reading is kept
            unread.extend(found)
        if len(run) > len(entries) or (run and columns) or (run and len(run) == len(entries) and not all_clean(entries)):
            entries = run
            if "attended" in columns and any(e.attended for e in entries):
                for e in entries:
                    e.status = "absent" if e.attended is False else e.status
    distribute_party_column(entries)
    for e in entries:
        e.from_role_label = rule.single
    return entries


def distribute_party_column(entries: list[Entry]) -> None:
    """"Åge Lundebrekke Anfinn Sjåstad … Veronica Hatlenes Parti Ap Frp … Uavh": a table's name
    column, then its party column, flattened one after the other (ACOS and Visma member tables
    in web transcripts).  The last person of the column holds every party code; each person
    of the column gets its own, in order, when the codes are exactly one per person."""
    for j, entry in enumerate(entries):
        codes = (entry.affiliation or "").split()
        k = len(codes)
        if k < 2 or k > j + 1 or not all(names.is_party_code(code) for code in codes):
            continue
        column = entries[j - k + 1: j + 1]
        if any(e.affiliation for e in column[:-1]) or (j - k >= 0 and not entries[j - k].affiliation):
            continue  # the column must be exactly the people without a party before the codes
        for person, code in zip(column, codes):
            person.affiliation = code


# --- document-level build ----------------------------------------------------------------------


def split_glued_places(text: str, entries: list[Entry]) -> None:
    """"Bente Gravdal Lier" in a "Name, Municipality" list -> Bente Gravdal, Lier.

    Only for a person without an affiliation in such a list, when the trailing
    words are a municipality no other attendee is listed with (the list
    covers each municipality once; the comma is missing).
    """
    used = {gazetteer.canonical_name(e.affiliation) for e in entries if e.affiliation}
    for e in entries:
        if not e.place_list or e.affiliation:
            continue
        tokens = e.name.split()
        for k in (3, 2, 1):
            head, tail = tokens[:-k], tokens[-k:]
            place = gazetteer.canonical_name(tail)
            if len(head) >= 2 and place and place not in used and is_person_name(head):
                e.name, e.affiliation = " ".join(head), " ".join(tail)
                e.end = end_after_words(text, e.start, len(head))
                used.add(place)
                break


def end_after_words(text: str, start: int, n_words: int) -> int:
    m = re.compile(r"\S+(?:\s+\S+){%d}" % (n_words - 1)).match(text, start)
    return m.end() if m else start


STAFF_ROLES = ("administration", "other")


def _in_member_table(e: Entry) -> bool:
    """Read from a member table's attendance column (a Møtt marker or a presence grid)."""
    return e.attended is not None and e.role not in STAFF_ROLES


def merge_entries(entries: list[Entry]) -> list[Entry]:
    """One row per person: lists give status and affiliation, role labels give the role."""
    merged: dict[str, Entry] = {}
    order: list[str] = []
    for e in sorted(entries, key=lambda e: e.from_role_label):  # list entries first (stable)
        key = persons.person_key(e.name)
        if key not in merged:
            merged[key] = replace(e)
            order.append(key)
            continue
        kept = merged[key]
        if _in_member_table(e) and not _in_member_table(kept) and kept.role in STAFF_ROLES:
            kept.role = e.role   # marked in a member table: a member, whatever a staff list made of the name
        elif ROLE_PRIORITY[e.role] < ROLE_PRIORITY[kept.role] and not (
                _in_member_table(kept) and not _in_member_table(e) and e.role in STAFF_ROLES):
            kept.role = e.role
        if kept.status == "absent" and e.status != "absent" and not e.from_role_label:
            kept.status = e.status
        elif kept.status == "present" and e.status == "deputy":   # listed present, and again as a deputy
            kept.status = "deputy"
        kept.affiliation = kept.affiliation or e.affiliation
        kept.deputy_for = kept.deputy_for or e.deputy_for
        kept.note = kept.note or e.note
        kept.from_case = kept.from_case or e.from_case
        kept.to_case = kept.to_case or e.to_case
    return sorted((merged[k] for k in order), key=lambda e: e.start)


# What follows a person's name when the text gives an affiliation: "(SAS institute AS)", "i Kommuneforlaget".
_AFFILIATION_AFTER_NAME = (
    re.compile(r"\s*\((?P<org>[^()\n]{2,60})\)"),
    re.compile(rf",?\s+(?:i|fra|frå)\s+(?P<org>[{_UPPER}][\w&-]*(?:[ \t]+(?:[{_UPPER}][\w&-]*|AS|ASA|SA|IKS|KF))*)"),
)


def _name_then(text: str, name: re.Pattern, after: re.Pattern) -> Iterator[tuple[int, re.Match]]:
    """(start, match of ``after``) for each match of the name followed by ``after``, as
    ``re.finditer(name + after)`` finds them.  The name (its words, white space between) matches
    one way at a position, so ``after`` alone decides there; the two patterns compile once
    instead of once a name (compiling cost ~5 ms a document)."""
    pos = 0
    while pos <= len(text) and (found := name.search(text, pos)) is not None:
        after_name = after.match(text, found.end())
        if after_name is None:
            pos = found.start() + 1
            continue
        yield found.start(), after_name
        pos = after_name.end()


def affiliation_from_text(text: str, name: str, skip: set[int]) -> str | None:
    """An affiliation the running text gives: "Henriette Bråthen (SAS institute AS)", "Ove Monsen i Kommuneforlaget"."""
    escaped = re.compile(r"\s+".join(re.escape(part) for part in name.split()))
    for after in _AFFILIATION_AFTER_NAME:
        for start, m in _name_then(text, escaped, after):
            if start in skip:  # the attendance list itself
                continue
            org = clean(m.group("org"))
            remarks = Remarks()
            classify_remark(org, remarks)
            if remarks.affiliation:
                return remarks.affiliation
    return None


def enrich_affiliations(text: str, entries: list[Entry], listed_at: set[int]) -> None:
    """Fill a missing affiliation from the running text (outside the lists)."""
    for e in entries:
        if e.affiliation is None:
            e.affiliation = affiliation_from_text(text, e.name, listed_at)


def normalise_affiliation(affiliation: str | None) -> str | None:
    """The canonical place ("Bærum kommune" -> Bærum) or party ("AP", "Ap", "Arbeidarpartiet"
    -> Arbeiderpartiet) an affiliation names; None for anything else."""
    if not affiliation:
        return None
    return gazetteer.normalise_affiliation(affiliation) or names.party_name(affiliation.strip(" ().,"))


# An affiliation is a short phrase: a municipality, an organisation, a party or list.
MAX_AFFILIATION_WORDS = 8
_SENTENCE_OR_HEADING = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ])|\s+(?=[A-ZÆØÅ]{3,}\s+[A-ZÆØÅ]{2,})")


def tidy_affiliation(affiliation: str | None) -> str | None:
    """The affiliation up to a sentence end or an upper-case heading that follows it in a
    flattened line ("Gol kommune REGIONRÅDET FOR HALLINGDAL Knut …" -> "Gol kommune"); None
    when even that is longer than an affiliation can be (running text, not a place)."""
    if not affiliation or len(affiliation.split()) <= MAX_AFFILIATION_WORDS:
        return affiliation
    cut = _SENTENCE_OR_HEADING.search(affiliation)
    head = affiliation[:cut.start()].strip(" ,;:.") if cut else affiliation
    if not head or len(head.split()) > MAX_AFFILIATION_WORDS or all(names.is_title_word(w) for w in head.split()):
        return None   # running text, or a job title ("utviklingssjef. Dei orienterte …")
    return head


def to_attendee(e: Entry) -> Attendee:
    affiliation = tidy_affiliation(e.affiliation)
    return Attendee(
        name=clean(e.name), affiliation=affiliation, affiliation_norm=normalise_affiliation(affiliation),
        status=e.status, deputy_for=e.deputy_for, role=e.role, from_case=e.from_case, to_case=e.to_case,
        note=e.note, char_start=e.start, char_end=e.end, source=e.source,
    )


def labels_first_groups(text: str, sections: list[Section]) -> list[list[Section]]:
    """Sections in groups: labels written one after another with nothing under them ("Møteleder:
    Tilstede: Forfall: Som vara møtte:") belong with the names that follow the last of them."""
    groups: list[list[Section]] = []
    waiting: list[Section] = []
    for section in sections:
        empty = not block_lines(text, section) and section.table_header is None
        if waiting and text[waiting[-1].body_start:section.label_start].strip():
            groups.extend([s] for s in waiting)
            waiting = []
        if empty:
            waiting.append(section)
            continue
        if section.inline is None:  # names under the label, not after it: the waiting labels stand alone
            groups.extend([s] for s in waiting)
            waiting = []
        groups.append(waiting + [section])
        waiting = []
    groups.extend([s] for s in waiting)
    return groups


_GROUP_ROLES = ("other", "administration", "secretariat")


def distribute(entries: list[Entry], labels: list[SectionRule]) -> None:
    """Give each entry of a labels-first run its label's status and role.

    One-person labels (Møteleder, Sekretær) take the first / last name when they come first /
    last; a trailing label for others (I tillegg møtte, Fra administrasjonen) takes the names
    with titles at the end; the remaining labels share the rest in order, split where the
    list's commas break (each label's names are one comma list), and a name listed twice goes
    to the later (deputy) label.  Without breaks everything goes to the first remaining label.
    """
    todo = list(range(len(entries)))
    label_of: dict[int, SectionRule] = {}
    rest = list(labels)
    for empty in [r for r in rest if r.names_nobody]:   # "Medlemmer: ... Alle unntatt:" names no member
        rest.remove(empty)
        completed = next((r for r in rest if r.status == empty.status and not r.single), None)
        if completed is not None:
            rest.remove(completed)
    if rest and rest[0].single and todo:
        label_of[todo.pop(0)] = rest.pop(0)
    if rest and rest[-1].single and todo:
        label_of[todo.pop()] = rest.pop()
    if rest and rest[-1].role in _GROUP_ROLES and not rest[-1].single:
        tail = []
        while todo and entries[todo[-1]].titled:
            tail.insert(0, todo.pop())
        if tail:
            label = rest.pop()
            label_of.update({i: label for i in tail})
    multi = [r for r in rest if not r.single] or rest
    staff = next((r for r in multi if r.role in _GROUP_ROLES), None)
    partisan = [i for i in todo if entries[i].affiliation and names.party_name(entries[i].affiliation.split("/")[0])]
    if staff is not None and partisan and len(multi) > 1 and len(partisan) < len(todo):
        # staff have no party: the names without one go to the administration / others label
        for i in [i for i in todo if i not in partisan]:
            label_of[i] = staff
        todo = partisan
        multi = [r for r in multi if r is not staff]
    if multi and todo:
        chunks = split_chunks([entries[i] for i in todo], multi)
        for label, chunk in zip(multi, chunks):
            for offset in chunk:
                label_of[todo[offset]] = label
    for i, label in label_of.items():
        e = entries[i]
        if e.status == "present" or label.status == "absent" and e.status != "deputy":
            e.status = label.status   # a row's own word (Varamedlem, Forfall mark) outranks the label
        if e.role == "member" or label.single:
            e.role = label.role


def split_chunks(entries: list[Entry], labels: list[SectionRule]) -> list[list[int]]:
    n, m = len(entries), len(labels)
    if m == 1:
        return [list(range(n))]
    breaks = [i for i in range(1, n) if not entries[i].joined and not entries[i].after_note]
    if len(breaks) == m - 1:
        cuts = [0, *breaks, n]
        return [list(range(cuts[k], cuts[k + 1])) for k in range(m)]
    seen: set[str] = set()
    repeated = []
    for i, e in enumerate(entries):
        key = persons.person_key(e.name)
        if key in seen:
            repeated.append(i)
        seen.add(key)
    deputy_label = next((k for k, r in enumerate(labels) if r.status == "deputy"), None)
    if repeated and deputy_label is not None and repeated == list(range(repeated[0], n)):
        chunks: list[list[int]] = [[] for _ in labels]
        chunks[deputy_label] = repeated
        first = repeated[0]
        # each deputy meets for one absent member: the absent label just before takes as many names
        if deputy_label > 0 and labels[deputy_label - 1].status == "absent" and first - len(repeated) > 0:
            chunks[deputy_label - 1] = list(range(first - len(repeated), first))
            first -= len(repeated)
        chunks[0] = list(range(first)) + chunks[0]
        return chunks
    return [list(range(n))] + [[] for _ in labels[1:]]


def people_in_sentences(text: str) -> list[Entry]:
    """People the running text shows taking part ("Frida hadde meldt forfall", "Frå Buskerud
    fylkeskommune møtte Dag Stenersen og Runolv Stegane"): rule data sentence_forms."""
    found: list[Entry] = []
    for regex, side, status, role in rules().sentence_forms:
        if not may_match(regex, text):
            continue
        for m in regex.finditer(text):
            if side == "before":
                back = max(0, m.start() - 120)   # the same as searching from 0, without scanning a long line
                lo = max(text.rfind("\n", back, m.start()), text.rfind(". ", back, m.start()), m.start() - 120) + 1
                window = Piece(text[lo:m.start()], lo)
                items = [it for it in names.read_items(window.text) if it.kind != "sep"]
                # the person right before the words, perhaps with a party: "Torfinn Ingeborgrud (MdG) stilte"
                party = items.pop() if items and items[-1].kind == "party" else None
                if items and items[-1].kind == "title":
                    items.pop()
                if not items or items[-1].kind != "person" or window.text[items[-1].end:].strip(" (),") not in (
                        "", *(p.text for p in [party] if p)):
                    continue
                person = items[-1]
                people = [(person, party.text if party else None)]
            else:
                end = min(x for x in (text.find("\n", m.end()), text.find(". ", m.end()), m.end() + 160) if x >= 0)
                window = Piece(text[m.end():end], m.end())
                items = names.read_items(window.text)
                people = []
                for it in items:
                    if it.kind == "person":
                        people.append((it, None))
                    elif it.kind not in ("sep", "title", "party") and not (it.kind == "other" and it.text[:1].islower()):
                        break
                org = m.groupdict().get("org")
                people = [(p, org) for p, _ in people]
            for person, affiliation in people:
                found.append(Entry(name=person.text, start=window.start + person.start, end=window.start + person.end,
                                   status=status, role=role, affiliation=affiliation, from_role_label=True,
                                   source="text"))
    return found


@dataclass(frozen=True)
class AttendanceResult:
    attendees: list[Attendee]
    unread: list[Unread]


def read_attendance(text: str, *, header_end: int | None = None) -> AttendanceResult:
    """Everyone the document lists as present, absent, deputy, secretariat or other (one row each),
    and the stretches of its lists that could not be read.

    ``header_end``: only labels that start before this offset are read (the
    attendance block sits in the document header); None reads the whole text.
    """
    sections = find_sections(text, header_end)
    entries: list[Entry] = []
    absent_names: list[str] = []
    unread: list[Unread] = []
    for group in labels_first_groups(text, sections):
        section = group[-1]
        if len(group) > 1:   # the labels share the run: read it plain, distribute() gives status and role
            section = replace(section, rule=replace(section.rule, status="present", role="member", single=False))
        found = read_section(text, section, absent_names, unread)
        if len(group) > 1:
            distribute(found, [s.rule for s in group])
        absent_names.extend(e.name for e in found if e.status == "absent")
        entries.extend(found)
    grids = find_grids(text)
    if grids:   # a presence grid is read by its own reader: what the list readers made of it goes
        def in_grid(pos: int) -> bool:
            return any(g.start <= pos < g.end for g in grids)
        # first, so that a person named again elsewhere (a signature) keeps the grid row's span
        entries = [grid_entry(row) for g in grids for row in g.rows] + [e for e in entries if not in_grid(e.start)]
        unread = [u for u in unread if not in_grid(u.start)]
    listed = {persons.person_key(e.name): e for e in entries}
    for e in people_in_sentences(text):
        known = listed.get(persons.person_key(e.name))
        if known is None:
            entries.append(e)
        elif known.role == "member" and e.role != "member":   # "Frå X møtte A": a guest, with X
            known.role, known.affiliation = e.role, known.affiliation or e.affiliation
    split_glued_places(text, entries)
    rows = merge_entries(entries)
    enrich_affiliations(text, rows, {e.start for e in entries})
    return AttendanceResult([to_attendee(e) for e in rows], unread)


def grid_entry(row) -> Entry:
    """A presence grid's row (extractors/presence_grid.py) as a list entry."""
    entry = Entry(name=row.name, start=row.start, end=row.end, status=row.status, role="member",
                  affiliation=row.affiliation, deputy_for=row.deputy_for, note=row.note,
                  attended=row.status != "absent")
    for title in row.titles:
        apply_title(entry, title)
    if row.note:
        entry.from_case, entry.to_case = case_span([row.note])
    return entry


def extract_attendance(text: str, *, header_end: int | None = None) -> list[Attendee]:
    return read_attendance(text, header_end=header_end).attendees


def surname_first_layout(text: str) -> bool:
    """True when the document's member tables print surnames first (EVA election protocols).

    EVA protocols ("Valgprotokoll for valgstyret", "Valprotokoll ...") list
    members as "Surname Given Function" under a "Navn Funksjon" header.
    """
    return bool(re.search(r"\bval[g]?protokoll\b", text, re.IGNORECASE)) and any(
        s.table_header for s in find_sections(text)
    )
