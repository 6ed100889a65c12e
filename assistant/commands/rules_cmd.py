"""`jixiao rules [--format text|json|markdown]`: every rule's record.

`--format markdown` writes the rule catalog kept in docs/rule-catalog.md
(`jixiao rules --format markdown > docs/rule-catalog.md`)."""

from __future__ import annotations

import argparse

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
FAMILY_TITLES = {
    "S": "S 结构", "V": "V 指标值", "B": "B 预算与测算", "R": "R 相关性", "Q": "Q 表述", "A": "A 审核要点",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rules", help="列出全部审核规则")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")


def catalog_markdown() -> str:
    """The rule catalog as Markdown: one section per family, one entry per code."""
    from assistant.rules import load_rules

    lines = [
        "# 规则目录（rule catalog）",
        "",
        "由 `jixiao rules --format markdown > docs/rule-catalog.md` 从规则登记表生成，请勿手改。",
        "代码的含义一经发布不再改变；新的含义使用新代码。级别：错误 = 表格本身有错，警告 = 审核人会退回修改，"
        "提示 = 可以写得更好。详细说明见 `jixiao explain 代码`。",
    ]
    family = ""
    for code, rule in sorted(load_rules().items()):
        if code[0] != family:
            family = code[0]
            lines += ["", f"## {FAMILY_TITLES.get(family, family)}"]
        lines += [
            "",
            f"### {code} {rule.title}",
            "",
            f"- 级别：{SEVERITY_LABELS[rule.severity.value]}（{rule.severity.value}）；名称：`{rule.slug}`",
            f"- 为什么：{rule.why}",
            f"- 反例：{rule.bad}",
            f"- 正例：{rule.good}",
            f"- 怎么改：{rule.fix_hint}",
        ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from assistant.commands.common import print_json
    from assistant.rules import load_rules

    rules = [rule for _, rule in sorted(load_rules().items())]
    if args.format == "json":
        print_json([rule.record() for rule in rules])
        return 0
    if args.format == "markdown":
        print(catalog_markdown(), end="")
        return 0
    for rule in rules:
        print(f"{rule.code}  {SEVERITY_LABELS[rule.severity.value]}  {rule.slug:<32} {rule.title}")
    return 0
