"""设置 tab: the LLM endpoint, editable and saved to the user's config file (owner-only).

The API key is never shown back: the box stays empty ("已保存，留空则不修改") and is only
written when the user types a new one. Nothing here goes into any export.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

METHOD_LABEL = {
    "function_calling": "函数调用（function_calling，兼容面最广）",
    "json_schema": "JSON Schema（json_schema，OpenAI 等支持）",
    "json_mode": "JSON 模式（json_mode，DeepSeek 等）",
}
EMBEDDING_LABEL = {
    "hashed": "本地字符特征（无需下载，离线可用）",
    "e5": "本地 E5 向量模型",
    "openai": "接口提供的向量模型",
}
_FIELDS = {  # widget key → config key
    "set_base_url": "JIXIAO_LLM_BASE_URL",
    "set_model": "JIXIAO_LLM_MODEL",
    "set_method": "JIXIAO_LLM_METHOD",
    "set_timeout": "JIXIAO_LLM_TIMEOUT",
}


def settings_rows(settings: Any) -> pd.DataFrame:
    """Display rows; deliberately built field by field so no secret can slip in."""
    key_state = "已配置" if settings.llm_api_key is not None else "未配置"
    if settings.chroma_remote:
        index_place = f"Chroma 服务 {settings.chroma_host}:{settings.chroma_port or 8000}"
    else:
        index_place = f"本地 {settings.resolved_chroma_path}"
    rows = [
        ("大模型", "已配置" if settings.llm_configured else "未配置（使用离线起草）"),
        ("模型", settings.llm_model or "—"),
        ("结构化输出方式", METHOD_LABEL.get(settings.llm_method, settings.llm_method)),
        ("接口地址（Base URL）", settings.llm_base_url or "—"),
        ("API Key", key_state),
        ("超时（秒）", f"{settings.llm_timeout:g}"),
        ("知识库索引", index_place),
        ("向量化方式", EMBEDDING_LABEL.get(settings.embedding, settings.embedding)),
    ]
    return pd.DataFrame(rows, columns=["项目", "当前值"])


def _provider_error(exc: Exception) -> str:
    """The provider's error in Chinese, with its own message kept."""
    import openai

    detail = ""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        detail = str(error.get("message", "") if isinstance(error, dict) else error)
    detail = detail or str(getattr(exc, "message", "") or "")
    tail = f"（服务返回：{detail}）" if detail else ""
    if isinstance(exc, openai.AuthenticationError):
        return f"连接失败：API Key 无效或没有权限{tail}"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"连接失败：没有访问权限{tail}"
    if isinstance(exc, openai.NotFoundError):
        return f"连接失败：接口地址不对，找不到模型列表，请检查 Base URL 是否以 /v1 结尾{tail}"
    if isinstance(exc, openai.RateLimitError):
        return f"连接失败：请求过于频繁或额度不足{tail}"
    if isinstance(exc, openai.APITimeoutError):
        return "连接失败：等待超时，请检查网络或调大超时时间"
    if isinstance(exc, openai.APIConnectionError):
        return "连接失败：无法连接到接口地址，请检查地址、端口和网络"
    if isinstance(exc, openai.APIStatusError):
        return f"连接失败：服务返回错误 {exc.status_code}{tail}"
    return f"连接失败：{type(exc).__name__}"


def list_models(base_url: str, api_key: str, timeout: float) -> tuple[bool, str, list[str]]:
    """GET {base_url}/models through the OpenAI client: (ok, Chinese message, model ids)."""
    if not base_url.strip():
        return False, "请先填写接口地址（Base URL）", []
    import openai

    client = openai.OpenAI(
        base_url=base_url.strip(), api_key=api_key or "none", timeout=timeout, max_retries=0
    )
    try:
        models = sorted(m.id for m in client.models.list())
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        return False, _provider_error(exc), []
    finally:
        client.close()
    if not models:
        return True, "连接成功，但服务没有列出任何模型，请手工填写模型名称。", []
    return True, f"连接成功，服务提供 {len(models)} 个模型。", models


