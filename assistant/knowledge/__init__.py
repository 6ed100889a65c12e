"""Knowledge base retrieval: records, hybrid (vector + BM25) index, embeddings.

Importing this package is cheap: chromadb is only imported when the vector
index or an embedding function is first used.
"""

from __future__ import annotations

import os
from typing import Any

# Privacy defaults before chromadb / langchain can read them; users may override.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")
os.environ.setdefault("LANGSMITH_TRACING", "false")

from .records import Hit, KbRecord, records_hash  # noqa: E402

_LAZY = {
    "KnowledgeIndex": ".index",
    "LexicalIndex": ".lexical",
    "HashedNgramEmbedding": ".embedding",
    "E5Embedding": ".embedding",
    "OpenAIEmbedding": ".embedding",
    "make_embedding": ".embedding",
    "KnowledgeService": ".service",
    "get_service": ".service",
}

__all__ = ["Hit", "KbRecord", "records_hash", *_LAZY]


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(mod, __name__), name)
