"""Document header: kind, organisation, body, meeting date and place.

All vocabulary comes from rules/document.yaml, bodies.yaml and
organizations.yaml; the municipality gazetteer (when present) supplies
"<place> kommune" organisations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import dates, gazetteer
from .lines import Line, iter_lines, strip_markup
from .prefilter import may_match
from .rules import compile_patterns, load_rules


@dataclass(frozen=True)
class DocumentRules:
    kinds: list[tuple[str, list[re.Pattern]]]
    attendance_kind: str
    single_case_kind: str
    letter: list[re.Pattern]
    letter_kind: str
    place_labels: list[str]
    place_stop_words: frozenset[str]
    time_words: frozenset[str]              # "kl.": a time follows
    body_labels: list[str]
    date_labels: list[str]
    body_phrases: list[re.Pattern]
    attendance_cues: re.Pattern
    bodies: list[tuple[str, re.Pattern]]
    organizations: list[tuple[str, re.Pattern]]
    organization_literals: list[tuple[str, ...]]   # per organisation: text every match of its pattern holds
    council_names: list[re.Pattern]        # "Regionrådet for X", "X regionråd": group "org"
    council_stopwords: frozenset[str]
    org_suffixes: list[str]
    key_value_labels: dict[str, str]
    lowercase_name_words: frozenset[str]   # "og" in "Asker og Bærum" (a name in capitals written in title case)
    place_body: re.Pattern                 # "<Place> kommunestyre": place + indefinite body noun
    indefinite: dict[str, dict[str, str]]  # indefinite noun -> {body, institution}
    church: "ChurchRules | None" = None
    place_suffixes: frozenset[str] = frozenset()      # "kommune", "herad": a place's institution
    city_district: re.Pattern | None = None          # "Bydel <district>": group district
    district_city: dict[str, tuple[str, str]] | None = None   # district key -> (district, city)
    agenda: tuple[re.Pattern, ...] = ()             # a saksliste sent out alone: agenda_kind
    agenda_kind: str = "innkalling"
    meeting_line: tuple[re.Pattern, ...] = ()       # the text before a date that opens a meeting's line
    distribution: re.Pattern | None = None           # a distribution list's label ("Kopi til:"), with its colon
    distribution_chars: int = 400
    place_sentences: tuple[re.Pattern, ...] = ()     # a place in a sentence (group place)


@dataclass(frozen=True)
class ChurchRules:
    """bodies.yaml church_bodies: a church council's body names and the church's organisation name."""
    body: re.Pattern                       # "<Place> sokneråd" (group place, noun) or a national body (group national)
    organization: str
    organization_nynorsk: str
    nynorsk: re.Pattern
    place_stopwords: frozenset[str]


def _church_rules(spec: dict | None) -> ChurchRules | None:
    if not spec:
        return None
    word = r"[A-ZÆØÅ][\wæøåÆØÅ]+"
    nouns = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(spec["place_nouns"], key=len, reverse=True))
    national = "|".join(map(re.escape, spec.get("national", [])))
    # the place is capitalised (or in capitals); the nouns in any case
    pattern = (r"(?<![\wæøåÆØÅ])(?:(?P<place>%s(?:[ -]%s)?)\s+(?P<noun>(?i:%s))" % (word, word, nouns)
               + (r"|(?P<national>(?i:%s))" % national if national else "") + r")(?![\wæøåÆØÅ])")
    return ChurchRules(re.compile(pattern), spec["organization"], spec["organization_nynorsk"],
                       _word_pattern(list(map(re.escape, spec["nynorsk_markers"]))),
                       frozenset(w.casefold() for w in spec.get("place_stopwords", [])))


def _word_pattern(alternatives: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\wæøåÆØÅ])(?:%s)(?![\wæøåÆØÅ])" % "|".join(alternatives), re.IGNORECASE)


@lru_cache(maxsize=1)
def document_rules() -> DocumentRules:
    doc = load_rules(
        "document",
        required={"kinds": list, "attendance_kind": str, "single_case_kind": str, "letter_patterns": list,
                  "letter_kind": str, "place_labels": list, "place_stop_words": list, "time_words": list, "body_labels": list, "date_labels": list,
                  "body_phrase_patterns": list,
                  "attendance_cues": list},
        optional={"agenda_patterns": list, "agenda_kind": str, "meeting_line_patterns": list,
                  "distribution_labels": list, "distribution_chars": int, "place_sentence_patterns": list},
    )
    kinds = [(k["kind"], compile_patterns("document", f"kinds.{k['kind']}", k["patterns"], re.IGNORECASE | re.MULTILINE))
             for k in doc["kinds"]]
    body_data = load_rules("bodies", required={"bodies": list},
                           optional={"meeting_words": dict, "indefinite_forms": dict, "church_bodies": dict})
    bodies = []
    for name in body_data["bodies"]:
        # "Styringsgruppens" is the genitive of "Styringsgruppen"; a name written as a pattern
        # ("Hovudutval for [\wæøå ]+?") gives the text it matched
        canonical = None if any(c in name for c in "[]()?+*\\") else name
        bodies.append((canonical, re.compile(r"(?<![\wæøå])(%s)s?(?![\wæøå])" % name, re.IGNORECASE)))
    for word, name in body_data.get("meeting_words", {}).items():  # "styremøtet", "styremøter"
        bodies.append((name, re.compile(r"(?<![\wæøå])%s(?:t|r|ne)?(?![\wæøå])" % re.escape(word), re.IGNORECASE)))
    org_data = load_rules("organizations", required={"organizations": list, "place_org_suffixes": list,
                                                     "company_suffixes": list, "key_value_labels": dict},
                          optional={"council_name_patterns": list, "council_name_stopwords": list,
                                    "lowercase_name_words": list, "city_districts": dict})
    districts = {d: city for city, names in org_data.get("city_districts", {}).items() for d in names}
    orgs, literals = [], []
    for org in org_data["organizations"]:
        names = [org["name"], *org.get("aliases", [])]
        orgs.append((org["name"], _org_pattern(names)))
        literals.append(tuple(_org_stem(n) or n for n in names))   # the fixed start of each form of _org_pattern
    return DocumentRules(
        kinds, doc["attendance_kind"], doc["single_case_kind"],
        compile_patterns("document", "letter_patterns", doc["letter_patterns"]), doc["letter_kind"],
        [s.lower() for s in doc["place_labels"]], frozenset(s.casefold() for s in doc["place_stop_words"]),
        frozenset(s.casefold() for s in doc["time_words"]),
        [s.lower() for s in doc["body_labels"]],
        [s.lower() for s in doc["date_labels"]],
        compile_patterns("document", "body_phrase_patterns", doc["body_phrase_patterns"]),
        _word_pattern(doc["attendance_cues"]),
        bodies, orgs, literals,
        compile_patterns("organizations", "council_name_patterns",
                         [r"(?<![\wæøå])" + p for p in org_data.get("council_name_patterns", [])]),
        frozenset(w.casefold() for w in org_data.get("council_name_stopwords", [])),
        org_data["place_org_suffixes"] + org_data["company_suffixes"], org_data["key_value_labels"],
        frozenset(w.casefold() for w in org_data.get("lowercase_name_words", [])),
        re.compile(r"(?<![\wæøåÆØÅ])(?P<place>[A-ZÆØÅ][\wæøå]+(?:[ -][A-ZÆØÅ][\wæøå]+)?)\s+(?P<noun>(?i:%s))(?![\wæøå])"
                   % "|".join(sorted(body_data.get("indefinite_forms", {}), key=len, reverse=True))),
        {k.casefold(): v for k, v in body_data.get("indefinite_forms", {}).items()},
        _church_rules(body_data.get("church_bodies")),
        frozenset(org_data["place_org_suffixes"]),
        re.compile(r"(?<![\wæøåÆØÅ])bydel\s+(?P<district>%s)s?(?![\wæøåÆØÅ])"   # "Bydel Sagenes forvaltning"
                   % "|".join(r"\s*".join(map(re.escape, d.split())) for d in sorted(districts, key=len, reverse=True)),
                   re.IGNORECASE) if districts else None,
        {_district_key(d): (d, city) for d, city in districts.items()},
        tuple(compile_patterns("document", "agenda_patterns", doc.get("agenda_patterns", []), re.IGNORECASE | re.MULTILINE)),
        doc.get("agenda_kind", "innkalling"),
        tuple(compile_patterns("document", "meeting_line_patterns", doc.get("meeting_line_patterns", []), re.IGNORECASE)),
        _label_pattern("distribution_labels", doc.get("distribution_labels", [])),
        doc.get("distribution_chars", 400),
        tuple(compile_patterns("document", "place_sentence_patterns", doc.get("place_sentence_patterns", []), 0)),
    )


def _label_pattern(key: str, labels: list[str]) -> re.Pattern | None:
    """Labels (regexes) as one pattern: a label at a word start, then its colon."""
    if not labels:
        return None
    compile_patterns("document", key, labels)
    return re.compile(r"(?<![\wæøåÆØÅ])(?:%s)\s*:" % "|".join(f"(?:{p})" for p in labels), re.IGNORECASE)


@dataclass(frozen=True)
class HeaderFields:
    kind: str
    organization: str | None
    body: str | None
    meeting_date: str | None
    meeting_date_text: str | None
    place: str | None
    title: str | None


def header_lines(text: str, start: int, end: int, limit: int) -> list[Line]:
    # a bare number is a transcript's page number, not a header line
    return [line for line in iter_lines(text, start, end) if not line.blank and not line.clean.isdigit()][:limit]


def detect_kind(title_region: str, n_cases: int, has_attendance: bool) -> str:
    """The kind named earliest in the title region ("Referat fra møte …" beats a later "Protokoll")."""
    rules = document_rules()
    hits = [(m.start(), order, kind) for order, (kind, patterns) in enumerate(rules.kinds)
            for p in patterns for m in [p.search(title_region)] if m]
    if hits:
        return min(hits)[2]
    if has_attendance:
        return rules.attendance_kind
    if n_cases and any(p.search(title_region) for p in rules.agenda):
        return rules.agenda_kind
    if any(p.search(title_region) for p in rules.letter):
        return rules.letter_kind
    if n_cases == 1:
        return rules.single_case_kind
    return "other"


def has_attendance_section(text: str) -> bool:
    cue = document_rules().attendance_cues
    return any(cue.match(strip_markup(line.clean)) and ":" in line.clean[:40] or
               (cue.fullmatch(strip_markup(line.clean).rstrip(":")) is not None)
               for line in iter_lines(text) if line.clean)


_LEADING_LABEL = re.compile(r"[\wæøåÆØÅ]+\s*:")


def detect_body(lines: list[Line], text: str) -> str | None:
    """The body after a body label ("Utvalg: …"), else the first known body or "møte i X" in the title lines."""
    rules = document_rules()
    labelled = labelled_value(lines, rules.body_labels, text, continuation=False)
    # labels first, values after ("Utvalg: Møtested: Råd for eldre … Kommunestyresalen", Elements
    # innkallinger flattened): the label's text is the next label's, the body is found below
    if labelled and labelled[0] and not _LEADING_LABEL.match(labelled[0]):
        return definite_body(tidy_body(labelled[0]))
    joined = "\n".join(strip_markup(line.clean) for line in lines)
    church = church_body(joined)
    if church:
        return church
    for line in lines:
        for place, noun in place_bodies(strip_markup(line.clean)):
            return rules.indefinite[noun.casefold()]["body"]
    for line in lines:
        plain = strip_markup(line.clean)
        hits = [(bool(m.lastindex) and len(m.group(0)) > len(m.group(1)), m.start(), name or m.group(1))
                for name, p in rules.bodies for m in p.finditer(plain)]
        if hits:
            # a genitive names another body's office or innstilling ("Bystyrets kontor Protokoll
            # Komite for oppvekst", "Formannskapets innstilling"): the first nominative is the body
            return min(hits)[2]
        for phrase in rules.body_phrases:
            match = phrase.search(plain)
            if match:
                return tidy_body(match["body"].strip())
    # no body named otherwise: a regional council meets as itself ("Utval: Møtestad: SOGN REGIONRÅD …")
    councils = council_names(joined)
    return councils[0] if councils else None


def church_body(text: str) -> str | None:
    """The first church council named in `text` ("Askvoll sokneråd", "PORSGRUNN KIRKELIGE
    FELLESRÅD" → "Porsgrunn kirkelige fellesråd", "Kirkerådet"), or None."""
    church = document_rules().church
    if church is None:
        return None
    for match in church.body.finditer(text):
        if match["national"]:
            return match["national"][0].upper() + match["national"][1:].lower()
        # "MØTE PORSGRUNN KIRKELIGE FELLESRÅD", "DEN NORSKE KIRKE Sandnes kirkelige fellesråd"
        words = match["place"].split()
        while words and words[0].casefold() in church.place_stopwords:
            words.pop(0)
        if not words:
            continue
        if len(words) == 2 and words[0].isupper() != words[1].isupper():
            words = words[1:]
        place = " ".join(words)
        place = capitals_to_title(place) if place.isupper() else place
        return f"{place} {' '.join(match['noun'].lower().split())}"
    return None


def church_organization(body: str | None, head: str) -> str | None:
    """"Den norske kirke – <body>" for a church council's body; nynorsk after a nynorsk
    letterhead or body noun."""
    church = document_rules().church
    if church is None or not body or church_body(body) != body:
        return None
    name = church.organization_nynorsk if church.nynorsk.search(head) or church.nynorsk.search(body) else church.organization
    return f"{name} – {body}"


MAX_BODY_WORDS = 8
# where a body name written in capitals runs into the running text of a flattened line
_CAPITALS_THEN_TEXT = re.compile(r"(?<=[A-ZÆØÅ]{2})\s+(?=[A-ZÆØÅ][a-zæøå])")


_BODY_END = re.compile(r"\s(?=\d{1,4}\s?/\s?\d|\d{1,2}[.:]\d{2}\b|\d{1,2}\.\s|[\wæøåÆØÅ]+\s*:)")


def tidy_body(value: str) -> str:
    """A body name from a flattened line ends where it does: at the change from capitals to
    running text ("SAMARBEIDSRÅDET FOR SUNNHORDLAND Det vert …"), before the next field (a
    number or time, another label), and after a few words."""
    cut = _CAPITALS_THEN_TEXT.search(value)
    value = value[:cut.start()] if cut else value
    cut = _BODY_END.search(value)
    value = value[:cut.start()] if cut else value
    words = value.split()
    time_words = document_rules().time_words
    words = next((words[:i] for i, w in enumerate(words) if i and w.casefold().strip(".,:") in time_words), words)
    return " ".join(words[:MAX_BODY_WORDS]).strip(" ,;:-–") or value


def place_bodies(text: str) -> list[tuple[str, str]]:
    """(place, indefinite noun) of every "<Place> kommunestyre" in text, the place a known one
    ("Møteinnkalling Skjervøy Kommunestyre": the second word is the place)."""
    found = []
    for match in document_rules().place_body.finditer(text):
        words = match["place"].split()
        place = next((p for p in (match["place"], words[-1]) if gazetteer.is_place(p)), None)
        if place:
            found.append((place, match["noun"]))
    return found


def definite_body(value: str) -> str:
    """"Verdal kommunestyre" → "Kommunestyret": a place's body in the indefinite is named by
    its definite form (the place is the organisation)."""
    match = document_rules().place_body.fullmatch(value.strip())
    if match and gazetteer.is_place(match["place"]):
        return document_rules().indefinite[match["noun"].casefold()]["body"]
    return value


def _org_stem(name: str) -> str | None:
    """"Vestregionen" → "Vestregion" (its compounds: "Vestregionsamarbeidet"); None for other names."""
    return name[:-2] if name.endswith("en") and len(name) > 6 else None


def _org_pattern(names: list[str]) -> re.Pattern:
    """Name, its genitive, and compounds of its stem ("Vestregionsamarbeidet" for Vestregionen)."""
    forms = []
    for name in names:
        stem = _org_stem(name)
        forms.append(re.escape(stem) + r"[\wæøå]*" if stem else re.escape(name) + "s?")
    return re.compile(r"(?<![\wæøåÆØÅ])(?:%s)(?![\wæøåÆØÅ])" % "|".join(forms))


def council_names(text: str) -> list[str]:
    """Names of intermunicipal councils in their general forms (organizations.yaml), one per
    mention; a name in capitals is written "Regionrådet for Hallingdal"."""
    rules = document_rules()
    found = []
    for pattern in rules.council_names:
        for match in pattern.finditer(text):
            name = " ".join(match["org"].split())
            if name.split()[0].casefold() in rules.council_stopwords or not name[:1].isupper():
                continue
            if name.isupper():
                words = name.lower().split()
                name = " ".join(w if k and words[k - 1] not in ("for", "i", "og") else
                                "-".join(part.capitalize() for part in w.split("-")) if k else w.capitalize()
                                for k, w in enumerate(words))
            found.append(name)
    return found


@lru_cache(maxsize=1)
def body_institutions() -> dict[str, str]:
    """Each definite body of bodies.yaml's indefinite forms → the institution that holds its
    meetings ("Fylkestinget" → "fylkeskommune")."""
    return {spec["body"]: spec["institution"] for spec in document_rules().indefinite.values()}


@lru_cache(maxsize=1)
def _body_place() -> tuple[re.Pattern, dict[str, str]]:
    """A definite body of bodies.yaml's indefinite forms, then a place; each body's institution."""
    institution = body_institutions()
    pattern = re.compile(r"(?<![\wæøåÆØÅ])(?P<body>%s)\s+(?P<place>[A-ZÆØÅ][\wæøå]+(?:[ -][A-ZÆØÅ][\wæøå]+)?)(?![\wæøå])"
                         % "|".join(map(re.escape, institution)))
    return pattern, institution


def body_place_organizations(text: str) -> list[str]:
    """"Møteinnkalling Kontrollutvalget Råde" → ["Råde kommune"]: a municipal body, then its place."""
    pattern, institution = _body_place()
    found = []
    for m in pattern.finditer(text):
        # "Kontrollutvalget Råde Eventuelle": the two-word reading first ("Øvre Eiker"), then one word
        place = next((p for p in (m["place"], re.split(r"[ -]", m["place"])[0]) if gazetteer.is_place(p)), None)
        if place:
            found.append(f"{place} {institution[m['body']]}")
    return found


def capitals_to_title(name: str) -> str:
    """"HELSE MIDT-NORGE" → "Helse Midt-Norge", "ASKER OG BÆRUM" → "Asker og Bærum"."""
    small = document_rules().lowercase_name_words
    words = name.lower().split()
    return " ".join(w if k and w in small else "-".join(p.capitalize() for p in w.split("-"))
                    for k, w in enumerate(words))


def _district_key(name: str) -> str:
    return " ".join(name.replace(".", ". ").split()).casefold()


def city_district(head: str) -> str | None:
    """"Oslo kommune Bydel St. Hanshaugen" → "Oslo kommune, Bydel St. Hanshaugen"."""
    rules = document_rules()
    match = rules.city_district.search(head) if rules.city_district else None
    if not match:
        return None
    district, city = rules.district_city[_district_key(match["district"])]
    return f"{city} kommune, Bydel {district}"


def _org_name(name: str, suffix: str) -> str:
    """A letterhead's name and its suffix; a place's institution named by its place alone."""
    if suffix.lower() in document_rules().place_suffixes:
        return f"{place_of_letterhead(name)} {suffix.lower()}"
    if gazetteer.is_place(name):
        return ""   # "Park og idrett Oslo KF": a company's name cut at a lower-case word, not "Oslo KF"
    return f"{name} {suffix}"


def place_of_letterhead(name: str) -> str:
    """"Wkontrollutvalet Aukra" → "Aukra": a letterhead that prints its body before the place
    ("KONTROLLUTVALET AUKRA KOMMUNE") names the place's institution; a name that is no
    known place keeps its words ("Indre Østfold", "Asker og Bærum")."""
    words = name.split()
    if len(words) < 2 or gazetteer.is_place(name):
        return name
    small = document_rules().lowercase_name_words
    for i in range(1, len(words)):
        if words[i - 1].casefold() not in small and gazetteer.is_place(" ".join(words[i:])):
            return " ".join(words[i:])
    return name


@lru_cache(maxsize=1)
def _letterhead_patterns() -> tuple[re.Pattern, re.Pattern]:
    """"<Name> <suffix>": "Bykle kommune", a heading's "Sør-Trøndelag Fylkeskommune", "Vestmar
    IKS"; and letterheads in capitals: "SUNNDAL KOMMUNE", "ULVIK HERAD"."""
    rules = document_rules()
    suffixes = "|".join(rules.org_suffixes)
    title_suffixes = "|".join(s.capitalize() for s in rules.place_suffixes)
    place_org = re.compile(r"\b([A-ZÆØÅ][\wæøå]+(?:[ -](?:og\s)?[A-ZÆØÅ][\wæøå]+)*) (%s|%s)\b" % (suffixes, title_suffixes))
    caps_org = re.compile(r"\b([A-ZÆØÅ]{2,}(?:[ -](?:OG\s)?[A-ZÆØÅ]{2,})*) (%s)\b" % suffixes.upper())
    return place_org, caps_org


_NEXT_LABEL = re.compile(r"[\wæøåÆØÅ./-]+[ \t]*:")   # the next label's last word and colon


def without_distribution_lists(head: str) -> str:
    """The header with each distribution list blanked (same length): from its label to the
    next label or line end, at most distribution_chars characters."""
    rules = document_rules()
    if rules.distribution is None or not may_match(rules.distribution, head):
        return head
    out, pos = [], 0
    for match in rules.distribution.finditer(head):
        if match.start() < pos:
            continue
        limit = min(len(head), match.end() + rules.distribution_chars)
        line_end = head.find("\n", match.end(), limit)
        end = line_end if line_end >= 0 else limit
        label = _NEXT_LABEL.search(head, match.end(), end)
        end = label.start() if label else end
        out += [head[pos:match.end()], " " * (end - match.end())]
        pos = end
    return "".join(out) + head[pos:]


def detect_organization(content: str, lines: list[Line], titles: list[str], place: str | None = None) -> str | None:
    """Most-mentioned known organisation; mentions in the header and case titles weigh more.
    The meeting place's value ("Stad: Nutheim Gjestgiveri i Flatdal, Seljord kommune") names
    where the body meets, not who it is: a letterhead form inside it counts as a weak mention."""
    rules = document_rules()
    key_values = {}
    for line in lines:  # "Kommune: Lillestrøm" in generated protocols ("Kommune: — Bergen" after OCR)
        match = re.match(r"(?P<key>[\wæøå]+)\s*:[\s—–\-]*(?P<value>[A-ZÆØÅ][\wæøåÆØÅ\- ]+?)\s*(?:$|[,;]|\s{2})",
                         strip_markup(line.clean))
        if match and match["key"].lower() in rules.key_value_labels:
            key_values.setdefault(match["key"].lower(), match["value"])
    for key, suffix in rules.key_value_labels.items():  # the yaml lists the most specific key first
        if key in key_values:
            return f"{key_values[key]} {suffix}"
    head = without_distribution_lists("\n".join(strip_markup(line.clean) for line in lines))
    district = city_district(head)
    if district:
        return district
    venue = place if place and len(place) >= 8 else None
    if venue:
        head = head.replace(venue, " " * len(venue))
    title_text = "\n".join(titles)
    scores: Counter[str] = Counter()
    for (name, pattern), literals in zip(rules.organizations, rules.organization_literals):
        if any(lit in content or lit in title_text for lit in literals):   # a plain substring test first
            scores[name] += 5 * len(pattern.findall(head)) + 3 * len(pattern.findall(title_text)) + len(pattern.findall(content))
    place_org, caps_org = _letterhead_patterns()
    for match in place_org.finditer(head):
        if not match[1].isupper():   # a name in capitals is caps_org's (in title case)
            scores[_org_name(match[1], match[2])] += 5
    for match in caps_org.finditer(head):
        suffix = next(s for s in rules.org_suffixes if s.upper() == match[2])
        scores[_org_name(capitals_to_title(match[1]), suffix)] += 5
    # "Verdal kommunestyre", "Molde kommunestyre": the place's institution holds the meeting
    for place, noun in place_bodies(head):
        scores[f"{place} {rules.indefinite[noun.casefold()]['institution']}"] += 5
    # "Møteinnkalling Kontrollutvalget Råde": a municipal body, then its place
    for name in body_place_organizations(head):
        scores[name] += 5
    # a letterhead on the document's first lines outweighs names further down
    top = without_distribution_lists("\n".join(strip_markup(line.clean) for line in lines[:3]))
    for match in caps_org.finditer(top):
        suffix = next(s for s in rules.org_suffixes if s.upper() == match[2])
        scores[_org_name(capitals_to_title(match[1]), suffix)] += 10
    for match in place_org.finditer(top):
        if not match[1].isupper():
            scores[_org_name(match[1], match[2])] += 10
    # a regional council's own name in its header ("Regionrådet for Hallingdal", "X regionråd")
    for weight, region in ((5, head), (10, top)):
        for name in council_names(region):
            scores[name] += weight
    if venue:
        for match in place_org.finditer(venue):
            scores[_org_name(match[1], match[2])] += 2
    # the place an innkalling is signed from ("Kvalsund den 24. august 2005", "Gausdal, 12.12.2016"): weak
    for place in signed_at(content):
        if gazetteer.is_place(place):
            scores[f"{place} kommune"] += 2
    # a kommune's web domain ("post@storfjord.kommune.no", "www.nesna.kommune.no"): weak
    for match in _KOMMUNE_DOMAIN.finditer(content) if may_match(_KOMMUNE_DOMAIN, content) else ():
        place = gazetteer.kommune_of_domain(match["label"])
        if place:
            scores[f"{place} kommune"] += 2
    scores.pop("", None)
    best = max(scores.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] > 0 else None


_KOMMUNE_DOMAIN = re.compile(r"(?<![\w-])(?P<label>[a-z][a-z-]{1,30})\.kommune\.no\b", re.IGNORECASE)
# "<Place>, 12.12.2016", "<Place> den 24. august 2005": the date part is found first (a capital
# letter is too common a start to try the whole pattern at), then the place right before it
_SIGNED_DATE = re.compile(r"(?:,|(?<=[^\s])[ \t]+den)[ \t]+\d{1,2}\.[ \t]?(?:\d{1,2}\.[ \t]?\d{2,4}|[a-zæøå]+[ \t]+\d{4})")
_PLACE_BEFORE = re.compile(r"(?<![\wæøåÆØÅ])(?P<place>[A-ZÆØÅ][\wæøå]+(?:-[A-ZÆØÅ][\wæøå]+)?)\Z")
MAX_PLACE_CHARS = 60


def signed_at(text: str) -> list[str]:
    """The places of "<Place>, <date>" and "<Place> den <date>" in text."""
    places = []
    for date in _SIGNED_DATE.finditer(text):
        before = _PLACE_BEFORE.search(text, max(0, date.start() - MAX_PLACE_CHARS), date.start())
        if before:
            places.append(before["place"])
    return places


def county_organization(body: str | None, organization: str | None, head: str) -> str | None:
    """A county body's meeting ("Fylkestinget", "Fylkesutvalet") is its fylkeskommune's: the
    county of the kommune the header names ("Fylkeshuset, … 3126 Tønsberg" → Vestfold
    fylkeskommune); None when the body is no county body or no county is found."""
    institution = {name.casefold(): held_by for name, held_by in body_institutions().items()}
    if not body or institution.get(body.casefold()) != "fylkeskommune":
        return None
    if organization and organization.endswith("fylkeskommune"):
        return organization
    places = ([organization.rsplit(" ", 1)[0]] if organization and organization.endswith(" kommune") else []) + \
        re.findall(r"[A-ZÆØÅ][\wæøå]+(?:-[A-ZÆØÅ][\wæøå]+)?", head)
    for place in places:
        counties = {p.county for p in gazetteer.lookup(place) if p.kind == "kommune" and p.county}
        if len(counties) == 1:
            return f"{counties.pop()} fylkeskommune"
    return None


# Fields on one header line: tab-separated, or a further "Label:" ("Dato: 02.05.2024 Sted: Rådhuset").
_FIELD_BREAK = re.compile(r"\t+|(?<!\s)\s+(?=[A-ZÆØÅ][\wæøåÆØÅ]*\s*:(?:\s|$))")  # (?<!\s): linear on space runs


def place_after_body(place: str | None, body: str | None) -> str | None:
    """Labels first, values after ("Utvalg: Møtested: Råd for eldre … Kommunestyresalen, Nesset
    kommunehus"): the place label's text starts with the body's name, which is not the place."""
    if place and body and place.casefold().startswith(body.casefold() + " "):
        return place[len(body):].strip(" ,") or place
    return place


def labelled_value(lines: list[Line], labels: list[str], text: str, continuation: bool = True) -> tuple[str, Line] | None:
    """Value after "Label:" on a header line, with a continuation line joined ("Sted: X\\nRådhuset").
    A line of several tab-separated fields ("Dato: 02.05.2024<TAB>Sted: Rådhuset") is read field by field."""
    for i, line in enumerate(lines):
        fields = [strip_markup(f) for f in _FIELD_BREAK.split(line.clean) if f.strip()]
        hit = next(((k, m) for k, f in enumerate(fields) for m in [re.match(r"([\wæøåÆØÅ]+)\s*:\s*(.*)", f)]
                    if m and m[1].lower() in labels), None)
        if not hit:
            continue
        k, match = hit
        value = match[2].strip()
        if not value and k + 1 < len(fields):  # "Møtested:<TAB>Kommunestyresalen"
            value = fields[k + 1]
        if not value and len(fields) == 1 and i + 1 < len(lines):  # a web page's cells: "Møtested:" then the value
            nxt = strip_markup(lines[i + 1].clean)
            if ":" not in nxt and len(nxt.split()) <= 8:
                return nxt, line
        nxt_idx = i + 1
        if (continuation and k == len(fields) - 1 and (not value or value.endswith(",")) and nxt_idx < len(lines)
                and text[line.end:lines[nxt_idx].start].count("\n") == 1):
            # a PDF line wrapped after the label or after a comma in its value ("Stad:\nSAS Atlantic
            # Hotell, Stavanger …", "Møtested: Kommunestyresalen,\nTinghaugv 18 Møtetid: …"): the caller
            # ends the value where the next field starts
            return f"{value} {strip_markup(lines[nxt_idx].clean)}".strip(), line
        if continuation and len(fields) == 1 and nxt_idx < len(lines):
            nxt = lines[nxt_idx]
            between = text[line.end:nxt.start]
            if between.count("\n") == 1 and ":" not in nxt.clean and len(nxt.clean.split()) <= 6:
                value = f"{value} {strip_markup(nxt.clean)}".strip()
        return (value or None), line
    return None


MAX_PLACE_WORDS = 10
_PLACE_END = re.compile(r"\s(?=\d{1,4}\s?/\s?\d|\d{1,2}[.:]\d{2}\b|\d{1,2}\.\s|[A-ZÆØÅ]{2,}\s+[A-ZÆØÅ]{2,}|[\wæøåÆØÅ]+\s*:)")


def tidy_place(value: str | None) -> str | None:
    """A place written on a flattened header line ends before the next field:
    a number or time, an upper-case run, another label, or a word that starts the next field
    (document.yaml place_stop_words); a place is at most a few words."""
    if not value:
        return value
    cut = _PLACE_END.search(value)
    value = value[:cut.start()] if cut else value
    words = value.split()
    rules, months = document_rules(), dates.date_rules().month_of
    for i, word in enumerate(words[1:], start=1):
        folded = word.casefold().strip(".,:")
        if (folded in rules.place_stop_words and word[:1].isupper()) or folded in months or folded in rules.time_words:
            words = words[:i]   # the next field, a date ("Hamar, november 2022") or a time ("kl. 18")
            break
    place = " ".join(words[:MAX_PLACE_WORDS]).strip(" ,;:-–")
    return place or None


def sentence_place(lines: list[Line]) -> tuple[str, Line] | None:
    """The meeting place of a header sentence ("… kl. 18.00 i kommunestyresalen", "møte i
    Samarbeidsrådet på Grand Hotel, Leirvik"), when no label gives one; an organisation
    ("… i Aukra kommune") is who meets, not where."""
    rules = document_rules()
    for line in lines:
        plain = strip_markup(line.clean)
        for pattern in rules.place_sentences:
            for match in pattern.finditer(plain):
                place = tidy_place(match["place"])
                if place and place.split()[-1].casefold() not in rules.place_suffixes:
                    return place, line
    return None


def _day_dates(text: str) -> list[dates.DateMention]:
    return [m for m in dates.find_dates(text) if m.precision == "day"]


def labelled_date(lines: list[Line]) -> dates.DateMention | None:
    """The date after a date label ("Tid:", "Møtedato" + next line)."""
    labels = document_rules().date_labels
    for i, line in enumerate(lines):
        plain = strip_markup(line.clean)
        # a field further along a flattened header line counts with its colon ("Stad: … Dato: Tysdag 12. mars 2019")
        breaks = list(_FIELD_BREAK.finditer(plain))
        starts = [0] + [m.end() for m in breaks]
        ends = [m.start() for m in breaks] + [len(plain)]
        for k, (start, end) in enumerate(zip(starts, ends)):
            words = plain[start:].split()
            if not words or words[0].rstrip(":").lower() not in labels or (k and not words[0].endswith(":")):
                continue
            # a line's first field may run on (and onto the next line, "Møtedato" over its value);
            # a later field is its own text up to the next label ("Dato: Tid: 17:30": none)
            window = " ".join([plain] + [strip_markup(l.clean) for l in lines[i + 1:i + 2]]) if k == 0 else plain[start:end]
            found = _day_dates(window)
            if found:
                return found[0]
    return None


@lru_cache(maxsize=1)
def _then_time() -> re.Pattern:
    """A time of day right after a date ("28.11.2019 kl. 18.00", "…, 18:00"): the meeting's, not a
    letter's date; the time words of document.yaml."""
    words = "|".join(map(re.escape, sorted(document_rules().time_words, key=len, reverse=True)))
    return re.compile(r"[\s,]*(?:(?:%s)\.?)?\s*\d{1,2}[:.]\d{2}\b|[\s,]*(?:%s)\.?\s*\d" % (words, words), re.IGNORECASE)


def title_lines_date(lines: list[Line]) -> dates.DateMention | None:
    """A day date in the first header lines: the first with a time of day after it (an
    innkalling's "Sandnes 22.11.2019 … møte … 28.11.2019 kl. 18.00"), else the first on a line
    that opens with the meeting ("Styremøte 12.03.2019"), else the first in the first six lines."""
    found, opened = [], []
    meeting_line = document_rules().meeting_line
    for k, line in enumerate(lines[:TIMED_DATE_LINES]):
        plain = strip_markup(line.clean)
        for mention in _day_dates(plain):
            if _then_time().match(plain, mention.char_end):
                return mention
            if any(p.match(plain[:mention.char_start]) for p in meeting_line):
                opened.append(mention)
            if k < 6:
                found.append(mention)
    return (opened or found or [None])[0]


TIMED_DATE_LINES = 10   # a date with a time of day may come after a letterhead, an address and the letter's date


def title_date(title: str) -> dates.DateMention | None:
    """The date of a one-line title: after a date label ("… Dato: 19.02.2015 Tid: …"), else its
    first day date ("Referat fra møte i AU 8.januar 2009.")."""
    labels = document_rules().date_labels
    found = _day_dates(title)
    for mention in found:
        before = title[:mention.char_start].split()
        if before and before[-1].rstrip(":").lower() in labels:
            return mention
    return found[0] if found else None


def footer_date(text: str, page_starts: list[int] | None = None) -> dates.DateMention | None:
    """A day date repeated at least three times (a print date in every page footer)."""
    counts: Counter = Counter()
    first: dict = {}
    for mention in _day_dates(text):
        counts[mention.start] += 1
        first.setdefault(mention.start, mention)
    if not counts:
        return None
    day, n = counts.most_common(1)[0]
    return first[day] if n >= 3 else None


def extract_header(text: str, start: int, header_end: int, content_end: int, case_titles: list[str],
                   limit: int = 20, body_lines: int = 8, site_title: str | None = None) -> HeaderFields:
    lines = header_lines(text, start, header_end, limit)
    title = strip_markup(lines[0].clean) if lines else None
    title_region = "\n".join(strip_markup(line.clean) for line in lines[:6])
    content = text[start:content_end]
    kind = detect_kind(title_region, len(case_titles), has_attendance_section(text[start:header_end]))
    place = labelled_value(lines, document_rules().place_labels, text)
    if place and place[0] and _LEADING_LABEL.match(place[0]):
        place = None   # labels first, values after ("MØTEROM: MØTEDATO: KL. …"): the next label is no place
    place = (tidy_place(place[0]), place[1]) if place else sentence_place(lines)
    date = labelled_date(lines) or (site_title and title_date(site_title)) or title_lines_date(lines) or footer_date(content)
    body = detect_body(lines[:body_lines], text) or (site_title and detect_body(header_lines(site_title, 0, len(site_title), 1), site_title))
    head = "\n".join(strip_markup(line.clean) for line in lines)
    organization = detect_organization(content, lines, case_titles, place[0] if place else None)
    return HeaderFields(
        kind=kind,
        organization=church_organization(body, head) or county_organization(body, organization, head) or organization,
        body=body,
        meeting_date=date.start.isoformat() if date else None,
        meeting_date_text=date.text if date else None,
        place=place_after_body(place[0], body) if place else None,
        title=title,
    )
