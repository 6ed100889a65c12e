"""`jixiao parse PATH|- --format json|text`: the parsed document, no findings."""

from __future__ import annotations

import argparse
import sys

from assistant.commands.common import fail, print_json, read_input
from assistant.parse import ParseError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("parse", help="读取绩效目标表（.docx/.txt/.json），输出结构化结果")
    parser.add_argument("path", help="文件路径，或 - 表示标准输入")
    parser.add_argument("--format", choices=["json", "text"], default="json")


def run(args: argparse.Namespace) -> int:
    from assistant.budget import Budget, BudgetExceeded, within
    from assistant.parse.json_io import document_to_json

    try:
        with within(Budget.from_env(), f"{args.path} "):
            document = read_input(args.path)
    except ParseError as error:
        return fail(error)
    except BudgetExceeded as exceeded:  # JIXIAO_DOC_SECONDS / JIXIAO_DOC_MEMORY_MB
        print(f"jixiao: 无法读取：{exceeded.message}", file=sys.stderr)
        return 2
    from assistant.rules import not_checked

    # which rules a check would have to skip, so the reader's gaps show before any check
    document.report.not_checked = not_checked(document)
    if args.format == "json":
        print_json(document_to_json(document))
    else:
        from assistant.report.reading import format_reading_report

        for index, table in enumerate(document.tables, start=1):
            print(f"[{index}] {table.project}  预算 {table.budget_wan} 万元  指标 {len(table.indicators)} 行")
            for row in table.indicators:
                mark = "  （读取不确定）" if row.uncertain else ""
                print(f"    {row.level1}/{row.level2}  {row.name}  {row.target.raw}{mark}")
        print()
        sys.stdout.write(format_reading_report(document))
    for note in document.notes + [n for t in document.tables for n in t.notes]:
        print(f"注意：{note.where} {note.message}", file=sys.stderr)
    return 0 if document.tables else 2
