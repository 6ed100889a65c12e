"""Settings from the environment and an optional `.env` file in the working directory.

Precedence: real environment variables > `.env` > the user's config file (written by the app's
设置 page: JIXIAO_CONFIG, else `$XDG_CONFIG_HOME/jixiao/config.env`, owner-only) > defaults. The `.env` parser is
deliberately tiny (KEY=VALUE lines) so we need no python-dotenv dependency.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

LlmMethod = Literal["json_schema", "function_calling", "json_mode"]
EmbeddingKind = Literal["hashed", "e5", "openai"]

# env var name -> Settings field name
_ENV_FIELDS: dict[str, str] = {
    "JIXIAO_LLM_BASE_URL": "llm_base_url",
    "JIXIAO_LLM_API_KEY": "llm_api_key",
    "JIXIAO_LLM_MODEL": "llm_model",
    "JIXIAO_LLM_METHOD": "llm_method",
    "JIXIAO_LLM_TIMEOUT": "llm_timeout",
    "JIXIAO_CHROMA_PATH": "chroma_path",
    "JIXIAO_CHROMA_HOST": "chroma_host",
    "JIXIAO_CHROMA_PORT": "chroma_port",
    "JIXIAO_EMBEDDING": "embedding",
    "JIXIAO_EMBEDDING_MODEL": "embedding_model",
    "JIXIAO_EMBEDDING_BASE_URL": "embedding_base_url",
    "JIXIAO_EMBEDDING_API_KEY": "embedding_api_key",
    "JIXIAO_HOME": "home",
}


def parse_env_file(path: str | Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; `#` comments, blank lines, `export ` prefix and quotes allowed."""
    out: dict[str, str] = {}
    p = Path(path)
    if not p.is_file():
        return out
    for raw in p.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:  # trailing comment on an unquoted value
            value = value.split(" #", 1)[0].rstrip()
        if key:
            out[key] = value
    return out


class Settings(BaseModel):
    """All runtime configuration. Secrets are SecretStr: repr/dump show `**********`."""

    model_config = ConfigDict(frozen=True)

    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_method: LlmMethod = "function_calling"
    llm_timeout: float = Field(default=60.0, gt=0)
    chroma_path: Path | None = None
    chroma_host: str | None = None
    chroma_port: int | None = None
    embedding: EmbeddingKind = "hashed"
    # Only used by JIXIAO_EMBEDDING=openai; base URL / key fall back to the LLM ones.
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    embedding_api_key: SecretStr | None = None
    home: Path = Path(".jixiao")

    @field_validator("llm_method", "embedding", mode="before")
    @classmethod
    def _lower(cls, v: object) -> object:
        return v.strip().lower() if isinstance(v, str) else v

    @property
    def llm_configured(self) -> bool:
        """An LLM path is available only with both an endpoint and a model name."""
        return bool(self.llm_base_url and self.llm_model)

    @property
    def chroma_remote(self) -> bool:
        return bool(self.chroma_host)

    @property
    def resolved_chroma_path(self) -> Path:
        return self.chroma_path if self.chroma_path is not None else self.home / "chroma"

    @classmethod
    def from_mapping(cls, values: Mapping[str, str], base_dir: Path | None = None) -> Settings:
        """Build from JIXIAO_* keys; empty strings count as unset; relative paths
        are resolved against `base_dir` (the user's working directory)."""
        data: dict[str, object] = {}
        for env, field in _ENV_FIELDS.items():
            v = values.get(env)
            if v is not None and v.strip() != "":
                data[field] = v.strip()
        s = cls.model_validate(data)
        if base_dir is not None:
            upd: dict[str, object] = {}
            if not s.home.is_absolute():
                upd["home"] = base_dir / s.home
            if s.chroma_path is not None and not s.chroma_path.is_absolute():
                upd["chroma_path"] = base_dir / s.chroma_path
            if upd:
                s = s.model_copy(update=upd)
        return s


# what the app's 设置 page may write to the user's config file
USER_KEYS = (
    "JIXIAO_LLM_BASE_URL",
    "JIXIAO_LLM_MODEL",
    "JIXIAO_LLM_METHOD",
    "JIXIAO_LLM_TIMEOUT",
    "JIXIAO_LLM_API_KEY",
)


def user_config_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The user's config file; with an explicit `environ` only when it names one (tests)."""
    env = os.environ if environ is None else environ
    explicit = (env.get("JIXIAO_CONFIG") or "").strip()
    if explicit:
        return Path(explicit).expanduser()
    if environ is not None:
        return None
    base = (env.get("XDG_CONFIG_HOME") or "").strip() or str(Path.home() / ".config")
    return Path(base) / "jixiao" / "config.env"


def save_user_config(values: Mapping[str, str], environ: Mapping[str, str] | None = None) -> Path:
    """Merge `values` (USER_KEYS only; "" removes a key) into the user's config file, written
    owner-only (0600) in an owner-only folder."""
    path = user_config_path(environ)
    if path is None:
        raise ValueError("no user config file")
    current = parse_env_file(path)
    for key, value in values.items():
        if key not in USER_KEYS:
            raise ValueError(f"not a user setting: {key}")
        if value.strip():
            current[key] = value.strip()
        else:
            current.pop(key, None)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = ["# jixiao 设置（由应用写入；仅本人可读）"]
    # quoted raw: parse_env_file strips the outer quotes and keeps the rest as it is
    lines += [f'{key}="{" ".join(value.split())}"' for key, value in current.items()]
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def get_settings(
    cwd: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read settings now (not cached, so tests can monkeypatch the environment)."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    user = user_config_path(environ)
    merged: dict[str, str] = {
        k: v for k, v in (parse_env_file(user) if user else {}).items() if k in USER_KEYS
    }
    merged.update(parse_env_file(base / ".env"))
    merged.update(os.environ if environ is None else environ)
    return Settings.from_mapping(merged, base_dir=base)
