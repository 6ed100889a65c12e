"""Helpers shared by subcommands: reading PATH or '-', printing JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from assistant.model import Document
from assistant.parse import ParseError, read_bytes, read_path


def read_input(path: str) -> Document:
    """PATH or '-' (stdin) → Document; raises ParseError on unreadable input."""
    if path == "-":
        return read_bytes(sys.stdin.buffer.read(), "<stdin>")
    return read_path(path)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(error: ParseError) -> int:
    """Unreadable input: one line on stderr, exit 2."""
    print(f"jixiao: 无法读取 {error}", file=sys.stderr)
    return 2
