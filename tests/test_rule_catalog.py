"""docs/rule-catalog.md is generated from the registry: every S/V/B/R/Q rule is listed there with
its current title and severity (regenerate: `jixiao rules --format markdown > docs/rule-catalog.md`)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.commands.rules_cmd import SEVERITY_LABELS
from assistant.rules import load_rules

CATALOG = Path(__file__).resolve().parents[1] / "docs" / "rule-catalog.md"


def test_catalog_doc_matches_the_registry() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    entries = dict(re.findall(r"^### ([A-Z]\d{3}) (.+)$", text, flags=re.M))
    for code, rule in load_rules().items():
        if code[0] not in "SVBRQ":
            continue  # other families keep their own records; the doc lists them when regenerated
        assert entries.get(code) == rule.title, code
        block = text[text.index(f"### {code} "):].split("\n### ", 1)[0]
        assert f"级别：{SEVERITY_LABELS[rule.severity.value]}" in block, code
        assert rule.why in block, code


def test_calibrated_codes() -> None:
    rules = load_rules()
    assert rules["Q005"].severity.value == "info"
    assert rules["V001"].severity.value == "error" and "实际支出" in rules["V001"].bad
    assert "得到保障" not in rules["V001"].bad  # direction words are Q005 now
