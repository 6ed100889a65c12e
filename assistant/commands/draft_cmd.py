"""`jixiao draft PATH|- [--llm] [--format json|markdown|docx] [-o OUT]`: draft a target table
from a project description (name, budget, 资金用途/测算依据, optional goals)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.commands.common import print_json
from assistant.parse import ParseError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("draft", help="根据项目名称、预算和资金用途起草绩效目标表")
    parser.add_argument("path", help="项目描述文件（.txt/.json/.docx），或 - 表示标准输入")
    parser.add_argument("--llm", action="store_true", help="使用大模型起草（需配置 JIXIAO_LLM_*）")
    parser.add_argument("--format", choices=["json", "markdown", "docx"], default="json")
    parser.add_argument("-o", "--output", help="输出文件；docx 格式必须指定")
    parser.add_argument("--year", type=int, help="预算年度（描述中未写明时使用）")


def _read_project(path: str):  # noqa: ANN202 - ProjectInput, imported lazily
    from assistant.draft.input import project_from_bytes

    if path == "-":
        return project_from_bytes(sys.stdin.buffer.read(), "<stdin>")
    file = Path(path)
    if not file.exists():
        raise ParseError("文件不存在", path)
    if file.is_dir():
        raise ParseError("这是一个文件夹，不是文件", path)
    return project_from_bytes(file.read_bytes(), file.name)


def _llm_drafter() -> Any:
    """The LLM drafter when it is installed, else None."""
    # Import the function from its module: once the submodule assistant.draft.llm_draft is
    # imported, the package attribute `llm_draft` is that module, not the function.
    try:
        from assistant.draft.llm_draft import draft_with_llm
    except ImportError:
        return None
    return draft_with_llm


def make_draft(project: Any, use_llm: bool):  # noqa: ANN201 - Draft
    # the same offline drafter (and knowledge base) as the app and the evals
    from assistant.draft.drafter import draft_project as draft_offline

    if not use_llm:
        return draft_offline(project)
    llm_draft = _llm_drafter()
    if llm_draft is None:
        result = draft_offline(project)
        result.notices.insert(0, "大模型起草功能暂不可用，已改用离线起草。")
        return result
    try:
        return llm_draft(project)
    except Exception as exc:  # noqa: BLE001 - any model failure falls back to the offline draft
        result = draft_offline(project)
        result.notices.insert(0, f"大模型起草失败（{exc}），已改用离线起草。")
        return result


def run(args: argparse.Namespace) -> int:
    from assistant.draft.output import draft_to_docx, draft_to_json, draft_to_markdown

    if args.format == "docx" and not args.output:
        print("jixiao: docx 格式需要用 -o 指定输出文件", file=sys.stderr)
        return 2
    try:
        project = _read_project(args.path)
    except ParseError as error:
        print(f"jixiao: 无法读取项目描述 {error}", file=sys.stderr)
        return 2
    if project.year is None and args.year:
        project.year = args.year
    result = make_draft(project, args.llm)
    if args.format == "docx":
        Path(args.output).write_bytes(draft_to_docx(result))
    elif args.format == "markdown":
        _write_text(draft_to_markdown(result), args.output)
    elif args.output:
        import json

        text = json.dumps(draft_to_json(result), ensure_ascii=False, indent=2, default=str)
        _write_text(text + "\n", args.output)
    else:
        print_json(draft_to_json(result))
    for notice in result.notices:
        print(f"说明：{notice}", file=sys.stderr)
    return 0


def _write_text(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
