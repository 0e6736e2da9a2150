"""Votes recorded in minutes: outcome, counts, unanimity, named votes.

Forms read (vocabulary in ``rules/votes.yaml``):
  "Forslaget ble vedtatt med 30 mot 5 stemmer", "Vedtatt med 25 mot 10 stemmer",
  "Enstemmig vedtatt", "Kommunedirektørens forslag ble enstemmig vedtatt",
  "Innstillingen vedtatt mot 3 stemmer (FrP)", "Forslaget fikk 10 stemmer og falt",
  nynorsk "Samrøystes vedteke", "vedteke med 20 mot 7 røyster", and named votes
  "For: A, B, C" / "Mot: D, E" / "Følgende stemte for: ...".

Nothing is inferred that the text does not state: a count that is not written
stays None.  Two derivations are made because they follow from the words:
"enstemmig vedtatt" has 0 votes against (0 for, when a proposal is
unanimously rejected), and a named list "For: A, B, C" counts 3.  When the
caller knows how many voted (``voters``), the missing side of
"vedtatt mot 3 stemmer" is voters - 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import names as name_reader
from .memo import short_text_memo
from .rules import compile_patterns, load_rules

CHOICES = ("for", "against", "abstain")
NAMED_VOTE_MAX_GAP = 200   # characters between a vote sentence and its named "For:/Mot:" lists


@dataclass(frozen=True)
class Vote:
    proposal: str | None            # the proposal voted on, as written ("Kommunedirektørens forslag")
    result: str | None              # approved | rejected | None
    votes_for: int | None
    votes_against: int | None
    unanimous: bool | None
    members: list[tuple[str, str]] = field(default_factory=list)   # (name, for | against | abstain)
    text: str = ""
    char_start: int = 0
    char_end: int = 0
    member_spans: list[tuple[int, int]] = field(default_factory=list)   # span of each member's name


@dataclass(frozen=True)
class Rules:
    rejected: re.Pattern
    approved: re.Pattern
    bare_outcome: re.Pattern
    bare_outcome_context: re.Pattern
    unanimous: re.Pattern
    counts: dict[str, re.Pattern]
    numbers: dict[str, int]
    proposal_words: re.Pattern
    subject_end: re.Pattern
    lead_in: re.Pattern
    named: dict[str, re.Pattern]


@lru_cache(maxsize=None)
def rules() -> Rules:
    name = "votes"
    keys = ["rejected", "approved", "bare_outcome", "bare_outcome_context", "unanimous", "unit", "for_against", "for_then_against", "against_only",
            "received", "proposal_words", "subject_end", "lead_in", "named_for", "named_against", "named_abstain"]
    data = load_rules(name, {**{k: str for k in keys}, "numbers": dict})

    def one(key: str, pattern: str | None = None) -> re.Pattern:
        return compile_patterns(name, key, [pattern or data[key]])[0]

    numbers = {str(k).casefold(): int(v) for k, v in data["numbers"].items()}
    number = r"(?:\d+|\b(?:" + "|".join(sorted(map(re.escape, numbers), key=len, reverse=True)) + r")\b)"
    counts = {
        key: one(key, data[key].replace("{n}", number).replace("{unit}", data["unit"]))
        for key in ("for_then_against", "for_against", "against_only", "received")
    }
    return Rules(
        rejected=one("rejected"), approved=one("approved"), bare_outcome=one("bare_outcome"),
        bare_outcome_context=one("bare_outcome_context"), unanimous=one("unanimous"), counts=counts,
        numbers=numbers, proposal_words=one("proposal_words"), subject_end=one("subject_end"), lead_in=one("lead_in"),
        named={"for": one("named_for"), "against": one("named_against"), "abstain": one("named_abstain")},
    )


def to_int(word: str) -> int:
    return int(word) if word.isdigit() else rules().numbers[word.casefold()]


# --- sentences -----------------------------------------------------------------------------------


def sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) for every sentence; lines and ". X" boundaries split."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", line.group()):
            start = text.index(part, pos)
            found.append((start, part))
            pos = start + len(part)
    return found


@short_text_memo
def outcome(body: str) -> tuple[str | None, re.Match | None]:
    r = rules()
    for result, regex in (("rejected", r.rejected), ("approved", r.approved)):
        m = regex.search(body)
        if m:
            return result, m
    return None, None


@short_text_memo
def read_counts(body: str) -> tuple[int | None, int | None]:
    """(for, against) as written; None for a side the sentence does not give."""
    counts = rules().counts
    for key in ("for_then_against", "for_against"):
        m = counts[key].search(body)
        if m:
            return to_int(m.group("for")), to_int(m.group("against"))
    against = counts["against_only"].search(body)
    received = counts["received"].search(body)
    return (to_int(received.group("for")) if received else None, to_int(against.group("against")) if against else None)


def read_proposal(body: str, verb_start: int) -> str | None:
    """The subject before the outcome, when it names a proposal."""
    r = rules()
    head = body[:verb_start]
    end = r.subject_end.search(head)
    subject = head[: end.start()] if end else head
    subject = subject.strip(" ,:;-–")
    if subject and len(subject) <= 150 and r.proposal_words.search(subject):
        return subject
    return None


def only_outcome_words(body: str) -> bool:
    """"Vedtatt.", "Enstemmig vedtatt", "Samrøystes vedteke." - nothing but the outcome."""
    r = rules()
    rest = r.unanimous.sub(" ", body)
    rest = r.rejected.sub(" ", rest)
    rest = r.approved.sub(" ", rest)
    return not re.sub(r"[\s.,;:!()]+", "", rest)


def unanimity(words_say: bool, result: str | None, votes_for: int | None, votes_against: int | None) -> bool | None:
    if words_say:
        return True
    if votes_for is not None and votes_against is not None:
        return votes_for == 0 or votes_against == 0
    losing = votes_against if result == "approved" else votes_for if result == "rejected" else None
    return False if losing else None


def vote_from_sentence(start: int, sentence: str, voters: int | None, previous: str = "") -> Vote | None:
    r = rules()
    lead = r.lead_in.match(sentence)
    body = sentence[lead.end():] if lead else sentence
    result, verb = outcome(body)
    unanimous_words = bool(r.unanimous.search(body))
    if result is None:
        # "Votering: Enstemmig." records unanimity without naming the outcome
        if unanimous_words and only_outcome_words(body) and lead:
            return Vote(None, None, None, None, True, [], sentence, start, start + len(sentence))
        # "Voteringsresultat: 13 stemmer for, 6 mot" gives the counts, not the outcome
        if not lead:
            return None  # (counts are read only after a vote lead-in: most sentences end here)
        votes_for, votes_against = read_counts(body)
        if votes_for is not None and votes_against is not None:
            return Vote(None, None, votes_for, votes_against, unanimity(False, None, votes_for, votes_against), [],
                        sentence, start, start + len(sentence))
        return None
    votes_for, votes_against = read_counts(body)
    proposal = read_proposal(body, verb.start())
    counted = votes_for is not None or votes_against is not None
    bare = r.bare_outcome.match(body) and (lead or r.bare_outcome_context.search(previous))
    if not (proposal or counted or unanimous_words or bare):
        return None  # prose such as "Planen ble vedtatt i 2019" is no vote record
    if unanimous_words:
        votes_against = 0 if result == "approved" and votes_against is None else votes_against
        votes_for = 0 if result == "rejected" and votes_for is None else votes_for
    if voters is not None:
        votes_for = voters - votes_against if votes_for is None and votes_against is not None else votes_for
        votes_against = voters - votes_for if votes_against is None and votes_for is not None else votes_against
    return Vote(
        proposal=proposal, result=result, votes_for=votes_for, votes_against=votes_against,
        unanimous=unanimity(unanimous_words, result, votes_for, votes_against), members=[],
        text=sentence, char_start=start, char_end=start + len(sentence),
    )


# --- named votes -----------------------------------------------------------------------------------


@dataclass
class NamedBlock:
    start: int
    end: int
    members: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)


def named_people(text: str) -> list[tuple[str, int, int]]:
    """People in "A (Ap), B og C" (the name reader of extractors/names.py), with offsets in text."""
    return [(p.text, p.start, p.end) for p in name_reader.read_people(text)]


def named_list_items(text: str) -> tuple[list[str], int | None]:
    """Names in "A (Ap), B og C"; a number ("12 stemmer") is a count instead."""
    number = re.match(r"^\s*(\d+)\b", text)
    if number:
        return [], int(number.group(1))
    return [name for name, _, _ in named_people(text)], None


def named_blocks(text: str) -> list[NamedBlock]:
    """Runs of consecutive "For: ..." / "Mot: ..." lines."""
    blocks: list[NamedBlock] = []
    last_end = -10
    lines = list(re.finditer(r"[^\n]+", text))
    for i, line in enumerate(lines):
        choice, m = next(((c, rx.match(line.group())) for c, rx in rules().named.items() if rx.match(line.group())), (None, None))
        if choice is None:
            continue
        listed, line_end = line.group()[m.end():], line.end()
        listed_at = line.start() + m.end()
        stated = m.groupdict().get("n") or m.groupdict().get("n2")   # "For forslaget stemte 34: ..."
        for nxt in lines[i + 1:]:  # a long list wraps: "For: A (Sp), B (Ap),\nC (Sp)"
            gap_text = text[line_end:nxt.start()]
            wrapped = gap_text == "\n" and ":" not in nxt.group() and named_list_items(nxt.group())[0]
            if not wrapped or any(rx.match(nxt.group()) for rx in rules().named.values()):
                break
            listed, line_end = f"{listed} {nxt.group()}", nxt.end()   # same length: offsets stay
        names, count = named_list_items(listed)
        people = named_people(listed) if names else []
        count = int(stated) if stated and count is None else count
        if not names and count is None:
            continue
        if not blocks or not re.fullmatch(r"\s*", text[last_end:line.start()]):
            blocks.append(NamedBlock(line.start(), line.end()))
        block = blocks[-1]
        block.end = line_end
        block.members.extend((name, choice) for name in names)
        block.spans.extend((listed_at + a, listed_at + b) for _, a, b in people)
        block.counts[choice] = count if count is not None else block.counts.get(choice, 0) + len(names)
        last_end = line_end
    return blocks


def attach_block(votes: list[Vote], block: NamedBlock, text: str) -> list[Vote]:
    """Put a named block on the nearest vote sentence, or make it a vote of its own."""
    def gap(vote: Vote) -> int:
        return block.start - vote.char_end if vote.char_end <= block.start else vote.char_start - block.end

    near = [v for v in votes if not v.members and 0 <= gap(v) <= NAMED_VOTE_MAX_GAP]
    counts_for, counts_against = block.counts.get("for"), block.counts.get("against")
    if not near:
        return votes + [Vote(None, None, counts_for, counts_against, None, list(block.members),
                             text[block.start:block.end], block.start, block.end, list(block.spans))]
    vote = min(near, key=gap)
    start, end = min(vote.char_start, block.start), max(vote.char_end, block.end)
    merged = replace(
        vote, members=list(block.members), member_spans=list(block.spans), text=text[start:end], char_start=start,
        char_end=end,
        votes_for=vote.votes_for if vote.votes_for is not None else counts_for,
        votes_against=vote.votes_against if vote.votes_against is not None else counts_against,
    )
    return [merged if v is vote else v for v in votes]


def extract_votes(text: str, *, voters: int | None = None) -> list[Vote]:
    """Every vote record in the text, in order.

    ``voters``: the number who voted, when the caller knows it; it only fills
    the side of a count that the text leaves out.
    """
    found = sentences(text)
    votes = [v for i, (start, sentence) in enumerate(found)
             if (v := vote_from_sentence(start, sentence, voters, found[i - 1][1] if i else ""))]
    for block in named_blocks(text):
        votes = attach_block(votes, block, text)
    return sorted(votes, key=lambda v: v.char_start)
