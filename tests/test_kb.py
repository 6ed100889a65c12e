"""Knowledge base: curated tables (built from the seeds and corpus), records, the retrieval
service (BM25 fast path and the chroma path), and the `jixiao kb` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.knowledge import kb
from assistant.knowledge.build_kb import build, page_summary
from assistant.knowledge.service import KnowledgeService, clean_query

TABLES = kb.tables_by_id()


def small_records() -> list:
    """A slice of the real KB (a few tables, one type's typical rows, guidance): the chroma
    tests index this so a 2048-dim build takes a second, not the whole KB."""
    keep = {"seed000-06", "seed000-10", "seed002-03", "k010", "k034"}
    out = []
    for r in kb.records():
        tid = r.metadata.get("table_id")
        if (tid in keep or r.metadata.get("source") == "taxonomy:fire-prevention"
                or r.id in ("guide:relevance", "guide:copy-paste")):
            out.append(r)
    return out


@pytest.fixture(scope="session")
def hybrid_service(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeService:
    """Built once per session in a tmp dir."""
    base = tmp_path_factory.mktemp("kb")
    service = KnowledgeService("hybrid", path=base / "chroma", settings=Settings(home=base / "home"),
                               kb_records=small_records())
    service.index()
    return service




# ---------------------------------------------------------------------------- curated tables


def test_curated_tables_cover_seeds_and_corpus() -> None:
    assert len(TABLES) == 91
    assert sum(t["source"].startswith("seed ") for t in TABLES.values()) == 51
    grid = TABLES["seed000-06"]
    assert grid["project"] == "网格化管理建设费用" and grid["project_type"] == "personnel-pay"
    assert grid["budget_wan"] == 263.75 and grid["source"] == "seed 000"
    first = grid["indicators"][0]
    assert (first["name"], first["value"], first["quality"]) == ("发放人数", "=119人", "good")
    green = TABLES["k010"]
    assert green["source"].startswith("http://www.rongchang.gov.cn/")
    assert green["sector"] == "林业/乡村绿化" and green["project_type"] == "agri-forestry"


def test_weak_rows_carry_their_codes() -> None:
    fire = TABLES["seed002-03"]
    assert fire["project_type"] == "fire-prevention"
    grain = next(r for r in fire["indicators"] if r["name"] == "新增粮食产能")
    assert grain["quality"] == "weak" and "R001" in grain["codes"]
    assert all(r["quality"] == "weak" for r in fire["indicators"])


def test_unparsed_pages_keep_their_purpose() -> None:
    streets = TABLES["k014"]
    assert streets["indicators"] == [] and streets["project"] == "市政日常维护经费"
    assert "背街小巷" in streets["purpose"]
    purpose, goals = page_summary("项目概况本项目主要用于维护老集镇1个。年度绩效目标完成1个老集镇的维护。")
    assert purpose.startswith("本项目主要用于维护老集镇") and goals == ["完成1个老集镇的维护。"]


def test_build_reproduces_committed_tables(tmp_path: Path) -> None:
    """The committed JSON is what the builder makes (same tables, same rows)."""
    built = {t["id"]: t for t in build(tmp_path)}
    assert set(built) == set(TABLES)
    for tid, table in TABLES.items():
        assert [r["name"] for r in built[tid]["indicators"]] == [r["name"] for r in table["indicators"]], tid


def test_records_and_guidance() -> None:
    records = kb.records()
    by_id = {r.id: r for r in records}
    row = by_id["ind:seed000-06:0"]
    assert row.text == "发放人数：社区网格员发放人数（数量指标）"
    assert row.metadata["value"] == "=119人" and row.metadata["quality"] == "good"
    typical = [r for r in records if r.metadata.get("source") == "taxonomy:fire-prevention"]
    assert len(typical) == 14 and all(r.metadata["quality"] == "good" for r in typical)
    sections = kb.guidance_by_id()
    assert sections["relevance"]["rules"] == ["R001"] and sections["relevance"]["file"] == "relevance.md"
    assert "相关规则" not in sections["relevance"]["text"]
    assert by_id["guide:relevance"].kind == "guidance"


# ------------------------------------------------------------------------------ service (BM25)


def test_classify_and_similar_indicators() -> None:
    service = KnowledgeService("bm25")
    type_id, score, evidence = service.classify("官厅镇怀财字【2024】7号防火经费", "防火经费")
    assert type_id == "fire-prevention" and 0 < score <= 1
    assert evidence["tables"][0]["project_type"] == "fire-prevention"
    assert service.classify("丧葬补贴资金", "为辖区内符合条件的村民发放丧葬补贴").type_id == "subsidy"
    hits = service.similar_indicators("巡查次数", project_type="fire-prevention", level2="数量指标")
    assert hits and all(h.metadata["project_type"] == "fire-prevention" for h in hits)
    assert hits[0].text.startswith("护林防火巡查人次")
    assert all(h.metadata["quality"] == "good" for h in service.similar_indicators("发放人数", k=10))
    assert clean_query("官厅镇怀财字【2024】7号防火经费") == "防火经费"


def test_guidance_lookups() -> None:
    service = KnowledgeService("bm25")
    assert service.guidance("relevance")["title"] == "指标要对准本项目的用途"
    assert service.guidance("no-such") is None
    ids = [s["id"] for s in service.guidance_for_rule("r001")]
    assert ids[:2] == ["relevance", "indicator-count"]


# ----------------------------------------------------------------------------- chroma path


def test_hybrid_index_built_once_and_reused(hybrid_service: KnowledgeService) -> None:
    hits = hybrid_service.search("防火巡查人次", k=3, kinds=["indicator"])
    assert hits[0].text.startswith("护林防火巡查人次")
    assert hits[0].vector_score is not None and hits[0].bm25_score is not None
    again = KnowledgeService("hybrid", path=hybrid_service.path, settings=hybrid_service.settings,
                             kb_records=small_records())
    seen: list[tuple[int, int]] = []
    again.index(progress=lambda d, t: seen.append((d, t)))
    assert again.last_rebuilt is False and seen == []
    changed = KnowledgeService("hybrid", path=hybrid_service.path, settings=hybrid_service.settings,
                               kb_records=small_records()[:-1])
    changed.index(progress=lambda d, t: seen.append((d, t)))
    assert changed.last_rebuilt is True and seen[-1][0] == seen[-1][1] == len(small_records()) - 1


def test_build_and_search_with_network_cut(tmp_path: Path, no_network: list[object]) -> None:
    service = KnowledgeService("hybrid", path=tmp_path / "c", settings=Settings(home=tmp_path),
                               kb_records=small_records()[:40])
    service.index()
    assert service.search("发放人数", k=2)
    assert not no_network


# ------------------------------------------------------------------------------- CLI


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from assistant.cli import main

    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["kb", "search", "巡查人次", "--type", "fire-prevention", "--level2",
                            "数量指标", "--k", "2", "--mode", "bm25", "--format", "json"], capsys)
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    assert hits[0]["metadata"]["source"] == "taxonomy:fire-prevention"


def test_cli_build_progress_to_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import assistant.knowledge.service as service_module

    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path))
    monkeypatch.setattr(service_module, "records", lambda: small_records()[:30])
    code, out, err = run_cli(["kb", "build"], capsys)
    assert code == 0 and "已重建" in out and "30/30" in err
    code, out, _ = run_cli(["kb", "build"], capsys)
    assert code == 0 and "沿用已有索引" in out


# ------------------------------------------------------------------------------ server mode




def test_service_against_chroma_server(tmp_path: Path, chroma_server: int) -> None:
    settings = Settings(home=tmp_path / "home", chroma_host="127.0.0.1", chroma_port=chroma_server)
    service = KnowledgeService("hybrid", settings=settings, kb_records=small_records()[:40])
    service.index()
    assert service.last_rebuilt is True
    hits = service.search("网格员发放人数", k=1)
    assert hits and hits[0].vector_score is not None
    again = KnowledgeService("hybrid", settings=settings, kb_records=small_records()[:40])
    again.index()
    assert again.last_rebuilt is False
