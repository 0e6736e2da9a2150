"""Presence grids: member tables with a "Møtt" marker column and a deputies column, flattened
into one run ("MEDLEMMER MØTT VARAMEDLEMMER Arbeiderpartiet 1. Kari Agerup M 2. Leif Eriksen F
Agnes S. Antonsen Bossum 3. …").

The markers split the run into rows: the text before a marker is the row's name (after its
ordinal, or the last person before the marker), and what follows an absent or partly-present
marker up to the next row is the remark and the deputy who met for that member.  Text that
is neither (a party group heading such as "Høyre" or "Kristelig Folkeparti, Venstre") gives
the affiliation of the rows under it.  Pure: ``find_grids(text)`` → rows; attendance.py
turns them into entries.  Rule data: rules/presence_grid.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import names
from .rules import RuleDataError, compile_patterns, load_rules

MARKER_MEANINGS = ("present", "absent", "partly")
MAX_GRID_CHARS = 4000      # a member table is never longer (as attendance.MAX_SECTION_CHARS)
MAX_REMARK_CHARS = 60      # "Inhabil sak 17/09:" before the deputy who met
MAX_HEADING_CHARS = 80     # "Kristelig Folkeparti, Venstre, Folkets Stemme"


@dataclass(frozen=True)
class GridRules:
    header: re.Pattern
    markers: dict[str, str]
    marker: re.Pattern          # any marker as a whole word
    end: re.Pattern
    min_rows: int


@lru_cache(maxsize=1)
def grid_rules() -> GridRules:
    name = "presence_grid"
    data = load_rules(name, {"header": str, "markers": dict, "end": str, "min_rows": int})
    for word, meaning in data["markers"].items():
        if meaning not in MARKER_MEANINGS:
            raise RuleDataError(f"{name}.yaml: markers.{word}: {meaning!r} is not one of {', '.join(MARKER_MEANINGS)}")
    words = sorted(data["markers"], key=len, reverse=True)   # "M/F" before "M"
    marker = re.compile(r"(?<!\S)(?:%s)(?=[\s:]|$)" % "|".join(re.escape(w) for w in words))
    [header] = compile_patterns(name, "header", [data["header"]])
    [end] = compile_patterns(name, "end", [data["end"]])
    return GridRules(header, {str(k): v for k, v in data["markers"].items()}, marker, end, data["min_rows"])


@dataclass
class GridRow:
    """One person of a grid: a member (with the marker's status) or the deputy who met for one."""
    name: str
    start: int
    end: int
    status: str                 # present | absent | deputy
    titles: list[names.Item] = field(default_factory=list)   # functions after the name ("leder")
    affiliation: str | None = None
    deputy_for: str | None = None
    note: str | None = None


@dataclass
class Grid:
    start: int                  # the header's start
    end: int                    # where the grid ends
    rows: list[GridRow]


_ORDINAL = re.compile(r"(?<!\S)\d{1,2}\.(?=\s|$)")
_PAREN_PARTY = re.compile(r"\(([^()]{1,12})\)")


def grid_end(text: str, start: int) -> int:
    """The end of the grid that starts at ``start``: the first end phrase or blank line."""
    rules = grid_rules()
    m = rules.end.search(text, start)
    blank = re.compile(r"\n[ \t]*\n").search(text, start)
    found = min(x.start() for x in (m, blank) if x) if (m or blank) else len(text)
    return min(found, start + MAX_GRID_CHARS)


def _clean(text: str) -> str:
    return " ".join(text.replace(":", " ").split()).strip(" ,.;-–")


def _first_person(text: str) -> names.Item | None:
    people = names.read_people(text)
    return people[0] if people else None


def read_name_cell(text: str, offset: int) -> GridRow | None:
    """"Eva Kristin Andersen, ordfører", "Per Lebesby (KrF)": the person, functions and party."""
    items = names.read_items(text)
    person = next((it for it in items if it.kind == "person"), None)
    if person is None or sum(it.kind == "other" for it in items if it.start > person.start) >= 2:
        return None   # no person, or running text after one: not a table row
    row = GridRow(person.text, offset + person.start, offset + person.end, "present")
    row.titles = [it for it in items if it.kind == "title" and it.start >= person.end]
    party = _PAREN_PARTY.search(text, person.end)
    if party:
        row.affiliation = party.group(1).strip()
    return row


def read_grid(text: str, header: re.Match) -> Grid | None:
    """The rows under one header, or None when fewer than min_rows rows read.  The grid ends
    before the first marker with no person in its row (the text after the table)."""
    rules = grid_rules()
    start = header.end()
    end = grid_end(text, start)
    markers = list(rules.marker.finditer(text, start, end))
    # a marker right after another is the deputies column saying nobody ("Forfall Forfall")
    kept = [m for k, m in enumerate(markers) if not (k and not text[markers[k - 1].end():m.start()].strip())]
    if len(kept) < rules.min_rows:
        return None
    rows: list[GridRow] = []
    group: str | None = None
    member: GridRow | None = None          # the row above, when a deputy may follow it
    bounds = [start] + [m.end() for m in kept]
    for k, marker in enumerate([*kept, None]):
        seg_start, seg_end = bounds[k], (marker.start() if marker is not None else end)
        segment = text[seg_start:seg_end]
        cell_at = _cell_start(segment, member is not None) if marker is not None else None
        row = read_name_cell(segment[cell_at:], seg_start + cell_at) if cell_at is not None else None
        last = row is None    # after the last marker, or a row with no person: the table has ended
        before = segment if last else segment[:cell_at]
        ordinal = list(_ORDINAL.finditer(before))
        if ordinal and not last:
            before = before[:ordinal[-1].start()]
        heading_from = 0
        deputy = _first_person(before) if member is not None else None
        if deputy is not None and deputy.start <= MAX_REMARK_CHARS:   # the row above's deputy column
            remark = _clean(before[:deputy.start])
            rows.append(GridRow(deputy.text, seg_start + deputy.start, seg_start + deputy.end, "deputy",
                                affiliation=member.affiliation, deputy_for=member.name, note=remark or None))
            heading_from = deputy.end
        if last:
            return _grid(header.start(), seg_start + heading_from if marker is not None else end, rows)
        heading = _clean(before[heading_from:])
        kinds = {it.kind for it in names.read_items(heading)} if heading and len(heading) <= MAX_HEADING_CHARS else set()
        if "party" in kinds and "person" not in kinds:
            group = heading      # a party group heading over the rows below it
        meaning = rules.markers[marker.group(0)]
        row.status = "absent" if meaning == "absent" else "present"
        row.affiliation = row.affiliation or group
        rows.append(row)
        member = row if meaning in ("absent", "partly") else None
    return _grid(header.start(), end, rows)


def _grid(start: int, end: int, rows: list[GridRow]) -> Grid | None:
    members = [r for r in rows if r.status != "deputy"]
    return Grid(start, end, rows) if len(members) >= grid_rules().min_rows else None


def _cell_start(segment: str, deputy_expected: bool) -> int | None:
    """Where the row's own cell starts in the text before its marker: after its ordinal, else at
    its person (the second person when the first is the deputy of the row above)."""
    ordinals = list(_ORDINAL.finditer(segment))
    if ordinals:
        return ordinals[-1].end()
    people = names.read_people(segment)
    if not people:
        return None
    return people[-1].start if deputy_expected and len(people) >= 2 else people[0].start


def find_grids(text: str) -> list[Grid]:
    """Every presence grid of a text, in order."""
    grids: list[Grid] = []
    pos = 0
    for header in grid_rules().header.finditer(text):
        if header.start() < pos:
            continue
        grid = read_grid(text, header)
        if grid is not None:
            grids.append(grid)
            pos = grid.end
    return grids
