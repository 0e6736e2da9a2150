"""Person names in attendance lists: name lexicons and a spaCy rule pipeline.

Minutes flattened from PDF tables give runs such as "Paul Henriksen medlem A Anne May
Sandvik Olsen medlem A" or "Vidar Torgersen / Nore og Uvdal Hans Henrik Thune / Rollag": no
separator between people.  Capital letters alone cannot split them, nor tell "Bane Nor" or
"Visma Software" from a person.  This module reads such text with lexicons kept as rule data:

- ``given_names.yaml`` / ``surnames.yaml`` (derived once from name statistics, see
  tools/derive_name_lexicons.py), ``name_stopwords.yaml``;
- ``parties.yaml`` (party names and codes), ``titles.yaml`` (titles and functions),
  ``org_words.yaml`` (organisation words), ``municipalities.yaml`` (the gazetteer).

The lexicons are marked on a ``spacy.blank("nb")`` doc by the ``motebok_lexicon`` component
(``Matcher`` for the single-token given names and codes, ``PhraseMatcher`` for places,
titles and party names); ``motebok_persons`` then reads people as given name(s) + surname
shape and splits unseparated runs at given names, party codes, titles and places by a small
dynamic programme over name-part scores.  Both components keep spaCy's split between a pure
``match(doc)`` and ``set_annotations(doc, spans)``.  ``read_items`` gives the whole sequence
(people and the parties, titles, places, deputy markers and remarks between them) to the
attendance reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import yaml

from . import gazetteer
from .memo import short_text_memo
from .rules import RuleDataError, load_rules, rule_value, rules_path

if TYPE_CHECKING:   # spaCy is imported when the pipeline is first built (nlp()): the segmenter
    from spacy.language import Language   # reads the lexicon only, and its process need not load spaCy
    from spacy.tokens import Doc, Span

ROLES = ("member", "chair", "deputy_chair", "secretary", "secretariat", "administration", "other")
LEXICON_LABELS = ("GIVEN", "SURNAME", "PARTY", "TITLE", "ORG", "PLACE")
MAX_NAME_TOKENS = 6
_NAME_SHAPE = re.compile(r"^(?:Mc|Mac|O['’]|[dD]['’])?[A-ZÆØÅÄÖÜÉÈÁÀÓÒÚÍÑÇŠŽČĐŊŦ][a-zæøåäöüéèáàóòúíñçšžčđŋŧïëâêôûãõð'’]+"
                         r"(?:-[A-ZÆØÅÄÖÜÉa-zæøå][a-zæøåäöüéèáàóòúíñçšžčđŋŧïëâêôûãõð'’]+)*$")
_INITIAL = re.compile(r"^[A-ZÆØÅÄÖÜ]\.?(?:-[A-ZÆØÅÄÖÜ]\.?)?$|^(?:Chr|Th|Kr|Fr|Joh|Wm)\.?$")
_GLUED_INITIAL = re.compile(r"^(?P<initial>[A-ZÆØÅ]\.)(?P<surname>[A-ZÆØÅ][a-zæøå]+)$")   # "J.Fjeldsbø"
_CAMEL = re.compile(r"^(?P<a>[A-ZÆØÅ][a-zæøå]+)(?P<b>[A-ZÆØÅ][a-zæøå]+)$")               # "HernæsErling"
_LIST_MARK = re.compile(r"^\d{1,2}[.)]$")


# --- lexicons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    role: str
    status: str | None


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    stopwords: frozenset[str]          # casefolded
    party_codes: dict[str, str]        # code as written -> party name
    party_forms: dict[str, str]        # long form (casefolded) -> party name
    code_suffixes: tuple[str, ...]
    list_words: frozenset[str]
    titles: dict[str, Title]           # casefolded, may be several words
    title_endings: tuple[str, ...]
    org_words: frozenset[str]          # casefolded
    org_endings: tuple[str, ...]
    particles: frozenset[str]


def _read_large(name: str) -> dict:
    """The derived name lists are large: read them with libyaml when present, then check the keys."""
    path = rules_path(name)
    if not path.exists():
        raise RuleDataError(f"rule file not found: {path}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict) or set(data) != {"supplement", "names"}:
        raise RuleDataError(f"{name}.yaml: needs exactly the keys 'supplement' and 'names'")
    if not isinstance(data["names"], list) or not isinstance(data["supplement"] or {}, dict):
        raise RuleDataError(f"{name}.yaml: 'names' must be a list and 'supplement' a mapping")
    names = [*data["names"], *(data["supplement"] or {})]
    bad = [n for n in names if not isinstance(n, str) or not _NAME_SHAPE.match(n)]
    if bad:
        raise RuleDataError(f"{name}.yaml: not a capitalised name: {bad[:5]!r}")
    return {"names": names}


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    stop = frozenset(w.casefold() for w in load_rules("name_stopwords", {"words": list})["words"])
    given = frozenset(n for n in _read_large("given_names")["names"] if n.casefold() not in stop)
    surnames = frozenset(n for n in _read_large("surnames")["names"] if n.casefold() not in stop)
    parties = load_rules("parties", {"parties": list, "code_suffixes": list, "list_words": list})
    codes: dict[str, str] = {}
    forms: dict[str, str] = {}
    for i, party in enumerate(parties["parties"]):
        if not isinstance(party, dict) or set(party) != {"name", "codes", "forms"}:
            raise RuleDataError(f"parties.yaml: parties[{i}] needs name, codes, forms: {party!r}")
        for code in party["codes"]:
            if codes.get(code, party["name"]) != party["name"]:
                raise RuleDataError(f"parties.yaml: code {code!r} names two parties")
            codes[code] = party["name"]
        for form in [party["name"], *party["forms"]]:
            forms[form.casefold()] = party["name"]
    titles_data = load_rules("titles", {"titles": dict, "title_endings": list})
    titles = {}
    for word, spec in titles_data["titles"].items():
        if not isinstance(spec, dict) or spec.get("role") not in ROLES or spec.get("status") not in (None, "deputy"):
            raise RuleDataError(f"titles.yaml: titles.{word}: needs role in {ROLES} and status deputy or none")
        titles[str(word).casefold()] = Title(spec["role"], spec.get("status"))
    orgs = load_rules("org_words", {"words": list, "endings": list})
    particles = rule_value("attendance", "name_particles", list)
    return Lexicon(
        given=given, surnames=surnames, stopwords=stop, party_codes=codes, party_forms=forms,
        code_suffixes=tuple(parties["code_suffixes"]), list_words=frozenset(w.casefold() for w in parties["list_words"]),
        titles=titles, title_endings=tuple(e.casefold() for e in titles_data["title_endings"]),
        org_words=frozenset(w.casefold() for w in orgs["words"]), org_endings=tuple(e.casefold() for e in orgs["endings"]),
        # "av" is a Norwegian preposition far more often than a name particle ("Gjennomgang av Products")
        particles=frozenset([*(p for p in particles if p != "av"), "d'", "d’"]),
    )


# --- word tests (pure, on single words) -----------------------------------------------------------

# The word tests below are pure functions of one word over the (cached) lexicon: memoised, as
# attendance lists repeat the same names, parties and titles on every page.
WORD_CACHE = 1 << 16


@lru_cache(maxsize=WORD_CACHE)
def is_given(word: str) -> bool:
    """"Kari", "Ole-Johan", "Ann-Kjersti" (every part a given name)."""
    given = lexicon().given
    return word in given or ("-" in word and all(part in given for part in word.split("-") if part))


def is_surname(word: str) -> bool:
    return word in lexicon().surnames


def is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word))


@lru_cache(maxsize=WORD_CACHE)
def is_party_code(word: str) -> bool:
    lex = lexicon()
    if word in lex.party_codes:
        return True
    code, _, suffix = word.rpartition("-")
    return bool(code) and code in lex.party_codes and suffix in lex.code_suffixes   # ACOS "AP-V"


def party_name(word: str) -> str | None:
    lex = lexicon()
    code = word if word in lex.party_codes else word.rpartition("-")[0]
    return lex.party_codes.get(code) or lex.party_forms.get(word.casefold())


@lru_cache(maxsize=WORD_CACHE)
def is_title_word(word: str) -> bool:
    """One word that is a title or function: "rådmann", "LEDER", "kulturkonsulent", "Avdelingsdirektør"."""
    lex = lexicon()
    folded = word.casefold().strip(".,:;")
    return folded in lex.titles or (len(folded) > 5 and folded.endswith(lex.title_endings))


@lru_cache(maxsize=WORD_CACHE)
def is_org_word(word: str) -> bool:
    lex = lexicon()
    folded = word.casefold().strip(".,:;")
    if folded in lex.org_words or folded in lex.stopwords:
        return True
    return any(folded.endswith(e) and len(folded) > len(e) + 2 for e in lex.org_endings)


def is_name_shaped(word: str) -> bool:
    return bool(_NAME_SHAPE.match(word)) and not is_org_word(word) and not is_title_word(word)


# --- spaCy components --------------------------------------------------------------------------------


class LexiconTagger:
    """Marks given names, surnames, party codes and names, titles, organisation words and places."""

    def __init__(self, nlp: Language):
        from spacy.matcher import Matcher, PhraseMatcher

        lex = lexicon()
        self.tokens = Matcher(nlp.vocab)
        self.tokens.add("GIVEN", [[{"ORTH": {"IN": sorted(lex.given)}}]])
        self.tokens.add("SURNAME", [[{"ORTH": {"IN": sorted(lex.surnames)}}]])
        self.tokens.add("PARTY", [[{"ORTH": {"IN": sorted(lex.party_codes)}}]])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        make = nlp.make_doc
        self.phrases.add("TITLE", [make(t) for t in sorted(lex.titles)])
        self.phrases.add("PARTY", [make(f) for f in sorted(lex.party_forms)])
        self.phrases.add("ORG", [make(w) for w in sorted(lex.org_words)])
        self.phrases.add("PLACE", [make(p) for p in sorted(_place_forms())])

    def match(self, doc: Doc) -> list[Span]:
        from spacy.tokens import Span

        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.tokens(doc)]
        for m, s, e in self.phrases(doc):
            label = doc.vocab.strings[m]
            if label in ("PLACE", "PARTY") and not doc[s].text[:1].isupper():
                continue  # "hole", "vik", "høyre" in running text are words
            spans.append(Span(doc, s, e, label=label))
        texts = [t.text for t in doc]   # read once: each pass over a doc makes its Token objects anew
        lex = lexicon()
        spans.extend(Span(doc, i, i + 1, label="TITLE") for i, text in enumerate(texts)
                     if is_title_word(text) and len(text) > 5 and text.casefold() not in lex.titles)
        spans.extend(Span(doc, i, i + 1, label="PARTY") for i, text in enumerate(texts)
                     if "-" in text and is_party_code(text) and text not in lex.party_codes)
        return sorted(spans, key=lambda s: (s.start, -s.end, s.label_))

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans["lexicon"] = spans

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


class PersonReader:
    """People in a doc whose lexicon spans are set: ``match`` returns PERSON spans."""

    def match(self, doc: Doc) -> list[Span]:
        from spacy.tokens import Span

        return [Span(doc, it.tokens[0], it.tokens[1], label="PERSON") for it in read_doc(doc) if it.kind == "person"]

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans["persons"] = spans

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


def make_lexicon_tagger(nlp: Language, name: str) -> LexiconTagger:
    return LexiconTagger(nlp)


def make_person_reader(nlp: Language, name: str) -> PersonReader:
    return PersonReader()


COMPONENTS = {"motebok_lexicon": make_lexicon_tagger, "motebok_persons": make_person_reader}


@lru_cache(maxsize=None)
def _place_forms() -> frozenset[str]:
    forms = set()
    for place in gazetteer.places():
        forms.update({place.name, place.bare_name, *place.aliases})
    return frozenset(forms)


@lru_cache(maxsize=None)
def nlp() -> Language:
    """The one pipeline of the process: blank Norwegian tokenizer + the two rule components."""
    import spacy
    from spacy.language import Language

    for name, factory in COMPONENTS.items():
        if not Language.has_factory(name):
            Language.factory(name, func=factory)
    pipeline = spacy.blank("nb")
    pipeline.add_pipe("motebok_lexicon")
    pipeline.add_pipe("motebok_persons")
    return pipeline


# --- reading a doc into items ---------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing in a list: a person, a party, a title, a place/organisation, a deputy marker, ..."""
    kind: str            # person | party | title | place | org | for | note | sep | number | other
    text: str            # as read ("Ann-Kjersti Hernæs" for "Ann- Kjersti Hernæs")
    start: int           # character span in the doc's text
    end: int
    tokens: tuple[int, int]   # token span in the doc
    value: str | None = None  # party name, or title key


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    i: int                  # doc token index (first token of the word)
    j: int                  # one past the last doc token