def _fill_from(settings: Any) -> None:
    """Put the current settings in the boxes once per session (they are then the user's)."""
    if st.session_state.get("set_loaded"):
        return
    st.session_state["set_loaded"] = True
    st.session_state["set_base_url"] = settings.llm_base_url or ""
    st.session_state["set_model"] = settings.llm_model or ""
    st.session_state["set_method"] = settings.llm_method
    st.session_state["set_timeout"] = float(settings.llm_timeout)
    st.session_state["set_key"] = ""


def _save() -> None:
    """on_click of 保存设置 (runs before the widgets, so it may clear the key box)."""
    from assistant.config import save_user_config

    values = {config: str(st.session_state.get(widget) or "") for widget, config in _FIELDS.items()}
    values["JIXIAO_LLM_TIMEOUT"] = f"{float(st.session_state.get('set_timeout') or 60):g}"
    key = str(st.session_state.get("set_key") or "").strip()
    if key:
        values["JIXIAO_LLM_API_KEY"] = key
    if st.session_state.pop("set_key_clear", False):
        values["JIXIAO_LLM_API_KEY"] = ""
    try:
        path = save_user_config(values)
    except (OSError, ValueError) as exc:
        st.session_state["set_message"] = (False, f"保存失败：{exc}")
        return
    st.session_state["set_key"] = ""
    st.session_state["set_message"] = (True, f"设置已保存到 {path}（仅本人可读），刷新页面后仍然有效。")


def _overridden() -> list[str]:
    from assistant.config import USER_KEYS

    return [k for k in USER_KEYS if os.environ.get(k, "").strip()]


def render() -> None:
    from assistant.config import get_settings

    st.subheader("设置")
    settings = get_settings()
    _fill_from(settings)
    st.markdown("**大模型接口**（可选；不配置时编制使用离线起草，全部在本机完成）")
    url_col, model_col = st.columns(2)
    url_col.text_input(
        "接口地址（Base URL）", key="set_base_url", placeholder="例如 https://api.deepseek.com/v1"
    )
    model_col.text_input("模型名称", key="set_model", placeholder="例如 deepseek-chat")
    method_col, timeout_col, key_col = st.columns([2, 1, 2])
    method_col.selectbox(
        "结构化输出方式", list(METHOD_LABEL), format_func=METHOD_LABEL.get, key="set_method"
    )
    timeout_col.number_input(
        "超时（秒）", min_value=5.0, max_value=600.0, step=5.0, key="set_timeout"
    )
    key_col.text_input(
        "API Key",
        key="set_key",
        type="password",
        placeholder="已保存，留空则不修改" if settings.llm_api_key else "未配置",
    )
    key_col.caption("API Key 保存在本机的用户配置文件中，仅本人可读；不会出现在任何导出文件里。")
    save, ping, clear = st.columns([1, 1, 3])
    save.button("保存设置", key="settings_save", type="primary", on_click=_save)
    test = ping.button("测试连接", key="settings_ping")
    if settings.llm_api_key is not None:
        clear.checkbox("保存时删除已保存的 API Key", key="set_key_clear")
    message = st.session_state.pop("set_message", None)
    if message:
        (st.success if message[0] else st.error)(message[1])
    if test:
        key = str(st.session_state.get("set_key") or "")
        if not key and settings.llm_api_key is not None:
            key = settings.llm_api_key.get_secret_value()
        with st.spinner("正在连接…"):
            ok, text, models = list_models(
                str(st.session_state.get("set_base_url") or ""),
                key,
                float(st.session_state.get("set_timeout") or 30),
            )
        (st.success if ok else st.error)(text)
        if models:
            st.dataframe(pd.DataFrame({"可用模型": models}), hide_index=True, key="settings_models")
    overridden = _overridden()
    if overridden:
        st.caption("注意：环境变量 " + "、".join(overridden) + " 已设置，优先于这里保存的值。")
    st.markdown("**当前生效的设置**")
    st.dataframe(settings_rows(settings), hide_index=True, width="stretch")
