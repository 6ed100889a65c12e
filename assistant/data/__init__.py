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
