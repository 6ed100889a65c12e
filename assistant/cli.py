"""The `jixiao` command. Each subcommand lives in `assistant.commands.<name>` and registers
itself; modules are imported only when their command runs, so start-up stays fast."""

from __future__ import annotations

import argparse
import importlib
import sys

from assistant import __version__

# subcommand → module in assistant.commands that provides `register(subparsers)` and `run(args)`
COMMANDS = {
    "parse": "parse_cmd",
    "check": "check_cmd",
    "rules": "rules_cmd",
    "explain": "explain_cmd",
    "draft": "draft_cmd",
    "kb": "kb_cmd",
    "eval": "eval_cmd",
    "app": "app_cmd",
    "review": "review_cmd",
}

# commands whose answers depend on the packaged knowledge base (assistant/data)
NEEDS_KB = frozenset({"check", "draft", "kb", "explain", "eval", "review"})


def _load(name: str):
    try:
        return importlib.import_module(f"assistant.commands.{COMMANDS[name]}")
    except ModuleNotFoundError as exc:  # a command not built yet
        if exc.name and exc.name.startswith("assistant.commands"):
            return None
        raise


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效目标助手：编制与审核项目支出绩效目标表")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            sub.add_parser(name, help=argparse.SUPPRESS)
            continue
        module = _load(name)
        if module is not None:
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    import assistant.offline_env  # noqa: F401 - telemetry/tracing off before anything reads them

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # answered before every command module (and pydantic) loads
        print(f"jixiao {__version__}")
        return 0
    # Import only the module of the command being run.
    only = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    if args.command in NEEDS_KB:
        from assistant.data import missing_message

        message = missing_message()
        if message:  # never give different findings or drafts silently
            print(f"jixiao: {message}", file=sys.stderr)
            return 2
    module = _load(args.command)
    if module is None:
        print(f"jixiao: 命令 {args.command} 尚未实现", file=sys.stderr)
        return 2
    return int(module.run(args) or 0)
