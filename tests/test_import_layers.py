"""Layering: rules never import the knowledge service (R001's KB scorer is injected), the LLM
seam imports neither drafting nor explanations, and those two share the client only through it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"


def _imports(path: Path) -> set[str]:
    """Every module a file imports (top level or inside functions), relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    files = [PACKAGE / folder] if folder.endswith(".py") else sorted((PACKAGE / folder).glob("*.py"))
    for path in files:
        hits = sorted(m for m in _imports(path) if m.startswith(forbidden))
        if hits:
            bad[path.name] = hits
    return bad


def test_rules_never_import_the_knowledge_package() -> None:
    assert _offending("rules", ("assistant.knowledge",)) == {}


def test_llm_seam_imports_neither_drafting_nor_explanations() -> None:
    assert _offending("llm", ("assistant.draft", "assistant.explain", "assistant.ui")) == {}


def test_explain_and_draft_share_the_client_only_through_the_seam() -> None:
    assert _offending("explain.py", ("assistant.draft",)) == {}
    assert _offending("draft", ("assistant.explain",)) == {}
    old_paths = ("assistant.draft.llm", "assistant.draft.openai_chat", "assistant.draft.jsonfix")
    users: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "draft" / "llm.py":  # the old path's re-export itself
            continue
        hits = [m for m in _imports(path) if m.startswith(old_paths) and not m.startswith("assistant.draft.llm_")]
        if hits:
            users[str(path.relative_to(PACKAGE))] = hits
    assert users == {}


@pytest.mark.parametrize(
    "order",
    [
        ("assistant.knowledge.relevance", "assistant.rules"),
        ("assistant.rules.relevance", "assistant.knowledge.service"),
        ("assistant.knowledge.service", "assistant.rules.relevance"),
        ("assistant.explain", "assistant.draft.llm_draft"),
        ("assistant.draft.llm_draft", "assistant.explain"),
        ("assistant.llm.openai_chat", "assistant.llm"),
    ],
)
def test_import_orders_that_would_expose_a_circle(order: tuple[str, str]) -> None:
    """Fresh interpreters, each order: no ImportError, and R001 still gets the KB scorer."""
    code = (
        "import importlib\n"
        + "".join(f"importlib.import_module({m!r})\n" for m in order)
        + "from assistant.rules import load_rules\nload_rules()\n"
        "from assistant.rules.relevance import _SCORERS\n"
        "print(','.join(s.__name__ for s in _SCORERS))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "kb_scorer,lexicon_scorer"
