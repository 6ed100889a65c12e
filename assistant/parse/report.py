"""The reading report: what the reader understood of a document, and what it did not.

Reviewers must see what was *not* read, so a table that silently lost a row is not taken as
complete. A block (paragraph or row) counts as indicator content when one of its parts is a
category word (产出/数量指标 …) or reads as a value (≥95%, 100人, 12月底前); it is unread when
some part is not accounted for by the table it sits in: the indicators' names, values and
levels, or the header fields. Everything is keyed by normalised text in sets and dicts, so the
report costs one pass over the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.model import (
    Document,
    ReadingReport,
    TableReading,
    TargetTable,
    UnreadText,
    ValueKind,
    wan,
)
from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import normalize_level1, normalize_level2
from assistant.parse.labels import find_label, is_header_row
from assistant.parse.textnum import normalize
from assistant.parse.values import looks_like_value, parse_target

MAX_UNREAD = 200  # listed; the rest only counted, so a garbled file cannot flood the report
TEXT_LIMIT = 60

_NOISE = re.compile(r"[\s\u3000,，。;；:：、!！?？'\"“”‘’()（）\[\]【】《》<>〈〉·•\-—_/\\|*＊]+")
# tabs, pipes, wide gaps; a single space only between words (so "≥ 95 %" stays one part)
_PARA_SPLIT = re.compile(r"\t|\||[ \u3000]{2,}|\u3000|(?<=[\u4e00-\u9fff）)]) (?=[\u4e00-\u9fff（(≥≤<>=])")
_DECIMAL = re.compile(r"^[\d,]+\.\d+$")  # 2364.5 is an amount, though it also reads as a date
_ZEROS = re.compile(r"(?<![\d.])(\d+\.\d*?0+)(?![\d.])")
_BARE_YEAR = re.compile(r"^(?:20|19)\d\d年度?$")


def key(text: str) -> str:
    """Text as compared: NFKC, no spaces or punctuation, no trailing decimal zeros (340.00 = 340)."""
    return _ZEROS.sub(_drop_zeros, _NOISE.sub("", normalize(text or "")))


def _drop_zeros(match: re.Match[str]) -> str:
    return match.group(1).rstrip("0").rstrip(".")


def _category(text: str) -> str | None:
    """The normalised category a part names, or None."""
    return normalize_level1(text) or normalize_level2(text)


class _Coverage:
    """What one table accounts for: exact texts, categories, and each indicator line's text."""

    def __init__(self) -> None:
        self.texts: set[str] = set()
        self.categories: set[str] = set()
        self.lines: dict[int, str] = {}  # source line → the line's indicators, keyed text

    def add(self, *texts: str) -> None:
        for text in texts:
            if not text:
                continue
            self.texts.add(key(text))
            if "\n" in text:  # cells joined with newlines (用途, 目标) are looked up one by one
                self.texts.update(key(part) for part in text.split("\n"))

    def add_table(self, table: TargetTable) -> None:
        self.add(table.project, table.code, table.unit_name, table.purpose, *table.goals)
        for amount in (table.budget_total_yuan, table.budget_fiscal_yuan, table.budget_other_yuan):
            if amount is not None:
                self.add(f"{wan(amount)}", f"{wan(amount)}万元", f"{amount.normalize():f}元")
        if table.year:
            self.add(f"{table.year}年", f"{table.year}年度", str(table.year))
        for item in table.budget_items:
            self.add(item.text, item.label)
        if table.spending_plan is not None:
            self.add(*table.spending_plan.labels, *table.spending_plan.raw)
        for indicator in table.indicators:
            fields = (indicator.name, indicator.description, indicator.target.raw, indicator.basis,
                      indicator.raw_level1, indicator.raw_level2, indicator.actual)
            self.add(*fields)
            for level in (indicator.level1, indicator.level2, indicator.raw_level1, indicator.raw_level2):
                category = _category(level) if level else None
                if category:
                    self.categories.add(category)
            line = indicator.source.line if indicator.source else None
            if line is not None:
                self.lines[line] = self.lines.get(line, "") + "\x00" + key(" ".join(fields))

    def covers(self, part: str, line: int | None) -> bool:
        category = _category(part)
        if category is not None and category in self.categories:
            return True
        if line is not None and line in self.lines:
            # the row an indicator was read from: its parts may be split or glued differently,
            # so a part only has to appear inside that line's indicator text; and only parts
            # that are indicator content count (a leading 年度绩效指标 cell is the form's frame)
            return not _looks_like_value(part, False) or key(part) in self.lines[line]
        if key(part) in self.texts:
            return True
        return "\n" in part and all(key(p) in self.texts for p in part.split("\n") if key(p))


def _parts(block: Block) -> list[str]:
    if isinstance(block, Row):
        return [c.strip() for c in block.cells if c and c.strip()]
    return [p.strip() for p in _PARA_SPLIT.split(block.text.strip()) if p and p.strip()]


