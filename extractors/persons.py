"""Person identity across documents: one key, and a short id, per person.

``person_key`` is a pure normal form of one written name: case, whitespace and
the dots after initials do not matter ("Jon G Pedersen" == "jon g. pedersen").
``resolve_persons`` works on the whole corpus and also joins names that carry
a glued municipality ("Bente Gravdal Lier" when "Bente Gravdal" occurs
elsewhere), which a single name cannot decide.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, Mapping

from . import gazetteer

_INITIAL_DOT = re.compile(r"(?<=\b\w)\.")          # "G." -> "G"
_SPACED_HYPHEN = re.compile(r"\s*-\s*")            # "Olsen - Sund" -> "Olsen-Sund"
_NOT_NAME_CHARS = re.compile(r"[^\w\s'’-]")
ID_LENGTH = 12


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).replace("\u00a0", " ")
    text = _INITIAL_DOT.sub(" ", text)
    text = _SPACED_HYPHEN.sub("-", text)
    text = _NOT_NAME_CHARS.sub(" ", text)
    return text.casefold().split()


def _given_first(name: str, surname_first: bool) -> str:
    """Reorder "Pedersen, Jon" and (when the layout says so) "Flæten Ole Jacob"."""
    if "," in name:
        surname, _, given = name.partition(",")
        return f"{given} {surname}"
    if surname_first:
        parts = name.split()
        if len(parts) >= 2:
            return " ".join(parts[1:] + parts[:1])
    return name


def person_key(name: str, *, surname_first: bool = False) -> str:
    """Normal form of a written name: given names first, casefolded, no initial dots.

    ``surname_first`` is for layouts that print the surname first without a
    comma (EVA election protocols: "Flæten Ole Jacob"); it must come from the
    document layout, never be guessed from the name itself.
    """
    return " ".join(_tokens(_given_first(name, surname_first)))


def id_for_key(key: str) -> str:
    """Deterministic short id: the first hex digits of the key's SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def person_id(name: str, *, surname_first: bool = False) -> str:
    return id_for_key(person_key(name, surname_first=surname_first))


def _without_glued_place(key: str, known_keys: set[str]) -> str:
    """"bente gravdal lier" -> "bente gravdal" when Lier is a place and the shorter
    name is known from elsewhere; the name keeps at least two tokens."""
    tokens = key.split()
    for place_len in (1, 2, 3):
        if len(tokens) - place_len < 2:
            break
        head, tail = tokens[:-place_len], tokens[-place_len:]
        shorter = " ".join(head)
        if shorter in known_keys and gazetteer.is_place(tail, ignore_case=True):
            return shorter
    return key


def resolve_persons(
    names_per_doc: Mapping[str, Iterable[str]],
    *,
    surname_first_docs: Iterable[str] = (),
) -> dict[str, str]:
    """Map every written name in the corpus to a person id.

    ``names_per_doc`` maps a document id to the names written in it;
    ``surname_first_docs`` lists the documents whose layout prints surnames
    first (see ``extractors.attendance.surname_first_layout``).  A name string
    that occurs in both kinds of document is read the way its first document
    (in iteration order) says.
    """
    surname_first = set(surname_first_docs)
    key_of: dict[str, str] = {}
    for doc, names in names_per_doc.items():
        for name in names:
            key_of.setdefault(name, person_key(name, surname_first=doc in surname_first))
    known = set(key_of.values())
    return {name: id_for_key(_without_glued_place(key, known - {key})) for name, key in key_of.items()}
