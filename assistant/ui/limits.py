"""Input limits, stated beside every input and checked before any parsing or drafting.

A 5.7 MB paste once kept the server at full CPU for minutes: text over the limit is refused at
once with a Chinese message, so the page stays responsive whatever is pasted.
"""

from __future__ import annotations

MAX_PURPOSE_CHARS = 20_000  # 资金用途 / 测算依据 of one project
MAX_FIELD_CHARS = 2_000  # 项目名称, 绩效目标 and the money fields
MAX_REVIEW_CHARS = 300_000  # pasted text on the 审核 page
MAX_REVIEW_TABLES = 60  # tables checked in one document
MAX_UPLOAD_MB = 20  # also server.maxUploadSize in .streamlit/config.toml
MAX_FILES = 10
DRAFT_TIMEOUT_S = 60.0
REVIEW_TIMEOUT_S = 90.0


def chars(n: int) -> str:
    """10000 → “1 万字”, 2000 → “2000 字”."""
    if n >= 10_000 and n % 10_000 == 0:
        return f"{n // 10_000} 万字"
    return f"{n} 字"


def too_long(text: str, limit: int, what: str) -> str | None:
    """A Chinese message when `text` is over `limit` characters, else None."""
    if len(text) <= limit:
        return None
    return (
        f"{what}共 {len(text):,} 字，超过上限 {chars(limit)}，未处理。"
        f"请只保留本项目的内容（可分几次处理），再重试。"
    )


def too_many_tables(count: int) -> str | None:
    if count <= MAX_REVIEW_TABLES:
        return None
    return (
        f"文件中有 {count} 个表，超过一次审核的上限 {MAX_REVIEW_TABLES} 个；"
        f"已审核前 {MAX_REVIEW_TABLES} 个，其余请拆分文件后再审核。"
    )


def upload_too_big(size: int) -> str | None:
    if size <= MAX_UPLOAD_MB * 1024 * 1024:
        return None
    return f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {MAX_UPLOAD_MB} MB，未处理。"
