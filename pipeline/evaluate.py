"""`motebok eval`: score a database against gold annotations (tests/gold/SCHEMA.md).

Scoring is per field:
- sets (cases, case references): precision / recall / F1 of (document, number).
- texts attached to a case (decision, proposal): a pair is a true positive when
  both exist and their whitespace-normalised texts are at least
  ``text_match_ratio`` similar; a predicted text with no (or a different) gold
  text is a false positive, a missed gold text a false negative.
- titles and header fields: accuracy over the matched cases / gold documents.
A gold document missing from the database (e.g. an ingest error) counts
against recall: nothing is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable

import duckdb

from .db import connect
from .errors import MotebokError


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0          # for text fields: exact matches among tp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0
    misses: list = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool, detail: object = None) -> None:
        self.total += 1
        self.correct += int(ok)
        if not ok and detail is not None:
            self.misses.append(detail)


def norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def similar(a: str | None, b: str | None, ratio: float) -> bool:
    a, b = norm(a), norm(b)
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= ratio


def load_gold(gold_dir: Path) -> list[dict]:
    files = sorted(Path(gold_dir).glob("*.gold.json"))
    if not files:
        raise MotebokError(f"no *.gold.json files in {gold_dir}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


class Database:
    """The rows of one database, indexed by source file name."""

    def __init__(self, db_path: Path):
        con = connect(db_path, read_only=True, must_exist=True)
        try:
            self.docs = {}
            for row in con.execute("SELECT doc_id, source_path, other_paths, doc_kind, organization, body, "
                                   "CAST(meeting_date AS VARCHAR), place FROM documents").fetchall():
                record = dict(zip(["doc_id", "source_path", "other_paths", "kind", "organization", "body",
                                   "meeting_date", "place"], row))
                for path in [row[1], *(row[2] or [])]:
                    self.docs[basename(path)] = record
            self.cases = self._group(con, "SELECT doc_id, case_number, title, decision, proposal FROM v_cases",
                                     ["case_number", "title", "decision", "proposal"])
            self.references = self._group(con, "SELECT DISTINCT doc_id, case_number FROM case_references",
                                          ["case_number"])
            self.extra = {name: self._group(con, sql, cols) for name, (sql, cols) in EXTRA_QUERIES.items()
                          if _has_table(con, sql)}
        finally:
            con.close()

    @staticmethod
    def _group(con, sql: str, columns: list[str]) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in con.execute(sql).fetchall():
            grouped.setdefault(row[0], []).append(dict(zip(columns, row[1:])))
        return grouped

    def doc_for(self, source: str) -> dict | None:
        return self.docs.get(basename(source))


# Tables other issues add; scored only when the database has them.
EXTRA_QUERIES: dict[str, tuple[str, list[str]]] = {
    "agreements": ("SELECT doc_id, counterparty, notice_months FROM agreements ORDER BY doc_id, char_start",
                   ["counterparty", "notice_months"]),
    "unnumbered_items": ("""
        SELECT i.doc_id, i.title, i.label,
               string_agg(d.text, ' | ' ORDER BY d.char_start) FILTER (WHERE d.decision_kind = 'decision') AS decision,
               string_agg(d.text, ' | ' ORDER BY d.char_start) FILTER (WHERE d.decision_kind = 'proposal') AS proposal
        FROM agenda_items i
        LEFT JOIN decisions d ON d.doc_id = i.doc_id AND d.item_ordinal = i.item_ordinal
        WHERE i.case_number IS NULL
        GROUP BY i.doc_id, i.item_ordinal, i.title, i.label ORDER BY i.doc_id, i.item_ordinal""",
                         ["title", "label", "decision", "proposal"]),
    "attendance": ("SELECT doc_id, name, affiliation, status, role, deputy_for FROM attendance ORDER BY doc_id, char_start",
                   ["name", "affiliation", "status", "role", "deputy_for"]),
}


def _has_table(con, sql: str) -> bool:
    try:
        con.execute(f"SELECT * FROM ({sql}) LIMIT 0")
        return True
    except duckdb.Error:
        return False


def score_cases(gold_docs: list[dict], db: Database, ratio: float) -> dict[str, object]:
    cases, refs, decisions, proposals = Score(), Score(), Score(), Score()
    titles = Accuracy()
    header = {k: Accuracy() for k in ("kind", "organization", "body", "meeting_date", "place")}
    for gold in gold_docs:
        doc = db.doc_for(gold["source"])
        doc_id = doc["doc_id"] if doc else None
        predicted = {c["case_number"]: c for c in db.cases.get(doc_id, [])}
        expected = {c["number"]: c for c in gold.get("cases", [])}
        for number, g in expected.items():
            p = predicted.get(number)
            if p is None:
                cases.fn += 1
                for key, score in (("decision", decisions), ("proposal", proposals)):
                    score.fn += int(g.get(key) is not None)
                continue
            cases.tp += 1
            titles.add(norm(p["title"]) == norm(g["title"]), (gold["source"], number, p["title"], g["title"]))
            for key, score in (("decision", decisions), ("proposal", proposals)):
                score_text(score, p.get(key), g.get(key), ratio)
        for number, p in predicted.items():
            if number not in expected:
                cases.fp += 1
                decisions.fp += int(p.get("decision") is not None)
                proposals.fp += int(p.get("proposal") is not None)
        gold_refs = set(gold.get("case_references", []))
        pred_refs = {r["case_number"] for r in db.references.get(doc_id, [])}
        refs.tp += len(gold_refs & pred_refs)
        refs.fp += len(pred_refs - gold_refs)
        refs.fn += len(gold_refs - pred_refs)
        for key, acc in header.items():
            want = gold["document"].get(key)
            got = doc.get(key) if doc else None
            acc.add(norm(str(got)) == norm(str(want)) if (got or want) else True, (gold["source"], got, want))
    return {"cases": cases, "case_titles": titles, "decisions": decisions, "proposals": proposals,
            "case_references": refs, **{f"document.{k}": v for k, v in header.items()}}


def score_text(score: Score, predicted: str | None, gold: str | None, ratio: float) -> None:
    if predicted is None and gold is None:
        return
    if predicted is not None and gold is not None and similar(predicted, gold, ratio):
        score.tp += 1
        score.exact += int(norm(predicted) == norm(gold))
        return
    score.fp += int(predicted is not None)
    score.fn += int(gold is not None)


def same_party(predicted: str | None, gold: str | None) -> bool:
    """Counterparties match when one contains the other or they are ≥ 0.8 similar."""
    if not predicted or not gold:
        return False
    a, b = norm(predicted), norm(gold)
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.8


def align_in_order(predicted: list, gold: list, same: Callable[[object, object], bool]) -> list[tuple]:
    """Order-preserving maximum matching (longest common subsequence under ``same``)."""
    n, m = len(predicted), len(gold)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            hit = best[i + 1][j + 1] + 1 if same(predicted[i], gold[j]) else 0
            best[i][j] = max(hit, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if same(predicted[i], gold[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((predicted[i], gold[j]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def aligned(db: Database, gold: dict, table: str, same: Callable, score: Score) -> tuple[list, list, list]:
    """Predicted rows of one gold document's `table`, its gold rows, their in-order matching;
    counts the matching into `score`."""
    doc = db.doc_for(gold["source"])
    predicted = db.extra[table].get(doc["doc_id"], []) if doc else []
    expected = gold.get(table) or []
    pairs = align_in_order(predicted, expected, same)
    score.tp += len(pairs)
    score.fp += len(predicted) - len(pairs)
    score.fn += len(expected) - len(pairs)
    return predicted, expected, pairs


def score_agreements(gold_docs: list[dict], db: Database, ratio: float) -> dict[str, object]:
    """Counterparty F1 (matched in document order) and notice-month accuracy on matched pairs."""
    if "agreements" not in db.extra:
        return {}
    parties, notice = Score(), Accuracy()
    for gold in gold_docs:
        predicted, expected, pairs = aligned(db, gold, "agreements",
                                             lambda p, g: same_party(p["counterparty"], g["counterparty"]), parties)
        for p, g in pairs:
            notice.add(p["notice_months"] == g["notice_months"], (gold["source"], g["counterparty"], p["notice_months"], g["notice_months"]))
    return {"agreements.counterparty": parties, "agreements.notice_months": notice}


def score_unnumbered_items(gold_docs: list[dict], db: Database, ratio: float) -> dict[str, object]:
    """Agenda items without a case number: titles matched in order (≥ 0.8 similar), then their decisions."""
    if "unnumbered_items" not in db.extra:
        return {}
    items, decisions = Score(), Score()
    for gold in gold_docs:
        predicted, expected, pairs = aligned(db, gold, "unnumbered_items",
                                             lambda p, g: similar(p["title"], g["title"], 0.8), items)
        matched_p = {id(p) for p, _ in pairs}
        matched_g = {id(g) for _, g in pairs}
        for p, g in pairs:
            score_text(decisions, p["decision"], g.get("decision"), ratio)
        decisions.fp += sum(1 for p in predicted if id(p) not in matched_p and p["decision"])
        decisions.fn += sum(1 for g in expected if id(g) not in matched_g and g.get("decision"))
    return {"unnumbered_items": items, "unnumbered_decisions": decisions}


# the finer roles (database, tests/layouts gold) in the gold schema's terms
GOLD_ROLE = {"deputy_chair": "member", "administration": "other"}


def score_attendees(gold_docs: list[dict], db: Database, ratio: float) -> dict[str, object]:
    """Attendee names (same person key within a document), then status/affiliation/role on matched pairs.

    The gold's roles are member, chair, secretary, secretariat and other (../shared/gold/SCHEMA.md):
    the finer roles of the database (and of gold written with them, tests/layouts) are compared
    in those terms — deputy_chair (a nestleder) as member, administration (staff "fra
    administrasjonen") as other.  People an innkalling invites (status
    ``invited``) are no attendees: they are left out on both sides."""
    if "attendance" not in db.extra:
        return {}
    from extractors.persons import person_key

    names, status, affiliation, role, deputy_for = Score(), Accuracy(), Accuracy(), Accuracy(), Accuracy()
    for gold in gold_docs:
        doc = db.doc_for(gold["source"])
        predicted = {person_key(p["name"]): p for p in (db.extra["attendance"].get(doc["doc_id"], []) if doc else [])
                     if p["status"] != "invited"}
        expected = {person_key(g["name"]): g for g in gold.get("attendees") or [] if g["status"] != "invited"}
        names.tp += len(predicted.keys() & expected.keys())
        names.fp += len(predicted.keys() - expected.keys())
        names.fn += len(expected.keys() - predicted.keys())
        for key in sorted(predicted.keys() & expected.keys()):
            p, g = predicted[key], expected[key]
            where = (gold["source"], g["name"])
            status.add(p["status"] == g["status"], (*where, p["status"], g["status"]))
            affiliation.add(norm(p["affiliation"]) == norm(g["affiliation"]), (*where, p["affiliation"], g["affiliation"]))
            same_role = GOLD_ROLE.get(p["role"], p["role"]) == GOLD_ROLE.get(g["role"], g["role"])
            role.add(same_role, (*where, p["role"], g["role"]))
            deputy_for.add(norm(p["deputy_for"]) == norm(g.get("deputy_for")), (*where, p["deputy_for"], g.get("deputy_for")))
    return {"attendees.name": names, "attendees.status": status, "attendees.affiliation": affiliation,
            "attendees.role": role, "attendees.deputy_for": deputy_for}


Scorer = Callable[[list[dict], Database, float], dict[str, object]]
SCORERS: list[Scorer] = [score_cases, score_unnumbered_items, score_agreements, score_attendees]


def evaluate(gold_dir: Path, db_path: Path, ratio: float = 0.9) -> dict[str, object]:
    gold_docs = load_gold(gold_dir)
    db = Database(db_path)
    results: dict[str, object] = {}
    for scorer in SCORERS:
        results.update(scorer(gold_docs, db, ratio))
    return results


def metrics_dict(results: dict[str, object]) -> dict[str, dict[str, float]]:
    out = {}
    for name, value in results.items():
        if isinstance(value, Score):
            out[name] = {"precision": round(value.precision, 4), "recall": round(value.recall, 4),
                         "f1": round(value.f1, 4), "tp": value.tp, "fp": value.fp, "fn": value.fn}
        else:
            out[name] = {"accuracy": round(value.value, 4), "correct": value.correct, "total": value.total}
    return out


def format_table(results: dict[str, object]) -> str:
    lines = [f"{'field':<24} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'tp':>5} {'fp':>5} {'fn':>5} {'n':>5}"]
    for name, value in results.items():
        if isinstance(value, Score):
            lines.append(f"{name:<24} {value.precision:6.3f} {value.recall:6.3f} {value.f1:6.3f} {'':>6} "
                         f"{value.tp:5d} {value.fp:5d} {value.fn:5d} {value.tp + value.fn:5d}")
        else:
            lines.append(f"{name:<24} {'':>6} {'':>6} {'':>6} {value.value:6.3f} {value.correct:5d} "
                         f"{'':>5} {value.total - value.correct:5d} {value.total:5d}")
    return "\n".join(lines)
