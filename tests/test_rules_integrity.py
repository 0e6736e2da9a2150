"""Every rule data file loads and validates; bad rule data is reported by file and key."""

import pytest

from extractors import rules
from extractors.boilerplate import boilerplate_rules
from extractors.case_numbers import case_number_rules
from extractors.decisions import outcome_rules
from extractors.header import document_rules
from extractors.labels import label_rules


@pytest.mark.parametrize("loader", [boilerplate_rules, case_number_rules, outcome_rules, document_rules, label_rules])
def test_rule_files_load(loader):
    assert loader()


def test_every_rule_file_is_used():
    names = {p.stem for p in rules.RULES_DIR.glob("*.yaml")}
    expected = {"boilerplate", "case_numbers", "outcomes", "document", "bodies", "organizations", "labels"}
    assert expected <= names


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


def test_label_patterns_do_not_overlap_kinds():
    # a label must classify as exactly one kind in the declared order; spot-check the tricky ones
    from extractors.labels import classify_label
    assert classify_label("Forslag til vedtak") == "proposal"
    assert classify_label("Vedtak") == "decision"
