"""Shared by test_outline_variants.py and test_outline_variants_sentences.py: a text read as
one table, its indicators as (一级, 二级, 三级, 指标值) rows."""

from __future__ import annotations

from assistant.parse import read_text


def read_rows(text: str) -> list[tuple]:
    document = read_text(text)
    assert len(document.tables) == 1, [t.project for t in document.tables]
    return [(i.level1, i.level2, i.name, i.target.raw) for i in document.tables[0].indicators]