def _words(doc: Doc, lo: int, hi: int) -> list[_Word]:
    """Name-relevant words of tokens[lo:hi]: "Ann- Kjersti" joined, "HernæsErling" split."""
    words: list[_Word] = []
    k = lo
    while k < hi:
        tok = doc[k]
        text = tok.text
        if text.endswith("-") and k + 1 < hi and doc[k + 1].text[:1].isupper():
            nxt = doc[k + 1]
            words.append(_Word(text + nxt.text, tok.idx, nxt.idx + len(nxt.text), k, k + 2))
            k += 2
            continue
        camel = _CAMEL.match(text)
        if camel and is_given(camel.group("b")) and not is_given(text):
            cut = tok.idx + len(camel.group("a"))
            words.append(_Word(camel.group("a"), tok.idx, cut, k, k + 1))
            words.append(_Word(camel.group("b"), cut, tok.idx + len(text), k, k + 1))
        else:
            words.append(_Word(text, tok.idx, tok.idx + len(text), k, k + 1))
        k += 1
    return words


@lru_cache(maxsize=WORD_CACHE)
def _word_kind(word: str) -> str | None:
    """given | initial | particle | cap (name-shaped), or None for a word that cannot be in a name."""
    if word in lexicon().particles:
        return "particle"
    if is_initial(word):
        return "initial"
    if is_org_word(word) or is_title_word(word):
        return None
    if is_given(word):
        return "given"
    if _GLUED_INITIAL.match(word) or _NAME_SHAPE.match(word):
        return "cap"
    return None


