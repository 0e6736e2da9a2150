"""Derive the given-name and surname lexicons (extractors/rules/given_names.yaml, surnames.yaml).

Run once by hand; the derived lists are committed, the source package is not a dependency.

Source: the PyPI package ``names-dataset`` 3.3.1 (MIT licence, Philippe Remy), whose
first/last-name tables give, per name, its rank in up to ten countries.  Its author
extracted them from the 2021 scrape of 533 M Facebook profiles; only aggregated name
ranks are used here, no personal data.

Selection (names-dataset lists a country only among a name's ten largest, so names common
in many countries - Anne, Hans, Heidi - have no Norwegian rank):
  given names: ranked in Norway; or ranked <= 3000 in Sweden, Denmark, Finland or Iceland;
               or ranked <= 700 in any country (Norway's population has names from everywhere)
  surnames:    ranked <= 8000 in Norway
Filters: one capitalised word (an inner hyphen allowed); dropped when the lower-case form is
a Norwegian dictionary word (Debian package wnorwegian: /usr/share/dict/bokmaal, nynorsk)
unless the name ranks in Norway's top 1000 given names (or top 300 in a Nordic country, top 150
in any country) / top 3000 surnames ("Per", "Hans", "Berg" stay; "Helse", "Norsk",
"Privat" go); dropped when it is a municipality or county
name (extractors/rules/municipalities.yaml) or a word of name_stopwords.yaml, org_words.yaml
or titles.yaml.

Usage:
    pip download --no-deps -d /tmp/nd names-dataset==3.3.1
    apt-get install wnorwegian
    python tools/derive_name_lexicons.py /tmp/nd/names_dataset-3.3.1-py3-none-any.whl
"""

from __future__ import annotations

import gzip
import io
import pickle
import re
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "extractors" / "rules"
NORDIC = {"SE", "DK", "FI", "IS"}
NORDIC_MAX_RANK = 3000
ANY_COUNTRY_MAX_RANK = 700   # Norway's population has names from everywhere
SURNAME_MAX_RANK = 8000
KEEP_WORD_GIVEN_RANK = 1000
KEEP_WORD_NORDIC_RANK = 300
KEEP_WORD_ANY_RANK = 150
KEEP_WORD_SURNAME_RANK = 3000
SHAPE = re.compile(r"^[A-ZÆØÅÄÖÜÉÈÁÓÚÍ][a-zæøåäöüéèáàóòúíñçšžïëâêôûãõð]+(?:-[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáàóòúíñçšžïëâêôûãõð]+)?$")
HEADER = """\
# {what} - derived by tools/derive_name_lexicons.py (run once; see its docstring).
# Source: PyPI package names-dataset 3.3.1 (MIT licence, (c) Philippe Remy); its author
# extracted the name ranks from the 2021 scrape of 533 M Facebook profiles (only aggregated
# ranks are used, no personal data).  Dictionary filter: Debian wnorwegian 2.2 (GPL; used only
# to drop common words, none of its content is copied here).
# Selection: {selection}
# Regenerate with the script; do not edit by hand (additions go to the supplement key).
"""


def load_tables(wheel: Path) -> tuple[dict, dict]:
    with zipfile.ZipFile(wheel) as z:
        first = pickle.load(gzip.open(io.BytesIO(z.read("names_dataset/v3/first_names.pkl.gz"))))
        last = pickle.load(gzip.open(io.BytesIO(z.read("names_dataset/v3/last_names.pkl.gz"))))
    return first, last


def dictionary_words() -> set[str]:
    words: set[str] = set()
    for name in ("bokmaal", "nynorsk"):
        for line in Path("/usr/share/dict", name).read_text(encoding="latin-1").splitlines():
            if line.islower():
                words.add(line.strip())
    return words


def place_names() -> set[str]:
    data = yaml.safe_load((RULES / "municipalities.yaml").read_text(encoding="utf-8"))
    names = set()
    for entry in data["entries"]:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            names.add(re.sub(r"\s*\(.*\)$", "", form))
    return names


def stopwords() -> set[str]:
    """name_stopwords.yaml, organisation words and titles: never a name."""
    words = yaml.safe_load((RULES / "name_stopwords.yaml").read_text(encoding="utf-8"))["words"]
    words += yaml.safe_load((RULES / "org_words.yaml").read_text(encoding="utf-8"))["words"]
    words += list(yaml.safe_load((RULES / "titles.yaml").read_text(encoding="utf-8"))["titles"])
    return {str(w).casefold() for w in words}


def given_names(first: dict, words: set[str], excluded: set[str]) -> list[str]:
    chosen = []
    for name, info in first.items():
        if not SHAPE.match(name) or name.casefold() in excluded:
            continue
        ranks = info.get("rank") or {}
        norway = ranks.get("NO")
        if not (norway is not None
                or any((ranks.get(c) or 10**9) <= NORDIC_MAX_RANK for c in NORDIC)
                or any(r is not None and r <= ANY_COUNTRY_MAX_RANK for r in ranks.values())):
            continue
        common = (norway is not None and norway <= KEEP_WORD_GIVEN_RANK
                  or any((ranks.get(c) or 10**9) <= KEEP_WORD_NORDIC_RANK for c in NORDIC)
                  or any(r is not None and r <= KEEP_WORD_ANY_RANK for r in ranks.values()))
        if name.lower() in words and not common:  # "Hans", "Kim" stay; "Helse", "Privat" go
            continue
        chosen.append(name)
    return sorted(set(chosen))


def surnames(last: dict, words: set[str], excluded: set[str]) -> list[str]:
    chosen = []
    for name, info in last.items():
        norway = (info.get("rank") or {}).get("NO")
        if norway is None or norway > SURNAME_MAX_RANK or not SHAPE.match(name) or name.casefold() in excluded:
            continue
        if name.lower() in words and norway > KEEP_WORD_SURNAME_RANK:
            continue
        chosen.append(name)
    return sorted(set(chosen))


def as_yaml_item(name: str) -> str:
    return "  - " + yaml.safe_dump(name, allow_unicode=True).strip().removesuffix("...").strip()


def write(path: Path, what: str, selection: str, names: list[str]) -> None:
    """Write the derived list; the hand-kept ``supplement`` list of an existing file is kept."""
    old = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    supplement = (old or {}).get("supplement") or {}
    text = HEADER.format(what=what, selection=selection)
    text += "# supplement: names the source misses, added by hand: name -> why.\n"
    lines = yaml.safe_dump(supplement, allow_unicode=True, default_flow_style=False, width=200).splitlines()
    text += "supplement:\n" + "".join(f"  {line}\n" for line in lines) if supplement else "supplement: {}\n"
    text += "names:\n" + "".join(as_yaml_item(n) + "\n" for n in names)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    wheel = Path(argv[1])
    first, last = load_tables(wheel)
    words = dictionary_words()
    excluded = {p.casefold() for p in place_names()} | stopwords()
    given = given_names(first, words, excluded)
    family = surnames(last, words, excluded - {p.casefold() for p in place_names()})
    write(RULES / "given_names.yaml", "Given names seen in Norway",
          f"ranked in Norway, or <= {NORDIC_MAX_RANK} in SE/DK/FI/IS, or <= {ANY_COUNTRY_MAX_RANK} in any "
          f"country; {len(given)} names", given)
    write(RULES / "surnames.yaml", "Surnames seen in Norway",
          f"ranked <= {SURNAME_MAX_RANK} in Norway; {len(family)} names (place names are kept: many "
          "Norwegian surnames are farm or place names)", family)
    print(f"given names: {len(given)}, surnames: {len(family)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
