"""Settings: environment + .env, secrets never shown."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings, get_settings, parse_env_file


def test_defaults_resolve_under_working_dir(tmp_path: Path) -> None:
    s = get_settings(tmp_path, environ={})
    assert s.home == tmp_path / ".jixiao"
    assert s.resolved_chroma_path == tmp_path / ".jixiao" / "chroma"
    assert s.llm_method == "function_calling" and s.llm_timeout == 60
    assert s.embedding == "hashed" and not s.llm_configured and not s.chroma_remote


def test_env_file_and_environment_precedence(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# comment\n"
        "export JIXIAO_LLM_BASE_URL=https://api.deepseek.com/v1\n"
        "JIXIAO_LLM_MODEL='deepseek-chat'\n"
        'JIXIAO_LLM_API_KEY="sk-from-dotenv"\n'
        "JIXIAO_LLM_METHOD=json_mode  # DeepSeek rejects json_schema\n"
        "JIXIAO_CHROMA_PATH=idx\n"
        "JIXIAO_EMBEDDING=E5\n",
        encoding="utf-8",
    )
    s = get_settings(
        tmp_path, environ={"JIXIAO_LLM_MODEL": "qwen-plus", "JIXIAO_LLM_TIMEOUT": "15"}
    )
    assert s.llm_model == "qwen-plus"  # real environment wins over .env
    assert s.llm_base_url == "https://api.deepseek.com/v1"
    assert s.llm_method == "json_mode" and s.llm_timeout == 15.0
    assert s.chroma_path == tmp_path / "idx" and s.embedding == "e5"
    assert s.llm_configured
    assert s.llm_api_key is not None and s.llm_api_key.get_secret_value() == "sk-from-dotenv"


def test_secret_never_printed(tmp_path: Path) -> None:
    s = Settings(llm_api_key="sk-very-secret", llm_base_url="http://x/v1", llm_model="m")
    for text in (repr(s), str(s), s.model_dump_json(), str(s.model_dump(mode="json"))):
        assert "sk-very-secret" not in text
    assert "**********" in s.model_dump_json()


def test_chroma_server_settings(tmp_path: Path) -> None:
    s = get_settings(
        tmp_path, environ={"JIXIAO_CHROMA_HOST": "10.0.0.5", "JIXIAO_CHROMA_PORT": "8001"}
    )
    assert s.chroma_remote and s.chroma_port == 8001


def test_parse_env_file_missing(tmp_path: Path) -> None:
    assert parse_env_file(tmp_path / "nope.env") == {}