# Scores of the segmentation: see _person_score.
_PERSON_BONUS = 2.0
_LENGTH_COST = {1: 0.0, 2: 0.0, 3: -0.2, 4: -0.8, 5: -2.5, 6: -4.0}
_UNKNOWN_FIRST = -3.0
_GIVEN_LAST = -3.0   # few Norwegian surnames are only given names: "Anne Marit Heber Nærby" is one person
_INITIAL_FIRST = -0.5
_INITIAL_BEFORE_GIVEN = -1.0
_UNKNOWN_MIDDLE = -0.3
_KNOWN_SURNAME_LAST = 0.3
_GIVEN_INITIAL = -1.0
_GIVEN_LAST_ALONE = -0.5  # a given name ends the run: "Eldar Aldernæs Hanson"
_SKIP = -1.8
_PLACE_AT_START = 0.0
_PLACE_INSIDE = -1.0


def _person_score(words: list[_Word], kinds: list[str], whole_run: bool, after_surname: bool,
                  before_given: bool = False, at_end: bool = False) -> float | None:
    """Score of reading the words as one person; None when they cannot be one.

    A first word that is no known given name starts a person only where the boundary is
    certain: the words are the whole run between separators, or follow a surname that is no
    given name ("... Halldis Rørvik Harriett Norstrand"), or end in a known surname that is no
    given name right before a given name ("Oddvard Nilsen Kari Oftedal Lima")."""
    n = len(words)
    if n == 1:
        return 1.0 if kinds[0] == "given" and whole_run else None   # "Karoline, Vanja, Atle"
    if n == 2 and kinds == ["given", "initial"] and words[1].text.endswith("."):
        return _PERSON_BONUS + _GIVEN_INITIAL   # "Linn M." in a list of first names
    if kinds[0] not in ("given", "initial", "cap") or kinds[-1] not in ("given", "cap"):
        return None
    surname_end = is_surname(words[-1].text) and not is_given(words[-1].text) and before_given
    if kinds[0] == "cap" and not (whole_run or surname_end or after_surname and not is_surname(words[0].text)):
        return None
    if kinds[0] == "cap" and len(words[0].text) <= 2 and not is_surname(words[0].text):
        return None   # no name starts with an unknown two-letter word ("In Joan": OCR of a signature)
    score = _PERSON_BONUS + _LENGTH_COST.get(n, -9.0)
    score += {"given": 0.0, "initial": _INITIAL_FIRST, "cap": _UNKNOWN_FIRST}[kinds[0]]
    for k in range(1, n - 1):
        if kinds[k] == "cap" and not is_surname(words[k].text):
            score += _UNKNOWN_MIDDLE
        if kinds[k] == "initial" and kinds[k + 1] == "given":
            score += _INITIAL_BEFORE_GIVEN
    if kinds[0] == "initial" and kinds[1] == "given":
        score += _INITIAL_BEFORE_GIVEN
    last = words[-1].text
    if kinds[-1] == "given" and not is_surname(last):
        score += _GIVEN_LAST_ALONE if at_end else _GIVEN_LAST
    elif is_surname(last):
        score += _KNOWN_SURNAME_LAST
    return score


