"""People tables for the extract stage: attendance, votes, and one identity per person.

Per document: ``attendance`` and ``votes``/``vote_members`` rows.  Corpus step:
``persons`` (one id for the same person across documents despite spelling
variants) and ``person_names``, from which load fills the ``person_id`` columns of
the per-document tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from extractors.attendance import read_attendance, surname_first_layout
from extractors.lines import lone_line
from extractors.persons import person_key, resolve_persons
from extractors.votes import extract_votes

from .extract import Built, Lookup, TableReader, provenance, register, row_id
from .records import ParsedDocument, SegmentedDocument
from .settings import ExtractSettings


def enclosing_case(seg: SegmentedDocument, offset: int) -> str | None:
    return next((i.case_number for i in seg.items if i.case_number and i.char_start <= offset < i.char_end), None)


# An innkalling names the people it calls in (and its signer): they are invited, not present.
INVITATION_KINDS = ("innkalling",)


def people_text(doc: ParsedDocument, seg: SegmentedDocument) -> str:
    """The document with the layout step's line breaks (same offsets), up to the end of the
    document proper, page furniture blanked out."""
    text = seg.layout_text(doc.text)[: seg.header.content_end]
    return without_page_furniture(text, [(d.char_start, d.char_end) for d in seg.dropped
                                         if d.reason.startswith("page")])


def without_page_furniture(text: str, spans: list[tuple[int, int]]) -> str:
    """Page furniture (running headers, "Side 2 av 5", page numbers) as spaces, same offsets.
    A furniture line is folded into the line before it, so a list or table that runs over a
    page break reads on ("Navn\nSide 1\n\nFunksjon": the table's one-cell lines stay together;
    "Kari, leder\nSide 1 av 3\nOla, medlem": one list).  The page break's blank lines stay:
    after a blank line a list has ended, as on any page."""
    chars = list(text)
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        line = lone_line(text, start, end)
        if line and line[0] > 0:
            start, end = line[0] - 1, line[1]   # the newline before the line, and the line
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def attendance_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    text = people_text(doc, seg)
    order = "surname_first" if surname_first_layout(text) else "given_first"
    invitation = seg.header.kind in INVITATION_KINDS
    result = read_attendance(text)
    built["attendance_unread"] = [{
        "unread_id": row_id(doc.doc_id, "unread", u.start), "text": u.text, "reason": u.reason,
        **provenance(doc, u.start, u.end),
    } for u in result.unread]
    return [{
        "attendance_id": row_id(doc.doc_id, a.name, a.char_start),
        "name": a.name, "person_id": None, "name_order": order, "affiliation": a.affiliation,
        "affiliation_norm": a.affiliation_norm, "status": "invited" if invitation else a.status,
        "deputy_for": a.deputy_for, "deputy_for_person_id": None, "role": a.role, "from_case": a.from_case,
        "to_case": a.to_case, "note": a.note, "source": a.source, **provenance(doc, a.char_start, a.char_end),
    } for a in result.attendees]


def attendance_unread_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    """Stretches of attendance lists that hold no person (set aside while reading the lists)."""
    return built.get("attendance_unread", [])


def in_proposal(seg: SegmentedDocument, offset: int) -> bool:
    """Inside a proposed decision ("Framlegg til vedtak: … vert vedteke."): wording, not a vote."""
    return any(b.kind == "proposal" and b.char_start <= offset < b.char_end for i in seg.items for b in i.blocks)


def vote_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    rows = []
    for vote in extract_votes(people_text(doc, seg)):
        if in_proposal(seg, vote.char_start):
            continue
        rows.append({
            "vote_id": row_id(doc.doc_id, vote.char_start, vote.text),
            "case_number": enclosing_case(seg, vote.char_start), "proposal": vote.proposal,
            "result": vote.result, "votes_for": vote.votes_for, "votes_against": vote.votes_against,
            "unanimous": vote.unanimous, "n_named": len(vote.members), "text": vote.text,
            "members": [[name, choice, *span] for (name, choice), span in zip(vote.members, vote.member_spans)]
            if len(vote.member_spans) == len(vote.members) else [[name, choice, None, None] for name, choice in vote.members],
            **provenance(doc, vote.char_start, vote.char_end),
        })
    return rows


def vote_member_rows(doc: ParsedDocument, seg: SegmentedDocument, settings: ExtractSettings, built: Built) -> list[dict]:
    rows = []
    for vote in built["votes"]:
        for name, choice, start, end in vote.pop("members"):
            span = provenance(doc, start, end) if start is not None else {"doc_id": doc.doc_id, "page": None,
                                                                           "char_start": None, "char_end": None}
            rows.append({"vote_id": vote["vote_id"], "case_number": vote["case_number"],
                         "name": name, "person_id": None, "choice": choice, **span})
    add_voters_as_attendees(doc, rows, built["attendance"])
    return rows


def add_voters_as_attendees(doc: ParsedDocument, members: list[dict], attendance: list[dict]) -> None:
    """A document without an attendance list (an Elements saksprotokoll) still shows who was there:
    everyone named in a vote list voted, so was present.  One row each, source 'vote'."""
    if any(row["source"] == "list" for row in attendance):   # voters add nothing where a list exists
        return
    seen: set[str] = set()
    for member in members:
        key = person_key(member["name"])
        if key in seen or member["char_start"] is None:
            continue
        seen.add(key)
        attendance.append({
            "attendance_id": row_id(doc.doc_id, member["name"], member["char_start"]), "name": member["name"],
            "person_id": None, "name_order": "given_first", "affiliation": None, "affiliation_norm": None,
            "status": "present", "deputy_for": None, "deputy_for_person_id": None, "role": "member",
            "from_case": None, "to_case": None, "note": None, "source": "vote",
            **provenance(doc, member["char_start"], member["char_end"]),
        })


def persons_step(read: TableReader, settings: ExtractSettings) -> dict[str, list[dict]]:
    """One person_id per person across documents: the persons table, and person_names (every
    name as written → its person_id), from which load fills the person_id columns."""
    names_per_doc: dict[str, list[str]] = defaultdict(list)
    surname_first_docs = set()
    attendance = list(read("attendance", ("doc_id", "name", "deputy_for", "name_order")))
    for row in attendance:
        names_per_doc[row["doc_id"]].append(row["name"])
        if row["deputy_for"]:
            names_per_doc[row["doc_id"]].append(row["deputy_for"])
        if row["name_order"] == "surname_first":
            surname_first_docs.add(row["doc_id"])
    for row in read("vote_members", ("doc_id", "name")):
        names_per_doc[row["doc_id"]].append(row["name"])
    ids = resolve_persons(dict(sorted(names_per_doc.items())), surname_first_docs=surname_first_docs)
    return {"persons": person_rows(attendance, ids),
            "person_names": [{"name": name, "person_id": pid} for name, pid in sorted(ids.items())]}


def person_rows(attendance: list[dict], ids: dict[str, str]) -> list[dict]:
    variants: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set] = defaultdict(set)
    for row in attendance:
        pid = ids.get(row["name"])
        if pid:
            variants[pid][row["name"]] += 1
            docs[pid].add(row["doc_id"])
    for name, pid in ids.items():
        variants[pid][name] += 0  # names seen only as "deputy for" or in votes
    rows = []
    for pid in sorted(variants):
        names = sorted(variants[pid].items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append({"person_id": pid, "name": names[0][0], "variants": [n for n, _ in names],
                     "n_documents": len(docs[pid])})
    return rows


PEOPLE_TABLES = {"attendance": attendance_rows, "attendance_unread": attendance_unread_rows, "votes": vote_rows,
                 "vote_members": vote_member_rows}
PERSON_LOOKUPS = [Lookup("attendance", "person_id", "name", "person_names", "name", "person_id"),
                  Lookup("attendance", "deputy_for_person_id", "deputy_for", "person_names", "name", "person_id"),
                  Lookup("vote_members", "person_id", "name", "person_names", "name", "person_id")]
register(tables=PEOPLE_TABLES, corpus_steps=[persons_step], lookups=PERSON_LOOKUPS)
