"""Rule data: language knowledge lives in YAML files under ``extractors/rules/``.

Every file is validated on load against a small declared shape, so a typo in
a rule file fails loudly with the file and key named, instead of silently
matching nothing.  Each extractor declares the shape it needs and calls
:func:`load_rules`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"


class RuleDataError(ValueError):
    """A rule data file is missing, malformed or has an unknown/missing key."""


def rules_path(name: str) -> Path:
    return RULES_DIR / f"{name}.yaml"


@lru_cache(maxsize=None)
def _read_yaml(name: str) -> Any:
    path = rules_path(name)
    if not path.exists():
        raise RuleDataError(f"rule file not found: {path}")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # pragma: no cover - message passthrough
        raise RuleDataError(f"{path.name}: invalid YAML: {exc}") from exc


def load_rules(name: str, required: dict[str, type], optional: dict[str, type] | None = None) -> dict:
    """Load ``rules/<name>.yaml``: a mapping whose keys are checked.

    ``required``/``optional`` map top-level keys to the Python type of their
    value.  Unknown keys are an error that names the key (as pdfplumber's
    settings do), so misspelt sections are caught by the integrity tests.
    """
    data = _read_yaml(name)
    optional = optional or {}
    if not isinstance(data, dict):
        raise RuleDataError(f"{name}.yaml: top level must be a mapping")
    for key, typ in required.items():
        if key not in data:
            raise RuleDataError(f"{name}.yaml: missing key {key!r}")
    for key, value in data.items():
        typ = required.get(key) or optional.get(key)
        if typ is None:
            known = ", ".join(sorted({*required, *optional}))
            raise RuleDataError(f"{name}.yaml: unknown key {key!r} (known: {known})")
        if not isinstance(value, typ):
            raise RuleDataError(f"{name}.yaml: key {key!r} must be {typ.__name__}, got {type(value).__name__}")
    return data


def compile_patterns(name: str, key: str, patterns: list[str], flags: int = re.IGNORECASE) -> list[re.Pattern]:
    """Compile a list of regex strings, naming the file and key of a bad one."""
    compiled = []
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise RuleDataError(f"{name}.yaml: {key}: pattern must be a string, got {pattern!r}")
        try:
            compiled.append(re.compile(pattern, flags))
        except re.error as exc:
            raise RuleDataError(f"{name}.yaml: {key}: bad pattern {pattern!r}: {exc}") from exc
    return compiled


def rule_value(name: str, key: str, typ: type) -> Any:
    """One key of a rule file that another module owns and validates (read-only use)."""
    data = _read_yaml(name)
    if not isinstance(data, dict) or key not in data:
        raise RuleDataError(f"{name}.yaml: missing key {key!r}")
    value = data[key]
    if not isinstance(value, typ):
        raise RuleDataError(f"{name}.yaml: key {key!r} must be {typ.__name__}, got {type(value).__name__}")
    return value