def segment_run(words: list[_Word], kinds: list[str], places: dict[int, int],
                delimited: bool = True) -> list[tuple[str, int, int]]:
    """Best split of a run of name-capable words into persons, places and skipped words.

    ``places`` maps a word index to the end index of a place name starting there.
    Returns (kind, first word, end word) with kind person | place | skip.
    """
    n = len(words)
    best: list[tuple[float, list]] = [(0.0, [])] + [(float("-inf"), [])] * n
    for i in range(n):
        score_i, path_i = best[i]
        if score_i == float("-inf"):
            continue
        options = []
        for j in range(i + 1, min(n, i + MAX_NAME_TOKENS) + 1):
            s = _person_score(words[i:j], kinds[i:j], whole_run=(i == 0 and j == n and delimited),
                              after_surname=i > 0 and kinds[i - 1] == "cap" and is_surname(words[i - 1].text),
                              before_given=j == n or kinds[j] == "given", at_end=j == n)
            if s is not None:
                options.append((s, ("person", i, j)))
        if i in places:
            options.append((_PLACE_AT_START if i == 0 else _PLACE_INSIDE, ("place", i, places[i])))
        options.append((_SKIP, ("skip", i, i + 1)))
        for s, step in options:
            j = step[2]
            if score_i + s > best[j][0]:
                best[j] = (score_i + s, path_i + [step])
    return best[n][1]


