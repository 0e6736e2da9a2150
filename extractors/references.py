"""Case references: cases mentioned in passing ("jf. sak 06/2017"), not treated in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .case_numbers import find_case_mentions
from .lines import sentence_span

@dataclass(frozen=True)
class CaseReference:
    case_number: str
    text: str            # the mention as written
    context: str         # the sentence around it
    char_start: int
    char_end: int


def sentence_around(text: str, start: int, end: int, lo: int, hi: int) -> str:
    a, b = sentence_span(text, start, end, lo, hi)
    return " ".join(text[a:b].split())


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
