"""The literal prefilter never hides a match: when it says a pattern cannot match a text, the
pattern finds nothing there (random texts, the rule files' patterns, case-folding oddities)."""

import random
import re

import pytest

from extractors.prefilter import may_match, required_pieces


def test_pieces_of_sequences_branches_and_repeats():
    assert required_pieces(re.compile(r"(?<!\w)\w*avtal(?:e|en)\b", re.I)) == (frozenset({"avtale"}),)  # prefix of the branch
    assert required_pieces(re.compile(r"\b(?:kan|skal)\s+opp\b")) == (frozenset({"kan", "skal"}), frozenset({"opp"}))
    assert required_pieces(re.compile(r"(?:ab)?cd")) == (frozenset({"cd"}),)
    assert required_pieces(re.compile(r"\d+|foo")) == ()   # an alternative without a literal
    assert required_pieces(re.compile(r"(?i:Ab)c")) == (frozenset({"c"}),)   # a local case rule is skipped


@pytest.mark.parametrize("text", ["KONTRAKT", "Kontrakten", "ab kontrakt"])
def test_case_is_ignored_like_the_regex_engine(text):
    pattern = re.compile(r"kontrakt", re.I)
    assert may_match(pattern, text) and pattern.search(text)


@pytest.mark.parametrize("pattern,text", [
    (r"liste", "lıste"), (r"liste", "liſte"), (r"İ", "i"), (r"i", "İ"), (r"σ", "ΟΣ"), (r"ς", "σ"), (r"k", "\u212a"),
])
def test_special_case_pairs_are_never_skipped(pattern, text):
    compiled = re.compile(pattern, re.I)
    assert may_match(compiled, text) or not compiled.search(text)


def test_random_texts_agree_with_the_rule_patterns():
    from extractors.agreements import _precheck_patterns
    from extractors.dates import date_rules

    patterns = [*_precheck_patterns(), *date_rules().patterns.values(), *date_rules().fallback_candidates]
    words = ["avtale", "Avtalen", "oppsigelse", "3", "måneder", "mnd.", "år", "12.03.2020", "mars", "2021", "kan",
             "sies", "opp", "innen", "ı", "ſ", "İ", " ", "\n", ".", "-", "/", "varsel", "uten", "i", "løpet", "av"]
    rng = random.Random(3)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 10)))
        for pattern in patterns:
            assert may_match(pattern, text) or not pattern.search(text), (pattern.pattern, text)


def test_first_characters_of_branches_repeats_and_lookarounds():
    from extractors.prefilter import first_characters

    assert first_characters(re.compile(r"(?<!\w)(?:Forfall|møtte)", re.I)) == frozenset("fm")
    assert first_characters(re.compile(r"(?:ab)?c")) == frozenset("ac")
    assert first_characters(re.compile(r"\w+")) is None        # a category: no short list
    assert first_characters(re.compile(r"a?")) is None         # may match the empty string


def test_start_test_agrees_with_match_on_every_capital():
    from extractors.layout import layout_rules
    from extractors.prefilter import start_test

    for pattern in (layout_rules().attendance_labels, layout_rules().role_labels):
        can_start = start_test(pattern)
        for word in ("Forfall", "Møtte", "Til stede", "Referent", "Leiar", "Innkalte", "Deltakere", "İnnkalte",
                     "Sak", "Kommunestyret", "Ordstyrer", "Sekretær"):
            assert can_start(word[0]) or not pattern.match(word), (pattern.pattern[:40], word)


def test_memo_keeps_short_texts_only_and_returns_the_same_result():
    from extractors.memo import MAX_CHARS, short_text_memo

    calls = []

    @short_text_memo
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("a b") == shout("a b") == "A B" and calls == ["a b"]
    long = "x" * (MAX_CHARS + 1)
    assert shout(long) == shout(long) and calls.count(long) == 2


def test_opening_assertion_only_when_every_alternative_opens_with_it():
    from extractors.prefilter import opening_assertion

    assert opening_assertion(re.compile(r"(?<!\w)a|b"), r"(?<!\w)") is None            # "b" may start anywhere
    assert opening_assertion(re.compile(r"(?<!\w)a"), r"(?<!\d)") is None              # another assertion
    assert opening_assertion(re.compile(r"(?<!\w)(?i:a)b"), r"(?<!\w)") is not None
    assert opening_assertion(re.compile(r"(?:(?<!\w)ab|(?<!\w)c)d"), r"(?<!\w)").pattern == r"(?<!\w)(?=[ac])"


def test_search_at_agrees_with_search_on_the_meeting_context():
    from extractors.prefilter import search_at
    from extractors.timeline import timeline_rules

    rules = timeline_rules()
    assert rules.meeting_starts is not None
    words = ["møte", "Møtet", "i", "den", "Kommunestyret", "kommunestyrets", "formannskapet", "ſtyremøte", "KELVIN",
             "\u212aommunestyret", "sak", "12.03.2020", ",", " ", "\n", "-", "årsmøte", "i møte"]
    rng = random.Random(5)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        lo, hi = sorted(rng.randint(0, len(text)) for _ in range(2))
        expected = rules.meeting_context.search(text, lo, hi)
        found = search_at(rules.meeting_context, rules.meeting_starts, text, lo, hi)
        assert (expected and (expected.span(), expected.groups())) == (found and (found.span(), found.groups())), text
