"""Recover a JSON object from what a chat model actually says.

Models wrap JSON in ```json fences, prefix it with <think> reasoning or a sentence, return
a bare list, or wrap the object in a one-key envelope. These helpers find the plausible
objects in order, so the caller can validate each against its schema.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
import typing
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON|javascript)?[ \t]*\n?(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_MAX_SCANS = 50  # decode attempts per text; answers are short, junk should not cost much

_ERROR_WORDS = {
    "missing": "缺少该项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "extra_forbidden": "多出了不允许的项",
    "json_invalid": "不是合法的 JSON",
    "too_short": "内容太少",
    "too_long": "内容太多",
}


def _decoded(text: str) -> Iterator[object]:
    """Every JSON value plausibly meant as the answer, best guesses first."""
    text = _THINK.sub("", text.lstrip("\ufeff")).strip()
    if not text:
        return
    for block in _FENCE.findall(text):
        with contextlib.suppress(ValueError):
            yield json.loads(block)
    with contextlib.suppress(ValueError):
        yield json.loads(text)
    # near-JSON some models write: trailing commas, a Python dict with single quotes
    relaxed = _TRAILING_COMMA.sub(r"\1", text)
    if relaxed != text:
        with contextlib.suppress(ValueError):
            yield json.loads(relaxed)
    if text[:1] in "{[":
        with contextlib.suppress(ValueError, SyntaxError, MemoryError, RecursionError):
            value = ast.literal_eval(text)
            if isinstance(value, dict | list):
                yield value
    decoder = json.JSONDecoder()
    scans = 0
    for i, ch in enumerate(text):
        if ch not in "{[":
            continue
        scans += 1
        if scans > _MAX_SCANS:
            break
        try:
            value, _end = decoder.raw_decode(text, i)
        except ValueError:
            continue
        if isinstance(value, dict | list):
            yield value


def _single_list_field(schema: type[BaseModel]) -> str | None:
    """The name of the schema's only required field when that field is a list."""
    required = [n for n, f in schema.model_fields.items() if f.is_required()]
    if len(required) != 1:
        return None
    annotation = schema.model_fields[required[0]].annotation
    return required[0] if typing.get_origin(annotation) is list else None


def candidate_objects(text: str, schema: type[BaseModel]) -> Iterator[object]:
    """Objects to try validating as `schema`, in order of likelihood."""
    list_field = _single_list_field(schema)
    for value in _decoded(text):
        if isinstance(value, str):  # double-encoded tool arguments
            yield from candidate_objects(value, schema)
            continue
        yield value
        if isinstance(value, list) and list_field:
            yield {list_field: value}
        if (
            isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) not in schema.model_fields
            and isinstance(next(iter(value.values())), dict)
        ):
            yield next(iter(value.values()))


def validation_summary(exc: ValidationError, limit: int = 3) -> str:
    """A short Chinese description of the first few validation errors."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "整体"
        parts.append(f"{where}：{_ERROR_WORDS.get(err['type'], err['msg'])}")
    more = exc.error_count() - limit
    if more > 0:
        parts.append(f"等共 {exc.error_count()} 处问题")
    return "；".join(parts)