def _tag_spans(doc: Doc) -> dict[int, tuple[str, int, str]]:
    """token index -> (label, end token, text) of the longest lexicon span starting there."""
    starts: dict[int, tuple[str, int, str]] = {}
    for span in doc.spans["lexicon"] if "lexicon" in doc.spans else LexiconTagger(nlp()).match(doc):
        if span.label_ in ("GIVEN", "SURNAME"):
            continue
        old = starts.get(span.start)
        if old is None or span.end > old[1]:
            starts[span.start] = (span.label_, span.end, span.text)
    return starts


def read_doc(doc: Doc) -> list[Item]:
    """The doc as a sequence of items; people split out of unseparated runs."""
    spans = _tag_spans(doc)
    items: list[Item] = []
    k = 0
    n = len(doc)
    while k < n:
        tok = doc[k]
        text = tok.text
        if tok.is_space:   # spaCy keeps runs of white space ("\n", "  ") as tokens
            k += 1
            continue
        label = spans.get(k)
        if label and label[0] == "TITLE":
            items.append(Item("title", label[2], tok.idx, doc[label[1] - 1].idx + len(doc[label[1] - 1].text), (k, label[1]),
                              value=label[2].casefold()))
            k = label[1]
            continue
        if label and label[0] == "PARTY" and (label[1] > k + 1 or len(text) > 1 or _party_context(doc, k)):
            end_tok = doc[label[1] - 1]
            items.append(Item("party", label[2], tok.idx, end_tok.idx + len(end_tok.text), (k, label[1]),
                              value=party_name(label[2]) or label[2]))
            k = label[1]
            continue
        if label and label[0] == "PLACE" and _institution_end(doc, label[1]):
            end = _institution_end(doc, label[1])
            items.append(Item("place", doc[k:end].text, tok.idx, doc[end - 1].idx + len(doc[end - 1].text), (k, end)))
            k = end
            continue
        if text in ("(", "["):
            close = next((m for m in range(k + 1, min(n, k + 30)) if doc[m].text in (")", "]")), None)
            if close is not None:
                inner = doc[k + 1:close]
                if len(inner) == 1 and is_party_code(inner.text):
                    items.append(Item("party", inner.text, inner.start_char, inner.end_char, (k + 1, close),
                                      value=party_name(inner.text)))
                else:
                    items.append(Item("note", inner.text, inner.start_char, inner.end_char, (k + 1, close)))
                k = close + 1
                continue
        if text.casefold() == "for" and k + 1 < n:
            items.append(Item("for", text, tok.idx, tok.idx + len(text), (k, k + 1)))
            k += 1
            continue
        if text in (",", ";", "/", "og", "&", "|", ":", "–", "-"):
            items.append(Item("sep", text, tok.idx, tok.idx + len(text), (k, k + 1)))
            k += 1
            continue
        if _LIST_MARK.match(text):
            items.append(Item("number", text, tok.idx, tok.idx + len(text), (k, k + 1)))
            k += 1
            continue
        stop = _run_end(doc, k, spans)
        if stop > k:
            items.extend(_read_run(doc, k, stop, spans, delimited=_delimits(doc, k, stop, spans)))
            k = stop
            continue
        items.append(Item("other", text, tok.idx, tok.idx + len(text), (k, k + 1)))
        k += 1
    return items


