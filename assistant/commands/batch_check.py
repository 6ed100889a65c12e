"""`jixiao check` over several files or folders: the batch side of `check_cmd`.

Output: `--format jsonl` prints one JSON line per table ({"file", "table", "project", …,
"findings"}) and one line {"file", "error"} per unreadable file; `json` prints one object with
every file and the summary; `text`/`markdown` print each file's report. Every format is written
as the results come (the json object too), so memory does not grow with the batch. A \\r counter runs on
stderr when it is a terminal, and the summary ends the output (stderr for jsonl/json).
Exit 1 when any error-level finding, 2 only when no file was readable, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a batch runs: a single-file check needs no process pool
    from assistant.batch import BatchResult


def is_batch(args: argparse.Namespace, paths: list[str]) -> bool:
    """Several paths, a folder, --jobs or --format jsonl; one plain file keeps the old path."""
    return (
        len(paths) > 1
        or getattr(args, "jobs", None) is not None
        or args.format == "jsonl"
        or any(p != "-" and Path(p).is_dir() for p in paths)
    )


def _progress(done: int, total: int, result: BatchResult) -> None:
    sys.stderr.write(f"\r已审核 {done}/{total} 个文件")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def run_batch(args: argparse.Namespace, paths: list[str], select, ignore) -> int:  # noqa: ANN001
    if "-" in paths:
        print("jixiao: 批量审核不支持标准输入（-），请给出文件或文件夹", file=sys.stderr)
        return 2
    from assistant.batch import BatchSummary, check_many

    report = args.format if args.format in ("text", "markdown") else None
    progress = _progress if sys.stderr.isatty() else None
    summary = BatchSummary()
    any_error = False
    if args.format == "json":  # streamed: one file at a time, the same JSON as a whole object
        sys.stdout.write('{"files": [')
    first = True
    from assistant.batch import DEFAULT_TIMEOUT

    timeout = getattr(args, "timeout", None)
    limits = {"timeout": DEFAULT_TIMEOUT if timeout is None else timeout,
              "memory_mb": getattr(args, "max_memory", None)}
    for result in check_many(
        paths, jobs=args.jobs or 1, progress=progress, select=select, ignore=ignore, report=report,
        **limits,
    ):
        summary.add(result)
        any_error = any_error or result.has_error
        if args.format == "jsonl":
            if result.ok:
                for index, table in enumerate(result.tables):
                    sys.stdout.write(_dumps({"file": result.path, "table": index, **table}) + "\n")
            else:
                sys.stdout.write(_dumps({"file": result.path, "error": result.error}) + "\n")
        elif args.format == "json":
            entry = {"file": result.path, "ok": result.ok, "error": result.error or None,
                     "tables": result.tables}
            sys.stdout.write(("" if first else ", ") + _dumps(entry))
            first = False
        elif result.ok:
            sys.stdout.write(result.report)
        sys.stdout.flush()
    if args.format == "json":
        sys.stdout.write('], "summary": ' + _dumps(summary.to_json()) + "}\n")
    if args.format in ("json", "jsonl"):
        sys.stderr.write(summary.format_text())
    else:
        sys.stdout.write("\n" + summary.format_text())
    if summary.documents == 0:
        return 2
    return 1 if any_error else 0
