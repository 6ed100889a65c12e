"""Privacy and offline defaults, set before chromadb, langchain or huggingface read them.

Nothing in this tool reports usage or traces prompts to a third party unless the user asks:
chromadb's anonymous telemetry and LangSmith tracing are off, and model hubs are not
contacted (models are installed with the package, never fetched at run time). These are
defaults only: a variable the user set already wins.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "CHROMA_TELEMETRY": "False",
    "LANGCHAIN_TRACING_V2": "false",
    "LANGCHAIN_TRACING": "false",
    "LANGSMITH_TRACING": "false",
    "LANGSMITH_TRACING_V2": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}


def apply() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)


apply()