def _looks_like_value(part: str, in_para: bool) -> bool:
    if not looks_like_value(part):
        return False
    kind = parse_target(part).kind
    if kind is ValueKind.NUMBER or _DECIMAL.match(part.strip()):
        return False  # a bare number is as likely an amount, a score or a row number
    if kind is ValueKind.GRADE and len(part.strip()) < 2:
        return False  # 是/无/好 alone fill many non-indicator cells (文号：无)
    # a date alone in running text is the form's header (填报日期, 2024年度), not a target
    return not in_para or (not _BARE_YEAR.match(key(part)) and kind is not ValueKind.DATE)


def _indicator_like(parts: list[str], in_para: bool) -> str:
    """Why a block looks like indicator content ('类别词' / '指标值'), or '' when it does not."""
    categories = [p for p in parts if _category(p)]
    if categories and len(categories) == len(parts):
        return ""  # a category heading with nothing under it (an empty section of the form)
    if categories:
        return "类别词"
    if in_para and len(parts) > 1:
        # running text: only a short row-like line ending in a value ('培训人数 ≥100人')
        return "指标值" if len(parts) <= 6 and _looks_like_value(parts[-1], True) else ""
    return "指标值" if any(_looks_like_value(p, in_para) for p in parts) else ""


def _where(block: Block, docx: bool) -> str:
    if isinstance(block, Row) and block.table is not None:
        return f"表格{block.table + 1}第{block.line + 1}行"  # .docx: row index in its table
    if docx:
        return f"第{block.line + 1}段"  # .docx: paragraph index, 0-based
    return f"第{block.line}行" if block.line > 0 else "（行号不明）"


def _start_keys(document: Document) -> list[tuple[int | None, int | None]]:
    return [
        (t.source.line, t.source.table) if t.source else (None, None) for t in document.tables
    ]


def _table_of_blocks(blocks: list[Block], document: Document) -> list[int | None] | None:
    """Each block's table (by where each table started), or None when the starts cannot all be
    found in the blocks (then the whole document is one coverage)."""
    starts = _start_keys(document)
    if len(set(starts)) < len(starts):
        return None  # splitters without line numbers (glued text): starts cannot tell tables apart
    owner: list[int | None] = []
    current: int | None = None
    for block in blocks:
        nxt = 0 if current is None else current + 1
        if nxt < len(starts) and (block.line, getattr(block, "table", None)) == starts[nxt]:
            current = nxt
        owner.append(current)
    if current != len(starts) - 1:
        return None
    # the text above the first table (年度预算安排：340万元) describes that table
    return [0 if o is None and starts else o for o in owner]


def _fields(table: TargetTable) -> tuple[list[str], list[str]]:
    present = {
        "项目名称": bool(table.project.strip()),
        "预算": table.budget_total_yuan is not None,
        "绩效目标": any(g.strip() for g in table.goals),
        "主管部门/实施单位": bool(table.unit_name.strip()),
        "起止时间/年度": table.year is not None,
    }
    return [k for k, v in present.items() if v], [k for k, v in present.items() if not v]


def _truncate(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def unread_blocks(blocks: Iterable[Block], document: Document) -> tuple[list[UnreadText], int]:
    """Blocks that look like indicator content but that the document does not account for."""
    blocks = list(blocks)
    owner = _table_of_blocks(blocks, document)
    coverages = [_Coverage() for _ in document.tables]
    for coverage, table in zip(coverages, document.tables, strict=True):
        coverage.add_table(table)
    whole: _Coverage | None = None
    if owner is None:  # table starts not found: one coverage for the whole document
        whole = _Coverage()
        for table in document.tables:
            whole.add_table(table)
    unread: list[UnreadText] = []
    omitted = 0
    docx = document.source.lower().endswith(".docx")
    for position, block in enumerate(blocks):
        parts = _parts(block)
        if not parts:
            continue
        if isinstance(block, Row) and (find_label(parts) is not None or is_header_row(parts)):
            continue  # label/value rows are read as a whole by the header logic
        reason = _indicator_like(parts, isinstance(block, Para))
        if not reason:
            continue
        table_index = owner[position] if owner is not None else None
        coverage = whole if whole is not None else (
            coverages[table_index] if table_index is not None else None
        )
        line = block.line if isinstance(block, Row) else None  # indicators come from rows
        if coverage is not None and all(coverage.covers(p, line) for p in parts):
            continue
        if len(unread) >= MAX_UNREAD:
            omitted += 1
            continue
        text = " | ".join(parts) if isinstance(block, Row) else block.text
        unread.append(UnreadText(where=_where(block, docx), text=_truncate(text), line=block.line,
                                 table=table_index, reason=reason))
    return unread, omitted


def build_report(document: Document, blocks: Iterable[Block]) -> ReadingReport:
    """The reading report of a document just assembled from `blocks`."""
    report = ReadingReport(tables_found=len(document.tables))
    for index, table in enumerate(document.tables):
        found, missing = _fields(table)
        report.tables.append(TableReading(
            table=index,
            project=table.project,
            rows_read=len(table.indicators),
            fields_found=found,
            fields_missing=missing,
            uncertain_rows=[i for i, row in enumerate(table.indicators) if row.uncertain],
        ))
    report.unread, report.unread_omitted = unread_blocks(blocks, document)
    return report


def report_for_tables(document: Document) -> ReadingReport:
    """A report without blocks (our JSON, drafts): the table part only."""
    return build_report(document, [])
