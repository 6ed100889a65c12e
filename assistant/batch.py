"""Checking many files: `check_many(paths, jobs)` reads and checks each one, in worker
processes when jobs > 1, and yields one `BatchResult` per file in input order.

One bad file never stops a batch: unreadable input, an exception inside a reader or a rule,
a file that runs past its time limit and a worker process that dies are all reported on that
file's result. `summarize` adds the results up (documents, tables, findings by code,
unreadable files with the reason).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUFFIXES = (".docx", ".txt", ".json")
DEFAULT_TIMEOUT = 60.0  # seconds per file; a real table takes well under one

Progress = Callable[[int, int, "BatchResult"], None]


@dataclass
class BatchResult:
    """One file's outcome. `document` is the design's JSON with `findings` in each table."""

    path: str
    ok: bool
    error: str = ""
    document: dict[str, Any] | None = None
    report: str = ""  # the text/markdown report when one was asked for
    seconds: float = 0.0

    @property
    def tables(self) -> list[dict[str, Any]]:
        return (self.document or {}).get("tables", [])

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for t in self.tables for f in t.get("findings", [])]

    @property
    def has_error(self) -> bool:
        return any(f.get("severity") == "error" for f in self.findings)


@dataclass
class BatchSummary:
    documents: int = 0  # files read into at least one table
    tables: int = 0
    indicators: int = 0
    findings_by_code: Counter[str] = field(default_factory=Counter)
    findings_by_severity: Counter[str] = field(default_factory=Counter)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    seconds: float = 0.0

    def add(self, result: BatchResult) -> None:
        self.seconds += result.seconds
        if not result.ok:
            self.unreadable.append((result.path, result.error))
            return
        self.documents += 1
        self.tables += len(result.tables)
        self.indicators += sum(len(t.get("indicators", [])) for t in result.tables)
        for finding in result.findings:
            self.findings_by_code[finding["code"]] += 1
            self.findings_by_severity[finding["severity"]] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "tables": self.tables,
            "indicators": self.indicators,
            "findings_by_code": dict(sorted(self.findings_by_code.items())),
            "findings_by_severity": dict(self.findings_by_severity),
            "unreadable": [{"file": path, "error": why} for path, why in self.unreadable],
        }

    def format_text(self) -> str:
        severity = self.findings_by_severity
        lines = [
            f"汇总：读取 {self.documents} 个文件，{self.tables} 张表，{self.indicators} 行指标；"
            f"问题 {sum(severity.values())} 条（错误 {severity.get('error', 0)}，"
            f"警告 {severity.get('warning', 0)}，提示 {severity.get('info', 0)}）",
        ]
        if self.findings_by_code:
            by_code = "，".join(f"{code}×{n}" for code, n in sorted(self.findings_by_code.items()))
            lines.append(f"按规则：{by_code}")
        if self.unreadable:
            lines.append(f"无法读取 {len(self.unreadable)} 个文件：")
            lines.extend(f"  {path}：{why}" for path, why in self.unreadable)
        return "\n".join(lines) + "\n"


def summarize(results: Iterable[BatchResult]) -> BatchSummary:
    summary = BatchSummary()
    for result in results:
        summary.add(result)
    return summary


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files as given, and directories expanded recursively to .docx/.txt/.json, sorted.

    Hidden folders and Word's lock files (~$x.docx) are skipped; a missing path is kept so that
    its result says it is missing.
    """
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not p.name.startswith("~$")
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            out.extend(str(p) for p in sorted(found))
        else:
            out.append(str(raw))
    return out


