"""The rules eval runner: matching on a tiny synthetic case dir, and the scores on the real labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evals.rules_eval import align, evaluate_rules, name_similarity
from assistant.parse import read_path

SEED = Path("tests/fixtures/seeds/000.txt").resolve()
LABELS = Path("evals/cases/rules")


def _label_from_parse(drop_table: int | None = None, rename_row: tuple[int, int, str] | None = None) -> dict:
    """A label file for seed 000 built from the parse, with chosen codes (see test below)."""
    document = read_path(SEED)
    tables = []
    for ti, table in enumerate(document.tables):
        if ti == drop_table:
            continue
        rows = [{"level2": i.level2, "name": i.name, "value": i.target.raw, "codes": [], "notes": {}}
                for i in table.indicators]
        tables.append({"project": table.project, "table_codes": [], "rows": rows})
    by_project = {t["project"]: t for t in tables}
    by_project["村干部工资、保险和聘用人员工资"]["table_codes"] = [{"code": "B003", "note": "211.08≠213.08"}]
    by_project["村干部工资、保险和聘用人员工资"]["rows"][0]["codes"] = ["R001"]
    by_project["村干部工资、保险和聘用人员工资"]["rows"][0]["notes"] = {"R001": "（虚构的标注）"}
    by_project["社区工作者工资、保险及年终考核奖"]["table_codes"] = [{"code": "B002", "note": "644.4≠636.84"},
                                                         {"code": "B003", "note": "1021.98"}]
    if rename_row:
        ti, ri, name = rename_row
        tables[ti]["rows"][ri]["name"] = name
    return {"document": str(SEED), "tables": tables}


def _write(tmp_path: Path, label: dict) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "seed_000.json").write_text(json.dumps(label, ensure_ascii=False), encoding="utf-8")
    return folder


def test_matching_counts_tp_fp_fn(tmp_path):
    report = evaluate_rules(_write(tmp_path, _label_from_parse()), codes=["B002", "B003", "R001"])
    stats = {code: (s.tp, s.fp, s.fn) for code, s in report.per_code.items()}
    assert stats == {"B002": (1, 0, 0), "B003": (2, 1, 0), "R001": (0, 0, 1)}
    fp = next(m for m in report.misses if m.kind == "FP")
    assert (fp.code, fp.table, fp.row, fp.project) == ("B003", 4, None, "社区运行经费")
    assert "570万元" in fp.detail
    fn = next(m for m in report.misses if m.kind == "FN")
    assert (fn.code, fn.row, fn.row_name, fn.cell) == ("R001", 0, "工资保险发放覆盖率", "=100%")
    assert fn.detail == "（虚构的标注）"
    assert report.combined(["B"]).tp == 3 and report.overall.fn == 1
    assert report.misalignments == []


def test_missing_table_and_renamed_row_are_reported(tmp_path):
    label = _label_from_parse(drop_table=2, rename_row=(3, 0, "完全不同的名称"))
    report = evaluate_rules(_write(tmp_path, label), codes=["B003"])
    kinds = [m.kind for m in report.misalignments]
    assert "document" in kinds and "table" in kinds
    assert any("征地拆迁补偿款及清场费" in m.detail for m in report.misalignments)
    # the other tables still line up: 社区运行经费's B003 is matched to the right table
    fp = [m for m in report.misses if m.kind == "FP"]
    assert [(m.project, m.table) for m in fp] == [("社区运行经费", 4)]


def test_align_keeps_order_and_skips_gaps():
    left = ["防火经费", "防汛经费", "垃圾清运费"]
    right = ["防火经费", "垃圾清运费"]
    pairs = align(left, right, name_similarity, 0.5)
    assert (0, 0) in pairs and (2, 1) in pairs and (1, None) in pairs


def test_cli_text_and_json(tmp_path, capsys):
    folder = _write(tmp_path, _label_from_parse())
    assert main(["eval", "rules", "--cases", str(folder), "--codes", "B002,B003,R001"]) == 0
    out = capsys.readouterr().out
    assert "B003" in out and "误报" in out and "漏报" in out
    assert main(["eval", "rules", "--cases", str(folder), "--codes", "B", "--format", "json",
                 "--report", str(tmp_path / "report")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["per_code"]["B003"]["fp"] == 1
    assert (tmp_path / "report" / "rules.json").exists()


@pytest.mark.skipif(not any(LABELS.glob("seed_*.json")), reason="rule labels not written yet (evals/cases/rules)")
def test_real_labels_s_v_b_precision_and_recall():
    report = evaluate_rules(LABELS)
    svb = report.combined(["S", "V", "B"])
    assert svb.precision >= 0.9, svb.summary()
    assert svb.recall >= 0.9, svb.summary()
    # the budget and relevance families keep their own bar
    assert report.combined(["B", "R"]).precision >= 0.9


def test_unreadable_document_counts_every_label_as_missed(tmp_path):
    label = {"document": str(tmp_path / "missing.txt"),
             "tables": [{"project": "某项目", "table_codes": [{"code": "B003", "note": "x"}], "rows": []}]}
    report = evaluate_rules(_write(tmp_path, label))
    assert report.per_code["B003"].fn == 1
    assert report.misalignments[0].kind == "document" and "无法读取" in report.misalignments[0].detail
