"""The fake OpenAI server lives in the package (assistant.llm.fake_server); tests import it here."""

from assistant.llm.fake_server import FakeOpenAIServer

__all__ = ["FakeOpenAIServer"]
