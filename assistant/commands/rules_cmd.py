"""`jixiao rules [--format text|json]`: every rule's record."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rules", help="列出全部审核规则")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    from assistant.commands.common import print_json
    from assistant.rules import load_rules

    rules = [rule for _, rule in sorted(load_rules().items())]
    if args.format == "json":
        print_json([rule.record() for rule in rules])
        return 0
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    for rule in rules:
        print(f"{rule.code}  {labels[rule.severity.value]}  {rule.slug:<32} {rule.title}")
    return 0
