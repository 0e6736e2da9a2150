"""One row for an agreement or amount that a case's proposal (innstilling) states and its
decision (vedtak) repeats word for word.

Minutes print the proposal and then the decision, which usually copies it; an amount or an
agreement clause in both is one obligation, not two. The decision's row is kept (it is what
was decided) and carries the proposal copy's span in proposal_page / proposal_char_start /
proposal_char_end. Only repeats within one agenda item of one document are merged; the
same terms in different cases or documents stay separate rows (a document step: it runs on
each document's tables as they are extracted).
"""

from __future__ import annotations

from .extract import register
from .settings import ExtractSettings

AGREEMENT_TERMS = ("counterparty", "kind", "start_text", "end_text", "notice_months", "notice_text",
                   "exit_regulated", "earliest_exit_text", "resource_text", "termination_text")
AMOUNT_TERMS = ("value_nok", "per", "year", "upper_bound", "text")


def enclosing_block(row: dict, blocks: list[dict]) -> dict | None:
    """The decision or proposal block of the row's document whose text holds the row's start."""
    return next((b for b in blocks if b["doc_id"] == row["doc_id"]
                 and b["char_start"] <= row["char_start"] < b["char_end"]), None)


def terms_key(row: dict, fields: tuple[str, ...]) -> tuple:
    return tuple(" ".join(row[f].split()).casefold() if isinstance(row.get(f), str) else row.get(f) for f in fields)


def merge_proposal_repeats(rows: list[dict], blocks: list[dict], fields: tuple[str, ...],
                           id_field: str) -> tuple[list[dict], dict[str, str]]:
    """Rows without the proposal copies that a decision of the same item repeats, and
    {dropped row's id: kept row's id}. Each decision row absorbs at most one proposal row."""
    placed = [(row, enclosing_block(row, blocks)) for row in rows]
    in_decisions: dict[tuple, list[dict]] = {}
    for row, block in placed:
        if block and block["kind"] == "decision":
            key = (row["doc_id"], block["item_ordinal"], terms_key(row, fields))
            in_decisions.setdefault(key, []).append(row)
    merged: dict[str, str] = {}
    for row, block in placed:
        if not block or block["kind"] != "proposal":
            continue
        candidates = in_decisions.get((row["doc_id"], block["item_ordinal"], terms_key(row, fields)), [])
        if candidates:
            kept = candidates.pop(0)
            kept.update(proposal_page=row["page"], proposal_char_start=row["char_start"],
                        proposal_char_end=row["char_end"])
            merged[row[id_field]] = kept[id_field]
    return [row for row in rows if row[id_field] not in merged], merged


def merge_repeats_step(tables: dict[str, list[dict]], settings: ExtractSettings) -> dict[str, list[dict]]:
    blocks = tables.get("decisions", [])
    agreements, moved = merge_proposal_repeats(tables.get("agreements", []), blocks, AGREEMENT_TERMS, "agreement_id")
    amounts = [{**a, "agreement_id": moved.get(a["agreement_id"], a["agreement_id"])} for a in tables.get("amounts", [])]
    amounts, _ = merge_proposal_repeats(amounts, blocks, AMOUNT_TERMS, "amount_id")
    return {"agreements": agreements, "amounts": amounts}


register(document_steps=[merge_repeats_step])
