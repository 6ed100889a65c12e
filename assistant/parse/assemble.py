"""Blocks → Document: finds tables by what their cells mean, whatever layout they came in.

A table starts at a title paragraph ending in 绩效目标表 or at a 项目名称 row. Before the
indicator header, rows are label/value pairs (项目名称, 预算数, 资金用途, 资金支出计划, 绩效目标 …);
after it, each row is an indicator, read by `rows.read_indicator_row`.
"""

from __future__ import annotations

import re

from assistant.model import Document, ParseNote, SourceSpan, TargetTable
from assistant.parse.blocks import Block, Para, Row
from assistant.parse.categories import framework_level, is_category_word
from assistant.parse.header_scan import fill_header_fields, scan_title_project
from assistant.parse.labels import (
    TEMPLATE_ROW,
    Label,
    find_label,
    is_header_row,
    label_of,
    normalize_label,
    split_goals,
)
from assistant.parse.normalize import to_simplified
from assistant.parse.prose_fields import fields_from_prose
from assistant.parse.report_targets import attach_report_targets
from assistant.parse.rows import HeaderColumns, IndicatorState, read_indicator_row
from assistant.parse.table_fields import (
    finish_table,
    read_spending_values,
    set_money,
)
from assistant.parse.titles import heading_project, is_title, settle_title_and_field, title_project

