"""Case references: cases mentioned in passing ("jf. sak 06/2017"), not treated in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .case_numbers import find_case_mentions

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


@dataclass(frozen=True)
class CaseReference:
    case_number: str
    text: str            # the mention as written
    context: str         # the sentence around it
    char_start: int
    char_end: int


def sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, lo, start)), default=lo)
    right_match = _SENTENCE_END.search(text, end, hi)
    right = right_match.start() if right_match else hi
    return " ".join(text[left:right].split())


def find_case_references(text: str, start: int, end: int, own_cases: set[str],
                         max_context: int = 400) -> list[CaseReference]:
    refs = []
    for mention in find_case_mentions(text[start:end], offset=start):
        if mention.case_number in own_cases:
            continue
        lo, hi = max(start, mention.char_start - max_context // 2), min(end, mention.char_end + max_context // 2)
        context = sentence_around(text, mention.char_start, mention.char_end, lo, hi)
        refs.append(CaseReference(mention.case_number, mention.text, context, mention.char_start, mention.char_end))
    return refs
