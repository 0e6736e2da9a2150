"""Literal prefilters: skip a regex scan over a text that cannot hold a match.

Most patterns of the rule files need some literal piece ("avtal", "mån", "-"): a text that
holds none of a pattern's required pieces has no match, and ``str.find`` says so far faster
than the regex engine, which tries the pattern at every position.  The pieces are read from
the compiled pattern itself (no second list of words to keep in step with the rule files),
and a check only ever answers "may match" or "cannot match", so results are unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from re import _casefix, _constants as C, _parser  # noqa: the stdlib's own regex parser

Required = frozenset  # of strings, one of which every match contains

# The regex engine folds case with extra pairs beyond lower-casing ("ı" matches "i", "ſ"
# matches "s", Greek and Cyrillic variants).  Their non-ASCII members are kept out of the
# check: a pattern literal among them ends a piece, and a text holding one (lower-cased) is
# scanned without a check.  The ASCII members ("i", "s") pair only with those.
_EXTRA = frozenset(chr(c) for k, vs in _casefix._EXTRA_CASES.items() for c in (k, *vs) if c > 127)
_EXTRA_RE = re.compile("[%s]" % re.escape("".join(sorted(_EXTRA))))

Requirement = tuple  # of Required: every match holds one piece of each


def _shortest_pieces(pieces: Required) -> Required:
    """A piece that contains another is implied by it: the shorter one alone is checked."""
    return frozenset(p for p in pieces if not any(q != p and q in p for q in pieces))


def _best(requirement: Requirement) -> Required | None:
    """The one set of a requirement whose shortest piece is longest (an alternative of a branch)."""
    return max(requirement, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _sequence(items, ignorecase: bool) -> Requirement:
    """Every item of a sequence is in the match: each run of literals, and each group's requirement."""
    found: list[Required] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            char = chr(av).lower() if ignorecase else chr(av)
            if len(char) == 1 and not (ignorecase and char in _EXTRA):
                run.append(char)
                continue
        end_run()
        found += _item(op, av, ignorecase)
    end_run()
    return tuple(sorted({_shortest_pieces(r) for r in found}, key=lambda c: (-min(map(len, c)), sorted(c))))


def _item(op, av, ignorecase: bool) -> Requirement:
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & (re.IGNORECASE | re.LOCALE):
            return ()  # a local change of case rule: no check
        return _sequence(sub.data, ignorecase)
    if op is C.ATOMIC_GROUP:
        return _sequence(av.data, ignorecase)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _sequence(sub.data, ignorecase) if low >= 1 else ()
    if op is C.BRANCH:
        alternatives = [_best(_sequence(alt.data, ignorecase)) for alt in av[1]]
        if any(a is None for a in alternatives):
            return ()
        return (frozenset().union(*alternatives),)
    return ()  # literals outside the case rule, character sets, anchors, lookarounds, back references


@lru_cache(maxsize=None)
def required_pieces(pattern: re.Pattern) -> Requirement:
    """Sets of pieces: every match of ``pattern`` contains a piece of each set (lower-cased when
    the pattern ignores case); () when the pattern needs no literal."""
    if pattern.flags & re.LOCALE:
        return ()
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 — an unreadable pattern is just not prefiltered
        return ()
    return _sequence(parsed.data, bool(pattern.flags & re.IGNORECASE))


@lru_cache(maxsize=8)
def _folded(text: str) -> str | None:
    """The text lower-cased as the regex engine compares it when ignoring case, or None when
    some character folds differently there ("İ" lower-cases to two characters, see _EXTRA)."""
    folded = text.lower()
    if len(folded) != len(text) or (not folded.isascii() and _EXTRA_RE.search(folded)):
        return None
    return folded


_CHECKS: dict[int, tuple[re.Pattern, Requirement, bool]] = {}


def _check(pattern: re.Pattern) -> tuple[re.Pattern, Requirement, bool]:
    """(pattern, its requirement, whether it ignores case), found by the pattern's id: hashing a
    pattern hashes its compiled code, and tests of enum flags are slow."""
    entry = _CHECKS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = _CHECKS[id(pattern)] = (pattern, required_pieces(pattern), bool(pattern.flags & re.IGNORECASE))
    return entry


