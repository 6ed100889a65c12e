"""Batch checking: 200 seed copies plus 5 broken files, in worker processes and in-process;
the same findings per table as single-file checks; crashes, timeouts and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import time
from functools import cache
from pathlib import Path

import pytest

from assistant import batch
from assistant.batch import BatchResult, check_file, check_many, expand_paths, summarize
from assistant.cli import main
from assistant.parse import read_path
from assistant.rules import check

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
BROKEN = {
    "empty.txt": b"",
    "scan.docx": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 8,
    "noise.docx": bytes((i * 7919 + 13) % 256 for i in range(5000)),
    # double-byte GBK codes that decode to a jumble of characters: text, but no table in it
    "garbage.txt": bytes(b for i in range(3000) for b in (0xB0 + i * 7 % 0x47, 0xA1 + i * 13 % 0x5E)),
    "bad.json": '{"tables": [{"project": "缺了括号", "indicators": [}'.encode(),
}


def findings_by_table(tables: list[dict]) -> list[list[tuple]]:
    return [[(f["code"], f["indicator"], f["message"]) for f in t["findings"]] for t in tables]


@cache
def expected(seed_name: str) -> list[list[tuple]]:
    """What a single-file check finds in each table of a seed."""
    document = read_path(SEEDS / seed_name)
    findings = check(document)
    return [
        [(f.code, f.indicator, f.message) for f in findings if f.table == index]
        for index in range(len(document.tables))
    ]


def make_corpus(root: Path, copies: int) -> tuple[list[Path], list[Path]]:
    good = []
    for n in range(copies):
        folder = root / f"batch{n // 10:02d}"
        folder.mkdir(exist_ok=True)
        for seed in SEED_FILES:
            target = folder / f"{n:03d}-{seed.name}"
            shutil.copyfile(seed, target)
            good.append(target)
    broken = []
    for name, data in BROKEN.items():
        (root / name).write_bytes(data)
        broken.append(root / name)
    return good, broken


def seed_of(path: str) -> str:
    return Path(path).name.split("-", 1)[1]


def test_two_hundred_documents_and_five_broken_with_two_jobs(tmp_path: Path) -> None:
    good, broken = make_corpus(tmp_path, 40)
    (tmp_path / "notes.md").write_text("不是表格")  # other suffixes are not picked up
    seen: list[int] = []
    results = list(check_many([tmp_path], jobs=2, progress=lambda done, total, r: seen.append(done)))
    assert len(results) == 205 and seen == list(range(1, 206))
    assert [r.path for r in results] == expand_paths([tmp_path])  # input order
    failed = {Path(r.path).name: r.error for r in results if not r.ok}
    assert set(failed) == set(BROKEN)
    assert "空" in failed["empty.txt"]
    assert "PDF" in failed["scan.docx"]
    assert "JSON" in failed["bad.json"]
    for result in results:
        if result.ok:
            assert findings_by_table(result.tables) == expected(seed_of(result.path)), result.path
    summary = summarize(results)
    assert summary.documents == 200
    assert summary.tables == 40 * sum(len(expected(s.name)) for s in SEED_FILES)
    assert sum(summary.findings_by_code.values()) == 40 * sum(
        len(t) for s in SEED_FILES for t in expected(s.name)
    )
    assert [Path(p).name for p, _ in summary.unreadable] == sorted(BROKEN, key=lambda n: str(tmp_path / n))
    text = summary.format_text()
    assert "读取 200 个文件" in text and "无法读取 5 个文件" in text and "bad.json" in text


def test_in_process_batch_matches_single_checks(tmp_path: Path) -> None:
    good, broken = make_corpus(tmp_path, 1)
    results = list(check_many(good + broken, jobs=1))
    assert [r.ok for r in results] == [True] * 5 + [False] * 5
    for result in results[:5]:
        assert findings_by_table(result.tables) == expected(seed_of(result.path))
        assert result.tables[0]["project"] == read_path(result.path).tables[0].project


def test_missing_file_and_directory_expansion(tmp_path: Path) -> None:
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    shutil.copyfile(SEED_FILES[1], tmp_path / "sub" / "a.txt")
    shutil.copyfile(SEED_FILES[1], tmp_path / "sub" / ".hidden" / "b.txt")
    (tmp_path / "sub" / "~$lock.docx").write_bytes(b"x")
    assert expand_paths([tmp_path]) == [str(tmp_path / "sub" / "a.txt")]
    result = check_file(str(tmp_path / "nope.txt"))
    assert not result.ok and result.error == "文件不存在"


def slow_read(path: str):  # noqa: ANN201
    time.sleep(5)


def test_per_file_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.parse.read_path", slow_read)
    start = time.perf_counter()
    result = check_file(str(SEED_FILES[1]), timeout=0.3)
    assert time.perf_counter() - start < 2
    assert not result.ok and "超时" in result.error


def crash_on_marker(path: str, **options) -> BatchResult:  # noqa: ANN003
    """Stands in for check_file in the workers: kills its process on one file."""
    if "crash" in Path(path).name:
        os._exit(3)
    return check_file(path, **options)


def test_worker_crash_is_reported_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, _ = make_corpus(tmp_path, 2)
    crash = tmp_path / "crash.txt"
    shutil.copyfile(SEED_FILES[1], crash)
    monkeypatch.setattr(batch, "check_file", crash_on_marker)
    paths = [*good[:4], crash, *good[4:]]
    results = list(check_many(paths, jobs=2))
    assert [r.path for r in results] == [str(p) for p in paths]
    assert [r.ok for r in results] == [True] * 4 + [False] + [True] * 6
    assert "工作进程" in results[4].error


def test_reader_exception_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(document, select=None, ignore=None):  # noqa: ANN001, ANN202
        raise RuntimeError("规则内部错误")

    monkeypatch.setattr("assistant.rules.check_report", boom)
    result = check_file(str(SEED_FILES[1]))
    assert not result.ok and "RuntimeError" in result.error


# -- the CLI ----------------------------------------------------------------------------------------


def test_cli_jsonl_one_line_per_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, broken = make_corpus(tmp_path, 1)
    code = main(["check", str(tmp_path), "--format", "jsonl", "--jobs", "2"])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    tables = [line for line in lines if "error" not in line]
    errors = [line for line in lines if "error" in line]
    assert len(tables) == sum(len(expected(s.name)) for s in SEED_FILES)
    assert {Path(e["file"]).name for e in errors} == set(BROKEN)
    first = next(t for t in tables if t["file"].endswith("001.txt"))
    assert first["project"] == "房屋租赁和物业管理专项经费"
    assert [(f["code"], f["indicator"], f["message"]) for f in first["findings"]] == expected("001.txt")[0]
    assert "汇总" in err and "无法读取 5 个文件" in err
    assert code == 1  # the seeds have error-level findings


def test_cli_batch_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.json").write_bytes(BROKEN["bad.json"])
    assert main(["check", str(tmp_path / "empty.txt"), str(tmp_path / "bad.json")]) == 2
    out, _ = capsys.readouterr()
    assert "无法读取 2 个文件" in out
    assert main(["check", str(SEED_FILES[1]), str(tmp_path / "empty.txt"), "--select", "S999"]) == 0
    out, _ = capsys.readouterr()
    assert "读取 1 个文件" in out


def test_cli_single_file_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SEED_FILES[1]), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert findings_by_table(data["tables"]) == expected("001.txt")
    assert code == 1
