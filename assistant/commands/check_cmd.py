"""`jixiao check PATH|- [--format text|json|markdown] [--select CODES] [--ignore CODES]`.

Exit 0 when no error-level finding, 1 when there is one, 2 on unreadable input or when the
file runs past its time or memory budget (`assistant.budget`, `--timeout`, `--max-memory`).
Several paths, folders, `--jobs N` or `--format jsonl` check a batch (`batch_check`): exit 1
when any error-level finding, 2 only when no file was readable.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys

from assistant.commands.common import fail, print_json, read_input
from assistant.parse import ParseError


def split_codes(text: str | None) -> list[str] | None:
    """'V,S004, q' → ['V', 'S004', 'Q'] (a family, a prefix or one rule); None when unset."""
    if not text:
        return None
    codes = [part.strip().upper() for part in text.replace("，", ",").split(",") if part.strip()]
    return codes or None


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="审核绩效目标表，按规则列出问题")
    parser.add_argument(
        "path", nargs="+", help="文件路径（.docx/.txt/.json）或文件夹，可给多个；- 表示标准输入"
    )
    parser.add_argument("--format", choices=["text", "json", "markdown", "jsonl"], default="text")
    parser.add_argument("--jobs", type=int, help="批量审核时并行的进程数（默认 1）")
    parser.add_argument("--select", help="只运行这些规则，逗号分隔，如 V,S004")
    parser.add_argument("--ignore", help="不运行这些规则，逗号分隔，如 Q")
    parser.add_argument("--timeout", type=float,
                        help="每个文件的时间上限（秒，0 为不限；默认 JIXIAO_DOC_SECONDS 或 120，批量 60）")
    parser.add_argument("--max-memory", type=float, dest="max_memory",
                        help="每个文件的内存上限（MB，0 为不限；默认 JIXIAO_DOC_MEMORY_MB 或 2048）")


def run(args: argparse.Namespace) -> int:
    from assistant.commands.batch_check import is_batch, run_batch

    paths = args.path if isinstance(args.path, list) else [args.path]
    if is_batch(args, paths):
        return run_batch(args, paths, split_codes(args.select), split_codes(args.ignore))
    args.path = paths[0]
    from assistant.budget import Budget, BudgetExceeded, within

    budget = Budget.from_env(getattr(args, "timeout", None), getattr(args, "max_memory", None))
    # The report is written after the budget's timer stops: a SIGALRM tick during a large
    # write to a pipe cut the JSON short (silently, exit 1) about one run in ten.
    out = io.StringIO()
    try:
        with within(budget, f"{args.path} "), contextlib.redirect_stdout(out):
            code = _check_one(args)
    except BudgetExceeded as exceeded:
        print(f"jixiao: 无法审核：{exceeded.message}", file=sys.stderr)
        return 2
    sys.stdout.write(out.getvalue())
    sys.stdout.flush()
    return code


def _check_one(args: argparse.Namespace) -> int:
    from assistant.model import Severity
    from assistant.rules import check_report

    try:
        document = read_input(args.path)
    except ParseError as error:
        return fail(error)
    for note in document.notes + [n for t in document.tables for n in t.notes]:
        print(f"注意：{note.where} {note.message}".replace("  ", " "), file=sys.stderr)
    if not document.tables:
        print(f"jixiao: 无法读取 {args.path}：没有找到绩效目标表", file=sys.stderr)
        return 2
    result = check_report(document, select=split_codes(args.select), ignore=split_codes(args.ignore))
    findings = result.findings
    document.report.not_checked = result.not_checked  # carried by every output format
    if args.format == "json":
        from assistant.parse.json_io import document_to_json

        print_json(document_to_json(document, findings))
    elif args.format == "markdown":
        from assistant.report import format_markdown

        sys.stdout.write(format_markdown(document, findings, args.path))
    else:
        from assistant.report import format_text

        sys.stdout.write(format_text(document, findings, args.path))
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0
