"""`jixiao explain CODE` prints a rule's record; `jixiao explain PATH --project P --indicator I`
(why one row is weak) goes to `explain_indicator`, which the lead fills in."""

from __future__ import annotations

import argparse
import re
import sys

RULE_CODE = re.compile(r"^[SVBRQA]\d{3}$", re.IGNORECASE)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("explain", help="解释一条规则（CODE），或说明某条指标为何薄弱（PATH）")
    parser.add_argument("target", help="规则代码（如 V002），或绩效目标表文件路径")
    parser.add_argument("--project", help="项目名称（与 PATH 一起使用）")
    parser.add_argument("--indicator", help="三级指标名称（与 PATH 一起使用）")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def format_rule(record: dict) -> str:
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    lines = [
        f"{record['code']} {record['title']}",
        f"级别：{labels.get(record['severity'], record['severity'])}    类别：{record['category']}"
        f"    名称：{record['slug']}",
        "",
        "为什么：",
        f"  {record['why']}",
        "",
        f"反例：{record['bad']}",
        f"正例：{record['good']}",
        f"怎么改：{record['fix_hint']}",
    ]
    if record["refs"]:
        lines.append("参考：" + "、".join(f"knowledge_base/guidance#{ref}" for ref in record["refs"]))
    return "\n".join(lines) + "\n"


def explain_rule(code: str, output: str = "text") -> int:
    from assistant.commands.common import print_json
    from assistant.rules import load_rules

    rule = load_rules().get(code.upper())
    if rule is None:
        print(f"jixiao: 没有规则 {code.upper()}（用 jixiao rules 查看全部规则）", file=sys.stderr)
        return 2
    if output == "json":
        print_json(rule.record())
    else:
        sys.stdout.write(format_rule(rule.record()))
    return 0


def explain_indicator(args: argparse.Namespace) -> int:
    """Why one indicator row is weak: its findings, the guidance they rest on, and three better
    alternatives from comparable knowledge-base tables (assistant.explain)."""
    from assistant.commands.common import fail, print_json, read_input
    from assistant.explain import explain_indicator as explain
    from assistant.explain import find_indicator, format_explanation
    from assistant.parse import ParseError

    if not args.project or not args.indicator:
        print("jixiao: 请同时给出 --project 项目名称 和 --indicator 指标名称", file=sys.stderr)
        return 2
    try:
        document = read_input(args.target)
    except ParseError as error:
        return fail(error)
    location = find_indicator(document, args.project, args.indicator)
    if location is None:
        names = "、".join(t.project for t in document.tables[:8] if t.project)
        print(f"jixiao: 没有找到项目“{args.project}”中的指标“{args.indicator}”（文件中的项目：{names}）",
              file=sys.stderr)
        return 2
    result = explain(document, *location)
    if args.format == "json":
        print_json(result.model_dump())
    else:
        sys.stdout.write(format_explanation(result))
    return 0


def run(args: argparse.Namespace) -> int:
    if RULE_CODE.match(args.target):
        return explain_rule(args.target, args.format)
    return explain_indicator(args)
