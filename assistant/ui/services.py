"""The app's access to the back end: drafters, the knowledge service and explanations.

Parts that may be missing in an installation (the knowledge service, the LLM drafter, the
explainer) are imported here behind guards, so a page shows "该功能暂不可用" instead of failing.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from assistant.model import Document, Draft, Finding

log = logging.getLogger(__name__)

UNAVAILABLE = "该功能暂不可用"


def optional(module: str, name: str) -> Any | None:
    """`module.name`, or None when that part is not installed (or fails to import)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        log.info("optional %s.%s unavailable: %s", module, name, exc)
        return None


@st.cache_resource(show_spinner=False)
def _service_instance() -> Any | None:
    service_class = optional("assistant.knowledge.service", "KnowledgeService")
    if service_class is None:
        return None
    from assistant.config import get_settings

    # hybrid: chromadb vectors + BM25, the embedded index under JIXIAO_HOME by default
    return service_class("hybrid", settings=get_settings())


def _is_ready(service: Any) -> bool:
    for name in ("is_ready", "is_current", "ready", "indexed"):
        attr = getattr(service, name, None)
        if attr is None:
            continue
        try:
            return bool(attr() if callable(attr) else attr)
        except Exception:  # noqa: BLE001 - unknown state: index again, which is safe
            return False
    return bool(getattr(service, "_ui_indexed", False))


def _run_index(service: Any, progress: Callable[[int, int], None]) -> None:
    index = service.index
    try:
        index(progress=progress)
    except TypeError:  # an index() without a progress hook
        index()


def knowledge_service(slot: Any = None) -> Any | None:
    """The shared KnowledgeService, its index built once per process.

    `slot` (an st.empty()) shows the progress bar while the index builds. The caller creates
    it on every run, so the page layout stays the same once the index exists.
    """
    service = _service_instance()
    if service is None or _is_ready(service):
        return service
    bar = slot.progress(0.0, text="正在建立知识库索引（首次启动需要一点时间）…") if slot else None

    def progress(done: int, total: int) -> None:
        if bar is not None and total:
            bar.progress(min(1.0, done / total), text=f"正在建立知识库索引：{done}/{total}")

    try:
        _run_index(service, progress)
    except Exception as exc:  # noqa: BLE001 - the app still drafts and reviews without a KB
        log.exception("knowledge index failed")
        if slot is not None:
            slot.warning(f"知识库索引建立失败，检索与参考指标暂不可用：{exc}")
        return None
    if slot is not None:
        slot.empty()
    # a frozen object cannot carry the flag: readiness is then asked again next time
    with contextlib.suppress(Exception):
        service._ui_indexed = True
    return service


def retriever_of(service: Any) -> Any | None:
    """What the offline drafter accepts as a retriever: the service behind IndexRetriever."""
    if service is None:
        return None
    if hasattr(service, "similar_rows"):
        return service
    retriever_class = optional("assistant.draft.retrieval", "IndexRetriever")
    return retriever_class(service) if retriever_class and hasattr(service, "search") else None


def draft_project(project: Any, use_llm: bool, service: Any = None) -> Draft:
    """Offline by default; with `use_llm`, the LLM drafter (it falls back by itself)."""
    if use_llm:
        draft_with_llm = optional("assistant.draft.llm_draft", "draft_with_llm")
        if draft_with_llm is not None:
            from assistant.config import get_settings
            from assistant.llm import make_chat_model

            settings = get_settings()
            return draft_with_llm(project, make_chat_model(settings), settings, service)
        draft = _offline(project, service)
        draft.notices.insert(0, f"大模型起草{UNAVAILABLE}，已使用离线草稿。")
        return draft
    return _offline(project, service)


def _offline(project: Any, service: Any) -> Draft:
    """The shared offline drafter: the same draft as `jixiao draft` and the evals. `service`
    (the app's hybrid index) serves the knowledge page and the LLM drafter, not this draft:
    its vector re-ranking would give the app rows the CLI never shows."""
    from assistant.draft.drafter import draft_project

    del service
    return draft_project(project)


def explain_service() -> Any | None:
    """The BM25-only service for explanations: the same KB records, answers in milliseconds.

    The hybrid index re-ranks with vectors but each filtered search costs ~0.5 s, too slow for
    explaining every flagged row on every edit.
    """
    get_service = optional("assistant.knowledge.service", "get_service")
    return get_service("bm25") if get_service else None


def explain(
    document: Document,
    table_index: int,
    indicator_index: int,
    service: Any = None,
    findings: list[Finding] | None = None,
    narrative: bool = False,
) -> Any | None:
    """explain_indicator(...) when the explainer is installed; None otherwise."""
    explain_indicator = optional("assistant.explain", "explain_indicator")
    if explain_indicator is None:
        return None
    return explain_indicator(
        document,
        table_index,
        indicator_index,
        service or explain_service(),
        findings=findings,
        narrative=narrative,
    )


def rule_record(code: str) -> dict[str, Any] | None:
    from assistant.rules import load_rules

    found = load_rules().get(code)
    return None if found is None else found.record()
