"""`jixiao review PATH [-o OUT]`: the 审核意见 in the official form (grade, four dimensions,
numbered changes).

- one file, no -o: the opinion as text on stdout;
- one file, `-o 审核意见.docx`: the Word document;
- a folder (or several files), `-o OUTDIR`: one `<name>-审核意见.docx` per document and
  `审核汇总.xlsx` with the grades across documents (an unreadable file gets a row saying why).

Exit 0 when every table is graded 优 or 良, 1 when one is 中 or 差, 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SUMMARY_NAME = "审核汇总.xlsx"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("review", help="按审核要点出具审核意见（评级、四个维度、修改清单），可导出 Word")
    parser.add_argument("path", nargs="+", help="文件或文件夹；- 表示标准输入")
    parser.add_argument(
        "-o", "--output", help="输出：单个文件时为 .docx 路径；文件夹或多个文件时为输出目录"
    )


def _reviews(path: str):  # noqa: ANN202 - (document, reviews)
    from assistant.commands.common import read_input
    from assistant.report.review import review_checked

    document = read_input(path)
    if not document.tables:
        from assistant.parse import ParseError

        raise ParseError(f"{path}：没有找到绩效目标表")
    return document, review_checked(document)


def _poor(reviews) -> bool:  # noqa: ANN001
    return any(r.grade in ("中", "差") for r in reviews)


def _single(path: str, output: str | None) -> int:
    from assistant.commands.common import fail
    from assistant.parse import ParseError
    from assistant.report.review import format_review_text

    try:
        _, reviews = _reviews(path)
    except ParseError as error:
        return fail(error)
    name = "标准输入" if path == "-" else Path(path).name
    if output:
        from assistant.export.review_docx import write_review_docx

        target = Path(output)
        if target.is_dir():
            target = target / f"{Path(path).stem}-审核意见.docx"
        target.write_bytes(write_review_docx(reviews, source=name))
        print(f"已写出 {target}", file=sys.stderr)
    else:
        sys.stdout.write(format_review_text(name, reviews))
    return 1 if _poor(reviews) else 0


def _batch(paths: list[str], output: str) -> int:
    from assistant.batch import expand_paths
    from assistant.export.review_docx import write_grades_xlsx, write_review_docx
    from assistant.parse import ParseError

    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    poor = False
    readable = 0
    used: set[str] = set()
    for path in expand_paths(paths):
        name = Path(path).name
        try:
            _, reviews = _reviews(path)
        except ParseError as error:
            rows.append((name, None, str(error)))
            print(f"jixiao: 无法读取 {error}", file=sys.stderr)
            continue
        except Exception as error:  # noqa: BLE001 - one bad file never stops a batch
            rows.append((name, None, f"读取或审核出错（{type(error).__name__}）"))
            continue
        readable += 1
        poor = poor or _poor(reviews)
        stem = Path(path).stem
        while stem in used:  # same file name in two folders
            stem += "_"
        used.add(stem)
        (folder / f"{stem}-审核意见.docx").write_bytes(write_review_docx(reviews, source=name))
        rows.append((name, reviews, ""))
    (folder / SUMMARY_NAME).write_bytes(write_grades_xlsx(rows))
    print(f"已审核 {readable}/{len(rows)} 个文件，审核意见与{SUMMARY_NAME}写在 {folder}", file=sys.stderr)
    if readable == 0:
        return 2
    return 1 if poor else 0


def run(args: argparse.Namespace) -> int:
    paths = args.path if isinstance(args.path, list) else [args.path]
    batch = len(paths) > 1 or any(p != "-" and Path(p).is_dir() for p in paths)
    if not batch:
        return _single(paths[0], args.output)
    if "-" in paths:
        print("jixiao: 批量审核不支持标准输入（-），请给出文件或文件夹", file=sys.stderr)
        return 2
    if not args.output:
        print("jixiao: 批量审核请用 -o 指定输出目录", file=sys.stderr)
        return 2
    return _batch(paths, args.output)
