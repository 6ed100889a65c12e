"""`jixiao kb status [--format text|json]`: which index is used (the embedded folder or a Chroma
server), what the server-side pointer says (collection, content hash, version, size, when
built) and whether it holds the current knowledge base. Exit 0 when current, 1 when it must be
(re)built, 2 when the server cannot be reached."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime


def _when(epoch: object) -> str:
    try:
        return datetime.fromtimestamp(float(epoch)).strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return "未知"


def run_status(args: argparse.Namespace) -> int:
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.service import KnowledgeService

    service = KnowledgeService("hybrid")
    info = KnowledgeIndex().status(service.records)
    code = 0 if info["current"] else (2 if not info.get("reachable", True) else 1)
    if args.format == "json":
        from assistant.commands.common import print_json

        print_json(info)
        return code
    print(f"使用的索引：{info['where']}")
    if not info.get("reachable", True):
        print(f"jixiao: {info['error']}", file=sys.stderr)
        return code
    pointer = info.get("pointer")
    if pointer:
        print(f"当前集合：{pointer['collection']}（{pointer.get('count', '?')} 条记录，"
              f"版本 {pointer.get('version', '?')}，建于 {_when(pointer.get('built_at'))}）")
        print(f"集合内容哈希：{str(pointer.get('hash', ''))[:16]}")
    else:
        print("当前集合：无（索引尚未建立）")
    print(f"知识库内容哈希：{str(info['content_hash'])[:16]}（{info['records']} 条记录）")
    if info["current"]:
        used = info.get("collection")
        note = "" if pointer and used == pointer.get("collection") else f"（使用集合 {used}）"
        print(f"状态：与知识库内容一致，可直接检索{note}")
    elif pointer:
        print("状态：索引已过期（知识库内容或索引版本已变），请运行 jixiao kb build")
    else:
        print("状态：索引尚未建立，请运行 jixiao kb build")
    return code
