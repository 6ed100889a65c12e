"""Data that ships inside the package: the curated knowledge base and the LLM prompts.

Located with `importlib.resources`, so an installed wheel finds them from any working
directory. The raw corpus (`knowledge_base/corpus` in the repository) is a developer input of
`python -m assistant.knowledge.build_kb` only and is not shipped.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir() -> Path:
    """The installed `assistant/data` folder (wheels install unzipped, so a real path)."""
    return Path(str(files(__name__)))


KB_DIR = package_dir() / "knowledge_base"
TABLES_DIR = KB_DIR / "tables"
GUIDANCE_DIR = KB_DIR / "guidance"
TAXONOMY_PATH = KB_DIR / "taxonomy.json"
PROMPTS_DIR = package_dir() / "prompts"


def missing_message() -> str | None:
    """A Chinese message when the packaged knowledge base is incomplete, else None.

    Without it R001 would silently lose its knowledge-base evidence and the drafter its
    taxonomy: the commands that depend on it stop with this message instead."""
    needed = (TAXONOMY_PATH, GUIDANCE_DIR / "INDEX.json")
    tables = TABLES_DIR.is_dir() and any(TABLES_DIR.glob("*.json"))
    if tables and all(path.is_file() for path in needed):
        return None
    return (
        f"未找到随 jixiao 安装的知识库（{KB_DIR}）。没有它，审核中依赖知识库的规则（如 R001 "
        "指标与项目无关）和起草都会得出不同的结果，因此不继续运行。请重新安装 jixiao"
        "（如 pip install --force-reinstall jixiao）后再试。"
    )
