"""Norwegian counties and municipalities: recognise place names, normalise affiliations.

The data lives in ``rules/municipalities.yaml`` (current 2024 division plus
names that ceased in the 2017-2024 reforms).  Names that exist twice are
qualified there as in Statistics Norway's lists ("Våler (Østfold)"); the bare
form ("Våler") is still recognised, and canonicalises to the bare form when
it is ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .rules import RuleDataError, load_rules

KINDS = ("kommune", "fylke")
VALIDITY = ("current", "former")

_QUALIFIER = re.compile(r"\s*\([^)]*\)$")


@dataclass(frozen=True)
class Place:
    name: str                     # official name, qualified when ambiguous: "Våler (Østfold)"
    kind: str                     # kommune | fylke
    county: str | None            # the fylke a kommune belongs (or belonged) to
    valid: str                    # current | former
    aliases: tuple[str, ...]      # Sami/Kven parallel names and other forms
    successor: str | None = None  # for former places: what they became

    @property
    def bare_name(self) -> str:
        return _QUALIFIER.sub("", self.name)


@lru_cache(maxsize=None)
def places() -> tuple[Place, ...]:
    data = load_rules("municipalities", {"entries": list, "institution_suffixes": list})
    result = []
    for i, raw in enumerate(data["entries"]):
        if not isinstance(raw, dict) or not {"name", "kind", "valid"} <= raw.keys():
            raise RuleDataError(f"municipalities.yaml: entry {i} needs name, kind, valid: {raw!r}")
        if raw["kind"] not in KINDS or raw["valid"] not in VALIDITY:
            raise RuleDataError(f"municipalities.yaml: entry {raw['name']!r}: bad kind/valid")
        result.append(Place(
            name=raw["name"], kind=raw["kind"], county=raw.get("county"), valid=raw["valid"],
            aliases=tuple(raw.get("aliases") or ()), successor=raw.get("successor"),
        ))
    return tuple(result)


@lru_cache(maxsize=None)
def institution_suffix() -> re.Pattern:
    """"Bærum kommune", "Oslo Kommune": the suffix names the place's institution; the place is
    what affiliations normalise to."""
    words = load_rules("municipalities", {"entries": list, "institution_suffixes": list})["institution_suffixes"]
    return re.compile(r"\s+(?:%s)$" % "|".join(map(re.escape, words)), re.IGNORECASE)


@lru_cache(maxsize=None)
def _index() -> dict[str, tuple[Place, ...]]:
    """Every written form (name, bare name, alias) -> the places it may denote."""
    index: dict[str, list[Place]] = defaultdict(list)
    for place in places():
        for form in {place.name, place.bare_name, *place.aliases}:
            index[form].append(place)
    return {form: tuple(found) for form, found in index.items()}


@lru_cache(maxsize=None)
def _folded_index() -> dict[str, tuple[Place, ...]]:
    folded: dict[str, list[Place]] = defaultdict(list)
    for form, found in _index().items():
        folded[form.casefold()].extend(found)
    return {form: tuple(dict.fromkeys(found)) for form, found in folded.items()}


# how a kommune's name is written in its web domain ("baerum.kommune.no", "hoyanger.kommune.no")
_DOMAIN_LETTERS = [("æ", ("ae", "a", "e")), ("ø", ("o", "oe")), ("å", ("a", "aa")), (" ", ("-", "")), (".", ("", "-"))]


def _domain_forms(name: str) -> set[str]:
    forms = {name.casefold()}
    for letter, replacements in _DOMAIN_LETTERS:
        forms = {f.replace(letter, r) for f in forms for r in replacements} if any(letter in f for f in forms) else forms
    return forms


@lru_cache(maxsize=1)
def _domain_index() -> dict[str, str]:
    """A kommune's web-domain label -> its name, when only one current or former kommune has it."""
    index: dict[str, set[str]] = defaultdict(set)
    for place in places():
        if place.kind == "kommune":
            for form in _domain_forms(place.bare_name):
                index[form].add(place.bare_name)
    return {form: names.pop() for form, names in index.items() if len(names) == 1}


def kommune_of_domain(label: str) -> str | None:
    """"storfjord" (of post@storfjord.kommune.no) → "Storfjord"; None when unknown or ambiguous."""
    return _domain_index().get(label.casefold())


def _as_text(token_sequence: str | Iterable[str]) -> str:
    if isinstance(token_sequence, str):
        return " ".join(token_sequence.split())
    return " ".join(token_sequence)


def lookup(token_sequence: str | Iterable[str], *, ignore_case: bool = False) -> tuple[Place, ...]:
    """Places a written form may denote ("Bærum kommune" finds Bærum); () if none."""
    text = _as_text(token_sequence).strip(" .,;:")
    if not text:
        return ()
    candidates = [text]
    stripped = institution_suffix().sub("", text)
    if stripped != text:
        candidates.append(stripped)
    for candidate in candidates:
        found = _folded_index().get(candidate.casefold()) if ignore_case else _index().get(candidate)
        if found:
            return found
    return ()


def is_place(token_sequence: str | Iterable[str], *, ignore_case: bool = False) -> bool:
    """True when the tokens are the name of a Norwegian kommune or fylke (current or former).

    Case matters by default: place names are capitalised, and "hole" or "vik"
    in running text are ordinary words.
    """
    return bool(lookup(token_sequence, ignore_case=ignore_case))


def canonical_name(token_sequence: str | Iterable[str], *, ignore_case: bool = False) -> str | None:
    """The official name for a written form; the bare name when it is ambiguous."""
    found = lookup(token_sequence, ignore_case=ignore_case)
    if not found:
        return None
    names = {place.name for place in found}
    if len(names) == 1:
        return names.pop()
    bare = {place.bare_name for place in found}
    return bare.pop() if len(bare) == 1 else None


def normalise_affiliation(text: str | None) -> str | None:
    """Canonical place name for an affiliation such as "Bærum kommune", else None.

    The affiliation itself is kept as written by the caller; this only adds the
    normalised form for affiliations that are known places.
    """
    if not text:
        return None
    return canonical_name(text)
