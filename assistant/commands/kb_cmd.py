"""`jixiao kb build` (index the knowledge base, progress on stderr),
`jixiao kb search QUERY [--type T] [--level2 L] [--kind K] [--k N] [--format text|json]` and
`jixiao kb add DIR` (the user's own tables and documents, beside the packaged KB)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("kb", help="知识库：建立索引（build）、检索（search）、加入自己的资料（add）")
    kb_sub = parser.add_subparsers(dest="kb_command", metavar="ACTION")
    kb_sub.required = True
    build = kb_sub.add_parser("build", help="建立或更新知识库向量索引（内容未变时直接复用）")
    build.add_argument("--force", action="store_true", help="即使内容未变也重建")
    status = kb_sub.add_parser("status", help="显示使用的索引（本地或 Chroma 服务器）及其是否与知识库一致")
    status.add_argument("--format", choices=["text", "json"], default="text")
    search = kb_sub.add_parser("search", help="检索知识库中的指标、表和指引")
    search.add_argument("query", help="检索内容，如“防火巡查次数”")
    search.add_argument("--type", dest="project_type", help="项目类型 id，如 fire-prevention")
    search.add_argument("--level2", help="二级指标，如 数量指标")
    search.add_argument("--kind", choices=["indicator", "table", "guidance"], help="只检索这类记录")
    search.add_argument("--quality", choices=["good", "weak"], help="只要优质（good）或薄弱（weak）的指标")
    search.add_argument("--k", type=int, default=5, help="返回条数（默认 5）")
    search.add_argument("--mode", choices=["hybrid", "bm25"], default="hybrid",
                        help="hybrid：向量+BM25（需要先 build，未建时自动建立）；bm25：仅关键词")
    search.add_argument("--format", choices=["text", "json"], default="text")
    add = kb_sub.add_parser(
        "add", help="把自己的绩效目标表（本工具的 JSON，或 Word/PDF/Excel/网页/文本）加入用户知识库"
    )
    add.add_argument("folder", help="文件夹或单个文件")


def _progress(done: int, total: int) -> None:
    print(f"\r索引知识库：{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def _add(folder: str) -> int:
    from assistant.knowledge.user_kb import add_folder

    try:
        result = add_folder(folder)
    except FileNotFoundError as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return 2
    for path, reason in result.skipped:
        print(f"跳过 {path}：{reason}", file=sys.stderr)
    print(f"已加入 {len(result.added)} 张表 → {result.folder}（安装目录中的知识库未改动）")
    if result.added:
        print("运行 jixiao kb build 更新索引（检索与起草会同时使用内置知识库和这些表）")
    return 0 if result.added else 1


def run(args: argparse.Namespace) -> int:
    from assistant.knowledge.service import KnowledgeService

    if args.kb_command == "add":
        return _add(args.folder)

    if args.kb_command == "status":
        from assistant.commands.kb_status import run_status

        return run_status(args)
    if args.kb_command == "build":
        service = KnowledgeService("hybrid")
        try:
            service.index(progress=_progress, force=args.force)
            rebuilt = service.last_rebuilt
        except Exception as exc:  # chromadb server down, disk full…: say so plainly
            print(f"jixiao: 知识库索引失败：{exc}", file=sys.stderr)
            return 2
        counts: dict[str, int] = {}
        for r in service.records:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        state = "已重建" if rebuilt else "内容未变，沿用已有索引"
        print(f"知识库索引{state}：指标 {counts.get('indicator', 0)} 条，表 {counts.get('table', 0)} 张，"
              f"指引 {counts.get('guidance', 0)} 节")
        return 0

    service = KnowledgeService(args.mode)
    where: dict[str, str] = {}
    if args.project_type:
        where["project_type"] = args.project_type
    if args.level2:
        where["level2"] = args.level2
    if args.quality:
        where["quality"] = args.quality
    kinds = [args.kind] if args.kind else None
    try:
        if args.mode == "hybrid":
            service.index(progress=_progress)
        hits = service.search(args.query, k=args.k, where=where or None, kinds=kinds)
    except Exception as exc:
        print(f"jixiao: 知识库检索失败：{exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        from assistant.commands.common import print_json

        print_json([h.model_dump() for h in hits])
        return 0
    if not hits:
        print("没有找到匹配的记录")
        return 0
    for n, h in enumerate(hits, start=1):
        meta = h.metadata
        where_from = meta.get("table_id") or meta.get("source") or meta.get("section") or ""
        extra = " ".join(str(x) for x in (meta.get("project_type"), meta.get("value"), meta.get("quality")) if x)
        print(f"{n}. [{h.kind}] {h.text[:80]}")
        print(f"   {extra}  来源 {where_from}  {meta.get('project', '')}  score={h.score:.4f}".rstrip())
    return 0
