"""The one offline drafter every face calls: `jixiao draft`, the app's 起草 page and the evals.

The same paste gives the same draft everywhere because every face drafts through
`draft_project`, with the same knowledge-base retriever: the BM25 knowledge service (pure
Python, no chromadb; set up once per process in ~0.1 s, a few ms per query), filtered to the
project's own type. `JIXIAO_DRAFT_KB=0` switches the knowledge base off for all faces at once.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from typing import Any

from assistant.draft.input import ProjectInput
from assistant.model import Draft

log = logging.getLogger(__name__)


def kb_enabled() -> bool:
    return os.environ.get("JIXIAO_DRAFT_KB", "1").strip().lower() not in ("0", "false", "no", "off")


@lru_cache(maxsize=1)
def _bm25_retriever() -> Any | None:
    try:
        from assistant.draft.retrieval import IndexRetriever
        from assistant.knowledge.service import get_service, kb_available

        if not kb_available():
            return None
        return IndexRetriever(get_service("bm25"))
    except Exception:  # noqa: BLE001 - a missing or broken KB: draft from the taxonomy alone
        log.exception("knowledge base unavailable for drafting")
        return None


def knowledge_retriever() -> Any | None:
    """The retriever all faces draft with (None when the KB is off or missing)."""
    return _bm25_retriever() if kb_enabled() else None


def draft_project(project: ProjectInput) -> Draft:
    """The offline draft of a project, as every face produces it."""
    from assistant.draft.offline import draft_offline

    return draft_offline(project, knowledge_retriever())


__all__ = ["draft_project", "kb_enabled", "knowledge_retriever"]
