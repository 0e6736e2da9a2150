"""Case links: explicit references from one case to another, with the body and
organisation whose case is meant and what the reference says about it.

"Styringsgruppen besluttet i møte 15.06.2017, sak 06/2017" in a Rådmannsgruppen
case links to case 6/2017 of Styringsgruppen, relation ``decided_in``; a bare
"jf. sak 24/2017" links to the writing body's own case 24/2017, ``refers_to``.
A case number is unique only within one organisation's body, so every link
names the (organisation, body) it points into: the one named nearest the
reference in its sentence, else the document's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .case_numbers import find_case_mentions
from .header import document_rules
from .timeline import Mention, Section, find_bodies, nearest, section_at, sentence_span, timeline_rules

MAX_CUE_DISTANCE = 160  # a relation cue further before the reference than this says nothing about it
BODY_OF_ORG = re.compile(r"[^\S\n]+(?:i|hos|for|til|ved)[^\S\n]+$", re.IGNORECASE)   # "Formannskapet i "
ORG_OF_BODY = re.compile(r"^s?[^\S\n]+$")                                            # "Kongsberg kommunes "


@dataclass(frozen=True)
class CaseLink:
    from_case: str | None       # case of this document the reference stands in
    to_case: str                # normalised N/YYYY
    to_organization: str | None
    to_body: str | None
    relation: str               # decided_in | follows_up | treated_in | refers_to
    text: str                   # the sentence holding the reference, whitespace-normalised
    char_start: int             # span of that sentence
    char_end: int
    mention_start: int          # span of the case number as written
    mention_end: int


def find_organizations(text: str, start: int, end: int) -> list[Mention]:
    """Known organisations and "<Place> kommune" forms in text[start:end]."""
    rules = document_rules()
    found = [Mention(name, m.start(), m.end()) for name, pattern in rules.organizations
             for m in pattern.finditer(text, start, end)]
    place_org = re.compile(r"\b([A-ZÆØÅ][\wæøå]+(?:[ -](?:og\s)?[A-ZÆØÅ][\wæøå]+)*) (%s)\b" % "|".join(rules.org_suffixes))
    found += [Mention(f"{m[1]} {m[2]}", m.start(), m.end()) for m in place_org.finditer(text, start, end)]
    return sorted(found, key=lambda m: m.char_start)


def organization_of(text: str, body: Mention, left: int, right: int) -> str | None:
    """The organisation a named body belongs to when the text says so next to it
    ("Formannskapet i Kongsberg kommune", "Kongsberg kommunes formannskap"); an
    organisation elsewhere in the sentence is its topic, not the case's owner."""
    for org in find_organizations(text, left, right):
        if org.char_start >= body.char_end and BODY_OF_ORG.search(text[body.char_end:org.char_start]):
            return org.name
        if org.char_end <= body.char_start and ORG_OF_BODY.match(text[org.char_end:body.char_start]):
            return org.name
    return None


def claimed(names: list[Mention], cases: list, case) -> list[Mention]:
    """The names nearer to this case number than to any other in the sentence:
    in "Sak 088/09 Formannskapet i Kongsberg kommune – til sak 004/10" the body is 088/09's."""
    def distance(name: Mention, c) -> int:
        return max(c.char_start - name.char_end, name.char_start - c.char_end, 0)
    return [n for n in names if min(cases, key=lambda c: (distance(n, c), c is not case)) is case]


def relation_before(text: str, lo: int, position: int) -> str:
    """The relation of the cue nearest before the reference in its sentence ("besluttet" -> decided_in)."""
    rules = timeline_rules()
    lo = max(lo, position - MAX_CUE_DISTANCE)
    best: tuple[int, int, str] | None = None   # (end of cue, -rule order, relation)
    for order, (relation, pattern) in enumerate(rules.relation_cues):
        for match in pattern.finditer(text, lo, position):
            candidate = (match.end(), -order, relation)
            if best is None or candidate > best:
                best = candidate
    return best[2] if best else rules.default_relation


def in_heading(mention, sections: list[Section]) -> bool:
    """A case number in an item's own heading ("Sak 24/2017 Tittel") is no reference."""
    section = section_at(sections, mention.char_start)
    return section is not None and mention.char_start < (section.heading_end or section.char_start)


def find_case_links(text: str, start: int, end: int, sections: list[Section],
                    organization: str | None, body: str | None) -> list[CaseLink]:
    """Every case number mentioned in text[start:end] that is not one of this document's
    own cases, with the case it stands in and the body and organisation it points into."""
    own = {s.case_number for s in sections if s.case_number}
    links: list[CaseLink] = []
    seen: set[tuple] = set()
    mentions = [m for m in find_case_mentions(text[start:end], offset=start) if not in_heading(m, sections)]
    for mention in mentions:
        section = section_at(sections, mention.char_start)
        lo, hi = (section.char_start, section.char_end) if section else (start, end)
        left, right = sentence_span(text, mention.char_start, mention.char_end, lo, hi)
        in_sentence = [m for m in mentions if left <= m.char_start and m.char_end <= right]
        bodies = claimed(find_bodies(text, left, right), in_sentence, mention)
        named_body = nearest(bodies, mention.char_start, left, right)
        named_org = organization_of(text, named_body, left, right) if named_body else None
        to_body = named_body.name if named_body else body
        to_org = named_org or organization
        if mention.case_number in own and (to_org, to_body) == (organization, body):
            continue  # the document's own case (its heading, "fra sak 25/2017")
        from_case = section.case_number if section else None
        key = (from_case, mention.case_number, to_org, to_body, left)
        if key in seen:
            continue
        seen.add(key)
        links.append(CaseLink(from_case, mention.case_number, to_org, to_body,
                              relation_before(text, left, mention.char_start),
                              " ".join(text[left:right].split()), left, right,
                              mention.char_start, mention.char_end))
    return links
