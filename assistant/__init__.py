"""jixiao 绩效目标助手: drafts and reviews Chinese budget performance target tables."""

from assistant import plugins as _plugins

__version__ = "0.1.0"


def _knowledge_scorer() -> object | None:
    """R001's knowledge-base scorer, injected into the rules (which never import the KB)."""
    try:
        from assistant.knowledge.relevance import kb_scorer
    except ImportError:  # an install without the knowledge package
        return None
    return kb_scorer


_plugins.add_relevance_scorer(_knowledge_scorer)