_YEAR = re.compile(r"(20\d\d)\s*年")
_ROW_FIELDS = (Label.PROJECT_NAME, Label.UNIT, Label.TOTAL, Label.FISCAL, Label.GOALS, Label.CODE)
_GOAL_COLUMN = re.compile(r"^(?:年初设定目标|年初目标|预期目标|年度目标|全年目标|实施期目标|(?:全年)?(?:实际)?完成情况)$")
# header labels whose empty value cell means "not filled in" (see TargetTable.blank_fields)
_BLANK_FIELD = {
    Label.PROJECT_NAME: "项目名称", Label.UNIT: "主管部门/实施单位", Label.PERIOD: "起止时间",
    Label.TOTAL: "预算",
}
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NAME_IN_PARENS = re.compile(r"^[（(]([^（()）]{4,60}(?:项目|工程|资金|经费))[)）]$")
_UNIT_WAN = re.compile(r"单位\s*[:：]\s*(万元|元|亿元)")


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.document = Document(source=source)
        self.table: TargetTable | None = None
        self.section: Label | None = None  # the label whose continuation rows follow
        self.header: HeaderColumns | None = None
        self.state = IndicatorState()
        self.money_unit = "万元"
        self.pending_title: list[str] = []
        self.year: int | None = None
        self.spending_labels: list[str] = []
        # the text above the indicator header, for header fields the cells did not give
        self.upper: list[str] = []
        self.after_title = False
        self.table_upper: str | None = None
        self.since_row: list[str] = []  # paragraphs since the last row: a heading between tables
        self.goal_columns: list[str] = []  # 年初设定目标 | 全年实际完成情况 under 年度总体目标
        self.titled = ""  # the project the table's title names, beside its 项目名称 cell

    # -- table lifecycle -------------------------------------------------------------
    def start(self, title: str = "", line: int = 0, table_index: int | None = None) -> None:
        self.close()
        self.table = TargetTable(source=SourceSpan(file=self.source, line=line, table=table_index))
        self.titled = ""
        if title:
            self.table.project = self.titled = title_project(title)
            if "整体" in title:
                self.table.kind = "department"
                named, department = scan_title_project(title)
                # 'XX局2024年度部门整体…' → 'XX局(部门整体)'; a year alone names nothing
                self.table.project = named if department else self.table.project
            year = _YEAR.search(title)
            self.table.year = int(year.group(1)) if year else self.year
        else:
            self.table.year = self.year
        self.section = None
        self.header = None
        self.state = IndicatorState()
        self.spending_labels = []
        self.table_upper = None
        self.goal_columns = []

    def close(self) -> None:
        table = self.table
        self.table = None
        if table is None:
            return
        has_content = table.indicators or table.purpose or table.budget_total_yuan or table.goals
        if not has_content:
            return  # a title with nothing under it (a table of contents line)
        upper = self.table_upper if self.table_upper is not None else "\n".join(self.upper)
        fill_header_fields(table, upper, self.money_unit)
        titled = self.titled or (scan_title_project(upper)[0] if table.kind != "department" else "")
        settle_title_and_field(table, titled)
        finish_table(table)
        self.document.tables.append(table)

    # -- blocks ----------------------------------------------------------------------
    def para(self, block: Para) -> None:
        text = block.text.strip()
        self._remember(text)
        self.since_row.append(text)
        table = self.table
        below_goal_headings = self.section is Label.GOALS and self.goal_columns and self.header is None
        if table is not None and below_goal_headings and text and not table.goals:
            table.goals.extend(split_goals("\n".join(self._goal_texts([text]))))
            return
        unit = _UNIT_WAN.search(to_simplified(text))
        if unit:
            self.money_unit = unit.group(1)
        year = _YEAR.search(text)
        if year and self.year is None and len(text) < 60:
            self.year = int(year.group(1))
        if is_title(text):
            title = text
            if re.sub(r"\s+", "", text) in ("绩效目标表", "项目绩效目标表") and self.pending_title:
                title = self.pending_title[-1] + text
            self.start(title, block.line)
            self.pending_title = []
            self.after_title = True
            return
        named = _NAME_IN_PARENS.match(text) if self.after_title else None
        self.after_title = False
        if named and self.table is not None:
            # a generic title, then the project in parentheses on its own line
            self.table.project = named.group(1).strip()
            return
        if not self.document.title and len(text) < 60 and not self.document.tables:
            self.document.title = text
        self.pending_title = (self.pending_title + [text])[-2:]
        if self.table is not None and self.table.kind == "department" and _YEAR.search(text):
            year = _YEAR.search(text)
            self.table.year = int(year.group(1)) if year else self.table.year

    def _remember(self, text: str) -> None:
        if self.header is None:
            self.upper = (self.upper + [text])[-200:]  # bounded: only the upper part matters

    def row(self, block: Row) -> None:
        cells = [c.strip() for c in block.cells]
        if not any(cells):
            return
        self._remember(" | ".join(cells))
        for cell in cells:
            unit = _UNIT_WAN.search(to_simplified(cell))
            if unit:
                self.money_unit = unit.group(1)
        since_row, self.since_row = self.since_row, []
        if is_header_row(cells):
            heading = next((h for h in map(heading_project, reversed(since_row)) if h), "")
            if self.table is None:
                self.start(line=block.line, table_index=block.table)
            elif self.table.indicators and heading:
                # a second flat table under its own heading ('项目一：社区矫正经费'), not a
                # header repeated at a page break
                self.start(heading, line=block.line, table_index=block.table)
            self.header = HeaderColumns.from_cells(cells)
            self.section = None
            if self.table_upper is None:  # a second header row (two-row headers) keeps the first's
                self.table_upper = "\n".join(self.upper)
            self.upper = []
            return
        first_label = find_label(cells)
        if first_label and self.header is not None and (
            framework_level(cells[first_label[0]]) or first_label[1] is Label.PERIOD
        ):
            first_label = None  # 绩效目标 inside the grid: the framework's heading, not a label
        starts_project = first_label is not None and first_label[1] in (Label.PROJECT_NAME, Label.CODE)
        if self.table is None or (
            starts_project and (self.header is not None or self._has_name())
        ):
            self.start(line=block.line, table_index=block.table)
        if self.header is not None and first_label is None:
            self.indicator(cells, block)
            return
        if self.header is not None and first_label is not None:
            # a label row after the indicators: a new table without a title
            self.start(line=block.line, table_index=block.table)
        self.labels(cells, block)

    def _has_name(self) -> bool:
        return bool(self.table and self.table.project and self.table.indicators)

    def _row_fields(self, cells: list[str], block: Row) -> list[str]:
        """A wide header names header fields before its levels (单位名称 | 项目名称 | 预算金额 |
        绩效目标 | 一级指标 …): each project's first row carries them, and a new project name
        starts a new table. The cells are read as fields and taken out of the row."""
        assert self.header is not None
        columns = {index: label_of(word) for word, index in self.header.extra.items()}
        columns = {i: label for i, label in columns.items() if label in _ROW_FIELDS and i < len(cells)}
        # a 年度绩效目标 heading alone left of the levels labels the grid, not a column of fields
        if not {Label.PROJECT_NAME, Label.UNIT} & set(columns.values()):
            return cells
        columns = {i: label for i, label in columns.items() if not is_category_word(cells[i])}
        project = next((cells[i] for i, label in columns.items() if label is Label.PROJECT_NAME and cells[i]), "")
        table = self.table
        if table is not None and project and table.indicators and table.project and project != table.project:
            header, upper = self.header, self.table_upper
            self.start(line=block.line, table_index=block.table)
            self.header, self.table_upper = header, upper
        for index, label in columns.items():
            if cells[index]:
                self.apply(label, "", [cells[index]])
        self.section = None
        return ["" if i in columns else cell for i, cell in enumerate(cells)]

    def indicator(self, cells: list[str], block: Row) -> None:
        assert self.table is not None and self.header is not None
        cells = self._row_fields(cells, block)
        filled = [c for c in cells if c.strip() and not is_category_word(c.strip())]
        if len(filled) == 1 and TEMPLATE_ROW.match(filled[0].strip()):
            self.table.template_rows.append(filled[0].strip())
            return
        indicator, note = read_indicator_row(cells, self.header, self.state)
        if note:
            self.table.notes.append(
                ParseNote(message=note, where=f"{self.source} 第{block.line}行")
            )
        if indicator is None:
            return
        if not _WORDY.search(indicator.name + indicator.description):
            # '.' or '12' alone: debris of a split cell, never an indicator's name
            self.table.notes.append(
                ParseNote(message=f"无法识别的指标行：{' | '.join(c for c in cells if c)[:60]}",
                          where=f"{self.source} 第{block.line}行")
            )
            return
        indicator.uncertain = indicator.uncertain or block.uncertain
        indicator.source = SourceSpan(
            file=self.source,
            table=len(self.document.tables),
            row=len(self.table.indicators),
            line=block.line,
        )
        self.table.indicators.append(indicator)

    def labels(self, cells: list[str], block: Row) -> None:
        """Label/value cells before the indicator header."""
        table = self.table
        assert table is not None
        if not cells[0] and self.section is not None:
            self.continue_section(cells)
            return
        if self.section is Label.GOALS and self.goal_columns and not table.goals and find_label(cells) is None:
            # the row under 年度总体目标 | 预期目标 | 实际完成情况 holds the two texts
            table.goals.extend(split_goals("\n".join(self._goal_texts([c for c in cells if c]))))
            return
        index = 0
        consumed_any = False
        while index < len(cells):
            label = label_of(cells[index])
            if label is None:
                index += 1
                continue
            consumed_any = True
            values: list[str] = []
            nxt = index + 1
            while nxt < len(cells) and label_of(cells[nxt]) is None:
                values.append(cells[nxt])
                nxt += 1
            self.apply(label, cells[index], values)
            index = nxt
        if not consumed_any:
            self.unlabeled(cells)

    def apply(self, label: Label, label_text: str, values: list[str]) -> None:
        table = self.table
        assert table is not None
        texts = [v for v in values if v]
        joined = "\n".join(texts)
        self.section = label
        blank = _BLANK_FIELD.get(label)
        if blank and not texts and blank not in table.blank_fields:
            table.blank_fields.append(blank)
        if label is Label.PERIOD and texts:
            table.period = texts[0]
        elif label is Label.PROJECT_NAME and texts:
            table.project = texts[0].replace("\n", "")
        elif label is Label.CODE and texts:
            table.code = texts[0]
        elif label is Label.UNIT and texts:
            table.unit_name = texts[0]
        elif label in (Label.TOTAL, Label.FISCAL, Label.OTHER, Label.SUM) and texts:
            set_money(table, label, texts, self.money_unit)
        elif label is Label.PURPOSE:
            if texts:
                table.purpose = (table.purpose + "\n" + joined).strip()
        elif label is Label.SPENDING:
            self.spending_labels = values
        elif label is Label.GOALS:
            table.goals_row_found = True
            texts = self._goal_texts(texts)
            if texts:
                table.goals.extend(split_goals("\n".join(texts)))
        elif label is Label.UNIT_MONEY and texts:
            self.money_unit = texts[0]

    def _goal_texts(self, texts: list[str]) -> list[str]:
        """A self-evaluation's goal block has columns (年初设定目标 | 全年实际完成情况): the goal
        is the target column's text, never what was achieved."""
        headings: list[str] = []
        while texts and _GOAL_COLUMN.match(normalize_label(texts[0])):
            headings.append(normalize_label(texts.pop(0)))
        self.goal_columns = headings or self.goal_columns
        columns = self.goal_columns
        if not any("完成" in c for c in columns):
            return texts
        if len(texts) == len(columns):
            return [t for t, c in zip(texts, columns, strict=True) if "完成" not in c]
        return texts[:1]  # the target column comes first

    def continue_section(self, cells: list[str]) -> None:
        """A row whose first cell is empty continues the label above (vertical merge)."""
        table = self.table
        assert table is not None
        rest = cells[1:]
        if self.section is Label.SPENDING:
            read_spending_values(table, self.spending_labels, rest)
        elif self.section is Label.GOALS:
            texts = self._goal_texts([c for c in rest if c])
            if texts:
                table.goals.extend(split_goals("\n".join(texts)))
        elif self.section in (Label.PURPOSE, Label.TOTAL, Label.FISCAL, Label.OTHER):
            labelled = [i for i, c in enumerate(rest) if label_of(c) is not None]
            if labelled:
                self.labels(rest, Row(cells=rest))
                return
            texts = [c for c in rest if c]
            if texts:
                table.purpose = (table.purpose + "\n" + "\n".join(texts)).strip()
                self.section = Label.PURPOSE
        else:
            self.unlabeled(rest)

    def unlabeled(self, cells: list[str]) -> None:
        """Rows with no label before the header: department task rows, or spending values."""
        table = self.table
        assert table is not None
        texts = [c for c in cells if c]
        if self.section is Label.SPENDING and self.spending_labels:
            read_spending_values(table, self.spending_labels, cells)
            return
        if table.kind == "department" and len(texts) >= 2:
            from assistant.parse.table_fields import add_task_row

            add_task_row(table, texts, self.money_unit)


def assemble(blocks: list[Block], source: str = "") -> Document:
    """Read a document's tables from its blocks (see module docstring)."""
    from assistant.parse.transposed import untranspose

    blocks = untranspose(blocks)  # names across, values below (专项资金 forms): rows upright
    builder = _Builder(source)
    for block in blocks:
        if isinstance(block, Para):
            builder.para(block)
        else:
            builder.row(block)
    builder.close()
    document = builder.document
    attach_report_targets(document, blocks)
    fields_from_prose(document, blocks)
    if not document.tables:
        document.notes.append(
            ParseNote(
                message="没有找到绩效目标表：未识别到“项目名称”“一级指标/二级指标/三级指标”等表头",
                where=source,
                severity="error",
            )
        )
    from assistant.parse.report import build_report  # the reading report: what was not read

    document.report = build_report(document, blocks)
    return document
