"""What every page run does around the tabs: Chinese chrome, restore at the start, autosave at
the end."""

from __future__ import annotations

import streamlit as st

from assistant.ui import autosave
from assistant.ui.limits import MAX_UPLOAD_MB

# Streamlit has no option for the uploader's English texts ("Upload", "200MB per file • DOCX"):
# hide them and put Chinese in their place.
_CSS = f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "将文件拖到这里，或点击“选择文件”（单个文件不超过 {MAX_UPLOAD_MB} MB）";
  font-size: 0.9rem;
}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  display: none;
}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "选择文件";
}}
#MainMenu, [data-testid="stToolbar"], [data-testid="stAppDeployButton"] {{ display: none; }}
</style>
"""


def before_pages() -> None:
    st.html(_CSS)
    autosave.banner(autosave.restore())


def after_pages() -> None:
    autosave.save()
