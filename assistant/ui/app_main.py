"""The Streamlit app: page setup and tabs; the pages live in assistant/ui.

Started by `jixiao app` (`streamlit run` on this file, found with importlib.resources); the
repository's `app.py` is a two-line shim that calls `main()` for `streamlit run app.py`.
"""

from __future__ import annotations

from assistant import offline_env

offline_env.apply()  # before streamlit, chromadb or langchain read their settings

import streamlit as st  # noqa: E402

from assistant.ui import (  # noqa: E402
    draft_page,
    kb_page,
    review_page,
    services,
    settings_page,
    shell,
)


def main() -> None:
    st.set_page_config(page_title="绩效目标助手", page_icon="📋", layout="wide")
    st.title("绩效目标助手")
    st.caption("编制与审核项目支出绩效目标表：起草建议、逐条审核、给出更好的写法。")
    from assistant.data import missing_message

    if (kb_missing := missing_message()) is not None:
        st.error(kb_missing)
    shell.before_pages()  # Chinese chrome; the autosaved inputs and draft of this browser session

    # Built once per process (first start shows a progress bar); every page shares it.
    service = services.knowledge_service(st.empty())

    draft_tab, review_tab, kb_tab, settings_tab = st.tabs(["编制", "审核", "知识库", "设置"])
    with draft_tab:
        draft_page.render(service)
    with review_tab:
        review_page.render(service)
    with kb_tab:
        kb_page.render(service)
    with settings_tab:
        settings_page.render()
    shell.after_pages()  # autosave: every input, draft and edit on disk


if __name__ == "__main__":  # `streamlit run` executes the file as __main__
    main()
