"""设置 tab: what the app is configured to use. The API key is never shown, only whether it is set."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st


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
        ("结构化输出方式", settings.llm_method),
        ("接口地址（Base URL）", settings.llm_base_url or "—"),
        ("API Key", key_state),
        ("超时（秒）", f"{settings.llm_timeout:g}"),
        ("知识库索引", index_place),
        ("向量化方式", settings.embedding),
    ]
    return pd.DataFrame(rows, columns=["项目", "当前值"])


def test_connection(settings: Any) -> tuple[bool, str]:
    """Call ping() through our LLM seam; (ok, Chinese message)."""
    from assistant.draft.llm import LLMError, make_chat_model

    chat = make_chat_model(settings)
    if chat is None:
        return False, "未配置大模型：请设置 JIXIAO_LLM_BASE_URL 和 JIXIAO_LLM_MODEL"
    try:
        return True, chat.ping()
    except LLMError as exc:
        return False, f"连接失败：{exc.message}"
    except Exception as exc:  # noqa: BLE001 - any client failure is shown, never raised
        return False, f"连接失败：{type(exc).__name__}"


def render() -> None:
    from assistant.config import get_settings

    st.subheader("设置")
    settings = get_settings()
    st.dataframe(settings_rows(settings), hide_index=True, width="stretch")
    st.caption(
        "通过环境变量或工作目录下的 .env 文件配置：JIXIAO_LLM_BASE_URL、JIXIAO_LLM_API_KEY、"
        "JIXIAO_LLM_MODEL、JIXIAO_LLM_METHOD（json_schema / function_calling / json_mode）。"
        "修改后刷新页面即可生效。"
    )
    if st.button("测试连接", key="settings_ping", disabled=not settings.llm_configured):
        with st.spinner("正在连接…"):
            ok, message = test_connection(settings)
        (st.success if ok else st.error)(message)
    if not settings.llm_configured:
        st.info("未配置大模型时，编制功能使用离线起草，全部在本机完成。")