def _party_context(doc: Doc, k: int) -> bool:
    """A one-letter party code stands after a name, a function word or a comma, before a name or
    the end, and is not an initial ("Espen K Andreassen")."""
    prev = doc[k - 1].text if k else ""
    nxt = doc[k + 1].text if k + 1 < len(doc) else ""
    if nxt.endswith(".") or (nxt[:1].isupper() and not is_given(nxt) and prev and is_given(prev)):
        return False  # "Rolf J. Strand", "Espen K Andreassen"
    return True


def _run_end(doc: Doc, k: int, spans: dict) -> int:
    """End of the run of words that may belong to names (places included) starting at token k."""
    m = k
    while m < len(doc):
        label = spans.get(m)
        if label and label[0] == "PLACE":
            if _institution_end(doc, label[1]):
                break
            m = label[1]
            continue
        if label and label[0] in ("TITLE", "ORG"):
            break
        if label and label[0] == "PARTY" and (len(doc[m].text) > 1 or _party_context(doc, m)):
            break
        text = doc[m].text
        hyphen_join = text.endswith("-") and text[:1].isupper() and m + 1 < len(doc) and doc[m + 1].text[:1].isupper()
        if _word_kind(text) is None and not hyphen_join and not _CAMEL.match(text):
            break
        m += 1
    return m


def _institution_end(doc: Doc, span_end: int) -> int | None:
    """"Hedmark fylkeskommune", "Vinje kommune": a place followed by an institution word."""
    if span_end < len(doc) and gazetteer.institution_suffix().search(" " + doc[span_end].text):
        return span_end + 1
    return None


def _delimits(doc: Doc, lo: int, hi: int, spans: dict) -> bool:
    """A run stands alone between list marks: a comma, "og", a party, a parenthesis, a slash or the end."""
    after = doc[hi].text if hi < len(doc) else ""
    label = spans.get(hi)
    return hi >= len(doc) or after in (",", ";", "og", "(", "/", "&", "|", ".") or bool(label and label[0] == "PARTY")


def _read_run(doc: Doc, lo: int, hi: int, spans: dict, delimited: bool = True) -> list[Item]:
    words = _words(doc, lo, hi)
    kinds = [_word_kind(word.text) or "cap" for word in words]
    places: dict[int, int] = {}
    for w, word in enumerate(words):
        label = spans.get(word.i)
        if label and label[0] == "PLACE":
            end = next((v for v in range(w, len(words)) if words[v].j >= label[1]), len(words) - 1) + 1
            places[w] = end
    items = []
    for kind, a, b in segment_run(words, kinds, places, delimited):
        first, last = words[a], words[b - 1]
        text = " ".join(w.text for w in words[a:b])
        item_kind = {"person": "person", "place": "place", "skip": "other"}[kind]
        items.append(Item(item_kind, text, first.start, last.end, (first.i, last.j)))
    return items


def read_items(text: str) -> list[Item]:
    """Items of a piece of text (offsets relative to the text).  Only the lexicon component
    runs: read_doc is what the persons component would do, so the doc is read once."""
    return list(_read_items(text))


@short_text_memo
def _read_items(text: str) -> tuple[Item, ...]:
    # the attendance readers ask about the same list text again (a section, then its runs)
    pipeline = nlp()
    return tuple(read_doc(pipeline.get_pipe("motebok_lexicon")(pipeline.make_doc(text))))


def read_people(text: str) -> list[Item]:
    """Only the people of ``read_items``."""
    return [it for it in read_items(text) if it.kind == "person"]


def looks_like_person(words: Iterable[str]) -> bool:
    """A whole word sequence that reads as exactly one person."""
    text = " ".join(words)
    items = read_items(text)
    return len(items) == 1 and items[0].kind == "person" and items[0].start == 0 and items[0].end == len(text)