def check_file(
    path: str,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    report: str | None = None,
    memory_mb: float | None = None,
) -> BatchResult:
    """Read and check one file within its time and memory budget (`assistant.budget`; memory
    from JIXIAO_DOC_MEMORY_MB unless given); never raises."""
    from assistant.budget import Budget, BudgetExceeded, within
    from assistant.parse import ParseError, read_path
    from assistant.parse.json_io import document_to_json
    from assistant.rules import check_report

    start = time.perf_counter()
    try:
        with within(Budget.from_env(timeout or 0, memory_mb), "该文件"):
            document = read_path(path)
            if not document.tables:
                return BatchResult(path, False, "没有找到绩效目标表", seconds=time.perf_counter() - start)
            result = check_report(document, select=select, ignore=ignore)
            findings = result.findings
            document.report.not_checked = result.not_checked
            data = document_to_json(document, findings)
            text = ""
            if report == "markdown":
                from assistant.report import format_markdown

                text = format_markdown(document, findings, path)
            elif report == "text":
                from assistant.report import format_text

                text = format_text(document, findings, path)
    except ParseError as error:
        return BatchResult(path, False, error.message, seconds=time.perf_counter() - start)
    except BudgetExceeded as exceeded:
        return BatchResult(path, False, exceeded.message, seconds=time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
        return BatchResult(
            path, False, f"处理时出错（{type(error).__name__}: {error}）", seconds=time.perf_counter() - start
        )
    return BatchResult(path, True, document=data, report=text, seconds=time.perf_counter() - start)


def check_many(
    paths: Iterable[str | Path],
    jobs: int = 1,
    progress: Progress | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    report: str | None = None,
    memory_mb: float | None = None,
) -> Iterator[BatchResult]:
    """Check every file (directories expanded); results come in input order."""
    files = expand_paths(paths)
    options = {"select": select, "ignore": ignore, "timeout": timeout, "report": report,
               "memory_mb": memory_mb}
    results = (
        (check_file(path, **options) for path in files)
        if jobs <= 1 or len(files) <= 1
        else _in_pool(files, jobs, options)
    )
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, len(files), result)
        yield result


WINDOW = 4  # files in flight per worker: enough to keep the workers busy, few held in memory


def _in_pool(
    files: list[str], jobs: int, options: dict[str, Any], attempt: int = 0
) -> Iterator[BatchResult]:
    """Worker processes, fed a few files at a time: only `WINDOW × jobs` results wait in memory
    whatever the batch size, so a batch of 20,000 documents needs no more than one of 2,000.

    A worker that dies breaks the whole pool: files already finished keep their results, the
    unfinished ones in flight run again in a fresh pool, and on a second break each runs
    alone, so only the file that kills its worker is reported as such; the files not yet
    submitted then continue in a fresh pool."""
    if attempt >= 2:
        yield from (_alone(path, options) for path in files)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)))
    window: deque[tuple[int, Future[BatchResult]]] = deque()
    kept: dict[int, BatchResult] = {}
    suspects: list[int] = []
    broken_at: int | None = None
    submitted = 0
    try:
        while True:
            while submitted < len(files) and len(window) < WINDOW * jobs:
                window.append((submitted, pool.submit(check_file, files[submitted], **options)))
                submitted += 1
            if not window:
                break
            index, future = window.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                broken_at = index
                break
            del future  # the window no longer holds it: the result goes with the caller
            yield result
        if broken_at is not None:
            suspects.append(broken_at)
            for index, future in window:
                if future.done() and not future.cancelled() and future.exception() is None:
                    kept[index] = future.result()
                else:
                    suspects.append(index)
    finally:
        # also when the caller stops early: do not wait for the files nobody will read
        pool.shutdown(wait=broken_at is None, cancel_futures=True)
    if broken_at is None:
        return
    in_flight = [broken_at, *(index for index, _ in window)]
    window.clear()
    rerun = _in_pool([files[i] for i in suspects], jobs, options, attempt + 1)
    for index in in_flight:
        yield kept.pop(index) if index in kept else next(rerun)
    if submitted < len(files):
        yield from _in_pool(files[submitted:], jobs, options)


def _alone(path: str, options: dict[str, Any]) -> BatchResult:
    pool = ProcessPoolExecutor(max_workers=1)
    try:
        return pool.submit(check_file, path, **options).result()
    except BrokenProcessPool:
        return BatchResult(path, False, "处理该文件时工作进程意外退出（可能内存不足或文件异常），已跳过")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
