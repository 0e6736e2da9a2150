"""Decisions and proposals: one row per labelled block, with an outcome class.

The outcome vocabulary (tas til orientering → noted, godkjennes → approved, …)
lives in rules/outcomes.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import RuleDataError, compile_patterns, load_rules

OUTCOMES = ("approved", "noted", "recommended", "elected", "postponed", "rejected", "other")


@lru_cache(maxsize=1)
def outcome_rules() -> list[tuple[str, list[re.Pattern]]]:
    data = load_rules("outcomes", required={"order": list, "patterns": dict, "recommendation_labels": list})
    for name in [*data["order"], *data["patterns"]]:
        if name not in OUTCOMES:
            raise RuleDataError(f"outcomes.yaml: unknown outcome {name!r}; known: {OUTCOMES}")
    missing = set(data["order"]) ^ set(data["patterns"])
    if missing:
        raise RuleDataError(f"outcomes.yaml: order and patterns disagree on {sorted(missing)}")
    return [(name, compile_patterns("outcomes", f"patterns.{name}", data["patterns"][name])) for name in data["order"]]


@lru_cache(maxsize=1)
def recommendation_label_rules() -> list[re.Pattern]:
    data = load_rules("outcomes", required={"order": list, "patterns": dict, "recommendation_labels": list})
    return compile_patterns("outcomes", "recommendation_labels",
                            [r"\b%s\b" % re.escape(w) for w in data["recommendation_labels"]])


def is_recommendation_label(label: str) -> bool:
    """"Formannskapets innstilling", "… si tilråding": a recommendation to another body."""
    return any(p.search(label) for p in recommendation_label_rules())


def outcome_of(label: str, text: str) -> str:
    """A decision under a recommendation label is recommended, whatever its wording."""
    return "recommended" if is_recommendation_label(label) else classify_outcome(text)


def classify_outcome(text: str) -> str:
    """First outcome class whose pattern occurs in the decision text."""
    for name, patterns in outcome_rules():
        if any(p.search(text) for p in patterns):
            return name
    return "other"


@dataclass(frozen=True)
class DecisionRow:
    kind: str            # decision | proposal
    label: str
    text: str
    outcome: str | None  # only for kind == decision
    sub_item: str | None
    char_start: int
    char_end: int


def decision_rows(blocks) -> list[DecisionRow]:
    """Decision and proposal blocks of one item, in order; empty blocks are dropped."""
    rows = []
    for block in blocks:
        if block.kind not in ("decision", "proposal") or not block.text:
            continue
        outcome = outcome_of(block.label, block.text) if block.kind == "decision" else None
        rows.append(DecisionRow(block.kind, block.label, block.text, outcome, block.sub_item,
                                block.char_start, block.char_end))
    return rows
