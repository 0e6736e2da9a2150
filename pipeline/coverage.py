"""`motebok coverage`: how much of each document was read, for documents without gold.

Per document: case-number mentions and what they became (cases, list entries,
references, archive numbers, look-alikes, unread), decision/proposal labels found
against the rows made, attendance labels against attendees, and the characters
cut.  Documents whose counts disagree are flagged with the reason, most suspicious
first, so that a reader can look at the misread ones instead of at scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .db import connect

COVERAGE_SQL = """
WITH m AS (
    SELECT doc_id,
           count(*) AS mentions,
           count(*) FILTER (WHERE role IN ('heading', 'entry')) AS heading_mentions,
           count(*) FILTER (WHERE role = 'reference') AS reference_mentions,
           count(*) FILTER (WHERE role = 'archive') AS archive_mentions,
           count(*) FILTER (WHERE role = 'lookalike') AS lookalike_mentions,
           count(*) FILTER (WHERE role = 'other') AS unread_mentions
    FROM case_number_mentions GROUP BY doc_id),
c AS (SELECT doc_id, count(*) AS cases, count(*) FILTER (WHERE coalesce(title, '') = '') AS untitled
      FROM cases GROUP BY doc_id),
r AS (SELECT doc_id, count(DISTINCT case_number) AS references FROM case_references GROUP BY doc_id),
d AS (SELECT doc_id, count(*) FILTER (WHERE decision_kind = 'decision') AS decisions,
             count(*) FILTER (WHERE decision_kind = 'proposal') AS proposals
      FROM decisions GROUP BY doc_id),
a AS (SELECT doc_id, count(*) AS attendees FROM attendance GROUP BY doc_id),
-- a span cut for two reasons ("page furniture" and "page marker" of one "Side 2") counts once
s AS (SELECT doc_id, reason LIKE 'web chrome%' AS chrome, char_start, char_end,
             coalesce(max(char_end) OVER (PARTITION BY doc_id, reason LIKE 'web chrome%' ORDER BY char_start, char_end
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS reach
      FROM dropped_spans),
x AS (SELECT doc_id, sum(greatest(0, char_end - greatest(char_start, reach))) FILTER (WHERE chrome) AS chrome_chars,
             sum(greatest(0, char_end - greatest(char_start, reach))) FILTER (WHERE NOT chrome) AS furniture_chars
      FROM s GROUP BY doc_id)
SELECT split_part(replace(doc.source_path, '\\', '/'), '/', -1) AS document, doc.doc_id, doc.doc_kind AS kind,
       doc.n_chars, doc.layout_breaks,
       coalesce(m.mentions, 0) AS mentions, coalesce(m.heading_mentions, 0) AS heading_mentions,
       coalesce(c.cases, 0) AS cases, coalesce(c.untitled, 0) AS untitled_cases,
       coalesce(r.references, 0) AS references, coalesce(m.archive_mentions, 0) AS archive,
       coalesce(m.lookalike_mentions, 0) AS lookalikes, coalesce(m.unread_mentions, 0) AS unread_numbers,
       doc.n_decision_labels AS decision_labels, coalesce(d.decisions, 0) AS decisions,
       doc.n_proposal_labels AS proposal_labels, coalesce(d.proposals, 0) AS proposals,
       doc.n_attendance_labels AS attendance_labels, coalesce(a.attendees, 0) AS attendees,
       doc.n_dropped_chars AS dropped_chars, coalesce(x.chrome_chars, 0) AS chrome_chars,
       coalesce(x.furniture_chars, 0) AS furniture_chars
FROM documents doc
LEFT JOIN m USING (doc_id) LEFT JOIN c USING (doc_id) LEFT JOIN r USING (doc_id)
LEFT JOIN d USING (doc_id) LEFT JOIN a USING (doc_id) LEFT JOIN x USING (doc_id)
ORDER BY document
"""


@dataclass(frozen=True)
class Flag:
    weight: int
    reason: str


def flags_for(row: pd.Series) -> list[Flag]:
    """Why a document looks misread (pure; one row of the coverage table)."""
    found = []
    if row.heading_mentions and not row.cases:
        found.append(Flag(5, "case-like headings but no case"))
    if row.decision_labels > row.decisions:
        found.append(Flag(3, f"{row.decision_labels - row.decisions} decision label(s) without text"))
    if row.proposal_labels > row.proposals:
        found.append(Flag(2, f"{row.proposal_labels - row.proposals} proposal label(s) without text"))
    if row.attendance_labels and not row.attendees:
        found.append(Flag(4, "attendance labels but no attendee"))
    if row.unread_numbers >= 3 and row.unread_numbers > row.cases:
        found.append(Flag(3, f"{row.unread_numbers} case-like numbers read as nothing"))
    if row.cases and row.untitled_cases:
        found.append(Flag(2, f"{row.untitled_cases} case(s) without title"))
    if row.n_chars and row.furniture_chars > 0.10 * row.n_chars:
        # web chrome is cut on the evidence of its markers; furniture this large is suspicious
        found.append(Flag(3, f"{row.furniture_chars / row.n_chars:.0%} of the text left out as page furniture"))
    if row.cases and not row.decisions and not row.proposals and row.kind in ("protokoll", "referat"):
        found.append(Flag(1, "minutes with cases but no decision or proposal"))
    return found


def coverage_table(db_path: Path) -> pd.DataFrame:
    con = connect(db_path, read_only=True, must_exist=True)
    try:
        frame = con.execute(COVERAGE_SQL).df()
    finally:
        con.close()
    flags = [flags_for(row) for row in frame.itertuples(index=False)]
    frame["suspicion"] = [sum(f.weight for f in fl) for fl in flags]
    frame["flags"] = ["; ".join(f.reason for f in fl) for fl in flags]
    return frame


def summary(frame: pd.DataFrame) -> dict[str, int]:
    return {
        "documents": len(frame), "flagged": int((frame.suspicion > 0).sum()),
        "mentions": int(frame.mentions.sum()), "cases": int(frame.cases.sum()),
        "references": int(frame.references.sum()), "archive": int(frame.archive.sum()),
        "lookalikes": int(frame.lookalikes.sum()), "unread_numbers": int(frame.unread_numbers.sum()),
        "decision_labels": int(frame.decision_labels.sum()), "decisions": int(frame.decisions.sum()),
        "proposal_labels": int(frame.proposal_labels.sum()), "proposals": int(frame.proposals.sum()),
        "attendance_labels": int(frame.attendance_labels.sum()), "attendees": int(frame.attendees.sum()),
        "dropped_chars": int(frame.dropped_chars.sum()), "chars": int(frame.n_chars.sum()),
    }


def format_report(frame: pd.DataFrame, top: int = 20) -> str:
    columns = ["document", "kind", "mentions", "cases", "references", "archive", "lookalikes", "unread_numbers",
               "decision_labels", "decisions", "proposal_labels", "proposals", "attendance_labels", "attendees",
               "dropped_chars"]
    lines = ["per document:", frame[columns].to_string(index=False), "",
             "summary: " + ", ".join(f"{k} {v}" for k, v in summary(frame).items()), ""]
    flagged = frame[frame.suspicion > 0].sort_values(["suspicion", "document"], ascending=[False, True]).head(top)
    lines.append(f"most likely misread ({len(flagged)} shown):")
    for row in flagged.itertuples(index=False):
        lines.append(f"  {row.suspicion:2d}  {row.document}: {row.flags}")
    return "\n".join(lines)
