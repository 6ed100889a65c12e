"""R001 with the knowledge base: the KB scorer (assistant.knowledge.relevance) plugged into the
rule ahead of the vocabulary, judged against the hand labels of the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evals.rules_eval import evaluate_rules
from assistant.knowledge.relevance import get_scorer, kb_disabled, kb_scorer
from assistant.model import Indicator, TargetTable
from assistant.parse import read_path
from assistant.rules import check

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
LABELS = Path(__file__).parent.parent / "evals" / "cases" / "rules"


def r001_rows(document_path: Path) -> set[tuple[int, int]]:
    return {(f.table, f.indicator) for f in check(read_path(document_path), select=["R001"])}


def test_every_junk_row_of_seed_002_flagged() -> None:
    labels = json.loads((LABELS / "seed_002.json").read_text("utf-8"))
    expected = {(t, r) for t, table in enumerate(labels["tables"])
                for r, row in enumerate(table["rows"]) if "R001" in row["codes"]}
    found = r001_rows(SEEDS / "002.txt")
    assert len(expected) == 51
    assert expected <= found


def test_no_row_of_seed_000_flagged() -> None:
    assert r001_rows(SEEDS / "000.txt") == set()


def test_precision_and_recall_against_labels() -> None:
    stats = evaluate_rules(LABELS, codes=["R001"]).per_code["R001"]
    assert stats.precision >= 0.85 and stats.recall >= 0.85, stats.summary()


def test_kb_scorer_evidence_names_the_type() -> None:
    document = read_path(SEEDS / "002.txt")
    fire = document.tables[2]
    grain = next(i for i in fire.indicators if i.name == "新增粮食产能")
    verdict = kb_scorer(fire, grain)
    assert verdict is not None and verdict.unrelated
    assert verdict.evidence["project_type"] == "fire-prevention"
    assert "森林防火" in verdict.reason and "粮食" in verdict.reason
    meaning = get_scorer().assess(fire, grain, nearest=True)
    # 新增 is common to many types' rows; 粮食产能 belongs to farmland (高标准农田) projects
    assert meaning is not None and meaning.coverage < 0.5 and not meaning.relevant
    assert {"agri-forestry", "farmland-irrigation"} & set(meaning.foreign_types)


def table(project: str, purpose: str, goals: list[str] | None = None) -> TargetTable:
    return TargetTable(project=project, purpose=purpose, goals=goals or [])


@pytest.mark.parametrize(
    ("project", "purpose", "name", "unrelated"),
    [
        # a library: template residue from farming and tax work, in a sector the seeds lack
        ("图书馆资源购置经费", "购置图书、期刊和数字资源，开展阅读推广活动", "新增粮食产能", True),
        ("图书馆资源购置经费", "购置图书、期刊和数字资源，开展阅读推广活动", "社保费征缴率", True),
        ("图书馆资源购置经费", "购置图书、期刊和数字资源，开展阅读推广活动", "图书借阅人次", False),
        # the same words are at home in a farming project
        ("高标准农田建设项目", "新建高标准农田2000亩，提升粮食产能", "新增粮食产能", False),
    ],
)
def test_any_sector(project: str, purpose: str, name: str, unrelated: bool) -> None:
    verdict = kb_scorer(table(project, purpose), Indicator(level2="数量指标", name=name))
    assert verdict is not None and verdict.unrelated is unrelated


def test_falls_back_to_vocabulary_without_kb() -> None:
    fire = read_path(SEEDS / "002.txt").tables[2]
    grain = next(i for i in fire.indicators if i.name == "新增粮食产能")
    with kb_disabled():
        assert kb_scorer(fire, grain) is None
        findings = [f for f in check(read_path(SEEDS / "002.txt"), select=["R001"]) if f.table == 2]
    assert any(f.evidence.get("name") == "新增粮食产能" for f in findings)
    assert all("project_type" not in f.evidence for f in findings)
