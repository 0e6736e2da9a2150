"""Every rule data file loads and validates; bad rule data is reported by file and key."""

import pytest

from extractors import attendance, names, rules, votes
from extractors.agreements import agreement_rules
from extractors.amounts import amount_rules
from extractors.boilerplate import boilerplate_rules
from extractors.case_numbers import case_number_rules
from extractors.dates import date_rules
from extractors.decisions import OUTCOMES, outcome_rules
from extractors.gazetteer import places
from extractors.header import document_rules
from extractors.cases import context_rules
from extractors.labels import KINDS, label_rules
from extractors.layout import layout_rules
from extractors.presence_grid import grid_rules
from extractors.standing_items import standing_rules
from extractors.timeline import timeline_rules

# rule file -> the loader that validates it
LOADERS = {
    "boilerplate": boilerplate_rules, "case_numbers": case_number_rules, "outcomes": outcome_rules,
    "document": document_rules, "bodies": document_rules, "organizations": document_rules, "labels": label_rules,
    "dates": date_rules, "agreements": agreement_rules, "amounts": amount_rules, "attendance": attendance.rules,
    "votes": votes.rules, "municipalities": places, "timeline": timeline_rules,
    # name lexicons (extractors/names.py): one loader validates all six files
    "given_names": names.lexicon, "surnames": names.lexicon, "name_stopwords": names.lexicon,
    "parties": names.lexicon, "titles": names.lexicon, "org_words": names.lexicon,
    "layout": lambda: (layout_rules(), context_rules()),
    "standing_items": standing_rules, "presence_grid": grid_rules,
}

STATUSES = {"present", "absent", "deputy"}
ROLES = {"member", "chair", "deputy_chair", "secretary", "secretariat", "administration", "other"}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_rule_file_loads(name):
    assert LOADERS[name]()


def test_every_rule_file_has_a_loader():
    assert {p.stem for p in rules.RULES_DIR.glob("*.yaml")} == set(LOADERS)


def test_attendance_sections_and_functions_use_known_status_and_role():
    r = attendance.rules()
    for section in r.sections:
        assert section.status in STATUSES and section.role in ROLES, section
    for word, spec in r.functions.items():
        assert spec["role"] in ROLES and spec.get("status", "present") in STATUSES, word


def test_vote_number_words_are_numbers():
    assert all(isinstance(v, int) and v >= 0 for v in votes.rules().numbers.values())


def test_label_kinds_and_outcomes_are_known():
    assert {kind for kind, _, _ in label_rules().patterns} <= set(KINDS)
    assert {name for name, _ in outcome_rules()} <= set(OUTCOMES)


def test_unknown_key_is_named(tmp_path, monkeypatch):
    (tmp_path / "demo.yaml").write_text("kinds: []\nknids: []\n", encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules._read_yaml.cache_clear()
    with pytest.raises(rules.RuleDataError, match="unknown key 'knids'"):
        rules.load_rules("demo", required={"kinds": list})
    rules._read_yaml.cache_clear()


def test_bad_pattern_is_named():
    with pytest.raises(rules.RuleDataError, match=r"labels.yaml: kinds.decision: bad pattern"):
        rules.compile_patterns("labels", "kinds.decision", ["(unclosed"])


def test_proposal_is_tried_before_decision():
    from extractors.labels import classify_label
    assert classify_label("Forslag til vedtak") == "proposal"
    assert classify_label("Vedtak") == "decision"


def test_every_standing_item_pattern_matches_its_example():
    """standing_rules() checks each entry's example on load; a wrong example names the entry."""
    from extractors.rules import _read_yaml
    data = _read_yaml("standing_items")
    title = standing_rules().title
    for entry in data["items"]:
        assert title.match(entry["example"]), entry
