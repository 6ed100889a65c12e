"""Sanity checks for the hand-labelled rule eval cases in evals/cases/rules/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "evals" / "cases" / "rules"
# every registered rule's code (new meanings get new codes: Q005 …)
KNOWN_CODES = set(load_rules())
CASE_FILES = sorted(CASES.glob("seed_*.json"))


def _squash(text: str) -> str:
    # PDF dumps break words across lines, so compare with all whitespace removed
    return re.sub(r"\s+", "", text)


def test_all_seeds_are_labelled() -> None:
    assert [p.name for p in CASE_FILES] == [f"seed_00{i}.json" for i in range(5)]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_shape(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    source = ROOT / case["document"]
    assert source.is_file()
    text = _squash(source.read_text(encoding="utf-8"))
    assert case["tables"]
    for table in case["tables"]:
        assert table["project"].strip()
        for entry in table["table_codes"]:
            assert entry["code"] in KNOWN_CODES
            assert entry["note"].strip()
        assert table["rows"]
        for row in table["rows"]:
            assert row["level2"].strip()
            assert _squash(row["name"]) in text, row["name"]
            assert _squash(row["value"]) in text, row["value"]
            codes = row["codes"]
            assert codes == sorted(set(codes))
            assert set(codes) <= KNOWN_CODES
            assert set(row["notes"]) == set(codes)
            assert all(note.strip() for note in row["notes"].values())


def test_known_labels_are_present() -> None:
    """Spot-check a few labels that the catalog itself cites as examples."""
    by_seed = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in CASE_FILES}
    seed0 = {t["project"]: t for t in by_seed["seed_000"]["tables"]}
    assert "B003" in {c["code"] for c in seed0["社区运行经费"]["table_codes"]}
    assert "B002" in {c["code"] for c in seed0["社区工作者工资、保险及年终考核奖"]["table_codes"]}
    seed2 = {t["project"]: t for t in by_seed["seed_002"]["tables"]}
    fire = seed2["官厅镇怀财字【2024】7号防火经费"]
    assert [c["code"] for c in fire["table_codes"]] == ["S004"]
    grain = next(r for r in fire["rows"] if r["name"] == "新增粮食产能")
    assert "R001" in grain["codes"] and "R002" in grain["codes"]
    seed4 = {t["project"]: t for t in by_seed["seed_004"]["tables"]}
    service = next(r for r in seed4["城镇社区工作经费"]["rows"] if r["name"] == "提高服务水平")
    assert "V004" in service["codes"]