def may_match(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """False only when no match of ``pattern`` can lie in ``text[pos:endpos]`` (a match's
    literals are characters of the text; a search with pos/endpos consumes no others)."""
    if pos or endpos is not None:
        text = text[pos:endpos]
    _, requirement, ignorecase = _check(pattern)
    if not requirement:
        return True
    if ignorecase:
        text = _folded(text)
        if text is None:
            return True
    return all(any(piece in text for piece in pieces) for pieces in requirement)



# --- first characters ----------------------------------------------------------------------------


def _first_of_sequence(items, ignorecase: bool) -> tuple[frozenset[str], bool] | None:
    """(characters a match of the sequence can start with, whether it can be empty), or None."""
    chars: set[str] = set()
    for op, av in items:
        found = _first_of_item(op, av, ignorecase)
        if found is None:
            return None
        first, empty = found
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_of_item(op, av, ignorecase: bool) -> tuple[frozenset[str], bool] | None:
    if op is C.LITERAL:
        char = chr(av).lower() if ignorecase else chr(av)
        return None if len(char) != 1 or (ignorecase and char in _EXTRA) else (frozenset(char), False)
    if op is C.IN:
        chars = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < 256:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None   # negated sets and categories (\w, \d): no short list
        if ignorecase:
            chars = {c.lower() for c in chars}
            if any(len(c) != 1 or c in _EXTRA for c in chars):
                return None
        return frozenset(chars), False
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & (re.IGNORECASE | re.LOCALE):
            return None
        return _first_of_sequence(sub.data, ignorecase)
    if op is C.ATOMIC_GROUP:
        return _first_of_sequence(av.data, ignorecase)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _first_of_sequence(sub.data, ignorecase)
        return None if found is None else (found[0], found[1] or low == 0)
    if op is C.BRANCH:
        found = [_first_of_sequence(alt.data, ignorecase) for alt in av[1]]
        if any(f is None for f in found):
            return None
        return frozenset().union(*(f[0] for f in found)), any(f[1] for f in found)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset(), True   # zero width: the next item gives the first character
    return None


@lru_cache(maxsize=None)
def first_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters (lower-cased when the pattern ignores case) a match can start with, or
    None when that is no short list (a class such as \\w, or an empty match)."""
    if pattern.flags & re.LOCALE:
        return None
    found = _first_of_sequence(_parser.parse(pattern.pattern, pattern.flags).data,
                               bool(pattern.flags & re.IGNORECASE))
    return None if found is None or found[1] else found[0]


def start_test(pattern: re.Pattern):
    """A test ``char -> bool``, False only when no match of ``pattern`` can start with ``char``
    (fetch it once before a loop: finding it hashes the compiled pattern)."""
    first = first_characters(pattern)
    if first is None:
        return lambda char: True
    if not pattern.flags & re.IGNORECASE:
        return first.__contains__

    def test(char: str) -> bool:
        folded = char.lower()
        return len(folded) != 1 or folded in _EXTRA or folded in first

    return test


# --- an opening lookbehind -----------------------------------------------------------------------


def _plain(value):
    """A parsed item with its sub-patterns as plain lists, to compare two parses."""
    if isinstance(value, _parser.SubPattern):
        return [_plain(item) for item in value.data]
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _opens_with(items, assertion) -> bool:
    """Whether every match of a parsed sequence begins with the parsed ``assertion`` item."""
    if not items:
        return False
    op, av = items[0]
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return not (add_flags | del_flags) and _opens_with(sub.data, assertion)
    if op is C.BRANCH:
        return all(_opens_with(alt.data, assertion) for alt in av[1])
    return _plain((op, av)) == assertion


def opening_assertion(pattern: re.Pattern, assertion: str) -> re.Pattern | None:
    """``assertion`` (a lookbehind such as ``(?<!\\w)``), followed by a look at the characters a
    match can start with, compiled with the pattern's flags when every match of ``pattern``
    begins with it, else None: the positions where it holds are the only ones a search needs
    to try (see search_at)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        own = _parser.parse(assertion, pattern.flags).data
    except Exception:  # noqa: BLE001 — unreadable: searched as usual
        return None
    if len(own) != 1 or own[0][0] not in (C.ASSERT, C.ASSERT_NOT):
        return None
    if not _opens_with(parsed.data, _plain(own[0])):
        return None
    return re.compile(assertion + _first_character_lookahead(pattern), pattern.flags)


def _first_character_lookahead(pattern: re.Pattern) -> str:
    """``(?=[…])`` of the characters a match can start with ('' when no short list): compiled
    with the pattern's flags, the class matches every character a match of it can start with
    (the engine's own case rule, its extra case pairs included)."""
    first = first_characters(pattern)
    if not first:
        return ""
    return "(?=[%s])" % "".join(re.escape(char) for char in sorted(first))


def search_at(pattern: re.Pattern, starts: re.Pattern | None, text: str, pos: int, endpos: int) -> re.Match | None:
    """``pattern.search(text, pos, endpos)``, trying only the positions where ``starts`` (from
    opening_assertion) holds: the regex engine tries a long alternation at every position, a
    zero-width lookbehind is cheap.  The first position that matches gives search's match."""
    if starts is None:
        return pattern.search(text, pos, endpos)
    for start in starts.finditer(text, pos, endpos):
        found = pattern.match(text, start.start(), endpos)
        if found is not None:
            return found
    return None
